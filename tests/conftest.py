import pytest

pytest_plugins = ["tests.plugins.require_tools"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def reference(db):
    """The shipped reference: régions académiques, académies, départements."""
    from sps.territories.services import reference_load

    reference_load()
