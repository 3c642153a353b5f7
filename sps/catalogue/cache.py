"""The catalogue's costly answers kept in the cache, until the catalogue changes.

A search over a common word at national size counts its facets over ~100,000 matches
(docs/performance.md): hundreds of milliseconds, for a result that only changes when the catalogue
does. During the week the public asks the same searches again and again (« théâtre »,
« orientation »), and the catalogue changes a few times a day. So the facet counts and the ids of a
ranked page are kept in Django's cache (CACHES: the memory of each process, or Redis shared between
them), under a key holding the catalogue's version token (`CatalogueVersion`): every write to the
catalogue changes the token (`bump`, called by `counts.refresh` after each change of entries, in the
writer's transaction), so an answer is never read after a publication, an edit or a take-down, by
any process. The same approach as a search engine's request cache, invalidated on refresh.

`CATALOGUE_CACHE_SECONDS` (0: off, as in the tests but those of this module) bounds how long an
answer stays; the token alone keeps them right.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from sps.catalogue.models import CatalogueVersion

VERSION_ID = 1


def bump() -> None:
    """The catalogue changed: every answer kept so far is left behind."""
    CatalogueVersion.objects.update_or_create(
        pk=VERSION_ID, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


def seconds() -> int:
    return int(getattr(settings, "CATALOGUE_CACHE_SECONDS", 0) or 0)


def remembered(kind: str, query, extra, compute):
    """`compute()`, or its value kept for the same `kind`, query (a CatalogueQuery), `extra` (any
    JSON-able value: a page's bounds) and catalogue version. One small query reads the version."""
    timeout = seconds()
    if timeout <= 0:
        return compute()
    token = CatalogueVersion.objects.filter(pk=VERSION_ID).values_list("token", flat=True).first()
    if token is None:  # never written (an empty catalogue): nothing worth keeping
        return compute()
    state = json.dumps([kind, query.to_params(), extra], sort_keys=True, default=str)
    key = f"sps:catalogue:{token}:{hashlib.sha256(state.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
