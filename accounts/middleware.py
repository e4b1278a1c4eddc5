"""Session limits and the second factor, checked on every request (docs/security.md)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from accounts import two_factor
from cseplan.lib.security import security_log

# Session keys: when this session signed in, and when it last did something.
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The two-factor page a session must pass before any other (empty if none), decided at sign-in.
SECOND_FACTOR_STEP = "second_factor_step"
# The last-seen time is written at most once a minute, so that reading pages does not write the
# session row on every request.
_TOUCH_EVERY = 60


@functools.cache
def _status_path() -> str:
    """The path the warning asks, resolved once rather than on every request."""
    return reverse("session_status")


def in_words(seconds: int) -> str:
    """A session limit as people say it: "8 hours", "30 minutes", "90 seconds"."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def session_times(request: HttpRequest) -> tuple[float, float]:
    """Seconds left before this session ends for idleness, and before it ends for age."""
    now = time.time()
    idle_left = request.session.get(LAST_SEEN_AT, now) + settings.SESSION_IDLE_TIMEOUT - now
    age_left = request.session.get(SIGNED_IN_AT, now) + settings.SESSION_COOKIE_AGE - now
    return idle_left, age_left


def touch(request: HttpRequest, *, force: bool = False) -> None:
    """Note activity now (at most once a minute unless `force`)."""
    now = time.time()
    if force or now - request.session.get(LAST_SEEN_AT, 0) >= _TOUCH_EVERY:
        request.session[LAST_SEEN_AT] = now
    request.session.setdefault(SIGNED_IN_AT, now)


def on_sign_in(
    sender: object, request: HttpRequest, user: AbstractBaseUser, **kwargs: object
) -> None:
    """Start both clocks, and decide whether the session must give a second factor (connected
    to `user_logged_in` in accounts.apps)."""
    now = time.time()
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now
    request.session[SECOND_FACTOR_STEP] = two_factor.pending_step(user) or ""


class SessionLimitsMiddleware:
    """Sign out a session idle for SESSION_IDLE_TIMEOUT or older than SESSION_COOKIE_AGE.

    The page's warning (static/src/app.js) asks `session_status`, which does not count as
    activity, and `session_extend`, which does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            idle_left, age_left = session_times(request)
            if idle_left <= 0 or age_left <= 0:
                return self._signed_out(request, idle=idle_left <= 0)
            if request.path_info != _status_path():
                touch(request)
        return self.get_response(request)

    def _signed_out(self, request: HttpRequest, *, idle: bool) -> HttpResponse:
        reason = "idle" if idle else "age"
        security_log(request, "session-expired", outcome="signed-out", reason=reason)
        logout(request)
        if request.path_info == _status_path():
            return JsonResponse({"signed_in": False}, status=401)
        if idle:
            length = in_words(settings.SESSION_IDLE_TIMEOUT)
            text = f"You were signed out because you had not used the service for {length}"
        else:
            length = in_words(settings.SESSION_COOKIE_AGE)
            text = f"You were signed out because you had been signed in for {length}"
        messages.info(request, f"{text}. Sign in again to carry on.")
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(f"{reverse('login')}{'?' + query if query else ''}")


class TwoFactorMiddleware:
    """Keep a signed-in session that has not given its second factor on the two-factor pages.

    An account with an authenticator must give a code; an account whose role needs two-factor
    authentication and has none must set one up. Nothing else is reachable until then."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified():
            step = request.session.get(SECOND_FACTOR_STEP)
            # Decided at sign-in, and again when the account has since been given a role or a
            # staff status that needs a second factor: its next request gives the code first.
            if step is None or (not step and two_factor.required_for(user)):
                step = request.session[SECOND_FACTOR_STEP] = two_factor.pending_step(user) or ""
            if step and request.path_info not in two_factor.open_paths():
                target = reverse(step)
                if request.method == "GET" and request.path_info != "/":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
        return self.get_response(request)


class NoStoreMiddleware:
    """Signed-in pages and downloads are never kept: not by the browser (where the next person
    at a shared computer could go back to them) nor by any cache between it and the service."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
