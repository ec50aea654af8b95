"""Seed a small conference: sessions, blocks, contributions with codes, speakers, authors, affiliations.

Used by the pytest suite (inside Indico's ``db`` fixture) and by the end-to-end seed script
(inside a real ``make_app()`` context), so both check the same data.
"""

from datetime import datetime, timedelta

import pytz

from indico.core.db import db
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.contributions.models.fields import ContributionField
from indico.modules.events.contributions.models.persons import AuthorType, ContributionPersonLink
from indico.modules.events.models.persons import EventPerson
from indico.modules.events.sessions.models.blocks import SessionBlock
from indico.modules.events.sessions.models.persons import SessionBlockPersonLink
from indico.modules.events.sessions.models.sessions import Session
from indico.modules.events.sessions.models.types import SessionType
from indico.modules.events.timetable.models.entries import TimetableEntry, TimetableEntryType


EVENT_TIMEZONE = 'Europe/Zurich'
EVENT_START_LOCAL = datetime(2026, 6, 8, 9, 0)

PEOPLE = {
    'ada': ('Ada', 'Lovelace', 'ada@example.test', 'Analytical Engine Society'),
    'emmy': ('Emmy', 'Noether', 'emmy@example.test', 'Universität Göttingen'),
    'lise': ('Lise', 'Meitner', 'lise@example.test', 'Kaiser Wilhelm Institute'),
    'enrico': ('Enrico', 'Fermi', None, 'Fermilab'),
    'chien': ('Chien-Shiung', 'Wu', 'wu@example.test', 'Columbia University'),
}

# (session title, session code, is_poster, block start (local), [contributions])
# contribution: (code, board number, title, minutes, abstract, speaker keys, primary keys, secondary keys, funding)
PROGRAMME = [
    ('Opening session', 'MOA', False, EVENT_START_LOCAL, [
        ('MOA01', '', 'Status of the European Spallation Source', 30,
         'The linac reached $5\\,$MeV in 2025.\r\nCommissioning continues.',
         ['ada'], ['ada'], ['emmy'], 'EU Horizon 2020, grant 123456'),
        ('MOA02', '', 'Beam & Optics: Überblick der Strahldiagnose', 20,
         'Beam position monitors with <10 µm resolution.',
         ['emmy'], ['emmy', 'lise'], [], ''),
    ]),
    ('Poster session', 'TUP', True, EVENT_START_LOCAL + timedelta(days=1, hours=5), [
        ('TUP01', 'P1', 'A cryogenic undulator for soft X-rays', 90,
         'We present the design of a cryogenic permanent-magnet undulator.',
         ['lise'], ['lise'], ['enrico', 'chien'], 'Swiss National Science Foundation'),
        ('TUP02', 'P2', 'Machine learning for orbit correction', 90,
         'A neural network predicts corrector settings.',
         ['chien'], ['chien'], [], ''),
        ('TUP03', 'P3', 'Radiation hardness of FPGA-based interlocks', 90,
         'Single-event upsets were measured at 200 MeV.',
         ['enrico'], ['enrico'], ['ada'], ''),
    ]),
]


def _person(event, people, key):
    if key not in people:
        first_name, last_name, email, affiliation = PEOPLE[key]
        people[key] = EventPerson(event=event, first_name=first_name, last_name=last_name, email=email or '',
                                  affiliation=affiliation)
    return people[key]


def seed_programme(event):
    """Add the programme to ``event`` (its timezone should be ``EVENT_TIMEZONE``).

    Returns the seeded contributions as ``[{'code', 'title', 'board_number', 'session'}]``.
    """
    tz = pytz.timezone(event.timezone)
    funding = ContributionField(event=event, title='Funding', field_type='text', is_active=True)
    db.session.add(funding)
    db.session.flush()
    poster_type = SessionType(event=event, name='Poster', is_poster=True)
    people = {}
    seeded = []
    for session_title, session_code, is_poster, block_start_local, contributions in PROGRAMME:
        session_ = Session(event=event, title=session_title, code=session_code,
                           type=poster_type if is_poster else None)
        block_start = tz.localize(block_start_local).astimezone(pytz.utc)
        block_minutes = max(90, sum(c[3] for c in contributions))
        block = SessionBlock(session=session_, title='', code=f'{session_code}-1',
                             duration=timedelta(minutes=block_minutes))
        block.person_links.append(SessionBlockPersonLink(person=_person(event, people, 'ada')))
        block_entry = TimetableEntry(event=event, object=block, start_dt=block_start,
                                     type=TimetableEntryType.SESSION_BLOCK)
        db.session.add_all([session_, block, block_entry])
        start = block_start
        for (code, board, title, minutes, abstract, speakers, primary, secondary,
             funding_value) in contributions:
            contrib = Contribution(event=event, title=title, code=code, board_number=board,
                                   duration=timedelta(minutes=minutes), description=abstract,
                                   session=session_, session_block=block)
            for key in dict.fromkeys(speakers + primary + secondary):
                author_type = (AuthorType.primary if key in primary
                               else AuthorType.secondary if key in secondary else AuthorType.none)
                contrib.person_links.append(ContributionPersonLink(person=_person(event, people, key),
                                                                   is_speaker=key in speakers,
                                                                   author_type=author_type))
            db.session.add(contrib)
            db.session.flush()
            if funding_value:
                contrib.set_custom_field(funding.id, funding_value)
            entry_start = block_start if is_poster else start
            entry = TimetableEntry(event=event, parent=block_entry, start_dt=entry_start,
                                   type=TimetableEntryType.CONTRIBUTION)
            entry.object = contrib  # after `parent`: setting the object reads the parent's block
            db.session.add(entry)
            start += timedelta(minutes=minutes)
            seeded.append({'code': code, 'title': title, 'board_number': board, 'session': session_title})
    db.session.flush()
    return seeded
