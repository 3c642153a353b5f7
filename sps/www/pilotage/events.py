"""The organisers' pages of events: list, create and edit (sessions, speakers, questions), the
registrations, publishing and closing, the attendance list to tick at the door (on a phone) and
the CSV/XLSX export.

Only organisers (national pilots, pilots of one of the organising académies: sps/events/rules.py)
reach them; an event of another académie is a 404 (loaded through Event.objects.managed_by).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sps.accounts.perms import scope_of
from sps.events import rules, services
from sps.events.errors import EventError
from sps.events.exports import EXPORT_KIND
from sps.events.models import Event
from sps.events.text import event_session_when, event_when
from sps.files.services import generated_file_request
from sps.territories.models import Academy
from sps.www.common.decorators import require
from sps.www.common.error_summary import form_errors, formset_errors
from sps.www.common.errors import add_domain_error
from sps.www.pilotage.event_forms import (
    MAX_ROWS,
    QUESTION_LEGEND,
    SESSION_LEGEND,
    SPEAKER_LEGEND,
    EventForm,
    EventSessionForm,
    ExportForm,
    QuestionForm,
    SpeakerForm,
    row_formset,
)


def _organised(request, pk) -> Event:
    return get_object_or_404(
        Event.objects.managed_by(request.user).prefetch_related("academies", "sessions", "speakers", "questions"), pk=pk
    )


@require(rules.can_manage_events)
def event_list(request):
    events = list(
        Event.objects.managed_by(request.user)
        .with_counts()
        .prefetch_related("academies")
        .order_by("-first_start", "-pk")
    )
    return render(request, "pilotage/events/event_list.html", {"title": "Événements", "events": events})


def _academy_choices(user):
    return rules.organising_academy_choices(user, Academy.objects.current().order_by("name"))


def _initial(event: Event | None):
    if event is None:
        return {"registrations_open": True}, [], [], []
    initial = {name: getattr(event, name) for name in EventForm.base_fields if name != "academies"}
    initial["academies"] = list(event.academies.all())
    sessions = list(event.ordered_sessions())
    session_rows = [
        {
            "id": s.pk,
            "title": s.title,
            "date": timezone.localtime(s.starts_at).date(),
            "start_time": timezone.localtime(s.starts_at).time(),
            "end_time": timezone.localtime(s.ends_at).time(),
            "place": s.place,
        }
        for s in sessions
    ]
    numbers = {s.pk: str(n) for n, s in enumerate(sessions, start=1)}
    speaker_rows = [
        {"id": s.pk, "name": s.name, "title": s.title, "topic": s.topic, "session": numbers.get(s.session_id, "")}
        for s in event.speakers.all()
    ]
    question_rows = [
        {"id": q.pk, "label": q.label, "choices": q.choices, "required": q.required} for q in event.questions.all()
    ]
    return initial, session_rows, speaker_rows, question_rows


def _session_count(data, session_rows) -> int:
    if data is not None:
        total = data.get("sessions-TOTAL_FORMS", "")
        return min(int(total), MAX_ROWS) if total.isdigit() else 0
    return len(session_rows) + (1 if session_rows else 2)


def _event_form_page(request, event: Event | None):
    data = request.POST if request.method == "POST" else None
    initial, session_rows, speaker_rows, question_rows = _initial(event)
    choices = _academy_choices(request.user)
    if event is None:  # the pilot's own académies ticked to start with
        initial["academies"] = list(choices.filter(pk__in=scope_of(request.user).academy_ids))
    form = EventForm(data, initial=initial, academies=choices)
    sessions = row_formset(
        EventSessionForm, data=data, initial=session_rows, prefix="sessions", extra=1 if session_rows else 2
    )
    speakers = row_formset(
        SpeakerForm,
        data=data,
        initial=speaker_rows,
        prefix="speakers",
        session_count=_session_count(data, session_rows),
    )
    questions = row_formset(QuestionForm, data=data, initial=question_rows, prefix="questions")
    if data is not None:
        valid = all([form.is_valid(), sessions.is_valid(), speakers.is_valid(), questions.is_valid()])
        if valid:
            kept_sessions = sessions.kept()
            numbers = [n for n, _ in kept_sessions]
            try:
                saved = services.event_save(
                    event=event,
                    by=request.user,
                    fields=form.service_fields(),
                    academies=list(form.cleaned_data["academies"]),
                    sessions=[f.row() for _, f in kept_sessions],
                    speakers=[f.row(numbers) for _, f in speakers.kept()],
                    questions=[f.row() for _, f in questions.kept()],
                )
            except EventError as error:
                add_domain_error(form, error, elsewhere={"sessions": sessions.add_error})
            else:
                messages.success(request, "L'événement est enregistré.")
                return redirect("pilotage:event_detail", pk=saved.pk)
    errors = (
        form_errors(form)
        + formset_errors(sessions, legend=SESSION_LEGEND)
        + formset_errors(speakers, legend=SPEAKER_LEGEND)
        + formset_errors(questions, legend=QUESTION_LEGEND)
    )
    context = {
        "title": "Modifier l'événement" if event else "Nouvel événement",
        "event": event,
        "form": form,
        "sessions": sessions,
        "speakers": speakers,
        "questions": questions,
        "errors": errors,
        "legends": {"session": SESSION_LEGEND, "speaker": SPEAKER_LEGEND, "question": QUESTION_LEGEND},
    }
    return render(request, "pilotage/events/event_form.html", context)


@require(rules.can_manage_events)
@require_http_methods(["GET", "POST"])
def event_create(request):
    return _event_form_page(request, None)


@require(rules.can_manage_events)
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    return _event_form_page(request, _organised(request, pk))


@require(rules.can_manage_events)
def event_detail(request, pk):
    event = _organised(request, pk)
    registrations = list(event.registrations.select_related("school").order_by("status", "created_at", "pk"))
    questions = list(event.questions.all())
    for r in registrations:
        r.answer_list = [r.answers.get(q.key, "") for q in questions]
    counts = {
        status: sum(1 for r in registrations if r.status == status) for status in ("confirmed", "waiting", "cancelled")
    }
    context = {
        "title": event.title,
        "event": event,
        "when": event_when(event),
        "sessions": [(s, event_session_when(s)) for s in event.ordered_sessions()],
        "registrations": registrations,
        "questions": questions,
        "counts": counts,
        "attended": sum(1 for r in registrations if r.attended and r.is_confirmed),
    }
    return render(request, "pilotage/events/event_detail.html", context)


OPERATIONS = {
    "publish": ("L'événement est publié : sa page et son formulaire d'inscription sont en ligne.", "published", True),
    "unpublish": ("L'événement est repassé en brouillon : sa page n'est plus publique.", "published", False),
    "open": ("Les inscriptions sont ouvertes.", "open", True),
    "close": ("Les inscriptions sont closes.", "open", False),
}


@require(rules.can_manage_events)
@require_POST
def event_status(request, pk):
    event = _organised(request, pk)
    operation = OPERATIONS.get(request.POST.get("operation", ""))
    if operation is None:
        messages.error(request, "Opération inconnue.")
        return redirect("pilotage:event_detail", pk=event.pk)
    message, what, value = operation
    if what == "published":
        services.event_set_published(event=event, by=request.user, published=value)
    else:
        services.event_set_registrations_open(event=event, by=request.user, is_open=value)
    messages.success(request, message)
    return redirect("pilotage:event_detail", pk=event.pk)


@require(rules.can_manage_events)
@require_http_methods(["GET", "POST"])
def event_attendance(request, pk):
    """The list to tick at the door: confirmed people, by name; one button saves."""
    event = _organised(request, pk)
    people = event.registrations.confirmed().select_related("school").order_by("name", "pk")
    if request.method == "POST":
        listed = [int(i) for i in request.POST.getlist("listed") if i.isdigit()]
        present = [int(i) for i in request.POST.getlist("present") if i.isdigit()]
        services.registrations_set_attendance(event=event, by=request.user, present_ids=present, listed_ids=listed)
        messages.success(
            request, f"Présences enregistrées : {people.filter(attended=True).count()} personne(s) présente(s)."
        )
        return redirect("pilotage:event_attendance", pk=event.pk)
    return render(
        request,
        "pilotage/events/event_attendance.html",
        {"title": f"Liste d'émargement — {event.title}", "event": event, "people": list(people)},
    )


@require(rules.can_manage_events)
@require_POST
def event_export(request, pk):
    event = _organised(request, pk)
    form = ExportForm(request.POST)
    fmt = form.cleaned_data["format"] if form.is_valid() else "xlsx"
    file = generated_file_request(
        by=request.user,
        kind=EXPORT_KIND,
        params={"event": event.pk, "format": fmt},
        label=f"Inscriptions — {event.title} ({fmt.upper()})",
    )
    return redirect("files:detail", pk=file.pk)
