from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OperationsConfig(AppConfig):
    """Running the service: backing up and restoring the database, the load balancer's check,
    and the app role's privileges on PostgreSQL."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from operations.database_roles import grant_after_migrate

        # Sent for this app once per `migrate`, after every migration of every app has run.
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="operations.grants")
