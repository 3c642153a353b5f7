from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "sps.files"
    label = "files"
    verbose_name = "Fichiers générés"
