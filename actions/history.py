"""Reading the plan's history: what changed, who changed it, when and why."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from actions.models import Action, ProgressUpdate
from actions.ratings import rating_option

# Fields that are bookkeeping, not something a person changed.
_HIDDEN_FIELDS = {"version", "order", "scale"}


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value, as text."""

    label: str
    old: str
    new: str


@dataclass
class Change:
    """One saved change of an action or of one of its updates."""

    when: datetime.datetime
    who: str
    what: str
    reason: str
    created: bool
    fields: list[FieldChange] = field(default_factory=list)


def revised_action_ids(action_ids: list[int]) -> set[int]:
    """The actions whose due date has had more than one value."""
    revised = (
        Action.history.filter(id__in=action_ids, due_date__isnull=False)
        .values("id")
        .annotate(dates=Count("due_date", distinct=True))
        .filter(dates__gt=1)
    )
    return {row["id"] for row in revised}


def _display(record: object, name: str) -> str:
    value = getattr(record, name)
    if name == "rating":
        option = rating_option(record.scale, value)
        return f"{option.words} ({option.letter})" if option else "Not rated"
    if name == "due_date" and value is not None:
        if record.due_date_precision == Action.Precision.MONTH:
            return f"{value:%B %Y}"
        return f"{value:%d/%m/%Y}"
    if name == "status":
        return Action.Status(value).label
    if value is None or value == "":
        return "(none)"
    return str(value)


def _changes(records: list, what: str) -> list[Change]:
    changes = []
    previous = None
    for record in records:  # oldest first
        user = record.history_user
        change = Change(
            when=record.history_date,
            who=user.display_name if user else "Unknown",
            what=what,
            reason=record.history_change_reason or "",
            created=previous is None,
        )
        if previous is not None:
            delta = record.diff_against(previous)
            for item in delta.changes:
                if item.field in _HIDDEN_FIELDS:
                    continue
                label = record.instance_type._meta.get_field(item.field).verbose_name
                change.fields.append(
                    FieldChange(
                        str(label).capitalize(),
                        _display(previous, item.field),
                        _display(record, item.field),
                    )
                )
        changes.append(change)
        previous = record
    return changes


def action_changes(action: Action) -> list[Change]:
    """Every saved change of the action and its updates, newest first."""
    records = list(
        Action.history.filter(id=action.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    changes = _changes(records, "The action")
    updates = (
        ProgressUpdate.history.filter(action_id=action.pk)
        .select_related("history_user", "period")
        .order_by("history_date", "history_id")
    )
    by_update: dict[int, list] = {}
    for record in updates:
        by_update.setdefault(record.id, []).append(record)
    for records in by_update.values():
        changes += _changes(records, f"The update for {records[0].period.label}")
    return sorted(changes, key=lambda change: change.when, reverse=True)
