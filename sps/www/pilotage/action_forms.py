"""Forms of the pilots' fiche pages: the list's filters, the export's columns, the moderation
forms (comment, note, change request, refusal), flags and the idea bank's models."""

import csv
import io

from django import forms
from django.db.models import Q

from sps.actions.enums import ActionStatus, Contribution, FirstModerators, IdeaCategory, Level, PromotionKind, Public
from sps.actions.fields import FIELDS
from sps.actions.models import PARTICIPANT_FIELDS, SHORT_MAX, TEXT_MAX, TITLE_MAX
from sps.editions.models import EditionTheme

# --- Filters --------------------------------------------------------------------------------------


class EditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.campaign.school_year} — {obj.academy.name}"


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "name", None) or getattr(obj, "title", None) or str(obj)


class ActionFilterForm(forms.Form):
    """GET filters of the pilot list; an invalid value is ignored (the list shows everything)."""

    edition = EditionChoiceField(label="Édition", queryset=None, required=False, empty_label="Éditions de l'année")
    status = forms.ChoiceField(label="Statut", choices=[("", "Tous")] + ActionStatus.choices, required=False)
    departement = NamedChoiceField(label="Département", queryset=None, required=False, empty_label="Tous")
    bassin = NamedChoiceField(label="Bassin", queryset=None, required=False, empty_label="Tous")
    niveau = forms.ChoiceField(label="Niveau", choices=[("", "Tous")] + Level.choices, required=False)
    public = forms.ChoiceField(label="Public", choices=[("", "Tous")] + Public.choices, required=False)
    theme = NamedChoiceField(label="Thème", queryset=EditionTheme.objects.none(), required=False, empty_label="Tous")
    phare = forms.BooleanField(label="Actions phares seulement", required=False)
    forum = forms.BooleanField(label="Présentées au forum seulement", required=False)
    q = forms.CharField(label="Rechercher dans les titres", max_length=200, required=False)

    def __init__(self, data, *, editions, departments, bassins):
        super().__init__(data)
        self.fields["edition"].queryset = editions
        self.fields["departement"].queryset = departments
        self.fields["bassin"].queryset = bassins
        edition_id = (data or {}).get("edition", "")
        themes = EditionTheme.objects.filter(edition__in=editions)
        if str(edition_id).isdigit():
            themes = themes.filter(edition_id=int(edition_id))
        self.fields["theme"].queryset = themes

    def values(self) -> dict:
        """The valid filters, others dropped (a stale link still shows a list)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


def apply_filters(actions, values: dict, *, current_campaign):
    if values.get("edition"):
        actions = actions.filter(edition=values["edition"])
    elif current_campaign is not None:
        actions = actions.filter(edition__campaign=current_campaign)
    actions = actions.filtered(
        bassin=values.get("bassin"),
        department=values.get("departement"),
        level=values.get("niveau") or None,
        public=values.get("public") or None,
        theme=values.get("theme"),
        is_flagship=True if values.get("phare") else None,
        shown_at_forum=True if values.get("forum") else None,
    )
    query = (values.get("q") or "").strip()
    if query:
        actions = actions.filter(Q(title__icontains=query))
    return actions


# --- Export ---------------------------------------------------------------------------------------

NC = "N.C."


def _join(items) -> str:
    return ", ".join(str(i) for i in items if i)


def _schools(action):
    return list(action.schools.all())


def _participants(name):
    def get(action):
        bilan = getattr(action, "bilan", None)
        value = getattr(bilan, name, None) if bilan is not None else None
        return NC if value is None else value

    return get


def _sessions(action) -> str:
    parts = []
    for s in action.sessions.all():
        text = s.date.strftime("%d/%m/%Y")
        if s.start_time:
            text += " " + s.start_time.strftime("%H:%M")
            if s.end_time:
                text += "-" + s.end_time.strftime("%H:%M")
        text += " — " + ("en ligne" if s.is_online else s.place)
        parts.append(text)
    return " ; ".join(parts)


def _partners(action) -> str:
    labels = dict(Contribution.choices)
    parts = []
    for link in action.action_partners.all():
        text = f"{link.partner.name} ({link.partner.get_kind_display()})"
        if link.contributions:
            text += " : " + _join(labels.get(c, c) for c in link.contributions)
        parts.append(text)
    return " ; ".join(parts)


def _yes(value) -> str:
    return "Oui" if value else "Non"


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# key -> (column title, getter). Contacts are personal data: never in the default set.
EXPORT_COLUMNS = {
    "id": ("N°", lambda a: a.pk),
    "title": (FIELDS["title"].column, lambda a: a.title),
    "description": (FIELDS["description"].column, lambda a: a.description),
    "status": ("Statut", lambda a: a.get_status_display()),
    "edition": ("Édition", lambda a: f"{a.edition.campaign.school_year} — {a.edition.academy.name}"),
    "carrier": ("Porteur(s)", lambda a: a.carrier_label()),
    "uai": ("UAI", lambda a: _join(s.uai for s in _schools(a))),
    "commune": ("Commune(s)", lambda a: _join(dict.fromkeys(s.commune for s in _schools(a)))),
    "bassin": (
        "Bassin(s)",
        lambda a: _join(
            dict.fromkeys(
                [s.bassin.display_name for s in _schools(a) if s.bassin] + ([a.bassin.display_name] if a.bassin else [])
            )
        ),
    ),
    "department": ("Département(s)", lambda a: _join(dict.fromkeys(s.department.name for s in _schools(a)))),
    "publics": (FIELDS["publics"].column, lambda a: _join(a.get_publics_display())),
    "levels": (FIELDS["levels"].column, lambda a: _join(a.get_levels_display())),
    "classes": (FIELDS["classes"].column, lambda a: a.classes),
    "themes": (FIELDS["themes"].column, lambda a: _join(t.title for t in a.themes.all())),
    "sessions": (FIELDS["sessions"].column, _sessions),
    "promotion_kind": (
        FIELDS["promotion_kind"].column,
        lambda a: a.get_promotion_kind_display() if a.promotion_kind else "",
    ),
    "partners": (FIELDS["partners"].column, _partners),
    "is_year_long": (FIELDS["is_year_long"].column, lambda a: _yes(a.is_year_long)),
    "is_flagship": (FIELDS["is_flagship"].column, lambda a: _yes(a.is_flagship)),
    "shown_at_forum": (FIELDS["shown_at_forum"].column, lambda a: _yes(a.shown_at_forum)),
    "organisation": (FIELDS["organisation"].column, lambda a: a.organisation),
    "objectives": (FIELDS["objectives"].column, lambda a: a.objectives),
    "steering": (FIELDS["steering"].column, lambda a: a.steering),
    "success_factors": (FIELDS["success_factors"].column, lambda a: a.success_factors),
    "promotion": (FIELDS["promotion"].column, lambda a: a.promotion),
    "contact_name": (FIELDS["contact_name"].column, lambda a: a.contact_name),
    "contact_email": (FIELDS["contact_email"].column, lambda a: a.contact_email),
    "contact_role": (FIELDS["contact_role"].column, lambda a: a.contact_role),
    "participants_pupils": ("Participants : élèves", _participants(PARTICIPANT_FIELDS[Public.PUPILS])),
    "participants_parents": ("Participants : parents", _participants(PARTICIPANT_FIELDS[Public.PARENTS])),
    "participants_staff": ("Participants : personnels", _participants(PARTICIPANT_FIELDS[Public.STAFF])),
    "participants_partners": ("Participants : partenaires", _participants(PARTICIPANT_FIELDS[Public.PARTNERS])),
    "submitted_at": ("Soumise le", lambda a: _date(a.submitted_at)),
    "published_at": ("Publiée le", lambda a: _date(a.published_at)),
}
DEFAULT_COLUMNS = [
    "id",
    "title",
    "description",
    "status",
    "carrier",
    "uai",
    "commune",
    "bassin",
    "publics",
    "levels",
    "sessions",
    "is_flagship",
    "shown_at_forum",
]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[("xlsx", "Tableur (XLSX)"), ("csv", "CSV (séparateur point-virgule)")],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    columns = forms.MultipleChoiceField(
        label="Colonnes",
        choices=[(key, title) for key, (title, _) in EXPORT_COLUMNS.items()],
        initial=DEFAULT_COLUMNS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les coordonnées du contact sont des données personnelles : ne les exportez que si nécessaire.",
    )

    def chosen_columns(self) -> list[str]:
        chosen = self.cleaned_data.get("columns") or DEFAULT_COLUMNS
        return [key for key in EXPORT_COLUMNS if key in chosen]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading quote (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(actions, columns):
    getters = [EXPORT_COLUMNS[key][1] for key in columns]
    for action in actions:
        yield [neutralise(get(action)) for get in getters]


def export_csv(actions, columns) -> bytes:
    """UTF-8 with a BOM and `;`, as Excel (in French) opens it; N.C. stays « N.C. »."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([EXPORT_COLUMNS[key][0] for key in columns])
    for row in export_rows(actions, columns):
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(actions, columns) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Fiches actions"
    sheet.append([EXPORT_COLUMNS[key][0] for key in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(actions, columns):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Moderation -------------------------------------------------------------------------------------


class MessageForm(forms.Form):
    # Prefixed: the message and the note share a page, their fields need distinct ids.
    prefix = "message"
    body = forms.CharField(label="Message au porteur", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(forms.Form):
    prefix = "note"
    body = forms.CharField(
        label="Note interne",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Visible des seuls pilotes et relais : le porteur ne la voit jamais.",
    )


class TransitionForm(forms.Form):
    """One moderation step; `comment` is required for a change request and a refusal (the domain says so)."""

    comment = forms.CharField(
        label="Commentaire", max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, label, required_comment=False, show_comment=True, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["comment"].label = label
        if not show_comment:
            del self.fields["comment"]
        else:
            # Shown as required; the domain checks it (its message goes next to the field).
            self.fields["comment"].required = required_comment
        self.required_comment = required_comment

    use_required_attribute = False

    def full_clean(self):
        if "comment" in self.fields:
            self.fields["comment"].required = False
        try:
            super().full_clean()
        finally:
            if "comment" in self.fields:
                self.fields["comment"].required = self.required_comment


class FlagsForm(forms.Form):
    is_flagship = forms.BooleanField(label=FIELDS["is_flagship"].label, required=False)
    shown_at_forum = forms.BooleanField(label=FIELDS["shown_at_forum"].label, required=False)


class ModelFromActionForm(forms.Form):
    category = forms.ChoiceField(
        label="Catégorie du modèle", choices=[("", "Choisir une catégorie")] + IdeaCategory.choices
    )
    summary = forms.CharField(label="En bref", max_length=SHORT_MAX, required=False)


class IdeaModelForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=TITLE_MAX)
    category = forms.ChoiceField(label="Catégorie", choices=[("", "Choisir une catégorie")] + IdeaCategory.choices)
    summary = forms.CharField(label="En bref", max_length=SHORT_MAX, required=False)
    publics = forms.MultipleChoiceField(
        label="Publics", choices=Public.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(
        label="Niveaux", choices=Level.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    organisation = forms.CharField(
        label=FIELDS["organisation"].label,
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    objectives = forms.CharField(
        label=FIELDS["objectives"].label, max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    steering = forms.CharField(
        label=FIELDS["steering"].label, max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    success_factors = forms.CharField(
        label=FIELDS["success_factors"].label,
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    promotion = forms.CharField(
        label=FIELDS["promotion"].label, max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    promotion_kind = forms.ChoiceField(
        label=FIELDS["promotion_kind"].label, choices=[("", "Choisir un type")] + PromotionKind.choices, required=False
    )
    order = forms.IntegerField(label="Ordre d'affichage", min_value=0, max_value=1000, initial=100)
    is_blank = forms.BooleanField(label="Formulaire vierge (« À votre tour… »)", required=False)


# --- A fiche of the territory (bassin, département, académie) ----------------------------------------


class TerritoryDeclareForm(forms.Form):
    """A pilot declares a fiche carried at bassin, département or académie level (a forum, a
    speed-meeting). The choices are those of the pilot's scope; the service checks the rest (the
    bassin or département belongs to the edition's académie)."""

    edition = EditionChoiceField(
        label="Édition", queryset=None, error_messages={"required": "Choisissez l'édition de l'action."}
    )
    carrier_level = forms.ChoiceField(
        label="Portée par",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez qui porte l'action : un bassin, un département ou l'académie."},
    )
    bassin = NamedChoiceField(label="Bassin porteur", queryset=None, required=False, empty_label="Choisir un bassin")
    department = NamedChoiceField(
        label="Département porteur", queryset=None, required=False, empty_label="Choisir un département"
    )
    title = forms.CharField(
        label="Titre de l'action",
        max_length=TITLE_MAX,
        error_messages={"required": "Indiquez le titre de l'action : vous pourrez le modifier ensuite."},
    )

    def __init__(self, *args, editions, levels, bassins, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions
        self.fields["carrier_level"].choices = levels
        if len(levels) == 1:
            self.fields["carrier_level"].initial = levels[0][0]
        self.fields["bassin"].queryset = bassins
        self.fields["department"].queryset = departments
        if not bassins.exists():
            del self.fields["bassin"]
        if not departments.exists():
            del self.fields["department"]

    def clean(self):
        data = super().clean()
        level = data.get("carrier_level")
        if level == "bassin" and not data.get("bassin") and "bassin" not in self.errors:
            self.add_error("bassin" if "bassin" in self.fields else None, "Choisissez le bassin qui porte l'action.")
        if level == "department" and not data.get("department") and "department" not in self.errors:
            self.add_error(
                "department" if "department" in self.fields else None, "Choisissez le département qui porte l'action."
            )
        return data


class SchoolSearchForm(forms.Form):
    """« Ajouter un établissement porteur »: searched on submit, without JavaScript."""

    school_query = forms.CharField(
        label="Ajouter un établissement porteur (nom, commune ou UAI)",
        max_length=100,
        required=False,
        help_text="Parmi les établissements de votre territoire, par exemple « Jean Moulin Vitry » ou « 0941234F ».",
    )


# --- Moderation settings of an edition ------------------------------------------------------------


class ModerationSettingsForm(forms.Form):
    """Who validates the académie's fiches and who receives them first (services.moderation_settings_update)."""

    relays_may_validate = forms.BooleanField(label="Les relais de bassin peuvent valider les fiches", required=False)
    department_pilots_may_validate = forms.BooleanField(
        label="Les pilotes départementaux peuvent valider les fiches", required=False
    )
    first_moderators = forms.ChoiceField(
        label="Les fiches soumises vont d'abord à",
        choices=FirstModerators.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez qui reçoit les fiches en premier.",
            "invalid_choice": "Choisissez qui reçoit les fiches en premier parmi les choix proposés.",
        },
    )
