"""Open data (/donnees/): the column schema and the downloads of the published programme for any
catalogue filter (the query string of /programme/). Small exports are written in the request;
large ones are built once by a background task, and the same file serves everyone until the
catalogue changes (sps.catalogue.exports)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from sps.actions.enums import IdeaCategory
from sps.catalogue import exports
from sps.catalogue.enums import LevelGroup
from sps.catalogue.query import CatalogueQuery
from sps.editions.enums import Public
from sps.files.models import GeneratedFile
from sps.schools.enums import SchoolKind
from sps.territories.models import Academy
from sps.www.common import ratelimit
from sps.www.common.files import private_file_response

CACHE_SECONDS = 60


@login_not_required
@require_safe
def open_data(request):
    query = CatalogueQuery.from_params(request.GET)
    params = query.to_params()
    downloads = [
        {"fmt": fmt, "label": label, "extension": extension.upper()}
        for fmt, (extension, _content_type, label) in exports.FORMATS.items()
    ]
    return render(
        request,
        "public/open_data.html",
        {
            "title": "Données ouvertes",
            "query": query,
            "params": params,
            "querystring": request.GET.urlencode() if params else "",
            "count": query.entries().count(),
            "direct_max": settings.OPEN_DATA_DIRECT_MAX,
            "downloads": downloads,
            "columns": exports.COLUMNS,
            "datetime_example": exports.COLUMN_EXAMPLE_DATETIME,
            "academies": Academy.objects.order_by("name"),
            "code_lists": [
                ("niveau", "levels", LevelGroup.choices),
                ("public", "publics", Public.choices),
                ("type", "school_kinds", SchoolKind.choices),
                ("categorie", "category", IdeaCategory.choices),
            ],
            "level_choices": LevelGroup.choices,
            "public_choices": Public.choices,
            "rate_limit": settings.OPEN_DATA_RATE_LIMIT,
            "api_rate_limit": settings.API_RATE_LIMIT,
        },
    )


def _too_many(wait: int) -> HttpResponse:
    response = HttpResponse(ratelimit.message(wait), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    patch_cache_control(response, no_store=True)
    return response


@login_not_required
@require_safe
def open_data_export(request, fmt):
    """The export of the catalogue filtered by the query string, in `fmt`."""
    if fmt not in exports.FORMATS:
        raise Http404("Format inconnu")
    limits = settings.OPEN_DATA_RATE_LIMIT
    wait = ratelimit.check(request, scope="open_data", limit=limits["REQUESTS"], window=limits["WINDOW_SECONDS"])
    if wait is not None:
        return _too_many(wait)
    query = CatalogueQuery.from_params(request.GET)
    count = query.entries().count()
    if exports.is_large(count):
        file = exports.open_data_file_request(query=query, fmt=fmt)
        return redirect("public:open_data_file", pk=file.pk)
    _extension, content_type, _label = exports.FORMATS[fmt]
    if fmt == "xlsx":
        response = HttpResponse(b"".join(exports.export_content(query, fmt)), content_type=content_type)
    else:
        response = StreamingHttpResponse(exports.export_content(query, fmt, count=count), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(query, fmt)}"'
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _public_file(pk) -> GeneratedFile:
    return get_object_or_404(GeneratedFile.objects.filter(kind=exports.EXPORT_KIND, requested_by__isnull=True), pk=pk)


@login_not_required
@require_safe
def open_data_file(request, pk):
    """A large export being built, then its link (the page follows the job: static/sps/generated_file.js)."""
    file = _public_file(pk)
    expired = file.expires_at is not None and file.expires_at <= timezone.now()
    return render(
        request,
        "public/open_data_file.html",
        {"title": file.label, "file": file, "can_download": file.is_ready and not expired, "expired": expired},
    )


@login_not_required
@require_safe
def open_data_file_download(request, pk):
    file = _public_file(pk)
    if not file.is_ready or file.expires_at <= timezone.now():
        raise Http404("Fichier introuvable")
    response = private_file_response(
        file.file,
        filename=file.filename,
        content_type=file.content_type,
        attachment=True,
        shared=True,
        missing="Fichier introuvable",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
