from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: the seed plan, its governance structure and report, and one account per role."""

    name = "demo"
    verbose_name = "Demo data"
