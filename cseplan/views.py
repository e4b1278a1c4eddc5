"""Views of the service as a whole."""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template import loader

from cseplan.lib.security import security_log


def permission_denied(request: HttpRequest, exception: PermissionDenied) -> HttpResponse:
    """The 403 page, with a line in the security log: who tried what, and from where."""
    security_log(request, "permission", outcome="refused", method=request.method, path=request.path)
    return HttpResponseForbidden(loader.render_to_string("403.html", request=request))


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unexpected error: 503 with Retry-After while the database cannot be
    reached (a restart, a fail-over), 500 otherwise; neither says anything about the fault.

    Django calls this inside its exception handler, so the exception is the one being handled.
    The templates take no context: nothing here may need the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logging.getLogger("cseplan").error("The database is unavailable: %s", error)
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
