"""The edition both synthesis test modules start from: Créteil's second edition, published, with
figures declared (one of them « N.C. »)."""

from sps.syntheses.models import DeclaredFigures
from sps.territories.models import Academy
from tests.editions.factories import CampaignFactory, EditionFactory

YEAR = "2025-2026"


def creteil_edition():
    """(campaign, Créteil, its edition of YEAR)."""
    campaign = CampaignFactory(school_year=YEAR)
    creteil = Academy.objects.get(slug="creteil")
    edition = EditionFactory(campaign=campaign, academy=creteil, ordinal=2, published=True)
    DeclaredFigures.objects.create(
        edition=edition, actions_count=26, schools_count=None, primary=False, college=True, lycee=True, lycee_pro=True
    )
    return campaign, creteil, edition
