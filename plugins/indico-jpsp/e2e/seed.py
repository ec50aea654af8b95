"""Seed a real Indico for the end-to-end run: an event manager, a user without rights, and a
conference with sessions, blocks and contributions (codes, speakers, authors, affiliations), whose
papers are in Editing: good and bad PDFs made by real producers (make_pdfs.py).

Usage: INDICO_CONFIG=... python seed.py <out.json>
Writes the user credentials (generated here), the event id, the seeded contributions and the papers
with the problem each one should be reported with to <out.json>.
"""

import json
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import pytz


sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'tests'))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from indico.core.db import db  # noqa: E402
from indico.modules.auth import Identity  # noqa: E402
from indico.modules.categories import Category  # noqa: E402
from indico.modules.events import Event  # noqa: E402
from indico.modules.events.models.events import EventType  # noqa: E402
from indico.modules.users import User  # noqa: E402
from indico.web.flask.app import make_app  # noqa: E402

from make_pdfs import make_all  # noqa: E402
from paper_seeding import PDF, add_paper_revision, create_paper_file_types, set_contribution_type  # noqa: E402
from seeding import EVENT_START_LOCAL, EVENT_TIMEZONE, seed_programme  # noqa: E402

# code -> contribution type, [(pdf, replaced?)] oldest revision first, the rule the paper check should report
PAPERS = {
    'MOA01': ('Invited Oral', [('good-jacow', False)], None),
    'MOA02': ('Contributed Oral', [('bad-letter', True), ('good-jacow-2', False)], None),  # fixed in revision 2
    'TUP01': ('Poster', [('bad-a4', False)], 'page-size'),
    'TUP02': ('Poster', [('bad-standard14', False)], 'fonts-not-embedded'),
    'TUP03': ('Poster', [('bad-html', False)], 'unreadable'),
}


def create_user(first_name, last_name, email, login):
    password = f'Pw-{secrets.token_urlsafe(12)}-9'
    user = User(first_name=first_name, last_name=last_name, email=email, affiliation='JPSP e2e')
    user.identities.add(Identity(provider='indico', identifier=login, password=password))
    db.session.add(user)
    return user, {'login': login, 'password': password}


def seed_papers(event, submitter, pdf_dir):
    pdfs = make_all(pdf_dir)
    types = create_paper_file_types(event)
    by_code = {c.code: c for c in event.contributions}
    seeded = []
    for code, (type_name, revisions, problem) in PAPERS.items():
        contrib = by_code[code]
        set_contribution_type(contrib, type_name)
        for name, replaced in revisions:
            add_paper_revision(contrib, submitter, [(types['pdf'], f'{code}-{name}.pdf', PDF, pdfs[name].read_bytes())],
                               replaced=replaced)
        seeded.append({'code': code, 'title': contrib.title, 'type': type_name, 'problem': problem,
                       'file': f'{code}-{revisions[-1][0]}.pdf'})
    return seeded


def main(out_path):
    app = make_app()
    with app.app_context():
        manager, manager_creds = create_user('Marie', 'Manager', 'manager@example.test', 'marie')
        _outsider, outsider_creds = create_user('Otto', 'Outsider', 'outsider@example.test', 'otto')
        tz = pytz.timezone(EVENT_TIMEZONE)
        start = tz.localize(EVENT_START_LOCAL).astimezone(pytz.utc)
        event = Event(category=Category.get_root(), type_=EventType.conference, title='JPSP e2e conference',
                      timezone=EVENT_TIMEZONE, start_dt=start, end_dt=start + timedelta(days=3), creator=manager)
        db.session.add(event)
        db.session.flush()
        event.update_principal(manager, full_access=True)
        # friendly ids are allocated in a separate connection, which must see the event row
        db.session.commit()
        contributions = seed_programme(event)
        db.session.commit()
        papers = seed_papers(event, manager, Path(out_path).parent / 'pdfs')
        db.session.commit()
        Path(out_path).write_text(json.dumps({
            'eventId': event.id,
            'manager': manager_creds,
            'outsider': outsider_creds,
            'contributions': contributions,
            'papers': papers,
        }, indent=2))


if __name__ == '__main__':
    main(sys.argv[1])
