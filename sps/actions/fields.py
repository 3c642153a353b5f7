"""The fiche action's fields: which a form may set, which are personal, which are copied."""

from sps.actions.models import SHORT_MAX, TEXT_MAX, TITLE_MAX

# Plain fields a form may set: (max length, label). None: not text.
TEXT_FIELDS = {
    "title": (TITLE_MAX, "Le titre"),
    "classes": (SHORT_MAX, "Les classes concernées"),
    "organisation": (TEXT_MAX, "L'organisation – modalités"),
    "objectives": (TEXT_MAX, "Les objectifs"),
    "steering": (TEXT_MAX, "Le pilotage"),
    "success_factors": (TEXT_MAX, "Les éléments clés de réussite"),
    "promotion": (TEXT_MAX, "La partie « valoriser – communiquer »"),
    "contact_name": (150, "Le nom du contact"),
    "contact_role": (150, "La fonction du contact"),
}
OTHER_FIELDS = ("publics", "levels", "promotion_kind", "is_year_long", "contact_email", "website", "video_url")
RELATION_FIELDS = ("carrier_level", "schools", "bassin", "department", "themes", "sessions", "partners")
ACTION_FIELDS = tuple(TEXT_FIELDS) + OTHER_FIELDS + RELATION_FIELDS
# Never copied into the history: the contact is personal data.
PERSONAL_FIELDS = {"contact_name", "contact_email", "contact_role"}
# What reconduct and idea_model_from_action copy.
COPIED_FIELDS = (
    "title",
    "publics",
    "levels",
    "classes",
    "organisation",
    "objectives",
    "steering",
    "success_factors",
    "promotion",
    "promotion_kind",
)
