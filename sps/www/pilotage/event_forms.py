"""Forms of the organisers' event pages: the event, its sessions, speakers and questions (rows of
formsets that work without JavaScript), the attendance list and the export."""

import datetime

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from sps.events.enums import Audience, EventKind
from sps.territories.models import Bassin, Department
from sps.www.common.action_forms import DateInput, TimeInput

MAX_ROWS = 30
SESSION_LEGEND, SPEAKER_LEGEND, QUESTION_LEGEND = "Session", "Intervenant", "Question"


class AcademyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "display_name", None) or obj.name


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="Type d'événement", choices=[("", "Choisir un type")] + EventKind.choices)
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Présentation",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que le public lira sur la page de l'événement.",
    )
    academies = AcademyChoiceField(
        label="Académies organisatrices",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Un événement partagé par plusieurs académies de la région académique : cochez-les toutes.",
        error_messages={"required": "Choisissez au moins une académie organisatrice."},
    )
    department = NamedChoiceField(label="Département", queryset=None, required=False, empty_label="Toute l'académie")
    bassin = NamedChoiceField(label="Bassin", queryset=None, required=False, empty_label="Aucun en particulier")
    place = forms.CharField(label="Lieu", max_length=300, required=False, help_text="Nom du lieu et adresse.")
    online_url = forms.URLField(
        label="Lien de connexion",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Pour un événement en ligne : envoyé aux seules personnes inscrites, jamais affiché publiquement.",
        error_messages={"invalid": "Indiquez une adresse web complète, par exemple https://visio.example.fr/salle."},
    )
    audience = forms.ChoiceField(
        label="Public", choices=Audience.choices, widget=forms.RadioSelect, initial=Audience.PUBLIC
    )
    capacity = forms.IntegerField(
        label="Nombre de places",
        min_value=1,
        max_value=100000,
        required=False,
        help_text="Laissez vide : sans limite. Complet, les inscriptions vont sur une liste d'attente.",
        error_messages={
            "invalid": "Indiquez un nombre entier de places.",
            "min_value": "Le nombre de places doit être d'au moins 1 (laissez vide : sans limite).",
            "max_value": "Indiquez au plus 100 000 places.",
        },
    )
    registrations_open = forms.BooleanField(label="Inscriptions ouvertes", required=False, initial=True)

    def __init__(self, *args, academies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academies"].queryset = academies
        self.fields["department"].queryset = Department.objects.filter(academy__in=academies).order_by("code")
        self.fields["bassin"].queryset = (
            Bassin.objects.filter(department__academy__in=academies).select_related("department").order_by("name")
        )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.fields if name != "academies"}


class RowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EventSessionForm(RowForm):
    title = forms.CharField(label="Intitulé", max_length=200, help_text="Par exemple « Conférence », « Ateliers ».")
    date = forms.DateField(label="Date", widget=DateInput(), error_messages={"invalid": "Indiquez une date valide."})
    start_time = forms.TimeField(
        label="Heure de début", widget=TimeInput(), error_messages={"invalid": "Indiquez une heure valide."}
    )
    end_time = forms.TimeField(
        label="Heure de fin", widget=TimeInput(), error_messages={"invalid": "Indiquez une heure valide."}
    )
    place = forms.CharField(label="Lieu de la session", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "L'heure de fin doit être après l'heure de début.")
        return data

    def row(self) -> dict:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return {
            "id": data.get("id"),
            "title": data["title"],
            "starts_at": timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]), tz),
            "ends_at": timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"]), tz),
            "place": data["place"],
        }


class SpeakerForm(RowForm):
    name = forms.CharField(label="Nom", max_length=200)
    title = forms.CharField(label="Fonction", max_length=300, required=False)
    topic = forms.CharField(label="Sujet de l'intervention", max_length=300, required=False)
    session = forms.ChoiceField(label="Session", required=False)

    def __init__(self, *args, session_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "Tout l'événement")] + [
            (str(n), f"Session {n}") for n in range(1, session_count + 1)
        ]

    def row(self, kept_sessions: list[int]) -> dict:
        """`kept_sessions`: the numbers (1…) of the session rows kept, in order."""
        data = self.cleaned_data
        number = int(data["session"]) if data.get("session") else None
        return {
            "id": data.get("id"),
            "name": data["name"],
            "title": data["title"],
            "topic": data["topic"],
            "session_index": kept_sessions.index(number) if number in kept_sessions else None,
        }


class QuestionForm(RowForm):
    label = forms.CharField(label="Question", max_length=200, help_text="Par exemple « Atelier choisi ».")
    choices = forms.CharField(
        label="Réponses proposées",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une par ligne ; laissez vide pour une réponse libre.",
    )
    required = forms.BooleanField(label="Réponse obligatoire", required=False)

    def row(self) -> dict:
        data = self.cleaned_data
        return {"id": data.get("id"), "label": data["label"], "choices": data["choices"], "required": data["required"]}


class RowFormSet(forms.BaseFormSet):
    def kept(self):
        """(number on the page, form) of the rows filled in and not deleted."""
        return [
            (n, f)
            for n, f in enumerate(self.forms, start=1)
            if (f.has_changed() or f.initial) and not self._should_delete_form(f)
        ]

    def add_error(self, message: str):
        self._non_form_errors = self.non_form_errors() + [message]


def row_formset(form, *, data, initial, prefix, extra=1, **form_kwargs):
    cls = formset_factory(
        form, formset=RowFormSet, extra=extra, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS
    )
    return cls(data, initial=initial or None, prefix=prefix, form_kwargs=form_kwargs)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV")])
