from django.shortcuts import render

from sps.accounts import perms


def account(request):
    return render(request, "accounts/account.html", {"title": "Mon compte", "roles": perms.user_roles(request.user)})
