"""Forms of the Espace établissement: the declaration, the idea bank's « Utiliser ce modèle »,
comments and the bilan. The fiche's own form is shared with Pilotage: sps/www/common/action_forms.py.
"""

from django import forms

from sps.actions.models import SHORT_MAX, TEXT_MAX, TITLE_MAX
from sps.editions import rules as edition_rules
from sps.editions.models import Edition
from sps.www.common.action_forms import ActionForms, text_field

__all__ = ["ActionForms"]


# --- Declaring ---------------------------------------------------------------------------------


def declaration_targets(schools, today=None) -> list[tuple[str, str, object, object]]:
    """(value, label, school, edition) for each of `schools` with a published edition of the current
    campaign in its académie, open to declarations."""
    schools = list(schools.select_related("department__academy"))
    academy_ids = set()
    for school in schools:
        academy_ids |= edition_rules.academy_ids(school.department.academy)
    editions = list(Edition.objects.published().current(today).filter(academy_id__in=academy_ids).with_calendar())
    targets = []
    for school in schools:
        ids = edition_rules.academy_ids(school.department.academy)
        for edition in editions:
            if edition.academy_id in ids and edition.is_declaration_open(today):
                label = f"{school.display_name} — {school.commune} ({school.uai}) : {edition.title} {edition.campaign.school_year}"
                targets.append((f"{school.pk}:{edition.pk}", label, school, edition))
    return targets


class TargetForm(forms.Form):
    """Which school carries the new fiche, in which edition (the current one of its académie)."""

    target = forms.ChoiceField(
        label="Établissement porteur et édition",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l'établissement qui porte l'action."},
    )
    # Asked first: a draft without a title would be listed as « Action sans titre ».
    title = forms.CharField(
        label="Titre de l'action",
        max_length=TITLE_MAX,
        error_messages={"required": "Indiquez le titre de l'action : vous pourrez le modifier ensuite."},
    )

    def __init__(self, *args, targets, with_title=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {value: (school, edition) for value, _, school, edition in targets}
        self.fields["target"].choices = [(value, label) for value, label, _, _ in targets]
        if len(targets) == 1:
            self.fields["target"].initial = targets[0][0]
        if not with_title:
            del self.fields["title"]

    def clean_target(self):
        value = self.cleaned_data["target"]
        self.cleaned_data["school"], self.cleaned_data["edition"] = self.targets[value]
        return value


# --- Thread, bilan -----------------------------------------------------------------------------


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Votre message",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez votre message."},
    )


def _count(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="Laissez vide si vous ne le savez pas (« N.C. »), n'écrivez pas 0.",
    )


class BilanForm(forms.Form):
    participants_pupils = _count("Élèves")
    participants_parents = _count("Parents")
    participants_staff = _count("Personnels")
    participants_partners = _count("Partenaires")
    what_worked = text_field("Ce qui a fonctionné")
    what_to_change = text_field("Ce qu'il faudrait changer")
    supports = text_field(
        "Supports produits (liens)", help_text="Un lien par ligne : vidéo, article, diaporama…", rows=3
    )


class PhotoForm(forms.Form):
    file = forms.FileField(
        label="Photo",
        help_text="JPEG, PNG ou WebP, 10 Mo au plus. Les métadonnées (dont la position GPS) sont supprimées.",
        error_messages={"required": "Choisissez une photo."},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label="Légende", max_length=SHORT_MAX, required=False)
    consent_confirmed = forms.BooleanField(label="", required=False)

    def __init__(self, *args, consent_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_confirmed"].label = consent_text


class SupportForm(forms.Form):
    """A support produced by the action: a file or a link (the service checks the file's content)."""

    title = forms.CharField(
        label="Titre du support",
        max_length=TITLE_MAX,
        error_messages={"required": "Indiquez le titre du support."},
        help_text="Par exemple « Affiche de l'exposition » ou « Reportage vidéo ».",
    )
    file = forms.FileField(
        label="Fichier",
        required=False,
        help_text="PDF, PNG, JPEG, ODT, ODS, ODP, DOCX, XLSX ou PPTX, 20 Mo au plus.",
    )
    url = forms.CharField(
        label="Ou lien",
        max_length=SHORT_MAX,
        required=False,
        widget=forms.URLInput,
        help_text="Commençant par https://",
    )
