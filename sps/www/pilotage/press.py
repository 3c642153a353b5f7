"""The dossier de presse of an académie's edition in the Pilotage space: a preview, the press
contact it prints, and its PDF and DOCX built by a task (sps.syntheses.press).

Access as the academic synthesis: that académie's pilots and national pilots; a pilot with no
synthesis at all gets a 403, another académie's pilot a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sps.accounts import perms
from sps.editions.models import Campaign, Edition
from sps.files.services import generated_file_request
from sps.syntheses.models import PressContact
from sps.syntheses.press import PRESS_KIT_FORMATS, PRESS_KIT_KIND, build_press_kit
from sps.syntheses.services import press_contact_update
from sps.syntheses.synthesis import campaign_academies

PHONE_CHARS = set("0123456789 +.()-")


class PressContactForm(forms.ModelForm):
    website = forms.URLField(
        label="Site internet de l'académie",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={"invalid": "Saisissez une adresse de site complète, par exemple https://www.ac-creteil.fr."},
    )

    class Meta:
        model = PressContact
        fields = ["service", "email", "phone", "website"]
        error_messages = {
            "service": {
                "required": "Indiquez le service à contacter (ex. Service de la communication du rectorat).",
                "max_length": "200 caractères au plus (vous en avez écrit %(show_value)d).",
            },
            "email": {
                "required": "Indiquez l'adresse électronique du service.",
                "invalid": "Saisissez une adresse électronique valide, par exemple communication@ac-creteil.fr.",
            },
        }

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = [c for c in phone if c.isdigit()]
        if phone and (not set(phone) <= PHONE_CHARS or len(digits) < 4):
            raise forms.ValidationError("Saisissez un numéro de téléphone en chiffres, par exemple 01 57 02 60 00.")
        return phone


def _edition_or_404(request, school_year, academy_slug) -> Edition:
    if not perms.can_access_syntheses(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, school_year=school_year)
    academy = get_object_or_404(campaign_academies(campaign), slug=academy_slug)
    if not perms.can_view_press_kit(request.user, academy):
        raise Http404
    return get_object_or_404(Edition.objects.select_related("campaign", "academy"), campaign=campaign, academy=academy)


def press_kit(request, school_year, academy_slug):
    """The preview, the press contact form and the download buttons."""
    edition = _edition_or_404(request, school_year, academy_slug)
    can_edit = perms.can_edit_academy_synthesis(request.user, edition.academy)
    contact = PressContact.objects.filter(edition=edition).first()
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = PressContactForm(request.POST, instance=contact or PressContact(edition=edition))
        if form.is_valid():
            press_contact_update(edition=edition, by=request.user, **form.cleaned_data)
            messages.success(request, "Le contact presse est enregistré.")
            return redirect(request.path)
        status = 400
    else:
        form = PressContactForm(instance=contact)
    return render(
        request,
        "pilotage/syntheses/press_kit.html",
        {
            "title": f"Dossier de presse — {edition.academy} — {school_year}",
            "doc": build_press_kit(edition=edition),
            "edition": edition,
            "form": form,
            "can_edit": can_edit,
            "formats": PRESS_KIT_FORMATS,
            "download_url": reverse(
                "pilotage:press_kit_download", kwargs={"school_year": school_year, "academy_slug": academy_slug}
            ),
            "synthesis_url": reverse(
                "pilotage:academy_synthesis", kwargs={"school_year": school_year, "academy_slug": academy_slug}
            ),
            "links_base": "",
            "embedded": True,
        },
        status=status,
    )


@require_POST
def press_kit_download(request, school_year, academy_slug):
    """Asks for the PDF or DOCX (a task): the same request twice while it is built gives one file."""
    edition = _edition_or_404(request, school_year, academy_slug)
    fmt = request.POST.get("format", "")
    if fmt not in PRESS_KIT_FORMATS:
        messages.error(request, "Choisissez un format\u00a0: PDF ou DOCX.")
        return redirect("pilotage:press_kit", school_year=school_year, academy_slug=academy_slug)
    file = generated_file_request(
        by=request.user,
        kind=PRESS_KIT_KIND,
        params={"edition": edition.pk, "format": fmt},
        label=f"Dossier de presse {edition.academy} {school_year} ({fmt.upper()})",
    )
    return redirect("files:detail", pk=file.pk)
