"""The syntheses in the Pilotage space: the national synthesis of a campaign (national pilots), the
academic synthesis of an édition (that académie's pilots and national pilots); their introduction,
conclusion and axes de travail edited before publication (« Publier la synthèse » freezes them,
« Rouvrir pour modification » allows changes again: the same people); PDF, DOCX and XLSX built by a task.

Access: a pilot with no synthesis at all (relay, département pilot, contributor) gets a 403; an
académie pilot asking for another académie's synthesis gets a 404 (it does not learn more).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sps.accounts import perms
from sps.editions.models import Campaign, Edition
from sps.files.services import generated_file_request
from sps.syntheses.axes import suggest_axes
from sps.syntheses.document import build_synthesis
from sps.syntheses.exports import DOWNLOAD_FORMATS, SYNTHESIS_KIND
from sps.syntheses.models import SynthesisText
from sps.syntheses.services import (
    AXIS_MAX_LENGTH,
    MAX_AXES,
    SynthesisPublishedError,
    published_message,
    synthesis_axes_reset,
    synthesis_axes_update,
    synthesis_publish,
    synthesis_reopen,
    synthesis_text_update,
)
from sps.syntheses.synthesis import campaign_academies
from sps.www.common.decorators import require

TEXT_MAX = 20000


class SynthesisTextForm(forms.Form):
    introduction = forms.CharField(
        label="Introduction",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=TEXT_MAX,
        help_text="Séparez les paragraphes par une ligne vide.",
        error_messages={
            "required": "Écrivez l'introduction de la synthèse.",
            "max_length": "L'introduction dépasse %(limit_value)d caractères (elle en compte %(show_value)d).",
        },
    )
    conclusion = forms.CharField(
        label="Conclusion et perspectives",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=TEXT_MAX,
        help_text="Séparez les paragraphes par une ligne vide.",
        error_messages={
            "required": "Écrivez la conclusion de la synthèse.",
            "max_length": "La conclusion dépasse %(limit_value)d caractères (elle en compte %(show_value)d).",
        },
    )


class AxesForm(forms.Form):
    axes = forms.CharField(
        label="Axes de travail pour la prochaine édition",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Un axe par ligne, {MAX_AXES} au plus.",
        error_messages={"required": "Écrivez au moins un axe de travail, ou revenez aux axes suggérés."},
    )

    def clean_axes(self):
        lines = [line.strip(" -•\t") for line in self.cleaned_data["axes"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError("Écrivez au moins un axe de travail, ou revenez aux axes suggérés.")
        if len(lines) > MAX_AXES:
            raise forms.ValidationError(f"Écrivez {MAX_AXES} axes au plus (vous en avez écrit {len(lines)}).")
        too_long = [index for index, line in enumerate(lines, start=1) if len(line) > AXIS_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                f"L'axe n°\u00a0{too_long[0]} dépasse {AXIS_MAX_LENGTH} caractères\u00a0: raccourcissez-le."
            )
        return lines


def _campaign(school_year):
    return get_object_or_404(Campaign, school_year=school_year)


def _academy_or_404(request, campaign, academy_slug):
    """The académie, if it existed during the campaign and the user may see its synthesis."""
    if not perms.can_access_syntheses(request.user):
        raise PermissionDenied
    academy = get_object_or_404(campaign_academies(campaign), slug=academy_slug)
    if not perms.can_view_academy_synthesis(request.user, academy):
        raise Http404
    return academy


def _editable_academy(request, school_year, academy_slug):
    """(campaign, académie) of an académie synthesis the user may edit: 404 for what they may not
    see, 403 for what they may see but not edit."""
    campaign = _campaign(school_year)
    academy = _academy_or_404(request, campaign, academy_slug)
    if not perms.can_edit_academy_synthesis(request.user, academy):
        raise PermissionDenied
    return campaign, academy


def _download_forms(action_url):
    return [{"format": fmt, "label": fmt.upper(), "url": action_url} for fmt in DOWNLOAD_FORMATS]


@require(perms.can_access_syntheses)
def synthesis_index(request):
    """The campaigns and, for each, the syntheses the user may open (an académie pilot: their
    académie's, or the académies merged into it for the campaigns before the merger)."""
    is_national = perms.can_view_national_synthesis(request.user)
    own = perms.scope_of(request.user).academy_ids
    campaigns = []
    for campaign in Campaign.objects.order_by("-school_year"):
        academies = (
            []
            if is_national
            else [
                academy
                for academy in campaign_academies(campaign).filter(Q(pk__in=own) | Q(successor_id__in=own))
                if perms.can_view_academy_synthesis(request.user, academy)
            ]
        )
        campaigns.append((campaign, academies))
    return render(
        request,
        "pilotage/syntheses/index.html",
        {"title": "Synthèses", "campaigns": campaigns, "is_national": is_national},
    )


def _render_document(request, *, campaign, academy):
    doc = build_synthesis(campaign=campaign, academy=academy)
    can_edit = (
        perms.can_edit_academy_synthesis(request.user, academy)
        if academy
        else perms.can_edit_national_synthesis(request.user)
    )
    for section in doc.sections:
        if section.row.edition is not None and perms.can_edit_declared_figures(request.user, section.academy):
            section.declared_url = reverse(
                "pilotage:declared_figures_edit",
                kwargs={"school_year": campaign.school_year, "academy_slug": section.academy.slug},
            )
    for section in doc.available_sections:
        if not section.published and perms.can_edit_academy_synthesis(request.user, section.academy):
            section.edit_url = reverse(
                "pilotage:synthesis_axes",
                kwargs={"school_year": campaign.school_year, "academy_slug": section.academy.slug},
            ) + ("" if academy else "?retour=national")
    press_kit_url = declared_url = ""
    if academy and Edition.objects.filter(campaign=campaign, academy=academy).exists():
        kwargs = {"school_year": campaign.school_year, "academy_slug": academy.slug}
        press_kit_url = reverse("pilotage:press_kit", kwargs=kwargs)
        if perms.can_edit_declared_figures(request.user, academy):
            declared_url = reverse("pilotage:declared_figures_edit", kwargs=kwargs)
    if academy:
        edit_url = reverse(
            "pilotage:academy_synthesis_edit",
            kwargs={"school_year": campaign.school_year, "academy_slug": academy.slug},
        )
        download_url = reverse(
            "pilotage:academy_synthesis_download",
            kwargs={"school_year": campaign.school_year, "academy_slug": academy.slug},
        )
        publication_url = reverse(
            "pilotage:academy_synthesis_publication",
            kwargs={"school_year": campaign.school_year, "academy_slug": academy.slug},
        )
    else:
        edit_url = reverse("pilotage:national_synthesis_edit", kwargs={"school_year": campaign.school_year})
        download_url = reverse("pilotage:national_synthesis_download", kwargs={"school_year": campaign.school_year})
        publication_url = reverse(
            "pilotage:national_synthesis_publication", kwargs={"school_year": campaign.school_year}
        )
    return render(
        request,
        "pilotage/syntheses/detail.html",
        {
            "title": f"{doc.title} — {doc.subtitle}",
            "doc": doc,
            "links_base": "",
            "can_edit": can_edit and doc.published_at is None,
            "can_publish": can_edit,
            "publication_url": publication_url,
            "edit_url": edit_url,
            "download_url": download_url,
            "formats": DOWNLOAD_FORMATS,
            "press_kit_url": press_kit_url,
            "declared_url": declared_url,
        },
    )


@require(perms.can_view_national_synthesis)
def national_synthesis(request, school_year):
    return _render_document(request, campaign=_campaign(school_year), academy=None)


def academy_synthesis(request, school_year, academy_slug):
    campaign = _campaign(school_year)
    return _render_document(request, campaign=campaign, academy=_academy_or_404(request, campaign, academy_slug))


def _refused_if_published(request, *, campaign, academy, back):
    """A published synthesis is not edited: back to it with the reason (None when it may be edited)."""
    text = SynthesisText.objects.filter(campaign=campaign, academy=academy, published_at__isnull=False).first()
    if text is None:
        return None
    messages.error(request, published_message(text))
    return redirect(back)


def _edit_text(request, *, campaign, academy, back):
    refused = _refused_if_published(request, campaign=campaign, academy=academy, back=back)
    if refused:
        return refused
    text = SynthesisText.objects.filter(campaign=campaign, academy=academy).first()
    doc = build_synthesis(campaign=campaign, academy=academy)
    if request.method == "POST":
        form = SynthesisTextForm(request.POST)
        if form.is_valid():
            try:
                synthesis_text_update(
                    campaign=campaign,
                    academy=academy,
                    introduction=form.cleaned_data["introduction"],
                    conclusion=form.cleaned_data["conclusion"],
                    by=request.user,
                )
            except SynthesisPublishedError as error:
                messages.error(request, error.message)
                return redirect(back)
            messages.success(request, "L'introduction et la conclusion sont enregistrées.")
            return redirect(back)
    else:
        initial = {
            "introduction": text.introduction if text and text.introduction else "\n\n".join(doc.introduction),
            "conclusion": text.conclusion if text and text.conclusion else "\n\n".join(doc.conclusion),
        }
        form = SynthesisTextForm(initial=initial)
    return render(
        request,
        "pilotage/syntheses/text_form.html",
        {"title": f"Modifier la synthèse — {doc.title}", "doc": doc, "form": form, "back": back},
        status=400 if request.method == "POST" else 200,
    )


@require(perms.can_edit_national_synthesis)
def national_synthesis_edit(request, school_year):
    campaign = _campaign(school_year)
    back = reverse("pilotage:national_synthesis", kwargs={"school_year": school_year})
    return _edit_text(request, campaign=campaign, academy=None, back=back)


def academy_synthesis_edit(request, school_year, academy_slug):
    campaign, academy = _editable_academy(request, school_year, academy_slug)
    back = reverse("pilotage:academy_synthesis", kwargs={"school_year": school_year, "academy_slug": academy_slug})
    return _edit_text(request, campaign=campaign, academy=academy, back=back)


def synthesis_axes(request, school_year, academy_slug):
    """The axes de travail of one académie's edition: the suggestions and the figures behind them,
    the pilot's text (one axe per line), and the way back to the suggestions."""
    campaign, academy = _editable_academy(request, school_year, academy_slug)
    doc = build_synthesis(campaign=campaign, academy=academy)
    section = doc.sections[0]
    if not section.available:
        raise Http404
    suggested = suggest_axes(section.indicators)
    back = request.GET.get("retour") == "national" and perms.can_view_national_synthesis(request.user)
    back_url = (
        reverse("pilotage:national_synthesis", kwargs={"school_year": school_year}) + f"#{section.anchor}"
        if back
        else reverse("pilotage:academy_synthesis", kwargs={"school_year": school_year, "academy_slug": academy_slug})
    )
    refused = _refused_if_published(request, campaign=campaign, academy=academy, back=back_url)
    if refused:
        return refused
    status = 200
    if request.method == "POST":
        try:
            if "reset" in request.POST:
                synthesis_axes_reset(campaign=campaign, academy=academy, by=request.user)
                messages.success(request, "Les axes de travail suggérés par les indicateurs sont rétablis.")
                return redirect(back_url)
            form = AxesForm(request.POST)
            if form.is_valid():
                synthesis_axes_update(
                    campaign=campaign, academy=academy, axes=form.cleaned_data["axes"], by=request.user
                )
                messages.success(request, "Les axes de travail sont enregistrés.")
                return redirect(back_url)
        except SynthesisPublishedError as error:
            messages.error(request, error.message)
            return redirect(back_url)
        status = 400
    else:
        form = AxesForm(initial={"axes": "\n".join(axis.text for axis in section.axes)})
    return render(
        request,
        "pilotage/syntheses/axes_form.html",
        {
            "title": f"Axes de travail — {section.heading}",
            "doc": doc,
            "section": section,
            "suggested": suggested,
            "form": form,
            "back_url": back_url,
        },
        status=status,
    )


def _publication(request, *, campaign, academy, back):
    """POST « action »: « publier » freezes the synthesis' texts and axes, « rouvrir » allows changes again."""
    action = request.POST.get("action", "")
    if action not in ("publier", "rouvrir"):
        messages.error(request, "Choisissez de publier la synthèse ou de la rouvrir pour modification.")
        return redirect(back)
    try:
        if action == "publier":
            synthesis_publish(campaign=campaign, academy=academy, by=request.user)
            messages.success(
                request,
                "La synthèse est publiée\u00a0: son introduction, sa conclusion et ses axes de travail sont figés.",
            )
        else:
            synthesis_reopen(campaign=campaign, academy=academy, by=request.user)
            messages.success(request, "La synthèse est rouverte pour modification\u00a0: c'est un document de travail.")
    except SynthesisPublishedError as error:
        messages.error(request, error.message)
    return redirect(back)


@require_POST
@require(perms.can_edit_national_synthesis)
def national_synthesis_publication(request, school_year):
    campaign = _campaign(school_year)
    back = reverse("pilotage:national_synthesis", kwargs={"school_year": school_year})
    return _publication(request, campaign=campaign, academy=None, back=back)


@require_POST
def academy_synthesis_publication(request, school_year, academy_slug):
    campaign, academy = _editable_academy(request, school_year, academy_slug)
    back = reverse("pilotage:academy_synthesis", kwargs={"school_year": school_year, "academy_slug": academy_slug})
    return _publication(request, campaign=campaign, academy=academy, back=back)


@require_POST
@require(perms.can_view_national_synthesis)
def national_synthesis_download(request, school_year):
    campaign = _campaign(school_year)
    return _request_file(request, campaign=campaign, academy=None)


@require_POST
def academy_synthesis_download(request, school_year, academy_slug):
    campaign = _campaign(school_year)
    return _request_file(request, campaign=campaign, academy=_academy_or_404(request, campaign, academy_slug))


def _request_file(request, *, campaign, academy):
    fmt = request.POST.get("format", "")
    if fmt not in DOWNLOAD_FORMATS:
        messages.error(request, "Choisissez un format\u00a0: PDF, DOCX, XLSX ou HTML.")
        if academy:
            return redirect("pilotage:academy_synthesis", school_year=campaign.school_year, academy_slug=academy.slug)
        return redirect("pilotage:national_synthesis", school_year=campaign.school_year)
    scope = str(academy) if academy else "nationale"
    file = generated_file_request(
        by=request.user,
        kind=SYNTHESIS_KIND,
        params={"campaign": campaign.school_year, "academy": academy.slug if academy else "", "format": fmt},
        label=f"Synthèse {scope} {campaign.school_year} ({fmt.upper()})",
    )
    return redirect("files:detail", pk=file.pk)
