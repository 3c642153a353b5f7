from config import env
from config.settings.base import *  # noqa: F403

# The demo (make demo) shows the product's own French error pages, as in production: DEBUG is
# off unless asked for (DEBUG=1 make demo, to read Django's debug pages while developing).
# Static files are served by `runserver --insecure` (Makefile), uploaded media by config/urls.py.
DEBUG = env.get_bool("DEBUG", False)
SERVE_MEDIA = True
DEMO_MODE = True
