"""The base of every domain error: a change the domain refuses, explained in French."""


class DomainError(Exception):
    """A refused change. `message` is the French lead shown to the user; `errors` maps a field (the
    service's keyword, or a domain key such as "occurrences") to its French messages, so that the web
    layer (sps/www/common/errors.py) shows each one next to its field and keeps what was typed.
    `field`: shorthand for an error about one field only (errors={field: [message]})."""

    def __init__(self, message: str, errors: dict | None = None, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.errors = {key: [value] if isinstance(value, str) else list(value) for key, value in (errors or {}).items()}
        if field is not None and not self.errors:
            self.errors = {field: [message]}
        self.field = field

    def __str__(self) -> str:
        return self.message
