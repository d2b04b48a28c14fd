# The shared fixtures live in tests/fixtures.py so that the plugins' own tests (plugins/*/tests,
# examples/*/tests) can use them too.
pytest_plugins = ["tests.fixtures"]
