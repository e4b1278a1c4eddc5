"""Template context that every page's chrome needs: the service name and the service navigation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

SERVICE_NAME = "CSE action plan tracker"


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


@dataclass(frozen=True)
class NavigationItem:
    """A link as shown on one page: `active` inside its section, `current` on the page itself."""

    text: str
    href: str
    active: bool
    current: bool


# The service navigation, in order. To link a new section, add it here; its item is marked as the
# current section on every page whose path starts with the link's path.
LINKS: tuple[NavigationLink, ...] = (
    NavigationLink("Plans", "/plans/"),
    NavigationLink("Admin", "/admin/", visible_to=_staff),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Give templates the service name and the navigation items this user may see."""
    user = getattr(request, "user", None) or AnonymousUser()
    items = [
        NavigationItem(
            text=link.text,
            href=link.path,
            active=request.path.startswith(link.path),
            current=request.path == link.path,
        )
        for link in LINKS
        if link.visible_to(user)
    ]
    return {"service_name": SERVICE_NAME, "navigation": items}
