"""The write layer of committee reports: drafting, issuing (which freezes), starting anew."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Plan
from cseplan.lib.edits import StaleEditError
from cseplan.lib.history import create_tracked, save_tracked
from governance.models import User
from reporting.document import build_document, document_data
from reporting.models import CommitteeReport, IssuedDocument, ReportAppendix, ReportImplication
from reporting.rendering import report_docx, report_pdf

# The fields a draft's form edits (all but status, issue and bookkeeping fields).
TEXT_FIELDS = [
    "title", "report_of", "committee", "meeting_date", "purpose", "information", "other_options",
    "reasons", "statutory", "recommendations", "signatory_name", "signatory_title",
    "contact_name", "contact_title", "contact_phone", "contact_email", "constitutional_comments",
    "financial_comments", "financial_initials", "financial_date", "background_papers",
    "background_note", "electoral_divisions",
]  # fmt: skip


class ReportIssued(Exception):
    """An issued report cannot change; start a new draft from it instead."""


@transaction.atomic
def update_report(
    report: CommitteeReport, *, by: User, expected_version: int, reason: str = "", **fields: Any
) -> CommitteeReport:
    """Change a draft's text. Refuses an issued report and a stale form."""
    current = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if current.is_issued:
        raise ReportIssued
    if current.version != expected_version:
        raise StaleEditError(current)
    for name, value in fields.items():
        if name not in TEXT_FIELDS and name not in {"period", "previous_report"}:
            raise ValueError(f"{name} is not a field of a draft")
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    save_tracked(current, by=by, reason=reason)
    return current


@transaction.atomic
def create_report(
    plan: Plan, *, by: User, reason: str = "Report drafted", **fields: Any
) -> CommitteeReport:
    """Start a draft report on a plan."""
    return create_tracked(CommitteeReport, by=by, reason=reason, plan=plan, **fields)


@transaction.atomic
def issue_report(report: CommitteeReport, *, by: User) -> CommitteeReport:
    """Issue a draft: draw its PDF and Word files and keep them, with the data and checksums.

    From then on the report and its files never change; downloads serve the stored bytes.
    """
    current = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if current.is_issued:
        raise ReportIssued
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


@transaction.atomic
def draft_from(report: CommitteeReport, *, by: User) -> CommitteeReport:
    """A new draft that starts from a report's text, following it as the previous report."""
    fields = {name: getattr(report, name) for name in TEXT_FIELDS}
    draft = create_report(
        report.plan,
        by=by,
        reason=f"Drafted from the report of {report.period.label}",
        period=report.period,
        previous_report=report if report.is_issued else report.previous_report,
        **fields,
    )
    for implication in report.implications.all():
        create_tracked(
            ReportImplication, by=by, reason="Drafted from an earlier report", report=draft,
            heading=implication.heading, text=implication.text, order=implication.order,
        )  # fmt: skip
    for appendix in report.appendices.all():
        create_tracked(
            ReportAppendix, by=by, reason="Drafted from an earlier report", report=draft,
            title=appendix.title, text=appendix.text, order=appendix.order,
        )  # fmt: skip
    return draft


@transaction.atomic
def load_report(plan: Plan, data: dict[str, Any], *, by: User, reason: str) -> CommitteeReport:
    """Create a draft report from structured data (see fixtures/README.md)."""
    fields = {name: data[name] for name in TEXT_FIELDS if name in data}
    for name in ("meeting_date", "financial_date"):
        if fields.get(name):
            fields[name] = datetime.date.fromisoformat(fields[name])
    fields["recommendations"] = "\n".join(data.get("recommendations", []))
    fields["background_papers"] = "\n".join(
        f"{title} | {url}" if url else title for title, url in data.get("background_papers", [])
    )
    for name in ("purpose", "information", "other_options", "reasons", "statutory",
                 "constitutional_comments", "financial_comments"):  # fmt: skip
        if isinstance(fields.get(name), list):
            fields[name] = "\n\n".join(fields[name])
    report = create_report(
        plan, by=by, reason=reason, period=plan.periods.get(label=data["period"]), **fields
    )
    for order, (heading, text) in enumerate(data.get("implications", []), start=1):
        create_tracked(
            ReportImplication, by=by, reason=reason, report=report, heading=heading, text=text,
            order=order,
        )  # fmt: skip
    return report
