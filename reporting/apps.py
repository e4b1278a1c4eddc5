from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Committee reports and printed output of the plan."""

    name = "reporting"
    verbose_name = "Reporting"
