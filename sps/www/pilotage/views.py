from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render

from sps.accounts import perms
from sps.accounts.enums import Role
from sps.accounts.models import RoleAssignment
from sps.catalogue import index as catalogue_index
from sps.schools.enums import SchoolKind
from sps.schools.importer import DirectoryFormatError, directory_import
from sps.schools.services import SchoolError, schools_assign_bassin
from sps.territories.models import Department
from sps.territories.services import TerritoryError, bassin_create, bassin_rename
from sps.www.common.decorators import require
from sps.www.pilotage.editions import editions_to_create
from sps.www.pilotage.forms import BassinAddSchoolsForm, BassinForm, BassinRenameForm, DirectoryUploadForm

PAGE_SIZE = 50


def _with_contributor(schools):
    has_contributor = RoleAssignment.objects.filter(role=Role.SCHOOL_CONTRIBUTOR, school=OuterRef("pk"))
    return schools.annotate(has_contributor=Exists(has_contributor))


@require(perms.can_access_pilotage)
def home(request):
    user = request.user
    schools = perms.pilot_schools(user)
    participating = _with_contributor(schools.participating().open())
    figures = participating.aggregate(
        participating=Count("pk"), with_contributor=Count("pk", filter=Q(has_contributor=True))
    )
    figures["total"] = schools.count()
    return render(
        request,
        "pilotage/home.html",
        {
            "title": "Pilotage",
            "roles": [r for r in perms.user_roles(user) if r.role != Role.SCHOOL_CONTRIBUTOR],
            "figures": figures,
            "bassins_count": perms.pilot_bassins(user).count(),
            "can_manage_bassins": perms.pilot_departments(user).exists(),
            "can_import_directory": perms.can_import_directory(user),
            "editions_to_create": editions_to_create(user),
        },
    )


@require(perms.can_access_pilotage)
def school_list(request):
    user = request.user
    schools = _with_contributor(perms.pilot_schools(user).select_related("department", "bassin"))
    query = request.GET.get("q", "").strip()[:200]
    department_code = request.GET.get("departement", "")
    bassin_id = request.GET.get("bassin", "")
    kind = request.GET.get("type", "")
    without_contributor = request.GET.get("sans_porteur") == "1"
    if query:
        schools = schools.search(query)
    if department_code:
        schools = schools.filter(department__code=department_code)
    if bassin_id.isdigit():
        schools = schools.filter(bassin_id=int(bassin_id))
    if kind in SchoolKind.values:
        schools = schools.filter(kind=kind)
    if without_contributor:
        schools = schools.filter(has_contributor=False)
    page = Paginator(schools.order_by("name", "uai"), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "pilotage/school_list.html",
        {
            "title": "Établissements de mon territoire",
            "page": page,
            "query": query,
            "department_code": department_code,
            "bassin_id": bassin_id,
            "kind": kind,
            "without_contributor": without_contributor,
            "kinds": SchoolKind.choices,
            "departments": Department.objects.filter(pk__in=perms.pilot_schools(user).values("department")).order_by(
                "code"
            ),
            "bassins": perms.pilot_bassins(user).select_related("department"),
            "querystring": params.urlencode(),
        },
    )


@require(perms.can_access_pilotage)
def bassin_list(request):
    user = request.user
    bassins = perms.pilot_bassins(user).select_related("department").annotate(schools_count=Count("schools"))
    departments = perms.pilot_departments(user)
    form = None
    if departments.exists():
        form = BassinForm(request.POST or None, departments=departments)
        if request.method == "POST" and form.is_valid():
            try:
                bassin = bassin_create(
                    department=form.cleaned_data["department"],
                    name=form.cleaned_data["name"],
                    code=form.cleaned_data["code"],
                )
            except TerritoryError as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, f"Le bassin « {bassin.name} » est créé.")
                return redirect("pilotage:bassin_detail", pk=bassin.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "pilotage/bassin_list.html", {"title": "Bassins", "bassins": bassins, "form": form})


@require(perms.can_access_pilotage)
def bassin_detail(request, pk):
    user = request.user
    bassin = get_object_or_404(perms.pilot_bassins(user).select_related("department__academy"), pk=pk)
    can_edit = perms.can_edit_bassin(user, bassin)
    rename_form = BassinRenameForm(initial={"name": bassin.name})
    add_form = BassinAddSchoolsForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "rename":
            rename_form = BassinRenameForm(request.POST)
            if rename_form.is_valid():
                try:
                    bassin_rename(bassin=bassin, name=rename_form.cleaned_data["name"])
                except TerritoryError as error:
                    rename_form.add_error("name", str(error))
                else:
                    messages.success(request, "Le bassin est renommé.")
                    return redirect("pilotage:bassin_detail", pk=bassin.pk)
        elif action == "add":
            add_form = BassinAddSchoolsForm(request.POST)
            if add_form.is_valid():
                uais = add_form.cleaned_data["uais"]
                found = {s.uai: s for s in perms.pilot_schools(user).filter(uai__in=uais)}
                missing = [u for u in uais if u not in found]
                if missing:
                    add_form.add_error(
                        "uais", "Établissements inconnus ou hors de votre territoire : " + ", ".join(missing) + "."
                    )
                else:
                    try:
                        count = schools_assign_bassin(schools=list(found.values()), bassin=bassin)
                    except SchoolError as error:
                        add_form.add_error("uais", str(error))
                    else:
                        catalogue_index.reindex_schools([s.pk for s in found.values()])
                        messages.success(request, f"{count} établissement(s) ajouté(s) au bassin.")
                        return redirect("pilotage:bassin_detail", pk=bassin.pk)
        elif action == "remove":
            ids = [int(i) for i in request.POST.getlist("schools") if i.isdigit()]
            schools = list(bassin.schools.filter(pk__in=ids))
            if not schools:
                messages.error(request, "Cochez au moins un établissement à retirer du bassin.")
            else:
                schools_assign_bassin(schools=schools, bassin=None)
                catalogue_index.reindex_schools([s.pk for s in schools])
                messages.success(request, f"{len(schools)} établissement(s) retiré(s) du bassin.")
            return redirect("pilotage:bassin_detail", pk=bassin.pk)
        else:
            messages.error(request, "Action inconnue.")
    schools = bassin.schools.select_related("department").order_by("name")
    return render(
        request,
        "pilotage/bassin_detail.html",
        {
            "title": bassin.display_name,
            "bassin": bassin,
            "schools": schools,
            "can_edit": can_edit,
            "rename_form": rename_form,
            "add_form": add_form,
        },
    )


@require(perms.can_import_directory)
def directory_upload(request):
    form = DirectoryUploadForm(request.POST, request.FILES) if request.method == "POST" else DirectoryUploadForm()
    report = None
    if request.method == "POST" and form.is_valid():
        oversized = [f.name for f in form.cleaned_data["files"] if f.size > settings.DIRECTORY_UPLOAD_MAX_BYTES]
        if oversized:
            form.add_error("files", "Fichier trop volumineux : " + ", ".join(oversized) + ".")
        else:
            try:
                report = directory_import(files=[(f.name, f) for f in form.cleaned_data["files"]])
            except DirectoryFormatError as error:
                form.add_error("files", str(error))
            else:
                catalogue_index.reindex_schools(report.renamed_school_ids)
    return render(
        request,
        "pilotage/directory_upload.html",
        {"title": "Importer l'annuaire de l'éducation", "form": form, "report": report},
    )
