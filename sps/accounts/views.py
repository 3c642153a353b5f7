import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from sps.accounts import perms, services, sessions, throttling
from sps.accounts.forms import (
    AccountDeleteForm,
    InvitationAcceptForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
)
from sps.accounts.models import Invitation, User
from sps.schools.models import School
from sps.schools.uai import is_valid_uai, normalize_uai

# --- Log in, password reset and change (Django's views, our forms and French templates) ---


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": "Connexion"}

    def get_default_redirect_url(self):
        # Without a safe `next`, the person's workspace rather than « Mon compte ».
        return reverse(sessions.landing_url_name(self.request.user))


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "Vous êtes déconnecté.")
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "emails/accounts/password_reset.txt"
    subject_template_name = "emails/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": "Mot de passe oublié"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        # The link is built from SITE_URL, not from the request's Host header.
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, title="Message envoyé", timeout_days=max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        )


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": "Nouveau mot de passe"}

    def form_valid(self, form):
        # The link came through the mailbox: that proves the owner, so every log-in lock on the
        # address is lifted (the lock of an attacker's IP included: they still lack the password).
        throttling.clear_address(email=form.user.email)
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"title": "Mot de passe modifié"}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")
    extra_context = {"title": "Changer de mot de passe"}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
    extra_context = {"title": "Mot de passe modifié"}


# --- Mon compte ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    form = ProfileForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update_profile(
                user=user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                job_title=data["job_title"],
                email=data["email"],
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            if data["email"] != user.email:
                hours = settings.EMAIL_CHANGE_TIMEOUT // 3600
                messages.info(
                    request,
                    f"Un lien de confirmation a été envoyé à {data['email']} (valable {hours}\u00a0heures)\u00a0: "
                    f"votre adresse de connexion reste {user.email} jusqu'à ce que vous l'ouvriez.",
                )
            messages.success(request, "Vos informations ont été enregistrées.")
            return redirect("accounts:account")
    roles = sorted(perms.user_roles(user), key=lambda r: (r.role, str(r.scope or "")))
    return render(request, "accounts/account.html", {"title": "Mon compte", "form": form, "roles": roles})


@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """The link sent to a new log-in address: shows it, and a POST (a button) makes the change.

    A GET changes nothing, so that a mail scanner opening links cannot confirm for the person.
    """
    context = {"title": "Confirmer la nouvelle adresse"}
    try:
        data = services.email_change_read(user=request.user, token=token)
    except services.EmailChangeLinkError as error:
        if error.reason == "invalid":
            raise Http404("Lien invalide") from None
        context.update(title="Lien expiré ou déjà utilisé", error=str(error))
        return render(request, "accounts/email_confirm.html", context, status=410)
    if request.method == "POST":
        try:
            services.user_email_change_confirm(user=request.user, token=token)
        except services.AccountError as error:
            context.update(new_email=data["new"], error=str(error))
            return render(request, "accounts/email_confirm.html", context, status=409)
        messages.success(request, f"Votre adresse de connexion est désormais {request.user.email}.")
        return redirect("accounts:account")
    context["new_email"] = data["new"]
    return render(request, "accounts/email_confirm.html", context)


@require_http_methods(["GET"])
def data_export(request):
    data = services.user_personal_data(user=request.user)
    data["exporte_le"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-semaine-perseverance.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, "Votre compte et vos données personnelles ont été supprimés.")
        return redirect("public:home")
    return render(request, "accounts/account_delete.html", {"title": "Supprimer mon compte", "form": form})


# --- Invitations and claims ---------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("school", "invited_by"), token=token)
    context = {"title": "Invitation", "invitation": invitation, "school": invitation.school}
    if not invitation.is_usable:
        context["used"] = invitation.accepted_at is not None
        context["validity_days"] = settings.INVITATION_VALIDITY_DAYS
        return render(request, "accounts/invitation_unusable.html", context, status=410)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None or request.user.is_authenticated:
        return _invitation_accept_existing(request, invitation, existing, context)

    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                invitation=invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="sps.accounts.backends.ThrottledModelBackend")
            messages.success(request, f"Bienvenue ! Vous êtes porteur de projet pour {invitation.school.display_name}.")
            return redirect("espace:home")
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


def _invitation_accept_existing(request, invitation, existing, context):
    """The address already has an account: log in with it, then confirm (a POST) to take the role."""
    user = request.user
    if not user.is_authenticated:
        context["login_url"] = f"{reverse('accounts:login')}?next={request.path}"
        return render(request, "accounts/invitation_login.html", context)
    if existing is None or existing.pk != user.pk:
        context["wrong_account"] = True
        return render(request, "accounts/invitation_login.html", context)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except services.AccountError as error:
            messages.error(request, str(error))
            return redirect("accounts:account")
        messages.success(request, f"Vous êtes maintenant porteur de projet pour {invitation.school.display_name}.")
        return redirect("espace:home")
    return render(request, "accounts/invitation_confirm.html", context)


def mask_email(email: str) -> str:
    """ce.0940176f@ac-creteil.fr → ce.0…f@ac-creteil.fr: enough to recognise, not to copy."""
    local, _, domain = email.partition("@")
    if len(local) <= 4:
        return f"{local[:1]}…@{domain}"
    return f"{local[:4]}…{local[-1:]}@{domain}"


@login_not_required
@require_http_methods(["GET", "POST"])
def claim(request, uai):
    uai = normalize_uai(uai)
    if not is_valid_uai(uai):
        raise Http404("UAI invalide")
    school = get_object_or_404(School.objects.select_related("department__academy"), uai=uai)
    if request.method == "POST":
        try:
            services.school_claim_request(school=school)
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Un lien a été envoyé à l'adresse institutionnelle {mask_email(school.email)}. "
                f"Il est valable {settings.INVITATION_VALIDITY_DAYS} jours.",
            )
        return redirect("accounts:claim", uai=school.uai)
    return render(
        request,
        "accounts/claim.html",
        {
            "title": f"Revendiquer {school.display_name}",
            "school": school,
            "masked_email": mask_email(school.email) if school.email else "",
            "is_academic": services.is_academic_address(school.email),
        },
    )
