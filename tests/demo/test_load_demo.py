from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from sps.accounts.enums import Role
from sps.accounts.models import RoleAssignment, User
from sps.actions.enums import ActionStatus
from sps.actions.models import Action, IdeaModel
from sps.demo.services import DEMO_PASSWORD
from sps.editions.models import Edition, Resource
from sps.schools.models import School


@pytest.mark.django_db
def test_load_demo_builds_a_coherent_demo_and_is_idempotent(client):
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    schools, users, roles = School.objects.count(), User.objects.count(), RoleAssignment.objects.count()
    assert schools > 1500
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    for user in User.objects.all():
        assert user.is_demo and user.email in printed
        assert client.login(email=user.email, password=DEMO_PASSWORD)
    assert School.objects.filter(bassin__isnull=False).count() > 50
    current = Edition.objects.current().get(academy__slug="creteil")
    assert current.is_published and current.ordinal == 2
    assert current.declaration_deadline is not None and current.bilan_deadline is not None
    assert client.get(current.get_absolute_url()).status_code == 200
    assert set(Action.objects.filter(edition=current).values_list("status", flat=True)) == set(ActionStatus.values)
    assert IdeaModel.objects.filter(is_active=True).count() > 15
    actions = Action.objects.count()
    # The kit: three published resources of the current Créteil edition (a PDF, two links), one national.
    kit = Resource.objects.kit_of([current])
    assert kit.filter(edition=current).count() == 3 and kit.filter(edition__isnull=True).count() == 1
    poster = kit.get(edition=current, category="affiche")
    assert poster.file_type == "pdf" and poster.file.storage.exists(poster.file.name)
    download = client.get(reverse("espace:resource_download", kwargs={"pk": poster.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert all(r.url.startswith("https://") for r in kit.exclude(pk=poster.pk))
    assert "Kit : 4 ressources" in printed
    resources = Resource.objects.count()

    call_command("load_demo", stdout=StringIO())
    assert (School.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == (schools, users, roles)
    assert Edition.objects.count() == 2
    assert Action.objects.count() == actions
    assert Resource.objects.count() == resources
