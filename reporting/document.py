"""A committee report laid out for printing: numbered paragraphs, generated material, appendices.

`build_document` reads a report and its plan once; the HTML preview, the PDF and the Word copy
are all drawn from the `ReportDocument` it returns, so they cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.safestring import SafeString

from actions.comparison import Moved
from actions.exporting import sheet_rows
from actions.models import Action, ReportingPeriod
from actions.ratings import RatingOption, rating_label
from actions.snapshot import (
    ActionRow,
    PlanSnapshot,
    ThemeSection,
    current_snapshot,
    plan_layout,
)
from reporting import summaries
from reporting.charts import ratings_chart_svg
from reporting.models import GENERATED, CommitteeReport, paragraphs


@dataclass
class Block:
    """A numbered paragraph, a sub-heading, or generated material (`generated` names which)."""

    text: str = ""
    number: int | None = None
    heading: str = ""
    generated: str = ""


@dataclass
class Section:
    """A heading of the report and what follows it."""

    heading: str
    blocks: list[Block] = field(default_factory=list)
    slug: str = ""


@dataclass
class Changes:
    """What moved between the previous report's review and this one."""

    since_label: str
    improved: list[Moved]
    worsened: list[Moved]
    completed: list[Action]

    def sentence(self) -> str:
        """The changes in one sentence for a paragraph."""
        if not self.since_label:
            return "There is no earlier review to compare with."
        return (
            f"Since the {self.since_label} review, {_count(len(self.improved), 'rating')} "
            f"improved and {_count(len(self.worsened), 'rating')} worsened; "
            f"{_count(len(self.completed), 'action')} {_was(len(self.completed))} completed."
        )


@dataclass
class ReportDocument:
    """Everything a printed report shows, in order."""

    report: CommitteeReport
    sections: list[Section]
    recommendations: list[str]
    closing: list[Section]  # constitutional and financial comments, numbered on from the rest
    snapshot: PlanSnapshot
    periods: list[ReportingPeriod]
    appendix: list[ThemeSection]
    rating_key: tuple[RatingOption, ...]
    by_theme: summaries.RatingsByTheme
    chart: SafeString
    changes: Changes
    overdue: list[ActionRow]
    overdue_on: datetime.date


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _was(number: int) -> str:
    return "was" if number == 1 else "were"


def until_period(snapshot: PlanSnapshot, period: ReportingPeriod) -> PlanSnapshot:
    """The snapshot with the reviews after `period` left out: the plan as at that review."""
    periods = [p for p in snapshot.periods if p.start_date <= period.start_date]
    kept = {p.pk for p in periods}
    updates = {
        action_id: [u for u in items if u.period_id in kept]
        for action_id, items in snapshot.updates.items()
    }
    return replace(snapshot, periods=periods, updates=updates)


def _changes(snapshot: PlanSnapshot, report: CommitteeReport) -> Changes:
    period = report.period
    earlier = [p for p in snapshot.periods if p.start_date < period.start_date]
    if report.previous_report_id and report.previous_report.period in earlier:
        since = report.previous_report.period
    else:
        since = earlier[-1] if earlier else None
    if since is None:
        return Changes("", [], [], [])
    order = {option.value: rank for rank, option in enumerate(snapshot.plan.rating_options())}
    improved, worsened = [], []
    parents = snapshot.parent_ids()
    for action in snapshot.actions:
        if action.pk in parents:
            continue
        before, after = snapshot.rating(action, since), snapshot.rating(action, period)
        old, new = (before.rating if before else ""), (after.rating if after else "")
        if old and new and old != new:
            scale = after.scale
            moved = Moved(action, period.label, rating_label(scale, old), rating_label(scale, new))
            (improved if order[new] < order[old] else worsened).append(moved)
    completed = [a for a in snapshot.actions if a.status == Action.Status.COMPLETED]
    return Changes(since.label, improved, worsened, completed)


def build_document(report: CommitteeReport, snapshot: PlanSnapshot | None = None) -> ReportDocument:
    """The report laid out: paragraphs numbered 1, 2, 3 across sections, generated material in."""
    snapshot = until_period(snapshot or current_snapshot(report.plan), report.period)
    number = 0

    def section(heading: str, text: str, slug: str) -> Section:
        nonlocal number
        result = Section(heading, slug=slug)
        for paragraph in paragraphs(text):
            if paragraph.lower() in GENERATED:
                result.blocks.append(Block(generated=paragraph.lower()))
            else:
                number += 1
                result.blocks.append(Block(text=paragraph, number=number))
        return result

    sections = [
        section("Purpose of the Report", report.purpose, "purpose"),
        section("Information and Advice", report.information, "information"),
        section("Other Options Considered", report.other_options, "other-options"),
        section("Reason/s for Recommendation/s", report.reasons, "reasons"),
    ]
    statutory = section("Statutory and Policy Implications", report.statutory, "statutory")
    for implication in report.implications.all():
        statutory.blocks.append(Block(heading=implication.heading))
        statutory.blocks += section("", implication.text, "").blocks
    sections.append(statutory)
    financial = "Financial Comments"
    if report.financial_initials or report.financial_date:
        stamp = " ".join(
            part
            for part in (
                report.financial_initials,
                f"{report.financial_date:%d/%m/%y}" if report.financial_date else "",
            )
            if part
        )
        financial = f"{financial} ({stamp})"
    closing = [
        section("Constitutional Comments", report.constitutional_comments, "constitutional"),
        section(financial, report.financial_comments, "financial"),
    ]
    periods, appendix = plan_layout(snapshot, today=report.period.end_date)
    over_periods = summaries.ratings_over_periods(snapshot)
    return ReportDocument(
        report=report,
        sections=sections,
        recommendations=report.recommendation_list(),
        closing=closing,
        snapshot=snapshot,
        periods=periods,
        appendix=appendix,
        rating_key=snapshot.plan.rating_options(),
        by_theme=summaries.ratings_by_theme(snapshot, report.period),
        chart=ratings_chart_svg(over_periods, snapshot.plan.rating_scale),
        changes=_changes(snapshot, report),
        overdue=summaries.overdue_actions(snapshot, report.period.end_date),
        overdue_on=report.period.end_date,
    )


def document_data(document: ReportDocument) -> dict[str, object]:
    """The data behind a printed report, kept with an issued report's files."""
    report = document.report
    fields = {
        f.name: str(getattr(report, f.attname))
        for f in report._meta.concrete_fields
        if f.name not in {"version"}
    }
    return {
        "report": fields,
        "implications": [[i.heading, i.text] for i in report.implications.all()],
        "appendices": [[a.title, a.text] for a in report.appendices.all()],
        "appendix_1": sheet_rows(document.snapshot),
        "made_at": timezone.now().isoformat(),
    }
