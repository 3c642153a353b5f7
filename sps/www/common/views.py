from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check, in French and in the site's layout (settings.CSRF_FAILURE_VIEW):
    Django's own page has an inline <style> that the Content-Security-Policy refuses."""
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No request context: the 500 page must render even when the database is down.
    return HttpResponseServerError(loader.get_template("errors/500.html").render({"request": request}))
