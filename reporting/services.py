"""The write layer of committee reports: drafting, sub-headings, appendices and issuing.

Every write names its user, so that the report's history says who did what. An issued report never
changes (ReportIssued); a new draft starts from its text instead. Forms carry the version they were
opened at, and a save based on an older one is refused (StaleEditError, nothing written).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Plan, ReportingPeriod
from cseplan.lib.edits import StaleEditError, versioned_edit
from cseplan.lib.history import attributed, create_tracked, last_change_among, save_tracked
from governance.models import User
from reporting.document import build_document, document_data
from reporting.models import CommitteeReport, IssuedDocument, ReportAppendix, ReportImplication
from reporting.rendering import report_docx, report_pdf

# Whose report and to which committee, for a plan's first report (the council template's own);
# the edit page opens straight after, so the author confirms them.
FIRST_REPORT_OF = "Service Director, Children's Social Care"
FIRST_COMMITTEE = "Children & Young People's Committee"


class ReportIssued(PermissionDenied):
    """An issued report cannot change; start a new draft from it instead (a page answers 403)."""


@dataclass(frozen=True)
class ReportText:
    """What the author writes in a report: its heading, sections, signatory, comments and papers.

    The defaults are the model's (a test checks that they agree).
    """

    title: str
    report_of: str
    committee: str
    meeting_date: datetime.date | None = None
    purpose: str = ""
    information: str = ""
    other_options: str = ""
    reasons: str = ""
    statutory: str = ""
    recommendations: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    contact_name: str = ""
    contact_title: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    constitutional_comments: str = ""
    financial_comments: str = ""
    financial_initials: str = ""
    financial_date: datetime.date | None = None
    background_papers: str = ""
    background_note: str = ""
    electoral_divisions: str = "All."

    @classmethod
    def of(cls, report: CommitteeReport) -> ReportText:
        """The text of a report as it stands."""
        return cls(**{name: getattr(report, name) for name in TEXT_FIELDS})


# The report's fields that ReportText holds, in the order of the edit page.
TEXT_FIELDS = tuple(field.name for field in fields(ReportText))


def _locked_draft(pk: int) -> CommitteeReport:
    """The report, locked until the transaction ends; ReportIssued once it has been issued."""
    current = CommitteeReport.objects.select_for_update().get(pk=pk)
    if current.is_issued:
        raise ReportIssued
    return current


# Drafting ---------------------------------------------------------------------------------------


@transaction.atomic
def create_report(
    plan: Plan,
    text: ReportText,
    *,
    period: ReportingPeriod,
    by: User,
    previous_report: CommitteeReport | None = None,
    reason: str = "Report drafted",
) -> CommitteeReport:
    """Start a draft report on a plan's review."""
    return create_tracked(
        CommitteeReport, by=by, reason=reason, plan=plan, period=period,
        previous_report=previous_report, **asdict(text),
    )  # fmt: skip


def update_report(
    report: CommitteeReport,
    text: ReportText,
    *,
    period: ReportingPeriod,
    by: User,
    expected_version: int,
    reason: str = "",
) -> CommitteeReport:
    """Change a draft's text and review. Refuses an issued report and a stale form.

    A save that changes nothing writes nothing (cseplan.lib.edits.versioned_edit).
    """
    with versioned_edit(
        CommitteeReport.objects.filter(pk=report.pk),
        expected_version=expected_version,
        by=by,
        reason=reason,
    ) as current:
        if current.is_issued:
            raise ReportIssued
        for name, value in asdict(text).items():
            setattr(current, name, value)
        current.period = period
    return current


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
        text = ReportText(
            title=latest.title if latest else plan.title,
            report_of=latest.report_of if latest else FIRST_REPORT_OF,
            committee=latest.committee if latest else FIRST_COMMITTEE,
        )
        return create_report(plan, text, period=period, by=by)
    draft = draft_from(previous, by=by)
    if draft.period_id == period.pk:
        return draft
    # A new review means a new meeting: the old meeting and finance sign-off dates would be wrong.
    text = replace(
        ReportText.of(draft), meeting_date=None, financial_initials="", financial_date=None
    )
    return update_report(
        draft,
        text,
        period=period,
        by=by,
        expected_version=draft.version,
        reason=f"Moved to the {period.label} review",
    )


@transaction.atomic
def draft_from(report: CommitteeReport, *, by: User) -> CommitteeReport:
    """A new draft that starts from a report's text, following it as the previous report."""
    reason = "Drafted from an earlier report"
    draft = create_report(
        report.plan,
        ReportText.of(report),
        period=report.period,
        by=by,
        previous_report=report if report.is_issued else report.previous_report,
        reason=f"Drafted from the report of {report.period.label}",
    )
    for implication in report.implications.all():
        create_tracked(
            ReportImplication, by=by, reason=reason, report=draft, heading=implication.heading,
            text=implication.text, order=implication.order,
        )  # fmt: skip
    for appendix in report.appendices.all():
        create_tracked(
            ReportAppendix, by=by, reason=reason, report=draft, title=appendix.title,
            text=appendix.text, order=appendix.order,
        )  # fmt: skip
    return draft


# Sub-headings of the implications ---------------------------------------------------------------


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


def _stale_implications(report: CommitteeReport, now: list[ReportImplication]) -> StaleEditError:
    """The refusal of a save based on sub-headings that have changed since: they are versioned
    together, by their fingerprint, and the one changed last may since have been removed."""
    return StaleEditError(
        None,
        version=implications_version(now),
        last=last_change_among(ReportImplication, report_id=report.pk),
    )


@transaction.atomic
def save_implications(
    report: CommitteeReport, rows: list[ImplicationRow], *, by: User, expected_version: str
) -> list[ReportImplication]:
    """Make the report's sub-headings those of `rows`, in that order; rows left out are removed.

    Refuses an issued report (ReportIssued) and a form based on sub-headings that someone has
    changed since (StaleEditError, nothing written).
    """
    current = _locked_draft(report.pk)
    existing = {item.pk: item for item in current.implications.all()}
    kept = {row.pk for row in rows if row.pk is not None}
    stale = implications_version(list(existing.values())) != expected_version
    if stale or not kept <= set(existing):
        raise _stale_implications(current, list(existing.values()))
    for pk, item in existing.items():
        if pk not in kept:
            with attributed(item, by=by, reason="Sub-heading removed"):
                item.delete()
    saved = []
    for order, row in enumerate(rows, start=1):
        if row.pk is None:
            added = create_tracked(
                ReportImplication, by=by, reason="Sub-heading added", report=current,
                heading=row.heading, text=row.text, order=order,
            )  # fmt: skip
            saved.append(added)
            continue
        item = existing[row.pk]
        if (item.heading, item.text, item.order) != (row.heading, row.text, order):
            item.heading, item.text, item.order = row.heading, row.text, order
            item.full_clean()
            save_tracked(item, by=by, reason="Sub-heading changed")
        saved.append(item)
    return saved


# Appendices -------------------------------------------------------------------------------------


@transaction.atomic
def add_appendix(report: CommitteeReport, *, by: User, title: str, text: str) -> ReportAppendix:
    """Add a text appendix (Appendix 2, 3 …, after the plan) to a draft."""
    current = _locked_draft(report.pk)
    order = max((a.order for a in current.appendices.all()), default=0) + 1
    return create_tracked(
        ReportAppendix, by=by, reason="Appendix added", report=current, title=title, text=text,
        order=order,
    )  # fmt: skip


@transaction.atomic
def remove_appendix(appendix: ReportAppendix, *, by: User) -> None:
    """Take an appendix out of a draft; its history keeps it."""
    _locked_draft(appendix.report_id)
    with attributed(appendix, by=by, reason="Appendix removed"):
        appendix.delete()


# Issuing ----------------------------------------------------------------------------------------


@transaction.atomic
def issue_report(report: CommitteeReport, *, by: User) -> CommitteeReport:
    """Issue a draft: draw its PDF and Word files and keep them, with the data and checksums.

    From then on the report and its files never change; downloads serve the stored bytes.
    """
    current = _locked_draft(report.pk)
    if not by.can_issue_reports():
        raise ValidationError("Only a chair or an administrator can issue a report.")
    document = build_document(current)
    data = document_data(document)
    for file_format, content in (("pdf", report_pdf(document)), ("docx", report_docx(document))):
        IssuedDocument.objects.create(
            report=current,
            file_format=file_format,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            data=data,
        )
    current.status = CommitteeReport.Status.ISSUED
    current.issued_at = timezone.now()
    current.issued_by = by
    current.version += 1
    save_tracked(current, by=by, reason="Report issued")
    return current
