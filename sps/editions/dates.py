"""Edition wording and calendar arithmetic (French date wording: sps/common/dates.py)."""

import datetime


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
