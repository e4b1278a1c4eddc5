"""Accounts in the admin, and the governance records read-only (cseplan/lib/admin.py)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from cseplan.lib.admin import HistoryAdmin, RecordAdmin, RecordInline
from governance.models import Group, Meeting, Membership, Organisation, Person, User


@admin.register(User)
class AccountAdmin(UserAdmin, HistoryAdmin):
    """Accounts, with their role; deactivate an account rather than delete it.

    Making an account staff, superuser or a role that needs two-factor authentication holds its
    sessions at the two-factor pages until it gives a code (accounts/middleware.py)."""

    list_display = ["username", "first_name", "last_name", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Role in the service", {"fields": ["role"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Role in the service", {"fields": ["role", "first_name", "last_name", "email"]}),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        # Deleting an account would blank its name in the history: deactivate it instead.
        return False


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    """Agencies of the partnership."""

    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class MembershipInline(RecordInline):
    model = Membership


@admin.register(Group)
class GroupAdmin(RecordAdmin):
    """Boards, the cross-authority group, working groups and executives."""

    list_display = ["short_name", "name", "kind", "organisation"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    """Named officers who lead actions."""

    list_display = ["name", "job_title", "organisation", "user"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "email"]
    list_select_related = ["organisation", "user"]


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    """People's places in groups."""

    list_display = ["person", "group", "role"]
    list_filter = ["group", "role"]
    list_select_related = ["person", "group"]


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    """Meetings of groups."""

    list_display = ["date", "group", "title"]
    list_filter = ["group"]
    date_hierarchy = "date"
    list_select_related = ["group"]
