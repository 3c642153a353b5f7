"""The rules an edition's data must follow, as plain functions returning French messages.

The services enforce them; the pilot's forms call the same functions so that each message is
shown next to its field, on the row that caused it.
"""

import datetime

from sps.common.dates import format_date


def academy_ids(academy) -> set:
    """The ids of the territory of `academy`: itself, the académie it was merged into and those merged
    into it, so that a département of Calvados counts for Caen's past editions and for Normandie's."""
    # .all(): served by a prefetch of `predecessors` when there is one (a page of fiches).
    predecessors = {p.pk for p in academy.predecessors.all()}
    return ({academy.pk, academy.successor_id} | predecessors) - {None}


def school_year_message(campaign) -> str:
    return (
        f"La date doit tomber pendant l'année scolaire {campaign.school_year} "
        f"(du {format_date(campaign.starts_on)} au {format_date(campaign.ends_on)})."
    )


def check_academy(*, campaign, academy) -> str | None:
    """An edition is run by an académie that exists during the campaign's school year."""
    if academy.valid_until is not None and academy.valid_until < campaign.starts_on:
        successor = f" : elle a rejoint {academy.successor}" if academy.successor_id else ""
        return f"{academy} n'existe plus en {campaign.school_year}{successor}."
    if academy.valid_from is not None and academy.valid_from > campaign.ends_on:
        return f"{academy} n'existe pas encore en {campaign.school_year}."
    return None


def check_period(*, campaign, start: datetime.date | None, end: datetime.date | None, start_field: str, end_field: str):
    """A period inside the school year, its end on or after its start. Returns {field: message}."""
    errors = {}
    if start is not None and not campaign.contains(start):
        errors[start_field] = school_year_message(campaign)
    if end is not None and not campaign.contains(end):
        errors[end_field] = school_year_message(campaign)
    if start is not None and end is not None and end < start and end_field not in errors:
        errors[end_field] = "La date de fin doit être le jour même ou après la date de début."
    return errors


def check_week(*, campaign, week_start, week_end) -> dict:
    return check_period(
        campaign=campaign, start=week_start, end=week_end, start_field="week_start", end_field="week_end"
    )


def check_milestone(*, campaign, date, end_date) -> dict:
    return check_period(campaign=campaign, start=date, end=end_date, start_field="date", end_field="end_date")


def check_override(*, campaign, academy, department, bassin, week_start, week_end) -> dict:
    """Dates for one département or one bassin of the edition's académie."""
    errors = {}
    if (department is None) == (bassin is None):
        errors["scope"] = "Choisissez un département ou un bassin (un seul)."
    elif department is not None and department.academy_id not in academy_ids(academy):
        errors["scope"] = f"Le département {department} n'appartient pas à {academy}."
    elif bassin is not None and bassin.department.academy_id not in academy_ids(academy):
        errors["scope"] = f"Le bassin {bassin} n'appartient pas à {academy}."
    errors.update(
        check_period(campaign=campaign, start=week_start, end=week_end, start_field="week_start", end_field="week_end")
    )
    return errors


def check_bassins(*, academy, bassins, pilot_bassin=None) -> list[str]:
    ids = academy_ids(academy)
    errors = [
        f"Le bassin {bassin} n'appartient pas à {academy}."
        for bassin in bassins
        if bassin.department.academy_id not in ids
    ]
    if pilot_bassin is not None and pilot_bassin not in bassins:
        errors.append("Le bassin pilote doit faire partie des bassins participants.")
    return errors
