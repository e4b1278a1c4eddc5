"""Whether the service can do its work, for the load balancer's check (`/healthz`)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError


def database_answers() -> bool:
    """Whether the database answers one small query through the ORM."""
    try:
        ContentType.objects.exists()
    except DatabaseError:
        return False
    return True
