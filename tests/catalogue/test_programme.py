"""The printable programme (sps/catalogue/programme.py): its scope from the query string, grouping
by day then commune, the undated section, and the PDF."""

import datetime
import re
import shutil
import subprocess

import pytest

from sps.catalogue import index
from sps.catalogue.programme import (
    NO_COMMUNE,
    ProgrammeError,
    build_programme,
    programme_pdf,
    programme_scope,
    render_programme_html,
)
from tests.actions import conftest as actions_conftest
from tests.actions.factories import ActionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
# The fiche tests' académie, time frozen on 15 January 2027 (tests/actions/conftest.py).
world, _frozen_today = actions_conftest.world, actions_conftest._frozen_today
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")

MON, TUE, WED = datetime.date(2027, 3, 15), datetime.date(2027, 3, 16), datetime.date(2027, 3, 17)


def _pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def published(world, title, *, school=None, occurrences=None, **kwargs):
    action = ActionFactory(
        published=True,
        edition=world.edition,
        schools=[school or world.school],
        title=title,
        occurrences=occurrences if occurrences is not None else [],
        **kwargs,
    )
    index.index_actions([action.pk])
    return action


def at(date, start=14, end=16, place="Salle polyvalente", public=True):
    return {
        "date": date,
        "start_time": datetime.time(start) if start is not None else None,
        "end_time": datetime.time(end) if end is not None else None,
        "place": place,
        "is_public": public,
    }


@pytest.fixture
def programme_world(world):
    creteil = SchoolFactory(department=world.department, bassin=world.bassin, commune="Créteil", name="Collège A")
    vitry = SchoolFactory(department=world.department, bassin=world.other_bassin, commune="Vitry-sur-Seine")
    arcueil = SchoolFactory(department=world.department, bassin=world.bassin, commune="Arcueil")
    published(world, "Théâtre forum", school=creteil, occurrences=[at(TUE, 14, 16, "Gymnase"), at(WED, 9, 11)])
    published(world, "Café des parents", school=vitry, occurrences=[at(TUE, 8, 9, "Hall")], is_flagship=True)
    published(world, "Arbre de la persévérance", school=arcueil, occurrences=[at(TUE, 10, None)])
    published(world, "Ateliers toute l'année", school=creteil, occurrences=[])
    published(world, "Réunion interne", school=creteil, occurrences=[at(MON, public=False)])
    # Neither in the académie's programme: another académie, and a fiche not published.
    ActionFactory(published=True, edition=world.foreign_edition, title="Ailleurs", schools=[world.foreign_school])
    ActionFactory(validated=True, edition=world.edition, title="Pas encore publiée", schools=[creteil])
    return world


def scope_of(world, **params):
    return programme_scope({"edition": "2026-2027", **params})


def test_grouped_by_day_then_commune_in_order(programme_world):
    programme = build_programme(scope_of(programme_world, academie=programme_world.academy.slug))
    assert [day.date for day in programme.days] == [TUE, WED]
    tuesday = programme.days[0]
    assert [c.name for c in tuesday.communes] == ["Arcueil", "Créteil", "Vitry-sur-Seine"]
    assert [i.entry.title for c in tuesday.communes for i in c.items] == [
        "Arbre de la persévérance",
        "Théâtre forum",
        "Café des parents",
    ]
    theatre = tuesday.communes[1].items[0]
    assert theatre.times == "14\u00a0h – 16\u00a0h" and theatre.places == ["Gymnase"]
    assert tuesday.communes[0].items[0].times == "10\u00a0h"
    assert [i.entry.title for c in programme.days[1].communes for i in c.items] == ["Théâtre forum"]
    # No public dated temps fort: the final section (a temps fort closed to the public is not shown).
    assert [i.entry.title for i in programme.undated] == ["Ateliers toute l'année", "Réunion interne"]
    assert programme.count == 5
    assert programme.period == "du 15 au 19 mars 2027"
    assert programme.has_toc


def test_a_bassin_and_a_department(programme_world):
    w = programme_world
    bassin = build_programme(scope_of(w, bassin=str(w.other_bassin.pk)))
    assert bassin.scope.level == "bassin" and not bassin.has_toc
    assert [i.entry.title for d in bassin.days for c in d.communes for i in c.items] == ["Café des parents"]
    department = build_programme(scope_of(w, departement=w.department.code))
    assert department.count == 5 and department.scope.territory_label == str(w.department)


def test_actions_without_commune_come_last(programme_world):
    w = programme_world
    published(
        w, "Forum du département", school=SchoolFactory(department=w.department, commune=""), occurrences=[at(TUE, 9)]
    )
    programme = build_programme(scope_of(w, academie=w.academy.slug))
    assert programme.days[0].communes[-1].name == NO_COMMUNE


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Choisissez une académie, un département ou un bassin."),
        ({"academie": "atlantide"}, "Cette académie n'existe pas."),
        ({"departement": "XX"}, "Ce département n'existe pas."),
        ({"bassin": "abc"}, "Ce bassin n'existe pas."),
        ({"bassin": "999999"}, "Ce bassin n'existe pas."),
    ],
)
def test_bad_params_give_french_messages(world, params, message):
    with pytest.raises(ProgrammeError) as error:
        programme_scope(params)
    assert error.value.message == message


def test_unpublished_or_missing_edition(world):
    with pytest.raises(ProgrammeError, match="Aucune édition publiée de l'académie de Créteil pour l'année 2030-2031"):
        programme_scope({"academie": world.academy.slug, "edition": "2030-2031"})
    world.edition.status = "draft"
    world.edition.save(update_fields=["status"])
    with pytest.raises(ProgrammeError):
        programme_scope({"academie": world.academy.slug, "edition": "2026-2027"})


def test_the_current_campaign_by_default(programme_world):
    scope = programme_scope({"academie": programme_world.academy.slug})
    assert scope.edition == programme_world.edition


def test_the_version_changes_with_the_content(programme_world):
    w = programme_world
    scope = scope_of(w, academie=w.academy.slug)
    before = scope.version()
    published(w, "Nouvelle action", occurrences=[at(TUE)])
    assert scope.version() != before


def test_html_escapes_and_has_a_table_of_contents(programme_world):
    w = programme_world
    published(w, "<script>alert(1)</script>", occurrences=[at(TUE)])
    html = render_programme_html(build_programme(scope_of(w, academie=w.academy.slug)))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'href="#jour-2027-03-16"' in html and "target-counter" in html
    bassin_html = render_programme_html(build_programme(scope_of(w, bassin=str(w.bassin.pk))))
    assert "Sommaire" not in bassin_html


@needs_pdftotext
def test_the_pdf_opens_and_holds_the_titles_by_day(programme_world):
    w = programme_world
    pdf = programme_pdf(build_programme(scope_of(w, academie=w.academy.slug)))
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    for expected in (
        "du 15 au 19 mars 2027",
        "Sommaire",
        "Mardi 16 mars 2027",
        "Mercredi 17 mars 2027",
        "Théâtre forum",
        "Café des parents",
        "Arbre de la persévérance",
        "Tout au long de la semaine",
        "Ateliers toute l'année",
    ):
        assert expected in text, expected
    assert text.index("Mardi 16 mars 2027") < text.index("Arbre de la persévérance") < text.index("Café des parents")
    assert "ACTION PHARE" in text  # text-transform: uppercase
    assert "Ailleurs" not in text and "Pas encore publiée" not in text


@needs_pdftotext
def test_an_empty_programme_still_prints(world):
    pdf = programme_pdf(build_programme(scope_of(world, academie=world.academy.slug)))
    assert "Aucune action n'est encore publiée" in _pdf_text(pdf)


@needs_pdftotext
def test_the_cover_has_the_editions_themes_and_dates(programme_world):
    w = programme_world
    scope = scope_of(w, bassin=str(w.bassin.pk))
    themes = [t.title for t in w.edition.themes.all()]
    assert themes  # the académie named its themes for the edition
    cover = _pdf_text(programme_pdf(build_programme(scope))).replace("\u00a0", " ")
    cover = cover[: cover.index("Mardi 16 mars 2027")]  # the first page, before the first day
    assert "Du 15 au 19 mars 2027" in cover
    assert f"Thèmes : {' · '.join(themes)}" in cover
    # Without themes of its own, the edition shows the campaign's theme.
    w.edition.themes.all().delete()
    w.edition.campaign.theme = "Tous acteurs de la persévérance"
    w.edition.campaign.save()
    scope = scope_of(w, bassin=str(w.bassin.pk))
    cover = _pdf_text(programme_pdf(build_programme(scope))).replace("\u00a0", " ")
    assert "Thème : Tous acteurs de la persévérance" in cover[: cover.index("Mardi 16 mars 2027")]


def _pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page (pdftotext puts a form feed between pages)."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return [" ".join(page.split()) for page in result.stdout.decode().split("\f")[:-1]]


@needs_pdftotext
def test_short_days_flow_on_one_page_and_the_contents_give_their_pages(world):
    # Three days of one action each: they share a page (each day on its own page left them almost blank).
    published(world, "Forum du lundi", occurrences=[at(MON)])
    published(world, "Théâtre du mardi", occurrences=[at(TUE)])
    published(world, "Café du mercredi", occurrences=[at(WED)])
    pages = _pdf_pages(programme_pdf(build_programme(scope_of(world, academie=world.academy.slug))))
    assert len(pages) == 3  # cover, contents, the three days
    assert "Sommaire" in pages[1]
    for day in ("Lundi 15 mars 2027", "Mardi 16 mars 2027", "Mercredi 17 mars 2027"):
        assert day in pages[2]
        # The contents' leader ends on the page number where the day is printed.
        assert re.search(rf"{day} \.+ ?3\b", pages[1]), day


@needs_pdftotext
def test_the_contents_page_numbers_follow_long_days(world):
    # Enough actions on Monday to fill more than a page: Tuesday starts further on, and says so.
    for n in range(40):
        published(world, f"Atelier numéro {n:02d}", occurrences=[at(MON)], description="Une action. " * 30)
    published(world, "Théâtre du mardi", occurrences=[at(TUE)])
    pages = _pdf_pages(programme_pdf(build_programme(scope_of(world, academie=world.academy.slug))))
    tuesday_page = next(i + 1 for i, text in enumerate(pages) if i > 1 and "Mardi 16 mars 2027" in text)
    assert tuesday_page > 3
    assert re.search(rf"Mardi 16 mars 2027 \.+ ?{tuesday_page}\b", pages[1])
    # A heading never ends a page without its first item.
    for text in pages[2:]:
        assert not text.rstrip().endswith("2027")


@pytest.mark.parametrize(
    "count, events, expected",
    [
        (0, 0, "0 action publiée"),
        (1, 0, "1 action publiée"),
        (14, 0, "14 actions publiées"),
        (17, 3, "14 actions et 3 événements publiés"),
        (2, 1, "1 action et 1 événement publiés"),
        (1, 1, "1 événement publié"),
        (2, 2, "2 événements publiés"),
    ],
)
def test_the_cover_counts_actions_and_events_apart(world, count, events, expected):
    from sps.catalogue.programme import Programme

    programme = Programme(scope=None, days=[], undated=[], count=count, events=events)
    assert programme.count_label == expected


@pytest.mark.parametrize(
    "carrier, places, expected",
    [
        ("École élémentaire Le Parc", ["École élémentaire Le Parc, Choisy-le-Roi"], ""),
        ("École élémentaire Le Parc", ["Gymnase municipal"], "École élémentaire Le Parc"),
        ("École élémentaire Le Parc", ["École élémentaire Le Parc", "Gymnase"], "École élémentaire Le Parc"),
        ("Collège Laplace", [], "Collège Laplace"),
    ],
)
def test_an_item_names_its_carrier_unless_the_place_already_does(carrier, places, expected):
    from sps.catalogue.models import CatalogueEntry
    from sps.catalogue.programme import ProgrammeItem

    item = ProgrammeItem(entry=CatalogueEntry(carrier_label=carrier), places=places)
    assert item.carrier == expected
