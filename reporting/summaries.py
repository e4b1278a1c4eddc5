"""Summaries of a plan for the dashboard and the committee reports: counts, lists and changes.

The counts and lists work on a `PlanSnapshot` (actions/layout.py), the plan now or as it stood at
a moment, which is read in a fixed number of queries whatever the plan's size; none of them needs
a request, so that printed reports can use them too.

Only actions that can be rated are counted: a parent action that has sub-actions carries no
rating of its own, so it is left out of every count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
)
from simple_history.models import HistoricalChanges

from actions.layout import PlanSnapshot
from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod
from actions.ratings import RatingOption, rating_option
from governance.models import Membership, Person, User

NOT_RATED = "Not rated"
TOTAL_LABEL = "All themes"
UNKNOWN_USER = "Unknown"

# Bookkeeping rather than content: the version is raised by every save (to refuse stale edits)
# and an update's scale is copied from its plan, so neither is news to a reader.
_INTERNAL_FIELDS = ("version", "scale")


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


@dataclass(frozen=True)
class Change:
    """One entry of the plan's history: who changed which action (or its update), and why."""

    when: datetime.datetime
    by: str
    action_id: int | None  # None once the action has been deleted
    reference: str
    period_label: str  # the update's period; empty for a change to the action itself
    summary: str
    reason: str


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


def overdue_actions(snapshot: PlanSnapshot, today: datetime.date) -> list[Action]:
    """Open actions past their due date (the end of the month for month precision), oldest first."""
    overdue = [action for action in snapshot.actions if action.is_overdue(today)]
    return sorted(overdue, key=lambda action: action.effective_due_date)


def person_of(user: User) -> Person | None:
    """The person in the plans that an account belongs to, if any (cached on the user)."""
    return getattr(user, "person", None)


def actions_led_by(user: User, snapshot: PlanSnapshot) -> list[Action]:
    """The plan's actions the user's person leads in person, as co-lead or through a group."""
    person = person_of(user)
    if person is None:
        return []
    groups = set(Membership.objects.filter(person=person).values_list("group_id", flat=True))
    parents = snapshot.parent_ids()
    led = []
    for action in snapshot.actions:
        co_leads = {co_lead.pk for co_lead in snapshot.co_leads.get(action.pk, [])}
        if (
            action.lead_person_id == person.pk
            or person.pk in co_leads
            or action.lead_group_id in groups
        ):
            action.has_sub_actions = action.pk in parents
            led.append(action)
    return led


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


def _latest_records(
    history: QuerySet[HistoricalChanges], limit: int
) -> list[tuple[HistoricalChanges, HistoricalChanges | None]]:
    """The latest `limit` history records, each with the record before it of the same object."""
    # First the ids alone, in a subquery: a database computes a subquery column for every row
    # it sorts, so the record before is looked up only for the few rows kept.
    latest = history.order_by("-history_date", "-history_id").values("history_id")[:limit]
    # The record before is the same object's record with the next lower history id (history
    # ids only grow), which the index on (id, history_id) finds at once.
    older = history.model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    found = (
        history.model.objects.filter(history_id__in=latest)
        .annotate(previous_id=Subquery(older.order_by("-history_id").values("history_id")[:1]))
        .order_by("-history_date", "-history_id")
    )
    records = list(found.select_related("history_user"))
    # By a subquery rather than a list of ids, so that the query is made even when no record
    # has one before it: the page makes the same queries whatever the plan's history.
    previous = history.model.objects.filter(history_id__in=found.values("previous_id"))
    by_id = {record.history_id: record for record in previous}
    return [(record, by_id.get(record.previous_id)) for record in records]


def _co_leads_by_record(records: list[HistoricalChanges]) -> dict[int, set[int]]:
    """The co-leads (person ids) that each historical action record had, in one query."""
    # django-simple-history keeps each record's co-leads in a table of its own.
    through = Action.history.model._meta.get_field("historicalaction_co_leads").related_model
    co_leads: dict[int, set[int]] = defaultdict(set)
    ids = [record.history_id for record in records]
    for history_id, person_id in through.objects.filter(history_id__in=ids).values_list(
        "history_id", "person_id"
    ):
        co_leads[history_id].add(person_id)
    return co_leads


# Names a reader knows better than the fields' own verbose names.
_FIELD_NAMES = {"co_leads": "co-leads"}


def _field_name(model: type[Action] | type[ProgressUpdate], name: str) -> str:
    return _FIELD_NAMES.get(name) or str(model._meta.get_field(name).verbose_name)


def _rating_words(scale: str, value: str) -> str:
    option = rating_option(scale, value)
    return option.words if option else NOT_RATED.lower()


def _describe(
    record: HistoricalChanges,
    previous: HistoricalChanges | None,
    *,
    co_leads: dict[int, set[int]] | None = None,
) -> str:
    """What a history record did: "Created", "Deleted", or the fields it changed."""
    model = record.instance_type
    if record.history_type == "-":
        return "Deleted"
    if previous is None:
        if model is ProgressUpdate and record.rating:
            return f"Created, rated {_rating_words(record.scale, record.rating)}"
        return "Created"
    delta = record.diff_against(
        previous, excluded_fields=[*_INTERNAL_FIELDS, *([] if co_leads is None else ["co_leads"])]
    )
    parts = []
    # The rating first: it is what a reader of the dashboard looks for.
    for change in sorted(delta.changes, key=lambda change: change.field != "rating"):
        name = _field_name(model, change.field)
        if change.field == "rating":
            old = _rating_words(previous.scale, change.old)
            new = _rating_words(record.scale, change.new)
            parts.append(f"{name} ({old} → {new})")
        else:
            parts.append(name)
    if co_leads is not None and co_leads[record.history_id] != co_leads[previous.history_id]:
        parts.append(_field_name(model, "co_leads"))
    if not parts:
        return "Saved with no changes"
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"Changed {listed}"


def recent_changes(
    plan: Plan, limit: int = 10, *, until: datetime.datetime | None = None
) -> list[Change]:
    """The latest changes to the plan's actions and progress updates, newest first.

    With `until`, the latest changes made by then.
    """
    action_history = Action.history.filter(theme_id__in=plan.themes.values("pk"))
    update_history = ProgressUpdate.history.filter(period_id__in=plan.periods.values("pk"))
    if until is not None:
        action_history = action_history.filter(history_date__lte=until)
        update_history = update_history.filter(history_date__lte=until)
    action_records = _latest_records(action_history, limit)
    update_records = _latest_records(update_history, limit)
    co_leads = _co_leads_by_record(
        [record for pair in action_records for record in pair if record is not None]
    )
    periods = {period.pk: period.label for period in plan.periods.all()}
    action_ids = {record.id for record, _ in action_records}
    action_ids |= {record.action_id for record, _ in update_records}
    actions = Action.objects.select_related("parent").in_bulk(action_ids)

    def reference(action_id: int, fallback: str) -> str:
        action = actions.get(action_id)
        return action.full_reference if action else fallback

    changes = [
        Change(
            when=record.history_date,
            by=record.history_user.display_name if record.history_user else UNKNOWN_USER,
            action_id=record.id if record.id in actions else None,
            reference=reference(record.id, record.reference),
            period_label="",
            summary=_describe(record, previous, co_leads=co_leads),
            reason=record.history_change_reason or "",
        )
        for record, previous in action_records
    ]
    changes += [
        Change(
            when=record.history_date,
            by=record.history_user.display_name if record.history_user else UNKNOWN_USER,
            action_id=record.action_id if record.action_id in actions else None,
            reference=reference(record.action_id, ""),
            period_label=periods.get(record.period_id, ""),
            summary=_describe(record, previous),
            reason=record.history_change_reason or "",
        )
        for record, previous in update_records
    ]
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]
