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
