"""The production settings pass Django's deployment checks and refuse to start incomplete.

Each check runs `manage.py` in a subprocess with a clean environment, as a server would.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def prod_env(tmp_path):
    """The environment production requires (docs/deployment.md), nothing inherited from the test run."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SPS_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "perseverance.education.gouv.fr",
        "CSRF_TRUSTED_ORIGINS": "https://perseverance.education.gouv.fr",
        # check --deploy does not connect: the server needs not exist.
        "DATABASE_URL": "postgres://sps:secret@127.0.0.1:5432/sps",
        "SITE_URL": "https://perseverance.education.gouv.fr",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issue(prod_env):
    result = manage(prod_env, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output, output


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"])
def test_prod_refuses_to_start_without(prod_env, name):
    del prod_env[name]
    result = manage(prod_env, "check")
    assert result.returncode != 0
    assert f"The environment variable {name} is required in production." in result.stderr


def test_prod_never_generates_a_secret_key(prod_env):
    """Without SECRET_KEY, production stops instead of using a key generated on the machine."""
    del prod_env["SECRET_KEY"]
    manage(prod_env, "check")
    assert not (Path(prod_env["SPS_VAR_DIR"]) / "secret_key").exists()
