"""Shared partials live in templates/components/, each saying what it takes; every include resolves."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def test_every_included_template_exists():
    included = {name for path in TEMPLATES.rglob("*.html") for name in INCLUDE.findall(path.read_text())}
    assert included
    for name in sorted(included):
        get_template(name)


def test_partials_used_by_several_areas_are_components():
    """A partial of espace/ or pilotage/ included from the other area belongs in components/."""
    for area, other in (("espace", "pilotage"), ("pilotage", "espace")):
        for path in (TEMPLATES / other).rglob("*.html"):
            crossing = [name for name in INCLUDE.findall(path.read_text()) if name.startswith(f"{area}/")]
            assert not crossing, f"{path.relative_to(TEMPLATES)} includes {crossing}: move them to components/"


def test_components_say_what_they_take():
    for path in (TEMPLATES / "components").glob("_*.html"):
        head = path.read_text()[:600]
        assert head.startswith("{% comment %}") and "Takes" in head, f"components/{path.name}: say what it takes"
