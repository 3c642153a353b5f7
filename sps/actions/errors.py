from sps.common.errors import DomainError


class ActionError(DomainError):
    """A refused change to a fiche action, the idea bank or a bilan (see DomainError).

    Besides form fields, `errors` may hold "missing" (the labels a fiche lacks to be submitted),
    "occurrences" and "partners" (messages about a row of the temps forts or partners)."""


class ModerationError(ActionError):
    """A workflow step that this person may not take on this fiche now."""
