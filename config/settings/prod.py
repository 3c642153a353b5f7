"""Production: PostgreSQL, gunicorn behind a reverse proxy that terminates TLS.

See docs/deployment.md for the variables it requires.
"""

import dj_database_url

from config import env

# Checked before base.py runs: without it, base would write a development key under var/.
SECRET_KEY = env.required("SECRET_KEY")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS") or [env.required("ALLOWED_HOSTS")]
DATABASES = {"default": dj_database_url.parse(env.required("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one reverse proxy unless told otherwise (docs/deployment.md).
TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits the whole registrable domain and its subdomains in every browser for
# months: the domain's owner decides it, not this application. Hence W021 is silenced.
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Links in e-mails (invitations, password resets) are built from it: a default would send
# people to 127.0.0.1.
SITE_URL = env.required("SITE_URL").rstrip("/")
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
