"""The plan page's tables as HTML, written in Python and kept until the plan's data changes.

A county plan has thousands of rating cells. Django's template engine takes about a millisecond
per row for them, so the rows are written here instead, every value escaped with
`conditional_escape` exactly as the template escaped it, in the markup the template had
(`templates/actions/plan_detail_body.html` shows the result).

The plan page keeps the result in the cache until the plan's data changes (actions/page_cache.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action, Plan, ReportingPeriod, Theme
from actions.ratings import RatingOption
from actions.snapshot import ActionRow, RatingCell, ThemeSection


def _url_for_pk(name: str, slug: str) -> Callable[[int], str]:
    """`reverse(name, slug, pk)` for many pks: the address of pk 0, split where the pk goes."""
    head, tail = reverse(name, kwargs={"slug": slug, "pk": 0}).rsplit("/0/", 1)
    head, tail = conditional_escape(head), conditional_escape(tail)
    return lambda pk: f"{head}/{pk}/{tail}"


def plan_tables(
    plan: Plan, periods: list[ReportingPeriod], sections: list[ThemeSection]
) -> SafeString:
    """The themes of the plan page with their tables of actions, or the "no match" paragraph."""
    if not sections:
        return mark_safe('<p class="govuk-body">No actions match these filters.</p>')
    writer = _TableWriter(plan, periods)
    # Every value in the markup went through conditional_escape or linebreaksbr.
    return mark_safe("\n".join(writer.section(s) for s in sections))  # noqa: S308


class _TableWriter:
    """Writes sections of one plan; holds what every row of the plan shares, escaped once."""

    def __init__(self, plan: Plan, periods: list[ReportingPeriod]) -> None:
        self.action_url = _url_for_pk("actions:action_detail", plan.slug)
        changes = reverse("actions:plan_changes", kwargs={"slug": plan.slug})
        self.changes_url = conditional_escape(changes)
        self.periods = periods
        self.labels = {period.pk: conditional_escape(period.label) for period in periods}
        self.header_cells = "".join(
            '<th scope="col" class="govuk-table__header app-plan-table__period">'
            f'<span aria-hidden="true">{conditional_escape(period.short_label)}</span>'
            f'<span class="govuk-visually-hidden">{self.labels[period.pk]}</span></th>'
            for period in periods
        )
        self.ratings: dict[tuple[int, RatingOption], str] = {}

    def section(self, section: ThemeSection) -> str:
        theme: Theme = section.theme
        heading = conditional_escape(theme.heading)
        parts = [
            f'<section class="app-plan-theme" aria-labelledby="theme-{theme.pk}">',
            f'<h2 class="govuk-heading-m" id="theme-{theme.pk}">{heading}</h2>',
        ]
        if theme.objective:
            parts.append(
                '<p class="govuk-body govuk-!-font-weight-bold">'
                f"{conditional_escape(theme.objective)}</p>"
            )
        if theme.narrative:
            parts.append(f'<p class="govuk-body">{linebreaksbr(theme.narrative)}</p>')
        if section.rows:
            parts += [
                '<div class="app-table-container" role="region" '
                f'aria-label="Actions of {heading}" tabindex="0">',
                '<table class="govuk-table app-plan-table">',
                '<caption class="govuk-table__caption govuk-visually-hidden">'
                f"Actions of {heading}, with a rating for each review</caption>",
                '<thead class="govuk-table__head"><tr class="govuk-table__row">'
                '<th scope="col" class="govuk-table__header app-plan-table__action">Action</th>'
                '<th scope="col" class="govuk-table__header">Lead</th>'
                '<th scope="col" class="govuk-table__header">Due date</th>'
                '<th scope="col" class="govuk-table__header app-plan-table__progress">Progress'
                f"</th>{self.header_cells}</tr></thead>",
                '<tbody class="govuk-table__body">',
                *(self.row(row) for row in section.rows),
                "</tbody></table></div>",
            ]
        parts.append("</section>")
        return "\n".join(parts)

    def row(self, row: ActionRow) -> str:
        action: Action = row.action
        classes = "govuk-table__row"
        if row.is_sub_action:
            classes += " app-plan-table__sub-action"
        if row.is_parent:
            classes += " app-plan-table__parent"
        tags = ""
        if row.is_overdue:
            tags += ' <strong class="govuk-tag govuk-tag--red app-tag">Overdue</strong>'
        if row.is_revised:
            tags += ' <strong class="govuk-tag govuk-tag--blue app-tag">Revised</strong>'
        if action.status != Action.Status.OPEN:
            status = conditional_escape(action.get_status_display())
            tags += f' <strong class="govuk-tag govuk-tag--grey app-tag">{status}</strong>'
        cells = "".join(self.cell(action.pk, cell, row.is_parent) for cell in row.cells)
        return (
            f'<tr class="{classes}" id="action-{action.pk}">'
            f'<td class="govuk-table__cell"><a class="govuk-link app-plan-table__link" '
            f'href="{self.action_url(action.pk)}"><span class="app-plan-table__ref">'
            f"{conditional_escape(action.display_reference)}</span> "
            f"{conditional_escape(action.description)}</a></td>"
            f'<td class="govuk-table__cell">{conditional_escape(row.lead)}</td>'
            f'<td class="govuk-table__cell">{conditional_escape(action.due_date_display)}'
            f"{tags}</td>"
            f'<td class="govuk-table__cell">{linebreaksbr(row.progress)}</td>'
            f"{cells}</tr>"
        )

    def cell(self, action_id: int, cell: RatingCell, is_parent: bool) -> str:
        period, option = cell.period, cell.option
        if option is not None:
            inner = self.rating(period, option)
        elif not is_parent:
            inner = (
                f'<span class="govuk-visually-hidden">{self.labels[period.pk]}: not rated</span>'
            )
        else:
            inner = ""
        if cell.update is not None:
            inner = (
                f'<a class="app-plan-table__history" href="{self.changes_url}?action={action_id}'
                f'&amp;period={period.pk}">{inner}'
                '<span class="govuk-visually-hidden"> (its history)</span></a>'
            )
        return f'<td class="govuk-table__cell app-plan-table__rating">{inner}</td>'

    def rating(self, period: ReportingPeriod, option: RatingOption) -> str:
        """A rating's letter, colour and words: the same few pieces of markup again and again."""
        key = (period.pk, option)
        if key not in self.ratings:
            self.ratings[key] = option.html(period.label)
        return self.ratings[key]
