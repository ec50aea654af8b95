import pytest
from flask import session

from indico.web.menu import build_menu_structure

from indico_jpsp.plugin import JpspPlugin


TOKEN = 'tok-5a1f0c9e2d7b4e8f-secret'
PAGES = ('/event/{}/manage/jpsp/', '/event/{}/manage/jpsp/settings', '/event/{}/manage/jpsp/event.json',
         '/event/{}/manage/jpsp/token.json')


@pytest.fixture
def configured_conference(seeded_conference):
    event, _ = seeded_conference
    JpspPlugin.event_settings.set_multi(event, {'server_url': 'https://jpsp.example.org', 'api_key': TOKEN})
    return event


@pytest.mark.usefixtures('db')
@pytest.mark.parametrize('page', PAGES)
def test_manager_gets_the_pages(configured_conference, manager, client_for, page):
    resp = client_for(manager).get(page.format(configured_conference.id))
    assert resp.status_code == 200


@pytest.mark.usefixtures('db')
@pytest.mark.parametrize('page', PAGES)
def test_other_users_are_refused(configured_conference, outsider, client_for, page):
    configured_conference.update_principal(outsider, read_access=True)  # may see the event, not manage it
    resp = client_for(outsider).get(page.format(configured_conference.id))
    assert resp.status_code == 403
    body = resp.get_data(as_text=True)
    assert TOKEN not in body
    assert 'MOA01' not in body


@pytest.mark.usefixtures('db')
@pytest.mark.parametrize('page', PAGES)
def test_anonymous_users_are_refused(configured_conference, client_for, page):
    resp = client_for(None).get(page.format(configured_conference.id))
    assert resp.status_code in (302, 401, 403)
    if resp.status_code == 302:
        assert '/login/' in resp.headers['Location']
    body = resp.get_data(as_text=True)
    assert TOKEN not in body
    assert 'MOA01' not in body


@pytest.mark.usefixtures('db')
def test_other_users_cannot_change_settings(configured_conference, outsider, client_for):
    client = client_for(outsider)
    csrf_token = 'b5b7ee3c-6b66-4a4e-9d0e-0c1f0f4b6a11'
    with client.session_transaction() as sess:
        sess['_csrf_token'] = csrf_token  # a valid token: only the permission check may refuse
    resp = client.post(f'/event/{configured_conference.id}/manage/jpsp/settings',
                       data={'csrf_token': csrf_token, 'server_url': 'https://evil.example.org', 'api_key': 'x' * 20})
    assert resp.status_code == 403
    assert JpspPlugin.event_settings.get_all(configured_conference) == {'server_url': 'https://jpsp.example.org',
                                                                       'api_key': TOKEN, 'paper_file_type': None}


@pytest.mark.usefixtures('db', 'request_context')
def test_side_menu_entry_for_managers_only(conference, manager, outsider):
    conference.update_principal(outsider, read_access=True)
    session.set_session_user(manager)
    items = build_menu_structure('event-management-sidemenu', event=conference)
    entries = {item.name: item for section in items for item in getattr(section, 'items', [section])}
    assert entries['jpsp'].title == 'JPSP'
    assert entries['jpsp'].url == f'/event/{conference.id}/manage/jpsp/'

    session.set_session_user(outsider)
    items = build_menu_structure('event-management-sidemenu', event=conference)
    names = {item.name for section in items for item in getattr(section, 'items', [section])}
    assert 'jpsp' not in names
