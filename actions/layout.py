"""The plan laid out as the source document lays it out, for pages and printed reports.

One query per kind of row, whatever the plan's size: the layout is built in Python from
prefetched rows so that the templates only read attributes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from actions.ratings import RatingOption, rating_option


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


def plan_actions(plan: Plan) -> list[Action]:
    """The plan's actions in document order, with everything a row shows prefetched."""
    return list(
        plan.actions()
        .select_related("theme", "parent", "lead_person", "lead_group")
        .prefetch_related(
            "co_leads",
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("period")),
        )
    )


def plan_layout(
    plan: Plan, *, today: datetime.date | None = None, actions: list[Action] | None = None
) -> tuple[list[ReportingPeriod], list[ThemeSection]]:
    """The periods (the rating columns) and the themes with their rows, in document order."""
    today = today or timezone.localdate()
    periods = list(plan.periods.all())
    actions = plan_actions(plan) if actions is None else actions
    parents = {action.parent_id for action in actions if action.parent_id}
    sections: dict[int, ThemeSection] = {
        theme.pk: ThemeSection(theme) for theme in plan.themes.all()
    }
    for action in actions:
        updates = {update.period_id: update for update in action.updates.all()}
        cells = []
        for period in periods:
            update = updates.get(period.pk)
            option = rating_option(update.scale, update.rating) if update else None
            cells.append(RatingCell(period=period, option=option, update=update))
        sections[action.theme_id].rows.append(
            ActionRow(
                action=action,
                is_sub_action=action.parent_id is not None,
                is_parent=action.pk in parents,
                is_overdue=action.is_overdue(today),
                progress=action.latest_progress(),
                cells=cells,
            )
        )
    return periods, list(sections.values())
