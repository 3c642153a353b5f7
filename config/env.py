"""The one place that reads the environment.

Every setting that varies between machines comes from an environment variable with a safe
development default; production refuses to start without the variables it needs.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPS_VAR_DIR", BASE_DIR / "var"))


def get(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def get_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def get_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"The environment variable {name} is required in production.")
    return value


def development_secret_key() -> str:
    """A key generated once per checkout and kept under var/, never in the repository."""
    if value := os.environ.get("SECRET_KEY"):
        return value
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url() -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
