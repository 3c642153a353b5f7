"""Domain errors on forms: the one place that turns any DomainError into form errors."""

from collections.abc import Callable

from sps.common.errors import DomainError


def add_domain_error(
    form,
    error: DomainError,
    *,
    rename: dict[str, str] | None = None,
    elsewhere: dict[str, Callable[[str], None] | None] | None = None,
    default_field: str | None = None,
) -> None:
    """Put `error`'s messages on `form`: each next to its field when the form has it (`rename`: the
    service's key -> the form's field), through `elsewhere[key]` when the key belongs to another
    part of the page (a formset; None: not shown, e.g. "missing" whose lead says it all), at the
    top of the form otherwise. When no message was placed, the lead message goes next to
    `default_field` (or at the top)."""
    rename = rename or {}
    elsewhere = elsewhere or {}
    placed = False
    for key, messages in error.errors.items():
        key = rename.get(key, key)
        if key in elsewhere:
            if elsewhere[key] is None:
                continue
            for message in messages:
                elsewhere[key](message)
                placed = True
            continue
        for message in messages:
            form.add_error(key if key in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(default_field if default_field in form.fields else None, error.message)
