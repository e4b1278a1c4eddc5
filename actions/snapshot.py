"""The plan snapshot: a plan now, or as it stood at a past moment, laid out as its document.

A `PlanSnapshot` holds everything a page, an export or a printed report shows of a plan, read in
a fixed number of queries whatever the plan's size: from the live tables, or from the history
tables as at a moment (read by `actions.history`). `plan_layout` turns a snapshot into themes
with their rows (`ActionRow`: what a page shows of an action), in Python, so that templates only
read attributes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from actions import history
from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme, progress_of
from actions.ratings import RatingOption, rating_option
from governance.models import Group, Person


@dataclass
class PlanSnapshot:
    """A plan's themes, periods, actions, updates and co-leads, at one moment."""

    plan: Plan
    themes: list[Theme]
    periods: list[ReportingPeriod]
    actions: list[Action]  # document order: themes, then actions with their sub-actions
    updates: dict[int, list[ProgressUpdate]]  # by action id, in period order
    co_leads: dict[int, list[Person]]  # by action id
    as_at: datetime.datetime | None = None

    _by_period: dict[tuple[int, int], ProgressUpdate] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # A page asks for every action's rating in every period: look them up, not search.
        self._by_period = {
            (action_id, update.period_id): update
            for action_id, updates in self.updates.items()
            for update in updates
        }

    def lead(self, action: Action) -> str:
        """The action's lead as the plan writes it, co-leads included."""
        names = [action.main_lead_display]
        names += [person.name for person in self.co_leads.get(action.pk, [])]
        return " / ".join(name for name in names if name)

    def progress(self, action: Action) -> str:
        """The plan's Progress column for the action (see `progress_of`)."""
        return progress_of(self.updates.get(action.pk, []))

    def rating(self, action: Action, period: ReportingPeriod) -> ProgressUpdate | None:
        """The action's update for the period, if it has one."""
        return self._by_period.get((action.pk, period.pk))

    def parent_ids(self) -> set[int]:
        """The actions that have sub-actions."""
        return {action.parent_id for action in self.actions if action.parent_id}


def _document_order(actions: list[Action], themes: list[Theme]) -> list[Action]:
    theme_order = {theme.pk: theme.order for theme in themes}
    by_id = {action.pk: action for action in actions}

    def key(action: Action) -> tuple[int, int, int, int]:
        parent = by_id.get(action.parent_id) if action.parent_id else None
        top = parent.order if parent else action.order
        return (theme_order.get(action.theme_id, 0), top, 1 if parent else 0, action.order)

    return sorted(actions, key=key)


def current_snapshot(plan: Plan) -> PlanSnapshot:
    """The plan as it is now, in seven queries whatever its size."""
    # The plan's updates and co-leads by the plan, rather than by a list of every action's id.
    co_lead_ids = Action.co_leads.through.objects.filter(action__theme__plan=plan).values_list(
        "action_id", "person_id"
    )
    return _snapshot(
        plan,
        list(plan.themes.all()),
        list(plan.periods.all()),
        list(Action.objects.filter(theme__plan=plan)),
        list(ProgressUpdate.objects.filter(period__plan=plan).order_by()),
        list(co_lead_ids),
    )


def snapshot_as_at(plan: Plan, moment: datetime.datetime) -> PlanSnapshot:
    """The plan exactly as it stood at `moment`, rebuilt from the history tables.

    People and groups are named as they are now; everything of the plan itself (themes, periods,
    actions, leads, dates, statuses, ratings, narratives, co-leads) is as it was.
    """
    themes = history.themes_as_at(plan, moment)
    periods = history.periods_as_at(plan, moment)
    actions = history.rows_as_at(Action, moment, theme_id__in=[theme.pk for theme in themes])
    updates = history.rows_as_at(
        ProgressUpdate, moment, period_id__in=[period.pk for period in periods]
    )
    co_lead_ids = history.co_lead_ids_as_at([action.pk for action in actions], moment)
    return _snapshot(
        history.plan_as_at(plan, moment), themes, periods, actions, updates, co_lead_ids, moment
    )


def _snapshot(
    plan: Plan,
    themes: list[Theme],
    periods: list[ReportingPeriod],
    actions: list[Action],
    updates: list[ProgressUpdate],
    co_lead_ids: list[tuple[int, int]],
    as_at: datetime.datetime | None = None,
) -> PlanSnapshot:
    """A snapshot of rows read, put together in Python: leads, parents, updates in period order."""
    _attach(actions, themes)
    people = _attach_leads(actions, {person_id for _action_id, person_id in co_lead_ids})
    period_by_id = {period.pk: period for period in periods}
    position = {period.pk: index for index, period in enumerate(periods)}
    by_action: dict[int, list[ProgressUpdate]] = {action.pk: [] for action in actions}
    for update in sorted(updates, key=lambda u: position.get(u.period_id, -1)):
        if update.action_id in by_action and update.period_id in period_by_id:
            update.period = period_by_id[update.period_id]
            by_action[update.action_id].append(update)
    co_leads: dict[int, list[Person]] = defaultdict(list)
    for action_id, person_id in co_lead_ids:
        co_leads[action_id].append(people[person_id])
    return PlanSnapshot(
        plan=plan,
        themes=themes,
        periods=periods,
        actions=_document_order(actions, themes),
        updates=by_action,
        co_leads={key: sorted(value, key=lambda p: p.name) for key, value in co_leads.items()},
        as_at=as_at,
    )


def _attach(actions: list[Action], themes: list[Theme]) -> None:
    """Fill each action's theme and parent from what is loaded, not one query per action."""
    theme_by_id = {theme.pk: theme for theme in themes}
    action_by_id = {action.pk: action for action in actions}
    for action in actions:
        action.theme = theme_by_id[action.theme_id]
        action.parent = action_by_id.get(action.parent_id) if action.parent_id else None


def _attach_leads(actions: list[Action], more_people: set[int] = frozenset()) -> dict[int, Person]:
    """Fill the actions' lead person and group in two queries; the people read, by id.

    `more_people` are read in the same query, such as the actions' co-leads.
    """
    people = Person.objects.in_bulk(
        {a.lead_person_id for a in actions if a.lead_person_id} | set(more_people)
    )
    groups = Group.objects.in_bulk({a.lead_group_id for a in actions if a.lead_group_id})
    for action in actions:
        action.lead_person = people.get(action.lead_person_id) if action.lead_person_id else None
        action.lead_group = groups.get(action.lead_group_id) if action.lead_group_id else None
    return people


@dataclass
class RatingCell:
    """One period's rating of one action: blank when not rated."""

    period: ReportingPeriod
    option: RatingOption | None
    update: ProgressUpdate | None


@dataclass
class ActionRow:
    """What a page shows of one action: a row of the plan table, or of a list of actions."""

    action: Action
    lead: str
    is_sub_action: bool
    is_parent: bool
    is_overdue: bool
    progress: str
    cells: list[RatingCell]
    is_revised: bool = False

    def cell(self, period: ReportingPeriod) -> RatingCell | None:
        """The action's rating cell for the period."""
        return next((cell for cell in self.cells if cell.period.pk == period.pk), None)


@dataclass
class ThemeSection:
    """A theme with its heading, objective, narrative and the rows of its actions."""

    theme: Theme
    rows: list[ActionRow] = field(default_factory=list)


def plan_layout(
    snapshot: PlanSnapshot,
    *,
    today: datetime.date | None = None,
    actions: list[Action] | None = None,
    revised: set[int] = frozenset(),
) -> tuple[list[ReportingPeriod], list[ThemeSection]]:
    """The periods (the rating columns) and the themes with their rows, in document order.

    `actions` narrows the rows (a filtered view) without changing their order; `revised` are the
    actions whose due date has been revised. Overdue is judged on `today`, or on the snapshot's
    date for a plan as it stood.
    """
    sections = {theme.pk: ThemeSection(theme) for theme in snapshot.themes}
    rows = action_rows(snapshot, snapshot.actions if actions is None else actions, today=today)
    for row in rows:
        row.is_revised = row.action.pk in revised
        sections[row.action.theme_id].rows.append(row)
    return snapshot.periods, list(sections.values())


def action_rows(
    snapshot: PlanSnapshot, actions: list[Action], *, today: datetime.date | None = None
) -> list[ActionRow]:
    """What a page shows of each of the snapshot's `actions`, in their order."""
    if today is None:
        today = snapshot.as_at.date() if snapshot.as_at else timezone.localdate()
    parents = snapshot.parent_ids()
    rows = []
    for action in actions:
        cells = []
        for period in snapshot.periods:
            update = snapshot.rating(action, period)
            option = rating_option(update.scale, update.rating) if update else None
            cells.append(RatingCell(period=period, option=option, update=update))
        rows.append(
            ActionRow(
                action=action,
                lead=snapshot.lead(action),
                is_sub_action=action.parent_id is not None,
                is_parent=action.pk in parents,
                is_overdue=action.is_overdue(today),
                progress=snapshot.progress(action),
                cells=cells,
            )
        )
    return rows
