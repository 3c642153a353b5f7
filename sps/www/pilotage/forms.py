from django import forms

from sps.schools.uai import normalize_uai, uai_error

MAX_DIRECTORY_FILES = 5


class BassinForm(forms.Form):
    department = forms.ModelChoiceField(queryset=None, label="Département", empty_label="Choisir un département")
    name = forms.CharField(label="Nom du bassin", max_length=200)
    code = forms.CharField(
        label="Code",
        max_length=20,
        required=False,
        help_text="Le code du bassin dans l'annuaire, s'il existe.",
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        if departments.count() == 1:
            self.fields["department"].initial = departments.first()


class BassinRenameForm(forms.Form):
    name = forms.CharField(label="Nom du bassin", max_length=200)


class BassinAddSchoolsForm(forms.Form):
    uais = forms.CharField(
        label="UAI des établissements à ajouter",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une ou plusieurs UAI, séparées par des espaces, des virgules ou des retours à la ligne.",
        max_length=20000,
    )

    def clean_uais(self):
        raw = self.cleaned_data["uais"].replace(",", " ").replace(";", " ").split()
        uais, errors = [], []
        for item in raw:
            if message := uai_error(item):
                errors.append(message)
            else:
                uais.append(normalize_uai(item))
        if errors:
            raise forms.ValidationError(errors)
        if not uais:
            raise forms.ValidationError("Saisissez au moins une UAI.")
        return list(dict.fromkeys(uais))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = [item for item in data if item] if isinstance(data, list | tuple) else [data] if data else []
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class DirectoryUploadForm(forms.Form):
    files = MultipleFileField(
        label="Fichiers de l'annuaire de l'éducation (CSV)",
        help_text="Export « fr-en-annuaire-education » au format CSV séparé par des points-virgules. "
        "Plusieurs fichiers possibles.",
        error_messages={"required": "Choisissez au moins un fichier."},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_DIRECTORY_FILES:
            raise forms.ValidationError(f"Envoyez au plus {MAX_DIRECTORY_FILES} fichiers à la fois.")
        for f in files:
            if not f.name.lower().endswith((".csv", ".txt")):
                raise forms.ValidationError(f"« {f.name} » n'est pas un fichier CSV.")
        return files
