"""papers.json and the signed, expiring paper-file links it hands to the task server."""

import time
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from freezegun import freeze_time

from indico.web.util import signed_url_for_user

from indico_jpsp.plugin import JpspPlugin

from paper_seeding import PDF, pdf_bytes


PAPERS_URL = '/event/{}/manage/jpsp/papers.json'


def relative(url):
    parts = urlsplit(url)
    return f'{parts.path}?{parts.query}'


def papers_json(client, event):
    resp = client.get(PAPERS_URL.format(event.id))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.headers['Cache-Control'] == 'no-store'
    return resp.get_json()


def paper_url(client, event, code):
    return next(p['url'] for p in papers_json(client, event)['papers'] if p['code'] == code)


def signature_of(url):
    return parse_qs(urlsplit(url).query)['user_token'][0].split('_', 1)[1]


def with_query(url, **changes):
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return f'{parts.path}?{urlencode(query)}'


@pytest.mark.usefixtures('db')
def test_papers_json_is_the_task_input(papers, manager, client_for):
    event, files = papers
    before = int(time.time())
    data = papers_json(client_for(manager), event)
    assert list(data) == ['papers']
    by_code = {c.code: c for c in event.contributions}
    assert [{k: v for k, v in p.items() if k != 'url'} for p in data['papers']] == [
        {'id': str(by_code['MOA01'].id), 'code': 'MOA01', 'title': by_code['MOA01'].title, 'type': 'Invited Oral'},
        {'id': str(by_code['MOA02'].id), 'code': 'MOA02', 'title': by_code['MOA02'].title},  # no type: no key
        {'id': str(by_code['TUP03'].id), 'code': 'TUP03', 'title': by_code['TUP03'].title, 'type': 'Poster'},
    ]
    keys = ['code', 'id', 'title', 'type', 'url']
    assert [sorted(p) for p in data['papers']] == [keys, [k for k in keys if k != 'type'], keys]
    for paper, name in zip(data['papers'], ('MOA01.pdf', 'MOA02.pdf', 'TUP03 poster.pdf')):
        url = urlsplit(paper['url'])
        assert (url.scheme, url.netloc) == ('http', 'localhost')  # absolute: Indico's BASE_URL
        rev_file = files[name]
        assert url.path.startswith(f'/event/{event.id}/manage/jpsp/papers/{paper["id"]}/{rev_file.file_id}/')
        query = parse_qs(url.query)
        assert sorted(query) == ['exp', 'user_token']
        assert query['user_token'][0].startswith(f'{manager.id}_')
        # the default lifetime: one hour
        assert before + 3600 <= int(query['exp'][0]) <= int(time.time()) + 3600
    assert data['papers'][2]['url'].split('?')[0].endswith('/TUP03_poster.pdf')


@pytest.mark.usefixtures('db')
def test_long_values_fit_the_task_servers_limits(papers, manager, client_for):
    event, files = papers
    contrib = next(c for c in event.contributions if c.code == 'MOA02')
    contrib.title = 'T' * 1500
    contrib.code = 'C' * 150
    files['MOA02.pdf'].file.filename = 'x' * 300 + '.pdf'
    paper = next(p for p in papers_json(client_for(manager), event)['papers'] if p['id'] == str(contrib.id))
    assert (paper['title'], paper['code']) == ('T' * 1000, 'C' * 100)
    path = urlsplit(paper['url']).path
    assert path.endswith('/' + 'x' * 96 + '.pdf')
    assert len(paper['url']) < 400
    resp = client_for(None).get(relative(paper['url']))
    assert resp.status_code == 200
    assert resp.data == pdf_bytes('MOA02')


@pytest.mark.usefixtures('db')
def test_signed_url_serves_the_pdf_without_a_session(papers, manager, client_for):
    event, _ = papers
    url = paper_url(client_for(manager), event, 'MOA01')
    resp = client_for(None).get(relative(url))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.data == pdf_bytes('MOA01 v2')  # the latest revision's file
    assert resp.headers['Content-Type'] == PDF
    assert resp.headers['Cache-Control'] == 'no-store'
    assert 'Set-Cookie' not in resp.headers  # no session is created for the task server


@pytest.mark.usefixtures('db')
def test_link_lifetime_is_a_plugin_setting(papers, manager, client_for):
    event, _ = papers
    JpspPlugin.settings.set('paper_link_lifetime_minutes', 5)
    before = int(time.time())
    exp = int(parse_qs(urlsplit(paper_url(client_for(manager), event, 'MOA02')).query)['exp'][0])
    assert before + 300 <= exp <= int(time.time()) + 300


@pytest.mark.usefixtures('db')
def test_expired_link_is_refused(papers, manager, client_for):
    event, _ = papers
    url = relative(paper_url(client_for(manager), event, 'MOA02'))
    exp = int(parse_qs(urlsplit(url).query)['exp'][0])
    with freeze_time(datetime.fromtimestamp(exp - 1, timezone.utc)):
        assert client_for(None).get(url).status_code == 200
    with freeze_time(datetime.fromtimestamp(exp, timezone.utc)):
        resp = client_for(None).get(url)
    assert resp.status_code == 410
    assert 'This link expired' in resp.get_data(as_text=True)
    assert resp.data != pdf_bytes('MOA02')


@pytest.mark.usefixtures('db')
@pytest.mark.parametrize('tamper', [
    pytest.param(lambda url, ids: with_query(url, exp=str(int(time.time()) + 86400)), id='later-expiry'),
    pytest.param(lambda url, ids: url.replace(f'/papers/{ids["MOA02"]}/', f'/papers/{ids["MOA01"]}/'),
                 id='other-contribution'),
    pytest.param(lambda url, ids: url.replace('/MOA02.pdf?', '/MOA02-x.pdf?'), id='other-filename'),
    pytest.param(lambda url, ids: with_query(url, extra='1'), id='added-parameter'),
    pytest.param(lambda url, ids: with_query(url, user_token=f'{ids["outsider"]}_' + signature_of(url)),
                 id='other-user-id'),
    pytest.param(lambda url, ids: url.replace('&exp=', '&x=').replace('?exp=', '?x='), id='renamed-expiry'),
])
def test_tampered_link_is_refused(papers, manager, outsider, client_for, tamper):
    event, _ = papers
    url = relative(paper_url(client_for(manager), event, 'MOA02'))
    ids = {c.code: c.id for c in event.contributions}
    ids['outsider'] = outsider.id
    tampered = tamper(url, ids)
    assert tampered != url
    resp = client_for(None).get(tampered)
    assert resp.status_code == 400  # Indico's signature check: "The persistent link you used is invalid."
    assert b'%PDF' not in resp.data


@pytest.mark.usefixtures('db', 'request_context')
def test_link_signed_for_a_non_manager_is_refused(papers, outsider, client_for):
    event, files = papers
    event.update_principal(outsider, read_access=True)
    rev_file = files['MOA02.pdf']
    url = signed_url_for_user(outsider, 'plugin_jpsp.paper_file', event, contrib_id=rev_file.revision.editable
                              .contribution_id, file_id=rev_file.file_id, filename='MOA02.pdf',
                              exp=int(time.time()) + 600)
    resp = client_for(None).get(url)
    assert resp.status_code == 403
    assert b'%PDF' not in resp.data


@pytest.mark.usefixtures('db')
def test_rights_are_checked_on_every_request(papers, manager, client_for):
    event, _ = papers
    url = relative(paper_url(client_for(manager), event, 'MOA02'))
    assert client_for(None).get(url).status_code == 200
    event.update_principal(manager, full_access=False, read_access=True)
    assert client_for(None).get(url).status_code == 403


@pytest.mark.usefixtures('db', 'request_context')
@pytest.mark.parametrize(('contrib_code', 'file_name', 'url_filename'), [
    ('MOA01', 'MOA02.pdf', 'MOA02.pdf'),         # another contribution's paper
    ('MOA01', 'MOA01-old.pdf', 'MOA01-old.pdf'),  # an earlier revision
    ('MOA02', 'MOA02.docx', 'MOA02.docx'),       # another file type of the latest revision
    ('TUP01', 'TUP01.odt', 'TUP01.odt'),         # a contribution without a paper PDF
    ('MOA02', 'MOA02.pdf', 'MOA01.pdf'),         # the right file under another name
])
def test_only_the_current_paper_file_is_served(papers, manager, client_for, contrib_code, file_name, url_filename):
    event, files = papers
    contrib = next(c for c in event.contributions if c.code == contrib_code)
    url = signed_url_for_user(manager, 'plugin_jpsp.paper_file', event, contrib_id=contrib.id,
                              file_id=files[file_name].file_id, filename=url_filename,
                              exp=int(time.time()) + 600)
    resp = client_for(None).get(url)
    assert resp.status_code == 404
    assert b'%PDF' not in resp.data and b'PK ' not in resp.data


@pytest.mark.usefixtures('db', 'request_context')
def test_file_of_another_event_is_not_served(papers, create_event, manager, client_for):
    event, files = papers
    other = create_event(102, title='Another conference')
    other.update_principal(manager, full_access=True)
    rev_file = files['MOA02.pdf']
    url = signed_url_for_user(manager, 'plugin_jpsp.paper_file', other,
                              contrib_id=rev_file.revision.editable.contribution_id, file_id=rev_file.file_id,
                              filename='MOA02.pdf', exp=int(time.time()) + 600)
    assert client_for(None).get(url).status_code == 404


@pytest.mark.usefixtures('db')
def test_link_without_expiry_is_refused(papers, manager, client_for):
    event, files = papers
    rev_file = files['MOA02.pdf']
    contrib_id = rev_file.revision.editable.contribution_id
    # a manager's own session, no signature and no expiry
    resp = client_for(manager).get(f'/event/{event.id}/manage/jpsp/papers/{contrib_id}/{rev_file.file_id}/MOA02.pdf')
    assert resp.status_code == 403
    assert 'no valid expiry' in resp.get_data(as_text=True)


@pytest.mark.usefixtures('db', 'request_context')
@pytest.mark.parametrize('exp', ['-99999999999999999999', '0', 'soon'])
def test_odd_expiries_are_refused_with_a_clear_text(papers, manager, client_for, exp):
    event, files = papers
    rev_file = files['MOA02.pdf']
    url = signed_url_for_user(manager, 'plugin_jpsp.paper_file', event,
                              contrib_id=rev_file.revision.editable.contribution_id, file_id=rev_file.file_id,
                              filename='MOA02.pdf', exp=exp)
    resp = client_for(None).get(url)
    assert resp.status_code == (403 if exp == 'soon' else 410)
    assert resp.headers['Content-Type'] == 'text/plain; charset=utf-8'
    assert ('no valid expiry' if exp == 'soon' else 'This link expired at') in resp.get_data(as_text=True)


@pytest.mark.usefixtures('db')
def test_non_managers_get_neither_the_list_nor_a_file(papers, manager, outsider, client_for):
    event, files = papers
    event.update_principal(outsider, read_access=True)
    assert client_for(outsider).get(PAPERS_URL.format(event.id)).status_code == 403
    anonymous = client_for(None).get(PAPERS_URL.format(event.id))
    assert anonymous.status_code in (302, 401, 403)
    url = urlsplit(paper_url(client_for(manager), event, 'MOA02'))
    unsigned = f'{url.path}?exp={parse_qs(url.query)["exp"][0]}'
    for client in (client_for(outsider), client_for(None)):
        resp = client.get(unsigned)
        assert resp.status_code in (302, 403)
        assert b'%PDF' not in resp.data


@pytest.mark.usefixtures('db', 'request_context')
@pytest.mark.parametrize('endpoint', ['plugin_jpsp.papers', 'plugin_jpsp.token', 'plugin_jpsp.booklet'])
def test_signatures_open_nothing_else(papers, manager, client_for, endpoint):
    """Only the paper-file route accepts a signature: not papers.json, token.json or the page."""
    event, _ = papers
    resp = client_for(None).get(signed_url_for_user(manager, endpoint, event))
    assert resp.status_code == 400
    assert 'Signature auth is not allowed for this URL' in resp.get_data(as_text=True)
    assert b'"papers"' not in resp.data and b'"token"' not in resp.data
