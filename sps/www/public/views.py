from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from sps.catalogue.models import CatalogueEntry
from sps.editions.models import Edition
from sps.schools.enums import SchoolKind
from sps.schools.models import School
from sps.schools.uai import is_valid_uai, normalize_uai
from sps.territories.models import Academy, Department
from sps.territories.text import french_sort_key

SEARCH_PAGE_SIZE = 20
SCHOOL_ACTIONS_MAX = 200


@login_not_required
def home(request):
    return render(request, "public/home.html", {"title": "Accueil"})


@login_not_required
def programme(request):
    """Each current académie, with its published edition of the current campaign when there is one."""
    # Sorted in Python, accents aside (« Île-de-France » among the I): the same on every database.
    academies = sorted(
        Academy.objects.current().select_related("region"),
        key=lambda a: (french_sort_key(a.region.name), french_sort_key(a.name)),
    )
    editions = {e.academy_id: e for e in Edition.objects.current().published().select_related("campaign", "academy")}
    for academy in academies:
        academy.current_edition = editions.get(academy.pk)
    return render(request, "public/programme.html", {"title": "Programme", "academies": academies})


@login_not_required
def school_search(request):
    query = request.GET.get("q", "").strip()[:200]
    department_code = request.GET.get("departement", "").strip()
    kind = request.GET.get("type", "").strip()
    schools = School.objects.select_related("department", "bassin")
    searched = bool(query or department_code or kind)
    if query:
        schools = schools.search(query)
    if department_code:
        schools = schools.filter(department__code=department_code)
    if kind in SchoolKind.values:
        schools = schools.filter(kind=kind)
    page = Paginator(schools.order_by("name", "uai"), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/school_search.html",
        {
            "title": "Rechercher un établissement",
            "query": query,
            "searched": searched,
            "page": page if searched else None,
            "departments": Department.objects.order_by("code"),
            "department_code": department_code,
            "kinds": SchoolKind.choices,
            "kind": kind,
            "querystring": _querystring_without_page(request),
        },
    )


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_not_required
def school_detail(request, uai):
    uai = normalize_uai(uai)
    if not is_valid_uai(uai):
        raise Http404("UAI invalide")
    school = get_object_or_404(
        School.objects.select_related("department__academy__region", "bassin", "circonscription"), uai=uai
    )
    # The school's published actions, newest edition first (read from the catalogue; bounded).
    entries = (
        CatalogueEntry.objects.filter(school_links__school=school)
        .select_related("campaign")
        .order_by("-campaign__school_year", "first_date", "id")[:SCHOOL_ACTIONS_MAX]
    )
    return render(
        request,
        "public/school_detail.html",
        {"title": school.display_name, "school": school, "entries": list(entries), "actions_max": SCHOOL_ACTIONS_MAX},
    )


@login_not_required
def legal(request):
    return render(request, "public/legal.html", {"title": "Mentions légales"})


@login_not_required
def accessibility(request):
    return render(
        request,
        "public/accessibility.html",
        {"title": "Déclaration d'accessibilité", "contact_email": settings.SPS_CONTACT_EMAIL},
    )


@login_not_required
def personal_data(request):
    return render(request, "public/personal_data.html", {"title": "Données personnelles"})
