class ActionError(Exception):
    """A refused change to a fiche action; `message` is French, for the user.

    `errors` maps a form field (or "missing", "sessions", "partners") to its messages so that
    the web layer can show each one next to its field and keep what the user typed.
    """

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class ModerationError(ActionError):
    """A workflow step that this person may not take on this fiche now."""
