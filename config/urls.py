from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.static import serve

from sps.accounts.forms import AdminLoginForm
from sps.www.common import views as common_views

admin.site.site_header = "Administration technique — Semaine de la persévérance scolaire"
admin.site.login_form = AdminLoginForm  # the log-in throttle's French messages
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("", include("sps.www.public.urls")),
    path("compte/", include("sps.accounts.urls")),
    path("espace/", include("sps.www.espace.urls")),
    path("pilotage/", include("sps.www.pilotage.urls")),
    path("fichiers/", include("sps.www.common.urls")),
    path("jury/", include("sps.www.jury.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("sps.api.urls", namespace="api")),
]

# Development and demo only (SERVE_MEDIA in config/settings/dev.py): in production the web server
# serves MEDIA_ROOT.
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    urlpatterns += [
        path("media/<path:path>", login_not_required(serve), {"document_root": settings.MEDIA_ROOT}),
    ]

handler403 = common_views.permission_denied
handler404 = common_views.page_not_found
handler500 = common_views.server_error
