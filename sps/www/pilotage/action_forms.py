"""Forms of the pilots' fiche pages: the list's filters, the export's columns, the moderation
forms (comment, note, change request, refusal), flags and the idea bank's models."""

from django import forms

from sps.actions.enums import (
    ActionStatus,
    FirstModerators,
    IdeaCategory,
    Level,
    PartnerKind,
    PromotionKind,
    Public,
)
from sps.actions.exports import DEFAULT_COLUMNS, EXPORT_COLUMNS, NO_CATEGORY, filter_actions, ordered_columns
from sps.actions.fields import FIELDS
from sps.actions.models import SHORT_MAX, TEXT_MAX, TITLE_MAX, Partner
from sps.catalogue.enums import LEVEL_GROUP_OF, LevelGroup
from sps.editions.models import Campaign, EditionTheme
from sps.schools.enums import PriorityEducation, SchoolKind, Sector
from sps.territories.models import Academy

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
    # The filters behind the figures of the indicators' dashboard (sps/www/pilotage/indicators.py):
    # not in the form's grid, kept as hidden fields and listed above the list (INDICATOR_FILTERS).
    campagne = forms.ModelChoiceField(
        label="Campagne", queryset=Campaign.objects.all(), to_field_name="school_year", required=False
    )
    academie = NamedChoiceField(label="Académie", queryset=None, required=False)
    degre = forms.ChoiceField(label="Niveaux", choices=LevelGroup.choices, required=False)
    type_etab = forms.ChoiceField(label="Type d'établissement porteur", choices=SchoolKind.choices, required=False)
    ep = forms.ChoiceField(
        label="Éducation prioritaire de l'établissement porteur",
        choices=[c for c in PriorityEducation.choices if c[0]],
        required=False,
    )
    secteur = forms.ChoiceField(
        label="Secteur de l'établissement porteur", choices=[c for c in Sector.choices if c[0]], required=False
    )
    temps_fort = forms.BooleanField(label="Avec au moins un temps fort", required=False)
    bilan = forms.BooleanField(label="Bilan transmis", required=False)
    avec_partenaire = forms.BooleanField(label="Avec au moins un partenaire", required=False)
    type_partenaire = forms.ChoiceField(label="Type de partenaire", choices=PartnerKind.choices, required=False)
    partenaire = NamedChoiceField(label="Partenaire", queryset=Partner.objects.all(), required=False)
    categorie = forms.ChoiceField(
        label="Catégorie",
        choices=[*IdeaCategory.choices, (NO_CATEGORY, "Sans modèle de la banque d'idées")],
        required=False,
    )
    participants_nc = forms.ChoiceField(
        label="Bilan sans nombre de participants pour", choices=Public.choices, required=False
    )

    def __init__(self, data, *, editions, departments, bassins, academies=None):
        super().__init__(data)
        self.fields["academie"].queryset = academies if academies is not None else Academy.objects.none()
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

    def indicator_filters(self) -> list[dict]:
        """The indicators' filters in force: name, value (as in the query string) and « label : value »."""
        values = self.values()
        active = []
        for name in INDICATOR_FILTERS:
            value = values.get(name)
            if value in (None, "", False):
                continue
            field = self.fields[name]
            if value is True:
                shown, raw = field.label, "on"
            elif hasattr(value, "pk"):
                text = value.school_year if name == "campagne" else field.label_from_instance(value)
                shown = f"{field.label}\u00a0: {text}"
                raw = value.school_year if name == "campagne" else value.pk
            else:
                shown, raw = f"{field.label}\u00a0: {dict(field.choices).get(value, value)}", value
            active.append({"name": name, "value": raw, "label": shown})
        return active


def apply_filters(actions, values: dict, *, current_campaign):
    """The list's filters but the status (the list counts each status before filtering on it)."""
    filters = export_filters(values)
    filters.pop("status", None)
    return filter_actions(actions, filters, current_campaign=current_campaign)


INDICATOR_FILTERS = (
    "campagne",
    "academie",
    "degre",
    "type_etab",
    "ep",
    "secteur",
    "temps_fort",
    "bilan",
    "avec_partenaire",
    "type_partenaire",
    "partenaire",
    "categorie",
    "participants_nc",
)


# --- Export ---------------------------------------------------------------------------------------


class ExportForm(forms.Form):
    """The export's format and columns; building it is the domain's (sps/actions/exports.py)."""

    format = forms.ChoiceField(
        label="Format",
        choices=[("xlsx", "Tableur (XLSX)"), ("csv", "CSV (séparateur point-virgule)")],
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le format de l'export.", "invalid_choice": "Choisissez XLSX ou CSV."},
    )
    columns = forms.MultipleChoiceField(
        label="Colonnes",
        choices=[(key, title) for key, (title, _) in EXPORT_COLUMNS.items()],
        initial=DEFAULT_COLUMNS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les coordonnées du contact sont des données personnelles : ne les exportez que si nécessaire.",
        error_messages={
            "required": "Cochez au moins une colonne à exporter.",
            "invalid_choice": "Cette colonne n'existe pas : cochez des colonnes de la liste.",
        },
    )

    def chosen_columns(self) -> list[str]:
        return ordered_columns(self.cleaned_data["columns"])


def export_filters(values: dict) -> dict:
    """The list's valid filters (ActionFilterForm.values()) as ids and codes, for the export's task."""

    def pk(name):
        return values[name].pk if values.get(name) is not None else None

    group = values.get("degre")
    filters = {
        "campaign": values["campagne"].school_year if values.get("campagne") is not None else "",
        "academy": pk("academie"),
        "levels_any": sorted(level for level, of in LEVEL_GROUP_OF.items() if of == group) if group else [],
        "school_kind": values.get("type_etab") or "",
        "priority_education": values.get("ep") or "",
        "sector": values.get("secteur") or "",
        "has_occurrence": bool(values.get("temps_fort")),
        "bilan_returned": bool(values.get("bilan")),
        "has_partner": bool(values.get("avec_partenaire")),
        "partner_kind": values.get("type_partenaire") or "",
        "partner": pk("partenaire"),
        "category": values.get("categorie") or "",
        "participants_nc": values.get("participants_nc") or "",
        "edition": pk("edition"),
        "status": values.get("status") or "",
        "department": pk("departement"),
        "bassin": pk("bassin"),
        "level": values.get("niveau") or "",
        "public": values.get("public") or "",
        "theme": pk("theme"),
        "is_flagship": bool(values.get("phare")),
        "shown_at_forum": bool(values.get("forum")),
        "q": (values.get("q") or "").strip(),
    }
    return {key: value for key, value in filters.items() if value}


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
        help_text="Visible des seuls pilotes et relais : le porteur ne la voit jamais.",
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
    is_blank = forms.BooleanField(label="Formulaire vierge (« À votre tour… »)", required=False)


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
        error_messages={"required": "Choisissez qui porte l'action : un bassin, un département ou l'académie."},
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
        help_text="Parmi les établissements de votre territoire, par exemple « Jean Moulin Vitry » ou « 0941234F ».",
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
