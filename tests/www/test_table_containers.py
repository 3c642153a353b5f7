"""A DSFR table scrolls sideways on a phone: its container must take the keyboard focus (tabindex="0"),
or a keyboard user cannot scroll it (axe: scrollable-region-focusable)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CONTAINER = re.compile(r'<div class="fr-table__container"([^>]*)>')


def test_every_table_container_takes_the_focus():
    missing = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in CONTAINER.finditer(line)
        if 'tabindex="0"' not in match.group(1)
    ]
    assert not missing, 'fr-table__container sans tabindex="0" : ' + ", ".join(missing)


def test_the_scan_finds_the_tables():
    assert len([p for p in TEMPLATES.rglob("*.html") if "fr-table__container" in p.read_text(encoding="utf-8")]) > 10
