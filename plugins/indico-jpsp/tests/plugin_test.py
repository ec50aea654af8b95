from indico.core.plugins import plugin_engine


def test_plugin_is_loaded():
    plugin = plugin_engine.get_plugin('jpsp')
    assert plugin is not None
    assert type(plugin).__module__ == 'indico_jpsp.plugin'
