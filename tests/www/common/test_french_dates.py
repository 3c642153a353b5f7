"""The `french_date` filter: « 1er avril », as sps.common.dates writes it (Django's `date` writes « 1 avril »)."""

import datetime

from django.template import Context, Template
from django.test import override_settings


def render(source, **context):
    return Template("{% load french_dates %}" + source).render(Context(context))


def test_first_of_the_month_is_1er():
    assert render("{{ d|french_date }}", d=datetime.date(2027, 4, 1)) == "1er avril 2027"
    assert render("{{ d|french_date }}", d=datetime.date(2027, 3, 19)) == "19 mars 2027"


def test_weekday():
    assert render('{{ d|french_date:"weekday" }}', d=datetime.date(2026, 4, 1)) == "mercredi 1er avril 2026"


@override_settings(TIME_ZONE="Europe/Paris", USE_TZ=True)
def test_aware_datetime_is_shown_in_local_time():
    late = datetime.datetime(2027, 3, 31, 22, 30, tzinfo=datetime.UTC)  # 1er avril, 0 h 30 in Paris
    assert render('{{ d|french_date }} à {{ d|time:"H:i" }}', d=late) == "1er avril 2027 à 00:30"


def test_nothing_gives_nothing():
    assert render("{{ d|french_date }}", d=None) == ""


def test_french_time_is_the_administrations_writing():
    """« 10 h », « 10 h 30 », « 8 h 05 », with no-break spaces (the hour never ends a line alone)."""
    assert render("{{ t|french_time }}", t=datetime.time(10)) == "10\u00a0h"
    assert render("{{ t|french_time }}", t=datetime.time(10, 30)) == "10\u00a0h\u00a030"
    assert render("{{ t|french_time }}", t=datetime.time(8, 5)) == "8\u00a0h\u00a005"
    assert render("{{ t|french_time }}", t=datetime.time(0, 0)) == "0\u00a0h"
    assert render("{{ t|french_time }}", t=None) == ""


@override_settings(TIME_ZONE="Europe/Paris", USE_TZ=True)
def test_french_time_of_an_aware_datetime_is_local():
    late = datetime.datetime(2027, 3, 31, 22, 30, tzinfo=datetime.UTC)
    assert render("{{ d|french_time }}", d=late) == "0\u00a0h\u00a030"
