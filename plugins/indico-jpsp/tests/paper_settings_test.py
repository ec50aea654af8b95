"""The paper file type setting and the "Paper check" panel of the plugin page."""

import pytest

from indico.core.db import db
from indico.modules.events.editing.models.editable import EditableType
from indico.modules.events.editing.models.file_types import EditingFileType

from indico_jpsp import controllers
from indico_jpsp.plugin import JpspPlugin

from pages import csrf_token_from, data_attributes, flashed_messages
from paper_seeding import add_paper_revision, create_paper_file_types
from tokens_test import verified_claims


PAPERS_URL = '/event/{}/manage/jpsp/papers.json'
SETTINGS_URL = '/event/{}/manage/jpsp/settings'
TOKEN = 'tok-5a1f0c9e2d7b4e8f-secret'


def _post_settings(client, event, **data):
    html = client.get(SETTINGS_URL.format(event.id)).get_data(as_text=True)
    return client.post(SETTINGS_URL.format(event.id), data={'csrf_token': csrf_token_from(html), 'server_url': '',
                                                            'api_key': '', **data})


def _codes(client, event):
    resp = client.get(PAPERS_URL.format(event.id))
    assert resp.status_code == 200
    return [(p['code'], p['url'].split('?')[0].rsplit('/', 1)[1]) for p in resp.get_json()['papers']]


@pytest.mark.usefixtures('db')
def test_the_file_type_is_chosen_in_the_settings(papers, manager, client_for):
    event, _ = papers
    client = client_for(manager)
    html = client.get(SETTINGS_URL.format(event.id)).get_data(as_text=True)
    assert 'name="paper_file_type"' in html
    assert 'Automatic: PDF' in html
    assert _codes(client, event) == [('MOA01', 'MOA01.pdf'), ('MOA02', 'MOA02.pdf'), ('TUP03', 'TUP03_poster.pdf')]

    source = EditingFileType.query.with_parent(event).filter_by(name='Source files').one()
    resp = _post_settings(client, event, paper_file_type=str(source.id))
    assert resp.status_code == 302
    assert JpspPlugin.event_settings.get(event, 'paper_file_type') == source.id
    assert _codes(client, event) == [('MOA02', 'MOA02.docx'), ('TUP01', 'TUP01.odt')]

    _post_settings(client, event, paper_file_type='')
    assert JpspPlugin.event_settings.get(event, 'paper_file_type') is None
    assert [code for code, _ in _codes(client, event)] == ['MOA01', 'MOA02', 'TUP03']


@pytest.mark.usefixtures('db')
def test_a_file_type_of_another_event_is_refused(papers, create_event, manager, client_for):
    event, _ = papers
    other = create_event(103, title='Other')
    foreign = create_paper_file_types(other)['pdf']
    resp = _post_settings(client_for(manager), event, paper_file_type=str(foreign.id))
    assert resp.status_code == 200  # the form again, with its error
    assert 'Not a valid choice' in resp.get_data(as_text=True)
    assert JpspPlugin.event_settings.get(event, 'paper_file_type') is None


@pytest.mark.usefixtures('db')
def test_default_is_a_type_accepting_pdf_when_none_is_named_pdf(seeded_conference, manager, client_for):
    event, _ = seeded_conference
    types = create_paper_file_types(event, pdf_name='Camera-ready paper')
    contrib = next(c for c in event.contributions if c.code == 'MOA02')
    add_paper_revision(contrib, manager, [(types['pdf'], 'paper.pdf', 'application/pdf', b'%PDF-1.4\n')])
    assert _codes(client_for(manager), event) == [('MOA02', 'paper.pdf')]


@pytest.mark.usefixtures('db')
def test_a_deleted_file_type_falls_back_to_the_default(papers, manager, client_for):
    event, _ = papers
    extra = EditingFileType(event=event, type=EditableType.paper, name='Slides', extensions=['pptx'])
    db.session.add(extra)
    db.session.flush()
    JpspPlugin.event_settings.set(event, 'paper_file_type', extra.id)
    assert _codes(client_for(manager), event) == []
    db.session.delete(extra)
    db.session.flush()
    assert [code for code, _ in _codes(client_for(manager), event)] == ['MOA01', 'MOA02', 'TUP03']


@pytest.mark.usefixtures('db')
def test_no_pdf_file_type(conference, manager, client_for, monkeypatch):
    monkeypatch.setattr(controllers, 'WIDGET_FILE', controllers.LOADER_FILE)  # any file that exists
    JpspPlugin.event_settings.set_multi(conference, {'server_url': 'https://jpsp.example.org', 'api_key': TOKEN})
    client = client_for(manager)
    resp = client.get(PAPERS_URL.format(conference.id))
    assert resp.status_code == 409
    assert 'choose one in the JPSP settings' in resp.get_json()['error']
    html = client.get(f'/event/{conference.id}/manage/jpsp/').get_data(as_text=True)
    assert 'id="jpsp-papers-no-file-type"' in html
    assert 'data-task="papers-check"' not in html
    assert 'id="jpsp-booklet"' in html  # the booklet does not need Editing


@pytest.mark.usefixtures('db')
def test_page_has_the_paper_check_panel(papers, manager, client_for, monkeypatch):
    event, _ = papers
    monkeypatch.setattr(controllers, 'WIDGET_FILE', controllers.LOADER_FILE)  # any file that exists
    JpspPlugin.event_settings.set_multi(event, {'server_url': 'https://jpsp.example.org', 'api_key': TOKEN})
    html = client_for(manager).get(f'/event/{event.id}/manage/jpsp/').get_data(as_text=True)
    assert '<div class="i-box-title">Paper check</div>' in html
    assert TOKEN not in html
    booklet = data_attributes(html, 'jpsp-booklet')
    panel = data_attributes(html, 'jpsp-papers-check')
    assert 'task' not in booklet  # the booklet stays the widget's default task
    assert panel['task'] == 'papers-check'
    assert panel['event-url'] == f'/event/{event.id}/manage/jpsp/papers.json'
    assert 'data-jpsp-widget' in html
    for name in ('server-url', 'token', 'token-url', 'event-id', 'lang', 'submitter'):
        assert panel[name] == booklet[name], name
    assert verified_claims(panel['token'], TOKEN)['tasks'] == ['abstract-booklet', 'papers-check']
    assert 'The papers are the "PDF" files of the latest Editing revisions' in html
    assert 'which expire after 60 minutes' in ' '.join(html.split())
    assert not flashed_messages(html)
