"""Every page of every space, opened in Chromium by the role that uses it and checked with axe-core.

The journeys check the pages they pass through; this sweep covers the others (forms, lists,
the kit, the idea bank, the editions) on one coherent data set: the demo's.
"""

import pytest

from sps.actions.enums import ActionStatus
from sps.actions.models import Action, IdeaModel
from sps.demo.services import DEMO_PASSWORD, demo_load
from sps.editions.models import Edition
from sps.events.demo import SEMINAR
from sps.events.models import Event
from sps.territories.models import Bassin
from tests.browser.helpers import assert_accessible, log_in, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    demo_load()
    edition = Edition.objects.current().get(academy__slug="creteil")
    return {
        "edition": edition,
        "published": Action.objects.filter(edition=edition, status=ActionStatus.PUBLISHED).order_by("pk").first(),
        "draft": Action.objects.filter(edition=edition, status=ActionStatus.DRAFT, schools__uai="0940176F").first(),
        "idea": IdeaModel.objects.filter(is_active=True, is_blank=False).first(),
        "bassin": Bassin.objects.filter(department__code="94").first(),
        "seminar": Event.objects.get(title=SEMINAR),
    }


def _sweep(page, paths):
    for path in paths:
        visit(page, path)
        assert_accessible(page)


def test_public_pages(page, demo):
    edition = demo["edition"]
    _sweep(
        page,
        [
            "/programme/",
            "/editions/",
            edition.get_absolute_url(),
            "/etablissements/?q=fresnes",
            "/etablissements/0940176F/",
            "/compte/revendiquer/0940176F/",
            "/compte/mot-de-passe/oublie/",
            "/espace/idees/",
            f"/espace/idees/{demo['idea'].slug}/",
            "/mentions-legales/",
            "/accessibilite/",
            "/donnees-personnelles/",
            demo["seminar"].get_absolute_url(),
            demo["seminar"].registrations.confirmed().first().get_absolute_url(),
        ],
    )


def test_contributor_pages(page, demo):
    log_in(page, "directrice.ecole@demo.sps.test", DEMO_PASSWORD)
    published, draft = demo["published"], demo["draft"]
    _sweep(
        page,
        [
            "/compte/",
            "/compte/supprimer/",
            "/compte/mot-de-passe/",
            "/espace/",
            "/espace/actions/nouvelle/",
            f"/espace/actions/{draft.pk}/",
            f"/espace/actions/{draft.pk}/modifier/",
            "/espace/kit/",
        ],
    )
    if published.schools.filter(uai="0940176F").exists():
        _sweep(page, [f"/espace/actions/{published.pk}/", f"/espace/actions/{published.pk}/bilan/"])


def test_academy_pilot_pages(page, demo):
    log_in(page, "pilote.creteil@demo.sps.test", DEMO_PASSWORD)
    edition, published = demo["edition"], demo["published"]
    _sweep(
        page,
        [
            "/pilotage/",
            "/pilotage/etablissements/",
            "/pilotage/bassins/",
            f"/pilotage/bassins/{demo['bassin'].pk}/",
            "/pilotage/invitations/",
            "/pilotage/editions/",
            f"/pilotage/editions/{edition.pk}/",
            f"/pilotage/editions/{edition.pk}/modifier/",
            f"/pilotage/editions/{edition.pk}/kit/",
            f"/pilotage/editions/{edition.pk}/kit/ajouter/",
            f"/pilotage/editions/{edition.pk}/kit/couleurs/",
            "/pilotage/kit/",
            "/pilotage/actions/",
            "/pilotage/actions/nouvelle/",
            "/pilotage/actions/sans-action/",
            f"/pilotage/actions/{published.pk}/",
            f"/pilotage/actions/{published.pk}/modifier/",
            "/pilotage/idees/",
            "/pilotage/idees/nouveau/",
            "/pilotage/evenements/",
            f"/pilotage/evenements/{demo['seminar'].pk}/",
            f"/pilotage/evenements/{demo['seminar'].pk}/modifier/",
            f"/pilotage/evenements/{demo['seminar'].pk}/emargement/",
            "/pilotage/syntheses/",
            f"/pilotage/syntheses/{edition.campaign.school_year}/creteil/",
            f"/pilotage/syntheses/{edition.campaign.school_year}/creteil/modifier/",
            "/pilotage/syntheses/2015-2016/creteil/axes/",
            "/pilotage/syntheses/2015-2016/creteil/chiffres-declares/",
            f"/pilotage/syntheses/{edition.campaign.school_year}/creteil/dossier-de-presse/",
        ],
    )


def test_national_pilot_pages(page, demo):
    log_in(page, "pilote.national@demo.sps.test", DEMO_PASSWORD)
    _sweep(
        page,
        [
            "/pilotage/",
            "/pilotage/annuaire/",
            "/pilotage/editions/campagnes/nouvelle/",
            "/pilotage/kit/national/",
            "/pilotage/syntheses/chiffres-declares/",
            "/pilotage/syntheses/2015-2016/",
            "/pilotage/syntheses/2015-2016/modifier/",
        ],
    )
