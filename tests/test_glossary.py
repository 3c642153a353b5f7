"""One name per concept (docs/glossary.md): the old names of the porteur and the temps fort stay gone.

bin/apply_glossary_renames.py renames them; past migrations keep them (history) and are not read.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TREES = ("sps", "templates", "tests", "bench", "static")
SKIP_PARTS = {"migrations", "node_modules", ".venv", "var", "__pycache__"}
THIS = Path(__file__).resolve()

# Old name -> the glossary's name. Written out here, not read from the script.
OLD_NAMES = {
    r"\bActionSession\w*": "Occurrence (OccurrenceFactory, OccurrenceInline)",
    r"\baction\.owner\b|\baction\.owner_id\b": "action.created_by",
    r"\bActor\.OWNER\b": "Actor.CONTRIBUTOR",
    r"\bOWNER_EDITABLE\b": "CONTRIBUTOR_EDITABLE",
    r"\bporteur_recipients\b": "contributor_recipients",
    r"\bnotify_porteurs\b": "notify_contributors",
    r"\bSessionForm\b": "OccurrenceForm",
    r"\bSESSION_EXTRA_ROWS\b": "OCCURRENCE_EXTRA_ROWS",
    r"\bsession_formset\b": "occurrence_formset",
    r"\bcheck_session\b": "check_occurrence",
    r"\bsession_when\b|\bsession_where\b": "occurrence_when / occurrence_where",
    # (`event.sessions` is the events' own name, wherever it is read.)
    r"(?<!event)\.sessions\.(all|exists|count|get|values_list)\b": "action.occurrences",
    r"""prefetch_related\([^)]*["']sessions["']""": 'prefetch_related("occurrences")',
    r"""["']sessions-\d""": "the formset prefix « occurrences »",
    r"\bsessions__": "occurrences__",
    r"\bowner=": "created_by=",
}


# The events' own sessions keep the glossary's name (EventSession, Event.sessions, formset prefix
# « sessions »): the temps fort's old `sessions` patterns are not read in the events' files.
EVENT_SESSION_PATTERNS = {
    r"(?<!event)\.sessions\.(all|exists|count|get|values_list)\b",
    r"""prefetch_related\([^)]*["']sessions["']""",
    r"""["']sessions-\d""",
    r"\bsessions__",
}
EVENT_FILES = re.compile(r"(^|/)(events/|test_events\.py$|events\.py$|event_forms\.py$)")


def _sources():
    for tree in TREES:
        for path in sorted((ROOT / tree).rglob("*")):
            if path.suffix in {".py", ".html", ".js"} and not SKIP_PARTS & set(path.parts) and path != THIS:
                yield path


def test_the_scan_reads_the_code():
    names = {p.relative_to(ROOT).as_posix() for p in _sources()}
    assert {"sps/actions/models.py", "templates/components/_action_fields.html"} <= names
    assert not any("/migrations/" in n for n in names)


@pytest.mark.parametrize("pattern,new_name", OLD_NAMES.items())
def test_an_old_name_does_not_come_back(pattern, new_name):
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _sources()
        if not (pattern in EVENT_SESSION_PATTERNS and EVENT_FILES.search(path.relative_to(ROOT).as_posix()))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(pattern, line)
    ]
    assert not found, f"Say {new_name} (docs/glossary.md; bin/apply_glossary_renames.py renames):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "session = ActionSession(date=day)",
        "if action.owner_id:",
        "x = Actor.OWNER",
        'c.post(url, {"sessions-0-date": d})',
    ],
)
def test_the_patterns_catch_the_old_names(line):
    assert any(re.search(pattern, line) for pattern in OLD_NAMES)


def test_django_sessions_are_not_old_names():
    for line in ['request.session["k"] = 1', '"django.contrib.sessions"', "SESSION_COOKIE_AGE = 3600"]:
        assert not any(re.search(pattern, line) for pattern in OLD_NAMES)
