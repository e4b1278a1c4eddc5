from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: backing up and restoring the database, the load balancer's check."""

    name = "operations"
    verbose_name = "Operations"
