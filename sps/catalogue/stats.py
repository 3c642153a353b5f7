"""The public programme's national table: per académie, the published actions and the schools
that carry them, for one school year. Read from the catalogue's read model only."""

from django.db.models import Count

from sps.catalogue.models import CatalogueEntry, CatalogueSchool
from sps.territories.models import Academy


def national_table(school_year: str) -> list[dict]:
    """One row per académie with published actions this school year, in name order:
    {"academy": Academy, "actions": int, "schools": int}. Two grouped queries plus the académies."""
    actions = dict(
        CatalogueEntry.objects.filter(campaign__school_year=school_year)
        .order_by()
        .values_list("academy_id")
        .annotate(n=Count("id"))
    )
    schools = dict(
        CatalogueSchool.objects.filter(entry__campaign__school_year=school_year)
        .order_by()
        .values_list("entry__academy_id")
        .annotate(n=Count("school_id", distinct=True))
    )
    academies = Academy.objects.filter(pk__in=actions).order_by("name")
    return [{"academy": a, "actions": actions[a.pk], "schools": schools.get(a.pk, 0)} for a in academies]
