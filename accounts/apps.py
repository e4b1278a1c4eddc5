from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and out, passwords, two-factor authentication and the session's limits.

    Below the domain apps: it knows the user model only through `settings.AUTH_USER_MODEL`."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from accounts.middleware import on_sign_in
        from accounts.services import end_sessions_of_inactive
        from cseplan.lib.security import connect_sign_in_signals

        connect_sign_in_signals()
        user_logged_in.connect(on_sign_in, dispatch_uid="cseplan-session-clock")
        post_save.connect(
            end_sessions_of_inactive,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="cseplan-end-sessions",
        )
