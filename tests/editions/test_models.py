import datetime

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from sps.common.dates import format_date, format_period
from sps.editions.dates import format_ordinal
from sps.editions.enums import MilestoneKind
from sps.editions.models import Campaign, Edition, school_year_of, validate_school_year
from sps.territories.models import Academy, Department
from tests.editions.factories import (
    CampaignFactory,
    EditionBassinFactory,
    EditionDateOverrideFactory,
    EditionFactory,
    MilestoneFactory,
)
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

D = datetime.date


@pytest.mark.parametrize("value", ["2025-2026", "2019-2020"])
def test_school_year_accepts_two_consecutive_years(value):
    validate_school_year(value)


@pytest.mark.parametrize("value", ["2025-2027", "2025/2026", "25-26", "2026-2025", "", "2025-2026 "])
def test_school_year_refuses_other_shapes(value):
    with pytest.raises(ValidationError, match="2025-2026"):
        validate_school_year(value)


def test_school_year_of_a_day():
    assert school_year_of(D(2025, 9, 1)) == "2025-2026"
    assert school_year_of(D(2026, 8, 31)) == "2025-2026"


@pytest.mark.django_db
def test_campaign_bounds_and_current():
    old = CampaignFactory(school_year="2024-2025")
    current = CampaignFactory(school_year="2025-2026")
    CampaignFactory(school_year="2026-2027")
    assert current.starts_on == D(2025, 9, 1)
    assert current.ends_on == D(2026, 8, 31)
    assert Campaign.objects.current(D(2026, 3, 1)) == current
    assert Campaign.objects.current(D(2025, 6, 1)) == old
    assert Campaign.objects.current(D(2020, 1, 1)) is None
    # The next campaign may be opened in June: the current one stays current until September.
    with freeze_time("2026-06-15"):
        assert Campaign.objects.current() == current


def test_french_dates():
    assert format_date(D(2026, 3, 28)) == "28 mars 2026"
    assert format_date(D(2026, 4, 1), weekday=True) == "mercredi 1er avril 2026"
    assert format_period(D(2026, 3, 16), D(2026, 3, 20)) == "du lundi 16 au vendredi 20 mars 2026"
    assert format_period(D(2025, 12, 29), D(2026, 1, 2)) == "du lundi 29 décembre 2025 au vendredi 2 janvier 2026"
    assert format_period(D(2016, 1, 21), D(2016, 1, 21)) == "le jeudi 21 janvier 2016"
    assert [format_ordinal(n) for n in (1, 2, 10)] == ["1re", "2e", "10e"]


def test_french_periods_do_not_repeat_what_the_end_says():
    # Same month: the month once; across months: both months, the year once; across years: all.
    assert format_period(D(2027, 3, 15), D(2027, 3, 19), weekday=False) == "du 15 au 19 mars 2027"
    assert format_period(D(2027, 3, 15), D(2027, 3, 19)) == "du lundi 15 au vendredi 19 mars 2027"
    assert format_period(D(2027, 2, 28), D(2027, 3, 4), weekday=False) == "du 28 février au 4 mars 2027"
    assert format_period(D(2026, 12, 28), D(2027, 1, 1), weekday=False) == "du 28 décembre 2026 au 1er janvier 2027"
    assert format_period(D(2027, 4, 1), D(2027, 4, 2), weekday=False) == "du 1er au 2 avril 2027"
    assert format_date(D(2027, 4, 1), year=False) == "1er avril"


def test_seconde_is_written_2de():
    from sps.actions.enums import Level

    assert Level.SECONDE.label == "Lycée — 2de"


@pytest.fixture
def dijon(reference):
    """Dijon 2015-2016 (seed 002): the académie's week of 14 March, the Nièvre in January,
    and a bassin of Côte-d'Or with its own dates."""
    academy = Academy.objects.get(slug="dijon")
    edition = EditionFactory(
        academy=academy,
        campaign=CampaignFactory(school_year="2015-2016"),
        week_start=D(2016, 3, 14),
        week_end=D(2016, 3, 18),
    )
    nievre = Department.objects.get(code="58")
    beaune = BassinFactory(name="Beaune", department=Department.objects.get(code="21"))
    EditionDateOverrideFactory(
        edition=edition, department=nievre, week_start=D(2016, 1, 18), week_end=D(2016, 1, 22), note="DSDEN"
    )
    EditionDateOverrideFactory(edition=edition, bassin=beaune, week_start=D(2016, 3, 21), week_end=D(2016, 3, 25))
    return {"edition": edition, "nievre": nievre, "beaune": beaune, "cote_dor": Department.objects.get(code="21")}


@pytest.mark.django_db
def test_dates_for_a_school_of_an_overridden_department(dijon):
    school = SchoolFactory(department=dijon["nievre"])
    dates = dijon["edition"].dates_for(school)
    assert (dates.start, dates.end) == (D(2016, 1, 18), D(2016, 1, 22))
    assert dates.override.note == "DSDEN"
    assert dates.label == "du lundi 18 au vendredi 22 janvier 2016"


@pytest.mark.django_db
def test_dates_for_a_school_of_an_overridden_bassin(dijon):
    school = SchoolFactory(department=dijon["cote_dor"], bassin=dijon["beaune"])
    assert dijon["edition"].dates_for(school).start == D(2016, 3, 21)


@pytest.mark.django_db
def test_dates_for_the_bassin_wins_over_the_department(dijon):
    edition = dijon["edition"]
    EditionDateOverrideFactory(
        edition=edition, department=dijon["cote_dor"], week_start=D(2016, 2, 1), week_end=D(2016, 2, 5)
    )
    in_beaune = SchoolFactory(department=dijon["cote_dor"], bassin=dijon["beaune"])
    elsewhere = SchoolFactory(department=dijon["cote_dor"])
    assert edition.dates_for(in_beaune).start == D(2016, 3, 21)
    assert edition.dates_for(elsewhere).start == D(2016, 2, 1)


@pytest.mark.django_db
def test_dates_for_other_schools_is_the_editions_week(dijon):
    school = SchoolFactory(department=Department.objects.get(code="89"))
    dates = dijon["edition"].dates_for(school)
    assert (dates.start, dates.end, dates.override) == (D(2016, 3, 14), D(2016, 3, 18), None)


@pytest.mark.django_db
def test_deadlines():
    edition = EditionFactory(with_calendar=True)
    assert edition.declaration_deadline == D(2026, 2, 28)  # the end of the « remontée des actions » period
    assert edition.bilan_deadline == D(2026, 4, 30)
    assert EditionFactory().declaration_deadline is None
    assert EditionFactory().bilan_deadline is None


@pytest.mark.django_db
def test_is_declaration_open():
    edition = EditionFactory(with_calendar=True)
    assert edition.is_declaration_open(on=D(2026, 2, 28))
    assert not edition.is_declaration_open(on=D(2026, 3, 1))
    edition.late_declarations_allowed = True
    assert edition.is_declaration_open(on=D(2026, 3, 1))
    assert EditionFactory().is_declaration_open(on=D(2026, 8, 1))  # no deadline set
    with freeze_time("2026-02-01"):
        assert EditionFactory(with_calendar=True).is_declaration_open()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-01-05", "Déclarez vos actions avant le 28 février 2026."),
        ("2026-02-28", "Déclarez vos actions avant le 28 février 2026."),
        (
            "2026-03-02",
            "Les déclarations sont closes depuis le 28 février 2026. Préparez vos actions\u00a0: "
            "rendez-vous du lundi 16 au vendredi 20 mars 2026.",
        ),
        (
            "2026-03-16",
            "C'est la semaine de la persévérance scolaire\u00a0: vivez vos actions et prenez des photos\u00a0!",
        ),
        (
            "2026-03-20",
            "C'est la semaine de la persévérance scolaire\u00a0: vivez vos actions et prenez des photos\u00a0!",
        ),
        ("2026-04-02", "Remplissez le bilan de vos actions avant le 30 avril 2026."),
        ("2026-05-10", "Rendez-vous au séminaire de clôture le jeudi 4 juin 2026."),
        ("2026-07-01", "Cette édition est terminée. Merci à toutes celles et ceux qui y ont participé\u00a0!"),
    ],
)
def test_next_step(today, expected):
    edition = EditionFactory(with_calendar=True)
    with freeze_time(today):
        assert edition.next_step() == expected


@pytest.mark.django_db
def test_next_step_with_late_declarations_or_no_deadline():
    edition = EditionFactory(with_calendar=True, late_declarations_allowed=True)
    message = "Déclarez vos actions dès maintenant\u00a0: la semaine commence le lundi 16 mars 2026."
    assert edition.next_step(D(2026, 3, 5)) == message
    assert EditionFactory().next_step(D(2026, 3, 5)) == message


@pytest.mark.django_db
def test_timeline_marks_past_current_and_next():
    edition = EditionFactory(with_calendar=True)
    steps = edition.timeline(D(2026, 3, 4))
    assert [s.label for s in steps] == [
        "Lancement de la communication",
        "Date limite de déclaration des actions",
        "Finalisation du programme",
        "La semaine",  # added from the edition's dates
        "Date limite des bilans",
        "Séminaire de clôture",
    ]
    assert [s.state for s in steps] == ["past", "past", "current", "next", "later", "later"]
    assert steps[3].dates_label == "du 16 au 20 mars 2026"
    assert steps[0].dates_label == "22 janvier 2026"


@pytest.mark.django_db
def test_timeline_uses_a_week_milestone_when_there_is_one():
    edition = EditionFactory()
    MilestoneFactory(edition=edition, kind=MilestoneKind.WEEK, date=edition.week_start, end_date=edition.week_end)
    assert [s.label for s in edition.timeline(D(2026, 1, 1))] == ["La semaine"]


@pytest.mark.django_db
def test_bassin_participates():
    edition = EditionFactory(all_bassins_participate=False)
    pilot = BassinFactory(department__academy=edition.academy)
    later = BassinFactory(department__academy=edition.academy)
    outside = BassinFactory()
    EditionBassinFactory(edition=edition, bassin=pilot, is_pilot=True)
    assert edition.bassin_participates(pilot)
    assert not edition.bassin_participates(later)
    assert not edition.bassin_participates(None)
    edition.all_bassins_participate = True
    assert edition.bassin_participates(later)
    assert not edition.bassin_participates(outside)


@pytest.mark.django_db
def test_querysets():
    campaign = CampaignFactory(school_year="2025-2026")
    published = EditionFactory(campaign=campaign, published=True)
    draft = EditionFactory(campaign=campaign)
    old = EditionFactory(campaign=CampaignFactory(school_year="2024-2025"), academy=published.academy, published=True)
    assert set(Edition.objects.published()) == {published, old}
    assert set(Edition.objects.for_academy(published.academy)) == {published, old}
    with freeze_time("2026-01-10"):
        assert set(Edition.objects.current()) == {published, draft}
        assert list(Edition.objects.current().published()) == [published]
    assert not Edition.objects.current(D(2010, 1, 1)).exists()


@pytest.mark.django_db
def test_labels():
    edition = EditionFactory(ordinal=3)
    assert edition.ordinal_label == "3e édition"
    assert edition.week.label == "du lundi 16 au vendredi 20 mars 2026"
    assert edition.title == "Semaine de la persévérance scolaire"
