"""Every e-mail template is plain text: rendered without HTML escaping, subjects on one line.

The rendered mails are checked one by one in tests/actions/test_email_text.py and the accounts
tests (test_password, test_email_change); this test keeps a new template from forgetting it.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

EMAIL_DIR = Path(settings.BASE_DIR) / "templates" / "emails"
TEMPLATES = sorted(p.relative_to(EMAIL_DIR.parent).as_posix() for p in EMAIL_DIR.rglob("*.txt"))


def test_there_are_email_templates():
    assert len(TEMPLATES) >= 20


@pytest.mark.parametrize("name", TEMPLATES)
def test_email_template_turns_escaping_off(name):
    source = (EMAIL_DIR.parent / name).read_text()
    assert source.startswith("{% autoescape off %}"), name
    assert source.rstrip().endswith("{% endautoescape %}"), name


@pytest.mark.parametrize("name", [t for t in TEMPLATES if t.endswith("_subject.txt")])
def test_subject_keeps_apostrophes_and_ampersands(name):
    class Anything(str):
        def __getattr__(self, attr):
            return self

    value = Anything("L'erreur, quel bonheur ! Parents & profs")
    context = {key: value for key in ("action", "school", "edition", "deadline", "user", "comment", "new_email")}
    subject = render_to_string(name, context)
    assert "&#x27;" not in subject and "&amp;" not in subject
