"""Summaries of a plan for the dashboard and the committee reports: counts and lists.

The counts and lists work on a `PlanSnapshot` (actions/snapshot.py), the plan now or as it stood at
a moment, which is read in a fixed number of queries whatever the plan's size; none of them needs
a request, so that printed reports can use them too.

Only actions that can be rated are counted: a parent action that has sub-actions carries no
rating of its own, so it is left out of every count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Max

from actions.models import Action, Plan, ReportingPeriod
from actions.ratings import RatingOption
from actions.snapshot import ActionRow, PlanSnapshot, action_rows
from governance.models import Person, User

NOT_RATED = "Not rated"
TOTAL_LABEL = "All themes"


@dataclass(frozen=True)
class RatingCount:
    """How many actions have one rating (or none, when `option` is None) and their share."""

    option: RatingOption | None
    count: int
    share: int  # whole percent of the row's total

    @property
    def label(self) -> str:
        """The rating's words, or "Not rated"."""
        return self.option.words if self.option else NOT_RATED


@dataclass(frozen=True)
class RatingsRow:
    """The count of each rating in one theme or one period, and how many actions in all."""

    label: str
    counts: tuple[RatingCount, ...]  # the scale's ratings best first, then "not rated"
    total: int

    def count_of(self, value: str) -> int:
        """How many actions have the rating `value` ("" for not rated)."""
        for item in self.counts:
            if (item.option.value if item.option else "") == value:
                return item.count
        return 0


@dataclass(frozen=True)
class RatingsByTheme:
    """The ratings of one period, theme by theme, with a row for the whole plan."""

    period: ReportingPeriod
    options: tuple[RatingOption, ...]
    themes: list[RatingsRow]
    total: RatingsRow


def _leaf_actions(snapshot: PlanSnapshot) -> list[Action]:
    """The plan's actions that can be rated: those without sub-actions."""
    parents = snapshot.parent_ids()
    return [action for action in snapshot.actions if action.pk not in parents]


def _percent(count: int, total: int) -> int:
    """`count` as a whole percentage of `total`, halves rounded up (0 when the total is 0)."""
    # Rounded one by one, so that equal counts show equal shares, even if a row then adds up
    # to 99 or 101.
    return (200 * count + total) // (2 * total) if total else 0


def _row(label: str, options: tuple[RatingOption, ...], counts: dict[str, int]) -> RatingsRow:
    """A row from the counts by rating value; values off the scale count as not rated."""
    total = sum(counts.values())
    rated = [counts.get(option.value, 0) for option in options]
    numbers = [*rated, total - sum(rated)]
    items = [
        RatingCount(option, count, _percent(count, total))
        for option, count in zip([*options, None], numbers, strict=True)
    ]
    return RatingsRow(label=label, counts=tuple(items), total=total)


def _rating_value(snapshot: PlanSnapshot, action: Action, period: ReportingPeriod) -> str:
    update = snapshot.rating(action, period)
    return update.rating if update else ""  # no update at all is "not rated" too


def ratings_by_theme(snapshot: PlanSnapshot, period: ReportingPeriod) -> RatingsByTheme:
    """The count and share of each rating in the period, theme by theme and for the plan."""
    options = snapshot.plan.rating_options()
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    plan_counts: dict[str, int] = defaultdict(int)
    for action in _leaf_actions(snapshot):
        rating = _rating_value(snapshot, action, period)
        counts[action.theme_id][rating] += 1
        plan_counts[rating] += 1
    return RatingsByTheme(
        period=period,
        options=options,
        themes=[_row(theme.heading, options, counts[theme.pk]) for theme in snapshot.themes],
        total=_row(TOTAL_LABEL, options, plan_counts),
    )


def ratings_over_periods(snapshot: PlanSnapshot) -> list[RatingsRow]:
    """The count and share of each rating at every period of the plan, in period order."""
    options = snapshot.plan.rating_options()
    leaves = _leaf_actions(snapshot)
    rows = []
    for period in snapshot.periods:
        counts: dict[str, int] = defaultdict(int)
        for action in leaves:
            counts[_rating_value(snapshot, action, period)] += 1
        rows.append(_row(period.label, options, counts))
    return rows


def overdue_actions(snapshot: PlanSnapshot, today: datetime.date) -> list[ActionRow]:
    """Open actions past their due date (the end of the month for month precision), oldest first."""
    overdue = [action for action in snapshot.actions if action.is_overdue(today)]
    overdue.sort(key=lambda action: action.effective_due_date)
    return action_rows(snapshot, overdue, today=today)


def person_of(user: User) -> Person | None:
    """The person in the plans that an account belongs to, if any (cached on the user)."""
    return getattr(user, "person", None)


def actions_led_by(
    user: User, snapshot: PlanSnapshot, today: datetime.date | None = None
) -> list[ActionRow]:
    """The snapshot's actions that the user's person leads (`Action.objects.led_by`), as rows."""
    led = set(
        Action.objects.filter(theme__plan=snapshot.plan)
        .led_by(person_of(user))
        .values_list("pk", flat=True)
    )
    return action_rows(snapshot, [a for a in snapshot.actions if a.pk in led], today=today)


def rating_in(
    snapshot: PlanSnapshot, action: Action, period: ReportingPeriod
) -> RatingOption | None:
    """The action's rating for the period (None if not rated)."""
    update = snapshot.rating(action, period)
    return update.rating_option() if update else None


def current_plan_slug() -> str | None:
    """The slug of the plan whose latest reporting period starts last (None without plans)."""
    return (
        Plan.objects.annotate(latest_start=Max("periods__start_date"))
        .order_by(F("latest_start").desc(nulls_last=True), "title")
        .values_list("slug", flat=True)
        .first()
    )
