"""Reads that span apps: schools that declared nothing, a fiche's history, the partners' directory."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from sps.actions.enums import ActionStatus
from sps.actions.fields import FIELDS, verbose_name
from sps.actions.models import Action, ActionComment, Partner
from sps.audit.models import AuditEntry

VERB_LABELS = {
    "actions.action.created": "Fiche créée",
    "actions.action.created_from_model": "Fiche créée à partir d'un modèle",
    "actions.action.reconducted": "Fiche reconduite d'une édition passée",
    "actions.action.updated": "Fiche modifiée",
    "actions.action.submitted": "Fiche soumise",
    "actions.action.changes_requested": "Modifications demandées",
    "actions.action.validated": "Fiche validée",
    "actions.action.published": "Fiche publiée",
    "actions.action.unpublished": "Retirée du programme par un pilote",
    "actions.action.refused": "Fiche refusée",
    "actions.action.withdrawn": "Fiche retirée par son porteur",
    "actions.action.reopened": "Fiche rouverte par un pilote",
    "actions.action.flags_set": "Mise en avant modifiée",
    "actions.action.commented": "Commentaire",
    "actions.action.note_added": "Note interne",
    "actions.action.made_model": "Transformée en modèle de la banque d'idées",
    "actions.bilan.saved": "Bilan enregistré",
    "actions.bilan.submitted": "Bilan transmis",
    "actions.bilan.reopened": "Bilan rouvert par un pilote",
    "actions.bilan.photo_added": "Photo ajoutée au bilan",
    "actions.bilan.photo_removed": "Photo retirée du bilan",
    "actions.bilan.support_added": "Support ajouté au bilan",
    # Putting actions forward (sps.syntheses.examples writes them on the fiche).
    "syntheses.example.proposed": "Proposée au niveau national",
    "syntheses.example.withdrawn": "Proposition au niveau national retirée",
    "syntheses.example.chosen": "Retenue comme exemple national",
    "syntheses.example.declined": "Non retenue comme exemple national",
    "syntheses.example.made_model": "Exemple national ajouté à la banque d'idées",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: object
    user: object
    verb: str
    label: str
    changed: list
    from_status: str | None
    data: dict


def action_history(action) -> list[HistoryEntry]:
    """Who did what to the fiche and when, oldest first (for staff: it names the moderators).

    Updates list the French labels of the fields they changed; status changes say where from."""
    entries = AuditEntry.objects.for_object(action).select_related("user")
    history = []
    for entry in entries:
        data = entry.data or {}
        changed = data.get("changed") or data.get("fields") or []
        if isinstance(changed, dict):
            changed = list(changed)
        from_status = data.get("from")
        history.append(
            HistoryEntry(
                at=entry.created_at,
                user=entry.user,
                verb=entry.verb,
                label=VERB_LABELS.get(entry.verb, entry.verb),
                changed=[verbose_name(name) if name in FIELDS else name for name in changed],
                from_status=ActionStatus(from_status).label if from_status in ActionStatus.values else None,
                data=data,
            )
        )
    return history


def schools_without_action(edition, territory_schools):
    """The schools of `territory_schools` (a School queryset) that carry no fiche in `edition`
    (withdrawn and refused ones do not count), with their institutional e-mail for the relay."""
    declared = Action.schools.through.objects.filter(school_id=OuterRef("pk"), action__edition=edition).exclude(
        action__status__in=[ActionStatus.WITHDRAWN, ActionStatus.REFUSED]
    )
    return territory_schools.participating().open().exclude(Exists(declared)).order_by("name")


def visible_comments(action):
    """The thread, oldest first."""
    return ActionComment.objects.filter(action=action).select_related("author")


def partner_directory(*, academy, action=None) -> list[Partner]:
    """The partners a fiche of `academy` may carry, in order of preference when names are alike:
    the fiche's own partners (so that saving it unchanged keeps them, even one it could no longer
    choose), the académie's, then the national ones; by name within each."""
    own = set(action.action_partners.values_list("partner_id", flat=True)) if action is not None else set()
    partners = Partner.objects.available_to(academy) | Partner.objects.filter(pk__in=own)
    rank = {academy.pk: 1}
    return sorted(
        partners.distinct().only("pk", "name", "kind", "academy_id"),
        key=lambda p: (0 if p.pk in own else rank.get(p.academy_id, 2 if p.academy_id else 3), p.name.lower()),
    )
