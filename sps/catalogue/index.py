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
from sps.editions.enums import Public
from sps.editions.models import Edition, school_year_of
from sps.events import selectors as event_selectors
from sps.events.enums import Audience, EventStatus
from sps.events.models import Event
from sps.territories.text import french_sort_key, of_academy

BATCH_SIZE = 500


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
    schools = sorted(action.schools.all(), key=lambda s: s.pk)
    first_school = schools[0] if schools else None
    public_occurrences = [o for o in action.occurrences.all() if o.is_public]
    # The dates a visitor sees and sorts on: those of the public temps forts only (as the days).
    dates = [o.date for o in public_occurrences]
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


def _action_row(action) -> dict:
    """The row of a published action for `_write_rows` (relations prefetched)."""
    row = {"action": action, **entry_fields(action)}
    row["search_parts"] = search_parts_of(action, row["search_text"])
    row["schools"] = list(action.schools.all())
    row["themes"] = list(action.themes.all())
    row["days"] = sorted({o.date for o in action.occurrences.all() if o.is_public})
    return row


def _write_entries(actions, existing) -> set:
    """Create or update the entries of these published actions, whose relations are prefetched;
    `existing` maps action ids to their entry's id. Returns the (campaign, académie) pairs."""
    return _write_rows([_action_row(action) for action in actions], {("action", k): v for k, v in existing.items()})


def _key_of(item) -> tuple:
    """What identifies an entry (a row dict or a CatalogueEntry): its action, or its event and
    académie (a shared event has one entry per organising académie)."""
    if isinstance(item, dict):
        if item["kind"] == EntryKind.EVENT:
            return ("event", item["event"].pk, item["academy"].pk)
        return ("action", item["action"].pk)
    if item.kind == EntryKind.EVENT:
        return ("event", item.event_id, item.academy_id)
    return ("action", item.action_id)


# The keys of a row that are not columns of CatalogueEntry: its search text in three weights and
# the rows of its link tables.
# Offsets a link mask holds (bits 0 to 62 of a signed 64-bit integer).
MASK_SPAN = 63


def base_and_mask(base, offsets) -> tuple:
    """(base, mask) of values given as offsets from their smallest, `base`: (None, 0) without
    values, (base, None) when an offset does not fit MASK_SPAN."""
    if base is None:
        return None, 0
    if max(offsets) >= MASK_SPAN:
        return base, None
    mask = 0
    for offset in offsets:
        mask |= 1 << offset
    return base, mask


def link_masks(row) -> dict:
    """The theme and day columns of an entry (CatalogueEntry.theme_mask, day_mask) from its row's
    themes and days: the facet counts read these, the filters the link tables."""
    theme_ids = sorted({theme.pk for theme in row["themes"]})
    days = sorted(set(row["days"]))
    theme_base, theme_mask = base_and_mask(theme_ids[0] if theme_ids else None, [t - theme_ids[0] for t in theme_ids])
    day_base, day_mask = base_and_mask(days[0] if days else None, [(d - days[0]).days for d in days])
    return {"theme_base": theme_base, "theme_mask": theme_mask, "day_base": day_base, "day_mask": day_mask}


ROW_EXTRAS = ("search_parts", "schools", "themes", "days")
# Keys of a row that the writer stores in CatalogueText, not in the narrow entry.
TEXT_FIELDS = ("summary", "search_text")


def _write_rows(rows, existing) -> set:
    """The one write path of the catalogue, for every kind of entry: create or update the entries
    described by `rows` (dicts of `entry_fields`' shape, with the action or the event, plus
    ROW_EXTRAS), replace their school, theme and day rows and their full-text index. `existing`
    maps an entry's key (`_key_of`) to its id. Returns the (campaign, académie) pairs written."""
    if not rows:
        return set()
    rows = [{**row, **link_masks(row)} for row in rows]
    entries, extras = [], []
    for row in rows:
        columns = {k: v for k, v in row.items() if k not in ROW_EXTRAS and k not in TEXT_FIELDS}
        entry = CatalogueEntry(pk=existing.get(_key_of(row)), **columns)
        entry.texts = {name: row.get(name, "") for name in TEXT_FIELDS}
        entry.search_parts = row["search_parts"]
        entries.append(entry)
        extras.append(row)
    to_update = [e for e in entries if e.pk]
    to_create = [e for e in entries if not e.pk]
    if to_update:
        fields = [k for k in rows[0] if k not in ROW_EXTRAS and k not in TEXT_FIELDS and k != "kind"]
        CatalogueEntry.objects.bulk_update(to_update, fields)
    if to_create:
        CatalogueEntry.objects.bulk_create(to_create)
        if not all(e.pk for e in to_create):  # databases that do not return ids (none we use)
            kinds = {e.kind for e in to_create}
            ids_by_key = {
                _key_of(e): e.pk
                for e in CatalogueEntry.objects.filter(
                    Q(action__in=[e.action_id for e in to_create if e.action_id])
                    | Q(event__in=[e.event_id for e in to_create if e.event_id]),
                    kind__in=kinds,
                ).only("pk", "kind", "action_id", "event_id", "academy_id")
            }
            for entry in to_create:
                entry.pk = ids_by_key[_key_of(entry)]
    entry_ids = [e.pk for e in entries]
    for model in (CatalogueText, CatalogueSchool, CatalogueTheme, CatalogueDay):
        model.objects.filter(entry_id__in=entry_ids).delete()
    CatalogueText.objects.bulk_create(CatalogueText(entry=e, **e.texts) for e in entries)
    pairs = list(zip(entries, extras, strict=True))
    CatalogueSchool.objects.bulk_create(
        CatalogueSchool(entry=entry, school=school) for entry, row in pairs for school in row["schools"]
    )
    CatalogueTheme.objects.bulk_create(
        CatalogueTheme(entry=entry, theme=theme) for entry, row in pairs for theme in row["themes"]
    )
    CatalogueDay.objects.bulk_create(CatalogueDay(entry=entry, date=day) for entry, row in pairs for day in row["days"])
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
    """After an edition was created or its themes or dates changed, bring its entries up to date:
    its actions, and the published events of its académie (an event enters the catalogue of an
    académie once that académie has an edition for the school year of its sessions)."""
    entries = CatalogueEntry.objects.filter(edition=edition)
    index_actions(entries.filter(kind=EntryKind.ACTION).values_list("action_id", flat=True))
    events = Event.objects.published().filter(academies=edition.academy).values_list("pk", flat=True)
    index_events({*entries.filter(kind=EntryKind.EVENT).values_list("event_id", flat=True), *events})


def index_action(action) -> None:
    """After the transaction that changed it commits, bring this action's entry up to date."""
    action_id = action.pk
    transaction.on_commit(lambda: index_actions([action_id]))


@transaction.atomic
def rebuild() -> int:
    """Every published action and event indexed again, entries of others removed. Returns the
    count of entries."""
    search.clear()
    ids = list(Action.objects.values_list("pk", flat=True))
    index_actions(ids)
    index_events(Event.objects.values_list("pk", flat=True))
    return CatalogueEntry.objects.count()


# --- Events ----------------------------------------------------------------------------------

# Who an event is for → the catalogue's « public » facet.
AUDIENCE_PUBLICS = {
    Audience.STAFF: (Public.STAFF,),
    Audience.PARENTS: (Public.PARENTS, Public.STAFF),
    Audience.PUBLIC: tuple(Public),
}


def _events(ids):
    return (
        Event.objects.filter(pk__in=ids, status=EventStatus.PUBLISHED)
        .select_related("department", "bassin__department")
        .prefetch_related(*event_selectors.CATALOGUE_PREFETCH)
    )


def event_session_days(event) -> list:
    """The days (Europe/Paris) of the event's sessions, in order."""
    return sorted({timezone.localtime(s.starts_at).date() for s in event.sessions.all()})


def event_search_text(event) -> str:
    """Every searched field of an event, folded: title, description, kind, speakers (name,
    function, topic), sessions, place, département and bassin. Never its online link."""
    parts = [
        event.title,
        event.description,
        event.get_kind_display(),
        event.place,
        *(f"{s.name} {s.title} {s.topic}" for s in event.speakers.all()),
        *(f"{s.title} {s.place}" for s in event.sessions.all()),
        *(a.name for a in event.academies.all()),
        event.department.name if event.department_id else "",
        event.bassin.display_name if event.bassin_id else "",
    ]
    return normalize_search(" ".join(p for p in parts if p))


def event_carrier_label(event) -> str:
    """« Séminaire — académies de Clermont-Ferrand, Grenoble et Lyon »."""
    names = sorted((a.name for a in event.academies.all()), key=french_sort_key)
    if len(names) > 1:
        organisers = f"académies de {', '.join(names[:-1])} et {names[-1]}"
    elif names:
        organisers = f"académie {of_academy(names[0])}"
    else:
        organisers = ""
    return " — ".join(p for p in (event.get_kind_display(), organisers) if p)


def event_entry_fields(event, *, academy, edition, is_primary: bool) -> dict:
    """The columns of an event's entry in one organising académie: the same shape as
    `entry_fields` of an action (one write path, `_write_rows`)."""
    days = event_session_days(event)
    department = event.department or (event.bassin.department if event.bassin_id else None)
    return {
        "kind": EntryKind.EVENT,
        "event": event,
        "is_primary": is_primary,
        "edition": edition,
        "campaign": edition.campaign,
        "academy": academy,
        "department": department,
        "bassin": event.bassin,
        "title": event.title[:300],
        "summary": event.description,
        "communes": "",
        "carrier_label": event_carrier_label(event)[:300],
        "category": "",
        "is_flagship": False,
        "level_mask": 0,
        "public_mask": mask_of(AUDIENCE_PUBLICS[Audience(event.audience)], PUBLIC_BITS),
        "school_kind_mask": 0,
        "weekday_mask": mask_of({day.weekday() for day in days}, WEEKDAY_BITS),
        "first_date": days[0] if days else None,
        "last_date": days[-1] if days else None,
        "search_text": event_search_text(event),
        "published_at": event.published_at or event.updated_at,
        "updated_at": timezone.now(),
    }


def _primary_academy(event, academies):
    """The académie whose entry national counts use: the event's département's, else the first
    by name (stable from one indexing to the next)."""
    department = event.department or (event.bassin.department if event.bassin_id else None)
    for academy in academies:
        if department is not None and academy.pk == department.academy_id:
            return academy
    return min(academies, key=lambda a: (french_sort_key(a.name), a.pk))


def event_rows(event, editions: dict) -> list[dict]:
    """The rows of a published event: one per organising académie that has an edition for the
    school year of its first session (`editions`: {(school_year, academy_id): Edition}); an event
    without sessions, or whose académies have no edition that year, is not in the catalogue."""
    days = event_session_days(event)
    if not days:
        return []
    year = school_year_of(days[0])
    academies = [a for a in event.academies.all() if (year, a.pk) in editions]
    if not academies:
        return []
    primary = _primary_academy(event, academies)
    rows = []
    for academy in academies:
        row = event_entry_fields(
            event, academy=academy, edition=editions[(year, academy.pk)], is_primary=academy.pk == primary.pk
        )
        row["search_parts"] = (event.title, event.description, row["search_text"])
        row["schools"], row["themes"], row["days"] = [], [], days
        rows.append(row)
    return rows


def _editions_for(events) -> dict:
    years, academy_ids = set(), set()
    for event in events:
        days = event_session_days(event)
        if days:
            years.add(school_year_of(days[0]))
            academy_ids.update(a.pk for a in event.academies.all())
    if not years:
        return {}
    editions = Edition.objects.filter(campaign__school_year__in=years, academy_id__in=academy_ids).select_related(
        "campaign", "academy"
    )
    return {(e.campaign.school_year, e.academy_id): e for e in editions}


@transaction.atomic
def index_events(ids) -> None:
    """Rebuild the entries of these events: each published one in (one entry per organising
    académie), the others out and recorded as removed (kind « event »)."""
    ids = {pk for pk in ids if pk is not None}
    pairs = set()
    for chunk in _chunks(sorted(ids), BATCH_SIZE):
        pairs |= _index_event_chunk(chunk)
    counts.refresh(pairs)


def _index_event_chunk(ids) -> set:
    pairs = counts.pairs_of_entries(Q(event_id__in=ids))
    events = list(_events(ids))
    editions = _editions_for(events)
    rows = [row for event in events for row in event_rows(event, editions)]
    listed = {row["event"].pk for row in rows}
    existing = {
        _key_of(e): e.pk
        for e in CatalogueEntry.objects.filter(event_id__in=ids).only("pk", "kind", "event_id", "academy_id")
    }
    wanted = {_key_of(row) for row in rows}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        search.remove(stale)
        CatalogueEntry.objects.filter(pk__in=stale).delete()
    now = timezone.now()
    for event_id in {key[1] for key in existing} - listed:
        CatalogueRemoval.objects.update_or_create(
            kind=EntryKind.EVENT, object_id=event_id, defaults={"removed_at": now}
        )
    if listed:
        CatalogueRemoval.objects.filter(kind=EntryKind.EVENT, object_id__in=listed).delete()
    # Rows of the same event stay together; a new primary académie is written before the old one
    # is demoted, which no constraint forbids.
    return pairs | _write_rows(rows, existing)


@transaction.atomic
def remove_events(ids) -> None:
    """Take these events out of the catalogue (before deleting them: their entries would go with
    them, but not their full-text rows nor the removal the API lists)."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    entries = CatalogueEntry.objects.filter(kind=EntryKind.EVENT, event_id__in=ids)
    pairs = counts.pairs_of_entries(Q(pk__in=entries.values("pk")))
    gone = set(entries.values_list("event_id", flat=True))
    search.remove(list(entries.values_list("pk", flat=True)))
    entries.delete()
    now = timezone.now()
    for event_id in gone:
        CatalogueRemoval.objects.update_or_create(
            kind=EntryKind.EVENT, object_id=event_id, defaults={"removed_at": now}
        )
    counts.refresh(pairs)


def index_event(event) -> None:
    """After the transaction that changed it commits, bring this event's entries up to date."""
    event_id = event.pk
    transaction.on_commit(lambda: index_events([event_id]))
