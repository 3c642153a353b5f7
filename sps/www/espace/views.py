from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from sps.accounts import perms
from sps.actions.enums import ActionStatus
from sps.actions.models import Action
from sps.editions import rules as edition_rules
from sps.editions.models import Edition
from sps.schools.models import School
from sps.www.common.decorators import require
from sps.www.espace.actions import next_step_label

# The order the porteur's fiches are listed in: what needs them first.
STATUS_ORDER = [
    ActionStatus.CHANGES_REQUESTED,
    ActionStatus.DRAFT,
    ActionStatus.SUBMITTED,
    ActionStatus.VALIDATED,
    ActionStatus.PUBLISHED,
    ActionStatus.REFUSED,
    ActionStatus.WITHDRAWN,
]


@require(perms.can_access_espace)
def home(request):
    user = request.user
    today = timezone.localdate()
    schools = list(perms.contributor_schools(user).select_related("department__academy", "bassin"))
    academy_ids = set()
    for school in schools:
        academy_ids |= edition_rules.academy_ids(school.department.academy)
    editions = list(Edition.objects.published().current(today).filter(academy_id__in=academy_ids).with_calendar())
    actions = list(
        Action.objects.visible_to(user)
        .select_related("edition__academy", "edition__campaign", "bilan")
        .prefetch_related("edition__milestones", Prefetch("schools", queryset=School.objects.only("pk", "name", "uai")))
        .order_by("-edition__campaign__school_year", "-updated_at")
    )
    groups = []
    for status in STATUS_ORDER:
        rows = []
        for action in actions:
            if action.status != status:
                continue
            bilan = getattr(action, "bilan", None)  # a missing reverse one-to-one is an AttributeError
            action._bilan_submitted = bool(bilan and bilan.submitted_at)
            rows.append({"action": action, "next_step": next_step_label(action, today)})
        if rows:
            groups.append({"status": status, "label": ActionStatus(status).label, "rows": rows})
    return render(
        request,
        "espace/home.html",
        {
            "title": "Espace établissement",
            "schools": schools,
            "groups": groups,
            "editions": [
                {"edition": e, "timeline": e.timeline(today), "next_step": e.next_step(today)} for e in editions
            ],
            "can_declare": any(e.is_declaration_open(today) for e in editions),
        },
    )
