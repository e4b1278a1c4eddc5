"""Who may see and change what in the plan: the access layer. Views fetch rows only through it.

Every signed-in account may read every plan (reviewers included); signing in is required on
every page by `LoginRequiredMiddleware`, and Django signs inactive accounts out. Changing needs
the role the design's table gives: members rate the actions they lead and revise their due dates
(`Action.objects.led_by`), rating only in open periods; coordinators, chairs and administrators
edit any action, and change ratings of closed periods too. 404 for what a user may not see,
PermissionDenied (403) for what they may see but not change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from actions.models import Action, Plan, PlanImport, ProgressUpdate, ReportingPeriod
from governance.models import User


def get_plan_for_user(user: User, slug: str) -> Plan:
    """A plan the user may read, with its periods (every account may read every plan)."""
    return get_object_or_404(
        Plan.objects.select_related("owning_group").prefetch_related(
            Prefetch("periods", ReportingPeriod.objects.select_related("review_meeting__group"))
        ),
        slug=slug,
    )


def plans_for_user(user: User) -> list[Plan]:
    """The plans the user may read, by title."""
    return list(Plan.objects.select_related("owning_group").order_by("title"))


def require_plan_editor(user: User) -> None:
    """Refuse a user who may not edit plans or import them (PermissionDenied)."""
    if not user.can_edit_plans():
        raise PermissionDenied


def get_import_for_user(user: User, pk: int) -> PlanImport:
    """An upload waiting for confirmation: only its uploader sees it, while they may import."""
    require_plan_editor(user)
    return get_object_or_404(PlanImport.objects.select_related("plan"), pk=pk, uploaded_by=user)


def get_action_for_user(user: User, plan: Plan, pk: int, *, write: bool = False) -> Action:
    """An action of `plan` the user may read (404 for another plan's), with its sub-actions and
    updates; with `write`, one they may edit (description, lead, date)."""
    action = get_object_or_404(
        Action.objects.select_related(
            "theme", "parent", "lead_person", "lead_group"
        ).prefetch_related(
            "co_leads",
            Prefetch("children", Action.objects.select_related("lead_person", "lead_group")),
            Prefetch("updates", ProgressUpdate.objects.select_related("period")),
        ),
        pk=pk,
        theme__plan=plan,
    )
    action.theme.plan = plan
    if write:
        require_plan_editor(user)
    return action


def get_period_for_user(user: User, plan: Plan, pk: int) -> ReportingPeriod:
    """A reporting period of the plan (404 for another plan's)."""
    period = find_period_for_user(user, plan, str(pk))
    if period is None:
        raise Http404("No such review in this plan.")
    return period


def find_period_for_user(user: User, plan: Plan, value: str) -> ReportingPeriod | None:
    """The reporting period of the plan whose id is `value`, as a reader chose it in an address;
    None when `value` names none of them (not a number, no period, another plan's), for the page
    to say so."""
    for period in plan.periods.all():
        if str(period.pk) == value.strip():
            return period
    return None


def _may_change_as_lead(user: User, action: Action) -> bool:
    """The rule that rating and revising share: plan editors may change any action that is not a
    parent of sub-actions; members, the actions they lead."""
    if not user.can_update_own_actions() or action.is_parent():
        return False
    if user.can_edit_plans():
        return True
    return action.is_led_by(getattr(user, "person", None))


def can_rate(user: User, action: Action, period: ReportingPeriod) -> bool:
    """Whether the user may set the action's rating and progress for the period: its leads in
    open periods, plan editors in any."""
    if period.is_closed and not user.can_edit_plans():
        return False
    return _may_change_as_lead(user, action)


def can_revise_due_date(user: User, action: Action) -> bool:
    """Whether the user may revise the action's due date: its leads, and plan editors."""
    return _may_change_as_lead(user, action)


def can_remove_due_date(user: User) -> bool:
    """Whether the user may leave an action with no due date where it had one: plan editors only
    (an action's leads revise its date, and cannot make it never overdue)."""
    return user.can_edit_plans()


def rateable_action_ids(user: User, plan: Plan, period: ReportingPeriod) -> set[int]:
    """The ids of the plan's actions whose rating for `period` the user may set (`can_rate` for
    every action of the plan at once)."""
    if not user.can_update_own_actions() or (period.is_closed and not user.can_edit_plans()):
        return set()
    actions = Action.objects.filter(theme__plan=plan, children__isnull=True)
    if not user.can_edit_plans():
        actions = actions.led_by(getattr(user, "person", None))
    return set(actions.values_list("id", flat=True))


def get_rating_target_for_user(
    user: User, plan: Plan, action_pk: int, period_pk: int
) -> tuple[Action, ReportingPeriod]:
    """The action and period of `plan` whose rating the user may set: 404 if no such pair, 403
    if the user may not rate it."""
    action = get_action_for_user(user, plan, action_pk)
    period = get_period_for_user(user, plan, period_pk)
    if not can_rate(user, action, period):
        raise PermissionDenied
    return action, period


def get_due_date_target_for_user(user: User, plan: Plan, pk: int) -> Action:
    """An action of `plan` whose due date the user may revise (404 unknown, 403 not theirs)."""
    action = get_action_for_user(user, plan, pk)
    if not can_revise_due_date(user, action):
        raise PermissionDenied
    return action
