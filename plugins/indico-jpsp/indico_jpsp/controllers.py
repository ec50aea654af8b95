"""Request handlers; all of them require full management rights on the event."""

import os
from datetime import datetime, timezone

from flask import flash, jsonify, make_response, redirect, session
from flask_pluginengine import current_plugin

from indico.core.plugins import url_for_plugin
from indico.modules.events.management.controllers import RHManageEventBase
from indico.web.forms.base import FormDefaults

from indico_jpsp import _
from indico_jpsp.forms import JpspSettingsForm, normalize_server_url
from indico_jpsp.health import check_server_health
from indico_jpsp.serializer import serialize_event_export
from indico_jpsp.tokens import mint_token
from indico_jpsp.views import WPJpsp


WIDGET_FILE = 'dist/jpsp-widget.iife.js'
LOADER_FILE = 'js/booklet.js'
#: The tasks a booklet page's token may run.
BOOKLET_TASKS = ('abstract-booklet',)


def _no_store(rv):
    response = make_response(rv)
    response.headers['Cache-Control'] = 'no-store'
    return response


class RHJpspBase(RHManageEventBase):
    """Managers only: anonymous users are sent to the login page, other users get 403."""

    ALLOW_LOCKED = True

    def _get_settings(self):
        return current_plugin.event_settings.get_all(self.event)

    def _mint_widget_token(self, api_key):
        """A token for this event's booklet, for the manager who asked; ``(token, exp)``."""
        lifetime = 60 * current_plugin.settings.get('token_lifetime_minutes')
        return mint_token(api_key, self.event.id, BOOKLET_TASKS, lifetime, subject=f'indico-user:{session.user.id}')


class RHSettings(RHJpspBase):
    ALLOW_LOCKED = False

    def _process(self):
        settings = self._get_settings()
        has_api_key = bool(settings['api_key'])
        form = JpspSettingsForm(obj=FormDefaults(server_url=settings['server_url']), has_api_key=has_api_key)
        if form.validate_on_submit():
            changes = {'server_url': normalize_server_url(form.server_url.data)}
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
