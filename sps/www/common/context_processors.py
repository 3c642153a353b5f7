from django.conf import settings
from django.urls import reverse

from sps.accounts import perms


def navigation(request):
    """The main menu: the spaces a visitor may enter, with the current one marked."""
    user = getattr(request, "user", None)
    path = request.path
    items = [
        ("Accueil", reverse("public:home")),
        ("Programme", reverse("public:programme")),
        ("Établissements", reverse("public:school_search")),
    ]
    # Anonymous visitors see both spaces (they lead to the log-in page); a logged-in user sees
    # only the spaces their roles open.
    anonymous = user is None or not user.is_authenticated
    if anonymous or perms.can_access_espace(user):
        items.append(("Espace établissement", reverse("espace:home")))
    if anonymous or perms.can_access_pilotage(user):
        items.append(("Pilotage", reverse("pilotage:home")))
    menu = []
    for label, url in items:
        current = path == url if url == "/" else path.startswith(url)
        menu.append({"label": label, "url": url, "current": current})
    return {
        "main_menu": menu,
        "demo_mode": settings.DEMO_MODE,
        "nav_can_import_directory": user is not None and perms.can_import_directory(user),
        "skiplinks": [
            {"link": "#content", "label": "Contenu"},
            {"link": "#fr-navigation", "label": "Menu"},
            {"link": "#footer", "label": "Pied de page"},
        ],
    }
