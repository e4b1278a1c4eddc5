"""Who may see and change what in the plan. Views fetch plan objects only through these helpers.

Every signed-in account may read every plan (reviewers included). Changing needs the role the
design's table gives: members rate and update the actions they lead (in person, as a co-lead or
through a group they belong to) in open periods; coordinators, chairs and administrators edit any
action, and change ratings of closed periods too. 404 for what a user may not see,
PermissionDenied (403) for what they may see but not change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from actions.models import Action, Plan, PlanImport, ReportingPeriod
from governance.models import Membership, User


def get_plan_for_user(user: User, slug: str) -> Plan:
    """A plan the user may read (every active account may read every plan)."""
    if not user.is_active:
        raise PermissionDenied
    return get_object_or_404(Plan.objects.select_related("owning_group"), slug=slug)


def plans_for_user(user: User) -> list[Plan]:
    """The plans the user may read, by title."""
    if not user.is_active:
        return []
    return list(Plan.objects.select_related("owning_group").order_by("title"))


def require_plan_editor(user: User) -> None:
    """Refuse a user who may not edit plans or import them (PermissionDenied)."""
    if not user.can_edit_plans():
        raise PermissionDenied


def get_import_for_user(user: User, pk: int) -> PlanImport:
    """An upload waiting for confirmation: only its uploader sees it, while they may import."""
    require_plan_editor(user)
    return get_object_or_404(PlanImport, pk=pk, uploaded_by=user)


def get_action_for_user(user: User, pk: int, *, write: bool = False) -> Action:
    """An action the user may read; with `write`, one they may edit (description, lead, date)."""
    if not user.is_active:
        raise PermissionDenied
    action = get_object_or_404(
        Action.objects.select_related(
            "theme__plan", "parent", "lead_person", "lead_group"
        ).prefetch_related("co_leads"),
        pk=pk,
    )
    if write:
        require_plan_editor(user)
    return action


def get_period_for_user(user: User, plan: Plan, pk: int) -> ReportingPeriod:
    """A reporting period of the plan (404 for another plan's)."""
    if not user.is_active:
        raise PermissionDenied
    return get_object_or_404(
        ReportingPeriod.objects.select_related("review_meeting__group"), pk=pk, plan=plan
    )


def led_action_ids(user: User, plan: Plan) -> set[int]:
    """The ids of the plan's actions the user leads: in person, as co-lead or through a group."""
    person_id = _person_id(user)
    if person_id is None:
        return set()
    groups = Membership.objects.filter(person_id=person_id).values("group_id")
    led = Action.objects.filter(theme__plan=plan).filter(
        Q(lead_person_id=person_id) | Q(co_leads__id=person_id) | Q(lead_group_id__in=groups)
    )
    return set(led.values_list("id", flat=True))


def _person_id(user: User) -> int | None:
    """The id of the user's Person, or None for an account that is nobody in the plan."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.pk if person is not None else None


def rateable_action_ids(user: User, plan: Plan, period: ReportingPeriod) -> set[int]:
    """The ids of the plan's actions whose rating for `period` the user may set."""
    if not user.can_update_own_actions():
        return set()
    parents = set(
        Action.objects.filter(theme__plan=plan, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    if user.can_edit_plans():
        leaves = Action.objects.filter(theme__plan=plan).exclude(id__in=parents)
        return set(leaves.values_list("id", flat=True))
    if period.is_closed:
        return set()
    return led_action_ids(user, plan) - parents


def can_rate(user: User, action: Action, period: ReportingPeriod) -> bool:
    """Whether the user may set the action's rating and progress for the period."""
    if not user.can_update_own_actions() or action.is_parent():
        return False
    if user.can_edit_plans():
        return True
    if period.is_closed:
        return False
    person = getattr(user, "person", None)
    return person is not None and action.leads_for(person)


def get_rating_target_for_user(
    user: User, action_pk: int, period_pk: int
) -> tuple[Action, ReportingPeriod]:
    """The action and period whose rating the user may set: 404 if no such pair, else 403."""
    action = get_action_for_user(user, action_pk)
    period = get_period_for_user(user, action.theme.plan, period_pk)
    if action.is_parent():
        raise PermissionDenied
    if not can_rate(user, action, period):
        raise PermissionDenied
    return action, period


def can_revise_due_date(user: User, action: Action) -> bool:
    """Whether the user may revise the action's due date: its leads, and plan editors."""
    if not user.can_update_own_actions() or action.is_parent():
        return False
    if user.can_edit_plans():
        return True
    person = getattr(user, "person", None)
    return person is not None and action.leads_for(person)


def get_due_date_target_for_user(user: User, pk: int) -> Action:
    """An action whose due date the user may revise (404 unknown, 403 not theirs)."""
    action = get_action_for_user(user, pk)
    if not can_revise_due_date(user, action):
        raise PermissionDenied
    return action
