"""Set a plugin-wide setting of the JPSP plugin in the e2e Indico (a number; the e2e uses lifetimes
shorter than the settings form allows, so that a token or a paper link expires within the test).

Usage: INDICO_CONFIG=... python set_plugin_setting.py <name> <number>
"""

import sys

from indico.core.db import db
from indico.web.flask.app import make_app


def main(name, value):
    app = make_app()
    with app.app_context():
        from indico_jpsp.plugin import JpspPlugin
        if name not in JpspPlugin.default_settings:
            raise SystemExit(f'unknown setting {name}')
        JpspPlugin.settings.set(name, value)
        db.session.commit()


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]))
