from django.shortcuts import render

from sps.accounts import perms
from sps.www.common.decorators import require


@require(perms.can_access_pilotage)
def home(request):
    return render(request, "pilotage/home.html", {"title": "Pilotage"})
