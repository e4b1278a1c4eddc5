"""The Django admin, open only to staff whose session has given its second factor."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class VerifiedAdminSite(admin.AdminSite):
    """The admin site: staff only, and only once this session has given its second factor.

    Every account that can reach the admin must use two-factor authentication, whatever its role
    (`accounts.two_factor.required_for`); `TwoFactorMiddleware` holds such a session at the
    two-factor pages, and this check stands behind it."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and request.user.is_verified()


class AdminSiteConfig(AdminConfig):
    """django.contrib.admin with `VerifiedAdminSite` as its site."""

    default_site = "accounts.admin_site.VerifiedAdminSite"
