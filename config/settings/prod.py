"""Production: PostgreSQL, gunicorn behind a reverse proxy that terminates TLS.

See docs/deployment.md for the variables it requires.
"""

import dj_database_url

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.required("SECRET_KEY")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS") or [env.required("ALLOWED_HOSTS")]
DATABASES = {"default": dj_database_url.parse(env.required("DATABASE_URL"), conn_max_age=60)}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
