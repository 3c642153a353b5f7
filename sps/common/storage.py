"""Private files: stored outside MEDIA_ROOT, never given a URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """PRIVATE_MEDIA_ROOT, read when used (so that tests can move it): no URL, the files are
    served by views that check who asks (the kit: sps/www/espace/kit.py; bilan photos:
    sps/www/common/files.py). Used by editions (the kit) and actions (bilans)."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None
