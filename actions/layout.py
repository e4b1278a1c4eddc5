"""The plan laid out as the source document lays it out, now or as it stood at a past moment.

A `PlanSnapshot` holds everything a page, an export or a printed report shows of a plan, read in
a fixed number of queries whatever the plan's size: from the live tables, or from the history
tables as at a moment. `plan_layout` turns a snapshot into themes with their rows, in Python, so
that templates only read attributes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeVar

from django.apps import apps
from django.db.models import Max
from django.utils import timezone

from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from actions.ratings import RatingOption, rating_option
from governance.models import Group, Person

M = TypeVar("M", Action, ProgressUpdate)


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
        # Templates that list actions read the lead from the action itself.
        for action in self.actions:
            action.lead_text = self.lead(action)
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
        """The plan's Progress column: the narrative of the latest period that has one."""
        for update in reversed(self.updates.get(action.pk, [])):
            if update.narrative.strip():
                return update.narrative
        return ""

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
    themes = list(plan.themes.all())
    periods = list(plan.periods.all())
    actions = list(Action.objects.filter(theme__plan=plan))
    # The plan's updates and co-leads by the plan, rather than by a list of every action's id;
    # put in period order here rather than by a join in the database.
    updates = list(ProgressUpdate.objects.filter(period__plan=plan).order_by())
    co_lead_ids = list(
        Action.co_leads.through.objects.filter(action__theme__plan=plan).values_list(
            "action_id", "person_id"
        )
    )
    _attach(actions, themes)
    people = _attach_leads(actions, {person_id for _action_id, person_id in co_lead_ids})
    position = {period.pk: index for index, period in enumerate(periods)}
    by_action: dict[int, list[ProgressUpdate]] = {action.pk: [] for action in actions}
    for update in sorted(updates, key=lambda u: position[u.period_id]):
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
    )


def snapshot_as_at(plan: Plan, moment: datetime.datetime) -> PlanSnapshot:
    """The plan exactly as it stood at `moment`, rebuilt from the history tables.

    People and groups are named as they are now; everything of the plan itself (themes, periods,
    actions, leads, dates, statuses, ratings, narratives, co-leads) is as it was.
    """
    plan_then = Plan.history.as_of(moment).filter(id=plan.pk).first() or plan
    themes = sorted(Theme.history.as_of(moment).filter(plan_id=plan.pk), key=lambda t: t.order)
    periods = periods_as_at(plan, moment)
    actions = _rows_as_of(Action, moment, theme_id__in=[theme.pk for theme in themes])
    updates = _rows_as_of(ProgressUpdate, moment, period_id__in=[period.pk for period in periods])
    _attach(actions, themes)
    _attach_leads(actions)
    period_by_id = {period.pk: period for period in periods}
    for update in updates:
        update.period = period_by_id[update.period_id]
    start = {period.pk: period.start_date for period in periods}
    by_action: dict[int, list[ProgressUpdate]] = defaultdict(list)
    action_ids = {action.pk for action in actions}
    for update in sorted(updates, key=lambda u: start[u.period_id]):
        if update.action_id in action_ids:
            by_action[update.action_id].append(update)
    return PlanSnapshot(
        plan=plan_then,
        themes=themes,
        periods=periods,
        actions=_document_order(actions, themes),
        updates=dict(by_action),
        co_leads=_co_leads_as_at(actions, moment),
        as_at=moment,
    )


def periods_as_at(plan: Plan, moment: datetime.datetime) -> list[ReportingPeriod]:
    """The plan's review periods as they stood at `moment`, in order."""
    periods = ReportingPeriod.history.as_of(moment).filter(plan_id=plan.pk)
    return sorted(periods, key=lambda period: period.start_date)


def _rows_as_of(model: type[M], moment: datetime.datetime, **filters: object) -> list[M]:
    """The rows of `model` as they stood at `moment`, narrowed by `filters`.

    What `model.history.as_of()` gives, found by the newest record of each row by history id
    (ids only grow, so it is the last one written, as the change log also takes it) rather than
    by comparing each record with every later one, which takes time in the square of a row's
    history; and making only the rows, where `as_of()` makes a historical record of each first.
    """
    history = model.history.model.objects
    newest = (
        history.filter(history_date__lte=moment, **filters)
        .order_by()
        .values("id")
        .annotate(newest=Max("history_id"))
        .values("newest")
    )
    names = [field.attname for field in model._meta.concrete_fields]
    rows = history.filter(history_id__in=newest).exclude(history_type="-").values_list(*names)
    return [model.from_db(None, names, values) for values in rows]


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


def _co_leads_as_at(actions: list[Action], moment: datetime.datetime) -> dict[int, list[Person]]:
    """Each action's co-leads as recorded with its latest historical row before `moment`."""
    if not actions:
        return {}
    through = apps.get_model("actions", "HistoricalAction_co_leads")
    latest = (
        Action.history.filter(id__in=[a.pk for a in actions], history_date__lte=moment)
        .latest_of_each()
        .values_list("history_id", "id")
    )
    action_of = dict(latest)
    rows = through.objects.filter(history_id__in=list(action_of)).values_list(
        "history_id", "person_id"
    )
    people = Person.objects.in_bulk({person_id for _hid, person_id in rows})
    co_leads: dict[int, list[Person]] = defaultdict(list)
    for history_id, person_id in rows:
        co_leads[action_of[history_id]].append(people[person_id])
    return {key: sorted(value, key=lambda p: p.name) for key, value in co_leads.items()}


@dataclass
class RatingCell:
    """One period's rating of one action: blank when not rated."""

    period: ReportingPeriod
    option: RatingOption | None
    update: ProgressUpdate | None


@dataclass
class ActionRow:
    """One action as a row of the plan table."""

    action: Action
    lead: str
    is_sub_action: bool
    is_parent: bool
    is_overdue: bool
    progress: str
    cells: list[RatingCell]
    is_revised: bool = False


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
) -> tuple[list[ReportingPeriod], list[ThemeSection]]:
    """The periods (the rating columns) and the themes with their rows, in document order.

    `actions` narrows the rows (a filtered view) without changing their order. Overdue is judged
    on `today`, or on the snapshot's date for a plan as it stood.
    """
    if today is None:
        today = snapshot.as_at.date() if snapshot.as_at else timezone.localdate()
    parents = snapshot.parent_ids()
    sections = {theme.pk: ThemeSection(theme) for theme in snapshot.themes}
    for action in snapshot.actions if actions is None else actions:
        cells = []
        for period in snapshot.periods:
            update = snapshot.rating(action, period)
            option = rating_option(update.scale, update.rating) if update else None
            cells.append(RatingCell(period=period, option=option, update=update))
        sections[action.theme_id].rows.append(
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
    return snapshot.periods, list(sections.values())
