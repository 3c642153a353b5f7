"""Choices of the fiche action, and the moderation workflow's one table of transitions."""

from django.db import models

from sps.editions.enums import Public  # noqa: F401  (one list of publics, defined below actions)


class ActionStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumise"
    CHANGES_REQUESTED = "changes_requested", "À modifier"
    VALIDATED = "validated", "Validée"
    PUBLISHED = "published", "Publiée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"


class Actor(models.TextChoices):
    """Who someone is *for one action* (rules.actor_kinds): the same person may be several."""

    CONTRIBUTOR = "contributor", "Porteur de projet"  # the fiche's creator, or any contributor of a carrying school
    BASSIN_RELAY = "bassin_relay", "Relais de bassin"
    DEPARTMENT_PILOT = "department_pilot", "Pilote départemental"
    ACADEMY_PILOT = "academy_pilot", "Pilote académique"
    NATIONAL_PILOT = "national_pilot", "Pilote national"


S = ActionStatus
PILOTS = frozenset({Actor.ACADEMY_PILOT, Actor.NATIONAL_PILOT})
MODERATORS = frozenset({Actor.BASSIN_RELAY, Actor.DEPARTMENT_PILOT, Actor.ACADEMY_PILOT, Actor.NATIONAL_PILOT})
# Relays and département pilots hold these rights only when the académie gives them
# (ModerationSettings.relays_may_validate / department_pilots_may_validate).
DELEGABLE = frozenset({Actor.BASSIN_RELAY, Actor.DEPARTMENT_PILOT})

# (from, to) -> who may move a fiche along it. Services check it (rules.check_transition);
# tests/actions/test_workflow.py walks every pair of it for every actor.
TRANSITIONS: dict[tuple[str, str], frozenset] = {
    (S.DRAFT, S.SUBMITTED): frozenset({Actor.CONTRIBUTOR}),
    (S.CHANGES_REQUESTED, S.SUBMITTED): frozenset({Actor.CONTRIBUTOR}),
    (S.SUBMITTED, S.CHANGES_REQUESTED): MODERATORS,
    (S.SUBMITTED, S.VALIDATED): MODERATORS,
    (S.VALIDATED, S.PUBLISHED): PILOTS,
    # action_unpublish: a pilot takes a published action down (with a reason); back to validated.
    (S.PUBLISHED, S.VALIDATED): PILOTS,
    (S.SUBMITTED, S.REFUSED): PILOTS,
    (S.CHANGES_REQUESTED, S.REFUSED): PILOTS,
    (S.VALIDATED, S.REFUSED): PILOTS,
    (S.DRAFT, S.WITHDRAWN): frozenset({Actor.CONTRIBUTOR}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({Actor.CONTRIBUTOR}),
    (S.CHANGES_REQUESTED, S.WITHDRAWN): frozenset({Actor.CONTRIBUTOR}),
    (S.VALIDATED, S.WITHDRAWN): frozenset({Actor.CONTRIBUTOR}),
    (S.PUBLISHED, S.WITHDRAWN): frozenset({Actor.CONTRIBUTOR}),
    # action_reopen: a pilot gives a refused or withdrawn fiche back to its porteur as a draft.
    (S.REFUSED, S.DRAFT): PILOTS,
    (S.WITHDRAWN, S.DRAFT): PILOTS,
}

# Where a porteur may still change the fiche (before the deadline, or once reopened).
CONTRIBUTOR_EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
# The programme: what the public sees.
PUBLIC_STATUSES = frozenset({S.PUBLISHED})
# What the kit offers a poster and an invitation for: a fiche the académie has accepted (a draft,
# a refused or withdrawn fiche is not announced to anyone).
ANNOUNCEABLE_STATUSES = frozenset({S.VALIDATED, S.PUBLISHED})


class CarrierLevel(models.TextChoices):
    SCHOOL = "school", "Établissement(s)"
    BASSIN = "bassin", "Bassin / district"
    DEPARTMENT = "department", "Département"
    ACADEMY = "academy", "Académie"


class Level(models.TextChoices):
    NURSERY = "maternelle", "École maternelle"
    ELEMENTARY = "elementaire", "École élémentaire"
    SIXIEME = "6e", "Collège — 6e"
    CINQUIEME = "5e", "Collège — 5e"
    QUATRIEME = "4e", "Collège — 4e"
    TROISIEME = "3e", "Collège — 3e"
    SECONDE = "2nde", "Lycée — 2de"  # the stored value stays; the label is the usual « 2de »
    PREMIERE = "1re", "Lycée — 1re"
    TERMINALE = "terminale", "Lycée — terminale"
    LYCEE_PRO = "lycee_pro", "Lycée professionnel (CAP, bac pro)"
    MLDS = "mlds", "Jeunes suivis par la MLDS"
    POST_BAC = "post_bac", "Post-bac (BTS, CPGE…)"


# Groups the syntheses count (the national synthesis flags premier degré and LP as under-mobilised).
PRIMARY_LEVELS = frozenset({Level.NURSERY, Level.ELEMENTARY})
COLLEGE_LEVELS = frozenset({Level.SIXIEME, Level.CINQUIEME, Level.QUATRIEME, Level.TROISIEME})
LYCEE_LEVELS = frozenset({Level.SECONDE, Level.PREMIERE, Level.TERMINALE})


class PromotionKind(models.TextChoices):
    EVENT = "event", "Présentation lors d'un événement de l'établissement ou du district"
    FESTIVE = "festive", "Moment festif"
    EXHIBITION = "exhibition", "Exposition"
    PUBLICATION = "publication", "Publication (site, réseaux, journal)"
    OTHER = "other", "Autre"


class PartnerKind(models.TextChoices):
    LOCAL_AUTHORITY = "collectivite", "Collectivité"
    ASSOCIATION = "association", "Association"
    COMPANY = "entreprise", "Entreprise"
    STATE_SERVICE = "etat", "Service de l'État"
    PARENTS = "parents", "Parents d'élèves"
    TRAINING = "formation", "Établissement de formation"
    UNIVERSITY = "universite", "Université, recherche"
    PUBLIC_OPERATOR = "operateur", "Opérateur public (Canopé, Onisep…)"
    OTHER = "autre", "Autre"


class Contribution(models.TextChoices):
    PREMISES = "locaux", "Locaux"
    FUNDING = "financement", "Financement"
    FACILITATION = "animation", "Animation"
    COMMUNICATION = "communication", "Communication"
    OTHER = "autre", "Autre"


class IdeaCategory(models.TextChoices):
    CLASSROOM = "classe", "Dans la classe"
    GUIDANCE = "orientation", "Orientation"
    PARENTS_PARTNERS = "parents_partenaires", "Parents et partenaires"
    PROMOTION = "valorisation", "Valorisation"
    PROFESSIONALS = "professionnels", "Professionnels"
    DISTRICT = "district", "District"


class FirstModerators(models.TextChoices):
    """Who receives a submitted fiche first (the académie's pilots always see every fiche)."""

    BASSIN = "bassin", "Les relais du bassin de l'établissement"
    DEPARTMENT = "department", "Les pilotes du département"
    ACADEMY = "academy", "Les pilotes académiques"


# The levels taught in each kind of school: a fiche's levels match its school's, and the idea bank
# offers a porteur the models of their schools' levels first.
_COLLEGE = (Level.SIXIEME, Level.CINQUIEME, Level.QUATRIEME, Level.TROISIEME)
_LYCEE = (Level.SECONDE, Level.PREMIERE, Level.TERMINALE)


def _school_kind_levels() -> dict:
    from sps.schools.enums import SchoolKind

    return {
        SchoolKind.NURSERY: (Level.NURSERY,),
        SchoolKind.ELEMENTARY: (Level.ELEMENTARY,),
        SchoolKind.PRIMARY: (Level.NURSERY, Level.ELEMENTARY),
        SchoolKind.COLLEGE: _COLLEGE,
        SchoolKind.LYCEE_GT: _LYCEE,
        SchoolKind.LYCEE_PRO: (Level.LYCEE_PRO,),
        SchoolKind.LYCEE_POLY: (*_LYCEE, Level.LYCEE_PRO),
        SchoolKind.EREA: (*_COLLEGE, Level.LYCEE_PRO),
        SchoolKind.CIO: (Level.MLDS,),
    }


def levels_for_school_kinds(kinds) -> list[str]:
    """The levels taught in schools of these kinds, in the order of `Level` (none for services)."""
    table = _school_kind_levels()
    wanted = {level for kind in kinds for level in table.get(kind, ())}
    return [level for level in Level.values if level in wanted]


def levels_summary(levels) -> str:
    """« Collège (6e, 5e) », « Lycée », « Élémentaire, Collège (6e) »: a list of levels in short."""
    held = set(levels)
    groups = (
        ("Maternelle", (Level.NURSERY,)),
        ("Élémentaire", (Level.ELEMENTARY,)),
        ("Collège", _COLLEGE),
        ("Lycée", _LYCEE),
        ("Lycée professionnel", (Level.LYCEE_PRO,)),
        ("MLDS", (Level.MLDS,)),
    )
    parts = []
    for name, group in groups:
        codes = [code for code in group if code in held]
        if not codes:
            continue
        if len(codes) == len(group):
            parts.append(name)
        else:
            parts.append(f"{name} ({', '.join(Level(code).label.split(' — ')[1] for code in codes)})")
    return ", ".join(parts)
