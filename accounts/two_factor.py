"""Two-factor authentication: an authenticator app (TOTP) and single-use recovery codes.

django-otp keeps the devices: one confirmed `TOTPDevice` (the app) and one `StaticDevice` whose
tokens are the recovery codes. A session counts as verified once `django_otp.login` has recorded
the device that gave a code; `accounts.middleware.TwoFactorMiddleware` holds an unverified
session at these pages. Both device kinds slow down guessing: after each wrong code the next try
must wait twice as long (1 s, 2 s, 4 s ... up to an hour).
"""

from __future__ import annotations

import base64
import functools
import re

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cseplan.lib.security import security_log

RECOVERY_CODE_COUNT = 10
_SPACES = re.compile(r"[\s-]+")


def required_for(user: AbstractBaseUser) -> bool:
    """Whether the account must use two-factor authentication: its role needs it, or it can reach
    the Django admin (staff or superuser), whatever its role."""
    return user.role in settings.TWO_FACTOR_REQUIRED_ROLES or user.is_staff or user.is_superuser


def authenticator(user: AbstractBaseUser) -> TOTPDevice | None:
    """The account's confirmed authenticator app, if it has one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    """How many unused recovery codes the account has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_step(user: AbstractBaseUser) -> str | None:
    """The URL name of the page an unverified session must pass, or None if it need not."""
    if authenticator(user) is not None:
        return "two_factor_verify"
    if required_for(user):
        return "two_factor_setup"
    return None


@functools.cache
def open_paths() -> frozenset[str]:
    """The paths an unverified session may reach: the two-factor pages, sign-out, session."""
    names = ("two_factor_verify", "two_factor_setup", "logout", "session_status", "session_extend")
    return frozenset(reverse(name) for name in names)


def new_authenticator(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed authenticator being set up: the same key until it is confirmed, so that
    reloading the page does not change the code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The key as a QR code: an SVG drawn here, so no image leaves the service."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration; name the image for screen readers.
    svg = svg[svg.index("<svg") :]
    return svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code of the key for your authenticator app" ',
        1,
    )


def confirm_authenticator(request: HttpRequest, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app being set up with a code from it; return new recovery codes.

    Any earlier app of the account stops working: one account, one app. Raises ValueError if the
    code is wrong (after saving the wrong code's count, which slows the next guess)."""
    problem = _refusal(device, _squashed(code))
    if problem:
        security_log(request, "two-factor-setup", outcome="failed")
        raise ValueError(problem)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user)
        _verified(request, device)
    security_log(request, "two-factor-setup", outcome="ok")
    return codes


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Replace the account's recovery codes with RECOVERY_CODE_COUNT new ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(request: HttpRequest, code: str) -> None:
    """Mark this session verified if `code` is the app's current code or an unused recovery
    code (which is then used up). Raises ValueError with the message to show if not.

    The device's row stays locked until the answer is saved, so that a code lets in one session
    even when several send it at once: the others then find it used."""
    user = request.user
    code = _squashed(code)
    devices = TOTPDevice.objects if code.isdigit() else StaticDevice.objects
    # A wrong code's count (which slows the next guess) is saved too: nothing raises in here.
    with transaction.atomic():
        device = devices.select_for_update().filter(user=user, confirmed=True).first()
        problem = _refusal(device, code, recovery=True)
        if not problem:
            _verified(request, device)
    if problem:
        security_log(request, "two-factor", outcome="failed")
        raise ValueError(problem)
    kind = "recovery-code" if isinstance(device, StaticDevice) else "authenticator"
    security_log(request, "two-factor", outcome="ok", method=kind)


@transaction.atomic
def turn_off(request: HttpRequest) -> None:
    """Remove the account's app and recovery codes (not allowed where its role needs them)."""
    user = request.user
    if required_for(user):
        raise PermissionError("Your role needs two-factor authentication")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    security_log(request, "two-factor-off", outcome="ok")


def _verified(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """Record that this session gave its second factor, under a new session key: a key seen
    before the code was given (on a shared computer, in a log) is worth nothing after it."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _squashed(code: str) -> str:
    """The code as typed, without spaces or dashes, in lower case (recovery codes are)."""
    return _SPACES.sub("", code).lower()


def _refusal(
    device: TOTPDevice | StaticDevice | None, code: str, *, recovery: bool = False
) -> str | None:
    """None if `device` accepts `code`; otherwise why not, in words for the error message."""
    if device is not None:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and "locked_until" in details:
            wait = max(1, round((details["locked_until"] - timezone.now()).total_seconds()))
            unit = "second" if wait == 1 else "seconds"
            return f"Too many wrong codes. Wait {wait} {unit}, then enter the newest code"
        if device.verify_token(code):
            return None
    text = "The code is not correct. Enter the 6-digit code from your authenticator app"
    return text + (", or a recovery code" if recovery else "")
