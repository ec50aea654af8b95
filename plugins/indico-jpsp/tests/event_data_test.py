from datetime import timedelta

import pytest

from indico.modules.events.contributions.models.contributions import Contribution

from seeding import PEOPLE, PROGRAMME


def _export(client, event):
    resp = client.get(f'/event/{event.id}/manage/jpsp/event.json')
    assert resp.status_code == 200
    assert resp.mimetype == 'application/json'
    assert resp.headers['Cache-Control'] == 'no-store'
    return resp.get_json()


@pytest.fixture
def export(seeded_conference, manager, client_for):
    event, seeded = seeded_conference
    return event, seeded, _export(client_for(manager), event)


@pytest.mark.usefixtures('db')
def test_envelope_is_the_export_api_shape(export):
    event, _, data = export
    assert data['count'] == 1
    assert len(data['results']) == 1
    result = data['results'][0]
    assert result['_type'] == 'Conference'
    assert result['id'] == str(event.id)
    assert result['title'] == 'IPAC Test Conference'
    assert result['timezone'] == 'Europe/Zurich'
    assert result['startDate'] == {'date': '2026-06-08', 'time': '09:00:00', 'tz': 'Europe/Zurich'}


@pytest.mark.usefixtures('db')
def test_sessions_are_blocks_with_their_contributions_in_order(export):
    _, seeded, data = export
    blocks = data['results'][0]['sessions']
    assert [b['_type'] for b in blocks] == ['SessionSlot', 'SessionSlot']
    assert [b['session']['title'] for b in blocks] == [p[0] for p in PROGRAMME]
    assert [b['session']['code'] for b in blocks] == ['MOA', 'TUP']
    assert [b['session']['isPoster'] for b in blocks] == [False, True]
    assert [b['code'] for b in blocks] == ['MOA-1', 'TUP-1']
    codes = [[c['code'] for c in b['contributions']] for b in blocks]
    assert codes == [['MOA01', 'MOA02'], ['TUP01', 'TUP02', 'TUP03']]
    assert [c['code'] for b in blocks for c in b['contributions']] == [s['code'] for s in seeded]
    assert data['results'][0]['contributions'] == []
    convener = blocks[0]['conveners'][0]
    assert (convener['first_name'], convener['last_name'], convener['affiliation']) == (
        'Ada', 'Lovelace', 'Analytical Engine Society')


@pytest.mark.usefixtures('db')
def test_dates_are_in_the_event_timezone(export):
    _, _, data = export
    opening, posters = data['results'][0]['sessions']
    # 09:00 in Zurich is 07:00 UTC in June: the export must not show the server's UTC
    assert opening['startDate'] == {'date': '2026-06-08', 'time': '09:00:00', 'tz': 'Europe/Zurich'}
    first, second = opening['contributions']
    assert first['startDate'] == {'date': '2026-06-08', 'time': '09:00:00', 'tz': 'Europe/Zurich'}
    assert first['endDate'] == {'date': '2026-06-08', 'time': '09:30:00', 'tz': 'Europe/Zurich'}
    assert second['startDate']['time'] == '09:30:00'
    assert second['duration'] == 20
    assert posters['startDate'] == {'date': '2026-06-09', 'time': '14:00:00', 'tz': 'Europe/Zurich'}


@pytest.mark.usefixtures('db')
def test_contribution_fields_persons_and_roles(export):
    _, _, data = export
    contribs = {c['code']: c for b in data['results'][0]['sessions'] for c in b['contributions']}
    moa01 = contribs['MOA01']
    assert moa01['_type'] == 'Contribution'
    assert moa01['title'] == 'Status of the European Spallation Source'
    assert moa01['description'] == 'The linac reached $5\\,$MeV in 2025.\r\nCommissioning continues.'
    assert moa01['session'] == 'Opening session'
    assert moa01['custom_fields'] == [{'id': moa01['custom_fields'][0]['id'], 'title': 'Funding', 'type': 'text',
                                       'value': 'EU Horizon 2020, grant 123456'}]

    speaker, = moa01['speakers']
    assert {k: speaker[k] for k in ('first_name', 'last_name', 'affiliation', 'is_speaker', 'author_type')} == {
        'first_name': 'Ada', 'last_name': 'Lovelace', 'affiliation': 'Analytical Engine Society',
        'is_speaker': True, 'author_type': 'primary'}
    assert isinstance(speaker['person_id'], int)
    assert isinstance(speaker['db_id'], int)
    assert len(speaker['emailHash']) == 32
    assert 'email' not in speaker
    assert [p['last_name'] for p in moa01['primaryauthors']] == ['Lovelace']
    coauthor, = moa01['coauthors']
    assert (coauthor['last_name'], coauthor['affiliation'], coauthor['is_speaker'], coauthor['author_type']) == (
        'Noether', 'Universität Göttingen', False, 'secondary')

    moa02 = contribs['MOA02']
    assert moa02['title'] == 'Beam & Optics: Überblick der Strahldiagnose'
    assert [p['last_name'] for p in moa02['primaryauthors']] == ['Noether', 'Meitner']
    assert moa02['coauthors'] == []
    assert moa02['custom_fields'] == []

    tup01 = contribs['TUP01']
    assert tup01['board_number'] == 'P1'
    assert [p['last_name'] for p in tup01['coauthors']] == ['Fermi', 'Wu']
    fermi = tup01['coauthors'][0]
    assert fermi['emailHash'] is None  # no e-mail address on file
    assert fermi['affiliation'] == 'Fermilab'

    all_people = {(p['first_name'], p['last_name'])
                  for c in contribs.values() for role in ('speakers', 'primaryauthors', 'coauthors') for p in c[role]}
    assert all_people == {(first, last) for first, last, *_ in PEOPLE.values()}


@pytest.mark.usefixtures('db')
def test_contributions_outside_blocks_are_listed_at_event_level(seeded_conference, manager, client_for):
    event, _ = seeded_conference
    Contribution(event=event, title='Unscheduled talk', code='WEX01', duration=timedelta(minutes=15))
    data = _export(client_for(manager), event)
    loose, = data['results'][0]['contributions']
    assert (loose['code'], loose['title'], loose['startDate']) == ('WEX01', 'Unscheduled talk', None)
    assert 'WEX01' not in {c['code'] for b in data['results'][0]['sessions'] for c in b['contributions']}


def test_deleted_contributions_are_left_out(db, seeded_conference, manager, client_for):
    event, _ = seeded_conference
    Contribution.query.filter_by(event=event, code='TUP02').one().is_deleted = True
    db.session.flush()
    db.session.expire_all()  # as in a new request: relationships are loaded again
    data = _export(client_for(manager), event)
    codes = [c['code'] for b in data['results'][0]['sessions'] for c in b['contributions']]
    assert codes == ['MOA01', 'MOA02', 'TUP01', 'TUP03']
