from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sps.editions.models import Campaign
from sps.syntheses.exports import FORMATS, render_synthesis
from sps.syntheses.synthesis import campaign_academies
from sps.territories.models import Academy


class Command(BaseCommand):
    help = "Produit la synthèse nationale d'une campagne (ou la synthèse d'une académie avec --academy)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="Année scolaire de la campagne, par exemple 2015-2016.")
        parser.add_argument("--academy", help="Code de l'académie (par exemple 24 pour Créteil), ou son nom.")
        parser.add_argument("--format", default="xlsx", help="html, pdf, docx ou xlsx.")
        parser.add_argument("--out", required=True, help="Fichier à écrire.")

    def handle(self, *args, **options):
        fmt = (options["format"] or "").lower()
        if fmt not in FORMATS:
            raise CommandError(f"Format inconnu : « {fmt} ». Formats prévus : {', '.join(FORMATS)}.")
        campaign = Campaign.objects.filter(school_year=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"Aucune campagne {options['campaign']} : importez d'abord ses chiffres ou ouvrez-la.")
        academy = None
        if options["academy"]:
            key = options["academy"].strip()
            academy = (
                campaign_academies(campaign).filter(code=key).first()
                or campaign_academies(campaign).filter(name__iexact=key).first()
                or campaign_academies(campaign).filter(slug=key.lower()).first()
            )
            if academy is None:
                known = Academy.objects.filter(code=key).first()
                if known is not None:
                    raise CommandError(f"{known} n'existait pas pendant la campagne {campaign.school_year}.")
                raise CommandError(f"Académie inconnue : « {key} » (indiquez son code, par exemple 24, ou son nom).")
        scope = str(academy) if academy else "nationale"
        _name, _type, data = render_synthesis(campaign=campaign, academy=academy, fmt=fmt)
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire {out} : {error.strerror}.") from error
        count = 1 if academy else campaign_academies(campaign).count()
        self.stdout.write(f"Synthèse {scope} {campaign.school_year} ({fmt}) : {count} académie(s) → {out}")
