"""JPSP-NG for Indico: link an event to a JPSP task server and build its abstract booklet."""

from indico.util.i18n import make_bound_gettext


_ = make_bound_gettext('jpsp')
