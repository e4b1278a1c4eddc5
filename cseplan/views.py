"""Views of the service as a whole."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required  # for load balancers; it says nothing but whether the database answers
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database answers, 503 when it does not."""
    try:
        ContentType.objects.exists()  # one small query through the ORM
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
