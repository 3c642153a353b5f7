"""An académie website keeps a copy of the programme with `updated_since` and the removed ids:
through an edit and a take-down (the workflow's services), the copy equals the catalogue."""

import pytest

from sps.accounts.enums import Role
from sps.actions.services import workflow
from sps.catalogue.models import CatalogueEntry
from tests.accounts.factories import UserFactory, grant
from tests.api.helpers import published, walk

pytestmark = pytest.mark.django_db


class Copy:
    """What the website keeps: the records by id, and the last time it saw (inclusive)."""

    def __init__(self, client):
        self.client, self.items, self.since = client, {}, None

    def sync(self):
        params = {"limit": 2} | ({"updated_since": self.since} if self.since else {})
        updated, _ = walk(self.client, "/api/actions", params)
        removed = []
        if self.since:
            removed, _ = walk(self.client, "/api/actions/removed", {"since": self.since, "limit": 2})
        for item in updated:
            self.items[item["id"]] = item
        for item in removed:
            self.items.pop(item["id"], None)
        stamps = [i["updated_at"] for i in updated] + [i["removed_at"] for i in removed]
        if stamps:
            self.since = max(stamps)
        return len(updated), len(removed)


def test_a_copy_follows_an_edit_and_a_take_down(client, django_capture_on_commit_callbacks):
    contributor = UserFactory()
    pilot = UserFactory()
    grant(pilot, Role.NATIONAL_PILOT)
    actions = [published(created_by=contributor) for _ in range(5)]
    copy = Copy(client)
    assert copy.sync() == (5, 0)
    assert set(copy.items) == {a.pk for a in actions}

    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_set_flags(action=actions[1], by=pilot, is_flagship=True)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_withdraw(action=actions[3], by=contributor)
    updated, removed = copy.sync()
    assert removed == 1 and 1 <= updated <= 2  # the last item seen may come again (since is inclusive)
    assert copy.items[actions[1].pk]["is_flagship"] is True
    assert set(copy.items) == set(CatalogueEntry.objects.values_list("action_id", flat=True))
    assert actions[3].pk not in copy.items

    # Nothing changed: nothing new but the last item seen.
    assert copy.sync()[0] <= 1
    assert set(copy.items) == set(CatalogueEntry.objects.values_list("action_id", flat=True))


def test_removed_needs_since_and_paginates(client, django_capture_on_commit_callbacks):
    response = client.get("/api/actions/removed")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Le paramètre «\u00a0since\u00a0» est obligatoire."
    contributor = UserFactory()
    actions = [published(created_by=contributor) for _ in range(5)]
    since = CatalogueEntry.objects.order_by("updated_at").first().updated_at.isoformat()
    for action in actions:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.action_withdraw(action=action, by=contributor)
    items, pages = walk(client, "/api/actions/removed", {"since": since, "limit": 2})
    assert sorted(i["id"] for i in items) == sorted(a.pk for a in actions) and pages == 3
