"""Every write on events and registrations (HackSoft style: keyword-only, one transaction each).

Seats are counted under the event row's lock (`select_for_update`): two people taking the last
seat at the same moment are served one after the other, the second goes to the waiting list.
A cancellation (or more seats) promotes the first people of the waiting list, each told by e-mail.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sps.audit.services import log_action
from sps.catalogue import index as catalogue_index
from sps.events import notifications
from sps.events.enums import EventStatus, ParticipantRole, RegistrationStatus
from sps.events.errors import EventError, RegistrationError
from sps.events.models import Event, EventSession, Registration, RegistrationQuestion, Speaker
from sps.events.rules import check_organisers

DUPLICATE_MESSAGE = (
    "Cette adresse électronique est déjà inscrite à cet événement. Retrouvez votre inscription grâce au lien "
    "reçu par courriel lors de votre inscription."
)
CLOSED_MESSAGE = "Les inscriptions à cet événement sont closes."


# --- Events --------------------------------------------------------------------------------


def _check_event(*, by, fields: dict, academies: list, sessions: list[dict]) -> dict:
    errors: dict[str, list[str]] = {}

    def add(key, message):
        errors.setdefault(key, []).append(message)

    academy_ids = {a.pk for a in academies}
    if not academies:
        add("academies", "Choisissez au moins une académie organisatrice.")
    elif message := check_organisers(by, academy_ids):
        add("academies", message)
    department, bassin = fields.get("department"), fields.get("bassin")
    if department is not None and academy_ids and department.academy_id not in academy_ids:
        add("department", f"Le département {department} n'appartient à aucune des académies organisatrices.")
    if bassin is not None:
        if department is not None and bassin.department_id != department.pk:
            add("bassin", f"Le bassin {bassin} n'appartient pas au département choisi.")
        elif academy_ids and bassin.department.academy_id not in academy_ids:
            add("bassin", f"Le bassin {bassin} n'appartient à aucune des académies organisatrices.")
    if not fields.get("place") and not fields.get("online_url"):
        add("place", "Indiquez un lieu, ou un lien de connexion pour un événement en ligne.")
    capacity = fields.get("capacity")
    if capacity is not None and capacity < 1:
        add("capacity", "Le nombre de places doit être d'au moins 1 (laissez vide : sans limite).")
    if not sessions:
        add("sessions", "Ajoutez au moins une session, avec sa date et ses horaires.")
    for index, row in enumerate(sessions, start=1):
        if row["ends_at"] <= row["starts_at"]:
            add("sessions", f"Session {index} : l'heure de fin doit être après l'heure de début.")
    return errors


EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "department",
    "bassin",
    "place",
    "online_url",
    "audience",
    "capacity",
    "registrations_open",
)


def _sync(model, existing: dict, rows: list[dict], **parent) -> list:
    """Update the rows that carry the id of an existing object, create the others, delete the
    existing objects no row names. Returns the objects in the order of `rows`."""
    kept, result = set(), []
    for order, row in enumerate(rows):
        values = {k: v for k, v in row.items() if k != "id"}
        if "order" in {f.name for f in model._meta.fields}:
            values["order"] = order
        obj = existing.get(row.get("id"))
        if obj is None:
            obj = model.objects.create(**parent, **values)
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            kept.add(obj.pk)
        result.append(obj)
    for pk, obj in existing.items():
        if pk not in kept:
            obj.delete()
    return result


def event_save(
    *,
    by,
    fields: dict,
    academies: list,
    sessions: list[dict],
    speakers: list[dict] | None = None,
    questions: list[dict] | None = None,
    event: Event | None = None,
) -> Event:
    """Create (event=None) or update an event with its sessions, speakers and questions.

    `sessions`: [{"id"?, "title", "starts_at", "ends_at", "place"}]; `speakers`: [{"id"?, "name",
    "title", "topic", "session_index"}] where session_index points into `sessions` (None: the whole
    event); `questions`: [{"id"?, "label", "choices", "required"}]. Rows without an existing id are
    created; existing ones not named are deleted. More seats promote the waiting list."""
    speakers, questions = speakers or [], questions or []
    errors = _check_event(by=by, fields=fields, academies=academies, sessions=sessions)
    if errors:
        raise EventError("L'événement n'a pas été enregistré : corrigez les champs signalés.", errors)
    with transaction.atomic():
        if event is None:
            event = Event(created_by=by)
            verb = "events.event.created"
        else:
            event = Event.objects.select_for_update().get(pk=event.pk)
            verb = "events.event.updated"
        for name in EVENT_FIELDS:
            setattr(event, name, fields.get(name, getattr(event, name)))
        event.save()
        event.academies.set(academies)
        saved_sessions = _sync(
            EventSession, {s.pk: s for s in event.sessions.all()}, [dict(row) for row in sessions], event=event
        )
        speaker_rows = []
        for row in speakers:
            row = dict(row)
            index = row.pop("session_index", None)
            row["session"] = saved_sessions[index] if index is not None and index < len(saved_sessions) else None
            speaker_rows.append(row)
        _sync(Speaker, {s.pk: s for s in event.speakers.all()}, speaker_rows, event=event)
        _sync(RegistrationQuestion, {q.pk: q for q in event.questions.all()}, [dict(r) for r in questions], event=event)
        log_action(event, verb, user=by, data={"title": event.title, "capacity": event.capacity})
        _promote_waiting(event)
        catalogue_index.index_event(event)
    return event


def event_set_published(*, event: Event, by, published: bool) -> Event:
    """Publish the event (its public page and registration form open) or take it back to draft."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        event.status = EventStatus.PUBLISHED if published else EventStatus.DRAFT
        if published and event.published_at is None:
            event.published_at = timezone.now()
        event.save(update_fields=["status", "published_at", "updated_at"])
        log_action(event, "events.event.published" if published else "events.event.unpublished", user=by)
        catalogue_index.index_event(event)
    return event


def event_delete(*, event: Event, by) -> None:
    """Delete an event with its sessions, speakers and registrations; the public programme drops it
    at once (and the API lists it among the removed events)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        log_action(event, "events.event.deleted", user=by, data={"title": event.title})
        catalogue_index.remove_events([event.pk])
        event.delete()


def event_set_registrations_open(*, event: Event, by, is_open: bool) -> Event:
    """Open or close the registrations (closed: the form refuses everyone, the list stays)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        event.registrations_open = is_open
        event.save(update_fields=["registrations_open", "updated_at"])
        log_action(
            event, "events.event.registrations_opened" if is_open else "events.event.registrations_closed", user=by
        )
    return event


# --- Registrations -------------------------------------------------------------------------


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_person(*, event: Event, name: str, role: str, school, answers: dict) -> dict:
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = ["Indiquez vos nom et prénom."]
    if role not in event.allowed_roles:
        errors["role"] = ["Cet événement est réservé à un autre public : choisissez une des réponses proposées."]
    if role == ParticipantRole.STAFF and school is None:
        errors["school"] = ["Indiquez l'UAI de votre établissement (ou de votre service)."]
    for question in event.questions.all():
        value = (answers or {}).get(question.key, "")
        if question.required and not str(value).strip():
            errors[f"q_{question.pk}"] = ["Répondez à cette question."]
        elif value and question.choice_list and value not in question.choice_list:
            errors[f"q_{question.pk}"] = ["Choisissez une des réponses proposées."]
    return errors


def _clean_answers(event: Event, answers: dict | None) -> dict:
    known = {q.key for q in event.questions.all()}
    return {key: str(value).strip() for key, value in (answers or {}).items() if key in known and str(value).strip()}


def _free_seats(event: Event) -> int | None:
    """Seats left (counted under the event's lock); None: no limit."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - event.registrations.confirmed().count())


def registration_create(
    *, event: Event, name: str, email: str, role: str, school=None, answers: dict | None = None
) -> Registration:
    """Register a person without an account: confirmed while seats are left, else on the waiting
    list; an e-mail with their private link either way. Refused (RegistrationError, French) when
    the event is not open, the address is already registered, or a field is wrong."""
    email = normalize_email(email)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.is_published or not event.registrations_open or event.registrations_purged_at:
            raise RegistrationError(CLOSED_MESSAGE)
        if not email:
            raise RegistrationError("Indiquez votre adresse électronique.", field="email")
        errors = _check_person(event=event, name=name, role=role, school=school, answers=answers or {})
        if errors:
            raise RegistrationError("Votre inscription n'a pas été enregistrée : corrigez les champs signalés.", errors)
        if event.registrations.active().filter(email=email).exists():
            raise RegistrationError(DUPLICATE_MESSAGE, field="email")
        free = _free_seats(event)
        status = RegistrationStatus.CONFIRMED if free is None or free > 0 else RegistrationStatus.WAITING
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    name=name.strip(),
                    email=email,
                    role=role,
                    school=school if role == ParticipantRole.STAFF else None,
                    status=status,
                    answers=_clean_answers(event, answers),
                )
        except IntegrityError as error:  # the unique constraint: the same address at the same moment
            raise RegistrationError(DUPLICATE_MESSAGE, field="email") from error
        log_action(registration, f"events.registration.{status}", data={"event": event.pk})
        notifications.registration_received(registration)
    return registration


def registration_update(*, registration: Registration, name: str, role: str, school=None, answers=None) -> Registration:
    """The registered person changes their details (not the address: cancel and register again)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            raise RegistrationError("Cette inscription est annulée : elle ne peut plus être modifiée.")
        errors = _check_person(event=event, name=name, role=role, school=school, answers=answers or {})
        if errors:
            raise RegistrationError(
                "Vos modifications n'ont pas été enregistrées : corrigez les champs signalés.", errors
            )
        registration.name = name.strip()
        registration.role = role
        registration.school = school if role == ParticipantRole.STAFF else None
        registration.answers = _clean_answers(event, answers)
        registration.save()
        log_action(registration, "events.registration.updated", data={"event": event.pk})
    return registration


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a registration (or leave the waiting list); a freed seat goes to the first person
    waiting, who is told by e-mail. Cancelling twice changes nothing."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            return registration
        was = registration.status
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        log_action(registration, "events.registration.cancelled", data={"event": event.pk, "was": was})
        notifications.registration_cancelled(registration)
        _promote_waiting(event)
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Give the free seats to the first people waiting (call under the event's lock)."""
    free = _free_seats(event)
    waiting = event.registrations.waiting()
    promoted = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status, registration.promoted_at = RegistrationStatus.CONFIRMED, now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        log_action(registration, "events.registration.promoted", data={"event": event.pk})
        notifications.registration_promoted(registration)
    return promoted


def registrations_set_attendance(*, event: Event, by, present_ids, listed_ids) -> int:
    """Mark present the registrations of `present_ids` and absent the other `listed_ids` (those on
    the organiser's list); returns how many changed."""
    present_ids, listed_ids = set(present_ids), set(listed_ids)
    with transaction.atomic():
        rows = event.registrations.confirmed().filter(pk__in=listed_ids)
        changed = rows.filter(pk__in=present_ids, attended=False).update(attended=True)
        changed += rows.exclude(pk__in=present_ids).filter(attended=True).update(attended=False)
        log_action(event, "events.event.attendance", user=by, data={"present": len(present_ids & listed_ids)})
    return changed


# --- Reminders and RGPD --------------------------------------------------------------------


def reminders_send(*, now=None) -> int:
    """The day before an event's first session, each confirmed person gets a reminder (with the
    online link); run daily (manage.py send_event_reminders). Each person once."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    sent = 0
    events = Event.objects.published().with_counts()
    for event in events:
        if event.first_start is None or timezone.localdate(event.first_start) != tomorrow:
            continue
        with transaction.atomic():
            for registration in event.registrations.confirmed().filter(reminded_at__isnull=True).select_for_update():
                registration.reminded_at = now
                registration.save(update_fields=["reminded_at"])
                notifications.registration_reminder(registration)
                sent += 1
    return sent


def retention_cutoff(now=None) -> datetime.datetime:
    """Events that ended before this instant have their registrations purged."""
    now = now or timezone.now()
    months = settings.EVENT_REGISTRATION_RETENTION_MONTHS
    year, month = divmod(now.month - 1 - months, 12)
    month += 1
    year += now.year
    day = min(now.day, 28)
    return now.replace(year=year, month=month, day=day)


def registrations_purge(*, now=None, dry_run: bool = False) -> int:
    """Delete the registrations of events ended more than EVENT_REGISTRATION_RETENTION_MONTHS ago,
    keeping only counts on the event (archived_counts). Returns the number of registrations."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    purged = 0
    candidates = Event.objects.filter(registrations__isnull=False).distinct()
    for event in candidates:
        ends = event.ends_at
        if ends is None or ends >= cutoff:
            continue
        registrations = event.registrations.all()
        if dry_run:
            purged += registrations.count()
            continue
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event.pk)
            rows = list(event.registrations.values_list("status", "role", "attended"))
            counts = dict(event.archived_counts or {})
            for status, role, attended in rows:
                counts[status] = counts.get(status, 0) + 1
                if status == RegistrationStatus.CONFIRMED:
                    by_role = counts.setdefault("confirmed_by_role", {})
                    by_role[role] = by_role.get(role, 0) + 1
                    counts["attended"] = counts.get("attended", 0) + int(attended)
            event.archived_counts = counts
            event.registrations_purged_at = now
            event.registrations_open = False
            event.save(update_fields=["archived_counts", "registrations_purged_at", "registrations_open"])
            event.registrations.all().delete()
            log_action(event, "events.event.registrations_purged", data={"count": len(rows)})
            purged += len(rows)
    return purged
