"""Pilots set up campaigns and editions: the national pilot opens a campaign, an académie pilot
creates, edits, copies and publishes the académie's edition.

The edition form is one page of plain forms and formsets (themes, milestones, date overrides)
that works without JavaScript: each formset has empty extra rows and a « Supprimer » box, all
of it is validated before the one service call, so bad input writes nothing and is shown again.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_http_methods, require_POST

from sps.accounts import perms
from sps.accounts.enums import Role
from sps.actions import rules as action_rules
from sps.actions.errors import ActionError
from sps.actions.services import moderation_settings
from sps.catalogue import index as catalogue_index
from sps.common.dates import format_date
from sps.editions import rules, services
from sps.editions.enums import DEFAULT_EDITION_TITLE, UNIQUE_MILESTONE_KINDS, MilestoneKind
from sps.editions.models import Campaign, Edition, validate_school_year
from sps.editions.services import EditionError
from sps.territories.models import Bassin, Department
from sps.territories.text import french_sort_key
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.pilotage.action_forms import ModerationSettingsForm

THEME_EXTRA_ROWS = 2
MILESTONE_EXTRA_ROWS = 2
OVERRIDE_EXTRA_ROWS = 2
MAX_ROWS = 30
# The rows a new edition's calendar starts with (left blank, a row is ignored).
DEFAULT_MILESTONE_KINDS = [
    MilestoneKind.LAUNCH,
    MilestoneKind.DECLARATION_DEADLINE,
    MilestoneKind.PROGRAMME_FINALISATION,
    MilestoneKind.CAPITALISATION,
    MilestoneKind.CLOSING_SEMINAR,
    MilestoneKind.BILAN_DEADLINE,
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


# --- Forms ---------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    school_year = forms.CharField(
        label="Année scolaire", max_length=9, help_text="Sous la forme 2025-2026.", validators=[validate_school_year]
    )
    theme = forms.CharField(label="Thème national", max_length=200, required=False)
    message = forms.CharField(
        label="Message aux académies", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_school_year(self):
        school_year = self.cleaned_data["school_year"]
        if Campaign.objects.filter(school_year=school_year).exists():
            raise forms.ValidationError(f"La campagne {school_year} est déjà ouverte.")
        return school_year


class BassinChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.department.name})"


class PilotBassinField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.department.name})"


class EditionForm(forms.Form):
    title = forms.CharField(
        label="Titre",
        max_length=200,
        help_text="Par exemple « Semaine de la persévérance scolaire et de l'orientation ».",
    )
    ordinal = forms.IntegerField(
        label="Numéro de l'édition", min_value=1, max_value=99, help_text="1 pour la 1re édition, 2 pour la 2e…"
    )
    week_start = _date_field("Premier jour de la semaine")
    week_end = _date_field("Dernier jour de la semaine")
    late_declarations_allowed = forms.BooleanField(
        label="Accepter les déclarations après la date limite",
        required=False,
        help_text="Les porteurs de projet pourront encore déclarer des actions une fois la date limite passée.",
    )
    bassins_mode = forms.ChoiceField(
        label="Bassins participants",
        choices=[("all", "Tous les bassins participent"), ("some", "Une sélection de bassins participe")],
        widget=forms.RadioSelect,
        initial="all",
    )
    bassins = BassinChoiceField(
        label="Bassins de la sélection",
        queryset=Bassin.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pilot_bassin = PilotBassinField(
        label="Bassin pilote",
        queryset=Bassin.objects.none(),
        required=False,
        empty_label="Aucun bassin pilote",
        help_text="Le bassin qui lance la démarche avant sa généralisation.",
    )

    def __init__(self, *args, campaign, academy, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.academy = campaign, academy
        bassins = Bassin.objects.filter(department__academy_id__in=rules.academy_ids(academy)).select_related(
            "department"
        )
        self.fields["bassins"].queryset = bassins
        self.fields["pilot_bassin"].queryset = bassins

    def clean(self):
        data = super().clean()
        for field, message in rules.check_week(
            campaign=self.campaign, week_start=data.get("week_start"), week_end=data.get("week_end")
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        chosen = list(data.get("bassins") or [])
        if data.get("bassins_mode") == "some" and not chosen:
            self.add_error("bassins", "Choisissez au moins un bassin, ou indiquez que tous les bassins participent.")
        pilot = data.get("pilot_bassin")
        if pilot is not None and pilot not in chosen:
            self.add_error("pilot_bassin", "Le bassin pilote doit faire partie des bassins cochés.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "ordinal": data["ordinal"],
            "week_start": data["week_start"],
            "week_end": data["week_end"],
            "late_declarations_allowed": data["late_declarations_allowed"],
            "all_bassins_participate": data["bassins_mode"] == "all",
            "bassins": list(data["bassins"]),
            "pilot_bassin": data["pilot_bassin"],
        }


class RowForm(forms.Form):
    """A row of a formset; knows the edition's campaign and académie for its checks."""

    def __init__(self, *args, campaign, academy, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.academy = campaign, academy

    def has_changed(self):
        # A row whose every box was emptied counts as left blank, even if it was shown with a step chosen.
        if not super().has_changed():
            return False
        return any(
            self.data.get(self.add_prefix(name), "") not in ("", None) for name in self.fields if name != "DELETE"
        )

    def _add_errors(self, errors: dict):
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)


class ThemeForm(RowForm):
    # The theme the row shows: a renamed theme stays the one the fiches chose.
    theme_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Thème", max_length=200)
    text = forms.CharField(
        label="Présentation courte", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneForm(RowForm):
    kind = forms.ChoiceField(label="Étape", choices=[("", "Choisir une étape")] + MilestoneKind.choices)
    date = _date_field("Date (ou début de la période)")
    end_date = _date_field("Fin de la période", required=False, help_text="Seulement pour une période.")
    text = forms.CharField(label="Précision", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        self._add_errors(
            rules.check_milestone(campaign=self.campaign, date=data.get("date"), end_date=data.get("end_date"))
        )
        return data


class DateOverrideForm(RowForm):
    scope = forms.ChoiceField(label="Département ou bassin")
    week_start = _date_field("Premier jour")
    week_end = _date_field("Dernier jour")
    note = forms.CharField(label="Précision", max_length=300, required=False)

    def __init__(self, *args, scope_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices

    def clean(self):
        data = super().clean()
        department = bassin = None
        kind, _, pk = (data.get("scope") or "").partition(":")
        if kind == "d":
            department = Department.objects.filter(pk=pk).select_related("academy").first()
        elif kind == "b":
            bassin = Bassin.objects.filter(pk=pk).select_related("department").first()
        data["department"], data["bassin"] = department, bassin
        if "scope" in data:
            self._add_errors(
                rules.check_override(
                    campaign=self.campaign,
                    academy=self.academy,
                    department=department,
                    bassin=bassin,
                    week_start=data.get("week_start"),
                    week_end=data.get("week_end"),
                )
            )
        return data


class RowFormSet(forms.BaseFormSet):
    """Existing rows are kept unless their « Supprimer » box is ticked; extra rows are optional (a row
    left as shown is ignored). `suggestions` prefill the first extra rows (a new edition's calendar
    steps) without making them required. The service replaces the whole list with rows()."""

    suggestions: list[dict] = []

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        extra_index = index - self.initial_form_count()
        if 0 <= extra_index < len(self.suggestions):
            kwargs["initial"] = self.suggestions[extra_index]
        return kwargs

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]


class MilestoneFormSet(RowFormSet):
    def clean(self):
        if any(self.errors):
            return
        kinds = [row["kind"] for row in self.rows()]
        for kind in UNIQUE_MILESTONE_KINDS:
            if kinds.count(kind) > 1:
                raise forms.ValidationError(
                    f"Le calendrier ne peut avoir qu'une étape « {MilestoneKind(kind).label} »."
                )


class DateOverrideFormSet(RowFormSet):
    def clean(self):
        if any(self.errors):
            return
        scopes = [row["scope"] for row in self.rows()]
        if len(scopes) != len(set(scopes)):
            raise forms.ValidationError(
                "Un même département ou bassin ne peut avoir qu'une ligne de dates particulières."
            )


def _formset(form, base, *, initial, extra_rows, data, prefix, suggestions=(), **form_kwargs):
    formset_class = formset_factory(
        form,
        formset=base,
        extra=len(suggestions) + extra_rows,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
    )
    formset_class.suggestions = list(suggestions)
    return formset_class(data, initial=initial or None, prefix=prefix, form_kwargs=form_kwargs)


def _scope_choices(academy) -> list:
    ids = rules.academy_ids(academy)
    departments = Department.objects.filter(academy_id__in=ids).order_by("code")
    bassins = Bassin.objects.filter(department__academy_id__in=ids).select_related("department")
    return [
        ("", "Choisir un département ou un bassin"),
        ("Départements", [(f"d:{d.pk}", str(d)) for d in departments]),
        ("Bassins", [(f"b:{b.pk}", f"{b.display_name} ({b.department.name})") for b in bassins]),
    ]


class EditionForms:
    """The edition's form and its three formsets, bound or not, validated together."""

    def __init__(self, data, *, campaign, academy, edition=None):
        kwargs = {"campaign": campaign, "academy": academy}
        if edition is None:
            initial = {
                "title": DEFAULT_EDITION_TITLE,
                "ordinal": services.suggested_ordinal(campaign=campaign, academy=academy),
                "bassins_mode": "all",
            }
            themes, milestones, overrides = [], [], []
            suggestions = [{"kind": kind} for kind in DEFAULT_MILESTONE_KINDS]
        else:
            suggestions = []
            participations = list(edition.bassin_participations.all())
            pilot = next((p.bassin for p in participations if p.is_pilot), None)
            initial = {
                "title": edition.title,
                "ordinal": edition.ordinal,
                "week_start": edition.week_start,
                "week_end": edition.week_end,
                "late_declarations_allowed": edition.late_declarations_allowed,
                "bassins_mode": "all" if edition.all_bassins_participate else "some",
                "bassins": [p.bassin for p in participations],
                "pilot_bassin": pilot,
            }
            themes = [{"theme_id": t.pk, "title": t.title, "text": t.text} for t in edition.themes.all()]
            milestones = [
                {"kind": m.kind, "date": m.date, "end_date": m.end_date, "text": m.text}
                for m in edition.milestones.all()
            ]
            overrides = [
                {
                    "scope": f"b:{o.bassin_id}" if o.bassin_id else f"d:{o.department_id}",
                    "week_start": o.week_start,
                    "week_end": o.week_end,
                    "note": o.note,
                }
                for o in edition.date_overrides.all()
            ]
        self.form = EditionForm(data, initial=initial, **kwargs)
        self.themes = _formset(
            ThemeForm, RowFormSet, initial=themes, extra_rows=THEME_EXTRA_ROWS, data=data, prefix="themes", **kwargs
        )
        self.milestones = _formset(
            MilestoneForm,
            MilestoneFormSet,
            initial=milestones,
            extra_rows=MILESTONE_EXTRA_ROWS,
            data=data,
            prefix="milestones",
            suggestions=suggestions,
            **kwargs,
        )
        self.overrides = _formset(
            DateOverrideForm,
            DateOverrideFormSet,
            initial=overrides,
            extra_rows=OVERRIDE_EXTRA_ROWS,
            data=data,
            prefix="overrides",
            scope_choices=_scope_choices(academy),
            **kwargs,
        )

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.themes.is_valid(), self.milestones.is_valid(), self.overrides.is_valid()]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and not self.is_valid()

    def service_kwargs(self) -> dict:
        return {
            **self.form.service_kwargs(),
            "themes": [{"id": r["theme_id"], "title": r["title"], "text": r["text"]} for r in self.themes.rows()],
            "milestones": [
                {"kind": r["kind"], "date": r["date"], "end_date": r["end_date"], "text": r["text"]}
                for r in self.milestones.rows()
            ],
            "date_overrides": [
                {
                    "department": r["department"],
                    "bassin": r["bassin"],
                    "week_start": r["week_start"],
                    "week_end": r["week_end"],
                    "note": r["note"],
                }
                for r in self.overrides.rows()
            ],
        }

    def context(self) -> dict:
        return {
            "form": self.form,
            "theme_formset": self.themes,
            "milestone_formset": self.milestones,
            "override_formset": self.overrides,
            "has_errors": self.has_errors,
        }


# --- Loading in scope ----------------------------------------------------------------------


def editions_to_create(user, today=None) -> list[dict]:
    """What an académie pilot is asked to do first: the edition of the current campaign of each académie
    they pilot, when it does not exist yet (and the campaign is not over). National pilots see every
    académie in the editions' table instead of one prompt each."""
    today = today or timezone.localdate()
    campaign = Campaign.objects.current(today)
    if campaign is None or campaign.ends_on < today:
        return []
    ids = {r.academy_id for r in perms.user_roles(user) if r.role == Role.ACADEMY_PILOT}
    academies = perms.pilot_academies(user).filter(pk__in=ids).exclude(editions__campaign=campaign)
    return [
        {
            "campaign": campaign,
            "academy": academy,
            "url": reverse("pilotage:edition_create", args=[campaign.school_year, academy.slug]),
        }
        for academy in sorted(academies, key=lambda a: french_sort_key(a.name))
        if rules.check_academy(campaign=campaign, academy=academy) is None
    ]


def _editions_in_scope(user):
    """Editions of the académies the user pilots (and of those merged into them): others are a 404."""
    return Edition.objects.in_academies(perms.pilot_academies(user))


def _edition_for_manager(request, pk) -> Edition:
    edition = get_object_or_404(_editions_in_scope(request.user).with_calendar(), pk=pk)
    if not perms.can_manage_edition(request.user, edition.academy):
        raise PermissionDenied
    return edition


def _campaign_and_academy(request, school_year, academy_slug):
    campaign = get_object_or_404(Campaign, school_year=school_year)
    academy = get_object_or_404(perms.pilot_academies(request.user), slug=academy_slug)
    if not perms.can_manage_edition(request.user, academy):
        raise PermissionDenied
    return campaign, academy


# --- Views ---------------------------------------------------------------------------------


@require(perms.can_access_pilotage)
def edition_list(request):
    user = request.user
    today = timezone.localdate()
    campaigns = list(Campaign.objects.all())
    editions = list(_editions_in_scope(user).select_related("campaign", "academy"))
    academies = sorted(perms.pilot_academies(user), key=lambda a: french_sort_key(a.name))
    by_campaign = {}
    for edition in editions:
        by_campaign.setdefault(edition.campaign_id, []).append(edition)
    sections = []
    for campaign in campaigns:
        rows = [
            {"academy": e.academy, "edition": e, "can_manage": perms.can_manage_edition(user, e.academy)}
            for e in by_campaign.get(campaign.pk, [])
        ]
        if campaign.ends_on >= today:
            done = {e.academy_id for e in by_campaign.get(campaign.pk, [])}
            rows += [
                {"academy": a, "edition": None, "can_manage": perms.can_manage_edition(user, a)}
                for a in academies
                if a.pk not in done and rules.check_academy(campaign=campaign, academy=a) is None
            ]
        rows.sort(key=lambda row: french_sort_key(row["academy"].name))
        sections.append({"campaign": campaign, "rows": rows})
    return render(
        request,
        "pilotage/editions/edition_list.html",
        {
            "title": "Éditions",
            "sections": sections,
            "can_open_campaign": perms.can_open_campaign(user),
            "editions_to_create": editions_to_create(user, today),
        },
    )


@require(perms.can_open_campaign)
@require_http_methods(["GET", "POST"])
def campaign_open(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(**form.cleaned_data, by=request.user)
        except EditionError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"La campagne {campaign.school_year} est ouverte : les académies peuvent créer leur édition."
            )
            return redirect("pilotage:edition_list")
    return render(request, "pilotage/editions/campaign_form.html", {"title": "Ouvrir une campagne", "form": form})


@require(perms.can_manage_editions)
@require_http_methods(["GET", "POST"])
def edition_create(request, school_year, academy_slug):
    campaign, academy = _campaign_and_academy(request, school_year, academy_slug)
    existing = Edition.objects.filter(campaign=campaign, academy=academy).first()
    if existing is not None:
        messages.info(request, "Cette édition existe déjà : vous pouvez la modifier.")
        return redirect("pilotage:edition_edit", pk=existing.pk)
    if rules.check_academy(campaign=campaign, academy=academy):
        raise Http404("Académie absente de cette campagne")
    edition_forms = EditionForms(request.POST or None, campaign=campaign, academy=academy)
    if request.method == "POST" and edition_forms.is_valid():
        try:
            edition = services.edition_create(
                campaign=campaign, academy=academy, by=request.user, **edition_forms.service_kwargs()
            )
        except EditionError as error:
            add_domain_error(edition_forms.form, error)
        else:
            catalogue_index.reindex_edition(edition)  # the académie's events of that year join the programme
            messages.success(request, "L'édition est créée (brouillon). Publiez-la quand elle est prête.")
            return redirect("pilotage:edition_detail", pk=edition.pk)
    previous = services.previous_edition(campaign=campaign, academy=academy)
    return render(
        request,
        "pilotage/editions/edition_form.html",
        {
            "title": f"Créer l'édition {campaign.school_year} — {academy}",
            "campaign": campaign,
            "academy": academy,
            "edition": None,
            "previous": previous,
            **edition_forms.context(),
        },
    )


@require(perms.can_manage_editions)
@require_http_methods(["GET", "POST"])
def edition_edit(request, pk):
    edition = _edition_for_manager(request, pk)
    edition_forms = EditionForms(
        request.POST or None, campaign=edition.campaign, academy=edition.academy, edition=edition
    )
    if request.method == "POST" and edition_forms.is_valid():
        try:
            services.edition_update(edition=edition, by=request.user, **edition_forms.service_kwargs())
        except EditionError as error:
            add_domain_error(edition_forms.form, error)
        else:
            catalogue_index.reindex_edition(edition)
            messages.success(request, "L'édition est enregistrée.")
            return redirect("pilotage:edition_detail", pk=edition.pk)
    return render(
        request,
        "pilotage/editions/edition_form.html",
        {
            "title": f"Modifier l'édition {edition.campaign.school_year} — {edition.academy}",
            "campaign": edition.campaign,
            "academy": edition.academy,
            "edition": edition,
            **edition_forms.context(),
        },
    )


@require(perms.can_access_pilotage)
def edition_detail(request, pk):
    edition = get_object_or_404(_editions_in_scope(request.user).with_calendar(), pk=pk)
    return _detail(request, edition)


def _detail(request, edition, *, moderation_form=None, status=200):
    today = timezone.localdate()
    deadline = edition.declaration_deadline
    can_manage = perms.can_manage_edition(request.user, edition.academy)
    return render(
        request,
        "pilotage/editions/edition_detail.html",
        {
            "title": f"{edition.title} {edition.campaign.school_year} — {edition.academy}",
            "edition": edition,
            "timeline": edition.timeline(today),
            "next_step": edition.next_step(today),
            "deadline_label": format_date(deadline) if deadline else "",
            "can_manage": can_manage,
            "moderation_form": moderation_form or (_moderation_form(edition) if can_manage else None),
            "widget": _widget(request, edition) if can_manage and edition.is_published else None,
        },
        status=status,
    )


def _widget(request, edition) -> dict:
    """The iframe code of the académie's programme (the widget, sps/www/public/programme.py), for
    the pilots who manage the edition to paste into a website."""
    params = urlencode({"academie": edition.academy.slug, "edition": edition.campaign.school_year})
    url = request.build_absolute_uri(reverse("public:programme_widget")) + "?" + params
    title = f"Programme de la Semaine de la persévérance scolaire — {edition.academy}"
    return {
        "url": url,
        "print_url": reverse("public:programme_print") + "?" + params,
        # Escaped once here for the HTML attributes, once more by the template for the textarea.
        "snippet": (
            f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="600" '
            'loading="lazy" style="border: 0;"></iframe>'
        ),
    }


def _moderation_form(edition, data=None):
    settings = action_rules.moderation_settings_for(edition)
    initial = {
        "relays_may_validate": settings.relays_may_validate,
        "department_pilots_may_validate": settings.department_pilots_may_validate,
        "first_moderators": settings.first_moderators,
    }
    return ModerationSettingsForm(data, initial=initial)


@require(perms.can_manage_editions)
@require_POST
def edition_moderation(request, pk):
    """The académie's pilots decide who validates its fiches and who receives them first."""
    edition = _edition_for_manager(request, pk)
    form = _moderation_form(edition, request.POST)
    if form.is_valid():
        try:
            moderation_settings.moderation_settings_update(edition=edition, by=request.user, **form.cleaned_data)
        except ActionError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Les réglages de modération sont enregistrés.")
            return redirect("pilotage:edition_detail", pk=edition.pk)
    return _detail(request, edition, moderation_form=form, status=400)


@require(perms.can_manage_editions)
@require_POST
def edition_copy(request, school_year, academy_slug):
    campaign, academy = _campaign_and_academy(request, school_year, academy_slug)
    try:
        edition = services.edition_copy_from_previous(campaign=campaign, academy=academy, by=request.user)
    except EditionError as error:
        messages.error(request, str(error))
        return redirect("pilotage:edition_list")
    catalogue_index.reindex_edition(edition)  # the académie's events of that year join the programme
    messages.success(
        request,
        "L'édition a été préparée à partir de la précédente, ses dates avancées d'un an (même jour de la semaine) : "
        "vérifiez-les avant de publier.",
    )
    return redirect("pilotage:edition_edit", pk=edition.pk)


@require(perms.can_manage_editions)
@require_POST
def edition_publish(request, pk):
    edition = _edition_for_manager(request, pk)
    try:
        services.edition_publish(edition=edition, by=request.user)
    except EditionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "L'édition est publiée : sa page publique est en ligne.")
    return redirect("pilotage:edition_detail", pk=edition.pk)
