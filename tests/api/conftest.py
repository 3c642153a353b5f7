import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no request counted against its client."""
    cache.clear()
    yield
    cache.clear()
