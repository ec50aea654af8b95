from indico.core.plugins import WPJinjaMixinPlugin
from indico.modules.events.management.views import WPEventManagement


class WPJpsp(WPJinjaMixinPlugin, WPEventManagement):
    sidemenu_option = 'jpsp'
