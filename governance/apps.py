from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Who governs the plan: organisations, groups, people, memberships, meetings, accounts."""

    name = "governance"
    verbose_name = "Governance"
