from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Who governs the plan: organisations, groups, people, memberships, meetings, accounts."""

    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from cseplan.lib.security import connect_sign_in_signals

        connect_sign_in_signals()
