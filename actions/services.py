"""The write layer of the plan: every write here leaves a history row with a user and reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from cseplan.lib.history import create_tracked, save_tracked
from governance.models import Group, Meeting, Person, User


class StaleEditError(Exception):
    """Someone else saved the same thing after the editor loaded it."""

    def __init__(self, current: Action | ProgressUpdate | None) -> None:
        super().__init__("Someone else saved a change after you opened this page.")
        self.current = current


@transaction.atomic
def record_update(
    action: Action,
    period: ReportingPeriod,
    *,
    rating: str,
    narrative: str,
    by: User,
    expected_version: int,
    reason: str = "",
) -> ProgressUpdate:
    """Set an action's rating and narrative for a period.

    `expected_version` is the version of the update the editor started from (0 when there was
    none): if someone saved in between, nothing is written and StaleEditError is raised.
    """
    update = (
        ProgressUpdate.objects.select_for_update()
        .filter(action=action, period=period)
        .select_related("period")
        .first()
    )
    current_version = update.version if update else 0
    if current_version != expected_version:
        raise StaleEditError(update)
    if update is None:
        update = ProgressUpdate(
            action=action, period=period, scale=period.plan.rating_scale, version=0
        )
    update.rating = rating
    update.narrative = narrative
    update.version += 1
    update.full_clean()
    save_tracked(update, by=by, reason=reason)
    return update


@transaction.atomic
def load_plan(data: dict[str, Any], *, by: User, reason: str) -> Plan:
    """Create a plan with its periods, themes, actions and updates from structured data.

    The data's shape is described in `fixtures/README.md`. Leads must name people and groups
    that exist. Any problem raises ValidationError and writes nothing.
    """
    if Plan.objects.filter(slug=data["slug"]).exists():
        raise ValidationError(f"A plan with the short name {data['slug']} already exists.")
    owning_group = _group(data["owning_group"]) if data.get("owning_group") else None
    plan = create_tracked(
        Plan,
        by=by,
        reason=reason,
        slug=data["slug"],
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        owning_group=owning_group,
        start_date=_date(data.get("start_date")),
        end_date=_date(data.get("end_date")),
        rating_scale=data.get("rating_scale", Plan._meta.get_field("rating_scale").default),
    )
    periods = [
        create_tracked(
            ReportingPeriod,
            by=by,
            reason=reason,
            plan=plan,
            label=item["label"],
            short_label=item["short_label"],
            start_date=_date(item["start_date"]),
            end_date=_date(item["end_date"]),
            is_closed=item.get("is_closed", False),
            review_meeting=_meeting(item["review_meeting"]) if item.get("review_meeting") else None,
        )
        for item in data["periods"]
    ]
    for theme_order, theme_data in enumerate(data["themes"], start=1):
        theme = create_tracked(
            Theme,
            by=by,
            reason=reason,
            plan=plan,
            number=theme_data.get("number", ""),
            title=theme_data["title"],
            objective=theme_data.get("objective", ""),
            narrative=theme_data.get("narrative", ""),
            order=theme_order,
        )
        for order, action_data in enumerate(theme_data["actions"], start=1):
            parent = _load_action(action_data, theme, None, order, periods, by=by, reason=reason)
            for child_order, child_data in enumerate(action_data.get("children", []), start=1):
                _load_action(child_data, theme, parent, child_order, periods, by=by, reason=reason)
    return plan


def _load_action(
    data: dict[str, Any],
    theme: Theme,
    parent: Action | None,
    order: int,
    periods: list[ReportingPeriod],
    *,
    by: User,
    reason: str,
) -> Action:
    lead = data.get("lead", {})
    due = data.get("due", {})
    due_date, precision = _due_date(due) if due else (None, Action.Precision.DAY)
    action = create_tracked(
        Action,
        by=by,
        reason=reason,
        theme=theme,
        parent=parent,
        reference=data["ref"],
        description=data["description"],
        lead_person=_person(lead["person"]) if lead.get("person") else None,
        lead_group=_group(lead["group"]) if lead.get("group") else None,
        due_date=due_date,
        due_date_precision=precision,
        status=data.get("status", Action.Status.OPEN),
        source=data.get("source", ""),
        order=order,
    )
    ratings = data.get("ratings", [])
    if ratings and len(ratings) != len(periods):
        raise ValidationError(
            f"Action {action.full_reference} has {len(ratings)} ratings for {len(periods)} periods."
        )
    latest = len(periods) - 1
    for index, (period, rating) in enumerate(zip(periods, ratings, strict=False)):
        # The plan's Progress column is the narrative of the latest review.
        narrative = data.get("progress", "") if index == latest else ""
        if rating or narrative:
            create_tracked(
                ProgressUpdate,
                by=by,
                reason=reason,
                action=action,
                period=period,
                scale=theme.plan.rating_scale,
                rating=rating,
                narrative=narrative,
            )
    return action


def _due_date(due: dict[str, str]) -> tuple[datetime.date, str]:
    precision = due.get("precision", Action.Precision.DAY)
    text = due["date"]
    if precision == Action.Precision.MONTH:
        text = f"{text[:7]}-01"
    return datetime.date.fromisoformat(text), precision


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _group(short_name: str) -> Group:
    try:
        return Group.objects.get(short_name=short_name)
    except Group.DoesNotExist:
        raise ValidationError(f"No group has the short name {short_name}.") from None


def _person(name: str) -> Person:
    people = list(Person.objects.filter(name=name)[:2])
    if len(people) != 1:
        raise ValidationError(f"{len(people) or 'No'} people are called {name}: expected one.")
    return people[0]


def _meeting(item: dict[str, str]) -> Meeting:
    try:
        return Meeting.objects.get(group=_group(item["group"]), date=_date(item["date"]))
    except Meeting.DoesNotExist:
        raise ValidationError(f"{item['group']} has no meeting on {item['date']}.") from None
