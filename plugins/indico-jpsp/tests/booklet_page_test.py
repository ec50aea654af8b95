import re

import pytest

from indico_jpsp import controllers
from indico_jpsp.plugin import JpspPlugin

from pages import data_attributes
from tokens_test import verified_claims


TOKEN = 'tok-5a1f0c9e2d7b4e8f-secret'


def _booklet_html(client, event):
    resp = client.get(f'/event/{event.id}/manage/jpsp/')
    assert resp.status_code == 200
    assert resp.headers['Cache-Control'] == 'no-store'
    return resp.get_data(as_text=True)


def _content(html):
    """The plugin's part of the page (Indico's own layout has scripts of its own)."""
    start = html.index('id="jpsp-nav"')
    return html[start:]


@pytest.mark.usefixtures('db')
def test_not_configured_links_to_settings(conference, manager, client_for):
    html = _booklet_html(client_for(manager), conference)
    assert 'id="jpsp-not-configured"' in html
    assert f'href="/event/{conference.id}/manage/jpsp/settings"' in _content(html)
    assert 'data-jpsp-booklet' not in html
    assert 'jpsp-widget.iife.js' not in html


@pytest.mark.usefixtures('db')
def test_url_without_token_is_not_configured(conference, manager, client_for):
    JpspPlugin.event_settings.set(conference, 'server_url', 'https://jpsp.example.org')
    html = _booklet_html(client_for(manager), conference)
    assert 'id="jpsp-not-configured"' in html


@pytest.mark.usefixtures('db')
def test_configured_page_mounts_the_widget(conference, manager, client_for, monkeypatch):
    monkeypatch.setattr(controllers, 'WIDGET_FILE', controllers.LOADER_FILE)  # any file that exists
    JpspPlugin.event_settings.set_multi(conference, {'server_url': 'https://jpsp.example.org', 'api_key': TOKEN})
    html = _booklet_html(client_for(manager), conference)
    assert 'id="jpsp-not-configured"' not in html
    attrs = data_attributes(html, 'jpsp-booklet')
    assert attrs['server-url'] == 'https://jpsp.example.org'
    # The API key never reaches the page: a short-lived token for this event does.
    assert TOKEN not in html
    assert 'api-key' not in attrs
    claims = verified_claims(attrs['token'], TOKEN)
    assert claims['event'] == str(conference.id)
    assert claims['tasks'] == ['abstract-booklet', 'papers-check']
    assert claims['sub'] == f'indico-user:{manager.id}'
    assert claims['exp'] - claims['iat'] == 15 * 60
    assert attrs['token-url'] == f'/event/{conference.id}/manage/jpsp/token.json'
    assert attrs['event-id'] == str(conference.id)
    assert attrs['event-url'] == f'/event/{conference.id}/manage/jpsp/event.json'
    assert attrs['lang'] == 'en'
    assert attrs['submitter'] == manager.full_name
    content = _content(html)
    scripts = re.findall(r'<script([^>]*)>(.*?)</script>', content, re.S)
    assert [attrs for attrs, _ in scripts] == [' src="/static/plugins/jpsp/js/booklet.js"'] * 2
    assert all(not body.strip() for _, body in scripts), 'no inline script'


@pytest.mark.usefixtures('db')
def test_missing_widget_file_is_reported(conference, manager, client_for, monkeypatch):
    monkeypatch.setattr(controllers, 'WIDGET_FILE', 'dist/not-built.js')
    JpspPlugin.event_settings.set_multi(conference, {'server_url': 'https://jpsp.example.org', 'api_key': TOKEN})
    html = _booklet_html(client_for(manager), conference)
    assert 'id="jpsp-widget-missing"' in html
    assert TOKEN not in html


@pytest.mark.usefixtures('db')
def test_static_loader_is_served(client_for):
    resp = client_for(None).get('/static/plugins/jpsp/js/booklet.js')
    assert resp.status_code == 200
    assert 'JpspWidget.mount' in resp.get_data(as_text=True)
