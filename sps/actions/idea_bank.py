"""The idea bank's starting set (data/idea_models.json), written from the seeds' examples: the
national kit's actions, the Créteil 2019 fiches and the Versailles *Débat HVC*."""

import json
from pathlib import Path

from django.db import transaction

from sps.actions.enums import IdeaCategory, Level, PromotionKind, Public
from sps.actions.models import IdeaModel

DATA_FILE = Path(__file__).resolve().parent / "data" / "idea_models.json"
FIELDS = (
    "title",
    "category",
    "summary",
    "publics",
    "levels",
    "organisation",
    "objectives",
    "steering",
    "success_factors",
    "promotion",
    "promotion_kind",
    "is_blank",
    "order",
)


def read_idea_models(path: Path = DATA_FILE) -> list[dict]:
    """The shipped models, checked against the enums (a wrong code is a bug of the data file)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    for order, row in enumerate(rows):
        row.setdefault("order", order * 10)
        row.setdefault("is_blank", False)
        assert row["category"] in IdeaCategory.values, row["slug"]
        assert set(row["publics"]) <= set(Public.values), row["slug"]
        assert set(row["levels"]) <= set(Level.values), row["slug"]
        assert row["promotion_kind"] in PromotionKind.values or (row["is_blank"] and not row["promotion_kind"])
    return rows


@transaction.atomic
def idea_bank_load(*, update: bool = False) -> tuple[int, int]:
    """Create the shipped models that are missing (idempotent). `update` also rewrites the shipped
    ones from the file, undoing pilots' edits of them; models retired by a pilot stay retired."""
    created = updated = 0
    for row in read_idea_models():
        values = {name: row[name] for name in FIELDS if name in row}
        model = IdeaModel.objects.filter(slug=row["slug"]).first()
        if model is None:
            IdeaModel.objects.create(slug=row["slug"], **values)
            created += 1
        elif update:
            for name, value in values.items():
                setattr(model, name, value)
            model.save()
            updated += 1
    return created, updated
