"""Settings complete on their own, driven by environment variables (config/env.py)."""

import dj_database_url
from csp.constants import NONCE, SELF

from config import env

BASE_DIR = env.BASE_DIR

SECRET_KEY = env.development_secret_key()
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "ninja",  # the API's documentation page, from local static files
    "sps.territories",
    "sps.schools",
    "sps.accounts",
    "sps.audit",
    "sps.files",
    "sps.editions",
    "sps.actions",
    "sps.catalogue",
    "sps.events",
    "sps.syntheses",
    "sps.prizes",
    "sps.demo",
    "sps.www.common",
    "sps.www.public",
    "sps.www.espace",
    "sps.www.pilotage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # --- sps/www/common/middleware.py: NUL refused before any view; Permissions-Policy and
    # Cache-Control for logged-in users on every response.
    "sps.www.common.middleware.SecurityHeadersMiddleware",
    "sps.www.common.middleware.RejectNulMiddleware",
    # --- end
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dsfr.context_processors.site_config",
                "sps.www.common.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env.database_url(), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The catalogue's full-text counts and facets at 1,000,000 actions: with the server's 4 MB of
    # work_mem the bitmaps of a common word go lossy and every row is re-read; JIT compilation
    # costs more than it saves on these short queries (docs/performance.md). Per connection, so a
    # shared server keeps its own defaults. PG_WORK_MEM overrides the size.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c work_mem={env.get('PG_WORK_MEM', '64MB')} -c jit=off"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The throttle is in the backend, so every way to log in (the admin's included) shares it.
AUTHENTICATION_BACKENDS = ["sps.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "public:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (sps/accounts/throttling.py): after SLOWDOWN_AFTER failures of one
# (address, IP) pair within the window each new attempt must wait longer; after LOCK_AFTER the
# pair is locked (docs/security.md).
LOGIN_THROTTLE = {"WINDOW_SECONDS": 15 * 60, "SLOWDOWN_AFTER": 3, "LOCK_AFTER": 10, "LOCK_SECONDS": 15 * 60}
# « Mot de passe oublié »: at most PER_ADDRESS requests per address and PER_IP per IP in the window.
PASSWORD_RESET_THROTTLE = {"WINDOW_SECONDS": 60 * 60, "PER_ADDRESS": 3, "PER_IP": 10}
# How long the link that confirms a new log-in address stays valid (sps.accounts.services).
EMAIL_CHANGE_TIMEOUT = 2 * 24 * 60 * 60
INVITATION_VALIDITY_DAYS = 14
# How long personal data is kept (purge_personal_data, run daily). The periods are promised in
# years on the public page templates/public/personal_data.html: change both together.
RETENTION = {"INACTIVE_ACCOUNT_DAYS": 3 * 365, "ACTION_CONTACT_DAYS": 2 * 365, "BILAN_PHOTO_DAYS": 3 * 365}
# Registrations to an event are deleted this many months after it ended, only their counts kept
# (manage.py purge_event_registrations, run daily).
EVENT_REGISTRATION_RETENTION_MONTHS = int(env.get("EVENT_REGISTRATION_RETENTION_MONTHS", "12"))
# The public prize's voters' addresses are erased this many months after the vote closed, the
# counted votes kept without address and unconfirmed requests deleted (manage.py purge_prize_votes,
# run daily). Promised on templates/public/personal_data.html: change both together.
PRIZE_VOTE_RETENTION_MONTHS = int(env.get("PRIZE_VOTE_RETENTION_MONTHS", "3"))
# How many reverse proxies stand in front of the application (nginx: 1); the per-IP login
# throttle then reads the visitor's address from X-Forwarded-For instead of the proxy's.
TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.get("STATIC_ROOT", str(env.VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.get("MEDIA_ROOT", str(env.VAR_DIR / "media"))
# Files served only through views that check access (the kit's resources): never under MEDIA_ROOT,
# which the web server hands to anyone.
PRIVATE_MEDIA_ROOT = env.get("PRIVATE_MEDIA_ROOT", str(env.VAR_DIR / "private"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DIRECTORY_UPLOAD_MAX_BYTES = 200 * 1024 * 1024

EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get(
    "DEFAULT_FROM_EMAIL", "Semaine de la persévérance scolaire <ne-pas-repondre@education.gouv.fr>"
)
SITE_URL = env.get("SITE_URL", "http://127.0.0.1:8000")
# --- Contact shown to the public (the accessibility statement's feedback address): set it per
# deployment to a mailbox someone reads.
SPS_CONTACT_EMAIL = env.get("SPS_CONTACT_EMAIL", "perseverance-scolaire@education.gouv.fr")
# --- end

# --- Sessions by role (sps/accounts/sessions.py, docs/security.md) -------------------------
# Accounts that see pupils' photos (every pilot, relay and porteur): the session ends when the
# browser closes, and on the server SESSION_COOKIE_AGE after its last change. Accounts without
# a role keep a persistent session of SESSION_AGE_WITHOUT_ROLE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_AGE_WITHOUT_ROLE = 14 * 24 * 60 * 60
# --- end of sessions by role ---------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "sps.www.common.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere: the DSFR scripts are files, and the rare script of ours gets
# the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

# Background work (e-mails, exports, generated documents): Django's Tasks API. The default is the
# database backend, run by `manage.py db_worker` (make demo starts one beside the server). Several
# servers may use Redis instead (TASKS_BACKEND=rq, worker `manage.py rqworker --job-class
# django_tasks_rq.Job`): see docs/deployment.md.
TASKS_BACKEND = env.get("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}
RQ_QUEUES = {"default": {"URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 30 * 60}}
# Generated files (exports, posters) are kept this long after they are ready, then purged by the
# daily purge_personal_data.
GENERATED_FILE_TTL_HOURS = int(env.get("GENERATED_FILE_TTL_HOURS", "48"))

# --- Open data and API (docs/open-data.md, docs/api.md) -----------------------------------------
# Exports of the programme up to this many rows are written in the request; larger ones are built
# by a background task into a generated file (one for everyone until the catalogue changes).
OPEN_DATA_DIRECT_MAX = int(env.get("OPEN_DATA_DIRECT_MAX", "5000"))
# Requests per client (IP address) and window, counted in the cache (CACHES): the API, and the
# open data downloads. Above it: HTTP 429 with a French message and Retry-After.
API_RATE_LIMIT = {"REQUESTS": int(env.get("API_RATE_LIMIT", "120")), "WINDOW_SECONDS": 60}
# The cache that counts them: memory of each process by default (limits then apply per server
# process); CACHE_URL=redis://… shares the counts between processes and servers.
CACHE_URL = env.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sps"}
    )
}
# How long the catalogue keeps a search's facet counts and ranked pages (sps.catalogue.cache; 0:
# not kept). Any write to the catalogue leaves them behind at once, whatever this is.
CATALOGUE_CACHE_SECONDS = int(env.get("CATALOGUE_CACHE_SECONDS", "600"))
OPEN_DATA_RATE_LIMIT = {"REQUESTS": int(env.get("OPEN_DATA_RATE_LIMIT", "20")), "WINDOW_SECONDS": 60}
# The public registration form of events (sps/www/public/events.py), counted in the same cache: at
# most PER_IP registration attempts per client address (a whole school or rectorat may share one)
# and PER_EMAIL per e-mail address, all events together (no mailbox flooded with confirmations),
# in the window. Above it: HTTP 429, the form kept, a French message.
EVENT_REGISTRATION_RATE_LIMIT = {
    "PER_IP": int(env.get("EVENT_REGISTRATION_RATE_LIMIT_PER_IP", "30")),
    "PER_EMAIL": int(env.get("EVENT_REGISTRATION_RATE_LIMIT_PER_EMAIL", "10")),
    "WINDOW_SECONDS": 10 * 60,
}
# Public prize votes asked for per client (IP address) and window (sps/www/public/prizes.py); each
# address is limited too (sps/prizes/services.py).
PRIZE_VOTE_RATE_LIMIT = {"REQUESTS": int(env.get("PRIZE_VOTE_RATE_LIMIT", "10")), "WINDOW_SECONDS": 60 * 60}
# --- end of open data and API

DSFR_USE_INTEGRITY_CHECKSUMS = True
DEMO_MODE = env.get_bool("SPS_DEMO", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "WARNING")},
}
