"""The security log: who did what that matters for security, when, from where, and the outcome.

Lines go to the `cseplan.security` logger as `event=… outcome=… user=… ip=… key=value…`, in UTC.
Values are stripped of line breaks and control characters so that nobody can forge a line.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("cseplan.security")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _clean(value: object) -> str:
    text = _UNSAFE.sub("?", str(value))
    return f'"{text}"' if " " in text or not text else text


def client_address(request: HttpRequest) -> str | None:
    """The address of the client: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
    entry of X-Forwarded-For that the outermost proxy added. Entries further left are whatever
    the client sent, so they are never read (a client cannot choose its address this way)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            return hops[-count]
    # None when unknown (a request made in code): django-axes stores it in an address column.
    return request.META.get("REMOTE_ADDR") or None


def security_log(
    request: HttpRequest | None, event: str, *, outcome: str, **fields: object
) -> None:
    """Write one line of the security log for `event`."""
    user = getattr(request, "user", None)
    username = user.get_username() if user is not None and user.is_authenticated else "-"
    address = (client_address(request) if request is not None else None) or "-"
    parts = {
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "event": event,
        "outcome": outcome,
        "user": username,
        "ip": address,
        **fields,
    }
    logger.info(" ".join(f"{key}={_clean(value)}" for key, value in parts.items()))


def connect_sign_in_signals() -> None:
    """Log every sign-in, failed sign-in, lockout and sign-out (never the password)."""
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    def logged_in(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
        security_log(request, "login", outcome="ok")

    def failed(
        sender: object, credentials: dict, request: HttpRequest | None = None, **kwargs: object
    ) -> None:
        security_log(request, "login", outcome="failed", username=credentials.get("username", ""))

    def logged_out(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
        security_log(request, "logout", outcome="ok", username=getattr(user, "username", "-"))

    def locked_out(
        sender: object, request: HttpRequest | None, username: str, **kwargs: object
    ) -> None:
        security_log(request, "lockout", outcome="locked", username=username)

    from axes.signals import user_locked_out

    # The receivers are local functions: keep them alive (weak=False) once connected.
    user_locked_out.connect(locked_out, weak=False, dispatch_uid="cseplan-security-lockout")
    user_logged_in.connect(logged_in, weak=False, dispatch_uid="cseplan-security-login")
    user_login_failed.connect(failed, weak=False, dispatch_uid="cseplan-security-login-failed")
    user_logged_out.connect(logged_out, weak=False, dispatch_uid="cseplan-security-logout")
