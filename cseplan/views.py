"""Views of the service as a whole."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cseplan.lib.security import security_log


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


def permission_denied(request: HttpRequest, exception: PermissionDenied) -> HttpResponse:
    """The 403 page, with a line in the security log: who tried what, and from where."""
    security_log(request, "permission", outcome="refused", method=request.method, path=request.path)
    return HttpResponseForbidden(loader.render_to_string("403.html", request=request))
