"""Sign-in lockout: one username tried from one address, and many usernames from one address.

django-axes counts failed sign-ins per username and address and locks that pair out after
AXES_FAILURE_LIMIT (guessing one account's password). Trying a few common passwords against many
accounts (password spraying) never reaches that limit for any one pair, so this handler also
locks out an address whose failures, over every username, reach SIGN_IN_ADDRESS_FAILURE_LIMIT
within AXES_COOLOFF_TIME. Both answer with the same page and status 429.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off, whatever the username."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    attempts = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInLockout(AxesDatabaseHandler):
    """django-axes' database handler, which also locks out an address spraying many usernames."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures django-axes compares with AXES_FAILURE_LIMIT: the username's from this
        address, or the limit itself once the address has reached its own."""
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
