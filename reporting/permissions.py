"""Who may see and change committee reports. Views fetch reports only through these helpers.

Every account reads every report and downloads its files (reviewers included). Drafting needs
`User.can_draft_reports()` (coordinators, chairs, administrators) and a report that is still a
draft; issuing needs `User.can_issue_reports()` (chairs and administrators). 404 for what does not
exist, PermissionDenied (403) for what the user may see but not change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from actions.models import Plan
from governance.models import User
from reporting.models import CommitteeReport, IssuedDocument, ReportAppendix, ReportImplication


def get_report_for_user(user: User, pk: int, *, write: bool = False) -> CommitteeReport:
    """A report the user may read; with `write`, a draft the user may change."""
    report = get_object_or_404(
        CommitteeReport.objects.select_related(
            "plan", "period", "previous_report__period", "issued_by"
        ),
        pk=pk,
    )
    if write and (not user.can_draft_reports() or report.is_issued):
        raise PermissionDenied
    return report


def require_report_drafter(user: User) -> None:
    """Refuse a user who may not start or write reports (PermissionDenied)."""
    if not user.can_draft_reports():
        raise PermissionDenied


def require_report_issuer(user: User) -> None:
    """Refuse a user who may not issue reports (PermissionDenied)."""
    if not user.can_issue_reports():
        raise PermissionDenied


def reports_for_user(user: User, plan: Plan) -> list[CommitteeReport]:
    """The plan's reports, the latest review first, for a user who may read the plan."""
    return list(plan.reports.select_related("period", "issued_by"))


def get_issued_document_for_user(
    user: User, report: CommitteeReport, file_format: str
) -> IssuedDocument:
    """The stored file of an issued report (404 if the report has none in that format)."""
    return get_object_or_404(report.documents, file_format=file_format)


def implications_for_user(user: User, report: CommitteeReport) -> list[ReportImplication]:
    """The report's sub-headings of Statutory and Policy Implications, in order."""
    return list(report.implications.all())


def appendices_for_user(user: User, report: CommitteeReport) -> list[ReportAppendix]:
    """The report's appendices after Appendix 1 (the plan), in order."""
    return list(report.appendices.all())


def get_appendix_for_user(user: User, report: CommitteeReport, pk: str) -> ReportAppendix:
    """One of the report's appendices, by the id a form sent (404 for any other)."""
    for appendix in appendices_for_user(user, report):
        if str(appendix.pk) == pk:
            return appendix
    raise Http404("No such appendix in this report.")
