from django.apps import AppConfig


class SynthesesConfig(AppConfig):
    name = "sps.syntheses"
    label = "syntheses"
    verbose_name = "Synthèses"

    def ready(self):
        # The builder of the synthesis files (PDF, DOCX, XLSX) registers itself for the worker;
        # the dossier de presse (PDF, DOCX) likewise.
        from sps.syntheses import exports, press  # noqa: F401
