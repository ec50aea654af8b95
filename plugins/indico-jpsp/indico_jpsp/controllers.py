"""Request handlers; all of them require full management rights on the event."""

import os
import time
from datetime import datetime, timezone

from flask import flash, jsonify, make_response, redirect, request, session
from flask_pluginengine import current_plugin
from werkzeug.exceptions import NotFound

from indico.core.plugins import url_for_plugin
from indico.modules.events.management.controllers import RHManageEventBase
from indico.web.flask.util import send_file
from indico.web.forms.base import FormDefaults
from indico.web.util import signed_url_for_user

from indico_jpsp import _
from indico_jpsp.forms import JpspSettingsForm, normalize_server_url
from indico_jpsp.health import check_server_health
from indico_jpsp.papers import (default_paper_file_type, event_papers, find_paper_file, paper_file_types,
                                paper_filename, resolve_paper_file_type, task_paper)
from indico_jpsp.serializer import serialize_event_export
from indico_jpsp.tokens import mint_token
from indico_jpsp.views import WPJpsp


WIDGET_FILE = 'dist/jpsp-widget.iife.js'
LOADER_FILE = 'js/booklet.js'
#: The tasks a JPSP page's token may run (the booklet and the paper check).
BOOKLET_TASKS = ('abstract-booklet', 'papers-check')
#: Flask endpoint of the signed paper-file route (a plugin blueprint's endpoints are prefixed with ``plugin_``).
PAPER_FILE_ENDPOINT = 'plugin_jpsp.paper_file'


def _no_store(rv):
    response = make_response(rv)
    response.headers['Cache-Control'] = 'no-store'
    return response


class RHJpspBase(RHManageEventBase):
    """Managers only: anonymous users are sent to the login page, other users get 403."""

    ALLOW_LOCKED = True

    def _get_settings(self):
        return current_plugin.event_settings.get_all(self.event)

    def _paper_file_type(self):
        return resolve_paper_file_type(self.event, self._get_settings()['paper_file_type'])

    def _mint_widget_token(self, api_key):
        """A token for this event's booklet, for the manager who asked; ``(token, exp)``."""
        lifetime = 60 * current_plugin.settings.get('token_lifetime_minutes')
        return mint_token(api_key, self.event.id, BOOKLET_TASKS, lifetime, subject=f'indico-user:{session.user.id}')


class RHSettings(RHJpspBase):
    ALLOW_LOCKED = False

    def _process(self):
        settings = self._get_settings()
        has_api_key = bool(settings['api_key'])
        file_type = settings['paper_file_type']
        form = JpspSettingsForm(obj=FormDefaults(server_url=settings['server_url'],
                                                 paper_file_type='' if file_type is None else str(file_type)),
                                has_api_key=has_api_key, paper_file_types=paper_file_types(self.event),
                                default_file_type=default_paper_file_type(self.event))
        if form.validate_on_submit():
            changes = {'server_url': normalize_server_url(form.server_url.data),
                       'paper_file_type': int(form.paper_file_type.data) if form.paper_file_type.data else None}
            if form.api_key.data:
                changes['api_key'] = form.api_key.data.strip()
            elif has_api_key and form.clear_api_key.data:
                changes['api_key'] = ''
            current_plugin.event_settings.set_multi(self.event, changes)
            flash(_('JPSP settings saved.'), 'success')
            return redirect(url_for_plugin('jpsp.settings', self.event))
        return _no_store(WPJpsp.render_template('settings.html', self.event, form=form, has_api_key=has_api_key,
                                                server_url=settings['server_url']))


class RHTestConnection(RHJpspBase):
    """Check that the saved server URL answers ``GET /health`` (the form posts with a CSRF token)."""

    def _process(self):
        server_url = self._get_settings()['server_url']
        if not server_url:
            flash(_('Save a server URL first.'), 'warning')
        else:
            result = check_server_health(server_url)
            if result.ok:
                flash(_('Connection OK: {url} answered ({detail}).').format(url=server_url, detail=result.detail),
                      'success')
            else:
                flash(_('Connection failed: {url} ({detail}).').format(url=server_url, detail=result.detail), 'error')
        return redirect(url_for_plugin('jpsp.settings', self.event))


class RHBooklet(RHJpspBase):
    def _process(self):
        settings = self._get_settings()
        configured = bool(settings['server_url'] and settings['api_key'])
        widget_available = os.path.isfile(os.path.join(current_plugin.root_path, 'static', WIDGET_FILE))
        lang = (session.lang or 'en').split('_')[0]
        token = self._mint_widget_token(settings['api_key'])[0] if configured and widget_available else ''
        return _no_store(WPJpsp.render_template(
            'booklet.html', self.event,
            configured=configured,
            widget_available=widget_available,
            server_url=settings['server_url'],
            token=token,
            token_url=url_for_plugin('jpsp.token', self.event),
            lang=lang,
            # Named in the run's snapshot and the task server's log ("built 10 min ago by …").
            submitter=session.user.full_name[:200] if session.user else '',
            event_data_url=url_for_plugin('jpsp.event_data', self.event),
            papers_url=url_for_plugin('jpsp.papers', self.event),
            paper_file_type=self._paper_file_type(),
            paper_link_minutes=current_plugin.settings.get('paper_link_lifetime_minutes'),
            widget_url=url_for_plugin('jpsp.static', filename=WIDGET_FILE),
            loader_url=url_for_plugin('jpsp.static', filename=LOADER_FILE),
        ))


class RHToken(RHJpspBase):
    """A fresh widget token (the widget asks before the page's one runs out); managers only."""

    def _process(self):
        settings = self._get_settings()
        if not (settings['server_url'] and settings['api_key']):
            return _no_store((jsonify(error='This event is not linked to a JPSP server.'), 409))
        token, exp = self._mint_widget_token(settings['api_key'])
        return _no_store(jsonify(token=token, expiresAt=datetime.fromtimestamp(exp, timezone.utc).isoformat()))


class RHEventData(RHJpspBase):
    def _process(self):
        return _no_store(jsonify(serialize_event_export(self.event)))


class RHPapers(RHJpspBase):
    """The input of the ``papers-check`` task: ``{"papers": [{"id", "code", "title", "type"?, "url"}]}``.

    ``url`` is an absolute link to the paper's file, signed for the manager who asked
    (``signed_url_for_user``) and carrying its expiry (``exp``, epoch seconds) in the signed query:
    the task server downloads with it, without the manager's session and without any Indico token.
    """

    def _process(self):
        file_type = self._paper_file_type()
        if file_type is None:
            return _no_store((jsonify(error='This event has no paper file type named "PDF" or accepting .pdf files; '
                                            'choose one in the JPSP settings.'), 409))
        exp = int(time.time() + 60 * current_plugin.settings.get('paper_link_lifetime_minutes'))
        papers = [task_paper(contrib, signed_url_for_user(session.user, PAPER_FILE_ENDPOINT, self.event,
                                                          contrib_id=contrib.id, file_id=rev_file.file_id,
                                                          filename=paper_filename(rev_file), exp=exp, _external=True))
                  for contrib, rev_file in event_papers(self.event, file_type)]
        return _no_store(jsonify(papers=papers))


class RHPaperFile(RHJpspBase):
    """One paper's file, for a link from papers.json.

    Indico checks the signature (method, user, path and query, hence ``exp``) before any of this
    runs and refuses a tampered one; the signed user's management rights are checked again here
    on every request (``RHJpspBase``); then the expiry; then the file must be the paper of that
    contribution now (the configured file type in its latest revision).
    """

    _ALLOW_SIGNED_URL = True

    def _process(self):
        exp = request.args.get('exp', type=int)
        if exp is None:
            return _plain_text('This link has no valid expiry ("exp"); get a fresh one from papers.json.', 403)
        if time.time() >= exp:
            return _plain_text(f'This link expired at {_iso_time(exp)}; get a fresh one from papers.json.', 410)
        rev_file = find_paper_file(self.event, request.view_args['contrib_id'], request.view_args['file_id'],
                                   self._paper_file_type())
        if rev_file is None or paper_filename(rev_file) != request.view_args['filename']:
            raise NotFound('This file is not the current paper of this contribution.')
        file = rev_file.file
        response = send_file(paper_filename(rev_file), file.open(), file.content_type or 'application/pdf',
                             inline=False)
        response.headers['Cache-Control'] = 'no-store'
        return response


def _plain_text(text, status):
    return _no_store((text, status, {'Content-Type': 'text/plain; charset=utf-8'}))


def _iso_time(epoch_seconds):
    try:
        return datetime.fromtimestamp(epoch_seconds, timezone.utc).isoformat()
    except (OverflowError, OSError, ValueError):
        return f'{epoch_seconds} (Unix time)'
