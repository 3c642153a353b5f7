"""Writes on campaigns and editions. Each service checks who asks, validates, writes in one
transaction and leaves an audit entry (sps.audit)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from sps.accounts import perms
from sps.audit.services import log_action
from sps.common.errors import DomainError
from sps.editions import rules
from sps.editions.enums import UNIQUE_MILESTONE_KINDS, EditionStatus, MilestoneKind
from sps.editions.models import (
    Campaign,
    Edition,
    EditionBassin,
    EditionDateOverride,
    EditionTheme,
    Milestone,
    validate_school_year,
)
from sps.territories.text import of_academy

# What a pilot may set on the edition itself; themes, milestones, overrides and bassins have their own arguments.
EDITION_FIELDS = ("title", "ordinal", "week_start", "week_end", "all_bassins_participate", "late_declarations_allowed")


class EditionError(DomainError):
    """A refused change to a campaign or an edition; the message is French, for the user."""


def _validation_error(errors: Iterable[str]) -> EditionError:
    return EditionError(" ".join(errors))


# --- Campaigns -----------------------------------------------------------------------------


@transaction.atomic
def campaign_open(*, school_year: str, theme: str = "", message: str = "", by) -> Campaign:
    """Open the national campaign of a school year (« 2025-2026 »). National pilots only."""
    if not perms.can_open_campaign(by):
        raise EditionError("Seul un pilote national peut ouvrir une campagne.")
    school_year = (school_year or "").strip()
    try:
        validate_school_year(school_year)
    except ValidationError as exc:
        raise EditionError(" ".join(exc.messages)) from exc
    if Campaign.objects.filter(school_year=school_year).exists():
        raise EditionError(f"La campagne {school_year} est déjà ouverte.")
    campaign = Campaign.objects.create(
        school_year=school_year, theme=(theme or "").strip(), message=(message or "").strip(), opened_by=by
    )
    log_action(
        campaign, "editions.campaign.opened", user=by, data={"school_year": school_year, "theme": campaign.theme}
    )
    return campaign


# --- Reading the past ---------------------------------------------------------------------


def _past_editions(*, campaign: Campaign, academy):
    """Editions of `academy` and of the académies merged into it, in earlier campaigns."""
    return Edition.objects.filter(
        Q(academy=academy) | Q(academy__successor=academy), campaign__school_year__lt=campaign.school_year
    )


def suggested_ordinal(*, campaign: Campaign, academy) -> int:
    """1 + the ordinal of the previous edition (previous_edition): a pilot's correction is what the
    next one counts from, and Normandie continues the count of Caen or Rouen, whichever ran more weeks."""
    previous = previous_edition(campaign=campaign, academy=academy)
    return previous.ordinal + 1 if previous else 1


def previous_edition(*, campaign: Campaign, academy) -> Edition | None:
    """The latest past edition: the académie's own first, else a predecessor's with the highest ordinal."""
    return (
        _past_editions(campaign=campaign, academy=academy)
        .annotate(own=Case(When(academy=academy, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-campaign__school_year", "-own", "-ordinal")
        .first()
    )


# --- Validation ----------------------------------------------------------------------------


def _check(*, campaign, academy, fields, themes, milestones, date_overrides, bassins, pilot_bassin) -> list[str]:
    """Every rule of rules.py over the whole edition; the messages of what is wrong."""
    errors = []
    title = fields.get("title")
    if title is not None and not title.strip():
        errors.append("Indiquez le titre de l'édition.")
    ordinal = fields.get("ordinal")
    if ordinal is not None and ordinal < 1:
        errors.append("Le numéro de l'édition commence à 1.")
    if "week_start" in fields or "week_end" in fields:
        if not fields.get("week_start") or not fields.get("week_end"):
            errors.append("Indiquez les dates de début et de fin de la semaine.")
        else:
            errors += rules.check_week(
                campaign=campaign, week_start=fields["week_start"], week_end=fields["week_end"]
            ).values()
    for theme in themes or []:
        if not (theme.get("title") or "").strip():
            errors.append("Chaque thème doit avoir un titre.")
    kinds = [m["kind"] for m in milestones or []]
    for kind in UNIQUE_MILESTONE_KINDS:
        if kinds.count(kind) > 1:
            errors.append(f"Le calendrier ne peut avoir qu'une étape « {MilestoneKind(kind).label} ».")
    for milestone in milestones or []:
        if milestone["kind"] not in MilestoneKind.values:
            errors.append("Étape du calendrier inconnue.")
        errors += rules.check_milestone(
            campaign=campaign, date=milestone["date"], end_date=milestone.get("end_date")
        ).values()
    seen_scopes = set()
    for override in date_overrides or []:
        department, bassin = override.get("department"), override.get("bassin")
        errors += rules.check_override(
            campaign=campaign,
            academy=academy,
            department=department,
            bassin=bassin,
            week_start=override["week_start"],
            week_end=override["week_end"],
        ).values()
        scope = ("d", department.pk) if department else ("b", bassin.pk if bassin else None)
        if scope in seen_scopes:
            errors.append("Un même département ou bassin ne peut avoir qu'une ligne de dates particulières.")
        seen_scopes.add(scope)
    if bassins is not None:
        errors += rules.check_bassins(academy=academy, bassins=list(bassins), pilot_bassin=pilot_bassin)
    return errors


# --- Writing -------------------------------------------------------------------------------


def _write_children(*, edition, themes, milestones, date_overrides, bassins, pilot_bassin, joined_on=None):
    """Replace the lists that were given (None leaves a list as it is)."""
    if themes is not None:
        _write_themes(edition=edition, themes=themes)
    if milestones is not None:
        edition.milestones.all().delete()
        Milestone.objects.bulk_create(
            Milestone(
                edition=edition,
                kind=m["kind"],
                date=m["date"],
                end_date=m.get("end_date"),
                text=(m.get("text") or "").strip(),
            )
            for m in milestones
        )
    if date_overrides is not None:
        edition.date_overrides.all().delete()
        EditionDateOverride.objects.bulk_create(
            EditionDateOverride(
                edition=edition,
                department=o.get("department"),
                bassin=o.get("bassin"),
                week_start=o["week_start"],
                week_end=o["week_end"],
                note=(o.get("note") or "").strip(),
            )
            for o in date_overrides
        )
    if bassins is not None:
        _write_bassins(edition=edition, bassins=list(bassins), pilot_bassin=pilot_bassin, joined_on=joined_on)


def _write_themes(*, edition, themes: list[dict]) -> None:
    """Update the edition's themes in place, never by deleting and recreating them: the fiches that
    chose a theme keep it, also when it is renamed. A row carries the `id` of the theme it shows (the
    edition form sends it back); a row without one keeps the theme of the same title, or is a new
    theme. Only the themes no row kept are deleted (the pilot removed them: fiches lose that choice)."""
    existing = {theme.pk: theme for theme in edition.themes.all()}
    by_title = {}
    for theme in existing.values():
        by_title.setdefault(theme.title, theme)
    kept = []
    for order, row in enumerate(themes):
        title, text = row["title"].strip(), (row.get("text") or "").strip()
        theme = existing.pop(row.get("id"), None)
        if theme is None:
            theme = by_title.get(title)
            theme = existing.pop(theme.pk, None) if theme is not None else None
        if theme is None:
            theme = EditionTheme(edition=edition)
        kept.append((theme, title, text, order))
    if existing:
        EditionTheme.objects.filter(pk__in=list(existing)).delete()
    for theme, title, text, order in kept:
        if theme.pk is None or (theme.title, theme.text, theme.order) != (title, text, order):
            theme.title, theme.text, theme.order = title, text, order
            theme.save()


def _write_bassins(*, edition, bassins, pilot_bassin, joined_on: dict | None):
    """Keep the day each bassin joined: a bassin already taking part keeps its date; a new one joins today."""
    today = timezone.localdate()
    existing = {p.bassin_id: p for p in edition.bassin_participations.all()}
    wanted = {b.pk for b in bassins}
    edition.bassin_participations.exclude(bassin_id__in=wanted).delete()
    for bassin in bassins:
        is_pilot = pilot_bassin is not None and bassin.pk == pilot_bassin.pk
        participation = existing.get(bassin.pk)
        if participation is None:
            EditionBassin.objects.create(
                edition=edition, bassin=bassin, is_pilot=is_pilot, joined_on=(joined_on or {}).get(bassin.pk, today)
            )
        elif participation.is_pilot != is_pilot:
            participation.is_pilot = is_pilot
            participation.save(update_fields=["is_pilot"])


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EDITION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown edition fields: {', '.join(sorted(unknown))}")


def _children_summary(*, themes, milestones, date_overrides, bassins) -> dict:
    summary = {}
    for name, value in (("themes", themes), ("milestones", milestones), ("date_overrides", date_overrides)):
        if value is not None:
            summary[name] = len(value)
    if bassins is not None:
        summary["bassins"] = sorted(b.pk for b in bassins)
    return summary


@transaction.atomic
def edition_create(
    *,
    campaign: Campaign,
    academy,
    by,
    themes: list[dict] | None = None,
    milestones: list[dict] | None = None,
    date_overrides: list[dict] | None = None,
    bassins: Iterable | None = None,
    pilot_bassin=None,
    **fields,
) -> Edition:
    """Open `academy`'s edition in `campaign`, as a draft.

    `fields` are those of EDITION_FIELDS (week_start and week_end required); the ordinal defaults
    to suggested_ordinal(). Themes are dicts {title, text}; milestones {kind, date, end_date, text};
    date_overrides {department or bassin, week_start, week_end, note}; `bassins` the chosen set,
    `pilot_bassin` one of them.
    """
    _check_fields(fields)
    if not perms.can_manage_edition(by, academy):
        raise EditionError(f"Vous ne pouvez pas créer l'édition {of_academy(academy.name)}.")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if Edition.objects.filter(campaign=campaign, academy=academy).exists():
        raise EditionError(f"L'édition {campaign.school_year} {of_academy(academy.name)} existe déjà.")
    problem = rules.check_academy(campaign=campaign, academy=academy)
    if problem:
        raise EditionError(problem)
    fields.setdefault("ordinal", suggested_ordinal(campaign=campaign, academy=academy))
    fields.setdefault("week_start", None)
    fields.setdefault("week_end", None)
    errors = _check(
        campaign=campaign,
        academy=academy,
        fields=fields,
        themes=themes,
        milestones=milestones,
        date_overrides=date_overrides,
        bassins=bassins,
        pilot_bassin=pilot_bassin,
    )
    if errors:
        raise _validation_error(errors)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    try:
        with transaction.atomic():
            edition = Edition.objects.create(campaign=campaign, academy=academy, **fields)
    except IntegrityError as exc:
        raise EditionError(f"L'édition {campaign.school_year} {of_academy(academy.name)} existe déjà.") from exc
    _write_children(
        edition=edition,
        themes=themes,
        milestones=milestones,
        date_overrides=date_overrides,
        bassins=bassins,
        pilot_bassin=pilot_bassin,
    )
    log_action(
        edition,
        "editions.edition.created",
        user=by,
        data={
            "campaign": campaign.school_year,
            "academy": academy.code,
            "fields": {name: fields[name] for name in EDITION_FIELDS if name in fields},
            **_children_summary(themes=themes, milestones=milestones, date_overrides=date_overrides, bassins=bassins),
        },
    )
    return edition


@transaction.atomic
def edition_update(
    *,
    edition: Edition,
    by,
    themes: list[dict] | None = None,
    milestones: list[dict] | None = None,
    date_overrides: list[dict] | None = None,
    bassins: Iterable | None = None,
    pilot_bassin=None,
    **fields,
) -> Edition:
    """Change an edition (draft or published). Lists given replace the current ones; None keeps them."""
    _check_fields(fields)
    if not perms.can_manage_edition(by, edition.academy):
        raise EditionError(f"Vous ne pouvez pas modifier l'édition {of_academy(edition.academy.name)}.")
    edition = Edition.objects.select_for_update().select_related("campaign", "academy").get(pk=edition.pk)
    if ("week_start" in fields) != ("week_end" in fields):
        fields.setdefault("week_start", edition.week_start)
        fields.setdefault("week_end", edition.week_end)
    errors = _check(
        campaign=edition.campaign,
        academy=edition.academy,
        fields=fields,
        themes=themes,
        milestones=milestones,
        date_overrides=date_overrides,
        bassins=bassins,
        pilot_bassin=pilot_bassin,
    )
    if errors:
        raise _validation_error(errors)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    changed = {name: value for name, value in fields.items() if getattr(edition, name) != value}
    for name, value in changed.items():
        setattr(edition, name, value)
    edition.save()
    _write_children(
        edition=edition,
        themes=themes,
        milestones=milestones,
        date_overrides=date_overrides,
        bassins=bassins,
        pilot_bassin=pilot_bassin,
    )
    log_action(
        edition,
        "editions.edition.updated",
        user=by,
        data={
            "changed": changed,
            **_children_summary(themes=themes, milestones=milestones, date_overrides=date_overrides, bassins=bassins),
        },
    )
    return edition


def shift_date(day: datetime.date, *, years: int, campaign: Campaign) -> datetime.date:
    """`day` moved `years` school years on, on the same weekday.

    52 weeks (364 days) a year keeps a Monday a Monday (the week runs Monday to Friday and the
    milestones fall on working days); a week is added back whenever the drift from the same
    calendar day reaches four days, so the dates never wander more than three days from their
    anniversary. The result is kept inside the new campaign's school year.
    """
    shifted = day + datetime.timedelta(days=364 * years)
    try:
        anniversary = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + years, day=28)
    while (anniversary - shifted).days >= 4:
        shifted += datetime.timedelta(days=7)
    while shifted < campaign.starts_on:
        shifted += datetime.timedelta(days=7)
    while shifted > campaign.ends_on:
        shifted -= datetime.timedelta(days=7)
    return shifted


@transaction.atomic
def edition_copy_from_previous(*, campaign: Campaign, academy, by) -> Edition:
    """« Partir de l'édition de l'an dernier »: a new draft with the previous edition's title, themes,
    calendar, date overrides, participating bassins and settings, its dates moved on (shift_date).

    The ordinal follows the past ones; overrides and bassins no longer in the académie are left out;
    each bassin keeps the day it first joined.
    """
    if not perms.can_manage_edition(by, academy):
        raise EditionError(f"Vous ne pouvez pas créer l'édition {of_academy(academy.name)}.")
    if Edition.objects.filter(campaign=campaign, academy=academy).exists():
        raise EditionError(f"L'édition {campaign.school_year} {of_academy(academy.name)} existe déjà.")
    previous = previous_edition(campaign=campaign, academy=academy)
    if previous is None:
        raise EditionError(f"{academy} n'a pas d'édition précédente : créez l'édition à partir d'un formulaire vide.")
    previous = Edition.objects.with_calendar().get(pk=previous.pk)
    years = campaign.start_year - previous.campaign.start_year

    def shift(day):
        return shift_date(day, years=years, campaign=campaign) if day else None

    ids = rules.academy_ids(academy)
    participations = [p for p in previous.bassin_participations.all() if p.bassin.department.academy_id in ids]
    pilot = next((p.bassin for p in participations if p.is_pilot), None)
    edition = edition_create(
        campaign=campaign,
        academy=academy,
        by=by,
        title=previous.title,
        week_start=shift(previous.week_start),
        week_end=shift(previous.week_end),
        all_bassins_participate=previous.all_bassins_participate,
        late_declarations_allowed=previous.late_declarations_allowed,
        themes=[{"title": t.title, "text": t.text} for t in previous.themes.all()],
        milestones=[
            {"kind": m.kind, "date": shift(m.date), "end_date": shift(m.end_date), "text": m.text}
            for m in previous.milestones.all()
        ],
        date_overrides=[
            {
                "department": o.department,
                "bassin": o.bassin,
                "week_start": shift(o.week_start),
                "week_end": shift(o.week_end),
                "note": o.note,
            }
            for o in previous.date_overrides.all()
            if (o.bassin.department.academy_id if o.bassin_id else o.department.academy_id) in ids
        ],
        bassins=[],
    )
    _write_bassins(
        edition=edition,
        bassins=[p.bassin for p in participations],
        pilot_bassin=pilot,
        joined_on={p.bassin_id: p.joined_on for p in participations},
    )
    log_action(
        edition,
        "editions.edition.copied",
        user=by,
        data={"from_edition": previous.pk, "from_campaign": previous.campaign.school_year, "shift_days": 364 * years},
    )
    return edition


@transaction.atomic
def edition_publish(*, edition: Edition, by) -> Edition:
    """Publish the edition: its public page opens."""
    if not perms.can_manage_edition(by, edition.academy):
        raise EditionError(f"Vous ne pouvez pas publier l'édition {of_academy(edition.academy.name)}.")
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status == EditionStatus.PUBLISHED:
        raise EditionError("Cette édition est déjà publiée.")
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at", "updated_at"])
    log_action(edition, "editions.edition.published", user=by)
    return edition
