from config.settings.base import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DSFR_USE_INTEGRITY_CHECKSUMS = False
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")  # noqa: F405
# Unit tests run tasks at once; tests/files/test_worker.py goes through the real database worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Catalogue answers are not kept between requests in the tests (tests/catalogue/test_cache.py turns
# it on): most tests write entries with factories, which do not go through the index.
CATALOGUE_CACHE_SECONDS = 0
