"""Who may see and change what in the plan. Views fetch plan objects only through these helpers.

Every signed-in account may read every plan (reviewers included); changing needs the role the
design's table gives. 404 for what a user may not see, PermissionDenied (403) for what they may
see but not change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actions.models import Plan, PlanImport
from governance.models import User


def get_plan_for_user(user: User, slug: str) -> Plan:
    """A plan the user may read (every active account may read every plan)."""
    if not user.is_active:
        raise PermissionDenied
    return get_object_or_404(Plan, slug=slug)


def plans_for_user(user: User) -> list[Plan]:
    """The plans the user may read, by title."""
    return (
        list(Plan.objects.select_related("owning_group").order_by("title"))
        if user.is_active
        else []
    )


def require_plan_editor(user: User) -> None:
    """Refuse a user who may not edit plans or import them (PermissionDenied)."""
    if not user.can_edit_plans():
        raise PermissionDenied


def get_import_for_user(user: User, pk: int) -> PlanImport:
    """An upload waiting for confirmation: only its uploader sees it, while they may import."""
    require_plan_editor(user)
    return get_object_or_404(PlanImport, pk=pk, uploaded_by=user)
