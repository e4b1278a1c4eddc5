from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """The plan: themes, actions, reporting periods and progress updates."""

    name = "actions"
    verbose_name = "Action plans"

    def ready(self) -> None:
        # Connects the count of changes that keys the page cache to every history row written.
        from actions import page_cache  # noqa: F401
