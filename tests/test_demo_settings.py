"""The demo (`make demo`, config.settings.dev) shows the product's French error pages, not Django's
English debug pages, and still serves its static files and media."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
settings.ALLOWED_HOSTS = ["testserver"]
response = Client().get("/cette-page-n-existe-pas/")
print(settings.DEBUG, response.status_code)
print(response.content.decode())
"""


def _run(tmp_path, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SPS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }
    if "DEBUG" not in extra:
        env.pop("DEBUG", None)
    return subprocess.run([sys.executable, "-c", SCRIPT], cwd=BASE_DIR, env=env, capture_output=True, text=True)


def test_demo_404_is_the_french_page(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    first_line, page = result.stdout.split("\n", 1)
    assert first_line == "False 404"
    assert "Page non trouvée" in page
    assert "Using the URLconf" not in page  # Django's debug page


def test_debug_pages_only_on_request(tmp_path):
    result = _run(tmp_path, DEBUG="1")
    assert result.stdout.split("\n", 1)[0] == "True 404"


def test_make_demo_serves_static_files_without_debug():
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "runserver --insecure" in makefile
