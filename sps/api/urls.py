"""The API's URLs, each view wrapped for the public: no login, a rate limit per client (HTTP 429
with a French JSON body and Retry-After), CORS for any origin (académie websites read it from the
browser), and a short public cache on successful answers."""

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.cache import patch_cache_control

from sps.api.api import api
from sps.www.common import ratelimit

CACHE_SECONDS = 60


def cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Expose-Headers"] = "Retry-After"
    return response


def public_api_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":  # a CORS preflight
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
            return cors(response)
        limits = settings.API_RATE_LIMIT
        wait = ratelimit.check(request, scope="api", limit=limits["REQUESTS"], window=limits["WINDOW_SECONDS"])
        if wait is not None:
            response = JsonResponse(
                {"detail": ratelimit.message(wait)}, status=429, json_dumps_params={"ensure_ascii": False}
            )
            response["Retry-After"] = str(wait)
            patch_cache_control(response, no_store=True)
            return cors(response)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        else:
            patch_cache_control(response, no_store=True)
        return cors(response)

    return login_not_required(wrapper)


def api_root(request, **kwargs):
    """/api/: where the documentation is (django-ninja's own root only answers 404)."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "documentation": request.build_absolute_uri("/api/docs"),
            "openapi": request.build_absolute_uri("/api/openapi.json"),
            "open_data": request.build_absolute_uri("/donnees/"),
        }
    )


def _wrapped(patterns):
    out = []
    for p in patterns:
        if isinstance(p, URLPattern):
            callback = api_root if p.name == "api-root" else p.callback
            p = URLPattern(p.pattern, public_api_view(callback), p.default_args, p.name)
        out.append(p)
    return out


def not_found(request, path=""):
    """Any other address under /api/ (an unknown path, an id that is not a number): JSON too."""
    return JsonResponse(
        {"detail": "Adresse inconnue de l'API : voir la documentation, /api/openapi.json."},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


_patterns, app_name, namespace = api.urls
urlpatterns = _wrapped([*_patterns, re_path(r"^(?P<path>.*)$", not_found)])
