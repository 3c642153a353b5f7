from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from sps.accounts import notifications, throttling
from sps.accounts.models import User
from sps.accounts.throttling import client_ip

PASSWORD_HELP = (
    "Au moins 10 caractères ; ni entièrement numérique, ni trop courant, ni trop proche de vos nom et adresse."
)
EMAIL_LABEL = "Adresse électronique"
EMAIL_ERRORS = {"invalid": "Saisissez une adresse électronique valide, par exemple prenom.nom@ac-creteil.fr."}


class ThrottleMessagesMixin:
    """Say in French why a throttled log-in was refused (the backend throttles; this only words it)."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            state = getattr(self.request, "login_throttle", None) or {}
            refusal = state.get("refusal")
            if refusal is None:
                raise
            throttled = ValidationError(refusal.message, code="throttled")
            if not state.get("checked"):
                raise throttled from None
            raise ValidationError([*error.error_list, throttled]) from None


class LoginForm(ThrottleMessagesMixin, auth_forms.AuthenticationForm):
    """E-mail and password, throttled by the authentication backend (sps.accounts.throttling)."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = EMAIL_LABEL
        username.widget = forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "maxlength": 254})
        self.fields["password"].label = "Mot de passe"


class AdminLoginForm(ThrottleMessagesMixin, AdminAuthenticationForm):
    """The admin's log-in: the same throttle (it is in the backend), the same French messages."""


class ProfileForm(forms.Form):
    first_name = forms.CharField(
        label="Prénom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    job_title = forms.CharField(
        label="Fonction",
        max_length=150,
        required=False,
        help_text="Par exemple : principal adjoint, CPE, coordonnateur MLDS.",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    email = forms.EmailField(
        label=EMAIL_LABEL,
        max_length=254,
        error_messages=EMAIL_ERRORS,
        help_text=(
            "Pour en changer, un lien de confirmation est envoyé à la nouvelle adresse\u00a0; "
            "votre compte garde l'adresse actuelle jusqu'à ce que vous l'ouvriez."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = forms.CharField(
        label="Mot de passe actuel",
        required=False,
        strip=False,
        help_text="Obligatoire seulement pour changer d'adresse électronique.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "job_title": user.job_title,
                "email": user.email,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            email != self.user.email.lower()
            and User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists()
        ):
            raise ValidationError("Un autre compte utilise déjà cette adresse électronique.")
        return email

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and email != self.user.email.lower():
            password = cleaned.get("current_password")
            if not password:
                self.add_error(
                    "current_password", "Saisissez votre mot de passe actuel pour changer d'adresse électronique."
                )
            elif not self.user.check_password(password):
                self.add_error("current_password", "Mot de passe incorrect.")
        return cleaned


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="Je comprends que mon compte et mes rôles seront supprimés définitivement.",
        error_messages={"required": "Cochez la case pour confirmer la suppression."},
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("Mot de passe incorrect.")
        return password


class InvitationAcceptForm(forms.Form):
    """A new account from an invitation: name and a password that passes Django's validators."""

    first_name = forms.CharField(
        label="Prénom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        elif password1:
            candidate = User(
                email=self.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PasswordResetForm(auth_forms.PasswordResetForm):
    """« Mot de passe oublié »: throttled per address and per IP, the mail sent by notifications.

    The throttle counts requests whether or not an account has the address, and the answer is
    the same for both.
    """

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL
        self.fields["email"].error_messages.update(EMAIL_ERRORS)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if message := throttling.reset_refusal(email=email, ip_address=client_ip(self.request)):
            raise ValidationError(message, code="throttled")
        return email

    def save(self, *args, **kwargs):
        throttling.reset_record(email=self.cleaned_data["email"], ip_address=client_ip(self.request))
        return super().save(*args, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = render_to_string(subject_template_name, context)
        body = render_to_string(email_template_name, context)
        notifications.send_email(to=to_email, subject=subject, body=body)


class _PasswordHelpMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"


class SetPasswordForm(_PasswordHelpMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(_PasswordHelpMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mot de passe actuel"
