"""What changed in a plan between two moments: ratings moved, actions added or completed, due
dates revised, narratives changed. Built from two snapshots, so it needs no history of its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from actions.models import Action
from actions.ratings import rating_label
from actions.snapshot import PlanSnapshot


@dataclass(frozen=True)
class Moved:
    """One action's rating for one review, before and after."""

    action: Action
    period_label: str
    before: str
    after: str


@dataclass(frozen=True)
class Revised:
    """One action's due date, before and after."""

    action: Action
    before: str
    after: str


@dataclass(frozen=True)
class Rewritten:
    """One action's progress narrative for one review, before and after."""

    action: Action
    period_label: str
    before: str
    after: str


@dataclass
class Comparison:
    """The differences between two snapshots of one plan."""

    before: PlanSnapshot
    after: PlanSnapshot
    ratings: list[Moved] = field(default_factory=list)
    added: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)
    completed: list[Action] = field(default_factory=list)
    dates: list[Revised] = field(default_factory=list)
    narratives: list[Rewritten] = field(default_factory=list)
    new_periods: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """Whether nothing changed."""
        return not (
            self.ratings
            or self.added
            or self.removed
            or self.completed
            or self.dates
            or self.narratives
            or self.new_periods
        )


def compare(before: PlanSnapshot, after: PlanSnapshot) -> Comparison:
    """The differences from `before` to `after`, in document order."""
    result = Comparison(before=before, after=after)
    old = {action.pk: action for action in before.actions}
    new_ids = {action.pk for action in after.actions}
    result.removed = [action for action in before.actions if action.pk not in new_ids]
    periods = {period.pk: period for period in before.periods}
    result.new_periods = [period.label for period in after.periods if period.pk not in periods]
    for action in after.actions:
        was = old.get(action.pk)
        if was is None:
            result.added.append(action)
            continue
        if action.status == Action.Status.COMPLETED != was.status:
            result.completed.append(action)
        if (was.due_date, was.due_date_precision) != (action.due_date, action.due_date_precision):
            result.dates.append(
                Revised(action, was.due_date_display or "None", action.due_date_display or "None")
            )
        for period in after.periods:
            if period.pk not in periods:
                continue
            then, now = before.rating(was, periods[period.pk]), after.rating(action, period)
            then_rating, now_rating = (then.rating if then else ""), (now.rating if now else "")
            scale = (now or then).scale if (now or then) else after.plan.rating_scale
            if then_rating != now_rating:
                result.ratings.append(
                    Moved(
                        action,
                        period.label,
                        rating_label(scale, then_rating),
                        rating_label(scale, now_rating),
                    )
                )
            then_text, now_text = (then.narrative if then else ""), (now.narrative if now else "")
            if then_text != now_text:
                result.narratives.append(Rewritten(action, period.label, then_text, now_text))
    return result
