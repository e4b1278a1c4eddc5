"""Template context that every page's chrome needs: the service name and the service navigation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from accounts.middleware import in_words, session_times

SERVICE_NAME = "CSE action plan tracker"
_DASHBOARD = re.compile(r"^/(?:plans/[^/]+/)?dashboard/")
# A plan's reports live under /plans/<slug>/reports/, each report under /reports/<pk>/.
_REPORTS = re.compile(r"^/(?:plans/[^/]+/)?reports/")


def _signed_in(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Every signed-in user sees the link."""
    return user.is_authenticated


def _staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Only staff see the link (the admin turns everyone else away anyway)."""
    return user.is_authenticated and bool(getattr(user, "is_staff", False))


@dataclass(frozen=True)
class NavigationLink:
    """A link of the service navigation and who may see it."""

    text: str
    path: str
    visible_to: Callable[[AbstractBaseUser | AnonymousUser], bool] = _signed_in
    # The pages of the section when they are not all under `path`.
    section: re.Pattern[str] | None = None

    def is_section_of(self, path: str) -> bool:
        """Whether the page at `path` belongs to this link's section."""
        if self.section is not None:
            return self.section.match(path) is not None
        if self.path == "/":
            # Every path starts with "/": the dashboard's section is the root itself and what is
            # under /dashboard/, a plan's own (/plans/<slug>/dashboard/) included.
            return path == "/" or _DASHBOARD.match(path) is not None
        return path.startswith(self.path)


@dataclass(frozen=True)
class NavigationItem:
    """A link as shown on one page: `active` inside its section, `current` on the page itself."""

    text: str
    href: str
    active: bool
    current: bool


# The service navigation, in order. To link a new section, add it here; its item is marked as the
# current section on every page whose path starts with the link's path, or matches its `section`
# (a link with a `section` first, then the first such link: so that a plan's dashboard and
# reports, under /plans/, mark the dashboard and the reports rather than the plans).
LINKS: tuple[NavigationLink, ...] = (
    NavigationLink("Dashboard", "/"),
    NavigationLink("Plans", "/plans/"),
    # /reports/ sends the user on to the reports of the current plan.
    NavigationLink("Reports", "/reports/", section=_REPORTS),
    NavigationLink("Governance", "/governance/"),
    NavigationLink("Admin", "/admin/", visible_to=_staff),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Give templates the service name and the navigation items this user may see."""
    user = getattr(request, "user", None) or AnonymousUser()
    claims = sorted(LINKS, key=lambda link: link.section is None)  # stable: order kept otherwise
    section = next((link for link in claims if link.is_section_of(request.path)), None)
    items = [
        NavigationItem(
            text=link.text,
            href=link.path,
            active=link is section,
            current=request.path == link.path,
        )
        for link in LINKS
        if link.visible_to(user)
    ]
    return {
        "service_name": SERVICE_NAME,
        "navigation": items,
        "session_limits": _session_limits(request, user),
    }


def _session_limits(request: HttpRequest, user: AbstractBaseUser | AnonymousUser) -> dict | None:
    """What the time-out warning needs (templates/includes/session_timeout.html)."""
    if not user.is_authenticated or not hasattr(request, "session"):
        return None
    idle_left, age_left = session_times(request)
    return {
        "warning": settings.SESSION_TIMEOUT_WARNING,
        "idle_left": max(0, int(idle_left)),
        "age_left": max(0, int(age_left)),
        "idle_limit": in_words(settings.SESSION_IDLE_TIMEOUT),
        "age_limit": in_words(settings.SESSION_COOKIE_AGE),
    }
