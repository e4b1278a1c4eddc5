"""Drafting committee reports from the pages: starting one, and its implication sub-headings.

Every write names its user, so that the report's history says who did what; the report's text
itself is written by `reporting.services.update_report`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.models import Plan
from cseplan.lib.edits import StaleEditError
from cseplan.lib.history import attributed, create_tracked, save_tracked
from governance.models import User
from reporting.models import CommitteeReport, ReportAppendix, ReportImplication
from reporting.services import ReportIssued, create_report, draft_from, update_report

# Whose report and to which committee, for a plan's first report (the council template's own);
# the edit page opens straight after, so the author confirms them.
FIRST_REPORT_OF = "Service Director, Children's Social Care"
FIRST_COMMITTEE = "Children & Young People's Committee"


def latest_issued_report(plan: Plan) -> CommitteeReport | None:
    """The plan's most recently issued report, which a new draft follows."""
    return (
        plan.reports.filter(status=CommitteeReport.Status.ISSUED)
        .select_related("period")
        .order_by("-issued_at", "-pk")
        .first()
    )


@transaction.atomic
def start_report(plan: Plan, *, by: User) -> CommitteeReport:
    """A draft for the plan's current review, starting from the latest issued report's text."""
    period = plan.current_period()
    if period is None:
        raise ValidationError("The plan has no reviews yet, so a report on it cannot start.")
    previous = latest_issued_report(plan)
    if previous is None:
        latest = plan.reports.first()
        return create_report(
            plan,
            by=by,
            period=period,
            title=latest.title if latest else plan.title,
            report_of=latest.report_of if latest else FIRST_REPORT_OF,
            committee=latest.committee if latest else FIRST_COMMITTEE,
        )
    draft = draft_from(previous, by=by)
    if draft.period_id == period.pk:
        return draft
    # A new review means a new meeting: the old meeting and finance sign-off dates would be wrong.
    return update_report(
        draft,
        by=by,
        expected_version=draft.version,
        reason=f"Moved to the {period.label} review",
        period=period,
        meeting_date=None,
        financial_initials="",
        financial_date=None,
    )


@dataclass(frozen=True)
class ImplicationRow:
    """One sub-heading as the form sends it: the row it edits (None for a new one), its text."""

    pk: int | None
    heading: str
    text: str


def implications_version(implications: list[ReportImplication]) -> str:
    """A fingerprint of the sub-headings as an editor saw them, to refuse a stale save."""
    rows = [[item.pk, item.heading, item.text] for item in implications]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:32]


def last_implications_change(
    report: CommitteeReport,
) -> tuple[User | None, datetime.datetime | None]:
    """Who last changed the report's sub-headings, and when."""
    latest = (
        ReportImplication.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    return (latest.history_user, latest.history_date) if latest else (None, None)


@transaction.atomic
def save_implications(
    report: CommitteeReport, rows: list[ImplicationRow], *, by: User, expected_version: str
) -> list[ReportImplication]:
    """Make the report's sub-headings those of `rows`, in that order; rows left out are removed.

    Refuses an issued report (ReportIssued) and a form based on sub-headings that someone has
    changed since (StaleEditError, nothing written).
    """
    current = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if current.is_issued:
        raise ReportIssued
    existing = {item.pk: item for item in current.implications.all()}
    if implications_version(list(existing.values())) != expected_version:
        raise StaleEditError(None)
    kept = {row.pk for row in rows if row.pk is not None}
    if not kept <= set(existing):
        raise StaleEditError(None)
    for pk, item in existing.items():
        if pk not in kept:
            with attributed(item, by=by, reason="Sub-heading removed"):
                item.delete()
    saved = []
    for order, row in enumerate(rows, start=1):
        if row.pk is None:
            saved.append(
                create_tracked(
                    ReportImplication,
                    by=by,
                    reason="Sub-heading added",
                    report=current,
                    heading=row.heading,
                    text=row.text,
                    order=order,
                )
            )
            continue
        item = existing[row.pk]
        if (item.heading, item.text, item.order) != (row.heading, row.text, order):
            item.heading, item.text, item.order = row.heading, row.text, order
            item.full_clean()
            save_tracked(item, by=by, reason="Sub-heading changed")
        saved.append(item)
    return saved


@transaction.atomic
def add_appendix(report: CommitteeReport, *, by: User, title: str, text: str) -> ReportAppendix:
    """Add a text appendix (Appendix 2, 3 …, after the plan) to a draft."""
    current = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if current.is_issued:
        raise ReportIssued
    order = max((a.order for a in current.appendices.all()), default=0) + 1
    return create_tracked(
        ReportAppendix, by=by, reason="Appendix added", report=current, title=title, text=text,
        order=order,
    )  # fmt: skip


@transaction.atomic
def remove_appendix(appendix: ReportAppendix, *, by: User) -> None:
    """Take an appendix out of a draft; its history keeps it."""
    if CommitteeReport.objects.select_for_update().get(pk=appendix.report_id).is_issued:
        raise ReportIssued
    with attributed(appendix, by=by, reason="Appendix removed"):
        appendix.delete()
