"""The entries of a form's error summary (templates/components/_error_summary.html): every error
of a form and of its formsets, each linked to its field (`href="#id_…"`), in the order of the page."""

from django.forms.forms import NON_FIELD_ERRORS

CHOICE_WIDGETS = {"checkboxselectmultiple", "radioselect"}


def field_anchor(bound_field) -> str:
    """The id of the element a summary link moves to: the input itself, or the first box of a list
    of checkboxes or radio buttons (their <label for> has no single target)."""
    if bound_field.widget_type in CHOICE_WIDGETS:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def form_errors(form, *, label_prefix: str = "", anchor: str = "", names=None) -> list[dict]:
    """A form's errors as {"href", "label", "message"}: its own errors first (linked to `anchor` when
    given), then each field's, in the order of the fields. `names`: only those fields, without the
    form's own errors (for a page that puts other rows between two parts of the form)."""
    if not form.is_bound:
        return []
    href = f"#{anchor}" if anchor else ""
    entries = []
    if names is None:
        entries = [{"href": href, "label": label_prefix, "message": m} for m in form.non_field_errors()]
    for name in form.fields if names is None else [n for n in form.fields if n in names]:
        if name not in form.errors or name == NON_FIELD_ERRORS:
            continue
        bound_field = form[name]
        label = f"{label_prefix} — {bound_field.label}" if label_prefix else str(bound_field.label)
        href = f"#{field_anchor(bound_field)}"
        entries.extend({"href": href, "label": label, "message": message} for message in bound_field.errors)
    return entries


def formset_errors(formset, *, legend: str) -> list[dict]:
    """A formset's errors: those about all its rows (linked to the first row), then each row's, labelled
    « <legend> <n> — <field> » as the rows are on the page (components/_row_fields.html)."""
    if not formset.is_bound:
        return []
    entries = [
        {"href": f"#{formset.prefix}-0-fieldset", "label": legend, "message": message}
        for message in formset.non_form_errors()
    ]
    for number, row in enumerate(formset.forms, start=1):
        if row.errors:
            entries += form_errors(row, label_prefix=f"{legend} {number}", anchor=f"{row.prefix}-fieldset")
    return entries
