import functools

from django.conf import settings
from django.urls import reverse

from sps.accounts import perms
from sps.accounts.perms import scope_of


def _queue_count(user):
    """The size of the user's « À traiter » queue, counted once and only if a template asks (the
    pilotage menu and home): the other pages pay nothing."""

    @functools.cache
    def count():
        from sps.actions.models import Action

        return Action.objects.queue_of(user).count() if perms.can_access_pilotage(user) else 0

    return count


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
        "nav_can_import_declared_figures": user is not None and perms.can_import_declared_figures(user),
        "nav_can_manage_events": not anonymous and scope_of(user).manages_editions,
        "nav_can_access_syntheses": user is not None and perms.can_access_syntheses(user),
        "nav_queue_count": _queue_count(user) if not anonymous else 0,
        "skiplinks": [
            {"link": "#content", "label": "Contenu"},
            {"link": "#fr-navigation", "label": "Menu"},
            {"link": "#footer", "label": "Pied de page"},
        ],
    }
