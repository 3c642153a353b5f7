import datetime

import factory
from django.utils import timezone

from sps.editions.enums import EditionStatus, MilestoneKind
from sps.editions.models import Campaign, Edition, EditionBassin, EditionDateOverride, EditionTheme, Milestone
from tests.territories.factories import AcademyFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    """Campaign 2025-2026 unless told otherwise (`CampaignFactory(school_year="2024-2025")`)."""

    class Meta:
        model = Campaign
        django_get_or_create = ["school_year"]

    school_year = "2025-2026"
    theme = "Tous mobilisés pour vaincre le décrochage scolaire"


def _year(o) -> int:
    return int(o.campaign.school_year[:4]) + 1


class EditionFactory(factory.django.DjangoModelFactory):
    """A draft edition whose week is the third week of March of the campaign's second year.

    Traits: `published`, `with_calendar` (the Créteil-like calendar: launch, declaration
    deadline, programme finalisation, closing seminar, bilan deadline), `with_themes`.
    """

    class Meta:
        model = Edition
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    academy = factory.SubFactory(AcademyFactory)
    ordinal = 1
    week_start = factory.LazyAttribute(lambda o: _monday_of_march_week(_year(o)))
    week_end = factory.LazyAttribute(lambda o: o.week_start + datetime.timedelta(days=4))

    class Params:
        published = factory.Trait(status=EditionStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now))
        with_calendar = factory.Trait(
            calendar=factory.PostGeneration(lambda obj, create, extracted, **kw: add_calendar(obj) if create else None)
        )
        with_themes = factory.Trait(
            theme_list=factory.PostGeneration(lambda obj, create, extracted, **kw: add_themes(obj) if create else None)
        )


def _monday_of_march_week(year: int) -> datetime.date:
    """The Monday of the week that holds 16 March (2026: Monday 16 March)."""
    day = datetime.date(year, 3, 16)
    return day - datetime.timedelta(days=day.weekday())


def add_calendar(edition) -> list:
    """The Créteil 2019 calendar moved to the edition's year, around its week."""
    year = edition.week_start.year
    return [
        MilestoneFactory(edition=edition, kind=MilestoneKind.LAUNCH, date=datetime.date(year, 1, 22)),
        MilestoneFactory(
            edition=edition,
            kind=MilestoneKind.DECLARATION_DEADLINE,
            date=datetime.date(year, 1, 22),
            end_date=datetime.date(year, 2, 28),
            text="Remontée des actions",
        ),
        MilestoneFactory(
            edition=edition,
            kind=MilestoneKind.PROGRAMME_FINALISATION,
            date=datetime.date(year, 3, 2),
            end_date=datetime.date(year, 3, 9),
        ),
        MilestoneFactory(edition=edition, kind=MilestoneKind.BILAN_DEADLINE, date=datetime.date(year, 4, 30)),
        MilestoneFactory(edition=edition, kind=MilestoneKind.CLOSING_SEMINAR, date=datetime.date(year, 6, 4)),
    ]


def add_themes(edition) -> list:
    return [
        EditionThemeFactory(edition=edition, title="Climat scolaire", text="Bien-être et relations.", order=0),
        EditionThemeFactory(edition=edition, title="Alliances éducatives", text="Avec les partenaires.", order=1),
    ]


class EditionThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionTheme

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Thème {n}")
    text = "Un texte court."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    edition = factory.SubFactory(EditionFactory)
    kind = MilestoneKind.OTHER
    date = factory.LazyAttribute(lambda o: o.edition.week_start - datetime.timedelta(days=30))
    text = ""


class EditionDateOverrideFactory(factory.django.DjangoModelFactory):
    """Give either `department` or `bassin`."""

    class Meta:
        model = EditionDateOverride

    edition = factory.SubFactory(EditionFactory)
    week_start = factory.LazyAttribute(lambda o: o.edition.week_start - datetime.timedelta(days=56))
    week_end = factory.LazyAttribute(lambda o: o.week_start + datetime.timedelta(days=4))


class EditionBassinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionBassin

    edition = factory.SubFactory(EditionFactory)
    joined_on = datetime.date(2025, 9, 15)
    is_pilot = False
