import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from sps.editions.enums import MilestoneKind
from sps.territories.models import Academy, Department
from tests.editions.factories import (
    CampaignFactory,
    EditionBassinFactory,
    EditionDateOverrideFactory,
    EditionFactory,
    EditionThemeFactory,
    MilestoneFactory,
)
from tests.territories.factories import BassinFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def creteil(reference):
    return Academy.objects.get(slug="creteil")


@pytest.fixture
def edition(creteil):
    """Créteil 2025-2026, 3rd edition, with a calendar, two themes and the Val-de-Marne a week earlier."""
    edition = EditionFactory(
        campaign=CampaignFactory(school_year="2025-2026", theme="Tous mobilisés contre le décrochage"),
        academy=creteil,
        ordinal=3,
        title="Semaine de la persévérance scolaire et de l'orientation",
        published=True,
        with_calendar=True,
        with_themes=True,
    )
    EditionDateOverrideFactory(
        edition=edition,
        department=Department.objects.get(code="94"),
        week_start=D(2026, 3, 9),
        week_end=D(2026, 3, 13),
        note="avec le forum départemental",
    )
    return edition


def _url(edition):
    return reverse("public:edition_detail", args=[edition.academy.slug, edition.campaign.school_year])


@freeze_time("2026-02-10")
def test_edition_page(client, edition, django_assert_num_queries):
    with django_assert_num_queries(8):  # the 7th: the kit de communication (its resources); the 8th: its prize
        response = client.get(_url(edition))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert "Semaine de la persévérance scolaire et de l&#x27;orientation</h1>" in content
    assert "3e édition" in content
    assert "Du lundi 16 au vendredi 20 mars 2026" in content
    assert "Val-de-Marne (94)\u00a0: du lundi 9 au vendredi 13 mars 2026 — avec le forum départemental" in content
    assert "Climat scolaire" in content and "Alliances éducatives" in content
    assert "Tous mobilisés contre le décrochage" in content
    # The timeline: the declaration period is under way, the programme finalisation comes next.
    assert content.index("Lancement de la communication") < content.index("Finalisation du programme")
    assert 'aria-current="step"' in content
    assert "En cours" in content and "Prochaine étape" in content and "Passé" in content
    assert "Déclarez vos actions avant le 28 février 2026." in content
    assert "onclick" not in content and "style=" not in content


def test_edition_page_is_public(client, edition):
    assert client.get(_url(edition)).status_code == 200  # anonymous, LoginRequiredMiddleware on


@freeze_time("2026-03-17")
def test_edition_page_during_the_week(client, edition):
    assert "C&#x27;est la semaine de la persévérance scolaire" in client.get(_url(edition)).content.decode()


def test_text_is_escaped(client, edition):
    EditionThemeFactory(edition=edition, title="<b>Gras</b>", text="<script>alert('x')</script>\nDeux lignes")
    MilestoneFactory(edition=edition, kind=MilestoneKind.OTHER, date=D(2026, 5, 5), text="<img src=x onerror=alert(1)>")
    content = client.get(_url(edition)).content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content and "<b>Gras" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "&lt;b&gt;Gras&lt;/b&gt;" in content


def test_participating_bassins_are_listed_pilot_first(client, edition):
    edition.all_bassins_participate = False
    edition.save()
    department = Department.objects.get(code="93")
    later = BassinFactory(department=department, name="District Est")
    pilot = BassinFactory(department=department, name="District Ouest")
    EditionBassinFactory(edition=edition, bassin=later, joined_on=D(2025, 10, 1))
    EditionBassinFactory(edition=edition, bassin=pilot, is_pilot=True, joined_on=D(2025, 9, 1))
    content = client.get(_url(edition)).content.decode()
    assert content.index("District Ouest (bassin pilote)") < content.index("District Est")


def test_unpublished_edition_is_404(client, creteil):
    draft = EditionFactory(academy=creteil, campaign=CampaignFactory(school_year="2025-2026"))
    assert client.get(_url(draft)).status_code == 404


@pytest.mark.parametrize("args", [("creteil", "2024-2025"), ("rennes", "2025-2026"), ("inconnue", "2025-2026")])
def test_other_addresses_are_404(client, edition, args):
    assert client.get(reverse("public:edition_detail", args=args)).status_code == 404


@freeze_time("2026-01-15")
def test_edition_list(client, edition, reference, django_assert_num_queries):
    EditionFactory(campaign=edition.campaign, academy=Academy.objects.get(slug="rennes"))  # draft: hidden
    old = EditionFactory(
        campaign=CampaignFactory(school_year="2024-2025"),
        academy=edition.academy,
        ordinal=2,
        published=True,
        week_start=D(2025, 3, 17),
        week_end=D(2025, 3, 21),
    )
    with django_assert_num_queries(4):
        response = client.get(reverse("public:edition_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert "Année scolaire 2025-2026" in content
    assert _url(edition) in content and _url(old) in content
    assert "Rennes" not in content


def test_edition_list_without_campaign(client, db):
    content = client.get(reverse("public:edition_list")).content.decode()
    assert "Aucune campagne n&#x27;est encore ouverte." in content or "Aucune campagne n'est encore ouverte." in content
