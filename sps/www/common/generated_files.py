"""The page of a generated file (export, poster): « en cours » with its progress, then the link;
and its download. Only the person who asked sees it: anyone else gets a 404. Files of a public kind
(a printable programme, asked for without an account) are open to everybody."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from sps.files.models import GeneratedFile
from sps.www.common.files import private_file_response


def _own_file(request, pk) -> GeneratedFile:
    return get_object_or_404(GeneratedFile.objects.viewable_by(request.user), pk=pk)


@login_not_required
def generated_file_detail(request, pk):
    file = _own_file(request, pk)
    expired = file.expires_at is not None and file.expires_at <= timezone.now()
    return render(
        request,
        "files/generated_file.html",
        {"title": file.label, "file": file, "can_download": file.is_ready and not expired, "expired": expired},
    )


@login_not_required
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
