"""Publishing a synthesis: who may publish and reopen it, its texts and axes frozen once published
(service and pages), reopening allows changes again, the documents' mark, the history."""

import datetime
from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.syntheses.document import build_synthesis
from sps.syntheses.docx import synthesis_docx
from sps.syntheses.models import DeclaredFigures, SynthesisText
from sps.syntheses.services import (
    SynthesisPublishedError,
    synthesis_axes_reset,
    synthesis_axes_update,
    synthesis_publish,
    synthesis_reopen,
    synthesis_text_update,
)
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.www.pilotage.synthesis_world import YEAR, creteil_edition

pytestmark = pytest.mark.django_db
PRIMARY_AXE = "Une implication plus importante du premier degré"


@pytest.fixture
def world(reference):
    campaign, creteil, edition = creteil_edition()
    users = {"anonymous": None}
    users["academy_pilot"] = UserFactory(email="pilote.creteil@example.fr")
    grant(users["academy_pilot"], Role.ACADEMY_PILOT, creteil)
    users["national_pilot"] = UserFactory(email="national@example.fr")
    grant(users["national_pilot"], Role.NATIONAL_PILOT, None)
    users["other_pilot"] = UserFactory(email="pilote.rennes@example.fr")
    grant(users["other_pilot"], Role.ACADEMY_PILOT, Academy.objects.get(slug="rennes"))
    users["department_pilot"] = UserFactory(email="pilote.94@example.fr")
    grant(users["department_pilot"], Role.DEPARTMENT_PILOT, Department.objects.get(code="94"))

    class World:
        pass

    w = World()
    w.campaign, w.creteil, w.edition, w.users = campaign, creteil, edition, users
    w.pilot, w.national = users["academy_pilot"], users["national_pilot"]
    return w


def kwargs(slug="creteil"):
    return {"school_year": YEAR, "academy_slug": slug}


def academy_url():
    return reverse("pilotage:academy_synthesis", kwargs=kwargs())


def national_url():
    return reverse("pilotage:national_synthesis", kwargs={"school_year": YEAR})


def academy_publication_url():
    return reverse("pilotage:academy_synthesis_publication", kwargs=kwargs())


def national_publication_url():
    return reverse("pilotage:national_synthesis_publication", kwargs={"school_year": YEAR})


def published(campaign, academy):
    text = SynthesisText.objects.filter(campaign=campaign, academy=academy).first()
    return bool(text and text.published_at)


# Written from the brief: the academic synthesis by its académie pilot or the national pilot; the
# national synthesis by the national pilot. Refused: 403 (no right), 404 (another académie), login.
ACADEMIC = {
    "academy_pilot": 302,
    "national_pilot": 302,
    "other_pilot": 404,
    "department_pilot": 403,
    "anonymous": "login",
}
NATIONAL = {
    "academy_pilot": 403,
    "national_pilot": 302,
    "other_pilot": 403,
    "department_pilot": 403,
    "anonymous": "login",
}


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and "connexion" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", sorted(ACADEMIC))
def test_who_may_publish_and_reopen_the_academic_synthesis(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.post(academy_publication_url(), {"action": "publier"})
    _expect(response, ACADEMIC[role])
    assert published(world.campaign, world.creteil) == (ACADEMIC[role] == 302)
    if ACADEMIC[role] != 302:
        synthesis_publish(campaign=world.campaign, academy=world.creteil, by=world.pilot)
    response = client.post(academy_publication_url(), {"action": "rouvrir"})
    _expect(response, ACADEMIC[role])
    assert published(world.campaign, world.creteil) == (ACADEMIC[role] != 302)


@pytest.mark.parametrize("role", sorted(NATIONAL))
def test_who_may_publish_and_reopen_the_national_synthesis(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.post(national_publication_url(), {"action": "publier"})
    _expect(response, NATIONAL[role])
    assert published(world.campaign, None) == (NATIONAL[role] == 302)
    if NATIONAL[role] != 302:
        synthesis_publish(campaign=world.campaign, academy=None, by=world.national)
    response = client.post(national_publication_url(), {"action": "rouvrir"})
    _expect(response, NATIONAL[role])
    assert published(world.campaign, None) == (NATIONAL[role] != 302)


def test_the_publication_pages_are_post_only(client, world):
    client.force_login(world.national)
    assert client.get(academy_publication_url()).status_code == 405
    assert client.get(national_publication_url()).status_code == 405
    assert not SynthesisText.objects.exists()


def test_an_unknown_action_changes_nothing(client, world):
    client.force_login(world.pilot)
    response = client.post(academy_publication_url(), {"action": "supprimer"}, follow=True)
    assert "Choisissez de publier la synthèse ou de la rouvrir pour modification." in unescape(
        response.content.decode()
    )
    assert not published(world.campaign, world.creteil)


def test_the_services_refuse_changes_once_published_and_allow_them_after_reopening(world):
    campaign, creteil, pilot = world.campaign, world.creteil, world.pilot
    synthesis_text_update(campaign=campaign, academy=creteil, introduction="Avant.", conclusion="Fin.", by=pilot)
    synthesis_publish(campaign=campaign, academy=creteil, by=pilot)
    with pytest.raises(SynthesisPublishedError, match="Rouvrez-la pour modification"):
        synthesis_text_update(campaign=campaign, academy=creteil, introduction="Après.", conclusion="", by=pilot)
    with pytest.raises(SynthesisPublishedError):
        synthesis_axes_update(campaign=campaign, academy=creteil, axes=["Un forum"], by=pilot)
    with pytest.raises(SynthesisPublishedError):
        synthesis_axes_reset(campaign=campaign, academy=creteil, by=pilot)
    with pytest.raises(SynthesisPublishedError):
        synthesis_publish(campaign=campaign, academy=creteil, by=pilot)  # published once
    text = SynthesisText.objects.get(campaign=campaign, academy=creteil)
    assert (text.introduction, text.conclusion, text.axes_lines) == ("Avant.", "Fin.", [PRIMARY_AXE])

    synthesis_reopen(campaign=campaign, academy=creteil, by=world.national)
    with pytest.raises(SynthesisPublishedError):
        synthesis_reopen(campaign=campaign, academy=creteil, by=pilot)  # not published any more
    synthesis_text_update(campaign=campaign, academy=creteil, introduction="Après.", conclusion="", by=pilot)
    synthesis_axes_update(campaign=campaign, academy=creteil, axes=["Un forum"], by=pilot)
    text.refresh_from_db()
    assert (text.introduction, text.axes_lines, text.published_at) == ("Après.", ["Un forum"], None)


def test_the_national_texts_are_frozen_too(world):
    synthesis_publish(campaign=world.campaign, academy=None, by=world.national)
    with pytest.raises(SynthesisPublishedError):
        synthesis_text_update(
            campaign=world.campaign, academy=None, introduction="X", conclusion="Y", by=world.national
        )
    # The académie's own synthesis is another document: still a working document.
    synthesis_axes_update(campaign=world.campaign, academy=world.creteil, axes=["Un forum"], by=world.pilot)


def test_the_suggested_axes_are_frozen_as_they_were_published(world):
    synthesis_publish(campaign=world.campaign, academy=world.creteil, by=world.pilot)
    DeclaredFigures.objects.filter(edition=world.edition).update(primary=True)  # the trigger is gone
    section = build_synthesis(campaign=world.campaign, academy=world.creteil).sections[0]
    assert [axis.text for axis in section.axes] == [PRIMARY_AXE]


def test_the_edit_pages_refuse_once_published(client, world):
    synthesis_publish(campaign=world.campaign, academy=world.creteil, by=world.pilot)
    synthesis_publish(campaign=world.campaign, academy=None, by=world.national)
    client.force_login(world.national)
    pages = [
        (reverse("pilotage:academy_synthesis_edit", kwargs=kwargs()), academy_url(), {"introduction": "X"}),
        (reverse("pilotage:synthesis_axes", kwargs=kwargs()), academy_url(), {"axes": "Un forum"}),
        (reverse("pilotage:national_synthesis_edit", kwargs={"school_year": YEAR}), national_url(), {}),
    ]
    for url, back, data in pages:
        for response in (client.get(url), client.post(url, {**data, "conclusion": "Y"})):
            assert response.status_code == 302 and response["Location"] == back, url
        page = unescape(client.get(back).content.decode())
        assert "Cette synthèse est publiée depuis le" in page and "Rouvrez-la pour modification" in page
    texts = SynthesisText.objects.all()
    assert [(t.introduction, t.conclusion, t.axes_lines) for t in texts] == [
        ("", "", [PRIMARY_AXE]) if t.academy_id else ("", "", []) for t in texts
    ]
    response = client.post(reverse("pilotage:synthesis_axes", kwargs=kwargs()), {"reset": "1"})
    assert response.status_code == 302
    assert SynthesisText.objects.get(academy=world.creteil).axes_edited


def test_the_buttons_follow_the_state(client, world):
    client.force_login(world.pilot)
    edit = reverse("pilotage:academy_synthesis_edit", kwargs=kwargs())
    axes = reverse("pilotage:synthesis_axes", kwargs=kwargs())
    html = client.get(academy_url()).content.decode()
    assert edit in html and axes in html
    assert "Publier la synthèse" in html and "Rouvrir pour modification" not in html

    client.post(academy_publication_url(), {"action": "publier"})
    html = client.get(academy_url()).content.decode()
    assert edit not in html and axes not in html
    assert "Publier la synthèse" not in html and "Rouvrir pour modification" in html
    # The national synthesis no longer offers to edit Créteil's axes either.
    client.force_login(world.national)
    assert axes not in client.get(national_url()).content.decode()

    client.force_login(world.pilot)
    client.post(academy_publication_url(), {"action": "rouvrir"})
    html = client.get(academy_url()).content.decode()
    assert edit in html and axes in html and "Publier la synthèse" in html
    assert client.post(axes, {"axes": "Un forum"}).status_code == 302
    assert SynthesisText.objects.get(academy=world.creteil).axes_lines == ["Un forum"]


def test_the_documents_say_whether_the_synthesis_is_published(client, world):
    client.force_login(world.pilot)
    html = unescape(client.get(academy_url()).content.decode())
    assert "Document de travail" in html and "Synthèse publiée le" not in html
    synthesis_publish(campaign=world.campaign, academy=world.creteil, by=world.pilot)
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 10, 0))
    SynthesisText.objects.filter(academy=world.creteil).update(published_at=moment)
    html = unescape(client.get(academy_url()).content.decode())
    assert "Synthèse publiée le 5 mars 2026" in html and "Document de travail" not in html
    # The national synthesis has its own state: still a working document.
    assert build_synthesis(campaign=world.campaign).publication_mark == "Document de travail"
    paragraphs = [
        p.text
        for p in Document(
            BytesIO(synthesis_docx(build_synthesis(campaign=world.campaign, academy=world.creteil)))
        ).paragraphs
    ]
    assert "Synthèse publiée le 5 mars 2026" in paragraphs


def test_the_history_records_who_published_and_reopened(client, world):
    client.force_login(world.pilot)
    client.post(academy_publication_url(), {"action": "publier"})
    client.force_login(world.national)
    client.post(academy_publication_url(), {"action": "rouvrir"})
    text = SynthesisText.objects.get(academy=world.creteil)
    entries = list(AuditEntry.objects.for_object(text).order_by("created_at", "pk"))
    assert [(e.verb, e.user) for e in entries] == [
        ("syntheses.synthesis.published", world.pilot),
        ("syntheses.synthesis.reopened", world.national),
    ]
    assert entries[0].data["axes"] == [PRIMARY_AXE] and entries[0].data["academy"] == "creteil"
    assert text.published_by is None and text.published_at is None


def test_loading_the_seed_axes_leaves_a_published_synthesis_alone(reference):
    from sps.editions.models import Campaign
    from sps.syntheses.declared import declared_figures_load_reference, synthesis_axes_load_reference

    declared_figures_load_reference()
    campaign = Campaign.objects.get(school_year="2015-2016")
    lille = Academy.objects.get(slug="lille")
    SynthesisText.objects.create(campaign=campaign, academy=lille, published_at=timezone.now())
    synthesis_axes_load_reference()
    lille_text = SynthesisText.objects.get(campaign=campaign, academy=lille)
    assert (lille_text.axes, lille_text.axes_edited) == ("", False)
    assert SynthesisText.objects.get(campaign=campaign, academy__slug="versailles").axes_edited  # the others loaded
