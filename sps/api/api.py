"""The read-only REST API of the public programme (django-ninja): editions, actions, removed
actions, schools, territories. Documented in docs/api.md; OpenAPI at /api/openapi.json.

The actions' filters are the catalogue's query-string parameters, read by the same
`CatalogueQuery`: a list here and the catalogue page with the same parameters give the same
actions. Lists are paginated by keyset (`cursor`, `limit` ≤ 100), answers and errors are JSON,
errors in French. Rate limiting, CORS and caching headers are added around every view
(sps/api/urls.py).
"""

import datetime
import logging
from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError

from sps.actions.enums import IdeaCategory
from sps.api import cursors
from sps.api.errors import ParamError
from sps.api.schemas import (
    AcademyOut,
    ActionOut,
    ActionPage,
    BassinOut,
    DepartmentOut,
    EditionOut,
    Error,
    EventOut,
    EventPage,
    RemovalPage,
    SchoolOut,
    SchoolPage,
    ValidationErrorOut,
)
from sps.catalogue import exports
from sps.catalogue.enums import EntryKind, LevelGroup
from sps.catalogue.models import CatalogueEntry, CatalogueRemoval
from sps.catalogue.query import CatalogueQuery
from sps.editions.enums import Public
from sps.editions.models import Edition
from sps.schools.enums import SchoolKind
from sps.schools.models import School
from sps.schools.uai import is_valid_uai, normalize_uai
from sps.territories.models import Academy, Bassin, Department

logger = logging.getLogger(__name__)

DESCRIPTION = """API en lecture seule du programme public de la Semaine de la persévérance scolaire.

Les filtres des actions sont ceux du catalogue (`/programme/`), avec les mêmes noms. Les listes sont
paginées par curseur (`cursor`, `limit` ≤ 100). Limite : 120 requêtes par minute et par adresse par défaut (HTTP 429 au-delà).
Les erreurs sont en JSON : `{"detail": "message en français"}`. Données sous Licence Ouverte 2.0."""

api = NinjaAPI(
    title="API du programme de la Semaine de la persévérance scolaire",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

LIMIT_DEFAULT = 50
MAX_ID = 2**63 - 1  # ids are 64-bit: a larger number is no id (and SQLite cannot even compare it)
LIMIT_MAX = 100
ERRORS = {400: ValidationErrorOut, 429: Error}

LevelParam = Literal[tuple(LevelGroup.values)]
PublicParam = Literal[tuple(Public.values)]
SchoolKindParam = Literal[tuple(SchoolKind.values)]
CategoryParam = Literal[tuple(IdeaCategory.values)]


# --- Errors: French JSON -------------------------------------------------------------------------

PYDANTIC_MESSAGES = {
    "missing": "est obligatoire",
    "int_parsing": "doit être un nombre entier",
    "int_type": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier",
    "bool_parsing": "doit valoir true ou false",
    "date_parsing": "doit être une date AAAA-MM-JJ",
    "date_from_datetime_parsing": "doit être une date AAAA-MM-JJ",
    "date_from_datetime_inexact": "doit être une date AAAA-MM-JJ",
    "datetime_parsing": "doit être une date et heure ISO 8601 (AAAA-MM-JJTHH:MM:SS+01:00)",
    "datetime_from_date_parsing": "doit être une date et heure ISO 8601 (AAAA-MM-JJTHH:MM:SS+01:00)",
    "literal_error": "n'est pas une valeur connue",
    "enum": "n'est pas une valeur connue",
    "string_too_long": "est trop long",
    "string_pattern_mismatch": "n'a pas la forme attendue",
}


def _french(error: dict) -> dict:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    param = loc[-1] if loc else ""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("less_than_equal", "less_than"):
        message = f"doit être inférieur ou égal à {ctx.get('le', ctx.get('lt'))}"
    elif kind in ("greater_than_equal", "greater_than"):
        message = f"doit être supérieur ou égal à {ctx.get('ge', ctx.get('gt'))}"
    elif kind == "literal_error" and ctx.get("expected"):
        message = f"n'est pas une valeur connue (valeurs possibles : {ctx['expected'].replace(' or ', ' ou ')})"
    else:
        message = PYDANTIC_MESSAGES.get(kind, "est invalide")
    return {"param": param, "message": f"Le paramètre « {param} » {message}."}


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = [_french(error) for error in exc.errors]
    return api.create_response(request, {"detail": "Paramètres invalides.", "errors": errors}, status=400)


@api.exception_handler(ParamError)
def param_error(request, exc):
    body = {"detail": "Paramètres invalides.", "errors": [{"param": exc.param, "message": exc.message}]}
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Ressource introuvable."}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error on %s", request.path)
    detail = "Erreur interne du serveur. Réessayez plus tard ; si l'erreur persiste, signalez-la."
    return api.create_response(request, {"detail": detail}, status=500)


# --- Helpers --------------------------------------------------------------------------------------


def _aware(value: datetime.datetime | None, param: str) -> datetime.datetime | None:
    """A date and time without offset is Paris time; in UTC (what the database compares)."""
    if value is None:
        return None
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as exc:
        raise ParamError(param, f"Le paramètre « {param} » est une date hors des limites.") from exc


def _next_url(request, next_cursor: str | None) -> str | None:
    if next_cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = next_cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _entries_page(request, entries, *, updated_since, cursor, limit) -> dict:
    """A page of catalogue records changed since `updated_since`, in (updated_at, id) order (keyset)."""
    if updated_since is not None:
        entries = entries.filter(updated_at__gte=_aware(updated_since, "updated_since"))
    rows, next_cursor = cursors.page(
        exports.entries_with_relations(entries),
        fields=("updated_at", "id"),
        types=(datetime.datetime, int),
        cursor=cursor,
        limit=limit,
    )
    return {"items": exports.records(rows), "next_cursor": next_cursor, "next": _next_url(request, next_cursor)}


def _removed_page(request, kind: str, *, since, cursor, limit) -> dict:
    """A page of the ids of `kind` that left the programme since `since`, oldest first (keyset)."""
    removals = CatalogueRemoval.objects.filter(kind=kind, removed_at__gte=_aware(since, "since"))
    rows, next_cursor = cursors.page(
        removals, fields=("removed_at", "object_id"), types=(datetime.datetime, int), cursor=cursor, limit=limit
    )
    return {
        "items": [{"id": r.object_id, "removed_at": timezone.localtime(r.removed_at)} for r in rows],
        "next_cursor": next_cursor,
        "next": _next_url(request, next_cursor),
    }


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


# --- Editions -------------------------------------------------------------------------------------


def _edition_out(request, edition) -> dict:
    return {
        "id": edition.pk,
        "school_year": edition.campaign.school_year,
        "academy": edition.academy.slug,
        "academy_name": edition.academy.name,
        "ordinal": edition.ordinal,
        "title": edition.title,
        "national_theme": edition.campaign.theme,
        "week_start": edition.week_start,
        "week_end": edition.week_end,
        "themes": [{"id": t.pk, "title": t.title} for t in edition.themes.all()],
        "url": _absolute(
            request,
            reverse(
                "public:edition_detail",
                kwargs={"academy_slug": edition.academy.slug, "school_year": edition.campaign.school_year},
            ),
        ),
    }


def _editions():
    return Edition.objects.published().select_related("campaign", "academy").prefetch_related("themes")


@api.get(
    "/editions",
    response={200: list[EditionOut], **ERRORS},
    url_name="edition_list",
    summary="Éditions publiées",
    tags=["Éditions"],
)
def edition_list(
    request,
    edition: str = Query("", max_length=9, description="Année scolaire, ex. 2026-2027."),
    academie: str = Query("", max_length=100, description="Académie (identifiant court, ex. creteil)."),
):
    """Les éditions académiques publiées, de la plus récente à la plus ancienne."""
    editions = _editions()
    if edition:
        editions = editions.filter(campaign__school_year=edition)
    if academie:
        editions = editions.filter(academy__slug=academie)
    return [_edition_out(request, e) for e in editions.order_by("-campaign__school_year", "academy__name")]


@api.get(
    "/editions/{int:edition_id}",
    response={200: EditionOut, 404: Error, 429: Error},
    url_name="edition_detail",
    summary="Une édition",
    tags=["Éditions"],
)
def edition_detail(request, edition_id: int):
    edition = _editions().filter(pk=edition_id).first() if 0 < edition_id <= MAX_ID else None
    if edition is None:
        raise HttpError(404, "Édition introuvable (ou non publiée).")
    return _edition_out(request, edition)


# --- Actions --------------------------------------------------------------------------------------


def _catalogue_query(params: dict) -> CatalogueQuery:
    raw = {name: str(value) for name, value in params.items() if value not in (None, "", False)}
    if params.get("phare"):
        raw["phare"] = "1"
    return CatalogueQuery.from_params(raw)


@api.get(
    "/actions",
    response={200: ActionPage, **ERRORS},
    url_name="action_list",
    summary="Actions publiées",
    tags=["Actions"],
)
def action_list(
    request,
    q: str = Query("", max_length=200, description="Recherche plein texte (accents et casse indifférents)."),
    edition: str = Query("", max_length=9, description="Année scolaire, ex. 2026-2027."),
    academie: str = Query("", max_length=100, description="Académie (identifiant court, ex. creteil)."),
    departement: str = Query("", max_length=3, description="Code du département, ex. 94, 2A, 971."),
    bassin: int | None = Query(None, ge=1, le=2**31 - 1, description="Identifiant du bassin."),
    etablissement: str = Query("", max_length=8, description="UAI d'un établissement porteur."),
    type: SchoolKindParam | None = Query(None, description="Type d'établissement porteur."),  # noqa: A002
    niveau: LevelParam | None = Query(None, description="Niveau concerné."),
    public: PublicParam | None = Query(None, description="Public concerné."),
    theme: int | None = Query(None, ge=1, le=2**31 - 1, description="Identifiant d'un thème d'édition."),
    categorie: CategoryParam | None = Query(None, description="Catégorie de la fiche modèle."),
    jour: datetime.date | None = Query(None, description="Un jour de temps fort public (AAAA-MM-JJ)."),
    phare: bool = Query(False, description="Seulement les actions phares."),
    updated_since: datetime.datetime | None = Query(
        None, description="Seulement les actions modifiées depuis cette date et heure (incluse, ISO 8601)."
    ),
    cursor: str | None = Query(None, max_length=200, description="Curseur de la page suivante (next_cursor)."),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Nombre d'actions par page (100 au plus)."),
):
    """Les actions publiées qui répondent aux filtres, de la plus anciennement modifiée à la plus
    récente (`updated_at`, puis `id`) : l'ordre qui permet de garder une copie à jour."""
    query = _catalogue_query(
        {
            "q": q,
            "edition": edition,
            "academie": academie,
            "departement": departement,
            "bassin": bassin,
            "etablissement": etablissement,
            "type": type,
            "niveau": niveau,
            "public": public,
            "theme": theme,
            "categorie": categorie,
            "jour": jour.isoformat() if jour else None,
            "phare": phare,
        }
    )
    entries = query.entries(rank=False).filter(kind=EntryKind.ACTION)  # ordered by (updated_at, id) below
    return _entries_page(request, entries, updated_since=updated_since, cursor=cursor, limit=limit)


@api.get(
    "/actions/removed",
    response={200: RemovalPage, **ERRORS},
    url_name="action_removed",
    summary="Actions retirées du programme",
    tags=["Actions"],
)
def action_removed(
    request,
    since: datetime.datetime = Query(..., description="Retirées depuis cette date et heure (incluse, ISO 8601)."),
    cursor: str | None = Query(None, max_length=200, description="Curseur de la page suivante (next_cursor)."),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Nombre d'identifiants par page."),
):
    """Les identifiants des actions sorties du programme (dépubliées, retirées, supprimées) depuis
    `since` : une copie les efface. Une action republiée quitte cette liste et revient dans
    `/actions` avec un nouvel `updated_at`."""
    return _removed_page(request, EntryKind.ACTION, since=since, cursor=cursor, limit=limit)


@api.get(
    "/actions/{int:action_id}",
    response={200: ActionOut, 404: Error, 429: Error},
    url_name="action_detail",
    summary="Une action publiée",
    tags=["Actions"],
)
def action_detail(request, action_id: int):
    entries = exports.entries_with_relations(CatalogueEntry.objects.filter(action_id=action_id))
    entry = entries.first() if 0 < action_id <= MAX_ID else None
    if entry is None:
        raise HttpError(404, "Action introuvable\u00a0: elle n'existe pas ou n'est pas publiée.")
    return exports.record(entry)


# --- Events of the week ------------------------------------------------------------------------


@api.get(
    "/events",
    response={200: EventPage, **ERRORS},
    url_name="event_list",
    summary="Événements publiés",
    tags=["Événements"],
)
def event_list(
    request,
    q: str = Query("", max_length=200, description="Recherche plein texte (accents et casse indifférents)."),
    edition: str = Query("", max_length=9, description="Année scolaire, ex. 2026-2027."),
    academie: str = Query(
        "",
        max_length=100,
        description="Académie (identifiant court). Un événement partagé par plusieurs académies figure dans "
        "chacune ; sans ce filtre, il figure une seule fois.",
    ),
    departement: str = Query("", max_length=3, description="Code du département, ex. 94, 2A, 971."),
    bassin: int | None = Query(None, ge=1, le=2**31 - 1, description="Identifiant du bassin."),
    public: PublicParam | None = Query(None, description="Public concerné."),
    jour: datetime.date | None = Query(None, description="Un jour de session (AAAA-MM-JJ)."),
    updated_since: datetime.datetime | None = Query(
        None, description="Seulement les événements modifiés depuis cette date et heure (incluse, ISO 8601)."
    ),
    cursor: str | None = Query(None, max_length=200, description="Curseur de la page suivante (next_cursor)."),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Nombre d'événements par page (100 au plus)."),
):
    """Les événements publiés de la Semaine (séminaires, forums, visites…) qui répondent aux
    filtres, dans l'ordre de `updated_at` puis `id` (celui qui permet de garder une copie à jour).
    Le lien de connexion d'un événement en ligne n'est jamais publié."""
    query = _catalogue_query(
        {
            "q": q,
            "nature": "evenement",
            "edition": edition,
            "academie": academie,
            "departement": departement,
            "bassin": bassin,
            "public": public,
            "jour": jour.isoformat() if jour else None,
        }
    )
    entries = query.entries()
    return _entries_page(request, entries, updated_since=updated_since, cursor=cursor, limit=limit)


@api.get(
    "/events/removed",
    response={200: RemovalPage, **ERRORS},
    url_name="event_removed",
    summary="Événements retirés du programme",
    tags=["Événements"],
)
def event_removed(
    request,
    since: datetime.datetime = Query(..., description="Retirés depuis cette date et heure (incluse, ISO 8601)."),
    cursor: str | None = Query(None, max_length=200, description="Curseur de la page suivante (next_cursor)."),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Nombre d'identifiants par page."),
):
    """Les identifiants des événements sortis du programme (dépubliés, supprimés) depuis `since`."""
    return _removed_page(request, EntryKind.EVENT, since=since, cursor=cursor, limit=limit)


@api.get(
    "/events/{int:event_id}",
    response={200: EventOut, 404: Error, 429: Error},
    url_name="event_detail",
    summary="Un événement publié",
    tags=["Événements"],
)
def event_detail(request, event_id: int):
    entries = CatalogueEntry.objects.filter(event_id=event_id, is_primary=True)
    entry = exports.entries_with_relations(entries).first() if 0 < event_id <= MAX_ID else None
    if entry is None:
        raise HttpError(404, "Événement introuvable\u00a0: il n'existe pas ou n'est pas publié.")
    return exports.record(entry)


# --- Schools --------------------------------------------------------------------------------------


def _school_out(request, school) -> dict:
    return {
        "uai": school.uai,
        "name": school.display_name,
        "kind": school.kind,
        "sector": school.sector,
        "nature": school.nature_label,
        "address": school.address,
        "postal_code": school.postal_code,
        "commune": school.commune,
        "commune_code": school.commune_code,
        "department": school.department.code,
        "academy": school.department.academy.slug,
        "bassin_id": school.bassin_id,
        "bassin_name": school.bassin.display_name if school.bassin_id else None,
        "priority_education": school.priority_education,
        "latitude": school.latitude,
        "longitude": school.longitude,
        "website": school.website,
        "is_open": school.is_open,
        "url": _absolute(request, reverse("public:school_detail", kwargs={"uai": school.uai})),
    }


def _schools():
    return School.objects.select_related("department__academy", "bassin")


@api.get(
    "/schools",
    response={200: SchoolPage, **ERRORS},
    url_name="school_list",
    summary="Établissements",
    tags=["Établissements"],
)
def school_list(
    request,
    q: str = Query("", max_length=200, description="Nom, commune ou UAI (accents et casse indifférents)."),
    academie: str = Query("", max_length=100, description="Académie (identifiant court)."),
    departement: str = Query("", max_length=3, description="Code du département."),
    bassin: int | None = Query(None, ge=1, le=2**31 - 1, description="Identifiant du bassin."),
    type: SchoolKindParam | None = Query(None, description="Type d'établissement."),  # noqa: A002
    cursor: str | None = Query(None, max_length=200, description="Curseur de la page suivante (next_cursor)."),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Nombre d'établissements par page."),
):
    """Les établissements de l'annuaire, par UAI."""
    schools = _schools()
    if q.strip():
        schools = schools.search(q)
    if academie:
        schools = schools.filter(department__academy__slug=academie)
    if departement:
        schools = schools.filter(department__code=departement)
    if bassin:
        schools = schools.filter(bassin_id=bassin)
    if type:
        schools = schools.filter(kind=type)
    rows, next_cursor = cursors.page(schools, fields=("uai",), types=(str,), cursor=cursor, limit=limit)
    return {
        "items": [_school_out(request, s) for s in rows],
        "next_cursor": next_cursor,
        "next": _next_url(request, next_cursor),
    }


@api.get(
    "/schools/{uai}",
    response={200: SchoolOut, 404: Error, 429: Error},
    url_name="school_detail",
    summary="Un établissement",
    tags=["Établissements"],
)
def school_detail(request, uai: str):
    uai = normalize_uai(uai)
    school = _schools().filter(uai=uai).first() if is_valid_uai(uai) else None
    if school is None:
        raise HttpError(404, "Établissement introuvable\u00a0: vérifiez l'UAI (8 caractères, ex. 0750001A).")
    return _school_out(request, school)


# --- Territories ----------------------------------------------------------------------------------


@api.get(
    "/territories/academies",
    response={200: list[AcademyOut], 429: Error},
    url_name="academy_list",
    summary="Académies",
    tags=["Territoires"],
)
def academy_list(request):
    """Toutes les académies, y compris celles fusionnées depuis (`valid_until`, `successor`)."""
    academies = Academy.objects.select_related("region", "successor").order_by("code")
    return [
        {
            "code": a.code,
            "slug": a.slug,
            "name": a.name,
            "region": a.region.name if a.region_id else None,
            "valid_until": a.valid_until,
            "successor": a.successor.slug if a.successor_id else None,
        }
        for a in academies
    ]


@api.get(
    "/territories/departments",
    response={200: list[DepartmentOut], **ERRORS},
    url_name="department_list",
    summary="Départements",
    tags=["Territoires"],
)
def department_list(request, academie: str = Query("", max_length=100, description="Académie (identifiant court).")):
    departments = Department.objects.select_related("academy").order_by("code")
    if academie:
        departments = departments.filter(academy__slug=academie)
    return [{"code": d.code, "name": d.name, "academy": d.academy.slug} for d in departments]


@api.get(
    "/territories/bassins",
    response={200: list[BassinOut], **ERRORS},
    url_name="bassin_list",
    summary="Bassins d'éducation et de formation",
    tags=["Territoires"],
)
def bassin_list(
    request,
    academie: str = Query("", max_length=100, description="Académie (identifiant court)."),
    departement: str = Query("", max_length=3, description="Code du département."),
):
    bassins = Bassin.objects.select_related("department__academy").order_by("department__code", "name", "id")
    if academie:
        bassins = bassins.filter(department__academy__slug=academie)
    if departement:
        bassins = bassins.filter(department__code=departement)
    return [
        {
            "id": b.pk,
            "code": b.code,
            "name": b.display_name,
            "department": b.department.code,
            "academy": b.department.academy.slug,
        }
        for b in bassins
    ]
