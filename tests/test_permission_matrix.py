"""Every view, every role: allowed or refused, and never another territory's data.

MATRIX lists each URL name with how to build its arguments and what each role gets. A test
checks that every URL of the project is in MATRIX, so a new view cannot skip the matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sps.accounts.enums import Role
from sps.events.models import EventSession
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

ROLES = ["anonymous", "contributor", "relay", "department_pilot", "academy_pilot", "national_pilot", "other_pilot"]
OK, LOGIN, DENIED, MISSING, AWAY = "ok", "login", "denied", "missing", "redirect"

EVERYONE = dict.fromkeys(ROLES, OK)
LOGGED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}
PILOTS = {**LOGGED_IN, "contributor": DENIED}
CONTRIBUTORS = {**dict.fromkeys(ROLES, DENIED), "anonymous": LOGIN, "contributor": OK}
NATIONAL = {**dict.fromkeys(ROLES, DENIED), "anonymous": LOGIN, "national_pilot": OK}
ANONYMOUS_ONLY = {**dict.fromkeys(ROLES, AWAY), "anonymous": OK}
# A bassin of Val-de-Marne (Créteil): the Rennes pilot does not even learn it exists.
OWN_BASSIN = {**PILOTS, "other_pilot": MISSING}
# Editions: any pilot of the académie reads them, its académie pilots (and national ones) set them up.
OWN_ACADEMY = {**PILOTS, "other_pilot": MISSING}
ACADEMY_MANAGERS = {**OWN_ACADEMY, "relay": DENIED, "department_pilot": DENIED}
# A fiche of the Créteil school: the pilots of its bassin, département and académie, not Rennes'.
OWN_FICHE = {**PILOTS, "other_pilot": MISSING}
IDEA_BANK_MANAGERS = {**PILOTS, "relay": DENIED, "department_pilot": DENIED}
# Editing a submitted fiche in Pilotage: its académie's pilots; relays and département pilots only
# once the académie lets them validate (sent back to the fiche with a message until then).
FICHE_EDITORS = {**OWN_FICHE, "relay": AWAY, "department_pilot": AWAY}
# A fiche's poster and invitation: its porteur (any contributor of its school) and its pilots.
FICHE_DOCUMENTS = {**LOGGED_IN, "other_pilot": MISSING}
# A generated file (an export, a poster): only the person who asked for it; to others it does not exist.
REQUESTER_ONLY = {**dict.fromkeys(ROLES, MISSING), "anonymous": LOGIN, "academy_pilot": OK}
# A draft resource of Créteil's kit: only those who manage it may download it; to others it does not exist.
KIT_MANAGERS_ONLY = {**dict.fromkeys(ROLES, MISSING), "academy_pilot": OK, "national_pilot": OK}
# Syntheses: the national one for national pilots; an académie's for its académie pilots and national
# pilots (another académie's pilot does not learn it exists); relays and département pilots have none.
SYNTHESIS_READERS = {**dict.fromkeys(ROLES, DENIED), "anonymous": LOGIN, "academy_pilot": OK, "national_pilot": OK}
SYNTHESIS_READERS["other_pilot"] = OK
OWN_ACADEMY_SYNTHESIS = {**SYNTHESIS_READERS, "other_pilot": MISSING}
# Proposing an action phare to the national level: its académie's pilots (the national pilot chooses).
EXAMPLE_PROPOSERS = {**OWN_ACADEMY_SYNTHESIS, "national_pilot": DENIED}

# Events: national and académie pilots organise them; an event's registrations, attendance list
# and exports are for its organisers only (the Rennes pilot does not learn Créteil's event exists).
EVENT_MANAGERS = {**PILOTS, "relay": DENIED, "department_pilot": DENIED}
EVENT_ORGANISERS = {**EVENT_MANAGERS, "other_pilot": MISSING}

# A prize's jury pages: its jurors only (the scenario's juror is the relay); to others they do not exist.
JURORS_ONLY = {**dict.fromkeys(ROLES, MISSING), "anonymous": LOGIN, "relay": OK}
# Indicators: a territory's dashboard for its pilots and those of a territory holding it (a relay their
# bassin, a département pilot their département and its bassins, an académie pilot all of its académie);
# any other territory does not exist for them; contributors have no Pilotage space. The entry page
# sends each pilot to their own territory's dashboard.
INDICATORS_HOME = {**dict.fromkeys(ROLES, AWAY), "anonymous": LOGIN, "contributor": DENIED}
_NO_INDICATORS = {**dict.fromkeys(ROLES, MISSING), "anonymous": LOGIN, "contributor": DENIED, "national_pilot": OK}
NATIONAL_INDICATORS = _NO_INDICATORS
ACADEMY_INDICATORS = {**_NO_INDICATORS, "academy_pilot": OK}
DEPARTMENT_INDICATORS = {**ACADEMY_INDICATORS, "department_pilot": OK}
BASSIN_INDICATORS = {**DEPARTMENT_INDICATORS, "relay": OK}

# A link that confirms the contributor's new log-in address.
EMAIL_LINK_OWNER = {**dict.fromkeys(ROLES, MISSING), "anonymous": LOGIN, "contributor": OK}


def _email_token(s):
    from sps.accounts.services import email_change_token

    return email_change_token(user=s.users["contributor"], new_email="nouvelle-adresse@example.fr")


def _action(s, **traits):
    """A fiche of the Créteil school (bassin Ouest 94) in Créteil's edition, made on first use per trait."""
    key = "action_" + "_".join(sorted(traits))
    if not hasattr(s, key):
        from tests.actions.factories import ActionFactory

        setattr(
            s, key, ActionFactory(edition=_edition(s), schools=[s.school], created_by=s.users["contributor"], **traits)
        )
    return getattr(s, key)


def _idea(s):
    if not hasattr(s, "idea"):
        from tests.actions.factories import IdeaModelFactory

        s.idea = IdeaModelFactory(slug="philo-pour-tous")
    return s.idea


def _resource(s, *, published):
    """A PDF of Créteil's kit, published or draft, made on first use."""
    key = f"resource_{published}"
    if not hasattr(s, key):
        from django.core.files.base import ContentFile

        from sps.editions.models import Resource

        resource = Resource(edition=_edition(s), title="Affiche", category="affiche", is_published=published)
        resource.file.save("affiche.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        resource.file_name, resource.file_type, resource.file_size = "affiche.pdf", "pdf", 13
        resource.save()
        setattr(s, key, resource)
    return getattr(s, key)


def _photo(s):
    """A photo of the published Créteil fiche's bilan, made on first use."""
    if not hasattr(s, "photo"):
        import io

        from django.core.files.base import ContentFile
        from PIL import Image

        from sps.actions.models import BilanPhoto
        from tests.actions.factories import BilanFactory

        buffer = io.BytesIO()
        Image.new("RGB", (4, 3), "blue").save(buffer, format="JPEG")
        photo = BilanPhoto(bilan=BilanFactory(action=_action(s, published=True)), consent_confirmed=True)
        photo.image.save("photo.jpg", ContentFile(buffer.getvalue()), save=False)
        photo.width, photo.height = 4, 3
        photo.save()
        s.photo = photo
    return s.photo


def _photo_kwargs(s):
    photo = _photo(s)
    return {"pk": photo.bilan.action_id, "photo_pk": photo.pk}


def _support_kwargs(s):
    """A PDF support of the published Créteil fiche's bilan, made on first use."""
    if not hasattr(s, "support"):
        from django.core.files.base import ContentFile

        from sps.actions.models import Bilan, BilanSupport

        bilan, _ = Bilan.objects.get_or_create(action=_action(s, published=True))
        support = BilanSupport(bilan=bilan, title="Affiche")
        support.file.save("affiche.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        support.save()
        s.support = support
    return {"pk": s.support.bilan.action_id, "support_pk": s.support.pk}


def _generated_file_kwargs(s):
    """A ready export asked for by Créteil's académie pilot, made on first use."""
    if not hasattr(s, "generated_file"):
        from tests.files.helpers import ready_file

        file = ready_file(
            requested_by=s.users["academy_pilot"],
            kind="actions.export",
            key="matrix",
            label="Export des fiches actions (CSV)",
            filename="fiches.csv",
            content=b"N\xc2\xb0\n",
        )
        s.generated_file = file
    return {"pk": s.generated_file.pk}


def _indexed_action(s):
    """The published Créteil fiche, in the catalogue."""
    from sps.catalogue import index

    action = _action(s, published=True)
    index.index_actions([action.pk])
    return action


def _public_occurrence_kwargs(s):
    """The public temps fort of the published Créteil fiche, the fiche indexed in the catalogue."""
    action = _indexed_action(s)
    return {"action_id": action.pk, "occurrence_id": action.occurrences.get().pk}


def _open_data_file_kwargs(s):
    """A ready large open data export (requested by nobody), made on first use."""
    if not hasattr(s, "open_data_file"):
        from tests.files.helpers import ready_file

        file = ready_file(
            kind="catalogue.export",
            key="matrix-open-data",
            label="Programme en données ouvertes (CSV)",
            filename="programme.csv",
            content=b"id\n",
        )
        s.open_data_file = file
    return {"pk": s.open_data_file.pk}


def _event(s):
    """A published seminar organised by Créteil, with a staff member registered and marked present."""
    if not hasattr(s, "event"):
        from tests.events.factories import EventFactory, RegistrationFactory

        s.event = EventFactory(academies=[s.creteil])
        s.registration = RegistrationFactory(event=s.event, role="staff", school=s.school, attended=True)
    return s.event


def _registration_kwargs(s):
    _event(s)
    return {"token": s.registration.token}


def _synthesis_kwargs(s):
    """Créteil's 2025-2026 synthesis, with declared figures so that its section (and axes) exist."""
    from sps.syntheses.models import DeclaredFigures

    DeclaredFigures.objects.get_or_create(edition=_edition(s), defaults={"actions_count": 12, "primary": False})
    return {"school_year": "2025-2026", "academy_slug": "creteil"}


def _indexed_event(s):
    """A published Créteil event with a session in the week of Créteil's edition, in the catalogue."""
    if not hasattr(s, "indexed_event"):
        import datetime

        from django.utils import timezone

        from sps.catalogue import index
        from tests.events.factories import EventFactory, EventSessionFactory

        edition = _edition(s)
        s.indexed_event = EventFactory(academies=[s.creteil], with_session=False)
        start = timezone.make_aware(datetime.datetime.combine(edition.week_start, datetime.time(9)))
        EventSessionFactory(event=s.indexed_event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        index.index_events([s.indexed_event.pk])
    return s.indexed_event


def _example_kwargs(s):
    """A published action phare of Créteil's edition 2025-2026, to propose to the national level."""
    return {**_synthesis_kwargs(s), "pk": _action(s, published=True, is_flagship=True).pk}


def _edition(s):
    """Créteil's published edition 2025-2026, made on first use."""
    if not hasattr(s, "edition"):
        s.edition = EditionFactory(academy=s.creteil, campaign=CampaignFactory(school_year="2025-2026"), published=True)
    return s.edition


def _prize(s):
    """The prize of Créteil's edition (jury and public, vote open now), its juror the bassin's relay
    (who belongs to no school), made on first use."""
    if not hasattr(s, "prize"):
        from tests.prizes.factories import JurorFactory, PrizeFactory

        s.prize = PrizeFactory(edition=_edition(s))
        JurorFactory(prize=s.prize, user=s.users["relay"])
    return s.prize


def _prize_edition_kwargs(s):
    return {"pk": _prize(s).edition_id}


def _jury_score_kwargs(s):
    return {"prize_pk": _prize(s).pk, "action_pk": _action(s, published=True).pk}


def _vote_kwargs(s):
    _prize(s)
    return {"pk": _action(s, published=True).pk}


def _vote_token_kwargs(s):
    from sps.prizes.models import PublicVote

    vote, _ = PublicVote.objects.get_or_create(
        prize=_prize(s), action=_action(s, published=True), email="parent@example.fr"
    )
    return {"token": vote.token}


def _prize_results_kwargs(s):
    _prize(s)
    return {"academy_slug": "creteil", "school_year": _edition(s).campaign.school_year}


class Scenario:
    """Two académies (Créteil, Rennes), a bassin and a school in each, one user per role."""

    def __init__(self):
        self.creteil = Academy.objects.get(slug="creteil")
        self.rennes = Academy.objects.get(slug="rennes")
        self.dept_94 = Department.objects.get(code="94")
        self.dept_35 = Department.objects.get(code="35")
        self.bassin = BassinFactory(department=self.dept_94, name="Bassin Ouest 94")
        self.other_bassin = BassinFactory(department=self.dept_35, name="Bassin de Rennes")
        self.school = SchoolFactory(department=self.dept_94, bassin=self.bassin)
        self.other_school = SchoolFactory(department=self.dept_35, bassin=self.other_bassin)
        self.users = {"anonymous": None}
        for name, role, scope in [
            ("contributor", Role.SCHOOL_CONTRIBUTOR, self.school),
            ("relay", Role.BASSIN_RELAY, self.bassin),
            ("department_pilot", Role.DEPARTMENT_PILOT, self.dept_94),
            ("academy_pilot", Role.ACADEMY_PILOT, self.creteil),
            ("national_pilot", Role.NATIONAL_PILOT, None),
            ("other_pilot", Role.ACADEMY_PILOT, self.rennes),
        ]:
            user = UserFactory(email=f"{name}@example.fr")
            grant(user, role, scope)
            self.users[name] = user


def _published_action(s):
    """A published action of the scenario's school (created once), in the catalogue."""
    if getattr(s, "published_action", None) is None:
        from sps.catalogue import index
        from tests.actions.factories import ActionFactory

        s.published_action = ActionFactory(published=True, schools=[s.school])
        index.index_actions([s.published_action.pk])
    return s.published_action


# url name -> (function building reverse() kwargs from the scenario, expected result per role)
MATRIX = {
    "public:home": (lambda s: {}, EVERYONE),
    "public:programme": (lambda s: {}, EVERYONE),
    "public:programme_academies": (lambda s: {}, EVERYONE),
    "public:action_detail": (lambda s: {"pk": _published_action(s).pk}, EVERYONE),
    "public:school_search": (lambda s: {}, EVERYONE),
    "public:school_detail": (lambda s: {"uai": s.school.uai}, EVERYONE),
    "public:legal": (lambda s: {}, EVERYONE),
    "public:accessibility": (lambda s: {}, EVERYONE),
    "public:personal_data": (lambda s: {}, EVERYONE),
    # The map, the calendar and the iCalendar feeds of the programme: public, read-only.
    "public:map": (lambda s: {}, EVERYONE),
    "public:calendar": (lambda s: {}, EVERYONE),
    "public:agenda_ics": (lambda s: {}, EVERYONE),
    "public:occurrence_ics": (_public_occurrence_kwargs, EVERYONE),
    "accounts:login": (lambda s: {}, ANONYMOUS_ONLY),
    "accounts:account": (lambda s: {}, LOGGED_IN),
    "accounts:password_change": (lambda s: {}, LOGGED_IN),
    "accounts:password_change_done": (lambda s: {}, LOGGED_IN),
    "accounts:password_reset": (lambda s: {}, EVERYONE),
    "accounts:password_reset_done": (lambda s: {}, EVERYONE),
    "accounts:password_reset_complete": (lambda s: {}, EVERYONE),
    "accounts:data_export": (lambda s: {}, LOGGED_IN),
    # The contributor's link to confirm a new address: theirs only; to anyone else it does not exist.
    "accounts:email_confirm": (lambda s: {"token": _email_token(s)}, EMAIL_LINK_OWNER),
    "accounts:delete": (lambda s: {}, LOGGED_IN),
    "accounts:claim": (lambda s: {"uai": s.school.uai}, EVERYONE),
    "pilotage:invitations": (lambda s: {}, PILOTS),
    "espace:home": (lambda s: {}, CONTRIBUTORS),
    "pilotage:home": (lambda s: {}, PILOTS),
    "pilotage:school_list": (lambda s: {}, PILOTS),
    "pilotage:bassin_list": (lambda s: {}, PILOTS),
    "pilotage:bassin_detail": (lambda s: {"pk": s.bassin.pk}, OWN_BASSIN),
    "pilotage:directory_upload": (lambda s: {}, NATIONAL),
    "pilotage:declared_figures_upload": (lambda s: {}, NATIONAL),
    "public:edition_list": (lambda s: {}, EVERYONE),
    "public:edition_detail": (
        lambda s: {"academy_slug": "creteil", "school_year": _edition(s).campaign.school_year},
        EVERYONE,
    ),
    "pilotage:edition_list": (lambda s: {}, PILOTS),
    "pilotage:campaign_open": (lambda s: {}, NATIONAL),
    "pilotage:edition_detail": (lambda s: {"pk": _edition(s).pk}, OWN_ACADEMY),
    "pilotage:edition_edit": (lambda s: {"pk": _edition(s).pk}, ACADEMY_MANAGERS),
    "pilotage:edition_create": (
        lambda s: {"school_year": CampaignFactory(school_year="2026-2027").school_year, "academy_slug": "creteil"},
        ACADEMY_MANAGERS,
    ),
    "espace:action_declare": (lambda s: {}, CONTRIBUTORS),
    "espace:action_detail": (lambda s: {"pk": _action(s).pk}, CONTRIBUTORS),
    "espace:action_edit": (lambda s: {"pk": _action(s).pk}, CONTRIBUTORS),
    "espace:action_bilan": (lambda s: {"pk": _action(s, published=True).pk}, CONTRIBUTORS),
    # The idea bank: anyone reads it; only contributors use a model (espace:idea_use).
    "espace:idea_list": (lambda s: {}, EVERYONE),
    "espace:idea_detail": (lambda s: {"slug": _idea(s).slug}, EVERYONE),
    # A bilan photo (often of minors): who may open the fiche, in its own space; never a public file.
    "espace:bilan_photo": (_photo_kwargs, CONTRIBUTORS),
    "pilotage:bilan_photo": (_photo_kwargs, OWN_FICHE),
    # A bilan support file: who may open the fiche, in the espace; never a public file.
    "espace:bilan_support": (_support_kwargs, CONTRIBUTORS),
    "pilotage:bilan_support": (_support_kwargs, OWN_FICHE),
    # Each pilot's own queue (the Rennes pilot sees Rennes' fiches only: tests/www/pilotage/test_queue.py).
    "pilotage:action_queue": (lambda s: {}, PILOTS),
    "pilotage:action_list": (lambda s: {}, PILOTS),
    "pilotage:schools_without_action": (lambda s: {}, PILOTS),
    "pilotage:action_detail": (lambda s: {"pk": _action(s, submitted=True).pk}, OWN_FICHE),
    "pilotage:action_declare": (lambda s: {}, PILOTS),
    "pilotage:action_edit": (lambda s: {"pk": _action(s, submitted=True).pk}, FICHE_EDITORS),
    "pilotage:idea_list": (lambda s: {}, PILOTS),
    "pilotage:idea_create": (lambda s: {}, IDEA_BANK_MANAGERS),
    "pilotage:idea_edit": (lambda s: {"pk": _idea(s).pk}, IDEA_BANK_MANAGERS),
    "espace:kit": (lambda s: {}, CONTRIBUTORS),
    "espace:resource_download": (lambda s: {"pk": _resource(s, published=True).pk}, EVERYONE),
    "files:detail": (_generated_file_kwargs, REQUESTER_ONLY),
    "files:download": (_generated_file_kwargs, REQUESTER_ONLY),
    "pilotage:kit_index": (lambda s: {}, PILOTS),
    "pilotage:national_kit": (lambda s: {}, PILOTS),
    "pilotage:national_resource_add": (lambda s: {}, NATIONAL),
    "pilotage:edition_kit": (lambda s: {"pk": _edition(s).pk}, OWN_ACADEMY),
    "pilotage:resource_add": (lambda s: {"pk": _edition(s).pk}, ACADEMY_MANAGERS),
    "pilotage:resource_edit": (lambda s: {"pk": _resource(s, published=True).pk}, ACADEMY_MANAGERS),
    "pilotage:edition_branding": (lambda s: {"pk": _edition(s).pk}, ACADEMY_MANAGERS),
    # The printable programme and the widget: published content, for everyone (query string below).
    "public:programme_print": (lambda s: {}, EVERYONE),
    "public:programme_widget": (lambda s: {}, EVERYONE),
    # Open data and the API: public, the same answer for everyone (tests/api/, tests/catalogue/test_exports.py).
    "public:open_data": (lambda s: {}, EVERYONE),
    "public:open_data_export": (lambda s: {"fmt": "csv"}, EVERYONE),
    "public:open_data_file": (_open_data_file_kwargs, EVERYONE),
    "public:open_data_file_download": (_open_data_file_kwargs, EVERYONE),
    "api:api-root": (lambda s: {}, EVERYONE),
    "api:openapi-json": (lambda s: {}, EVERYONE),
    "api:openapi-view": (lambda s: {}, EVERYONE),
    "api:edition_list": (lambda s: {}, EVERYONE),
    "api:edition_detail": (lambda s: {"edition_id": _edition(s).pk}, EVERYONE),
    "api:action_list": (lambda s: {}, EVERYONE),
    "api:action_removed": (lambda s: {}, EVERYONE),  # with ?since= below
    "api:action_detail": (lambda s: {"action_id": _indexed_action(s).pk}, EVERYONE),
    "public:session_ics": (
        lambda s: {"pk": _indexed_event(s).pk, "session_id": EventSession.objects.get(event=_indexed_event(s)).pk},
        EVERYONE,
    ),
    "api:event_list": (lambda s: {}, EVERYONE),
    "api:event_removed": (lambda s: {}, EVERYONE),  # with ?since= below
    "api:event_detail": (lambda s: {"event_id": _indexed_event(s).pk}, EVERYONE),
    "api:school_list": (lambda s: {}, EVERYONE),
    "api:school_detail": (lambda s: {"uai": s.school.uai}, EVERYONE),
    "api:academy_list": (lambda s: {}, EVERYONE),
    "api:department_list": (lambda s: {}, EVERYONE),
    "api:bassin_list": (lambda s: {}, EVERYONE),
    # Events: the public page and the registered person's own pages (their secret link) for anyone.
    "public:event_detail": (lambda s: {"pk": _event(s).pk}, EVERYONE),
    "public:registration_detail": (_registration_kwargs, EVERYONE),
    "public:registration_attestation": (_registration_kwargs, EVERYONE),
    "pilotage:event_list": (lambda s: {}, EVENT_MANAGERS),
    "pilotage:event_create": (lambda s: {}, EVENT_MANAGERS),
    "pilotage:event_detail": (lambda s: {"pk": _event(s).pk}, EVENT_ORGANISERS),
    "pilotage:event_edit": (lambda s: {"pk": _event(s).pk}, EVENT_ORGANISERS),
    "pilotage:event_attendance": (lambda s: {"pk": _event(s).pk}, EVENT_ORGANISERS),
    "pilotage:synthesis_index": (lambda s: {}, SYNTHESIS_READERS),
    "pilotage:national_synthesis": (lambda s: {"school_year": _edition(s).campaign.school_year}, NATIONAL),
    "pilotage:national_synthesis_edit": (lambda s: {"school_year": _edition(s).campaign.school_year}, NATIONAL),
    "pilotage:academy_synthesis": (_synthesis_kwargs, OWN_ACADEMY_SYNTHESIS),
    "pilotage:academy_synthesis_edit": (_synthesis_kwargs, OWN_ACADEMY_SYNTHESIS),
    "pilotage:synthesis_axes": (_synthesis_kwargs, OWN_ACADEMY_SYNTHESIS),
    # Prizes (docs/prizes.md): set up and followed by the edition's managers; the jury's pages for its
    # jurors only (to anyone else they do not exist); the vote and the results for everyone.
    "pilotage:prize_setup": (_prize_edition_kwargs, ACADEMY_MANAGERS),
    "pilotage:prize_results": (_prize_edition_kwargs, ACADEMY_MANAGERS),
    "jury:home": (lambda s: {}, LOGGED_IN),
    "jury:prize_actions": (lambda s: {"prize_pk": _prize(s).pk}, JURORS_ONLY),
    "jury:score": (_jury_score_kwargs, JURORS_ONLY),
    "public:prize_vote": (_vote_kwargs, EVERYONE),
    "public:prize_vote_confirm": (_vote_token_kwargs, EVERYONE),
    "public:prize_results": (_prize_results_kwargs, EVERYONE),
    # Putting actions forward and the evaluation grid (tests/syntheses/): the national pages for national
    # pilots; an académie's pages for its pilots and national pilots; proposing for its pilots only.
    "pilotage:national_examples": (lambda s: {"school_year": _edition(s).campaign.school_year}, NATIONAL),
    "pilotage:national_grid": (lambda s: {"school_year": _edition(s).campaign.school_year}, NATIONAL),
    "pilotage:grid_criteria": (lambda s: {"school_year": _edition(s).campaign.school_year}, NATIONAL),
    "pilotage:academy_examples": (_synthesis_kwargs, OWN_ACADEMY_SYNTHESIS),
    "pilotage:academy_grid": (_synthesis_kwargs, OWN_ACADEMY_SYNTHESIS),
    "pilotage:example_propose": (_example_kwargs, EXAMPLE_PROPOSERS),
    # An académie's declared figures: its académie pilots and national pilots edit them.
    "pilotage:declared_figures_edit": (_synthesis_kwargs, OWN_ACADEMY_SYNTHESIS),
    # The dossier de presse of Créteil's edition: the same readers as its academic synthesis.
    "pilotage:press_kit": (_synthesis_kwargs, OWN_ACADEMY_SYNTHESIS),
    # After the entries that open the 2025-2026 campaign: the entry page redirects to a dashboard.
    "pilotage:indicators_home": (lambda s: {} if _edition(s) else {}, INDICATORS_HOME),
    "pilotage:indicators_national": (lambda s: {"school_year": _edition(s).campaign.school_year}, NATIONAL_INDICATORS),
    "pilotage:indicators_academy": (
        lambda s: {"school_year": _edition(s).campaign.school_year, "academy_slug": "creteil"},
        ACADEMY_INDICATORS,
    ),
    "pilotage:indicators_department": (
        lambda s: {"school_year": _edition(s).campaign.school_year, "code": "94"},
        DEPARTMENT_INDICATORS,
    ),
    "pilotage:indicators_bassin": (
        lambda s: {"school_year": _edition(s).campaign.school_year, "pk": s.bassin.pk},
        BASSIN_INDICATORS,
    ),
}
# Views read their subject from the query string: url name -> query string built from the scenario.
QUERY = {
    "api:action_removed": lambda s: "?since=2026-01-01T00:00:00",
    "api:event_removed": lambda s: "?since=2026-01-01T00:00:00",
    "public:programme_print": lambda s: f"?academie=creteil&edition={_edition(s).campaign.school_year}",
    "public:programme_widget": lambda s: f"?bassin={s.bassin.pk}",
}
# Views that only accept POST, or that need a token from an e-mail: tested in tests/accounts/.
NOT_IN_MATRIX = {"accounts:logout", "accounts:invitation_accept", "accounts:password_reset_confirm"}
# Public to all, for published actions' photos with consent only: tests/www/public/test_catalogue.py.
NOT_IN_MATRIX |= {"public:action_photo"}
# POST only, tested role by role in tests/www/pilotage/test_editions.py (moderation: test_moderation_settings.py).
NOT_IN_MATRIX |= {"pilotage:edition_copy", "pilotage:edition_publish", "pilotage:edition_moderation"}
# POST only, tested role by role in tests/www/espace/ and tests/www/pilotage/test_actions.py.
NOT_IN_MATRIX |= {
    "espace:action_submit",
    "espace:action_withdraw",
    "espace:action_comment",
    "espace:action_reconduct",
    "espace:bilan_photo_add",
    "espace:bilan_photo_remove",
    "espace:bilan_support_add",
    "espace:idea_use",
    "pilotage:action_bulk",
    "pilotage:action_transition",
    "pilotage:action_flags",
    "pilotage:action_reopen",
    "pilotage:action_comment",
    "pilotage:action_note",
    "pilotage:action_make_model",
    "pilotage:idea_retire",
}
# POST only, tested role by role below (test_generated_file_requests_by_role): they lead to files:detail.
POST_FILE_REQUESTS = {
    "pilotage:action_export": (lambda s: {}, {"format": "csv", "columns": ["title"]}, PILOTS),
    "espace:action_poster": (lambda s: {"pk": _action(s).pk}, {}, FICHE_DOCUMENTS),
    "espace:action_invitation": (lambda s: {"pk": _action(s).pk}, {}, FICHE_DOCUMENTS),
    "pilotage:event_export": (lambda s: {"pk": _event(s).pk}, {"format": "csv"}, EVENT_ORGANISERS),
    "pilotage:national_synthesis_download": (
        lambda s: {"school_year": _edition(s).campaign.school_year},
        {"format": "xlsx"},
        NATIONAL,
    ),
    "pilotage:academy_synthesis_download": (_synthesis_kwargs, {"format": "docx"}, OWN_ACADEMY_SYNTHESIS),
    "pilotage:press_kit_download": (_synthesis_kwargs, {"format": "pdf"}, OWN_ACADEMY_SYNTHESIS),
}
NOT_IN_MATRIX |= set(POST_FILE_REQUESTS)
# POST only, tested role by role in tests/prizes/test_views.py (test_post_only_setup_urls_by_role).
NOT_IN_MATRIX |= {"pilotage:prize_juror_add", "pilotage:prize_juror_remove", "pilotage:prize_jury_publish"}
# POST only, tested role by role below (test_example_and_grid_changes_by_role).
NOT_IN_MATRIX |= {"pilotage:example_withdraw", "pilotage:example_decide", "pilotage:example_to_idea_bank"}
# POST only, for everyone: the printable programme's PDF, one shared public file (test below).
NOT_IN_MATRIX |= {"public:programme_print_pdf"}
# POST only, tested role by role below (test_event_changes_by_role) and in tests/www/public/test_events.py.
NOT_IN_MATRIX |= {"pilotage:event_status", "public:registration_cancel"}
# POST only, tested role by role in tests/www/pilotage/test_resources.py.
NOT_IN_MATRIX |= {"pilotage:resource_publish", "pilotage:resource_retire"}
# POST only, tested role by role below (test_synthesis_publication_by_role) and in
# tests/www/pilotage/test_synthesis_publication.py.
NOT_IN_MATRIX |= {"pilotage:academy_synthesis_publication", "pilotage:national_synthesis_publication"}
# Publishing a synthesis (and reopening it): those who write it.
ACADEMIC_SYNTHESIS_PUBLISHERS = {**OWN_ACADEMY_SYNTHESIS}
NATIONAL_SYNTHESIS_PUBLISHERS = {**NATIONAL}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_draft_resource_download(client, scenario, role):
    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse("espace:resource_download", kwargs={"pk": _resource(scenario, published=False).pk})
    _check(client.get(url), KIT_MANAGERS_ONLY[role], f"{role} GET draft resource")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_event_changes_by_role(client, scenario, role):
    """Only the organisers close registrations or mark attendance; the others change nothing."""
    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    event = _event(scenario)
    response = client.post(reverse("pilotage:event_status", kwargs={"pk": event.pk}), {"operation": "close"})
    attendance = reverse("pilotage:event_attendance", kwargs={"pk": event.pk})
    other = client.post(attendance, {"listed": [scenario.registration.pk], "present": []})
    event.refresh_from_db()
    scenario.registration.refresh_from_db()
    if EVENT_ORGANISERS[role] == OK:
        assert response.status_code == 302 and other.status_code == 302
        assert not event.registrations_open and not scenario.registration.attended
    else:
        _check(response, EVENT_ORGANISERS[role], f"{role} POST event_status")
        _check(other, EVENT_ORGANISERS[role], f"{role} POST event_attendance")
        assert event.registrations_open and scenario.registration.attended


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_see_the_registrations(client, scenario, role):
    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    event = _event(scenario)
    email = scenario.registration.email
    pages = [reverse(name, kwargs={"pk": event.pk}) for name in ("pilotage:event_detail", "pilotage:event_attendance")]
    pages.append(reverse("public:event_detail", kwargs={"pk": event.pk}))
    seen = [
        email in client.get(url).content.decode() or scenario.registration.name in client.get(url).content.decode()
        for url in pages
    ]
    assert seen == [EVENT_ORGANISERS[role] == OK, EVENT_ORGANISERS[role] == OK, False]


def _all_url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_view_is_in_the_matrix():
    missing = _all_url_names() - set(MATRIX) - NOT_IN_MATRIX
    assert not missing, f"Add these views to the permission matrix: {sorted(missing)}"


@pytest.fixture
def scenario(reference, settings):
    from django.core.cache import cache

    cache.clear()  # the API's and open data's rate limits count per client: every role starts afresh
    return Scenario()


def _check(response, expected, url):
    if expected == OK:
        assert response.status_code == 200, url
    elif expected == LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    elif expected == DENIED:
        assert response.status_code == 403, url
    elif expected == MISSING:
        assert response.status_code == 404, url
    elif expected == AWAY:
        assert response.status_code == 302, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, scenario, role):
    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    for name, (kwargs, expected) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(scenario)) + QUERY.get(name, lambda s: "")(scenario)
        _check(client.get(url), expected[role], f"{role} GET {name}")


@pytest.mark.django_db
def test_programme_pdf_is_one_public_file_for_every_role(client, scenario, django_capture_on_commit_callbacks):
    """Anybody may ask for a printable programme: every role gets the same shared file, and may open it."""
    files = set()
    data = {"academie": "creteil", "edition": _edition(scenario).campaign.school_year}
    for role in ROLES:
        client.logout()
        if scenario.users[role] is not None:
            client.force_login(scenario.users[role])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("public:programme_print_pdf"), data)
        assert response.status_code == 302, role
        files.add(response["Location"])
        assert client.get(response["Location"]).status_code == 200, role
    assert len(files) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_generated_file_requests_by_role(client, scenario, role, django_capture_on_commit_callbacks):
    """Allowed: a 302 to the new file's page, which the requester (and only they) can open."""
    from sps.files.models import GeneratedFile

    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    for name, (kwargs, data, expected) in POST_FILE_REQUESTS.items():
        url = reverse(name, kwargs=kwargs(scenario))
        before = GeneratedFile.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        if expected[role] == OK:
            assert response.status_code == 302, f"{role} POST {name}"
            file = GeneratedFile.objects.latest("pk")
            assert file.requested_by == user and file.status == "ready", f"{role} POST {name}"
            assert response["Location"] == reverse("files:detail", kwargs={"pk": file.pk})
        else:
            _check(response, expected[role], f"{role} POST {name}")
            assert GeneratedFile.objects.count() == before, f"{role} POST {name}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", LOGIN),
        ("contributor", DENIED),
        ("relay", DENIED),
        ("department_pilot", "redirect"),
        ("academy_pilot", "redirect"),
        ("national_pilot", "redirect"),
        ("other_pilot", MISSING),
    ],
)
def test_bassin_edition_by_role(client, scenario, role, expected):
    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse("pilotage:bassin_detail", kwargs={"pk": scenario.bassin.pk})
    response = client.post(url, {"action": "rename", "name": "Bassin renommé"})
    scenario.bassin.refresh_from_db()
    if expected == "redirect":
        assert response.status_code == 302
        assert scenario.bassin.name == "Bassin renommé"
    else:
        _check(response, expected, url)
        assert scenario.bassin.name == "Bassin Ouest 94"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["relay", "department_pilot", "academy_pilot", "national_pilot", "other_pilot"])
def test_pilot_school_list_shows_only_own_territory(client, scenario, role):
    client.force_login(scenario.users[role])
    content = client.get(reverse("pilotage:school_list")).content.decode()
    sees_94, sees_35 = scenario.school.uai in content, scenario.other_school.uai in content
    if role == "national_pilot":
        assert sees_94 and sees_35
    elif role == "other_pilot":
        assert sees_35 and not sees_94
    else:
        assert sees_94 and not sees_35


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["relay", "department_pilot", "academy_pilot", "other_pilot"])
def test_directory_upload_post_refused_to_non_national(client, scenario, role):
    client.force_login(scenario.users[role])
    response = client.post(reverse("pilotage:directory_upload"), {})
    assert response.status_code == 403


@pytest.mark.django_db
def test_admin_is_for_superusers_only(client, scenario):
    client.force_login(scenario.users["national_pilot"])
    assert client.get("/admin/").status_code == 302
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, sees_94, sees_35",
    [
        ("relay", False, False),  # Créteil's fiches go to its académie first (the default)
        ("department_pilot", False, False),
        ("academy_pilot", True, False),
        ("national_pilot", True, True),
        ("other_pilot", False, True),
    ],
)
def test_queue_shows_only_own_territory(client, scenario, role, sees_94, sees_35):
    from tests.actions.factories import ActionFactory

    mine = ActionFactory(edition=_edition(scenario), schools=[scenario.school], submitted=True, title="Fiche du 94")
    rennes = EditionFactory(academy=scenario.rennes, campaign=_edition(scenario).campaign, published=True)
    other = ActionFactory(edition=rennes, schools=[scenario.other_school], submitted=True, title="Fiche du 35")
    client.force_login(scenario.users[role])
    content = client.get(reverse("pilotage:action_queue")).content.decode()
    assert (mine.title in content, other.title in content) == (sees_94, sees_35)


# --- The fiche pages: each rules.can_* says what the view shows and lets through ---------------

FICHE_STATUSES = ["draft", "submitted", "changes_requested", "validated", "published", "refused", "withdrawn"]
# predicate -> what only its button or section shows on Pilotage's fiche page
PILOTAGE_MARKERS = {
    "can_reopen": "Rouvrir la fiche au porteur",
    "can_reopen_bilan": "Rouvrir le bilan au porteur",
    "can_set_flags": "Enregistrer la mise en avant",
    "can_view_contact": "visible uniquement par les équipes académiques",
    "can_view_notes": "Notes internes",
    "can_make_model": "Transformer en modèle",
}
PILOT_ROLES = ["relay", "department_pilot", "academy_pilot", "national_pilot"]


def _fiche(s, status, *, calendar):
    from tests.actions.factories import ActionFactory
    from tests.editions.factories import add_calendar

    edition = _edition(s)
    if calendar and not edition.milestones.exists():
        add_calendar(edition)  # the 2025-2026 deadlines: passed
    return ActionFactory(edition=edition, schools=[s.school], created_by=s.users["contributor"], status=status)


@pytest.mark.django_db
@pytest.mark.parametrize("calendar", [False, True], ids=["no_deadline", "deadlines_passed"])
@pytest.mark.parametrize("role", PILOT_ROLES)
def test_pilotage_fiche_page_shows_what_the_rules_allow(client, scenario, role, calendar):
    from sps.actions import rules

    user = scenario.users[role]
    client.force_login(user)
    for status in FICHE_STATUSES:
        action = _fiche(scenario, status, calendar=calendar)
        html = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
        for predicate, marker in PILOTAGE_MARKERS.items():
            assert (marker in html) == getattr(rules, predicate)(user, action), (predicate, status)
        edit_url = reverse("pilotage:action_edit", kwargs={"pk": action.pk})
        assert (f'href="{edit_url}"' in html) == rules.can_edit(user, action), status
        for to in FICHE_STATUSES:
            button = f'name="to" value="{to}"'
            assert (button in html) == (to != status and rules.can_transition(user, action, to)), (status, to)


@pytest.mark.django_db
@pytest.mark.parametrize("calendar", [False, True], ids=["no_deadline", "deadlines_passed"])
@pytest.mark.parametrize("role", PILOT_ROLES)
def test_pilotage_fiche_actions_succeed_exactly_when_the_rules_allow(client, scenario, role, calendar):
    from sps.actions import rules
    from sps.actions.models import Action

    user = scenario.users[role]
    client.force_login(user)
    seen = set()
    for status in FICHE_STATUSES:
        action = _fiche(scenario, status, calendar=calendar)
        allowed = {
            "reopen": rules.can_reopen(user, action),
            "bilan": rules.can_reopen_bilan(user, action),
            "flags": rules.can_set_flags(user, action),
        }
        seen |= {name for name, value in allowed.items() if value}
        client.post(reverse("pilotage:action_reopen", kwargs={"pk": action.pk}), {"what": "bilan"})
        assert Action.objects.get(pk=action.pk).bilan_reopened == allowed["bilan"], status
        client.post(reverse("pilotage:action_flags", kwargs={"pk": action.pk}), {"is_flagship": "on"})
        assert Action.objects.get(pk=action.pk).is_flagship == allowed["flags"], status
        client.post(reverse("pilotage:action_reopen", kwargs={"pk": action.pk}))
        reopened = Action.objects.get(pk=action.pk)
        if status not in ("refused", "withdrawn"):  # those go back to draft through a transition
            assert reopened.declarations_reopened == allowed["reopen"], status
        for to in FICHE_STATUSES:
            if to == status:
                continue
            action = _fiche(scenario, status, calendar=calendar)
            may = rules.can_transition(user, action, to)
            client.post(
                reverse("pilotage:action_transition", kwargs={"pk": action.pk}),
                {"to": to, f"t-{to}-comment": "Précisez les horaires du temps fort."},
            )
            assert (Action.objects.get(pk=action.pk).status == to) == may, (status, to)
            seen |= {to} if may else set()
    if role == "academy_pilot" and calendar:  # the check is not vacuous: each right is granted somewhere
        assert seen == {"reopen", "bilan", "flags", "draft", "changes_requested", "validated", "published", "refused"}


@pytest.mark.django_db
@pytest.mark.parametrize("calendar", [False, True], ids=["no_deadline", "deadlines_passed"])
def test_espace_fiche_pages_show_what_the_rules_allow(client, scenario, calendar):
    from sps.actions import rules
    from sps.actions.models import Bilan

    user = scenario.users["contributor"]
    client.force_login(user)
    for status in FICHE_STATUSES:
        action = _fiche(scenario, status, calendar=calendar)
        html = client.get(reverse("espace:action_detail", kwargs={"pk": action.pk})).content.decode()
        bilan_url = reverse("espace:action_bilan", kwargs={"pk": action.pk})
        assert (f'href="{bilan_url}"' in html) == rules.can_view_bilan(user, action), status
        edit_url = reverse("espace:action_edit", kwargs={"pk": action.pk})
        assert (f'href="{edit_url}"' in html) == rules.can_edit(user, action), status
        if status == "published":
            page = client.get(bilan_url).content.decode()
            assert ('value="submit"' in page) == rules.can_fill_bilan(user, action)
            client.post(bilan_url, {"intent": "draft", "what_worked": "Les parents sont venus."})
            saved = Bilan.objects.filter(action=action, what_worked="Les parents sont venus.").exists()
            assert saved == rules.can_fill_bilan(user, action)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["contributor", "relay", "department_pilot", "academy_pilot", "other_pilot"])
def test_declared_figures_upload_post_refused_to_non_national(client, scenario, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sps.syntheses.models import DeclaredFigures

    client.force_login(scenario.users[role])
    upload = SimpleUploadedFile("chiffres.csv", "academie;annee_scolaire;actions\nCréteil;2015-2016;26\n".encode())
    response = client.post(reverse("pilotage:declared_figures_upload"), {"file": upload})
    assert response.status_code == 403
    assert not DeclaredFigures.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_example_and_grid_changes_by_role(client, scenario, role):
    """Every change of putting actions forward and of the evaluation grid, role by role: allowed, it is
    done (302); refused, nothing changes (an académie never touches another's grid or actions)."""
    from sps.actions.models import IdeaModel
    from sps.syntheses.examples import example_propose
    from sps.syntheses.grid import grid_criteria
    from sps.syntheses.models import ExampleProposal, GridAssessment, GridCriterion

    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    campaign = _edition(scenario).campaign
    year = campaign.school_year
    national_only = {**NATIONAL}
    grid_fillers = {**OWN_ACADEMY_SYNTHESIS}

    # Propose (GET and POST: the same rights as the matrix's).
    url = reverse("pilotage:example_propose", kwargs=_example_kwargs(scenario))
    response = client.post(url, {"argument": "Une action remarquable."})
    done = ExampleProposal.objects.exists()
    if EXAMPLE_PROPOSERS[role] == OK:
        assert response.status_code == 302 and done, role
    else:
        _check(response, EXAMPLE_PROPOSERS[role], f"{role} POST example_propose")
        assert not done, role
        example_propose(
            action=_action(scenario, published=True, is_flagship=True), argument="A", by=scenario.users["academy_pilot"]
        )
    proposal = ExampleProposal.objects.get()

    # Decide, then add to the idea bank: national pilots only.
    url = reverse("pilotage:example_decide", kwargs={"school_year": year, "pk": proposal.pk})
    response = client.post(url, {"decision": "choose"})
    proposal.refresh_from_db()
    if national_only[role] == OK:
        assert response.status_code == 302 and proposal.is_chosen, role
        url = reverse("pilotage:example_to_idea_bank", kwargs={"school_year": year, "pk": proposal.pk})
        assert client.post(url, {"category": "classe"}).status_code == 302
        assert IdeaModel.objects.filter(source_action=proposal.action).exists(), role
    else:
        _check(response, national_only[role], f"{role} POST example_decide")
        assert not proposal.is_chosen, role
        url = reverse("pilotage:example_to_idea_bank", kwargs={"school_year": year, "pk": proposal.pk})
        _check(client.post(url, {"category": "classe"}), national_only[role], f"{role} POST example_to_idea_bank")
        # Withdraw: the académie's pilots, while the choice is not made.
        url = reverse("pilotage:example_withdraw", kwargs={**_synthesis_kwargs(scenario), "pk": proposal.pk})
        response = client.post(url)
        if EXAMPLE_PROPOSERS[role] == OK:
            assert response.status_code == 302 and not ExampleProposal.objects.exists(), role
        else:
            _check(response, EXAMPLE_PROPOSERS[role], f"{role} POST example_withdraw")
            assert ExampleProposal.objects.exists(), role

    # Créteil's grid: its pilots and national pilots; another académie's pilot does not learn it exists.
    levels = {f"level_{c.pk}": "3" for c in grid_criteria(campaign)}
    response = client.post(reverse("pilotage:academy_grid", kwargs=_synthesis_kwargs(scenario)), levels)
    if grid_fillers[role] == OK:
        assert response.status_code == 302 and GridAssessment.objects.filter(edition=_edition(scenario)).exists()
    else:
        _check(response, grid_fillers[role], f"{role} POST academy_grid")
        assert not GridAssessment.objects.exists(), role

    # The criteria: national pilots only.
    response = client.post(
        reverse("pilotage:grid_criteria", kwargs={"school_year": year}),
        {"identify": "I", "partners": "P", "strategy": "S", "communicate": "C"},
    )
    if national_only[role] == OK:
        assert response.status_code == 302 and GridCriterion.objects.filter(text="I").exists(), role
    else:
        _check(response, national_only[role], f"{role} POST grid_criteria")
        assert not GridCriterion.objects.filter(text="I").exists(), role


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_synthesis_publication_by_role(client, scenario, role):
    """Publishing then reopening Créteil's synthesis and the national one: allowed, it is done (302);
    refused, the state does not change."""
    from sps.syntheses.models import SynthesisText

    user = scenario.users[role]
    if user is not None:
        client.force_login(user)
    year = _edition(scenario).campaign.school_year
    cases = [
        ("pilotage:academy_synthesis_publication", _synthesis_kwargs(scenario), ACADEMIC_SYNTHESIS_PUBLISHERS, False),
        ("pilotage:national_synthesis_publication", {"school_year": year}, NATIONAL_SYNTHESIS_PUBLISHERS, True),
    ]
    for name, kwargs, table, national in cases:
        url = reverse(name, kwargs=kwargs)

        def is_published(national=national):
            return SynthesisText.objects.filter(academy__isnull=national, published_at__isnull=False).exists()

        for action, after in (("publier", True), ("rouvrir", False)):
            response = client.post(url, {"action": action})
            if table[role] == OK:
                assert response.status_code == 302 and is_published() == after, (role, name, action)
            else:
                _check(response, table[role], f"{role} POST {name} {action}")
                assert not is_published(), (role, name, action)
