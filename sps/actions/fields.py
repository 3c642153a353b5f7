"""The fiche action's fields, said once: the French label (forms, fiche pages, exports, history,
messages), whether the fiche needs it to be submitted, whether reconduction or an idea model
copies it, whether it is personal data. Lengths live on the model (models.py); this module
imports nothing of the app so that the models can read their labels here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FicheField:
    name: str
    label: str  # the one French label
    help_text: str = ""
    required: bool = False  # needed to submit the fiche (rules.action_missing_fields)
    missing: str = ""  # how the list of what is missing says it, when not the label
    reconducted: bool = False  # copied by « Reconduire cette action » (services/reconduction.py)
    in_model: bool = False  # shared with the idea bank's model fiches (copied both ways)
    personal: bool = False  # personal data: blanked by retention, never written in the history
    export_title: str = ""  # the export column's heading, when shorter than the label

    @property
    def column(self) -> str:
        return self.export_title or self.label

    @property
    def missing_label(self) -> str:
        return self.missing or self.label


LIST_HELP = "Texte simple : une ligne par idée ; commencez une ligne par « - » pour faire une liste."
URL_HELP = "Adresse complète, commençant par https://"
# The public description: one paragraph, as the national synthesis prints for each example (seed 002);
# its length (models.DESCRIPTION_MAX) is checked against this text by the tests.
DESCRIPTION_HELP = (
    "Un paragraphe qui présente l'action au public\u00a0: ce que font les élèves, avec qui, dans quel but "
    "(600 caractères au plus). Il est affiché en premier sur la fiche et dans le programme."
)

_FIELDS = (
    FicheField("title", "Titre de l'action", required=True, reconducted=True, in_model=True, export_title="Titre"),
    FicheField("description", "Description", DESCRIPTION_HELP, required=True, reconducted=True),
    FicheField("is_year_long", "Action menée toute l'année", reconducted=True, export_title="Action à l'année"),
    FicheField("carrier_level", "Niveau de portage", reconducted=True),
    FicheField(
        "schools",
        "Établissement(s) porteur(s)",
        help_text="Nom — type — commune (UAI), bassin, éducation prioritaire.",
        missing="Établissement porteur (au moins un)",
    ),
    FicheField("bassin", "Bassin porteur"),
    FicheField("department", "Département porteur"),
    FicheField("themes", "Thème(s) de l'édition", export_title="Thèmes"),
    FicheField(
        "publics",
        "Publics prioritairement concernés",
        required=True,
        missing="Publics (au moins un)",
        reconducted=True,
        in_model=True,
        export_title="Publics",
    ),
    FicheField(
        "levels",
        "Niveaux concernés",
        required=True,
        missing="Niveaux concernés (au moins un)",
        reconducted=True,
        in_model=True,
        export_title="Niveaux",
    ),
    FicheField("classes", "Classes concernées", help_text="Par exemple « 3e A et 3e B ».", reconducted=True),
    FicheField("organisation", "Organisation – modalités", LIST_HELP, required=True, reconducted=True, in_model=True),
    FicheField("objectives", "Objectifs", LIST_HELP, required=True, reconducted=True, in_model=True),
    FicheField(
        "steering",
        "Pilotage",
        "Qui pilote l'action, quelle équipe y participe.",
        required=True,
        reconducted=True,
        in_model=True,
    ),
    FicheField(
        "success_factors", "Éléments clés de réussite", LIST_HELP, required=True, reconducted=True, in_model=True
    ),
    FicheField(
        "promotion",
        "Valoriser – communiquer",
        "Comment l'action est annoncée et mise en valeur.",
        required=True,
        reconducted=True,
        in_model=True,
    ),
    FicheField("promotion_kind", "Type de valorisation", required=True, reconducted=True, in_model=True),
    FicheField("occurrences", "Temps forts", missing="Temps forts (au moins un, avec sa date)"),
    FicheField("partners", "Partenaires"),
    FicheField(
        "contact_name",
        "Nom du contact",
        required=True,
        reconducted=True,
        personal=True,
        export_title="Contact : nom",
    ),
    FicheField(
        "contact_email",
        "Adresse électronique du contact",
        required=True,
        reconducted=True,
        personal=True,
        export_title="Contact : adresse",
    ),
    FicheField(
        "contact_role",
        "Fonction du contact",
        help_text="Par exemple « CPE ».",
        reconducted=True,
        personal=True,
        export_title="Contact : fonction",
    ),
    FicheField("website", "Site web de l'action", URL_HELP, reconducted=True),
    FicheField("video_url", "Vidéo", URL_HELP, reconducted=True),
    FicheField("is_flagship", "Action phare"),
    FicheField("shown_at_forum", "Présentée au forum"),
)
FIELDS: dict[str, FicheField] = {f.name: f for f in _FIELDS}


def label(name: str) -> str:
    return FIELDS[name].label


def verbose_name(name: str) -> str:
    """The model field's verbose_name: the label, lower-cased first letter (Django capitalises it back)."""
    text = FIELDS[name].label
    return text[0].lower() + text[1:]


# What a service (action_create_draft, action_update) accepts.
TEXT_FIELDS = (
    "title",
    "description",
    "classes",
    "organisation",
    "objectives",
    "steering",
    "success_factors",
    "promotion",
)
TEXT_FIELDS += ("contact_name", "contact_role")
OTHER_FIELDS = ("publics", "levels", "promotion_kind", "is_year_long", "contact_email", "website", "video_url")
RELATION_FIELDS = ("carrier_level", "schools", "bassin", "department", "themes", "occurrences", "partners")
ACTION_FIELDS = TEXT_FIELDS + OTHER_FIELDS + RELATION_FIELDS
# The fiche's texts that must be filled to submit it, in the form's order.
REQUIRED_TEXTS = ("organisation", "objectives", "steering", "success_factors", "promotion")

PERSONAL_FIELDS = frozenset(f.name for f in _FIELDS if f.personal)
# Plain fields copied by « Reconduire cette action » (schools, themes, partners, bassin and
# department are copied by their own rules: services/reconduction.py).
RECONDUCTED_FIELDS = tuple(f.name for f in _FIELDS if f.reconducted)
# Fields an idea model shares with a fiche (copied both ways: idea_model_from_action, action_from_model).
MODEL_FIELDS = tuple(f.name for f in _FIELDS if f.in_model)
# Needed to submit a fiche (the carrier too: schools, bassin or département by carrier level).
REQUIRED_FIELDS = tuple(f.name for f in _FIELDS if f.required)
