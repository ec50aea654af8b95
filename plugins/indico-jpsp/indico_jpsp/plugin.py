"""The plugin class: per-event settings and the event-management side menu entry."""

from flask import session

from indico.core import signals
from indico.core.plugins import IndicoPlugin, url_for_plugin
from indico.web.menu import SideMenuItem

from indico_jpsp import _
from indico_jpsp.blueprint import blueprint
from indico_jpsp.forms import DEFAULT_PAPER_LINK_LIFETIME_MINUTES, JpspPluginSettingsForm
from indico_jpsp.tokens import DEFAULT_LIFETIME_MINUTES


class JpspPlugin(IndicoPlugin):
    """JPSP

    Links an event to a JPSP task server (server URL and API token, one configuration per event)
    and adds an "Abstract booklet" page with a "Paper check" panel to the event management area.
    The API token stays in Indico: the page's widgets get short-lived, event-scoped tokens minted
    from it, and the task server downloads the papers through signed, expiring links.
    """

    configurable = True
    settings_form = JpspPluginSettingsForm
    default_settings = {
        'token_lifetime_minutes': DEFAULT_LIFETIME_MINUTES,
        'paper_link_lifetime_minutes': DEFAULT_PAPER_LINK_LIFETIME_MINUTES,
    }
    default_event_settings = {
        'server_url': '',
        'api_key': '',
        # id of the Editing file type (of papers) that the paper check reads; None: the one named "PDF"
        'paper_file_type': None,
    }

    def init(self):
        super().init()
        self.connect(signals.menu.items, self._extend_event_management_menu, sender='event-management-sidemenu')

    def get_blueprints(self):
        return blueprint

    def _extend_event_management_menu(self, sender, event, **kwargs):
        if not event.can_manage(session.user):
            return None
        # top level (weight 5: below Indico's own top-level entries), so it is never hidden in a collapsed section
        return SideMenuItem('jpsp', _('JPSP'), url_for_plugin('jpsp.booklet', event), weight=5)
