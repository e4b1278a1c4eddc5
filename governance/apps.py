from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Who governs the plan: organisations, groups, people, memberships, meetings, accounts."""

    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from cseplan.lib.security import connect_sign_in_signals
        from governance.middleware import on_sign_in
        from governance.models import User
        from governance.services import end_sessions_of_inactive

        connect_sign_in_signals()
        user_logged_in.connect(on_sign_in, dispatch_uid="cseplan-session-clock")
        post_save.connect(
            end_sessions_of_inactive, sender=User, dispatch_uid="cseplan-end-sessions"
        )
