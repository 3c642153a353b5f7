#!/usr/bin/env python3
"""Apply the glossary's renames (docs/glossary.md) to the code: one mechanical, idempotent pass.

    python3 bin/apply_glossary_renames.py          # rewrite the files, print what changed per file
    python3 bin/apply_glossary_renames.py --check  # change nothing, exit 1 if something is left

Porteur: `Action.owner` -> `created_by`, `Actor.OWNER` -> `CONTRIBUTOR`, `OWNER_EDITABLE` ->
`CONTRIBUTOR_EDITABLE`, `porteur_*` identifiers -> `contributor_*`. Temps fort: `ActionSession` ->
`Occurrence`, `action.sessions` -> `action.occurrences`, formset prefix, forms, templates, factories.

"sessions" also means Django's sessions (`request.session`, `django.contrib.sessions`, the
accounts app): the temps-fort renames of plain words (`sessions`, `session`) only run on the files
listed in TEMPS_FORT_FILES / TEMPS_FORT_VARIABLE_FILES, where the word only means temps forts.
Past migrations are never touched; the script writes one new migration
`sps/actions/migrations/NNNN_glossary_renames.py` (on the actions app's leaf) unless one exists.
Standard library only; paths are from this file. Then sort the imports it renamed and check:
    .venv/bin/ruff check --fix . && .venv/bin/ruff format .
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREES = ("sps", "templates", "tests", "bench", "static")
SUFFIXES = {".py", ".html", ".js", ".txt", ".md"}
SKIP_PARTS = {".venv", "node_modules", "var", "migrations", "__pycache__"}
SELF = {"bin/apply_glossary_renames.py", "tests/test_glossary.py"}

# Everywhere (these names only ever mean the glossary's concepts). Longer names first.
GLOBAL = [
    (r"\bsessions=\[\]", "occurrences=[]"),
    (r"\]\.owner = ", "].created_by = "),
    (r"([\"']|\bid_)sessions-(?=\d|TOTAL|INITIAL|MIN|MAX)", r"\1occurrences-"),
    (r"\bActionSessionInline\b", "OccurrenceInline"),
    (r"\bActionSessionFactory\b", "OccurrenceFactory"),
    (r"\bActionSession\b", "Occurrence"),
    (r"\bOWNER_EDITABLE\b", "CONTRIBUTOR_EDITABLE"),
    (r"\bActor\.OWNER\b", "Actor.CONTRIBUTOR"),
    (r"\bporteur_recipients\b", "contributor_recipients"),
    (r"\bnotify_porteurs\b", "notify_contributors"),
    (r"\bSESSION_EXTRA_ROWS\b", "OCCURRENCE_EXTRA_ROWS"),
    (r"\bSessionForm\b", "OccurrenceForm"),
    (r"\bsession_formset\b", "occurrence_formset"),
    (r"\bcheck_session\b", "check_occurrence"),
    (r"\b_clean_sessions\b", "_clean_occurrences"),
    (r"\bsession_when\b", "occurrence_when"),
    (r"\bsession_where\b", "occurrence_where"),
    # Action.owner (no other model of the project has an `owner`).
    (r"\baction\.owner_id\b", "action.created_by_id"),
    (r"\.owner_id\b", ".created_by_id"),
    (r"(?<![\w.])owner_id\b", "created_by_id"),
    (r"\baction\.owner\b", "action.created_by"),
    (r"\bActionFactory\(([^()]*?)\bowner=", r"ActionFactory(\1created_by="),
    (r"\.update\(owner=", ".update(created_by="),
    (r"\bQ\(owner=", "Q(created_by="),
    (r"\bowner=by\b", "created_by=by"),
    (r"\bowner=world\.", "created_by=world."),
    (r"\bowner=s\.users\b", "created_by=s.users"),
    (r"\bowner=porteur\b", "created_by=porteur"),
    (r"\bowner=contributor_client\b", "created_by=contributor_client"),
    # Test names saying porteur (`test_only_the_porteur_adds_…`).
    (r"(def test_\w*?)(?<=_)porteur(?=_|\()", r"\1contributor"),
]

# Files (relative to the root, or a prefix ending in "/") where `sessions` / `session` are temps forts.
TEMPS_FORT_FILES = (
    "sps/actions/",
    "sps/www/common/action_forms.py",
    "sps/www/pilotage/action_forms.py",
    "sps/www/pilotage/actions.py",
    "sps/common/errors.py",
    "templates/components/_action_form.html",
    "templates/components/_action_fields.html",
    "tests/actions/",
    "tests/www/espace/test_actions.py",
    "tests/www/common/test_errors.py",
    "tests/browser/test_action_journey.py",
)
TEMPS_FORT = [
    (r"\bid_sessions-", "id_occurrences-"),
    (r"\b_sessions\b", "_occurrences"),
    (r"\bsessions\b", "occurrences"),
    (r"\bSessions\b", "Occurrences"),
    (r"\b_session\(", "_occurrence("),
]
# Where the singular `session` is a temps fort (a loop or argument), never Django's session.
TEMPS_FORT_VARIABLE_FILES = (
    "sps/actions/documents.py",
    "sps/actions/rules.py",
    "sps/actions/services/drafts.py",
    "sps/actions/services/workflow.py",
    "templates/components/_action_fields.html",
    "tests/actions/test_drafts.py",
    "tests/actions/test_documents.py",
)
TEMPS_FORT_VARIABLE = [(r"(?<![\w.])session\b(?!_window_label)", "occurrence")]

# One file each: the definitions.
PER_FILE = {
    "sps/actions/enums.py": [
        (
            r'\bOWNER = "owner", "Porteur de projet"  # the owner,',
            'CONTRIBUTOR = "contributor", "Porteur de projet"  # the fiche\'s creator,',
        ),
        (r"\bOWNER = \"owner\"", 'CONTRIBUTOR = "contributor"'),
    ],
    "sps/actions/models.py": [
        (r'"owner",', '"created_by",'),
        (
            r'\bowner = models\.ForeignKey\(\n(\s+settings\.AUTH_USER_MODEL,\n(?:\s+[^\n]*\n)*?\s+)related_name="actions",',
            r'created_by = models.ForeignKey(\n\1related_name="actions_created",',
        ),
    ],
    "sps/actions/admin.py": [(r'"owner"', '"created_by"')],
    "sps/actions/notifications.py": [
        (r'select_related\(([^)]*)"owner"', r'select_related(\1"created_by"'),
        (r'"""The owner and every contributor', '"""The fiche\'s creator and every contributor'),
    ],
    # The logged-in porteur fixture.
    "tests/www/espace/test_actions.py": [(r"(?<![\w\"'])porteur\b(?![\"'])", "contributor_client")],
    "sps/actions/demo.py": [
        (r"\bporteur_name\b", "contributor_name"),
        (r"(?<![\"'\w])porteur\b(?![\"'])", "contributor"),
    ],
    "templates/pilotage/actions/action_detail.html": [(r"\baction\.owner\b", "action.created_by")],
}

MIGRATION = '''import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The glossary's renames (bin/apply_glossary_renames.py): temps fort and porteur."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("actions", "{leaf}"),
    ]

    operations = [
        migrations.RenameModel(old_name="ActionSession", new_name="Occurrence"),
        migrations.AlterField(
            model_name="occurrence",
            name="action",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="occurrences", to="actions.action"
            ),
        ),
        migrations.RenameField(model_name="action", old_name="owner", new_name="created_by"),
        migrations.AlterField(
            model_name="action",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions_created",
                to=settings.AUTH_USER_MODEL,
                verbose_name="porteur de projet",
            ),
        ),
    ]
'''


def _matches(rel: str, prefixes) -> bool:
    return any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in prefixes)


def _files():
    for tree in TREES:
        base = ROOT / tree
        if not base.exists():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if path.is_file() and path.suffix in SUFFIXES and not SKIP_PARTS & set(path.parts) and rel not in SELF:
                yield path, rel


def _rules_for(rel: str):
    rules = list(PER_FILE.get(rel, []))
    if _matches(rel, TEMPS_FORT_VARIABLE_FILES):
        rules += TEMPS_FORT_VARIABLE
    if _matches(rel, TEMPS_FORT_FILES):
        rules += TEMPS_FORT
    return rules + GLOBAL


def rewrite(text: str, rel: str) -> tuple[str, dict]:
    counts = {}
    for pattern, replacement in _rules_for(rel):
        text, n = re.subn(pattern, replacement, text)
        if n:
            counts[pattern] = counts.get(pattern, 0) + n
    return text, counts


def _migration(write: bool) -> str | None:
    folder = ROOT / "sps" / "actions" / "migrations"
    if list(folder.glob("*_glossary_renames.py")):
        return None
    names = sorted(p.stem for p in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))
    depended = set()
    for name in names:
        depended |= set(re.findall(r'\("actions", "(\d{4}_\w+)"\)', (folder / f"{name}.py").read_text()))
    leaves = [n for n in names if n not in depended]
    if len(leaves) != 1:
        sys.exit(f"actions has {len(leaves)} leaf migrations ({leaves}): run makemigrations --merge first")
    number = int(leaves[0][:4]) + 1
    target = folder / f"{number:04d}_glossary_renames.py"
    if write:
        target.write_text(MIGRATION.replace("{leaf}", leaves[0]))
    return target.relative_to(ROOT).as_posix()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a rename is left")
    args = parser.parse_args()
    changed = 0
    for path, rel in _files():
        text = path.read_text(encoding="utf-8")
        new, counts = rewrite(text, rel)
        if new != text:
            changed += 1
            summary = ", ".join(f"{p} ×{n}" for p, n in counts.items())
            print(f"{rel}: {summary}")
            if not args.check:
                path.write_text(new, encoding="utf-8")
    migration = _migration(write=not args.check)
    if migration:
        changed += 1
        print(f"{migration}: {'would be written' if args.check else 'written'}")
    if not changed:
        print("Nothing to rename.")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
