"""Requests per client and window, counted in the cache: the API and the open data downloads.

A fixed window per client (its IP address, read as the login throttle reads it behind trusted
proxies): `check(request, scope="api", limit=..., window=...)` counts the request and returns
None, or the number of seconds to wait when the client is over its limit. `key=` counts under
another key than the IP address (the registration form of events also counts per e-mail address,
hashed so that no address sits in the cache).
"""

import time

from django.core.cache import cache

from sps.accounts.throttling import client_ip


def client_key(request) -> str:
    return client_ip(request) or "unknown"


def check(request, *, scope: str, limit: int, window: int, key: str | None = None) -> int | None:
    """Count this request under `key` (default: the client's IP address); None when allowed, else
    the seconds until the window ends."""
    now = int(time.time())
    window_start = now - now % window
    key = f"ratelimit:{scope}:{key or client_key(request)}:{window_start}"
    # add() then incr(): atomic on the cache backends we use (memory, Redis).
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, window_start + window - now)
    return None


def message(wait: int) -> str:
    return (
        "Trop de requêtes\u00a0: la limite est atteinte pour votre adresse. "
        f"Réessayez dans {wait}\u00a0seconde{'s' if wait > 1 else ''}."
    )
