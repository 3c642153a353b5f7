"""The indicators of a territory, on a hand-built académie where every figure is known in advance.

Créteil, campaign 2025-2026 (every number below is counted by hand from the fixture):

    school  kind                 open  EP    sector  bassin        fiches
    s1      collège              yes   REP+  public  A (94)        a1 published, a2 published
    s2      école élémentaire    yes   REP   public  A (94)        a3 published
    s3      lycée professionnel  yes   —     privé   B (94)        a4 submitted
    s4      lycée GT             yes   —     public  B (94)        a7 draft
    s5      collège              NO    —     public  A (94)        a5 published
    s6      CIO (not counted)    yes   —     public  B (94)        —
    s7      collège              yes   —     public  C (93)        a8 refused
    r1      collège (Rennes)     yes   REP   public  —             r published (never in Créteil's figures)

Bilans: a1 transmitted (élèves 30, parents N.C., personnels 0, partenaires N.C.); a3 transmitted
(élèves N.C., parents 12, personnels N.C., partenaires N.C.); a2 saved but NOT transmitted
(élèves 100: not counted).
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sps.accounts.enums import Role
from sps.actions.enums import ActionStatus, IdeaCategory, Level, Public
from sps.actions.models import Action, ActionPartner, Bilan, any_level_q, json_list_has
from sps.catalogue.enums import LEVEL_GROUP_OF, LevelGroup
from sps.schools.enums import PriorityEducation, SchoolKind, Sector
from sps.syntheses.enums import FigureSource
from sps.syntheses.indicators import Territory, list_has_any_q, territory_indicators
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.actions.factories import ActionFactory, IdeaModelFactory, OccurrenceFactory, PartnerFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

pytestmark = pytest.mark.django_db


class World:
    pass


def build_world():
    w = World()
    w.creteil = Academy.objects.get(slug="creteil")
    w.rennes = Academy.objects.get(slug="rennes")
    w.d94, w.d93 = Department.objects.get(code="94"), Department.objects.get(code="93")
    w.campaign = CampaignFactory(school_year="2025-2026")
    w.edition = EditionFactory(academy=w.creteil, campaign=w.campaign, published=True, ordinal=3)
    w.rennes_edition = EditionFactory(academy=w.rennes, campaign=w.campaign, published=True)
    w.bassin_a = BassinFactory(department=w.d94, name="Bassin A")
    w.bassin_b = BassinFactory(department=w.d94, name="Bassin B")
    w.bassin_c = BassinFactory(department=w.d93, name="Bassin C")

    def school(kind, bassin, **extra):
        return SchoolFactory(kind=kind, department=bassin.department, bassin=bassin, **extra)

    w.s1 = school(SchoolKind.COLLEGE, w.bassin_a, priority_education=PriorityEducation.REP_PLUS)
    w.s2 = school(SchoolKind.ELEMENTARY, w.bassin_a, priority_education=PriorityEducation.REP)
    w.s3 = school(SchoolKind.LYCEE_PRO, w.bassin_b, sector=Sector.PRIVATE, latitude=48.79, longitude=2.46)
    w.s4 = school(SchoolKind.LYCEE_GT, w.bassin_b, latitude=48.77, longitude=2.40)
    w.s5 = school(SchoolKind.COLLEGE, w.bassin_a, is_open=False)
    w.s6 = school(SchoolKind.CIO, w.bassin_b)
    w.s7 = school(SchoolKind.COLLEGE, w.bassin_c, latitude=48.91, longitude=2.44)
    w.r1 = SchoolFactory(
        kind=SchoolKind.COLLEGE, department=Department.objects.get(code="35"), priority_education="REP"
    )

    model = IdeaModelFactory(category=IdeaCategory.CLASSROOM)
    w.a1 = ActionFactory(
        edition=w.edition,
        published=True,
        schools=[w.s1],
        levels=[Level.SIXIEME, Level.CINQUIEME],
        publics=[Public.PUPILS, Public.PARENTS],
    )
    w.a2 = ActionFactory(
        edition=w.edition,
        published=True,
        schools=[w.s1],
        levels=[Level.TROISIEME],
        publics=[Public.PUPILS],
        occurrences=[],
    )
    w.a3 = ActionFactory(
        edition=w.edition,
        published=True,
        schools=[w.s2],
        levels=[Level.ELEMENTARY],
        publics=[Public.PUPILS],
        from_model=model,
    )
    OccurrenceFactory(action=w.a3, date=w.edition.week_start + datetime.timedelta(days=1))
    w.a4 = ActionFactory(edition=w.edition, submitted=True, schools=[w.s3])
    w.a5 = ActionFactory(edition=w.edition, published=True, schools=[w.s5], levels=[Level.SIXIEME])
    w.a7 = ActionFactory(edition=w.edition, schools=[w.s4])
    w.a8 = ActionFactory(edition=w.edition, refused=True, schools=[w.s7])
    w.rennes_action = ActionFactory(edition=w.rennes_edition, published=True, schools=[w.r1])
    ActionPartner.objects.create(action=w.rennes_action, partner=PartnerFactory(name="Partenaire breton"))

    w.p1 = PartnerFactory(name="Association des parents", kind="association")
    w.p2 = PartnerFactory(name="Ville de Créteil", kind="collectivite")
    ActionPartner.objects.create(action=w.a1, partner=w.p1)
    ActionPartner.objects.create(action=w.a2, partner=w.p1)
    ActionPartner.objects.create(action=w.a2, partner=w.p2)

    now = timezone.now()
    Bilan.objects.create(action=w.a1, participants_pupils=30, participants_staff=0, submitted_at=now)
    Bilan.objects.create(action=w.a3, participants_parents=12, submitted_at=now)
    Bilan.objects.create(action=w.a2, participants_pupils=100)  # saved, not transmitted
    Bilan.objects.create(action=w.rennes_action, participants_pupils=999, submitted_at=now)
    return w


@pytest.fixture
def world(reference):
    return build_world()


def academy_figures(w):
    return territory_indicators(territory=Territory.of_academy(w.creteil), campaign=w.campaign)


def by_code(rows):
    return {row.code: row for row in rows}


def test_actions_by_status_and_the_published_figures(world):
    r = academy_figures(world)
    expected = {
        "draft": 1,
        "submitted": 1,
        "changes_requested": 0,
        "validated": 0,
        "published": 4,
        "refused": 1,
        "withdrawn": 0,
    }
    assert {row.code: row.count for row in r.statuses} == expected
    assert r.total_actions == 7
    assert r.published == 4
    assert r.with_occurrence == 3  # a1, a3, a5 (a2 has none)
    assert r.occurrences == 4  # a3 has two
    assert r.bilans == 2  # a2's bilan is not transmitted
    assert r.with_partner == 2


def test_participants_sum_known_figures_and_count_the_nc_apart(world):
    r = academy_figures(world)
    got = {p.public: (p.total, p.not_reported) for p in r.participants}
    assert got == {
        Public.PUPILS: (30, 1),  # a2's 100 is in a bilan not transmitted
        Public.PARENTS: (12, 1),
        Public.STAFF: (0, 1),  # a1 said 0: a number, not N.C.
        Public.PARTNERS: (None, 2),  # nobody gave a figure: N.C., never 0
    }


def test_schools_involved_counted_once_closed_schools_out(world):
    r = academy_figures(world)
    # Open écoles/collèges/lycées of Créteil: s1 s2 s3 s4 s7 (s5 closed, s6 a CIO). Involved: s1 (two
    # actions, counted once) and s2.
    assert (r.schools.involved, r.schools.total) == (2, 5)
    assert r.schools.rate_label == "40,0\u00a0%"
    assert r.involved_elsewhere == 1  # s5, closed, carries a5
    assert r.schools_without_count == 3
    assert sorted(s["uai"] for s in r.schools_without) == sorted([world.s3.uai, world.s4.uai, world.s7.uai])


def test_schools_by_kind_priority_education_and_sector(world):
    r = academy_figures(world)
    kinds = {row.code: (row.involved, row.total) for row in r.by_kind if row.total}
    assert kinds == {
        SchoolKind.ELEMENTARY: (1, 1),
        SchoolKind.COLLEGE: (1, 2),
        SchoolKind.LYCEE_GT: (0, 1),
        SchoolKind.LYCEE_PRO: (0, 1),
    }
    assert {row.code: (row.involved, row.total) for row in r.by_priority} == {"REP+": (1, 1), "REP": (1, 1), "": (0, 3)}
    sectors = {row.code: (row.involved, row.total) for row in r.by_sector}
    assert sectors == {"public": (2, 4), "prive": (0, 1), "": (0, 0)}
    assert by_code(r.by_sector)[""].rate_label == "N.C."  # no school: no rate, not 0 %


def test_zones_blanches_bassins_and_departements(world):
    r = academy_figures(world)
    bassins = {row.label.split(" (")[0]: (row.involved, row.total) for row in r.bassins}
    assert bassins == {"Bassin A": (2, 2), "Bassin B": (0, 2), "Bassin C": (0, 1)}
    assert sorted(b.label for b in r.white_bassins) == ["Bassin B (94)", "Bassin C (93)"]
    departments = {row.code: (row.involved, row.total) for row in r.departments}
    assert departments == {"93": (0, 1), "94": (2, 4)}


def test_coverage_of_levels_publics_categories(world):
    r = academy_figures(world)
    assert {row.code: row.count for row in r.levels} == {
        "premier_degre": 1,
        "college": 3,
        "lycee": 0,
        "lycee_pro": 0,
        "post_bac": 0,
        "mlds": 0,
    }
    assert {row.code: row.count for row in r.publics} == {"eleves": 4, "parents": 2, "personnels": 0, "partenaires": 0}
    categories = {row.code: row.count for row in r.categories}
    assert categories["classe"] == 1 and categories["aucune"] == 3 and sum(categories.values()) == 4


def test_levels_and_publics_count_the_rows_the_list_filter_finds(world):
    """The figures read the JSON lists through `list_has_any_q` (the jsonb `?|` on PostgreSQL); the
    pilots' list filters with `json_list_has` (a LIKE on the JSON text). Codes that are the start or
    the end of another (« lycee » / « lycee_pro », « post_bac »), an empty list, a list with every
    public: both find the same fiches, group by group (run this file with a PostgreSQL
    DATABASE_URL to compare the two SQL forms)."""
    ActionFactory(
        edition=world.edition,
        published=True,
        schools=[world.s3],
        levels=[Level.LYCEE_PRO, Level.POST_BAC],
        publics=list(Public.values),
    )
    ActionFactory(edition=world.edition, published=True, schools=[world.s4], levels=[], publics=[])
    ActionFactory(edition=world.edition, published=True, schools=[world.s4], levels=[Level.TERMINALE, Level.MLDS])
    r = academy_figures(world)
    published = Action.objects.filter(edition=world.edition, status=ActionStatus.PUBLISHED)
    levels_of = {group: [lv for lv, of in LEVEL_GROUP_OF.items() if of == group] for group in LevelGroup.values}
    by_list_filter = {group: published.filter(any_level_q(levels)).count() for group, levels in levels_of.items()}
    assert (
        {row.code: row.count for row in r.levels}
        == by_list_filter
        == {
            "premier_degre": 1,
            "college": 3,
            "lycee": 1,
            "lycee_pro": 1,
            "post_bac": 1,
            "mlds": 1,
        }
    )
    for levels in levels_of.values():
        assert set(published.filter(list_has_any_q("levels", levels))) == set(published.filter(any_level_q(levels)))
    by_list_filter = {code: published.filter(json_list_has("publics", code)).count() for code in Public.values}
    assert (
        {row.code: row.count for row in r.publics}
        == by_list_filter
        == {
            "eleves": 6,
            "parents": 4,
            "personnels": 1,
            "partenaires": 1,
        }
    )


def test_partners(world):
    r = academy_figures(world)
    kinds = {row.code: (row.count, partners) for row, partners in r.partner_kinds if row.count}
    assert kinds == {"association": (2, 1), "collectivite": (1, 1)}
    assert [(row.label, row.count) for row in r.top_partners] == [
        ("Association des parents", 2),
        ("Ville de Créteil", 1),
    ]


def test_smaller_territories(world):
    department = territory_indicators(territory=Territory.of_department(world.d94), campaign=world.campaign)
    assert department.published == 4 and department.total_actions == 6  # a8 is carried in the 93
    assert (department.schools.involved, department.schools.total) == (2, 4)
    bassin = territory_indicators(territory=Territory.of_bassin(world.bassin_b), campaign=world.campaign)
    assert (bassin.total_actions, bassin.published) == (2, 0)
    assert (bassin.schools.involved, bassin.schools.total) == (0, 2)
    assert [b.label for b in bassin.white_bassins] == ["Bassin B (94)"]


def test_national_figures_and_comparison(world):
    r = territory_indicators(territory=Territory.national(), campaign=world.campaign)
    assert r.published == 5  # Créteil's 4 and Rennes' one
    assert r.participants[0].total == 30 + 999
    rows = {row.academy.slug: row for row in r.comparison}
    # Schools: the carrying schools s1, s2 and s5 (closed), as the evolution and the national XLSX count
    # them; the rate, the open schools involved (s1, s2) out of the 5 open ones.
    assert (rows["creteil"].actions, rows["creteil"].schools, rows["creteil"].open_schools) == (4, 3, 5)
    assert rows["creteil"].rate_label == "40,0\u00a0%"
    assert (rows["rennes"].actions, rows["rennes"].schools) == (1, 1)
    assert rows["creteil"].source == FigureSource.COUNTED
    assert rows["versailles"].actions is None and rows["versailles"].source == FigureSource.UNAVAILABLE


def test_the_national_xlsx_equals_the_indicators(world, tmp_path):
    """The national synthesis's XLSX and the dashboards say the same: per académie, the actions, the
    schools and the source of the national comparison, and the level boxes of the académie's levels."""
    from io import StringIO

    from django.core.management import call_command
    from openpyxl import load_workbook

    from sps.catalogue import index
    from sps.syntheses.models import DeclaredFigures

    index.index_actions(list(Action.objects.values_list("pk", flat=True)))  # the synthesis reads the catalogue
    bordeaux = EditionFactory(campaign=world.campaign, academy=Academy.objects.get(slug="bordeaux"), ordinal=2)
    DeclaredFigures.objects.create(edition=bordeaux, actions_count=40, schools_count=None, primary=False)
    lille = EditionFactory(campaign=world.campaign, academy=Academy.objects.get(slug="lille"), ordinal=1)
    ActionFactory(edition=lille, submitted=True)  # an edition opened, nothing published nor declared
    out = tmp_path / "synthese.xlsx"
    call_command("synthesis", "--campaign", world.campaign.school_year, "--out", str(out), stdout=StringIO())
    header, *rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    national = territory_indicators(territory=Territory.national(), campaign=world.campaign)
    expected = {
        row.label: (
            "N.C." if row.actions is None else row.actions,
            "N.C." if row.schools is None else row.schools,
            row.source_label,
        )
        for row in national.comparison
    }
    assert {row[0]: (row[3], row[4], row[9]) for row in rows} == expected
    assert expected["Créteil"] == (4, 3, "comptée") and expected["Bordeaux"] == (40, "N.C.", "déclarée")
    assert expected["Versailles"] == expected["Lille"] == ("N.C.", "N.C.", "non disponible")
    lille_evolution = territory_indicators(territory=Territory.of_academy(lille.academy), campaign=world.campaign)
    assert [(r.actions, r.schools, r.source_label) for r in lille_evolution.evolution] == [
        (None, None, "non disponible")
    ]
    for name, academy in (("Créteil", world.creteil), ("Rennes", Academy.objects.get(slug="rennes"))):
        levels = {
            row.code: row.count
            for row in territory_indicators(territory=Territory.of_academy(academy), campaign=world.campaign).levels
        }
        boxes = ["Oui" if levels[code] else "Non" for code in ("premier_degre", "college", "lycee", "lycee_pro")]
        assert list(next(row for row in rows if row[0] == name)[5:9]) == boxes, name


def test_evolution_across_the_academy_editions(world):
    older = EditionFactory(academy=world.creteil, campaign=CampaignFactory(school_year="2024-2025"), ordinal=2)
    ActionFactory(edition=older, published=True, schools=[world.s4])
    r = academy_figures(world)
    assert [(row.label, row.ordinal, row.actions, row.schools) for row in r.evolution] == [
        ("2024-2025", 2, 1, 1),
        ("2025-2026", 3, 4, 3),  # carrying schools of the published actions: s1, s2, s5
    ]


def test_queries_do_not_grow_with_the_data(world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            academy_figures(world)
            territory_indicators(territory=Territory.national(), campaign=world.campaign)
        return len(queries.captured_queries)

    before = count()
    bassin = BassinFactory(department=world.d94, name="Bassin D")
    for n in range(6):
        school = SchoolFactory(department=world.d94, bassin=bassin, kind=SchoolKind.COLLEGE)
        action = ActionFactory(edition=world.edition, published=True, schools=[school, world.s2])
        ActionPartner.objects.create(action=action, partner=PartnerFactory())
        Bilan.objects.create(action=action, participants_pupils=n, submitted_at=timezone.now())
    assert count() == before


# --- The dashboard pages --------------------------------------------------------------------------


def pilot(role, scope):
    user = UserFactory()
    grant(user, role, scope)
    return user


def list_count(client, url) -> int:
    """The number of fiches of the pilots' list at `url` (its table's caption)."""
    page = client.get(url).content.decode()
    return int(re.search(r"<caption>Fiches actions \((\d+)\)</caption>", page)[1])


def test_every_figure_links_to_as_many_fiches(client, world):
    client.force_login(pilot(Role.ACADEMY_PILOT, world.creteil))
    url = reverse("pilotage:indicators_academy", args=["2025-2026", "creteil"])
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    expected = {
        context["links"]["published"]: 4,
        context["links"]["with_occurrence"]: 3,
        context["links"]["bilans"]: 2,
        context["links"]["with_partner"]: 2,
    }
    tables = [context["statuses"], context["partner_kinds"], context["top_partners"], *context["coverage_tables"]]
    for table in tables:
        for row in table["rows"]:
            cell = row["cells"][0]
            if cell["url"]:
                expected[cell["url"]] = int(cell["text"].replace("\u202f", ""))
    # Participants: each sum links to the transmitted bilans, each N.C. to the bilans without that figure.
    for row in context["participants"]["rows"]:
        total, nc = row["cells"]
        if total["url"]:
            assert list_count(client, total["url"]) == 2
        expected[nc["url"]] = int(nc["text"])
    assert len(expected) > 20
    for link, figure in expected.items():
        assert list_count(client, link) == figure, link


def test_evolution_and_comparison_figures_link_to_their_fiches(client, world):
    """Actions and carrying schools of the évolution and of the comparison: links to the published
    fiches behind them (the schools' figure counts the distinct schools of that same list)."""
    client.force_login(pilot(Role.NATIONAL_PILOT, None))
    context = client.get(reverse("pilotage:indicators_national", args=["2025-2026"])).context
    creteil = next(item for item in context["comparison"] if item["row"].label == "Créteil")
    assert (creteil["actions"]["text"], creteil["schools"]["text"]) == ("4", "3")
    assert creteil["schools"]["url"] == creteil["actions"]["url"] != ""
    assert list_count(client, creteil["schools"]["url"]) == 4
    versailles = next(item for item in context["comparison"] if item["row"].label == "Versailles")
    assert versailles["schools"]["url"] == ""  # N.C.: nothing behind it
    client.force_login(pilot(Role.ACADEMY_PILOT, world.creteil))
    context = client.get(reverse("pilotage:indicators_academy", args=["2025-2026", "creteil"])).context
    [current] = [item for item in context["evolution"] if item["row"].label == "2025-2026"]
    assert current["schools"]["text"] == "3" and current["schools"]["url"] == current["actions"]["url"] != ""
    assert list_count(client, current["schools"]["url"]) == 4
    page = client.get(reverse("pilotage:indicators_academy", args=["2025-2026", "creteil"])).content.decode()
    assert f'<a href="{current["schools"]["url"]}">3<span class="fr-sr-only"> établissements porteurs' in page.replace(
        "&amp;", "&"
    )


def test_school_figures_link_to_the_fiches_of_those_schools(client, world):
    client.force_login(pilot(Role.ACADEMY_PILOT, world.creteil))
    context = client.get(reverse("pilotage:indicators_academy", args=["2025-2026", "creteil"])).context
    kinds, priority, sector = context["schools_tables"]
    rep_plus = next(row for row in priority["rows"] if row["label"] == "REP+")
    assert list_count(client, rep_plus["cells"][0]["url"]) == 2  # s1's a1 and a2
    public = next(row for row in sector["rows"] if row["label"] == "Public")
    assert list_count(client, public["cells"][0]["url"]) == 4  # a1 a2 a3 and a5 (s5, closed but public)
    college = next(row for row in kinds["rows"] if row["label"] == "Collège")
    assert list_count(client, college["cells"][0]["url"]) == 3  # a1 a2 a5


def test_the_page_shows_nc_and_zero_apart(client, world):
    client.force_login(pilot(Role.ACADEMY_PILOT, world.creteil))
    page = client.get(reverse("pilotage:indicators_academy", args=["2025-2026", "creteil"])).content.decode()
    partners_row = re.search(r"<th scope=\"row\">Partenaires</th>(.*?)</tr>", page, re.S)[1]
    assert "N.C." in partners_row
    staff_row = re.search(r"<th scope=\"row\">Personnels</th>(.*?)</tr>", page, re.S)[1]
    assert re.search(r">0<", staff_row) and "N.C." not in staff_row
    assert "Bassin B (94)" in page and "Bassin C (93)" in page  # zones blanches
    # The schools without a published action are points of the map (s3, s4, s7: each has coordinates).
    assert page.count('class="sps-map__point"') == 3
    assert (
        'id="indicators-map"' in page and "<svg" in page and "<script" not in page.split("<main")[1].split("</main>")[0]
    )


def test_home_redirects_to_the_users_own_territory(client, world):
    client.force_login(pilot(Role.BASSIN_RELAY, world.bassin_b))
    response = client.get(reverse("pilotage:indicators_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("pilotage:indicators_bassin", args=["2025-2026", world.bassin_b.pk])


@pytest.mark.parametrize(
    "role, allowed",
    [
        # (role over its territory) -> which dashboards it opens: France, Créteil, 94, bassin B, 93's bassin C, Rennes
        ("national", {"france", "creteil", "94", "bassin_b", "bassin_c", "rennes"}),
        ("academy", {"creteil", "94", "bassin_b", "bassin_c"}),
        ("department", {"94", "bassin_b"}),
        ("relay", {"bassin_b"}),
        ("other_academy", {"rennes"}),
    ],
)
def test_each_role_sees_its_territory_only(client, world, role, allowed):
    users = {
        "national": lambda: pilot(Role.NATIONAL_PILOT, None),
        "academy": lambda: pilot(Role.ACADEMY_PILOT, world.creteil),
        "department": lambda: pilot(Role.DEPARTMENT_PILOT, world.d94),
        "relay": lambda: pilot(Role.BASSIN_RELAY, world.bassin_b),
        "other_academy": lambda: pilot(Role.ACADEMY_PILOT, world.rennes),
    }
    client.force_login(users[role]())
    year = "2025-2026"
    urls = {
        "france": reverse("pilotage:indicators_national", args=[year]),
        "creteil": reverse("pilotage:indicators_academy", args=[year, "creteil"]),
        "94": reverse("pilotage:indicators_department", args=[year, "94"]),
        "bassin_b": reverse("pilotage:indicators_bassin", args=[year, world.bassin_b.pk]),
        "bassin_c": reverse("pilotage:indicators_bassin", args=[year, world.bassin_c.pk]),
        "rennes": reverse("pilotage:indicators_academy", args=[year, "rennes"]),
    }
    got = {name for name, url in urls.items() if client.get(url).status_code == 200}
    refused = {client.get(url).status_code for name, url in urls.items() if name not in allowed}
    assert got == allowed
    assert refused <= {404}


def test_contributors_have_no_dashboard(client, world):
    client.force_login(pilot(Role.SCHOOL_CONTRIBUTOR, world.s1))
    assert client.get(reverse("pilotage:indicators_academy", args=["2025-2026", "creteil"])).status_code == 403


def test_unknown_campaign_or_territory_is_404(client, world):
    client.force_login(pilot(Role.NATIONAL_PILOT, None))
    assert client.get(reverse("pilotage:indicators_national", args=["1999-2000"])).status_code == 404
    assert client.get(reverse("pilotage:indicators_department", args=["2025-2026", "XX"])).status_code == 404
    assert client.get(reverse("pilotage:indicators_bassin", args=["2025-2026", 999999])).status_code == 404


def test_home_lists_the_territories_of_a_pilot_with_several_roles(client, world):
    user = pilot(Role.BASSIN_RELAY, world.bassin_b)
    grant(user, Role.DEPARTMENT_PILOT, world.d93)
    client.force_login(user)
    response = client.get(reverse("pilotage:indicators_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("pilotage:indicators_bassin", args=["2025-2026", world.bassin_b.pk]) in page
    assert reverse("pilotage:indicators_department", args=["2025-2026", "93"]) in page


def test_home_without_any_campaign(client, reference):
    client.force_login(pilot(Role.ACADEMY_PILOT, Academy.objects.get(slug="creteil")))
    response = client.get(reverse("pilotage:indicators_home"))
    assert response.status_code == 200
    assert "Aucune campagne n'est encore ouverte" in response.content.decode()


def test_the_list_keeps_the_indicator_filters_and_ignores_bad_values(client, world):
    client.force_login(pilot(Role.ACADEMY_PILOT, world.creteil))
    url = reverse("pilotage:action_list")
    page = client.get(f"{url}?campagne=2025-2026&ep=REP%2B&status=published").content.decode()
    assert '<input type="hidden" name="ep" value="REP+">' in page
    assert "Fiches actions (2)" in page
    assert "Campagne\u00a0: 2025-2026" in page
    assert "porteur\u00a0: REP+" in page  # « Éducation prioritaire de l'établissement porteur : REP+ »
    # A value the filter does not know is dropped (the list, not an error).
    assert client.get(f"{url}?campagne=2025-2026&ep=ZEP&partenaire=abc&degre=x").status_code == 200
