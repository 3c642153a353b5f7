"""The public pages of an event: its page with the registration form (no account needed), and the
registered person's private page (reached by the secret link of their e-mail) to see, change or
cancel their registration and download their attestation de présence.

The online link is never on the public page: only on the private page of a confirmed person (and
in their e-mails). The registration form is rate-limited per client address and per e-mail
address (settings.EVENT_REGISTRATION_RATE_LIMIT): above the limit, HTTP 429 with the form kept.
"""

import hashlib
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from sps.events import services
from sps.events.documents import attestation_pdf
from sps.events.errors import RegistrationError
from sps.events.models import Event, Registration
from sps.events.text import event_session_when, event_when
from sps.www.common import ratelimit
from sps.www.common.error_summary import form_errors
from sps.www.common.errors import add_domain_error
from sps.www.common.event_forms import RENAME, RegistrationForm


def _public_event(pk) -> Event:
    return get_object_or_404(
        Event.objects.published().prefetch_related("academies", "sessions__speakers", "speakers", "questions"), pk=pk
    )


def _event_context(event) -> dict:
    confirmed = event.registrations.confirmed().count()
    return {
        "event": event,
        "when": event_when(event),
        "sessions": [(s, event_session_when(s), list(s.speakers.all())) for s in event.ordered_sessions()],
        "general_speakers": [s for s in event.speakers.all() if s.session_id is None],
        "is_full": event.capacity is not None and confirmed >= event.capacity,
        "seats_left": None if event.capacity is None else max(0, event.capacity - confirmed),
    }


def _in_minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def _rate_limited(request, form) -> int | None:
    """Count this registration attempt per client address and per e-mail address; over a limit,
    put the French message on the form and return the seconds to wait (None: go on)."""
    limits = settings.EVENT_REGISTRATION_RATE_LIMIT
    window = limits["WINDOW_SECONDS"]
    wait = ratelimit.check(request, scope="event_registration_ip", limit=limits["PER_IP"], window=window)
    if wait:
        form.add_error(
            None,
            "Trop de demandes d'inscription envoyées depuis votre réseau : "
            f"réessayez dans {_in_minutes(wait)}. Rien n'a été enregistré.",
        )
        return wait
    email = services.normalize_email(request.POST.get("email", ""))[:254]
    if not email:
        return None
    digest = hashlib.sha256(email.encode()).hexdigest()
    wait = ratelimit.check(
        request, scope="event_registration_email", limit=limits["PER_EMAIL"], window=window, key=digest
    )
    if wait:
        form.add_error(
            "email",
            "Trop de demandes d'inscription pour cette adresse électronique : "
            f"réessayez dans {_in_minutes(wait)}. Si votre inscription est déjà faite, le lien reçu par "
            "courriel permet de la retrouver.",
        )
    return wait


@login_not_required
@require_http_methods(["GET", "POST"])
def event_detail(request, pk):
    event = _public_event(pk)
    is_open = event.registrations_open and not event.registrations_purged_at
    form = RegistrationForm(request.POST or None, event=event)
    wait = None
    if request.method == "POST":
        if not is_open:
            messages.error(request, services.CLOSED_MESSAGE)
            return redirect(event.get_absolute_url())
        wait = _rate_limited(request, form)
        if wait is None and form.is_valid():
            try:
                registration = services.registration_create(event=event, **form.service_kwargs())
            except RegistrationError as error:
                add_domain_error(form, error, rename=RENAME)
            else:
                if registration.is_confirmed:
                    messages.success(
                        request,
                        "Votre inscription est confirmée. Un courriel vous a été envoyé avec votre lien personnel.",
                    )
                else:
                    messages.info(
                        request,
                        "L'événement est complet : vous êtes sur la liste d'attente. Un courriel vous a été envoyé.",
                    )
                return redirect(registration.get_absolute_url())
    context = _event_context(event) | {
        # In the public programme (an edition of its académie that year): each session offers its .ics.
        "in_programme": event.catalogue_entries.exists(),
        "title": event.title,
        "form": form,
        "is_open": is_open,
        "errors": form_errors(form),
        "retention_months": settings.EVENT_REGISTRATION_RETENTION_MONTHS,
    }
    response = render(request, "public/events/event_detail.html", context, status=429 if wait else 200)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def _registration(token) -> Registration:
    registration = (
        Registration.objects.select_related("event", "school").filter(token=token).first() if len(token) <= 64 else None
    )
    if registration is None:
        raise Http404("Inscription introuvable")
    return registration


@login_not_required
@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    registration = _registration(token)
    event = registration.event
    form = None
    if not registration.is_cancelled:
        if request.method == "POST":
            form = RegistrationForm(request.POST, event=event, with_email=False)
            if form.is_valid():
                try:
                    services.registration_update(registration=registration, **form.service_kwargs())
                except RegistrationError as error:
                    add_domain_error(form, error, rename=RENAME)
                else:
                    messages.success(request, "Vos modifications sont enregistrées.")
                    return redirect(registration.get_absolute_url())
        else:
            form = RegistrationForm(initial=RegistrationForm.initial_from(registration), event=event, with_email=False)
    elif request.method == "POST":
        return redirect(registration.get_absolute_url())
    context = {
        "title": f"Votre inscription — {event.title}",
        "registration": registration,
        "event": event,
        "when": event_when(event),
        "sessions": [(s, event_session_when(s)) for s in event.ordered_sessions()],
        "form": form,
        "errors": form_errors(form) if form is not None else [],
        "position": (
            list(event.registrations.waiting().values_list("pk", flat=True)).index(registration.pk) + 1
            if registration.is_waiting
            else None
        ),
    }
    return render(request, "public/events/registration_detail.html", context)


@login_not_required
@require_POST
def registration_cancel(request, token):
    registration = _registration(token)
    was_waiting = registration.is_waiting
    services.registration_cancel(registration=registration)
    messages.success(
        request,
        "Vous avez quitté la liste d'attente."
        if was_waiting
        else "Votre inscription est annulée. Un courriel vous le confirme.",
    )
    return redirect(registration.get_absolute_url())


@login_not_required
def registration_attestation(request, token):
    registration = _registration(token)
    if not registration.can_have_attestation:
        raise Http404("Pas d'attestation pour cette inscription")
    pdf = attestation_pdf(registration)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"attestation-{slugify(registration.event.title)[:50] or registration.event_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
