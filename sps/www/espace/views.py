from django.shortcuts import render

from sps.accounts import perms
from sps.www.common.decorators import require


@require(perms.can_access_espace)
def home(request):
    schools = perms.contributor_schools(request.user).select_related("department__academy", "bassin")
    return render(request, "espace/home.html", {"title": "Espace établissement", "schools": schools})
