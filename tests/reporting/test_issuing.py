"""Issuing freezes a report: its files and data are stored with checksums and never change."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from actions.services import record_update
from governance.models import User
from reporting.models import CommitteeReport, IssuedDocument
from reporting.services import ReportIssued, ReportText, draft_from, issue_report, update_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_report(db: None) -> CommitteeReport:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return CommitteeReport.objects.get(plan__slug="cse-2012-14")


def test_issuing_stores_both_files_with_checksums_and_the_data(
    seed_report: CommitteeReport, chair: User, tmp_path
) -> None:
    report = issue_report(seed_report, by=chair)
    assert (report.status, report.issued_by) == ("issued", chair)
    stored = {doc.file_format: doc for doc in report.documents.all()}
    assert set(stored) == {"pdf", "docx"}
    for doc in stored.values():
        assert doc.sha256 == hashlib.sha256(bytes(doc.content)).hexdigest()
        assert doc.data["report"]["title"] == "Child Sexual Exploitation Action Plan"
        assert len(doc.data["appendix_1"]) == 27  # the header and the 26 actions
    history = report.history.first()
    assert (history.history_user, history.history_change_reason) == (chair, "Report issued")
    # The plan moves on; the issued report does not.
    plan = report.plan
    action = plan.actions().get(reference="1.3")
    april = plan.periods.get(label="Apr 2013")
    update = action.updates.get(period=april)
    record_update(
        action, april, rating="G", narrative="Later news", by=chair, expected_version=update.version
    )
    target = tmp_path / "again.pdf"
    call_command("render_report", str(report.pk), "-o", str(target), stdout=io.StringIO())
    assert target.read_bytes() == bytes(stored["pdf"].content)


def test_an_issued_report_cannot_be_edited_or_issued_again(
    seed_report: CommitteeReport, chair: User
) -> None:
    report = issue_report(seed_report, by=chair)
    with pytest.raises(ReportIssued):
        update_report(
            report,
            replace(ReportText.of(report), title="Changed"),
            period=report.period,
            by=chair,
            expected_version=report.version,
        )
    with pytest.raises(ReportIssued):
        issue_report(report, by=chair)
    assert IssuedDocument.objects.count() == 2


def test_only_chairs_and_administrators_issue(
    seed_report: CommitteeReport, coordinator: User
) -> None:
    with pytest.raises(ValidationError, match="Only a chair or an administrator"):
        issue_report(seed_report, by=coordinator)
    seed_report.refresh_from_db()
    assert seed_report.status == "draft" and not IssuedDocument.objects.exists()


def test_a_new_draft_starts_from_an_issued_report(
    seed_report: CommitteeReport, chair: User, coordinator: User
) -> None:
    issued = issue_report(seed_report, by=chair)
    draft = draft_from(issued, by=coordinator)
    assert (draft.status, draft.previous_report, draft.purpose) == ("draft", issued, issued.purpose)
    assert [i.heading for i in draft.implications.all()] == ["Equalities Implications"]
    assert draft.history.get().history_user == coordinator
