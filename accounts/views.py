"""The account pages of our own: two-factor authentication and the session's time left.

Signing in and out and changing a password are Django's own views (accounts/urls.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import two_factor
from accounts.forms import TwoFactorCodeForm
from accounts.middleware import SECOND_FACTOR_STEP, session_times, touch
from cseplan.lib.security import security_log


def _next_page(request: HttpRequest) -> str:
    """Where to go after a two-factor step: the page asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path only: redirect() would take any other word for the name of a URL to reverse.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: password and two-factor authentication."""
    user = request.user
    return render(
        request,
        "registration/account.html",
        {
            "authenticator": two_factor.authenticator(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
            "two_factor_required": two_factor.required_for(user),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (or replace the one in use), then show the recovery codes.

    An account that already has an app must have given a code this session to replace it."""
    user = request.user
    replacing = two_factor.authenticator(user) is not None
    if replacing and not user.is_verified():
        return redirect("two_factor_verify")
    device = two_factor.new_authenticator(user)
    form = TwoFactorCodeForm(
        request.POST or None,
        hint="The 6-digit code your app shows for this service.",
        next_page=_next_page(request),
    )
    if form.is_valid():
        try:
            codes = two_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
        except ValueError as error:
            form.add_error("code", str(error))
        else:
            return _show_recovery_codes(request, codes, next_page=_next_page(request))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": mark_safe(two_factor.qr_code_svg(device)),  # noqa: S308 drawn by qrcode
            "secret": two_factor.secret_text(device),
            "replacing": replacing,
            "required": two_factor.required_for(user),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_page(request))
    if two_factor.authenticator(request.user) is None:
        # The app was removed (by an administrator) since signing in: decide again.
        request.session[SECOND_FACTOR_STEP] = two_factor.pending_step(request.user) or ""
        return redirect(_next_page(request))
    form = TwoFactorCodeForm(
        request.POST or None,
        hint="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        next_page=_next_page(request),
    )
    if form.is_valid():
        try:
            two_factor.verify(request, form.cleaned_data["code"])
        except ValueError as error:
            form.add_error("code", str(error))
        else:
            left = two_factor.recovery_codes_left(request.user)
            if left < 3:
                messages.warning(
                    request,
                    f"You have {left} recovery code{'s' if left != 1 else ''} left. "
                    "Make new ones from your account page.",
                )
            return redirect(_next_page(request))
    return render(request, "registration/two_factor_verify.html", {"form": form})


@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working) and show the new ones once."""
    if two_factor.authenticator(request.user) is None:
        return redirect("two_factor_setup")
    codes = two_factor.new_recovery_codes(request.user)
    security_log(request, "recovery-codes", outcome="ok")
    return _show_recovery_codes(request, codes, next_page=reverse("account"))


@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor authentication off, where the account's role allows it."""
    try:
        two_factor.turn_off(request)
    except PermissionError:
        raise PermissionDenied("Your role needs two-factor authentication") from None
    messages.success(request, "Two-factor authentication is off")
    return redirect("account")


def _show_recovery_codes(request: HttpRequest, codes: list[str], *, next_page: str) -> HttpResponse:
    # Never cached, as no signed-in page is (NoStoreMiddleware): the codes are secrets.
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": next_page})


def _session_answer(request: HttpRequest) -> JsonResponse:
    idle_left, age_left = session_times(request)
    return JsonResponse(
        {
            "signed_in": True,
            "idle_seconds_left": max(0, int(idle_left)),
            "age_seconds_left": max(0, int(age_left)),
        }
    )


@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """Seconds left in this session, for the page's warning; asking is not activity."""
    return _session_answer(request)


@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """Count this as activity: the "Stay signed in" button of the warning."""
    touch(request, force=True)
    return _session_answer(request)
