"""The page of a generated file (export, poster): « en cours » with its progress, then the link;
and its download. Only the person who asked sees it: anyone else gets a 404. Files of a public kind
(a printable programme, asked for without an account) are open to everybody."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sps.files.models import GeneratedFile
from sps.www.common.files import private_file_response


class _LogInFirst(Exception):
    pass


def _own_file(request, pk) -> GeneratedFile:
    """The file if `request.user` may see it; an anonymous visitor asking for a file that is not
    public logs in first (it may be theirs); anyone else gets a 404."""
    file = GeneratedFile.objects.viewable_by(request.user).filter(pk=pk).first()
    if file is None and not request.user.is_authenticated:
        raise _LogInFirst
    if file is None:
        raise Http404("Fichier introuvable")
    return file


def _log_in_first(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LogInFirst:
            return redirect_to_login(request.get_full_path())

    return login_not_required(wrapped)


@_log_in_first
def generated_file_detail(request, pk):
    file = _own_file(request, pk)
    expired = file.expires_at is not None and file.expires_at <= timezone.now()
    return render(
        request,
        "files/generated_file.html",
        {"title": file.label, "file": file, "can_download": file.is_ready and not expired, "expired": expired},
    )


@_log_in_first
def generated_file_download(request, pk):
    file = _own_file(request, pk)
    if not file.is_ready or file.expires_at <= timezone.now():
        raise Http404("Fichier introuvable")
    return private_file_response(
        file.file,
        filename=file.filename,
        content_type=file.content_type,
        attachment=True,
        shared=file.requested_by_id is None,
        missing="Fichier introuvable",
    )
