"""Keeps the catalogue's read model in step with the fiches.

`index_actions(ids)` is the one entry point: it (re)builds the entries of the published actions
among `ids` and removes the others (recording their removal for the API). Services call it after
every change a visitor could see; `rebuild_catalogue` calls it for every action.
"""

from itertools import islice

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from sps.actions.enums import ActionStatus
from sps.actions.models import Action, Occurrence
from sps.catalogue import counts, search
from sps.catalogue.enums import (
    LEVEL_GROUP_BITS,
    LEVEL_GROUP_OF,
    PUBLIC_BITS,
    SCHOOL_KIND_BITS,
    WEEKDAY_BITS,
    EntryKind,
    mask_of,
)
from sps.catalogue.models import (
    CatalogueDay,
    CatalogueEntry,
    CatalogueRemoval,
    CatalogueSchool,
    CatalogueText,
    CatalogueTheme,
)
from sps.common.text import normalize_search

BATCH_SIZE = 500
# Keys of an `entry_fields` dict that the writer stores in CatalogueText, not in the narrow entry.
TEXT_FIELDS = ("summary", "search_text")


def _actions(ids):
    return (
        Action.objects.filter(pk__in=ids, status=ActionStatus.PUBLISHED)
        .select_related("edition__campaign", "edition__academy", "bassin", "department", "from_model")
        .prefetch_related(
            "schools__department",
            "schools__bassin",
            "themes",
            "action_partners__partner",
            Prefetch("occurrences", queryset=Occurrence.objects.order_by("date", "start_time")),
        )
    )


def search_text_of(action) -> str:
    """Every searched field, folded: title, description, organisation, objectives, schools and
    communes, partners, themes."""
    schools = list(action.schools.all())
    parts = [
        action.title,
        action.description,
        action.organisation,
        action.objectives,
        action.carrier_label(),
        *(f"{school.display_name} {school.name} {school.commune}" for school in schools),
        *(link.partner.name for link in action.action_partners.all()),
        *(theme.title for theme in action.themes.all()),
    ]
    return normalize_search(" ".join(p for p in parts if p))


def search_parts_of(action, rest: str) -> tuple[str, str, str]:
    """The searched text in three weights: the title; the description and objectives; the rest
    (`rest`: the entry's search_text, which holds every searched field)."""
    body = " ".join(p for p in (action.description, action.objectives) if p)
    return action.display_title, body, rest


def entry_fields(action) -> dict:
    """Every value of an action's catalogue row, its texts (TEXT_FIELDS) included: `_write_entries`
    splits them between CatalogueEntry and CatalogueText."""
    schools = sorted(action.schools.all(), key=lambda s: s.pk)
    first_school = schools[0] if schools else None
    public_occurrences = [o for o in action.occurrences.all() if o.is_public]
    dates = [o.date for o in action.occurrences.all()]
    department = action.department or (first_school.department if first_school else None)
    if action.bassin_id:
        department = department or action.bassin.department
    bassin = action.bassin or (first_school.bassin if first_school else None)
    communes = []
    for school in schools:
        if school.commune and school.commune not in communes:
            communes.append(school.commune)
    return {
        "kind": EntryKind.ACTION,
        "edition": action.edition,
        "campaign": action.edition.campaign,
        "academy": action.edition.academy,
        "department": department,
        "bassin": bassin,
        "title": action.display_title[:300],
        "summary": action.description,
        "communes": ", ".join(communes)[:300],
        "carrier_label": action.carrier_label()[:300],
        "category": action.from_model.category if action.from_model_id else "",
        "is_flagship": action.is_flagship,
        "level_mask": mask_of({LEVEL_GROUP_OF.get(level) for level in action.levels}, LEVEL_GROUP_BITS),
        "public_mask": mask_of(action.publics, PUBLIC_BITS),
        "school_kind_mask": mask_of({school.kind for school in schools}, SCHOOL_KIND_BITS),
        "weekday_mask": mask_of({o.date.weekday() for o in public_occurrences}, WEEKDAY_BITS),
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "search_text": search_text_of(action),
        "published_at": action.published_at or action.updated_at,
        "updated_at": timezone.now(),
    }


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


@transaction.atomic
def index_actions(ids) -> None:
    """Rebuild the entries of these actions: published ones in, the others out."""
    ids = set(ids)
    pairs = set()
    for chunk in _chunks(sorted(ids), BATCH_SIZE):
        pairs |= _index_chunk(chunk)
    counts.refresh(pairs)


def _index_chunk(ids) -> set:
    """Index these actions; returns the (campaign, académie) pairs whose counts changed."""
    pairs = counts.pairs_of_entries(Q(action_id__in=ids))
    actions = list(_actions(ids))
    published_ids = {action.pk for action in actions}
    gone = CatalogueEntry.objects.filter(action_id__in=set(ids) - published_ids)
    gone_ids = list(gone.values_list("action_id", flat=True))
    if gone_ids:
        search.remove(list(gone.values_list("pk", flat=True)))
        gone.delete()
        now = timezone.now()
        for action_id in gone_ids:
            CatalogueRemoval.objects.update_or_create(
                kind=EntryKind.ACTION, object_id=action_id, defaults={"removed_at": now}
            )
    if not actions:
        return pairs
    CatalogueRemoval.objects.filter(kind=EntryKind.ACTION, object_id__in=published_ids).delete()
    existing = dict(CatalogueEntry.objects.filter(action_id__in=published_ids).values_list("action_id", "pk"))
    return pairs | _write_entries(actions, existing)


def _write_entries(actions, existing) -> set:
    """Create or update the entries (and their school, theme and day rows) of these published
    actions, whose relations are prefetched; `existing` maps action ids to their entry's id.
    Returns the (campaign, académie) pairs of the entries."""
    published_ids = {action.pk for action in actions}
    entries = []
    for action in actions:
        values = entry_fields(action)
        texts = {name: values.pop(name, "") for name in TEXT_FIELDS}
        entry = CatalogueEntry(pk=existing.get(action.pk), action=action, **values)
        entry.texts = texts
        entry.search_parts = search_parts_of(action, texts["search_text"])
        entries.append(entry)
    to_update = [e for e in entries if e.pk]
    to_create = [e for e in entries if not e.pk]
    if to_update:
        fields = [f for f in entry_fields(actions[0]) if f not in ("kind", *TEXT_FIELDS)]
        CatalogueEntry.objects.bulk_update(to_update, fields)
    if to_create:
        CatalogueEntry.objects.bulk_create(to_create)
        if not all(e.pk for e in to_create):  # databases that do not return ids (none we use)
            ids_by_action = dict(
                CatalogueEntry.objects.filter(action_id__in=published_ids).values_list("action_id", "pk")
            )
            for entry in to_create:
                entry.pk = ids_by_action[entry.action_id]
    entry_ids = [e.pk for e in entries]
    for model in (CatalogueText, CatalogueSchool, CatalogueTheme, CatalogueDay):
        model.objects.filter(entry_id__in=entry_ids).delete()
    CatalogueText.objects.bulk_create(CatalogueText(entry=e, **e.texts) for e in entries)
    by_action = {e.action_id: e for e in entries}
    CatalogueSchool.objects.bulk_create(
        CatalogueSchool(entry=by_action[a.pk], school=school) for a in actions for school in a.schools.all()
    )
    CatalogueTheme.objects.bulk_create(
        CatalogueTheme(entry=by_action[a.pk], theme=theme) for a in actions for theme in a.themes.all()
    )
    CatalogueDay.objects.bulk_create(
        CatalogueDay(entry=by_action[a.pk], date=day)
        for a in actions
        for day in sorted({o.date for o in a.occurrences.all() if o.is_public})
    )
    search.update(entries)
    return {(e.campaign_id, e.academy_id) for e in entries}


BULK_BATCH_SIZE = 2000


@transaction.atomic
def index_new_actions(ids, *, refresh_counts: bool = True) -> None:
    """The same rows as `index_actions`, faster, for actions that have no entry yet (a first
    rebuild, the benchmark's generator): the relations are read with one flat query each per batch
    and the small tables (editions, territories, idea models, partners) are shared between actions
    instead of being fetched again for each. Actions that already have an entry, or are not
    published, go through `index_actions`. `refresh_counts=False` leaves the facet counts to a
    `counts.refresh_all()` after a bulk load."""
    ids = sorted(set(ids))
    caches = _Caches()
    pairs = set()
    for chunk in _chunks(ids, BULK_BATCH_SIZE):
        indexed = set(CatalogueEntry.objects.filter(action_id__in=chunk).values_list("action_id", flat=True))
        actions = list(
            Action.objects.filter(pk__in=chunk, status=ActionStatus.PUBLISHED).exclude(pk__in=indexed).order_by("pk")
        )
        others = set(chunk) - {a.pk for a in actions}
        if others:
            index_actions(others)
        if actions:
            CatalogueRemoval.objects.filter(kind=EntryKind.ACTION, object_id__in=[a.pk for a in actions]).delete()
            caches.attach(actions)
            pairs |= _write_entries(actions, {})
    if refresh_counts:
        counts.refresh(pairs)


class _Caches:
    """Shared instances of the small tables, and the relations of a batch of actions attached as
    if prefetched (in the orders the prefetches of `_actions` give)."""

    def __init__(self):
        from sps.actions.models import IdeaModel, Partner
        from sps.editions.models import Edition
        from sps.territories.models import Bassin, Department

        self.departments = Department.objects.in_bulk()
        self.bassins = Bassin.objects.in_bulk()
        for bassin in self.bassins.values():
            bassin.department = self.departments[bassin.department_id]
        self.editions = Edition.objects.select_related("campaign", "academy").in_bulk()
        self.idea_models = IdeaModel.objects.in_bulk()
        self.partner_model = Partner
        self.partners = {}

    def attach(self, actions) -> None:
        from sps.actions.models import ActionPartner, Occurrence
        from sps.editions.models import EditionTheme
        from sps.schools.models import School

        ids = [a.pk for a in actions]
        school_links = _grouped(Action.schools.through.objects.filter(action_id__in=ids), "school_id")
        theme_links = _grouped(Action.themes.through.objects.filter(action_id__in=ids), "editiontheme_id")
        schools = School.objects.in_bulk({s for links in school_links.values() for s in links})
        for school in schools.values():
            school.department = self.departments[school.department_id]
            school.bassin = self.bassins.get(school.bassin_id)
        themes = EditionTheme.objects.in_bulk({t for links in theme_links.values() for t in links})
        partner_links = {}
        for link in ActionPartner.objects.filter(action_id__in=ids).order_by("pk"):
            partner_links.setdefault(link.action_id, []).append(link)
        missing = {link.partner_id for links in partner_links.values() for link in links} - self.partners.keys()
        self.partners.update(self.partner_model.objects.in_bulk(missing))
        occurrences = {}
        for occurrence in Occurrence.objects.filter(action_id__in=ids).order_by("date", "start_time", "pk"):
            occurrences.setdefault(occurrence.action_id, []).append(occurrence)
        for action in actions:
            action.edition = self.editions[action.edition_id]
            action.bassin = self.bassins.get(action.bassin_id)
            action.department = self.departments.get(action.department_id)
            action.from_model = self.idea_models.get(action.from_model_id)
            links = partner_links.get(action.pk, [])
            for link in links:
                link.partner = self.partners[link.partner_id]
            action._prefetched_objects_cache = {
                "schools": _cached(
                    School, sorted((schools[s] for s in school_links.get(action.pk, [])), key=lambda s: (s.name, s.pk))
                ),
                "themes": _cached(
                    EditionTheme,
                    sorted((themes[t] for t in theme_links.get(action.pk, [])), key=lambda t: (t.order, t.pk)),
                ),
                "action_partners": _cached(ActionPartner, links),
                "occurrences": _cached(Occurrence, occurrences.get(action.pk, [])),
            }


def _grouped(through_qs, column) -> dict:
    out = {}
    for action_id, value in through_qs.order_by().values_list("action_id", column):
        out.setdefault(action_id, []).append(value)
    return out


def _cached(model, objects):
    """A queryset that answers from `objects`, as a prefetch leaves it."""
    qs = model._default_manager.all()
    qs._result_cache = list(objects)
    qs._prefetch_done = True
    return qs


def reindex_schools(school_ids) -> None:
    """After schools were renamed or moved (directory re-import, bassin assigned), bring the entries
    of the actions they carry up to date."""
    school_ids = list(school_ids)
    if not school_ids:
        return
    action_ids = set()
    for chunk in _chunks(school_ids, BATCH_SIZE):
        action_ids.update(
            CatalogueSchool.objects.filter(school_id__in=chunk).values_list("entry__action_id", flat=True)
        )
    action_ids.discard(None)
    index_actions(action_ids)


def reindex_edition(edition) -> None:
    """After an edition's themes or dates changed, bring its entries up to date."""
    index_actions(CatalogueEntry.objects.filter(edition=edition).values_list("action_id", flat=True))


def index_action(action) -> None:
    """After the transaction that changed it commits, bring this action's entry up to date."""
    action_id = action.pk
    transaction.on_commit(lambda: index_actions([action_id]))


@transaction.atomic
def rebuild() -> int:
    """Every published action indexed again, entries of others removed. Returns the count."""
    search.clear()
    ids = list(Action.objects.values_list("pk", flat=True))
    index_actions(ids)
    return CatalogueEntry.objects.count()
