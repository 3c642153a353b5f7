"""Request and response rules shared by every page, before and after any view."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

NUL = "\x00"


def _has_nul(request) -> bool:
    if NUL in request.path or NUL in request.path_info:
        return True
    for data in (request.GET, request.COOKIES):
        for key, values in data.lists() if hasattr(data, "lists") else ((k, [v]) for k, v in data.items()):
            if NUL in key or any(NUL in value for value in values):
                return True
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return False
    content_type = request.content_type or ""
    if content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        for key, values in request.POST.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
        for key, files in request.FILES.lists():
            if NUL in key or any(NUL in (upload.name or "") for upload in files):
                return True
        return False
    # JSON and any other body: a raw NUL, or JSON's escaped form of it.
    body = request.body
    return b"\x00" in body or b"\\u0000" in body.lower()


class RejectNulMiddleware:
    """A NUL character in any input (path, query string, cookies, form fields, file names, other
    bodies) is refused with a 400 before any view: PostgreSQL cannot store or compare it (a 500),
    and no legitimate input contains one. One place, so that no view has to think about it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):  # the API answers JSON, errors included
                message = "Requête invalide : un caractère nul n'est accepté dans aucun paramètre."
                # The shape of the API's other 400s (sps.api.schemas.ValidationErrorOut).
                return JsonResponse(
                    {"detail": message, "errors": [{"param": "", "message": message}]},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return render(request, "errors/400.html", status=400)
        return self.get_response(request)


# Browser features no page of the site uses: denied to the site and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: private, no-store` on every response
    to a logged-in user (what they see is theirs: neither a shared cache nor the browser's history
    keeps it). Public pages seen anonymously keep their caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self._logged_in(request) and "public" not in response.get("Cache-Control", ""):
            # A file the view marked public (a published kit resource) is the same for everyone.
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _logged_in(request) -> bool:
        # No session cookie, no user: answered without reading the session (no Vary: Cookie added).
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return False
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
