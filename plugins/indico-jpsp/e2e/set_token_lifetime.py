"""Set the widget token lifetime of the plugin in the e2e Indico (minutes; the e2e uses a fraction,
shorter than the settings form allows, so that a token expires within the test).

Usage: INDICO_CONFIG=... python set_token_lifetime.py <minutes>
"""

import sys

from indico.core.db import db
from indico.web.flask.app import make_app


def main(minutes):
    app = make_app()
    with app.app_context():
        from indico_jpsp.plugin import JpspPlugin
        JpspPlugin.settings.set('token_lifetime_minutes', minutes)
        db.session.commit()


if __name__ == '__main__':
    main(float(sys.argv[1]))
