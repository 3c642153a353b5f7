"""The public programme's national table: per académie, the published actions and the schools
that carry them, for one school year. Read from the facet counts kept in advance
(sps.catalogue.counts): two small queries whatever the number of actions."""

from sps.catalogue import counts
from sps.territories.models import Academy


def national_table(school_year: str) -> list[dict]:
    """One row per académie with published actions this school year, in name order:
    {"academy": Academy, "actions": int, "schools": int}."""
    actions = counts.actions_by_academy(school_year)
    schools = counts.schools_by_academy(school_year)
    academies = Academy.objects.filter(pk__in=actions).order_by("name")
    return [{"academy": a, "actions": actions[a.pk], "schools": schools.get(a.pk, 0)} for a in academies]
