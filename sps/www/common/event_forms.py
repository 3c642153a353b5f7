"""The registration form of an event (public page and the person's own page): name, e-mail, who
they are, their school's UAI when they are staff, and the organisers' questions."""

from django import forms

from sps.events.enums import ParticipantRole
from sps.schools.models import School
from sps.schools.uai import normalize_uai, uai_error


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label="Nom et prénom",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Indiquez vos nom et prénom."},
    )
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Format attendu : nom@domaine.fr. Vous y recevrez la confirmation et votre lien personnel.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Indiquez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    role = forms.ChoiceField(
        label="Vous êtes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Indiquez qui vous êtes.",
            "invalid_choice": "Choisissez une des réponses proposées.",
        },
    )
    uai = forms.CharField(
        label="UAI de votre établissement ou service",
        max_length=20,
        required=False,
        help_text="Pour les personnels : 7 chiffres et une lettre, par exemple 0940176F.",
    )

    def __init__(self, *args, event, with_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if not with_email:
            del self.fields["email"]
        self.fields["role"].choices = [(r.value, r.label) for r in event.allowed_roles]
        if len(event.allowed_roles) == 1:
            self.fields["role"].initial = event.allowed_roles[0].value
        self.questions = list(event.questions.all())
        for question in self.questions:
            name = f"q_{question.pk}"
            messages = {
                "required": "Répondez à cette question.",
                "invalid_choice": "Choisissez une des réponses proposées.",
            }
            if question.choice_list:
                self.fields[name] = forms.ChoiceField(
                    label=question.label,
                    required=question.required,
                    choices=[("", "Choisir une réponse")] + [(c, c) for c in question.choice_list],
                    error_messages=messages,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.label, required=question.required, max_length=500, error_messages=messages
                )

    @property
    def question_fields(self):
        return [self[f"q_{q.pk}"] for q in self.questions]

    def clean_uai(self):
        raw = self.cleaned_data.get("uai", "").strip()
        if not raw:
            return None
        if message := uai_error(raw):
            raise forms.ValidationError(message)
        school = School.objects.filter(uai=normalize_uai(raw)).first()
        if school is None:
            raise forms.ValidationError(f"Aucun établissement ne porte l'UAI {normalize_uai(raw)} : vérifiez-la.")
        return school

    def clean(self):
        data = super().clean()
        if data.get("role") == ParticipantRole.STAFF and not data.get("uai") and "uai" not in self.errors:
            self.add_error("uai", "Indiquez l'UAI de votre établissement (ou de votre service).")
        return data

    def answers(self) -> dict:
        return {q.key: self.cleaned_data.get(f"q_{q.pk}") or "" for q in self.questions}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"name": data["name"], "role": data["role"], "school": data.get("uai"), "answers": self.answers()}
        if "email" in self.fields:
            kwargs["email"] = data["email"]
        return kwargs

    @classmethod
    def initial_from(cls, registration) -> dict:
        initial = {"name": registration.name, "role": registration.role}
        if registration.school:
            initial["uai"] = registration.school.uai
        for key, value in registration.answers.items():
            initial[f"q_{key}"] = value
        return initial


RENAME = {"school": "uai"}
