"""Pilots invite a person to become contributor (porteur de projet) for a school they follow."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sps.accounts import perms
from sps.accounts.forms import EMAIL_ERRORS
from sps.accounts.models import Invitation
from sps.accounts.services import AccountError, invitation_create
from sps.schools.models import School
from sps.schools.uai import normalize_uai, uai_error
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error

LIST_SIZE = 100


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de la personne invitée",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    uai = forms.CharField(
        label="UAI de l'établissement",
        max_length=20,
        help_text="8 caractères, par exemple 0940176F ; elle figure sur la fiche de l'établissement.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_uai(self):
        raw = self.cleaned_data["uai"]
        if message := uai_error(raw):
            raise forms.ValidationError(message)
        uai = normalize_uai(raw)
        school = School.objects.filter(uai=uai).first()
        # Unknown and out of scope give the same answer: a pilot learns nothing of other territories.
        if school is None or not perms.school_in_pilot_scope(self.user, school):
            raise forms.ValidationError(f"Aucun établissement de votre territoire n'a l'UAI « {uai} ».")
        self.cleaned_data["school"] = school
        return uai


@require(perms.can_access_pilotage)
@require_http_methods(["GET", "POST"])
def invite(request):
    form = InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        try:
            invitation = invitation_create(school=school, email=form.cleaned_data["email"], invited_by=request.user)
        except AccountError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email} pour {school.display_name}.")
            return redirect("pilotage:invitations")
    in_scope = Invitation.objects.filter(school__in=perms.pilot_schools(request.user)).select_related(
        "school", "invited_by", "accepted_by"
    )
    pending = in_scope.filter(accepted_at=None, expires_at__gt=timezone.now()).order_by("-created_at")[:LIST_SIZE]
    accepted = in_scope.filter(accepted_at__isnull=False).order_by("-accepted_at")[:LIST_SIZE]
    return render(
        request,
        "pilotage/invitations.html",
        {
            "title": "Inviter un porteur de projet",
            "form": form,
            "pending": pending,
            "accepted": accepted,
            "validity_days": settings.INVITATION_VALIDITY_DAYS,
        },
    )
