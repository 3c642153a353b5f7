"""The partners' directory."""

from sps.actions import rules, selectors
from sps.actions.models import (
    Partner,
)


def partner_find_or_create(*, name: str, kind: str, academy, by, directory: list | None = None) -> Partner:
    """The directory's partner of that name, case, accents and punctuation aside (the académie's
    first, then a national one), or a new one of the académie. `directory`: the caller's
    selectors.partner_directory (the new partner is added to it)."""
    if directory is None:
        directory = selectors.partner_directory(academy=academy)
    found, _ = rules.partner_matches(name, directory)
    if found is not None:
        return found
    partner = Partner.objects.create(name=name, kind=kind, academy=academy, created_by=by)
    directory.insert(0, partner)
    return partner
