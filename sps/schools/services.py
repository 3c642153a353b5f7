from django.db import transaction
from django.utils import timezone

from sps.common.errors import DomainError
from sps.schools.models import School
from sps.territories.models import Bassin


class SchoolError(DomainError):
    """A refused change on schools; the message is French and shown to the user."""


@transaction.atomic
def schools_assign_bassin(*, schools, bassin: Bassin | None) -> int:
    """Put `schools` in `bassin` (or out of any bassin when None), as a pilot's choice.

    The choice is marked manual so that later directory imports keep it. Every school must be
    in the bassin's département; nothing is written if one is not.
    """
    schools = list(School.objects.select_for_update().filter(pk__in=[s.pk for s in schools]))
    if bassin is not None:
        strangers = [s.uai for s in schools if s.department_id != bassin.department_id]
        if strangers:
            raise SchoolError(
                "Ces établissements ne sont pas dans le département du bassin : " + ", ".join(sorted(strangers)) + "."
            )
    return School.objects.filter(pk__in=[s.pk for s in schools]).update(
        bassin=bassin, bassin_set_manually=True, updated_at=timezone.now()
    )
