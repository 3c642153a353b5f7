import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from sps.accounts import perms
from sps.accounts.enums import Role
from sps.accounts.models import RoleAssignment, User
from sps.actions.enums import ActionStatus
from sps.actions.models import Action, IdeaModel
from sps.demo.services import DEMO_PASSWORD
from sps.editions.models import Edition, Resource
from sps.schools.models import School
from sps.syntheses.models import DeclaredFigures


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
    assert "Kit\u00a0: 4 ressources" in printed
    resources = Resource.objects.count()
    # The 2015-2016 figures of seed 002_…: one row per académie, Strasbourg and Toulouse without data.
    assert "Chiffres déclarés 2015-2016\u00a0: 30 lignes lues, 30 créées" in printed
    declared = DeclaredFigures.objects.filter(edition__campaign__school_year="2015-2016")
    assert declared.count() == 30
    assert set(declared.filter(status="unavailable").values_list("edition__academy__name", flat=True)) == {
        "Strasbourg",
        "Toulouse",
    }
    # With the axes de travail that synthesis gives the 28 others; the press contact of Créteil's kit.
    from sps.syntheses.models import PressContact, SynthesisText

    assert SynthesisText.objects.filter(campaign__school_year="2015-2016", axes_edited=True).count() == 28
    assert PressContact.objects.get(edition=current).email.startswith("communication@")
    # The events: a seminar shared by the région académique with sessions and speakers, a forum with
    # a waiting list, a rector's visit; each page answers.
    from sps.events.demo import FORUM, SEMINAR, VISIT
    from sps.events.models import Event, Registration

    seminar, forum, visit = (Event.objects.get(title=t) for t in (SEMINAR, FORUM, VISIT))
    assert set(seminar.academies.values_list("slug", flat=True)) == {"creteil", "paris", "versailles"}
    assert len(seminar.ordered_sessions()) == 3 and seminar.speakers.count() == 3 and seminar.online_url
    assert forum.registrations.confirmed().count() == forum.capacity and forum.registrations.waiting().count() == 1
    assert visit.kind == "official_visit" and not visit.registrations_open
    assert all(e.is_published and client.get(e.get_absolute_url()).status_code == 200 for e in (seminar, forum, visit))
    assert "Événements\u00a0: 3 événements de l'académie de Créteil" in printed
    registrations = Registration.objects.count()
    # Putting actions forward and the evaluation grid: in Créteil's current edition, an action phare
    # proposed and chosen, another proposed and waiting; Créteil's and Rennes' grids filled.
    from sps.syntheses.models import ExampleProposal, GridAssessment

    proposals = ExampleProposal.objects.filter(action__edition=current)
    assert sorted(proposals.values_list("status", flat=True)) == ["chosen", "proposed"]
    assert all(p.action.is_flagship and p.action.status == "published" for p in proposals)
    assert set(GridAssessment.objects.values_list("edition__academy__slug", flat=True)) == {"creteil", "rennes"}
    assert GridAssessment.objects.get(edition=current).answers.count() == 16
    assert "Exemples et grille\u00a0: 2 actions phares proposées au niveau national dont 1 retenue" in printed

    call_command("load_demo", stdout=StringIO())
    assert (School.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == (schools, users, roles)
    # Créteil and Rennes, last year and this year; the 30 editions of 2015-2016 (declared figures).
    assert Edition.objects.count() == 4 + 30
    assert DeclaredFigures.objects.count() == 30
    assert Action.objects.count() == actions
    assert Resource.objects.count() == resources
    assert (Event.objects.count(), Registration.objects.count()) == (3, registrations)
    assert (ExampleProposal.objects.count(), GridAssessment.objects.count()) == (2, 2)


# Levels each kind of school teaches, written here from the education system (not read from the code).
TAUGHT = {
    "ecole_maternelle": {"maternelle"},
    "ecole_elementaire": {"elementaire"},
    "ecole_primaire": {"maternelle", "elementaire"},
    "college": {"6e", "5e", "4e", "3e"},
    "lycee_gt": {"2nde", "1re", "terminale"},
    "lycee_pro": {"lycee_pro"},
    "lycee_polyvalent": {"2nde", "1re", "terminale", "lycee_pro"},
}


@pytest.mark.django_db
def test_the_demo_is_coherent_with_the_schools(client):
    from sps.actions.services import reconduction

    call_command("load_demo", stdout=StringIO())
    school_fiches = Action.objects.filter(schools__isnull=False).distinct().prefetch_related("schools")
    kinds = set()
    for action in school_fiches:
        for school in action.schools.all():
            kinds.add(school.kind)
            assert set(action.levels) <= TAUGHT[school.kind], (action.title, school.name, action.levels)
            assert action.levels, action.title
            if school.kind.startswith("ecole"):
                text = " ".join([action.organisation, action.steering, action.success_factors, action.promotion])
                for word in ("CDI", "documentaliste", "AED", "foyer socio", "CPE"):
                    assert word not in text, (action.title, word)
    # At least one fiche in every kind of school.
    assert {"ecole_maternelle", "ecole_elementaire", "college", "lycee_gt", "lycee_pro"} <= kinds

    # A refusal reason that does not speak of dates the fiche contradicts; contacts' roles are their own.
    for refused in Action.objects.filter(status=ActionStatus.REFUSED):
        assert "juin" not in refused.refusal_reason and "en dehors de la semaine" not in refused.refusal_reason
    pilots = set(
        User.objects.filter(roles__role__in=[Role.ACADEMY_PILOT, Role.NATIONAL_PILOT]).values_list(
            "job_title", flat=True
        )
    )
    assert not Action.objects.filter(carrier_level="school", contact_role__in=pilots).exists()

    # Rennes accounts see fiches: the pilot in their list, the principal in their space.
    rennes = Edition.objects.current().get(academy__slug="rennes")
    assert Action.objects.filter(edition=rennes).count() >= 5
    for email, url in (
        ("pilote.rennes@demo.sps.test", reverse("pilotage:action_list")),
        ("principal.college@demo.sps.test", reverse("espace:home")),
    ):
        user = User.objects.get(email=email)
        assert Action.objects.visible_to(user).filter(edition=rennes).exists(), email
        client.force_login(user)
        mine = Action.objects.visible_to(user).filter(edition=rennes).first()
        assert mine.display_title in html.unescape(client.get(url).content.decode()), email

    # Each porteur has a published fiche of last year to reconduct.
    for email in ("directrice.ecole@demo.sps.test", "principal.college@demo.sps.test"):
        user = User.objects.get(email=email)
        past = Action.objects.filter(
            edition__campaign__school_year="2025-2026",
            status=ActionStatus.PUBLISHED,
            schools__in=perms.contributor_schools(user),
        ).first()
        assert past is not None, email
        current = Edition.objects.current().get(academy=past.edition.academy)
        copy = reconduction.action_reconduct(source=past, edition=current, by=user)
        assert copy.title == past.title and copy.status == ActionStatus.DRAFT
