"""The pilots' pages of the communication kit: an edition's resources (its académie's pilots) and
the national resources (national pilots), each added as a file or a link, edited, published or
retired; and the edition's colour and logo for the generated posters and invitations.

Bad input writes nothing and shows the form again with what was typed, except the file: a
browser never sends a file back, so the page says to choose it again.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sps.accounts import perms
from sps.editions import resource_services as services
from sps.editions.models import HEX_COLOR_RE, Edition, Resource, ResourceCategory, ResourceLevel, ResourcePublic
from sps.editions.resource_services import ACCEPTED_LABEL, MAX_BYTES, ResourceError
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error

# --- Forms ---------------------------------------------------------------------------------


class ResourceForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    category = forms.ChoiceField(label="Catégorie", choices=[("", "Choisir une catégorie")] + ResourceCategory.choices)
    description = forms.CharField(
        label="Description courte", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    levels = forms.MultipleChoiceField(
        label="Niveaux",
        choices=ResourceLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : tous les niveaux.",
    )
    publics = forms.MultipleChoiceField(
        label="Publics",
        choices=ResourcePublic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : tous les publics.",
    )
    file = forms.FileField(
        label="Fichier",
        required=False,
        help_text=f"{ACCEPTED_LABEL} ; {MAX_BYTES // (1024 * 1024)} Mo au plus.",
    )
    url = forms.URLField(
        label="Ou un lien", max_length=500, required=False, assume_scheme="https", help_text="Par exemple https://…"
    )
    order = forms.IntegerField(label="Ordre d'affichage", min_value=0, max_value=999, initial=0, required=False)
    is_published = forms.BooleanField(
        label="Publier tout de suite", required=False, help_text="Sinon, la ressource reste en brouillon."
    )

    def __init__(self, *args, resource: Resource | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        if resource is not None:
            del self.fields["is_published"]
            if resource.file:
                self.fields["file"].help_text = (
                    f"Pour remplacer « {resource.file_name} ». " + self.fields["file"].help_text
                )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file:
            try:
                services.check_resource_file(file)
            except ResourceError as error:
                raise forms.ValidationError(str(error)) from error
        return file

    def clean(self):
        data = super().clean()
        if "file" in self.errors:
            return data
        file, url = data.get("file"), data.get("url")
        has_existing_file = self.resource is not None and bool(self.resource.file)
        if file and url:
            self.add_error("url", "Déposez un fichier ou indiquez un lien, pas les deux.")
        elif not file and not url and not has_existing_file and "url" not in self.errors:
            self.add_error("file", "Déposez un fichier ou indiquez un lien.")
        return data

    @property
    def file_must_be_chosen_again(self) -> bool:
        return self.is_bound and bool(self.files.get("file")) and bool(self.errors)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "title": data["title"],
            "category": data["category"],
            "description": data["description"],
            "levels": data["levels"],
            "publics": data["publics"],
            "url": data["url"] or "",
            "order": data["order"] or 0,
            "file": data.get("file"),
        }
        if "is_published" in self.fields:
            kwargs["is_published"] = data["is_published"]
        return kwargs


class BrandingForm(forms.Form):
    brand_color = forms.CharField(
        label="Couleur principale",
        max_length=30,  # longer than a colour, so that a wrong value gets the format message
        help_text="Sous la forme #000091 (le bleu France). Les textes posés dessus passent en noir ou en blanc.",
    )
    logo = forms.FileField(label="Logo", required=False, help_text="PNG ou JPEG, 5 Mo au plus (pas de SVG).")
    remove_logo = forms.BooleanField(label="Retirer le logo actuel", required=False)

    def clean_brand_color(self):
        value = self.cleaned_data["brand_color"].strip()
        if not HEX_COLOR_RE.match(value):
            raise forms.ValidationError(
                "Indiquez la couleur sous la forme #000091 (un # suivi de six chiffres ou lettres de a à f)."
            )
        return value

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo:
            try:
                services.clean_logo(logo)
            except ResourceError as error:
                raise forms.ValidationError(str(error)) from error
        return logo


# --- Loading in scope ----------------------------------------------------------------------


def _editions_in_scope(user):
    return Edition.objects.in_academies(perms.pilot_academies(user)).select_related("academy", "campaign")


def _edition_for_reader(request, pk) -> Edition:
    return get_object_or_404(_editions_in_scope(request.user), pk=pk)


def _edition_for_manager(request, pk) -> Edition:
    edition = _edition_for_reader(request, pk)
    if not perms.can_manage_edition(request.user, edition.academy):
        raise PermissionDenied
    return edition


def _resource_for_manager(request, pk) -> Resource:
    """Another académie's resource is a 404; a national one, for a non-national pilot, a 403."""
    resource = get_object_or_404(Resource.objects.select_related("edition__academy", "edition__campaign"), pk=pk)
    if resource.edition is not None and not _editions_in_scope(request.user).filter(pk=resource.edition_id).exists():
        raise Http404("Ressource introuvable")
    if not services.can_manage_resource_of(request.user, resource.edition):
        raise PermissionDenied
    return resource


def _back(resource: Resource):
    if resource.edition_id is None:
        return redirect("pilotage:national_kit")
    return redirect("pilotage:edition_kit", pk=resource.edition_id)


def _form_error(form, error: ResourceError):
    add_domain_error(form, error)


# --- Views ---------------------------------------------------------------------------------


@require(perms.can_access_pilotage)
def kit_index(request):
    """The kits the pilot follows: national resources, and those of their académies' editions."""
    user = request.user
    editions = list(_editions_in_scope(user).order_by("-campaign__school_year", "academy__name")[:60])
    counts = {}
    for edition_id, published in Resource.objects.filter(edition__in=editions).values_list(
        "edition_id", "is_published"
    ):
        total, shown = counts.get(edition_id, (0, 0))
        counts[edition_id] = (total + 1, shown + int(published))
    rows = [
        {
            "edition": e,
            "total": counts.get(e.pk, (0, 0))[0],
            "published": counts.get(e.pk, (0, 0))[1],
            "can_manage": perms.can_manage_edition(user, e.academy),
        }
        for e in editions
    ]
    return render(
        request,
        "pilotage/resources/index.html",
        {
            "title": "Kit de communication",
            "rows": rows,
            "national_count": Resource.objects.national().count(),
            "can_manage_national": perms.is_national_pilot(user),
        },
    )


@require(perms.can_access_pilotage)
def national_kit(request):
    resources = list(Resource.objects.national())
    return render(
        request,
        "pilotage/resources/resource_list.html",
        {
            "title": "Ressources nationales",
            "edition": None,
            "resources": resources,
            "can_manage": perms.is_national_pilot(request.user),
        },
    )


@require(perms.can_access_pilotage)
def edition_kit(request, pk):
    edition = _edition_for_reader(request, pk)
    return render(
        request,
        "pilotage/resources/resource_list.html",
        {
            "title": f"Kit de communication — {edition.academy} {edition.campaign.school_year}",
            "edition": edition,
            "resources": list(edition.resources.all()),
            "national_resources": list(Resource.objects.national().published()),
            "can_manage": perms.can_manage_edition(request.user, edition.academy),
        },
    )


def _add(request, edition: Edition | None):
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(edition=edition, by=request.user, **form.service_kwargs())
        except ResourceError as error:
            _form_error(form, error)
        else:
            state = "publiée" if resource.is_published else "enregistrée en brouillon"
            messages.success(request, f"La ressource « {resource.title} » est {state}.")
            return _back(resource)
    return render(
        request,
        "pilotage/resources/resource_form.html",
        {
            "title": "Ajouter une ressource",
            "form": form,
            "edition": edition,
            "resource": None,
            "cancel_url": _back(Resource(edition=edition)).url,
        },
    )


@require(perms.can_manage_editions)
@require_http_methods(["GET", "POST"])
def resource_add(request, pk):
    return _add(request, _edition_for_manager(request, pk))


@require(perms.is_national_pilot)
@require_http_methods(["GET", "POST"])
def national_resource_add(request):
    return _add(request, None)


@require(perms.can_manage_editions)
@require_http_methods(["GET", "POST"])
def resource_edit(request, pk):
    resource = _resource_for_manager(request, pk)
    initial = {
        "title": resource.title,
        "category": resource.category,
        "description": resource.description,
        "levels": resource.levels,
        "publics": resource.publics,
        "url": resource.url,
        "order": resource.order,
    }
    form = ResourceForm(request.POST or None, request.FILES or None, initial=initial, resource=resource)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(resource=resource, by=request.user, **form.service_kwargs())
        except ResourceError as error:
            _form_error(form, error)
        else:
            messages.success(request, "La ressource est enregistrée.")
            return _back(resource)
    return render(
        request,
        "pilotage/resources/resource_form.html",
        {
            "title": f"Modifier la ressource « {resource.title} »",
            "form": form,
            "edition": resource.edition,
            "resource": resource,
            "cancel_url": _back(resource).url,
        },
    )


@require(perms.can_manage_editions)
@require_POST
def resource_publish(request, pk):
    resource = _resource_for_manager(request, pk)
    try:
        services.resource_publish(resource=resource, by=request.user)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"« {resource.title} » est publiée dans le kit.")
    return _back(resource)


@require(perms.can_manage_editions)
@require_POST
def resource_retire(request, pk):
    resource = _resource_for_manager(request, pk)
    try:
        services.resource_retire(resource=resource, by=request.user)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"« {resource.title} » est retirée du kit : plus personne ne peut la télécharger.")
    return _back(resource)


@require(perms.can_manage_editions)
@require_http_methods(["GET", "POST"])
def edition_branding(request, pk):
    edition = _edition_for_manager(request, pk)
    form = BrandingForm(request.POST or None, request.FILES or None, initial={"brand_color": edition.brand_color})
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_branding_update(
                edition=edition,
                by=request.user,
                brand_color=form.cleaned_data["brand_color"],
                logo=form.cleaned_data.get("logo"),
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ResourceError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Les couleurs et le logo des affiches et invitations sont enregistrés.")
            return redirect("pilotage:edition_kit", pk=edition.pk)
    return render(
        request,
        "pilotage/resources/branding_form.html",
        {"title": "Couleur et logo des affiches", "form": form, "edition": edition},
    )
