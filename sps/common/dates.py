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
    """« du lundi 15 au vendredi 19 mars 2027 », « du 28 février au 4 mars 2027 »,
    « du lundi 29 décembre 2025 au vendredi 2 janvier 2026 »; « le jeudi 21 janvier 2016 » for one day.

    What the end already says (the month, the year) is not repeated at the start."""
    if start == end:
        return f"le {format_date(start, weekday=weekday)}"
    if (start.year, start.month) == (end.year, end.month):
        first = _day(start)
        if weekday:
            first = f"{WEEKDAYS[start.weekday()]} {first}"
    else:
        first = format_date(start, weekday=weekday, year=start.year != end.year)
    return f"du {first} au {format_date(end, weekday=weekday)}"


def format_time(t: datetime.time) -> str:
    """« 10 h », « 10 h 30 », « 8 h 05 »: the French administration's way of writing a time, with
    no-break spaces (the hour never ends a line without its « h »). The one writer of a time in
    the public programme (fiche, calendar, event pages, printable programme) and the documents."""
    return f"{t.hour}\u00a0h" if t.minute == 0 else f"{t.hour}\u00a0h\u00a0{t.minute:02d}"
