import pytest

pytest_plugins = ["tests.plugins.require_tools"]


def pytest_configure(config):
    """Build the URL configuration (and with it the API's pydantic schemas) before any test runs:
    a test under freezegun would otherwise be the first to import the API, and pydantic cannot
    build a schema for freezegun's fake `date` class."""
    import django
    from django.conf import settings

    if settings.configured:
        django.setup()
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 (imports every view module)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def reference(db):
    """The shipped reference: régions académiques, académies, départements."""
    from sps.territories.services import reference_load

    reference_load()
