"""The event data for the booklet task, in the shape of Indico's export API (``detail=sessions``).

``/export/event/<id>.json?detail=sessions`` renders dates in the server's default timezone, hides
custom fields and person roles, and needs an API key or ``cookieauth``. This serializer produces
the same structure for one event, with every date in the *event's* timezone, plus:

- ``custom_fields`` on each contribution (e.g. funding), as ``{id, title, type, value}``;
- ``is_speaker`` and ``author_type`` (``primary``/``secondary``/``none``) on each person.

Like the public export, persons carry an ``emailHash`` (MD5 of the e-mail) and never an e-mail.
"""

import math
import time
from hashlib import md5

from indico.web.flask.util import url_for




def _text(value):
    return str(value) if value is not None else ''


def _json_value(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def _sort_key(obj):
    start_dt = obj.start_dt
    return (start_dt.timestamp() if start_dt else math.inf, obj.id)


class EventSerializer:
    def __init__(self, event):
        self.event = event
        self.tz = event.tzinfo

    def serialize_date(self, dt):
        if dt is None:
            return None
        local = dt.astimezone(self.tz)
        return {'date': str(local.date()), 'time': str(local.time()), 'tz': str(local.tzinfo)}

    def serialize_person(self, link, person_type):
        email = link.email or ''
        data = {
            '_type': person_type,
            '_fossil': 'contributionParticipationMetadata',
            'id': str(link.id),
            'db_id': link.id,
            'person_id': link.person_id,
            'first_name': link.first_name,
            'last_name': link.last_name,
            'fullName': link.get_full_name(last_name_upper=False, abbrev_first_name=False),
            'title': _text(link.title),
            'affiliation': link.affiliation,
            'emailHash': md5(email.encode()).hexdigest() if email else None,
        }
        if hasattr(link, 'is_speaker'):
            data['is_speaker'] = bool(link.is_speaker)
            data['author_type'] = link.author_type.name
        return data

    def serialize_convener(self, link):
        data = self.serialize_person(link, 'SlotChair')
        data['_fossil'] = 'conferenceParticipation'
        return data

    def serialize_custom_fields(self, contrib):
        fields = []
        for value in sorted(contrib.field_values, key=lambda v: v.contribution_field.position):
            field = value.contribution_field
            if not field.is_active:
                continue
            fields.append({
                'id': field.id,
                'title': field.title,
                'type': field.field_type,
                'value': _json_value(value.friendly_data),
            })
        return fields

    def serialize_contribution(self, contrib):
        links = sorted(contrib.person_links, key=lambda link: (link.display_order, link.id))
        speakers = [link for link in links if link.is_speaker]
        primary = [link for link in links if link.author_type.name == 'primary']
        secondary = [link for link in links if link.author_type.name == 'secondary']
        return {
            '_type': 'Contribution',
            '_fossil': 'contributionMetadataWithSubContribs',
            'id': str(contrib.friendly_id),
            'db_id': contrib.id,
            'friendly_id': contrib.friendly_id,
            'code': contrib.code,
            'board_number': contrib.board_number,
            'title': contrib.title,
            'description': _text(contrib.description),
            'startDate': self.serialize_date(contrib.start_dt),
            'endDate': self.serialize_date(contrib.end_dt),
            'duration': int(contrib.duration.total_seconds() // 60),
            'room': contrib.get_room_name(full=False),
            'roomFullname': contrib.room_name,
            'location': contrib.venue_name,
            'type': contrib.type.name if contrib.type else None,
            'track': contrib.track.title if contrib.track else None,
            'session': contrib.session.title if contrib.session else None,
            'keywords': list(contrib.keywords or []),
            'url': url_for('contributions.display_contribution', contrib, _external=True),
            'speakers': [self.serialize_person(link, 'ContributionParticipation') for link in speakers],
            'primaryauthors': [self.serialize_person(link, 'ContributionParticipation') for link in primary],
            'coauthors': [self.serialize_person(link, 'ContributionParticipation') for link in secondary],
            'custom_fields': self.serialize_custom_fields(contrib),
        }

    def serialize_session(self, session_):
        return {
            '_type': 'Session',
            '_fossil': 'sessionMinimal',
            'id': str(session_.friendly_id),
            'db_id': session_.id,
            'friendly_id': session_.friendly_id,
            'code': session_.code,
            'title': session_.title,
            'description': _text(session_.description),
            'isPoster': session_.is_poster,
            'type': session_.type.name if session_.type else None,
            'color': f'#{session_.colors.background}',
            'textColor': f'#{session_.colors.text}',
            'startDate': self.serialize_date(session_.start_dt) if session_.blocks else None,
            'endDate': self.serialize_date(session_.end_dt) if session_.blocks else None,
            'sessionConveners': [self.serialize_convener(link) for link in session_.conveners],
            'url': url_for('sessions.display_session', session_, _external=True),
        }

    def serialize_block(self, block, serialized_session):
        entry = block.timetable_entry
        return {
            '_type': 'SessionSlot',
            '_fossil': 'sessionMetadataWithContributions',
            'id': block.id,
            'code': block.code,
            'title': block.full_title,
            'slotTitle': block.title,
            'description': '',
            'startDate': self.serialize_date(entry.start_dt) if entry else None,
            'endDate': self.serialize_date(entry.end_dt) if entry else None,
            'room': block.get_room_name(full=False),
            'roomFullname': block.room_name,
            'location': block.venue_name,
            'conveners': [self.serialize_convener(link) for link in block.person_links],
            'session': serialized_session,
            'contributions': [self.serialize_contribution(c) for c in sorted(block.contributions, key=_sort_key)],
        }

    def serialize_event(self):
        event = self.event
        blocks = []
        for session_ in event.sessions:
            if session_.is_deleted:
                continue
            serialized_session = self.serialize_session(session_)
            blocks.extend((block, serialized_session) for block in session_.blocks)
        blocks.sort(key=lambda item: _sort_key(item[0]))
        loose = sorted((c for c in event.contributions if c.session_block is None), key=_sort_key)
        return {
            '_type': 'Conference',
            '_fossil': 'conferenceMetadataWithSessions',
            'id': str(event.id),
            'title': event.title,
            'description': _text(event.description),
            'startDate': self.serialize_date(event.start_dt),
            'endDate': self.serialize_date(event.end_dt),
            'timezone': event.timezone,
            'room': event.get_room_name(full=False),
            'roomFullname': event.room_name,
            'location': event.venue_name,
            'address': event.address,
            'type': event.type_.legacy_name,
            'url': event.external_url,
            'keywords': list(event.keywords or []),
            'organizer': event.organizer_info,
            'language': event.default_locale or None,
            'chairs': [self.serialize_person(link, 'ConferenceChair') for link in event.person_links],
            'sessions': [self.serialize_block(block, serialized) for block, serialized in blocks],
            'contributions': [self.serialize_contribution(c) for c in loose],
        }


def serialize_event_export(event):
    """Return ``{count, results: [event]}``, the envelope of Indico's export API."""
    return {
        '_type': 'HTTPAPIResult',
        'count': 1,
        'additionalInfo': {},
        'ts': int(time.time()),
        'url': url_for('plugin_jpsp.event_data', event, _external=True),
        'results': [EventSerializer(event).serialize_event()],
    }
