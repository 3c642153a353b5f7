"""The fiche action's form (ActionForm) and its two formsets (temps forts, partners), validated
together by ActionForms: shared by the Espace établissement and Pilotage (web layers never import
each other).

Forms only parse what the browser sends (types, lengths, known choices) and show each message
next to its field; the rules (dates within the edition, who may carry what, completeness) are the
domain's: rows call `sps.actions.rules.check_occurrence`, the services check the rest, and their
ActionError.errors are put back on the fields by `ActionForms.add_service_errors`.
"""

from django import forms
from django.forms import formset_factory

from sps.actions import rules, selectors
from sps.actions.enums import Contribution, Level, PartnerKind, PromotionKind, Public
from sps.actions.errors import ActionError
from sps.actions.fields import FIELDS, OTHER_FIELDS, REQUIRED_FIELDS, TEXT_FIELDS, URL_HELP
from sps.actions.models import DESCRIPTION_MAX, SHORT_MAX, TEXT_MAX, TITLE_MAX
from sps.actions.services import drafts
from sps.www.common.error_summary import form_errors, formset_errors
from sps.www.common.errors import add_domain_error

OCCURRENCE_EXTRA_ROWS = 2
PARTNER_EXTRA_ROWS = 2
MAX_ROWS = 30
YEAR_LONG_CHOICES = [
    ("week", "Une action créée pour la semaine"),
    ("year", "Une action menée toute l'année, que la semaine valorise"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def text_field(label, *, max_length=TEXT_MAX, help_text="", rows=5):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def fiche_text_field(name, *, rows=5):
    """One of the fiche's long texts, with its label and help from sps.actions.fields."""
    return text_field(FIELDS[name].label, help_text=FIELDS[name].help_text, rows=rows)


def _checkboxes(label, choices, *, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class SchoolChoiceField(forms.ModelMultipleChoiceField):
    """What the directory knows of each school, so that the porteur ticks the right one:
    « Collège Jean Moulin — Collège — Vitry-sur-Seine (0941234F), bassin Ouest, REP+ »."""

    def label_from_instance(self, obj):
        return school_label(obj)


def school_label(school) -> str:
    """A school with its kind, commune, UAI, bassin and éducation prioritaire (queryset: select_related("bassin"))."""
    parts = [school.display_name, school.get_kind_display()]
    place = f"{school.commune} ({school.uai})" if school.commune else f"({school.uai})"
    details = [f"bassin {school.bassin.display_name}" if school.bassin_id else "sans bassin"]
    details.append(
        school.get_priority_education_display() if school.priority_education else "hors éducation prioritaire"
    )
    return f"{' — '.join(parts)} — {place}, {', '.join(details)}"


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ActionForm(forms.Form):
    """The fiche's own fields. Everything is optional here: a draft may be incomplete; completeness
    is checked by the domain when the fiche is submitted."""

    title = forms.CharField(label=FIELDS["title"].label, max_length=TITLE_MAX, required=False)
    description = text_field(
        FIELDS["description"].label, max_length=DESCRIPTION_MAX, help_text=FIELDS["description"].help_text, rows=4
    )
    year_long = forms.ChoiceField(
        label="L'action est…", choices=YEAR_LONG_CHOICES, widget=forms.RadioSelect, required=False, initial="week"
    )
    themes = ThemeChoiceField(
        label=FIELDS["themes"].label, queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    schools = SchoolChoiceField(
        label=FIELDS["schools"].label,
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=FIELDS["schools"].help_text,
    )
    publics = _checkboxes(FIELDS["publics"].label, Public.choices)
    levels = _checkboxes(FIELDS["levels"].label, Level.choices)
    classes = forms.CharField(
        label=FIELDS["classes"].label, max_length=SHORT_MAX, required=False, help_text=FIELDS["classes"].help_text
    )
    organisation = fiche_text_field("organisation")
    objectives = fiche_text_field("objectives")
    steering = fiche_text_field("steering")
    success_factors = fiche_text_field("success_factors")
    promotion = fiche_text_field("promotion")
    promotion_kind = forms.ChoiceField(
        label=FIELDS["promotion_kind"].label, choices=[("", "Choisir un type")] + PromotionKind.choices, required=False
    )
    contact_name = forms.CharField(label=FIELDS["contact_name"].label, max_length=150, required=False)
    contact_email = forms.CharField(
        label=FIELDS["contact_email"].label,
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_role = forms.CharField(
        label=FIELDS["contact_role"].label, max_length=150, required=False, help_text=FIELDS["contact_role"].help_text
    )
    website = forms.CharField(
        label=FIELDS["website"].label,
        max_length=SHORT_MAX,
        required=False,
        widget=forms.URLInput,
        help_text=URL_HELP,
    )
    video_url = forms.CharField(
        label=FIELDS["video_url"].label,
        max_length=SHORT_MAX,
        required=False,
        widget=forms.URLInput,
        help_text=URL_HELP,
    )

    # Shown as required (no « facultatif »): the domain asks for them before submission
    # (rules.action_missing_fields); a draft may leave them empty, so they are not enforced here.
    SUBMIT_REQUIRED = ("schools", *REQUIRED_FIELDS)
    use_required_attribute = False

    def __init__(self, *args, edition, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["themes"].queryset = edition.themes.all()
        if schools is None:
            # A fiche carried at bassin, département or académie level has no carrying school.
            del self.fields["schools"]
        else:
            self.fields["schools"].queryset = schools.select_related("bassin")
        self._mark_required(True)

    def _mark_required(self, value: bool):
        for name in self.SUBMIT_REQUIRED:
            if name in self.fields:
                self.fields[name].required = value

    def full_clean(self):
        self._mark_required(False)
        try:
            super().full_clean()
        finally:
            self._mark_required(True)

    def service_fields(self) -> dict:
        """The service's keywords for what was parsed (every field once the form is valid)."""
        data = dict(self.cleaned_data)
        if "year_long" in data:
            data["is_year_long"] = data.pop("year_long") == "year"
        for name in ("schools", "themes"):
            if name in data:
                data[name] = list(data[name])
        return data


class RowForm(forms.Form):
    """A formset row: a row whose boxes are all empty counts as left blank (and is ignored)."""

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition

    presence_ignored: tuple = ()

    def has_changed(self):
        for name, field in self.fields.items():
            if name == "DELETE" or name in self.presence_ignored:
                continue
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if isinstance(field, forms.BooleanField):
                if field.to_python(value):
                    return True
            elif isinstance(value, list | tuple):
                if any(value):
                    return True
            elif value is not None and str(value).strip():
                return True
        return False

    def _add_errors(self, errors: dict):
        for name, message in errors.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)


class OccurrenceForm(RowForm):
    date = forms.DateField(label="Date", widget=DateInput())
    start_time = forms.TimeField(label="Heure de début", required=False, widget=TimeInput())
    end_time = forms.TimeField(label="Heure de fin", required=False, widget=TimeInput())
    place = forms.CharField(label="Lieu", max_length=SHORT_MAX, required=False, help_text="Salle, adresse…")
    is_online = forms.BooleanField(label="En ligne", required=False)
    url = forms.CharField(
        label="Lien de connexion",
        max_length=SHORT_MAX,
        required=False,
        widget=forms.URLInput,
        help_text="Pour un temps fort en ligne.",
    )
    is_public = forms.BooleanField(label="Ouvert au public", required=False)

    def __init__(self, *args, year_long: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_long = year_long  # the fiche's « menée toute l'année » as posted with the rows

    def clean(self):
        data = super().clean()
        if "date" in data:
            self._add_errors(rules.check_occurrence(self.edition, data, year_long=self.year_long))
        return data


AFTER_ROWS = ("contact_name", "contact_email", "contact_role", "website", "video_url")  # below the rows
SESSION_LEGEND = "Temps fort"  # one row of each formset, as on the page and in the error summary
PARTNER_LEGEND = "Partenaire"
PARTNER_NAMES_ID = "partner-names"  # the <datalist> of the directory's names, in _action_form.html
NEW_PARTNER = "new:"


class PartnerForm(RowForm):
    """A partner named by the porteur, looked up in the directory (the académie's and the national
    ones, case and accents aside) rather than picked from a list of hundreds: the same name reuses
    the directory's partner, a name like others makes the row ask « Vouliez-vous dire… » before
    anything is written, any other name becomes a new partner of that kind."""

    presence_ignored = ("kind", "choice")  # a row counts when it names a partner
    name = forms.CharField(
        label="Partenaire (nom)",
        max_length=TITLE_MAX,
        required=False,
        help_text="Nom d'un partenaire de l'annuaire, ou d'un nouveau partenaire.",
        widget=forms.TextInput(attrs={"list": PARTNER_NAMES_ID, "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label="Type (pour un nouveau partenaire)", choices=PartnerKind.choices, initial=PartnerKind.OTHER
    )
    # A CharField: its radio buttons (the suggestions) are only known once the name is read, in clean().
    choice = forms.CharField(label="Vouliez-vous dire…", required=False, widget=forms.RadioSelect)
    contributions = _checkboxes("Apports", Contribution.choices)
    contribution_text = forms.CharField(label="Précision sur l'apport", max_length=SHORT_MAX, required=False)

    def __init__(self, *args, directory, **kwargs):
        """`directory`: selectors.partner_directory of the fiche."""
        super().__init__(*args, **kwargs)
        self.directory = directory

    def clean(self):
        data = super().clean()
        data["partner"] = None
        if "name" in self.errors:
            return data
        name = (data.get("name") or "").strip()
        if not name:
            self.add_error("name", "Indiquez le nom du partenaire.")
            return data
        found, close = rules.partner_matches(name, self.directory)
        if found is not None or not close:
            data["partner"] = found  # None: a new partner, created by the service
            return data
        # The « new » choice names what it was offered for: after the name is changed, it asks again.
        new = NEW_PARTNER + rules.partner_key(name)
        self.fields["choice"].required = True  # shown without « (facultatif) »: fields are already cleaned
        self.fields["choice"].widget.choices = [(str(p.pk), partner_label(p)) for p in close] + [
            (new, f"Créer un nouveau partenaire « {name} »")
        ]
        picked = data.get("choice")
        if picked == new:
            return data
        data["partner"] = next((p for p in close if str(p.pk) == picked), None)
        if data["partner"] is None:
            self.add_error(
                "choice",
                f"Des partenaires de l'annuaire ont un nom proche de « {name} » : choisissez l'un d'eux "
                "ou « Créer un nouveau partenaire », puis enregistrez à nouveau.",
            )
        return data


def partner_label(partner) -> str:
    label = f"{partner.name} ({partner.get_kind_display()})"
    return label if partner.academy_id else f"{label}, partenaire national"


class RowFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.has_changed() and not self._should_delete_form(f)]

    def add_error(self, message: str):
        """A message of the service about the rows (shown above them)."""
        self._non_form_errors = self.non_form_errors() + [message]


def _formset(form, *, initial, extra, data, prefix, **form_kwargs):
    cls = formset_factory(
        form, formset=RowFormSet, extra=extra, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS
    )
    return cls(data, initial=initial or None, prefix=prefix, form_kwargs=form_kwargs)


def action_initial(action) -> tuple[dict, list, list]:
    # What a reconducted fiche copies, plus what only the fiche itself holds.
    names = [name for name in ActionForm.base_fields if name in TEXT_FIELDS + OTHER_FIELDS]
    initial = {name: getattr(action, name) for name in names}
    initial["year_long"] = "year" if action.is_year_long else "week"
    initial["schools"] = list(action.schools.all())
    initial["themes"] = list(action.themes.all())
    occurrences = [
        {
            "date": s.date,
            "start_time": s.start_time,
            "end_time": s.end_time,
            "place": s.place,
            "is_online": s.is_online,
            "url": s.url,
            "is_public": s.is_public,
        }
        for s in action.occurrences.all()
    ]
    partners = [
        {
            "name": p.partner.name,
            "kind": p.partner.kind,
            "contributions": p.contributions,
            "contribution_text": p.contribution_text,
        }
        for p in action.action_partners.select_related("partner")
    ]
    return initial, occurrences, partners


class ActionForms:
    """The fiche's form and its two formsets (temps forts, partners), validated together."""

    def __init__(self, data, *, action, schools, by):
        """`schools`: the schools the user may tick (None for a fiche carried at bassin, département
        or académie level); `by`: who edits (the domain checks what they may carry)."""
        edition = action.edition
        self.by = by
        self._checked = False
        initial, occurrences, partners = action_initial(action)
        self.action = action
        self.directory = selectors.partner_directory(academy=edition.academy, action=action)
        self.initial_schools = {s.pk for s in initial["schools"]}
        self.form = ActionForm(data, initial=initial, edition=edition, schools=schools)
        year_long = (data.get("year_long") == "year") if data is not None else action.is_year_long
        self.occurrences = _formset(
            OccurrenceForm,
            initial=occurrences,
            extra=OCCURRENCE_EXTRA_ROWS,
            data=data,
            prefix="occurrences",
            edition=edition,
            year_long=year_long,
        )
        self.partners = _formset(
            PartnerForm,
            initial=partners,
            extra=PARTNER_EXTRA_ROWS,
            data=data,
            prefix="partners",
            edition=edition,
            directory=self.directory,
        )

    def is_valid(self) -> bool:
        valid = all([self.form.is_valid(), self.occurrences.is_valid(), self.partners.is_valid()])
        if not valid:
            self._check_parsed_fields()
        return valid

    def _check_parsed_fields(self) -> None:
        """Some fields could not be parsed (a date that is no date, a row left half-filled): the
        domain still checks all the others (e-mail, web addresses, carrier, lengths), so that one
        submit shows every problem. The rows check themselves (OccurrenceForm, PartnerForm)."""
        if self._checked:
            return
        self._checked = True
        errors = drafts.action_check(
            edition=self.action.edition, by=self.by, current=self.action, **self._main_fields()
        )
        fresh = {key: messages for key, messages in errors.items() if key not in self.form.errors}
        if fresh:
            self.add_service_errors(ActionError("", errors=fresh))

    def _main_fields(self) -> dict:
        fields = self.form.service_fields()
        if "schools" in fields and {s.pk for s in fields["schools"]} == self.initial_schools:
            # Unchanged: not sent, so that a co-carrying school outside the porteur's own schools stays.
            del fields["schools"]
        return fields

    def service_fields(self) -> dict:
        fields = self._main_fields()
        fields["occurrences"] = [
            {k: row[k] for k in ("date", "start_time", "end_time", "place", "is_online", "url", "is_public")}
            for row in self.occurrences.rows()
        ]
        fields["partners"] = [
            {
                **({"partner": row["partner"]} if row["partner"] else {"name": row["name"], "kind": row["kind"]}),
                "contributions": row["contributions"],
                "contribution_text": row["contribution_text"],
            }
            for row in self.partners.rows()
        ]
        return fields

    def add_service_errors(self, error) -> None:
        """Put an ActionError's messages next to their fields (or above the rows, or the form)."""
        add_domain_error(
            self.form,
            error,
            rename={"is_year_long": "year_long"},
            elsewhere={"missing": None, "occurrences": self.occurrences.add_error, "partners": self.partners.add_error},
        )

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and (
            bool(self.form.errors)
            or bool(self.occurrences.total_error_count())
            or bool(self.partners.total_error_count())
        )

    def error_summary(self) -> list[dict]:
        """Every error of the form and its rows, in the order of the page (components/_action_form.html)."""
        if not self.has_errors:
            return []
        # The page shows the temps forts and partners between the texts and the contact.
        after_rows = [n for n in AFTER_ROWS if n in self.form.fields]
        before_rows = [n for n in self.form.fields if n not in after_rows]
        return [
            *({"href": "", "label": "", "message": message} for message in self.form.non_field_errors()),
            *form_errors(self.form, names=before_rows),
            *formset_errors(self.occurrences, legend=SESSION_LEGEND),
            *formset_errors(self.partners, legend=PARTNER_LEGEND),
            *form_errors(self.form, names=after_rows),
        ]

    def context(self) -> dict:
        start, end = rules.edition_window(self.action.edition)
        return {
            "form": self.form,
            "occurrence_formset": self.occurrences,
            "partner_formset": self.partners,
            "partner_names": sorted({p.name for p in self.directory}, key=str.lower),
            "partner_names_id": PARTNER_NAMES_ID,
            "has_errors": self.has_errors,
            "error_summary": self.error_summary(),
            "session_legend": SESSION_LEGEND,
            "partner_legend": PARTNER_LEGEND,
            "window": (start, end),
        }
