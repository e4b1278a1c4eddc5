from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """The plan: themes, actions, reporting periods and progress updates."""

    name = "actions"
    verbose_name = "Action plans"
