import datetime

import pytest

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.editions import services
from sps.editions.enums import EditionStatus, MilestoneKind
from sps.editions.models import Campaign, Edition
from sps.editions.services import EditionError
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import (
    CampaignFactory,
    EditionBassinFactory,
    EditionDateOverrideFactory,
    EditionFactory,
    EditionThemeFactory,
    MilestoneFactory,
)
from tests.territories.factories import AcademyFactory, BassinFactory, DepartmentFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def _entries(obj):
    return list(AuditEntry.objects.for_object(obj).values_list("verb", flat=True))


@pytest.fixture
def national():
    user = UserFactory()
    grant(user, Role.NATIONAL_PILOT)
    return user


@pytest.fixture
def academy():
    return AcademyFactory()


@pytest.fixture
def academy_pilot(academy):
    user = UserFactory()
    grant(user, Role.ACADEMY_PILOT, academy)
    return user


@pytest.fixture
def campaign():
    return CampaignFactory(school_year="2025-2026")


WEEK = {"week_start": D(2026, 3, 16), "week_end": D(2026, 3, 20)}


# --- campaign_open ---------------------------------------------------------------------------


def test_national_pilot_opens_a_campaign(national):
    campaign = services.campaign_open(
        school_year=" 2025-2026 ", theme=" Climat scolaire ", message="Bonjour", by=national
    )
    assert (campaign.school_year, campaign.theme, campaign.opened_by) == ("2025-2026", "Climat scolaire", national)
    entry = AuditEntry.objects.get(verb="editions.campaign.opened")
    assert entry.target == campaign
    assert entry.user == national
    assert entry.data["school_year"] == "2025-2026"


def test_only_national_pilots_open_campaigns(academy_pilot):
    with pytest.raises(EditionError, match="pilote national"):
        services.campaign_open(school_year="2025-2026", by=academy_pilot)
    assert not Campaign.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("year", ["2025", "2025-2027", "abcd-efgh", ""])
def test_campaign_year_is_checked(national, year):
    with pytest.raises(EditionError, match="2025-2026"):
        services.campaign_open(school_year=year, by=national)


def test_a_campaign_opens_once(national, campaign):
    with pytest.raises(EditionError, match="déjà ouverte"):
        services.campaign_open(school_year="2025-2026", by=national)


# --- edition_create --------------------------------------------------------------------------


def test_academy_pilot_creates_the_edition_with_everything(academy, academy_pilot, campaign):
    department = DepartmentFactory(academy=academy)
    pilot_bassin = BassinFactory(department=department)
    other_bassin = BassinFactory(department=department)
    edition = services.edition_create(
        campaign=campaign,
        academy=academy,
        by=academy_pilot,
        title="  Semaine de la persévérance scolaire et de l'orientation ",
        all_bassins_participate=False,
        themes=[{"title": "Climat scolaire", "text": "Bien-être"}, {"title": "Orientation", "text": ""}],
        milestones=[
            {
                "kind": MilestoneKind.DECLARATION_DEADLINE,
                "date": D(2026, 1, 22),
                "end_date": D(2026, 3, 28),
                "text": "",
            },
            {"kind": MilestoneKind.LAUNCH, "date": D(2026, 1, 22), "end_date": None, "text": "Courrier"},
        ],
        date_overrides=[{"department": department, "week_start": D(2026, 1, 19), "week_end": D(2026, 1, 23)}],
        bassins=[pilot_bassin, other_bassin],
        pilot_bassin=pilot_bassin,
        **WEEK,
    )
    edition = Edition.objects.with_calendar().get(pk=edition.pk)
    assert edition.status == EditionStatus.DRAFT
    assert edition.ordinal == 1
    assert edition.title == "Semaine de la persévérance scolaire et de l'orientation"
    assert [t.title for t in edition.themes.all()] == ["Climat scolaire", "Orientation"]
    assert edition.declaration_deadline == D(2026, 3, 28)
    assert edition.date_overrides.get().department == department
    participations = list(edition.bassin_participations.all())
    assert [(p.bassin, p.is_pilot) for p in participations] == [(pilot_bassin, True), (other_bassin, False)]
    entry = AuditEntry.objects.get(verb="editions.edition.created")
    assert entry.target == edition and entry.user == academy_pilot
    assert entry.data["campaign"] == "2025-2026"
    assert entry.data["themes"] == 2
    assert entry.data["fields"]["week_start"] == "2026-03-16"


def test_national_pilot_may_create_any_edition(national, academy, campaign):
    assert services.edition_create(campaign=campaign, academy=academy, by=national, **WEEK).academy == academy


@pytest.mark.parametrize("role", [Role.DEPARTMENT_PILOT, Role.BASSIN_RELAY, Role.SCHOOL_CONTRIBUTOR, "other_academy"])
def test_others_may_not_create_the_edition(academy, campaign, role):
    from tests.schools.factories import SchoolFactory

    user = UserFactory()
    department = DepartmentFactory(academy=academy)
    scope = {
        Role.DEPARTMENT_PILOT: department,
        Role.BASSIN_RELAY: BassinFactory(department=department),
        Role.SCHOOL_CONTRIBUTOR: SchoolFactory(department=department),
        "other_academy": AcademyFactory(),
    }[role]
    grant(user, Role.ACADEMY_PILOT if role == "other_academy" else role, scope)
    with pytest.raises(EditionError, match="Vous ne pouvez pas"):
        services.edition_create(campaign=campaign, academy=academy, by=user, **WEEK)
    assert not Edition.objects.exists()


def test_one_edition_per_campaign_and_academy(academy, academy_pilot, campaign):
    EditionFactory(campaign=campaign, academy=academy)
    with pytest.raises(EditionError, match="existe déjà"):
        services.edition_create(campaign=campaign, academy=academy, by=academy_pilot, **WEEK)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"week_start": D(2026, 3, 20), "week_end": D(2026, 3, 16)}, "après la date de début"),
        ({"week_start": D(2025, 3, 16), "week_end": D(2025, 3, 20)}, "année scolaire 2025-2026"),
        ({"week_start": None, "week_end": None}, "Indiquez les dates"),
        ({**WEEK, "title": "   "}, "titre"),
        ({**WEEK, "themes": [{"title": " ", "text": ""}]}, "Chaque thème"),
        (
            {**WEEK, "milestones": [{"kind": MilestoneKind.LAUNCH, "date": D(2025, 8, 31)}]},
            "du 1er septembre 2025 au 31 août 2026",
        ),
        (
            {**WEEK, "milestones": [{"kind": MilestoneKind.LAUNCH, "date": D(2026, 2, 1), "end_date": D(2026, 1, 1)}]},
            "après la date de début",
        ),
        (
            {
                **WEEK,
                "milestones": [
                    {"kind": MilestoneKind.DECLARATION_DEADLINE, "date": D(2026, 2, 1)},
                    {"kind": MilestoneKind.DECLARATION_DEADLINE, "date": D(2026, 2, 2)},
                ],
            },
            "qu'une étape «\u00a0Date limite de déclaration des actions\u00a0»",
        ),
    ],
)
def test_edition_data_is_checked(academy, academy_pilot, campaign, kwargs, message):
    with pytest.raises(EditionError, match=message):
        services.edition_create(campaign=campaign, academy=academy, by=academy_pilot, **kwargs)
    assert not Edition.objects.exists()
    assert not AuditEntry.objects.exists()


def test_override_and_bassins_must_be_in_the_academy(academy, academy_pilot, campaign):
    elsewhere = DepartmentFactory()
    with pytest.raises(EditionError, match="n'appartient pas"):
        services.edition_create(
            campaign=campaign,
            academy=academy,
            by=academy_pilot,
            date_overrides=[{"department": elsewhere, "week_start": D(2026, 1, 5), "week_end": D(2026, 1, 9)}],
            **WEEK,
        )
    with pytest.raises(EditionError, match="n'appartient pas"):
        services.edition_create(
            campaign=campaign, academy=academy, by=academy_pilot, bassins=[BassinFactory(department=elsewhere)], **WEEK
        )
    own = BassinFactory(department__academy=academy)
    with pytest.raises(EditionError, match="bassin pilote"):
        services.edition_create(
            campaign=campaign, academy=academy, by=academy_pilot, bassins=[own], pilot_bassin=BassinFactory(), **WEEK
        )
    assert not Edition.objects.exists()


def test_override_needs_exactly_one_scope_and_once(academy, academy_pilot, campaign):
    department = DepartmentFactory(academy=academy)
    dates = {"week_start": D(2026, 1, 5), "week_end": D(2026, 1, 9)}
    with pytest.raises(EditionError, match="un seul"):
        services.edition_create(campaign=campaign, academy=academy, by=academy_pilot, date_overrides=[dates], **WEEK)
    with pytest.raises(EditionError, match="une ligne"):
        services.edition_create(
            campaign=campaign,
            academy=academy,
            by=academy_pilot,
            date_overrides=[{"department": department, **dates}, {"department": department, **dates}],
            **WEEK,
        )


def test_a_merged_academy_runs_no_new_edition(reference, national):
    caen = Academy.objects.get(slug="caen")
    with pytest.raises(EditionError, match="n'existe plus en 2025-2026\u00a0: elle a rejoint"):
        services.edition_create(campaign=CampaignFactory(school_year="2025-2026"), academy=caen, by=national, **WEEK)


def test_ordinal_follows_past_editions_and_normandie_continues_its_predecessors(reference, national):
    caen, rouen, normandie = (Academy.objects.get(slug=s) for s in ("caen", "rouen", "normandie"))
    old = CampaignFactory(school_year="2018-2019")
    EditionFactory(campaign=old, academy=caen, ordinal=3)
    EditionFactory(campaign=old, academy=rouen, ordinal=5)
    campaign = CampaignFactory(school_year="2020-2021")
    assert services.suggested_ordinal(campaign=campaign, academy=normandie) == 6
    edition = services.edition_create(
        campaign=campaign, academy=normandie, by=national, week_start=D(2021, 3, 15), week_end=D(2021, 3, 19)
    )
    assert edition.ordinal == 6
    # A pilot's correction is what the next edition counts from.
    later = CampaignFactory(school_year="2021-2022")
    edition.ordinal = 2
    edition.save()
    assert services.suggested_ordinal(campaign=later, academy=normandie) == 3
    assert services.suggested_ordinal(campaign=old, academy=normandie) == 1


def test_normandie_pilot_manages_the_old_caen_edition(reference):
    pilot = UserFactory()
    grant(pilot, Role.ACADEMY_PILOT, Academy.objects.get(slug="normandie"))
    caen_edition = EditionFactory(
        campaign=CampaignFactory(school_year="2018-2019"), academy=Academy.objects.get(slug="caen")
    )
    services.edition_update(edition=caen_edition, by=pilot, title="Semaine de Caen")
    caen_edition.refresh_from_db()
    assert caen_edition.title == "Semaine de Caen"
    assert caen_edition.academy.slug == "caen"


# --- edition_update --------------------------------------------------------------------------


def test_update_replaces_lists_and_keeps_join_dates(academy, academy_pilot):
    edition = EditionFactory(academy=academy, all_bassins_participate=False)
    EditionThemeFactory(edition=edition, title="Ancien")
    first = BassinFactory(department__academy=academy)
    second = BassinFactory(department=first.department)
    EditionBassinFactory(edition=edition, bassin=first, is_pilot=True, joined_on=D(2025, 9, 15))
    services.edition_update(
        edition=edition,
        by=academy_pilot,
        title="Nouvelle semaine",
        late_declarations_allowed=True,
        themes=[{"title": "Nouveau", "text": ""}],
        bassins=[first, second],
        pilot_bassin=first,
    )
    edition.refresh_from_db()
    assert edition.title == "Nouvelle semaine" and edition.late_declarations_allowed
    assert [t.title for t in edition.themes.all()] == ["Nouveau"]
    joined = {p.bassin: (p.joined_on, p.is_pilot) for p in edition.bassin_participations.all()}
    assert joined[first] == (D(2025, 9, 15), True)
    assert joined[second][1] is False
    entry = AuditEntry.objects.get(verb="editions.edition.updated")
    assert entry.data["changed"] == {"title": "Nouvelle semaine", "late_declarations_allowed": True}
    assert entry.data["bassins"] == sorted([first.pk, second.pk])


def test_saving_the_edition_keeps_the_themes_chosen_on_fiches(academy, academy_pilot):
    from tests.actions.factories import ActionFactory

    edition = EditionFactory(academy=academy)
    theatre = EditionThemeFactory(edition=edition, title="Théâtre", order=0)
    sport = EditionThemeFactory(edition=edition, title="Sport", order=1)
    gone = EditionThemeFactory(edition=edition, title="Musique", order=2)
    action = ActionFactory(edition=edition)
    action.themes.set([theatre, sport, gone])
    services.edition_update(
        edition=edition,
        by=academy_pilot,
        title="Autre titre",
        # The edition form sends each row back with its theme: « Sport » renamed in its row,
        # « Musique » removed, a new row added (no id); a row without an id but with a known
        # title keeps that theme.
        themes=[
            {"id": sport.pk, "title": "Sports collectifs", "text": ""},
            {"title": "Théâtre", "text": "Sur scène"},
            {"title": "Lecture", "text": ""},
        ],
    )
    titles = [t.title for t in edition.themes.all()]
    assert titles == ["Sports collectifs", "Théâtre", "Lecture"]
    chosen = {t.pk: t.title for t in action.themes.all()}
    assert chosen == {theatre.pk: "Théâtre", sport.pk: "Sports collectifs"}
    assert edition.themes.get(pk=theatre.pk).text == "Sur scène"


def test_update_with_one_date_checks_it_against_the_other(academy, academy_pilot):
    edition = EditionFactory(academy=academy)
    with pytest.raises(EditionError, match="après la date de début"):
        services.edition_update(
            edition=edition, by=academy_pilot, week_end=edition.week_start - datetime.timedelta(days=1)
        )


def test_update_refused_outside_the_academy(academy):
    edition = EditionFactory(academy=academy)
    other = UserFactory()
    grant(other, Role.ACADEMY_PILOT, AcademyFactory())
    with pytest.raises(EditionError):
        services.edition_update(edition=edition, by=other, title="Pirate")
    assert not AuditEntry.objects.exists()


# --- edition_copy_from_previous --------------------------------------------------------------


def test_copy_from_last_year(academy, academy_pilot):
    previous = EditionFactory(
        academy=academy,
        campaign=CampaignFactory(school_year="2024-2025"),
        ordinal=4,
        title="Semaine de la persévérance scolaire et de l'orientation",
        week_start=D(2025, 3, 17),
        week_end=D(2025, 3, 21),
        all_bassins_participate=False,
        late_declarations_allowed=True,
        with_themes=True,
    )
    MilestoneFactory(edition=previous, kind=MilestoneKind.DECLARATION_DEADLINE, date=D(2025, 2, 28), text="Avant")
    MilestoneFactory(edition=previous, kind=MilestoneKind.LAUNCH, date=D(2025, 1, 20), end_date=D(2025, 1, 24))
    department = DepartmentFactory(academy=academy)
    EditionDateOverrideFactory(
        edition=previous, department=department, week_start=D(2025, 1, 13), week_end=D(2025, 1, 17)
    )
    EditionDateOverrideFactory(
        edition=previous, department=DepartmentFactory(), week_start=D(2025, 1, 13), week_end=D(2025, 1, 17)
    )
    pilot_bassin = BassinFactory(department=department)
    EditionBassinFactory(edition=previous, bassin=pilot_bassin, is_pilot=True, joined_on=D(2024, 9, 10))
    campaign = CampaignFactory(school_year="2025-2026")

    edition = services.edition_copy_from_previous(campaign=campaign, academy=academy, by=academy_pilot)

    edition = Edition.objects.with_calendar().get(pk=edition.pk)
    assert edition.ordinal == 5
    assert edition.status == EditionStatus.DRAFT
    assert edition.title == previous.title
    assert (edition.week_start, edition.week_end) == (D(2026, 3, 16), D(2026, 3, 20))
    assert edition.week_start.weekday() == 0
    assert not edition.all_bassins_participate and edition.late_declarations_allowed
    assert [(t.title, t.text) for t in edition.themes.all()] == [
        ("Climat scolaire", "Bien-être et relations."),
        ("Alliances éducatives", "Avec les partenaires."),
    ]
    assert [(m.kind, m.date, m.end_date, m.text) for m in edition.milestones.all()] == [
        (MilestoneKind.LAUNCH, D(2026, 1, 19), D(2026, 1, 23), ""),
        (MilestoneKind.DECLARATION_DEADLINE, D(2026, 2, 27), None, "Avant"),
    ]
    # The override of a département now outside the académie is left out.
    assert [(o.department, o.week_start) for o in edition.date_overrides.all()] == [(department, D(2026, 1, 12))]
    assert [(p.bassin, p.is_pilot, p.joined_on) for p in edition.bassin_participations.all()] == [
        (pilot_bassin, True, D(2024, 9, 10))
    ]
    assert _entries(edition) == ["editions.edition.created", "editions.edition.copied"]
    assert AuditEntry.objects.get(verb="editions.edition.copied").data["from_edition"] == previous.pk


def test_copy_keeps_dates_near_their_anniversary_over_several_years(academy, academy_pilot):
    EditionFactory(
        academy=academy,
        campaign=CampaignFactory(school_year="2019-2020"),
        week_start=D(2020, 3, 16),
        week_end=D(2020, 3, 20),
    )
    edition = services.edition_copy_from_previous(
        campaign=CampaignFactory(school_year="2025-2026"), academy=academy, by=academy_pilot
    )
    assert edition.week_start == D(2026, 3, 16)  # six years later, still a Monday, still mid-March


def test_copy_keeps_milestones_inside_the_school_year():
    campaign = CampaignFactory(school_year="2025-2026")
    assert services.shift_date(D(2024, 9, 1), years=1, campaign=campaign) == D(2025, 9, 7)
    assert services.shift_date(D(2024, 9, 1), years=1, campaign=campaign).weekday() == D(2024, 9, 1).weekday()


def test_copy_needs_a_previous_edition(academy, academy_pilot, campaign):
    with pytest.raises(EditionError, match="pas d'édition précédente"):
        services.edition_copy_from_previous(campaign=campaign, academy=academy, by=academy_pilot)


def test_copy_refused_when_the_edition_exists(academy, academy_pilot, campaign):
    EditionFactory(
        academy=academy,
        campaign=CampaignFactory(school_year="2024-2025"),
        week_start=D(2025, 3, 17),
        week_end=D(2025, 3, 21),
    )
    EditionFactory(academy=academy, campaign=campaign)
    with pytest.raises(EditionError, match="existe déjà"):
        services.edition_copy_from_previous(campaign=campaign, academy=academy, by=academy_pilot)


def test_normandie_starts_from_caen(reference, national):
    caen, normandie = Academy.objects.get(slug="caen"), Academy.objects.get(slug="normandie")
    calvados = Department.objects.get(code="14")
    old = EditionFactory(
        campaign=CampaignFactory(school_year="2018-2019"),
        academy=caen,
        ordinal=3,
        week_start=D(2019, 3, 18),
        week_end=D(2019, 3, 22),
    )
    EditionDateOverrideFactory(edition=old, department=calvados, week_start=D(2019, 1, 14), week_end=D(2019, 1, 18))
    edition = services.edition_copy_from_previous(
        campaign=CampaignFactory(school_year="2019-2020"), academy=normandie, by=national
    )
    assert edition.academy == normandie and edition.ordinal == 4
    assert edition.date_overrides.get().department == calvados
    old.refresh_from_db()
    assert old.academy == caen


def test_copy_refused_to_others(academy, campaign):
    user = UserFactory()
    grant(user, Role.DEPARTMENT_PILOT, DepartmentFactory(academy=academy))
    with pytest.raises(EditionError, match="Vous ne pouvez pas"):
        services.edition_copy_from_previous(campaign=campaign, academy=academy, by=user)


# --- edition_publish -------------------------------------------------------------------------


def test_publish(academy, academy_pilot):
    edition = EditionFactory(academy=academy)
    services.edition_publish(edition=edition, by=academy_pilot)
    edition.refresh_from_db()
    assert edition.is_published and edition.published_at is not None
    assert _entries(edition) == ["editions.edition.published"]
    with pytest.raises(EditionError, match="déjà publiée"):
        services.edition_publish(edition=edition, by=academy_pilot)


def test_publish_refused_to_a_department_pilot(academy):
    edition = EditionFactory(academy=academy)
    user = UserFactory()
    grant(user, Role.DEPARTMENT_PILOT, DepartmentFactory(academy=academy))
    with pytest.raises(EditionError):
        services.edition_publish(edition=edition, by=user)
    edition.refresh_from_db()
    assert not edition.is_published
