"""Committee report pages: the list, preview, downloads, drafting, sub-headings and issuing."""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from actions.models import Plan, ReportingPeriod
from actions.services import record_update
from cseplan.context_processors import navigation
from governance.models import User
from reporting.document import build_document
from reporting.models import CommitteeReport, IssuedDocument, ReportAppendix, ReportImplication
from reporting.rendering import report_html
from reporting.services import TEXT_FIELDS
from tests.conftest import make_action, make_period, make_plan, make_theme, make_update, sign_in

pytestmark = pytest.mark.django_db

READERS = ["reviewer", "lead_member", "other_member", "coordinator", "chair", "administrator"]


def make_report(plan: Plan, period: ReportingPeriod, **overrides: Any) -> CommitteeReport:
    fields = {
        "plan": plan,
        "period": period,
        "title": "Child Sexual Exploitation Action Plan",
        "report_of": "Service Director, Children's Social Care",
        "committee": "Children & Young People's Committee",
        "purpose": "To update the Committee on progress.",
        "information": "CSE remains a high profile area.\n\n[ratings by theme]\n\nThe group meets.",
        "recommendations": "Committee notes the progress.",
    }
    return CommitteeReport.objects.create(**{**fields, **overrides})


def mark_issued(report: CommitteeReport, by: User) -> CommitteeReport:
    """An issued report with stand-in files, for tests that need no real rendering."""
    for file_format in ("pdf", "docx"):
        content = f"stored {file_format} of report {report.pk}".encode()
        IssuedDocument.objects.create(
            report=report,
            file_format=file_format,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            data={},
        )
    report.status = CommitteeReport.Status.ISSUED
    report.issued_at = timezone.now()
    report.issued_by = by
    report.save()
    return report


@pytest.fixture
def periods(plan: Plan) -> list[ReportingPeriod]:
    return [
        make_period(plan, label="Jan 2013", short_label="J"),
        make_period(plan, label="Apr 2013", short_label="A"),
    ]


@pytest.fixture
def report(plan: Plan, periods: list[ReportingPeriod]) -> CommitteeReport:
    action = make_action(make_theme(plan), description="Raise awareness in schools")
    make_update(action, periods[0], rating="A", narrative="Planned")
    make_update(action, periods[1], rating="G", narrative="Delivered in ten schools")
    return make_report(plan, periods[1])


def _form(report: CommitteeReport, **changes: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = getattr(report, name)
        if isinstance(value, datetime.date):
            parts = (value.day, value.month, value.year)
            data.update({f"{name}_{i}": str(part) for i, part in enumerate(parts)})
        elif value is None:
            data.update({f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""})
        else:
            data[name] = value
    return {**data, "period": str(report.period_id), "version": str(report.version), **changes}


def _numbered(html: str) -> list[tuple[str, str]]:
    """The numbered paragraphs of a report's HTML: (number, text)."""
    found = re.findall(r'<span class="number">(\d+)\.</span><span>(.*?)</span>', html, re.S)
    return [(number, " ".join(text.split())) for number, text in found]


# The list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_everyone_signed_in_reads_the_list_of_reports(
    client: Client, report: CommitteeReport, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    sign_in(client, user)
    text = client.get(f"/plans/{report.plan.slug}/reports/").content.decode()
    assert "Child Sexual Exploitation Action Plan" in text and "Apr 2013" in text
    assert "Draft" in text and "Not issued" in text
    assert ("Start a report" in text) is user.can_draft_reports()


def test_the_list_shows_who_issued_a_report_and_when(
    client: Client, report: CommitteeReport, chair: User, reviewer: User
) -> None:
    mark_issued(report, chair)
    sign_in(client, reviewer)
    text = client.get(f"/plans/{report.plan.slug}/reports/").content.decode()
    assert "Issued" in text and timezone.localdate().strftime("%Y") in text
    assert chair.display_name in text


def test_the_list_takes_a_fixed_number_of_queries(
    client: Client,
    report: CommitteeReport,
    chair: User,
    reviewer: User,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(5):
        mark_issued(make_report(report.plan, report.period), chair)
    sign_in(client, reviewer)
    with django_assert_max_num_queries(8):
        client.get(f"/plans/{report.plan.slug}/reports/")


def test_reports_in_the_navigation_lead_to_the_current_plans_reports(
    client: Client, report: CommitteeReport, reviewer: User, rf: RequestFactory
) -> None:
    sign_in(client, reviewer)
    response = client.get("/reports/")
    assert response["Location"] == f"/plans/{report.plan.slug}/reports/"
    for path in (f"/plans/{report.plan.slug}/reports/", f"/reports/{report.pk}/"):
        request = rf.get(path)
        request.user = reviewer
        active = [item.text for item in navigation(request)["navigation"] if item.active]
        assert active == ["Reports"]


def test_the_dashboard_links_to_the_committee_reports(
    client: Client, report: CommitteeReport, reviewer: User
) -> None:
    sign_in(client, reviewer)
    text = client.get(f"/plans/{report.plan.slug}/dashboard/").content.decode()
    assert f'href="/plans/{report.plan.slug}/reports/">Committee reports</a>' in text


# Starting a report ------------------------------------------------------------------------------


def test_a_coordinator_starts_a_report_on_the_current_review(
    client: Client, plan: Plan, periods: list[ReportingPeriod], coordinator: User
) -> None:
    sign_in(client, coordinator)
    response = client.post(f"/plans/{plan.slug}/reports/new/")
    report = CommitteeReport.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/edit/"
    assert (report.period, report.title, report.status) == (periods[1], plan.title, "draft")
    assert report.previous_report is None
    assert report.history.get().history_user == coordinator


def test_a_new_report_follows_the_latest_issued_report_and_starts_from_its_text(
    client: Client,
    report: CommitteeReport,
    periods: list[ReportingPeriod],
    chair: User,
    coordinator: User,
) -> None:
    report.period = periods[0]
    report.meeting_date = datetime.date(2013, 2, 4)
    report.save()
    ReportImplication.objects.create(report=report, heading="Equalities Implications", text="None")
    issued = mark_issued(report, chair)
    sign_in(client, coordinator)
    client.post(f"/plans/{report.plan.slug}/reports/new/")
    draft = CommitteeReport.objects.exclude(pk=issued.pk).get()
    assert (draft.previous_report, draft.period, draft.status) == (issued, periods[1], "draft")
    assert (draft.purpose, draft.information) == (issued.purpose, issued.information)
    assert draft.meeting_date is None  # a new review meets on a new date
    assert [i.heading for i in draft.implications.all()] == ["Equalities Implications"]
    assert {h.history_user for h in draft.history.all()} == {coordinator}


def test_a_plan_without_reviews_cannot_start_a_report(client: Client, coordinator: User) -> None:
    plan = make_plan()
    sign_in(client, coordinator)
    response = client.post(f"/plans/{plan.slug}/reports/new/", follow=True)
    assert "has no reviews yet" in response.content.decode()
    assert not CommitteeReport.objects.exists()


# Reading and downloading ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["reviewer", "lead_member"])
def test_reviewers_and_members_read_and_download_but_change_nothing(
    client: Client, report: CommitteeReport, persona: str, request: pytest.FixtureRequest
) -> None:
    sign_in(client, request.getfixturevalue(persona))
    page = client.get(f"/reports/{report.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Edit the draft" not in text and "Issue the report" not in text
    word = client.get(f"/reports/{report.pk}/report.docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    plan_slug = report.plan.slug
    refused = [
        ("post", f"/plans/{plan_slug}/reports/new/"),
        ("get", f"/reports/{report.pk}/edit/"),
        ("post", f"/reports/{report.pk}/edit/"),
        ("get", f"/reports/{report.pk}/implications/"),
        ("post", f"/reports/{report.pk}/implications/"),
        ("get", f"/reports/{report.pk}/issue/"),
        ("post", f"/reports/{report.pk}/issue/"),
        ("post", f"/reports/{report.pk}/draft/"),
    ]
    for method, url in refused:
        data = _form(report, title="Mine") if url.endswith("edit/") and method == "post" else {}
        assert getattr(client, method)(url, data).status_code == 403, url
    report.refresh_from_db()
    assert (report.title, report.status, report.version) != ("Mine", "issued", 2)
    assert CommitteeReport.objects.count() == 1


def test_a_draft_downloads_as_a_pdf_drawn_now(
    client: Client, report: CommitteeReport, reviewer: User, caplog: pytest.LogCaptureFixture
) -> None:
    sign_in(client, reviewer)
    with caplog.at_level(logging.INFO, logger="cseplan.security"):
        response = client.get(f"/reports/{report.pk}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{report.plan.slug}-apr-2013-draft.pdf"'
    )
    assert "ETag" not in response
    assert "event=report-download outcome=ok user=rachel" in caplog.text
    assert f"report={report.pk} format=pdf" in caplog.text


def test_the_preview_numbers_and_words_paragraphs_as_the_printed_report(
    client: Client, report: CommitteeReport, reviewer: User
) -> None:
    ReportImplication.objects.create(
        report=report, heading="Equalities Implications", text="One.\n\nTwo.", order=1
    )
    report.statutory = "Considered."
    report.constitutional_comments = "Members may note the report."
    report.save()
    sign_in(client, reviewer)
    preview = client.get(f"/reports/{report.pk}/").content.decode()
    printed = report_html(build_document(report))
    assert _numbered(preview) == _numbered(printed)
    assert [number for number, _ in _numbered(preview)] == [str(n) for n in range(1, 8)]
    assert "Equalities Implications" in preview and "Committee notes the progress." in preview
    assert "Raise awareness in schools" in preview  # Appendix 1
    assert "Ratings by theme at the Apr 2013 review" in preview  # the generated table
    # Only the section with generated tables scrolls sideways, as a region a keyboard reaches.
    assert preview.count('class="app-report__wide"') == 1
    assert 'role="region" aria-labelledby="report-information" tabindex="0"' in preview


def test_user_markup_appears_as_text_in_the_preview(
    client: Client, report: CommitteeReport, reviewer: User
) -> None:
    report.purpose = "<script>alert(1)</script>"
    report.information = "<img src=file:///etc/passwd>"
    report.background_papers = "Old paper | javascript:alert(1)\nNew paper | https://example.org/p"
    report.save()
    ReportImplication.objects.create(report=report, heading="<b>Equalities</b>", text="<i>x</i>")
    sign_in(client, reviewer)
    text = client.get(f"/reports/{report.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in text and "<img src=file" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=file:///etc/passwd&gt;" in text
    assert "&lt;b&gt;Equalities&lt;/b&gt;" in text and "<i>x</i>" not in text
    assert 'href="javascript:' not in text and "javascript:alert(1)" in text
    assert 'href="https://example.org/p"' in text


# Editing ----------------------------------------------------------------------------------------


def test_a_coordinator_edits_a_draft_and_the_history_names_them(
    client: Client, report: CommitteeReport, periods: list[ReportingPeriod], coordinator: User
) -> None:
    sign_in(client, coordinator)
    response = client.post(
        f"/reports/{report.pk}/edit/",
        _form(
            report,
            purpose="First.\r\n\r\nSecond.",
            period=str(periods[0].pk),
            meeting_date_0="15",
            meeting_date_1="7",
            meeting_date_2="2013",
        ),
    )
    assert response["Location"] == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert (report.purpose, report.period, report.version) == ("First.\n\nSecond.", periods[0], 2)
    assert report.meeting_date == datetime.date(2013, 7, 15)
    assert report.history.first().history_user == coordinator


def test_the_edit_form_explains_paragraphs_and_generated_material(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    sign_in(client, coordinator)
    text = client.get(f"/reports/{report.pk}/edit/").content.decode()
    assert "Paragraphs are separated by a blank line; they are numbered for you." in text
    for key in ("[ratings by theme]", "[ratings chart]", "[overdue actions]"):
        assert key in text
    assert "[changes since the previous report]" in text
    assert 'class="govuk-details' in text
    assert f'<option value="{report.period_id}" selected>Apr 2013</option>' in text


@pytest.mark.parametrize(
    ("changes", "message", "anchor"),
    [
        ({"title": ""}, "Enter the title of the report", "#id_title"),
        (
            {"meeting_date_0": "31", "meeting_date_1": "2", "meeting_date_2": "2013"},
            "The meeting date must be a real date",
            "#id_meeting_date_0",
        ),
        (
            {"meeting_date_0": "1", "meeting_date_1": "", "meeting_date_2": "2013"},
            "The meeting date must include a month",
            "#id_meeting_date_1",
        ),
        (
            {"financial_date_0": "1", "financial_date_1": "2", "financial_date_2": "13"},
            "a year such as 2013",
            "#id_financial_date_0",
        ),
        (
            {"contact_email": "not an address"},
            "Enter an email address in the correct format, like name@example.com",
            "#id_contact_email",
        ),
        (
            {"background_papers": "A paper | file:///etc/passwd"},
            "must start with https:// or http://",
            "#id_background_papers",
        ),
    ],
)
def test_the_edit_form_shows_an_error_summary_and_writes_nothing(
    client: Client,
    report: CommitteeReport,
    coordinator: User,
    changes: dict[str, str],
    message: str,
    anchor: str,
) -> None:
    sign_in(client, coordinator)
    response = client.post(f"/reports/{report.pk}/edit/", _form(report, purpose="New", **changes))
    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text and message in text and f'href="{anchor}"' in text
    assert "<title>Error: " in text
    assert "out of range" not in text
    report.refresh_from_db()
    assert (report.version, report.purpose) == (1, "To update the Committee on progress.")


def test_a_stale_edit_shows_both_versions_and_writes_nothing(
    client: Client, report: CommitteeReport, coordinator: User, chair: User
) -> None:
    opened = _form(report)
    sign_in(client, chair)
    client.post(f"/reports/{report.pk}/edit/", {**opened, "purpose": "The chair's purpose."})
    sign_in(client, coordinator)
    text = client.post(
        f"/reports/{report.pk}/edit/",
        {**opened, "title": "Coordinator's title", "reasons": "Coordinator's reasons."},
    ).content.decode()
    assert "saved a change after you opened this page" in text
    assert chair.display_name in text
    assert "The chair&#x27;s purpose." in text and "To update the Committee on progress." in text
    assert "Coordinator&#x27;s title" in text and "Coordinator&#x27;s reasons." in text
    assert "Purpose of the report" in text and "Title" in text
    report.refresh_from_db()
    assert (report.title, report.purpose, report.reasons, report.version) == (
        "Child Sexual Exploitation Action Plan",
        "The chair's purpose.",
        "",
        2,
    )
    # The form now carries the chair's version: saving again replaces it knowingly.
    assert 'name="version" value="2"' in text


def test_a_coordinator_may_draft_but_not_issue(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    sign_in(client, coordinator)
    text = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Edit the draft" in text and "Issue the report" not in text
    assert client.get(f"/reports/{report.pk}/issue/").status_code == 403
    assert client.post(f"/reports/{report.pk}/issue/").status_code == 403
    report.refresh_from_db()
    assert report.status == "draft" and not IssuedDocument.objects.exists()


# Sub-headings -----------------------------------------------------------------------------------


def _opened_implications(client: Client, report: CommitteeReport) -> str:
    """Open the sub-headings page: the version its form carries."""
    page = client.get(f"/reports/{report.pk}/implications/").content.decode()
    return re.search(r'name="version" value="(\w+)"', page).group(1)


def test_sub_headings_are_added_changed_and_removed_with_history(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    old = ReportImplication.objects.create(report=report, heading="Old heading", text="Old")
    kept = ReportImplication.objects.create(report=report, heading="Equalities", text="None")
    sign_in(client, coordinator)
    version = _opened_implications(client, report)
    response = client.post(
        f"/reports/{report.pk}/implications/",
        {
            "heading_1": "",
            "text_1": "",
            "heading_2": "Equalities Implications",
            "text_2": "None arise.",
            "heading_3": "Safeguarding Implications",
            "text_3": "Set out above.",
            "version": version,
        },
    )
    assert response["Location"] == f"/reports/{report.pk}/"
    rows = list(report.implications.all())
    assert [(i.heading, i.text, i.order) for i in rows] == [
        ("Equalities Implications", "None arise.", 1),
        ("Safeguarding Implications", "Set out above.", 2),
    ]
    assert rows[0].pk == kept.pk
    history = ReportImplication.history.filter(history_user=coordinator)
    assert {(h.id, h.history_type) for h in history} == {
        (old.pk, "-"),
        (kept.pk, "~"),
        (rows[1].pk, "+"),
    }


def test_a_sub_heading_needs_its_text(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    sign_in(client, coordinator)
    version = _opened_implications(client, report)
    text = client.post(
        f"/reports/{report.pk}/implications/",
        {"heading_1": "Equalities Implications", "text_1": "", "version": version},
    ).content.decode()
    assert "govuk-error-summary" in text and "Enter the text under Equalities Implications" in text
    assert not report.implications.exists()


def test_a_stale_sub_heading_save_shows_both_versions_and_writes_nothing(
    client: Client, report: CommitteeReport, coordinator: User, chair: User
) -> None:
    sign_in(client, coordinator)
    version = _opened_implications(client, report)
    sign_in(client, chair)
    client.post(
        f"/reports/{report.pk}/implications/",
        {"heading_1": "Chair's heading", "text_1": "Chair's text", "version": version},
    )
    sign_in(client, coordinator)
    text = client.post(
        f"/reports/{report.pk}/implications/",
        {"heading_1": "Coordinator's heading", "text_1": "Mine", "version": version},
    ).content.decode()
    assert "saved a change after you opened this page" in text
    assert "Chair&#x27;s heading" in text and "Coordinator&#x27;s heading" in text
    assert [i.heading for i in report.implications.all()] == ["Chair's heading"]


# Issuing ----------------------------------------------------------------------------------------


def test_a_chair_issues_a_report_whose_files_never_change(
    client: Client, report: CommitteeReport, chair: User, periods: list[ReportingPeriod]
) -> None:
    sign_in(client, chair)
    confirm = client.get(f"/reports/{report.pk}/issue/").content.decode()
    assert "Issuing freezes the report and its files" in confirm
    response = client.post(f"/reports/{report.pk}/issue/")
    assert response["Location"] == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert (report.status, report.issued_by) == ("issued", chair)
    history = report.history.first()
    assert (history.history_user, history.history_change_reason) == (chair, "Report issued")

    stored = {doc.file_format: doc for doc in report.documents.all()}
    first = client.get(f"/reports/{report.pk}/report.pdf")
    assert first.content == bytes(stored["pdf"].content)
    assert first["X-Content-SHA256"] == stored["pdf"].sha256
    assert first["ETag"] == f'"{stored["pdf"].sha256}"'
    assert first["Content-Disposition"] == (
        f'attachment; filename="{report.plan.slug}-apr-2013-issued.pdf"'
    )
    word = client.get(f"/reports/{report.pk}/report.docx")
    assert word.content == bytes(stored["docx"].content)

    # The plan moves on after the report was issued; the report does not.
    action = report.plan.actions().get()
    update = action.updates.get(period=periods[1])
    record_update(
        action,
        periods[1],
        rating="R",
        narrative="Slipped",
        by=chair,
        expected_version=update.version,
    )
    again = client.get(f"/reports/{report.pk}/report.pdf")
    assert again.content == first.content == bytes(stored["pdf"].content)
    assert client.get(f"/reports/{report.pk}/report.docx").content == word.content
    preview = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Delivered in ten schools" in preview and "Slipped" not in preview


def test_an_issued_report_cannot_be_edited_but_a_new_draft_starts_from_it(
    client: Client, report: CommitteeReport, chair: User, coordinator: User
) -> None:
    mark_issued(report, chair)
    sign_in(client, coordinator)
    text = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Edit the draft" not in text and "Start a new draft from this report" in text
    assert client.get(f"/reports/{report.pk}/edit/").status_code == 403
    assert client.post(f"/reports/{report.pk}/edit/", _form(report)).status_code == 403
    assert client.get(f"/reports/{report.pk}/implications/").status_code == 403
    response = client.post(f"/reports/{report.pk}/draft/")
    draft = CommitteeReport.objects.exclude(pk=report.pk).get()
    assert response["Location"] == f"/reports/{draft.pk}/edit/"
    assert (draft.previous_report, draft.status) == (report, "draft")
    assert draft.history.get().history_user == coordinator


def test_an_issued_report_serves_its_stored_bytes(
    client: Client, report: CommitteeReport, chair: User, reviewer: User
) -> None:
    mark_issued(report, chair)
    sign_in(client, reviewer)
    response = client.get(f"/reports/{report.pk}/report.pdf")
    assert response.content == f"stored pdf of report {report.pk}".encode()
    assert client.get(f"/reports/{report.pk}/report.pdf").content == response.content


def test_issuing_an_issued_report_again_changes_nothing(
    client: Client, report: CommitteeReport, chair: User
) -> None:
    mark_issued(report, chair)
    sign_in(client, chair)
    response = client.post(f"/reports/{report.pk}/issue/", follow=True)
    assert "already been issued" in response.content.decode()
    assert IssuedDocument.objects.count() == 2


# Methods and unknown reports --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/plans/{slug}/reports/new/"),
        ("post", "/plans/{slug}/reports/"),
        ("post", "/reports/{pk}/"),
        ("post", "/reports/{pk}/report.pdf"),
        ("post", "/reports/{pk}/report.docx"),
        ("put", "/reports/{pk}/edit/"),
        ("delete", "/reports/{pk}/issue/"),
        ("get", "/reports/{pk}/draft/"),
    ],
)
def test_the_wrong_method_is_refused(
    client: Client, report: CommitteeReport, chair: User, method: str, path: str
) -> None:
    sign_in(client, chair)
    url = path.format(slug=report.plan.slug, pk=report.pk)
    assert getattr(client, method)(url).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/reports/999/",
        "/reports/999/report.pdf",
        "/reports/999/report.docx",
        "/reports/999/edit/",
        "/reports/999/implications/",
        "/reports/999/issue/",
        "/plans/no-such-plan/reports/",
    ],
)
def test_an_unknown_report_or_plan_is_not_found(
    client: Client, report: CommitteeReport, chair: User, path: str
) -> None:
    sign_in(client, chair)
    assert client.get(path).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client: Client, report: CommitteeReport) -> None:
    response = client.get(f"/reports/{report.pk}/report.pdf")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


# Appendices ---------------------------------------------------------------------------------------


def _appendices_url(report: CommitteeReport) -> str:
    return f"/reports/{report.pk}/appendices/"


def test_a_coordinator_adds_and_removes_an_appendix(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    sign_in(client, coordinator)
    response = client.post(
        _appendices_url(report), {"title": "CSE Strategy", "text": "First.\n\nSecond."}
    )
    assert response.status_code == 302
    appendix = report.appendices.get()
    assert appendix.history.get().history_user == coordinator
    preview = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Appendix 2: CSE Strategy" in preview or "CSE Strategy" in preview
    client.post(_appendices_url(report), {"remove": str(appendix.pk)})
    assert not report.appendices.exists()
    assert ReportAppendix.history.filter(history_type="-", history_user=coordinator).exists()


def test_the_form_asks_for_a_title_and_text(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    sign_in(client, coordinator)
    text = client.post(_appendices_url(report), {"title": "", "text": ""}).content.decode()
    assert "Enter the appendix&#x27;s title" in text and "govuk-error-summary" in text


@pytest.mark.parametrize("persona", ["reviewer", "lead_member"])
def test_readers_cannot_change_appendices(
    client: Client, report: CommitteeReport, persona: str, request
) -> None:
    sign_in(client, request.getfixturevalue(persona))
    assert client.get(_appendices_url(report)).status_code == 403
    assert client.post(_appendices_url(report), {"title": "X", "text": "Y"}).status_code == 403
    assert not report.appendices.exists()


def test_an_issued_reports_appendices_cannot_change(
    client: Client, report: CommitteeReport, chair: User
) -> None:
    mark_issued(report, chair)
    sign_in(client, chair)
    assert client.post(_appendices_url(report), {"title": "X", "text": "Y"}).status_code == 403


def test_a_stale_sub_heading_save_names_who_removed_one(
    client: Client, report: CommitteeReport, coordinator: User, chair: User
) -> None:
    ReportImplication.objects.create(report=report, heading="Equalities", text="None")
    sign_in(client, coordinator)
    version = _opened_implications(client, report)
    sign_in(client, chair)
    client.post(
        f"/reports/{report.pk}/implications/",
        {"heading_1": "", "text_1": "", "heading_2": "", "text_2": "", "version": version},
    )
    sign_in(client, coordinator)
    text = client.post(
        f"/reports/{report.pk}/implications/",
        {"heading_1": "Equalities", "text_1": "Mine", "heading_2": "", "text_2": "",
         "version": version},
    ).content.decode()  # fmt: skip
    assert f"{chair.display_name} saved a change after you opened this page" in text
    assert not report.implications.exists()


def test_a_save_that_changes_nothing_writes_nothing(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    sign_in(client, coordinator)
    response = client.post(f"/reports/{report.pk}/edit/", _form(report))
    assert response["Location"] == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert report.version == 1 and report.history.count() == 1


def test_removing_an_appendix_of_another_report_is_not_found(
    client: Client, report: CommitteeReport, coordinator: User
) -> None:
    other = make_report(report.plan, report.period)
    appendix = ReportAppendix.objects.create(report=other, title="Theirs", text="Text")
    sign_in(client, coordinator)
    assert client.post(_appendices_url(report), {"remove": str(appendix.pk)}).status_code == 404
    assert client.post(_appendices_url(report), {"remove": "9" * 40}).status_code == 404
    assert other.appendices.get() == appendix
