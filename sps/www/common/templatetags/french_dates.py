"""Dates as a French reader writes them, « 1er avril 2027 » included (Django's `date` filter writes
« 1 avril »): `{{ value|french_date }}`, `{{ value|french_date:"weekday" }}` (« mercredi 1er avril 2027 »);
times as the French administration writes them: `{{ value|french_time }}` (« 10 h », « 10 h 30 »).
Aware datetimes are shown in the local time zone, as `date` does."""

import datetime

from django import template
from django.utils import timezone

from sps.common.dates import format_date, format_period, format_time

register = template.Library()


@register.filter
def french_date(value, arg=""):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return format_date(value, weekday=arg == "weekday")


@register.filter
def french_period(start, end):
    """« le lundi 15 mars 2027 », « du lundi 15 au vendredi 19 mars 2027 » (format_period)."""
    if not start:
        return ""
    return format_period(start, end or start)


@register.filter
def french_time(value):
    """« 10 h », « 10 h 30 » (format_time, the same as the printable programme's); aware datetimes in
    the local time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.time()
    return format_time(value)
