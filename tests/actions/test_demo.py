import pytest
from django.core import mail

from sps.actions.demo import demo_actions_load
from sps.actions.enums import ActionStatus
from sps.actions.models import Action, Bilan, IdeaModel
from sps.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_demo_fiches_in_every_status_for_every_role(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_load()  # loads the demo fiches too
        report = demo_actions_load()  # idempotent: a second load creates nothing
    assert mail.outbox == []
    edition = report.edition
    assert edition.academy.slug == "creteil" and edition.is_published
    assert set(report.by_status) == set(ActionStatus.values)
    assert report.created == 0 and Action.objects.filter(edition=report.edition).count() >= 15
    assert "publiée" in report.summary()
    assert IdeaModel.objects.count() >= 16
    from sps.accounts.models import User

    def user(name):
        return User.objects.get(email=f"{name}@demo.sps.test")

    mine = Action.objects.visible_to(user("directrice.ecole"))
    assert set(mine.values_list("status", flat=True)) == set(ActionStatus.values) - {ActionStatus.REFUSED}
    assert Action.objects.awaiting_moderation_by(user("relais.bassin")).exists()
    assert Action.objects.awaiting_moderation_by(user("pilote.94")).exists()
    assert Action.objects.awaiting_moderation_by(user("pilote.creteil")).count() >= 3
    assert Action.objects.filter(is_flagship=True).exists() and Action.objects.filter(shown_at_forum=True).exists()
    bilan = Bilan.objects.get(action__schools__uai="0940176F")  # the demo école's (others only have photos)
    assert bilan.participants_label("partenaires") == "N.C."
    # Beside Créteil's current edition: Rennes' (so that its accounts have work) and last year's fiches.
    editions = set(Action.objects.values_list("edition__academy__slug", "edition__campaign__school_year"))
    assert editions == {
        ("creteil", "2026-2027"),
        ("rennes", "2026-2027"),
        ("creteil", "2025-2026"),
        ("rennes", "2025-2026"),
    }

    count = Action.objects.count()
    again = demo_actions_load()
    assert again.created == 0 and Action.objects.count() == count and again.edition == edition
