"""The write layer of committee reports: a report's text as one value, and its demo loader."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from django.conf import settings

from actions.models import Plan
from demo.loaders import load_report
from governance.models import User
from reporting.models import CommitteeReport
from reporting.services import ReportText, create_report, start_report, update_report
from tests.conftest import make_period

pytestmark = pytest.mark.django_db


def test_a_reports_text_has_the_models_defaults() -> None:
    assert ReportText(title="", report_of="", committee="") == ReportText.of(CommitteeReport())


def test_a_plans_first_report_starts_with_the_council_templates_words(
    plan: Plan, coordinator: User
) -> None:
    make_period(plan, label="Apr 2013")
    report = start_report(plan, by=coordinator)
    assert (report.title, report.report_of, report.electoral_divisions) == (
        plan.title,
        "Service Director, Children's Social Care",
        "All.",
    )


def test_a_draft_changes_its_text_and_review_with_history(plan: Plan, coordinator: User) -> None:
    january, april = make_period(plan, label="Jan 2013"), make_period(plan, label="Apr 2013")
    text = ReportText(title="Report", report_of="Director", committee="Committee")
    report = create_report(plan, text, period=january, by=coordinator)
    changed = update_report(
        report,
        replace(text, purpose="Why."),
        period=april,
        by=coordinator,
        expected_version=report.version,
        reason="Moved on",
    )
    assert (changed.purpose, changed.period, changed.version) == ("Why.", april, 2)
    latest = changed.history.first()
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "Moved on")


def test_the_demo_report_joins_its_paragraphs_and_reads_its_dates(
    plan: Plan, administrator: User
) -> None:
    data = json.loads((settings.BASE_DIR / "fixtures" / "committee-report-2013.json").read_text())
    make_period(plan, label=data["period"])
    report = load_report(plan, data, by=administrator, reason="Demo")
    assert report.purpose == "\n\n".join(data["purpose"])
    assert report.financial_date.isoformat() == data["financial_date"]
    assert report.recommendations.splitlines() == data["recommendations"]
    assert [i.heading for i in report.implications.all()] == [h for h, _ in data["implications"]]
