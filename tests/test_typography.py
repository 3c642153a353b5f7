"""French typography: a no-break space (U+00A0) before « : ; ! ? » and inside guillemets, in the
templates (e-mails included), the messages of sps/ and the texts it ships (bin/french_typography.py).

The expected texts are written with "\u00a0" so that the intent is visible."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("french_typography", ROOT / "bin" / "french_typography.py")
typography = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(typography)

NB = "\u00a0"


def test_templates_messages_and_shipped_texts_use_no_break_spaces():
    found = typography.problems()
    listing = "\n".join(f"{path.relative_to(ROOT)}:{number}: {line.strip()}" for path, number, line in found)
    assert not found, f"Espace ordinaire avant : ; ! ? » ou après « (python3 bin/french_typography.py) :\n{listing}"


def test_the_check_reads_templates_emails_python_and_data():
    paths = {path.relative_to(ROOT).as_posix() for path in typography.all_files()}
    assert "templates/public/home.html" in paths
    assert "templates/emails/actions/submitted.txt" in paths
    assert "sps/actions/rules.py" in paths
    assert "sps/actions/data/idea_models.json" in paths
    assert not any("/migrations/" in path for path in paths)


def test_check_mode_lists_file_and_line_and_fails(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(typography, "ROOT", tmp_path)
    page = tmp_path / "page.html"
    page.write_text("<h1>Titre</h1>\n<p>Et maintenant ?</p>\n", encoding="utf-8")
    assert typography.main(["--check", str(page)]) == 1
    assert "page.html:2: <p>Et maintenant ?</p>" in capsys.readouterr().out
    assert page.read_text(encoding="utf-8") == "<h1>Titre</h1>\n<p>Et maintenant ?</p>\n"
    assert typography.main([str(page)]) == 0
    assert page.read_text(encoding="utf-8") == f"<h1>Titre</h1>\n<p>Et maintenant{NB}?</p>\n"
    assert typography.main(["--check", str(page)]) == 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("<p>Motif : {{ reason }}</p>", f"<p>Motif{NB}: {{{{ reason }}}}</p>"),
        ("<p>Et maintenant ?</p>", f"<p>Et maintenant{NB}?</p>"),
        ("Bravo !\nÀ bientôt ;\n", f"Bravo{NB}!\nÀ bientôt{NB};\n"),
        ("Et maintenant ?", f"Et maintenant{NB}?"),
        ("<p>La fiche « {{ title }} » est publiée.</p>", f"<p>La fiche «{NB}{{{{ title }}}}{NB}» est publiée.</p>"),
        ("<p>{{ label }} : {{ value }}</p>", f"<p>{{{{ label }}}}{NB}: {{{{ value }}}}</p>"),
        ("<p><strong>Pour :</strong> tous</p>", f"<p><strong>Pour{NB}:</strong> tous</p>"),
        ('<nav aria-label="vous êtes ici :">', f'<nav aria-label="vous êtes ici{NB}:">'),
        (
            '<form aria-label="Retirer « {{ model.title }} »">',
            f'<form aria-label="Retirer «{NB}{{{{ model.title }}}}{NB}»">',
        ),
        # Already right: unchanged.
        (
            f"<p>Motif{NB}: {{{{ reason }}}}{NB}; «{NB}x{NB}»</p>",
            f"<p>Motif{NB}: {{{{ reason }}}}{NB}; «{NB}x{NB}»</p>",
        ),
    ],
)
def test_template_prose_gets_no_break_spaces(before, after):
    assert typography.fix_template(before) == after
    assert typography.fix_template(after) == after  # idempotent


@pytest.mark.parametrize(
    "code",
    [
        "<p>Le rendez-vous est à 10:30, {{ when|date:'H:i' }}.</p>",
        '<a href="https://example.org/?a=1&b=2">lien</a>',
        '<a href="{% url "public:home" %}?page=2">suivant</a>',
        '<p class="a : b" style="color : red" data-x="a ; b">texte</p>',
        "{% if a != 'b' %}x{% endif %}{{ value|default:\"a : b\" }}",
        "{# note : rien #}{% comment %}Bloc : rien ; ici ?{% endcomment %}",
        '<script type="application/ld+json">{"name" : "a ; b"}</script>',
        "<script nonce=\"x\">if (a ? b : c) { alert('!') }</script>",
        "<style>p { color : red ; }</style>",
        "<!-- commentaire : rien -->",
        "{% verbatim %}a : b{% endverbatim %}",
        "<p>Voir http://example.org ou ftp://x.</p>",
    ],
)
def test_template_code_is_left_alone(code):
    assert typography.fix_template(code) == code


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('x = "Motif : {}"', f'x = "Motif{NB}: {{}}"'),
        ('x = f"{label} : indiquez un nombre"', f'x = f"{{label}}{NB}: indiquez un nombre"'),
        ('x = f"Une fiche « {status} »."', f'x = f"Une fiche «{NB}{{status}}{NB}»."'),
        ("x = 'Et maintenant ?'", f"x = 'Et maintenant{NB}?'"),
        ('x = " ; ".join(parts)', f'x = "{NB}; ".join(parts)'),
        ('x = "Ces fiches :\\n"', f'x = "Ces fiches{NB}:\\n"'),
    ],
)
def test_python_messages_get_no_break_spaces(before, after):
    assert typography.fix_python(before) == after
    assert typography.fix_python(after) == after  # idempotent


@pytest.mark.parametrize(
    "code",
    [
        '"""Docstring : left as written ?"""\n',
        'def f():\n    """Docstring : left ; too."""\n    return 1\n',
        "# Comment : left ?\nx = 1\n",
        'x = r"regex : (a|b) ?"\n',
        'x = b"bytes : x"\n',
        'x = f"{a if b else c} {d:%H:%M}"\n',
        'x = "%H:%M", "10:30", "https://example.org/?q=1"\n',
        "x = f\"{'a : b' if c else 'd'}\"\n",
        'logger.info("Sent %s mails: %s", n, ok)\n',
    ],
)
def test_python_code_docstrings_and_comments_are_left_alone(code):
    assert typography.fix_python(code) == code


def test_json_strings_get_no_break_spaces_keys_and_syntax_do_not():
    before = '{"summary": "Le formulaire vierge : décrivez « votre » action.", "n" : 1}'
    after = f'{{"summary": "Le formulaire vierge{NB}: décrivez «{NB}votre{NB}» action.", "n" : 1}}'
    assert typography.fix_json(before) == after
    assert typography.fix_json(after) == after
