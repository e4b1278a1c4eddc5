"""The security log: who did what that matters for security, when, from where, and the outcome.

Lines go to the `cseplan.security` logger as `event=… outcome=… user=… ip=… key=value…`, in UTC.
Values are stripped of line breaks and control characters so that nobody can forge a line.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.http import HttpRequest

logger = logging.getLogger("cseplan.security")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _clean(value: object) -> str:
    text = _UNSAFE.sub("?", str(value))
    return f'"{text}"' if " " in text or not text else text


def security_log(
    request: HttpRequest | None, event: str, *, outcome: str, **fields: object
) -> None:
    """Write one line of the security log for `event`."""
    user = getattr(request, "user", None)
    username = user.get_username() if user is not None and user.is_authenticated else "-"
    address = request.META.get("REMOTE_ADDR", "-") if request is not None else "-"
    parts = {
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "event": event,
        "outcome": outcome,
        "user": username,
        "ip": address,
        **fields,
    }
    logger.info(" ".join(f"{key}={_clean(value)}" for key, value in parts.items()))
