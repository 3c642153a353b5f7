from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sps.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sps.accounts.sessions import set_session_expiry

        user_logged_in.connect(set_session_expiry, dispatch_uid="sps_accounts_session_expiry")
