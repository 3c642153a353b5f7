from config.settings.base import *  # noqa: F403

DEBUG = True
DEMO_MODE = True
