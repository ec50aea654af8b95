"""URL rules: everything lives under the event's management area."""

from indico.core.plugins import IndicoPluginBlueprint

from indico_jpsp.controllers import (RHBooklet, RHEventData, RHPaperFile, RHPapers, RHSettings, RHTestConnection,
                                     RHToken)


blueprint = IndicoPluginBlueprint('jpsp', __name__, url_prefix='/event/<int:event_id>/manage/jpsp')
blueprint.add_url_rule('/', 'booklet', RHBooklet)
blueprint.add_url_rule('/settings', 'settings', RHSettings, methods=('GET', 'POST'))
blueprint.add_url_rule('/settings/test-connection', 'test_connection', RHTestConnection, methods=('POST',))
blueprint.add_url_rule('/event.json', 'event_data', RHEventData)
blueprint.add_url_rule('/token.json', 'token', RHToken)
blueprint.add_url_rule('/papers.json', 'papers', RHPapers)
blueprint.add_url_rule('/papers/<int:contrib_id>/<int:file_id>/<filename>', 'paper_file', RHPaperFile)
