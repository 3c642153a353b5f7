"""`plain_text`: a fiche's text as typed, made safe for a page.

Everything is escaped first (so `<script>` is shown, never run); then lines starting with "- ",
"* " or "• " become a list and other line breaks become <br>. Usage:
`{% load actions_text %}{{ action.organisation|plain_text }}`; `fiche_label`: a field's label.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from sps.actions.fields import FIELDS

register = template.Library()

BULLETS = ("- ", "* ", "• ")


@register.filter(is_safe=True)
def plain_text(value) -> str:
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    html, paragraph, items = [], [], []

    def flush_paragraph():
        if paragraph:
            html.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def flush_items():
        if items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        bullet = next((b for b in BULLETS if line.startswith(b)), None)
        if bullet:
            flush_paragraph()
            items.append(escape(line[len(bullet) :].strip()))
        elif not line:
            flush_paragraph()
            flush_items()
        else:
            flush_items()
            paragraph.append(escape(line))
    flush_paragraph()
    flush_items()
    return mark_safe("".join(html))  # noqa: S308 - every piece of user text went through escape()


@register.simple_tag
def fiche_label(name: str) -> str:
    """A fiche field's French label, from sps.actions.fields: `{% fiche_label "organisation" %}`."""
    return FIELDS[name].label
