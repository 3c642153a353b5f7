"""The URL names the notifications link to, as the web layers will provide them."""

from django.http import HttpResponse
from django.urls import include, path


def _view(request, pk):
    return HttpResponse(str(pk))


espace = ([path("actions/<int:pk>/", _view, name="action_detail")], "espace")
pilotage = ([path("actions/<int:pk>/", _view, name="action_detail")], "pilotage")
urlpatterns = [path("espace/", include(espace)), path("pilotage/", include(pilotage))]
