"""Declared figures in the Pilotage space: the national pilot's upload (CSV of docs/declared-figures.md),
and the page where an académie enters and edits its own edition's figures."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from sps.accounts import perms
from sps.editions.models import Campaign, Edition
from sps.syntheses.declared import COLUMNS, DeclaredFiguresFormatError, declared_figures_import
from sps.syntheses.enums import DataStatus
from sps.syntheses.models import DeclaredFigures
from sps.syntheses.services import DeclaredFiguresError, declared_figures_update
from sps.syntheses.synthesis import campaign_academies
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error

MAX_BYTES = 2 * 1024 * 1024


class DeclaredFiguresUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier des chiffres déclarés (CSV)",
        help_text="Une ligne par académie et édition, en UTF-8, séparée par des points-virgules ou des virgules. "
        "Taille maximale : 2 Mo.",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(f"« {upload.name} » n'est pas un fichier CSV (extension .csv attendue).")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Le fichier dépasse 2 Mo : découpez-le en plusieurs fichiers.")
        return upload


@require(perms.can_import_declared_figures)
def declared_figures_upload(request):
    form = DeclaredFiguresUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    report = None
    if form is not None and form.is_valid():
        try:
            report = declared_figures_import(data=form.cleaned_data["file"].read(), by=request.user)
        except DeclaredFiguresFormatError as error:
            form.add_error("file", str(error))
    return render(
        request,
        "pilotage/declared_figures_upload.html",
        {
            "title": "Importer des chiffres déclarés",
            "form": form or DeclaredFiguresUploadForm(),
            "report": report,
            "columns": COLUMNS.items(),
        },
    )


# --- An académie's own declared figures, entered and edited on a page ------------------------------

LEVEL_CHOICES = [("", "N.C. (non communiqué)"), ("oui", "Oui, concerné"), ("non", "Non, pas concerné")]
LEVEL_VALUES = {"": None, "oui": True, "non": False}


def _count_field(label: str, what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="Un nombre entier. Laissez vide si le chiffre n'est pas connu (N.C.) : 0 signifie zéro.",
        error_messages={
            "invalid": f"Saisissez le nombre {what} en chiffres (ex. 40), ou laissez vide pour N.C. ; "
            "recopiez la formulation exacte dans le champ « tel qu'écrit ».",
            "min_value": f"Le nombre {what} ne peut pas être négatif.",
            "max_value": f"Le nombre {what} dépasse 1 000 000 : vérifiez la saisie.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class DeclaredFiguresForm(forms.Form):
    """What an académie reports for its edition: each figure with its wording as printed, N.C. (empty)
    distinct from 0."""

    status = forms.ChoiceField(
        label="Données de l'édition",
        choices=DataStatus.choices,
        error_messages={
            "required": "Indiquez si l'académie a communiqué des données.",
            "invalid_choice": "Choix inconnu.",
        },
    )
    actions_count = _count_field("Nombre d'actions", "d'actions")
    actions_wording = forms.CharField(
        label="Nombre d'actions, tel qu'écrit",
        required=False,
        max_length=500,
        help_text="Par exemple : « 49 actions recensées, 13 actions ponctuelles ».",
        error_messages={"max_length": "500 caractères au plus (vous en avez écrit %(show_value)d)."},
    )
    actions_approximate = forms.BooleanField(label="Le nombre d'actions est approximatif", required=False)
    schools_count = _count_field("Nombre d'écoles et d'établissements impliqués", "d'écoles et d'établissements")
    schools_wording = forms.CharField(
        label="Nombre d'écoles et d'établissements, tel qu'écrit",
        required=False,
        max_length=500,
        help_text="Par exemple : « Une trentaine d'établissements ».",
        error_messages={"max_length": "500 caractères au plus (vous en avez écrit %(show_value)d)."},
    )
    schools_approximate = forms.BooleanField(
        label="Le nombre d'écoles et d'établissements est approximatif", required=False
    )
    primary = forms.ChoiceField(label="Premier degré", choices=LEVEL_CHOICES, required=False)
    college = forms.ChoiceField(label="Collège", choices=LEVEL_CHOICES, required=False)
    lycee = forms.ChoiceField(label="Lycée", choices=LEVEL_CHOICES, required=False)
    lycee_pro = forms.ChoiceField(label="Lycée professionnel", choices=LEVEL_CHOICES, required=False)
    dates_wording = forms.CharField(
        label="Dates, telles qu'écrites",
        required=False,
        max_length=300,
        help_text="Par exemple : « en mars et avril 2016 ».",
        error_messages={"max_length": "300 caractères au plus (vous en avez écrit %(show_value)d)."},
    )
    partners = forms.CharField(
        label="Partenaires",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "5 000 caractères au plus (vous en avez écrit %(show_value)d)."},
    )
    notable_events = forms.CharField(
        label="Temps forts",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Séparez les temps forts par « ; ».",
        error_messages={"max_length": "5 000 caractères au plus (vous en avez écrit %(show_value)d)."},
    )

    LEVEL_NAMES = ("primary", "college", "lycee", "lycee_pro")

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in self.LEVEL_NAMES:
            data[name] = LEVEL_VALUES[data[name]]
        for name in ("actions_wording", "schools_wording", "dates_wording", "partners", "notable_events"):
            data[name] = data[name].strip()
        return data

    @classmethod
    def initial_from(cls, figures) -> dict:
        if figures is None:
            return {"status": DataStatus.REPORTED}
        initial = {name: getattr(figures, name) for name in cls.base_fields if name not in cls.LEVEL_NAMES}
        for name in cls.LEVEL_NAMES:
            value = getattr(figures, name)
            initial[name] = "" if value is None else ("oui" if value else "non")
        return initial


def declared_figures_edit(request, school_year, academy_slug):
    """An académie's declared figures for its edition of `school_year`: its académie pilots edit
    their own, the national pilot any; another académie's pilot gets a 404."""
    if not perms.can_access_syntheses(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, school_year=school_year)
    academy = get_object_or_404(campaign_academies(campaign), slug=academy_slug)
    if not perms.can_edit_declared_figures(request.user, academy):
        raise Http404
    edition = get_object_or_404(Edition, campaign=campaign, academy=academy)
    figures = DeclaredFigures.objects.filter(edition=edition).first()
    back = reverse("pilotage:academy_synthesis", kwargs={"school_year": school_year, "academy_slug": academy_slug})
    status = 200
    if request.method == "POST":
        form = DeclaredFiguresForm(request.POST)
        if form.is_valid():
            try:
                declared_figures_update(edition=edition, values=form.values(), by=request.user)
            except DeclaredFiguresError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Les chiffres déclarés sont enregistrés.")
                return redirect(back)
        status = 400
    else:
        form = DeclaredFiguresForm(initial=DeclaredFiguresForm.initial_from(figures))
    return render(
        request,
        "pilotage/declared_figures_form.html",
        {
            "title": f"Chiffres déclarés — {academy} — {school_year}",
            "academy": academy,
            "campaign": campaign,
            "edition": edition,
            "figures": figures,
            "form": form,
            "back": back,
        },
        status=status,
    )
