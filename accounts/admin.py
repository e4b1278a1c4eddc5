"""Authenticator apps and recovery codes in the admin: who has them, never what they are.

django-otp's own admin shows each app's key and each recovery code; these replace it. An
administrator may remove the devices of an account that lost its phone: the account sets up a new
app at its next sign-in (its role or its staff status requires one)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(TOTPDevice, StaticDevice)
class DeviceAdmin(admin.ModelAdmin):
    """An account's authenticator app or recovery codes: listed, removable, never shown."""

    list_display = ["user", "name", "confirmed"]
    list_filter = ["confirmed"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = fields
    search_fields = ["user__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
