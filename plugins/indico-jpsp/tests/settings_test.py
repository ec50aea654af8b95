import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from indico_jpsp.plugin import JpspPlugin

from pages import csrf_token_from, flashed_messages


SETTINGS_URL = '/event/{}/manage/jpsp/settings'
TOKEN = 'tok-5a1f0c9e2d7b4e8f-secret'


def _get_form(client, event):
    resp = client.get(SETTINGS_URL.format(event.id))
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def _post(client, event, data, with_csrf=True):
    if with_csrf:
        data = {'csrf_token': csrf_token_from(_get_form(client, event)), **data}
    return client.post(SETTINGS_URL.format(event.id), data=data)


@pytest.mark.usefixtures('db')
def test_settings_round_trip(conference, manager, client_for):
    client = client_for(manager)
    html = _get_form(client, conference)
    assert 'name="server_url"' in html
    assert 'type="password"' in html
    assert 'No API token is stored' in html

    resp = _post(client, conference, {'server_url': ' https://jpsp.example.org/ ', 'api_key': TOKEN})
    assert resp.status_code == 302
    assert JpspPlugin.event_settings.get_all(conference) == {'server_url': 'https://jpsp.example.org',
                                                             'api_key': TOKEN, 'paper_file_type': None}

    html = _get_form(client, conference)
    assert 'value="https://jpsp.example.org"' in html
    assert 'An API token is stored' in html
    assert TOKEN not in html
    assert TOKEN[:12] not in html

    # an empty token field keeps the stored token
    _post(client, conference, {'server_url': 'http://127.0.0.1:3000', 'api_key': ''})
    assert JpspPlugin.event_settings.get_all(conference) == {'server_url': 'http://127.0.0.1:3000',
                                                             'api_key': TOKEN, 'paper_file_type': None}

    # a new token replaces it, the switch removes it
    _post(client, conference, {'server_url': 'http://127.0.0.1:3000', 'api_key': TOKEN + '-2'})
    assert JpspPlugin.event_settings.get(conference, 'api_key') == TOKEN + '-2'
    _post(client, conference, {'server_url': 'http://127.0.0.1:3000', 'api_key': '', 'clear_api_key': 'y'})
    assert JpspPlugin.event_settings.get(conference, 'api_key') == ''


@pytest.mark.usefixtures('db')
def test_settings_are_per_event(conference, create_event, manager, client_for):
    other = create_event(101, title='Another event')
    other.update_principal(manager, full_access=True)
    _post(client_for(manager), conference, {'server_url': 'https://a.example.org', 'api_key': TOKEN})
    assert JpspPlugin.event_settings.get_all(other) == {'server_url': '', 'api_key': '', 'paper_file_type': None}


@pytest.mark.usefixtures('db')
@pytest.mark.parametrize('bad_url', [
    'ftp://jpsp.example.org',
    'jpsp.example.org',
    'https://user:pw@jpsp.example.org',
    'https://jpsp.example.org/?key=abc',
    'http://',
    'javascript:alert(1)',
])
def test_settings_reject_bad_urls(conference, manager, client_for, bad_url):
    resp = _post(client_for(manager), conference, {'server_url': bad_url, 'api_key': TOKEN})
    assert resp.status_code == 200  # the form again, with an error
    html = resp.get_data(as_text=True)
    assert re.search(r'<li>(This is not a valid URL|Enter an http|Do not put credentials|The URL must not)', html)
    assert TOKEN not in html  # not even the token just typed is sent back
    assert JpspPlugin.event_settings.get_all(conference) == {'server_url': '', 'api_key': '', 'paper_file_type': None}


@pytest.mark.usefixtures('db')
def test_settings_reject_short_token(conference, manager, client_for):
    resp = _post(client_for(manager), conference, {'server_url': 'https://jpsp.example.org', 'api_key': 'short'})
    assert resp.status_code == 200
    assert JpspPlugin.event_settings.get(conference, 'api_key') == ''


@pytest.mark.usefixtures('db')
def test_settings_require_csrf(conference, manager, client_for):
    client = client_for(manager)
    resp = _post(client, conference, {'server_url': 'https://jpsp.example.org', 'api_key': TOKEN}, with_csrf=False)
    assert resp.status_code == 400
    resp = _post(client, conference, {'server_url': 'https://jpsp.example.org', 'api_key': TOKEN,
                                      'csrf_token': 'forged'}, with_csrf=False)
    assert resp.status_code == 400
    assert JpspPlugin.event_settings.get_all(conference) == {'server_url': '', 'api_key': '', 'paper_file_type': None}


class _HealthServer:
    """A real HTTP server on a loopback port that answers GET /health like the JPSP server."""

    def __init__(self, status=200, body=None):
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append((self.path, dict(self.headers)))
                payload = json.dumps(body if body is not None else {'status': 'ok'}).encode()
                self.send_response(status if self.path == '/health' else 404)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}'
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _test_connection(client, event):
    html = _get_form(client, event)
    assert 'id="jpsp-test-connection"' in html
    resp = client.post(f'/event/{event.id}/manage/jpsp/settings/test-connection',
                       data={'csrf_token': csrf_token_from(html)})
    assert resp.status_code == 302
    return ' '.join(flashed_messages(_get_form(client, event)))


@pytest.mark.usefixtures('db')
def test_test_connection_ok(conference, manager, client_for):
    with _HealthServer() as server:
        JpspPlugin.event_settings.set_multi(conference, {'server_url': server.url + '/', 'api_key': TOKEN})
        message = _test_connection(client_for(manager), conference)
    assert 'Connection OK' in message
    assert 'HTTP 200' in message
    assert [path for path, _ in server.requests] == ['/health']
    # the token is not sent to the unauthenticated health check
    assert all(TOKEN not in json.dumps(headers) for _, headers in server.requests)


@pytest.mark.usefixtures('db')
def test_test_connection_reports_unhealthy_server(conference, manager, client_for):
    with _HealthServer(status=503, body={'status': 'draining'}) as server:
        JpspPlugin.event_settings.set(conference, 'server_url', server.url)
        message = _test_connection(client_for(manager), conference)
    assert 'Connection failed' in message
    assert 'HTTP 503' in message
    assert 'draining' in message


@pytest.mark.usefixtures('db')
def test_test_connection_reports_unreachable_server(conference, manager, client_for):
    with _HealthServer() as server:
        url = server.url
    JpspPlugin.event_settings.set(conference, 'server_url', url)  # nothing listens there any more
    message = _test_connection(client_for(manager), conference)
    assert 'Connection failed' in message
    assert 'connection failed' in message


@pytest.mark.usefixtures('db')
def test_test_connection_requires_csrf(conference, manager, client_for):
    with _HealthServer() as server:
        JpspPlugin.event_settings.set(conference, 'server_url', server.url)
        resp = client_for(manager).post(f'/event/{conference.id}/manage/jpsp/settings/test-connection')
    assert resp.status_code == 400
    assert server.requests == []
