"""The national pilot's upload of declared figures (CSV of docs/declared-figures.md)."""

from django import forms
from django.shortcuts import render

from sps.accounts import perms
from sps.syntheses.declared import COLUMNS, DeclaredFiguresFormatError, declared_figures_import
from sps.www.common.decorators import require

MAX_BYTES = 2 * 1024 * 1024


class DeclaredFiguresUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier des chiffres déclarés (CSV)",
        help_text="Une ligne par académie et édition, en UTF-8, séparée par des points-virgules ou des virgules. "
        "Taille maximale : 2 Mo.",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(f"« {upload.name} » n'est pas un fichier CSV (extension .csv attendue).")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Le fichier dépasse 2 Mo : découpez-le en plusieurs fichiers.")
        return upload


@require(perms.can_import_declared_figures)
def declared_figures_upload(request):
    form = DeclaredFiguresUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    report = None
    if form is not None and form.is_valid():
        try:
            report = declared_figures_import(data=form.cleaned_data["file"].read(), by=request.user)
        except DeclaredFiguresFormatError as error:
            form.add_error("file", str(error))
    return render(
        request,
        "pilotage/declared_figures_upload.html",
        {
            "title": "Importer des chiffres déclarés",
            "form": form or DeclaredFiguresUploadForm(),
            "report": report,
            "columns": COLUMNS.items(),
        },
    )
