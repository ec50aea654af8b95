"""The per-event settings form and the plugin-wide (administrator) settings form."""

from urllib.parse import urlsplit

from wtforms.fields import BooleanField, IntegerField, SelectField, URLField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from indico.web.forms.base import IndicoForm
from indico.web.forms.fields import IndicoPasswordField
from indico.web.forms.widgets import SwitchWidget

from indico_jpsp import _


def normalize_server_url(url):
    """Strip blanks and trailing slashes so that ``<url>/health`` is well formed."""
    return (url or '').strip().rstrip('/')


class HttpUrl:
    """An absolute ``http(s)://host[:port][/path]`` URL without credentials, query or fragment."""

    def __call__(self, form, field):
        value = normalize_server_url(field.data)
        if not value:
            return
        try:
            parts = urlsplit(value)
            port = parts.port  # raises ValueError on a bad port
        except ValueError:
            raise ValidationError(_('This is not a valid URL.'))
        if parts.scheme not in ('http', 'https') or not parts.hostname:
            raise ValidationError(_('Enter an http:// or https:// URL, e.g. https://jpsp.example.org'))
        if parts.username or parts.password:
            raise ValidationError(_('Do not put credentials into the URL; use the API token field.'))
        if parts.query or parts.fragment:
            raise ValidationError(_('The URL must not contain a query string or a fragment.'))
        if port == 0:
            raise ValidationError(_('This is not a valid URL.'))


class SecretField(IndicoPasswordField):
    """A password field that never renders its value back into the page."""

    def _value(self):
        return ''


class JpspSettingsForm(IndicoForm):
    server_url = URLField(_('Server URL'), [Optional(), HttpUrl(), Length(max=2000)],
                          description=_('Base URL of the JPSP task server, e.g. https://jpsp.example.org'))
    api_key = SecretField(_('API token'), [Optional(), Length(min=16, max=500)],
                          description=_('The token the JPSP server administrator gave you for this event. '
                                        'A stored token is never shown; leave the field empty to keep it.'))
    clear_api_key = BooleanField(_('Remove the stored token'), widget=SwitchWidget())
    paper_file_type = SelectField(_('Paper file type'), choices=[],
                                  description=_('The Editing file type (of papers) whose file the paper check reads '
                                                'from each contribution\'s latest revision.'))

    def __init__(self, *args, has_api_key=False, paper_file_types=(), default_file_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_api_key = has_api_key
        automatic = (_('Automatic: {name}').format(name=default_file_type.name) if default_file_type
                     else _('Automatic: none of the paper file types is named "PDF" or accepts .pdf'))
        self.paper_file_type.choices = [('', automatic)] + [(str(ft.id), ft.name) for ft in paper_file_types]
        if has_api_key:
            self.api_key.render_kw = {'placeholder': _('(unchanged)')}
        else:
            del self.clear_api_key

    def validate_clear_api_key(self, field):
        if field.data and self.api_key.data:
            raise ValidationError(_('Either enter a new token or remove the stored one, not both.'))


#: How long a paper's signed download link (in papers.json) stays valid, by default.
DEFAULT_PAPER_LINK_LIFETIME_MINUTES = 60


class JpspPluginSettingsForm(IndicoForm):
    token_lifetime_minutes = IntegerField(
        _('Widget token lifetime (minutes)'), [DataRequired(), NumberRange(min=1, max=60)],
        description=_('How long a token handed to the widget on a JPSP page stays valid (1-60 minutes; '
                      'the widget asks for a fresh one when it needs it). The API keys themselves never '
                      'reach the browser.'))
    paper_link_lifetime_minutes = IntegerField(
        _('Paper link lifetime (minutes)'), [DataRequired(), NumberRange(min=1, max=1440)],
        description=_('How long the signed links to the papers\' PDF files, handed to the JPSP server for a paper '
                      'check, stay valid (1-1440 minutes). The server must have downloaded every paper by then.'))
