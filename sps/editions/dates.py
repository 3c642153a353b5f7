"""French date wording, written out here so that it never depends on the server's locale."""

import datetime

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _day(d: datetime.date) -> str:
    return "1er" if d.day == 1 else str(d.day)


def format_date(d: datetime.date, *, weekday: bool = False, year: bool = True) -> str:
    """« 28 mars 2026 », « lundi 16 mars 2026 », « 1er avril »."""
    text = f"{_day(d)} {MONTHS[d.month - 1]}"
    if year:
        text += f" {d.year}"
    if weekday:
        text = f"{WEEKDAYS[d.weekday()]} {text}"
    return text


def format_period(start: datetime.date, end: datetime.date, *, weekday: bool = True) -> str:
    """« du lundi 16 mars au vendredi 20 mars 2026 »; « le jeudi 21 janvier 2016 » for one day."""
    if start == end:
        return f"le {format_date(start, weekday=weekday)}"
    same_year = start.year == end.year
    return f"du {format_date(start, weekday=weekday, year=not same_year)} au {format_date(end, weekday=weekday)}"


def format_ordinal(n: int) -> str:
    """« 1re », « 2e », « 10e » (the feminine of édition)."""
    return "1re" if n == 1 else f"{n}e"


def shift_one_year(d: datetime.date) -> datetime.date:
    """The same weekday a year later: 52 weeks (364 days).

    The week of the persévérance runs Monday to Friday and milestones are set on working
    days, so keeping the weekday matters more than keeping the calendar day, which drifts
    by one or two days a year; the pilot then adjusts what must fall on a fixed date.
    """
    return d + datetime.timedelta(days=364)
