"""Keyset pagination with an opaque cursor: the sort key of the last item of a page, encoded.

A page asks for `limit + 1` rows after the cursor's key; the extra row only says that a next page
exists. Walking the pages never skips nor repeats an unchanged item, whatever happens meanwhile,
and costs the same on page 1 and page 5,000 (an index range scan).
"""

import base64
import binascii
import datetime
import json

from django.db.models import Q

from sps.api.errors import ParamError

INVALID = "Le curseur est invalide ou a expiré\u00a0: reprenez la liste depuis le début (sans « cursor »)."


def encode(*values) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime.datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, types: tuple) -> tuple:
    """The key of `cursor`, each value converted by `types` (a 400 in French if it is not one of ours)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError
        out = []
        for kind, value in zip(types, values, strict=True):
            if kind is datetime.datetime:
                value = datetime.datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise ValueError
            elif kind is int:
                if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
                    raise ValueError
            elif not isinstance(value, kind) or len(value) > 100:
                raise ValueError
            out.append(value)
        return tuple(out)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError) as exc:
        raise ParamError("cursor", INVALID) from exc


def after(fields: tuple, key: tuple) -> Q:
    """Rows strictly after `key` in the order of `fields` (one unique field, or two: the second unique)."""
    if len(fields) == 1:
        return Q(**{f"{fields[0]}__gt": key[0]})
    first, second = fields
    return Q(**{f"{first}__gt": key[0]}) | Q(**{first: key[0], f"{second}__gt": key[1]})


def page(queryset, *, fields: tuple, types: tuple, cursor: str | None, limit: int):
    """(rows, next_cursor): at most `limit` rows of `queryset` after `cursor`, in the order of `fields`."""
    if cursor:
        queryset = queryset.filter(after(fields, decode(cursor, types)))
    rows = list(queryset.order_by(*fields)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode(*(getattr_path(rows[-1], f) for f in fields)) if more else None
    return rows, next_cursor


def getattr_path(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
