"""The dashboard, and committee reports: the list, preview, downloads, drafting and issuing."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.history import periods_as_at, recent_changes
from actions.models import Plan, ReportingPeriod
from actions.page_cache import cached, data_version, put_in_place
from actions.permissions import get_plan_for_user, plans_for_user
from actions.snapshot import current_snapshot, snapshot_as_at
from actions.views import plan_crumbs
from cseplan.lib.dates import parse_as_at
from cseplan.lib.edits import form_page, save_form
from cseplan.lib.forms import posted
from cseplan.lib.security import security_log
from governance.models import User
from reporting import summaries
from reporting.charts import ratings_chart_svg
from reporting.document import ReportDocument, build_document
from reporting.forms import AppendixForm, ImplicationsForm, ReportForm
from reporting.models import CommitteeReport
from reporting.permissions import (
    appendices_for_user,
    get_appendix_for_user,
    get_issued_document_for_user,
    get_report_for_user,
    implications_for_user,
    reports_for_user,
    require_report_drafter,
    require_report_issuer,
)
from reporting.rendering import report_docx, report_pdf
from reporting.services import (
    ReportIssued,
    add_appendix,
    draft_from,
    issue_report,
    remove_appendix,
    save_implications,
    start_report,
    update_report,
)


def _chosen_period(
    plan: Plan, periods: list[ReportingPeriod], raw: str | None
) -> ReportingPeriod | None:
    """The period asked for with `?period=<pk>` (404 unless it is the plan's), or the current."""
    if raw is None:
        return plan.current_period()
    for period in periods:
        if str(period.pk) == raw:
            return period
    raise Http404("No such review in this plan.")


@require_GET
def dashboard(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """A plan at one review: ratings by theme and over time, overdue, my actions, changes.

    The summary of the plan is kept in the cache until the plan's data changes
    (actions/page_cache.py).
    """
    plans = plans_for_user(request.user)
    slug = slug or summaries.current_plan_slug()
    if slug is None:
        return render(request, "reporting/dashboard_no_plan.html")
    plan = get_plan_for_user(request.user, slug)
    # Fetched once for the page: the summaries and Plan.current_period() read them from here.
    prefetch_related_objects([plan], "periods")
    periods = list(plan.periods.all())
    period = _chosen_period(plan, periods, request.GET.get("period"))
    as_at = parse_as_at(request.GET.get("as_at", ""))
    if as_at:
        periods = periods_as_at(plan, as_at)
        if period is not None and period.pk not in {p.pk for p in periods}:
            period = periods[-1] if periods else None
    today = as_at.date() if as_at else timezone.localdate()
    person = summaries.person_of(request.user)
    summary = cached(
        (
            "dashboard", plan.pk, data_version(plan), today.isoformat(),
            period.pk if period else None, as_at.isoformat() if as_at else None,
            person.pk if person else None,
        ),
        lambda: _dashboard_summary(request.user, plan, period, as_at, today),
    )  # fmt: skip
    context = {
        "plan": plan,
        "plans": plans,
        "periods": periods,
        "period": period,
        "changes": recent_changes(plan, until=as_at),
        "as_at": as_at,
    }
    response = render(request, "reporting/dashboard.html", context)
    return put_in_place(response, "<!-- the dashboard's summary -->", summary)


def _dashboard_summary(
    user: User,
    plan: Plan,
    period: ReportingPeriod | None,
    as_at: datetime.datetime | None,
    today: datetime.date,
) -> bytes:
    """The dashboard's summary of the plan, encoded for put_in_place."""
    snapshot = snapshot_as_at(plan, as_at) if as_at else current_snapshot(plan)
    over_periods = summaries.ratings_over_periods(snapshot)
    by_theme = summaries.ratings_by_theme(snapshot, period) if period else None
    context = {
        "plan": plan,
        "period": period,
        "by_theme": by_theme,
        "unrated": by_theme.total.count_of("") if by_theme else 0,
        "over_periods": over_periods,
        "chart": ratings_chart_svg(over_periods, plan.rating_scale) if snapshot.periods else "",
        "overdue": summaries.overdue_actions(snapshot, today),
        "my_actions": (
            [
                (row, summaries.rating_in(snapshot, row.action, period) if period else None)
                for row in summaries.actions_led_by(user, snapshot, today)
            ]
            if summaries.person_of(user) is not None
            else None
        ),
    }
    return render_to_string("reporting/dashboard_summary.html", context).encode()


# Committee reports ------------------------------------------------------------------------------

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _crumbs(plan: Plan, report: CommitteeReport | None = None) -> list[tuple[str, str]]:
    """The trail from the plan list down to the plan's reports, then to the report if given."""
    trail = plan_crumbs(
        plan, ("Committee reports", reverse("reporting:report_list", kwargs={"slug": plan.slug}))
    )
    if report is not None:
        url = reverse("reporting:report_detail", kwargs={"pk": report.pk})
        trail.append((f"{report.period.label} report", url))
    return trail


def _document(report: CommitteeReport) -> ReportDocument:
    """The report laid out: a draft from the plan as it is, an issued one as it was when issued.

    An issued report's files are stored; its preview is drawn from the plan's history at the
    moment of issue, so that it shows what the stored files show.
    """
    if report.is_issued:
        return build_document(report, snapshot_as_at(report.plan, report.issued_at))
    return build_document(report)


def _report_url(report: CommitteeReport) -> str:
    return reverse("reporting:report_detail", kwargs={"pk": report.pk})


def _report_page(report: CommitteeReport, *, title: str, **more: str) -> dict[str, Any]:
    """What a form page of a report shows of it (templates/form_page.html), worded at once.

    A ModelForm's validation puts the posted values into its instance, so the page's words are
    taken before the form sees the report.
    """
    return {
        "report": report,
        "title": title,
        "caption": f"Committee report, {report.period.label} review",
        "breadcrumbs": _crumbs(report.plan, report),
        **more,
    }


@require_GET
def report_index(request: HttpRequest) -> HttpResponseRedirect:
    """The service navigation's "Reports": the reports of the current plan."""
    slug = summaries.current_plan_slug()
    if slug is None:
        return redirect("actions:plan_list")
    return redirect("reporting:report_list", slug=slug)


@require_GET
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A plan's committee reports, the latest review first, and the way to start one."""
    plan = get_plan_for_user(request.user, slug)
    context = {
        "plan": plan,
        "reports": reports_for_user(request.user, plan),
        "can_draft": request.user.can_draft_reports(),
        "breadcrumbs": _crumbs(plan)[:-1],
    }
    return render(request, "reporting/report_list.html", context)


@require_POST
def report_create(request: HttpRequest, slug: str) -> HttpResponseRedirect:
    """Start a draft for the plan's current review, from the latest issued report's text."""
    plan = get_plan_for_user(request.user, slug)
    require_report_drafter(request.user)
    try:
        report = start_report(plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:report_list", slug=plan.slug)
    started = f"Started a draft report on the {report.period.label} review"
    if report.previous_report_id:
        started += f", from the text of the {report.previous_report.period.label} report"
    messages.success(request, f"{started}.")
    return redirect("reporting:report_edit", pk=report.pk)


def _papers(report: CommitteeReport) -> list[tuple[str, str, bool]]:
    """The background papers, each with whether its address may be a link (web addresses only)."""
    return [
        (title, url, url.lower().startswith(("https://", "http://")))
        for title, url in report.background_paper_list()
    ]


def _wide_sections(document: ReportDocument) -> set[str]:
    """The sections with generated tables, which scroll sideways on a narrow screen."""
    return {
        section.slug
        for section in [*document.sections, *document.closing]
        if any(block.generated for block in section.blocks)
    }


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report: its status, downloads and what may be done next, then its preview."""
    report = get_report_for_user(request.user, pk)
    user = request.user
    document = _document(report)
    context = {
        "plan": report.plan,
        "report": report,
        "document": document,
        "papers": _papers(report),
        "wide_sections": _wide_sections(document),
        "can_edit": user.can_draft_reports() and not report.is_issued,
        "can_issue": user.can_issue_reports() and not report.is_issued,
        "can_draft_from": user.can_draft_reports() and report.is_issued,
        "breadcrumbs": _crumbs(report.plan),
    }
    return render(request, "reporting/report_detail.html", context)


def _download(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """A report's file: an issued report's stored bytes, exactly; a draft's drawn now."""
    report = get_report_for_user(request.user, pk)
    if report.is_issued:
        stored = get_issued_document_for_user(request.user, report, file_format)
        response = HttpResponse(bytes(stored.content), content_type=CONTENT_TYPES[file_format])
        response["ETag"] = f'"{stored.sha256}"'
        response["X-Content-SHA256"] = stored.sha256
    else:
        document = build_document(report)
        content = report_pdf(document) if file_format == "pdf" else report_docx(document)
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"{report.plan.slug}-{slugify(report.period.label)}-{report.status}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    security_log(request, "report-download", outcome="ok", report=report.pk, format=file_format)
    return response


@require_GET
def report_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a PDF."""
    return _download(request, pk, "pdf")


@require_GET
def report_docx_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a Word document."""
    return _download(request, pk, "docx")


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a draft: its heading, sections, recommendations, signatory, comments and papers."""
    report = get_report_for_user(request.user, pk, write=True)
    page = _report_page(
        report,
        heading="Edit the draft",
        title=f"Edit the {report.period.label} report – {report.plan.title}",  # noqa: RUF001
    )
    form = ReportForm(posted(request), instance=report)
    return form_page(
        request, form,
        lambda data: update_report(
            report, form.report_text(), period=data["period"], by=request.user,
            expected_version=data["version"],
        ),
        done=lambda _saved: ("Saved the draft report.", _report_url(report)),
        versions=form.versions, template="reporting/report_edit.html", **page,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def report_implications(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the sub-headings of a draft's Statutory and Policy Implications."""
    report = get_report_for_user(request.user, pk, write=True)
    page = _report_page(
        report,
        heading="Sub-headings of the statutory and policy implications",
        title=f"Sub-headings of the implications, {report.period.label} report – "  # noqa: RUF001
        f"{report.plan.title}",
    )
    form = ImplicationsForm(
        posted(request), implications=implications_for_user(request.user, report)
    )
    return form_page(
        request, form,
        lambda data: save_implications(
            report, data["rows"], by=request.user, expected_version=data["version"]
        ),
        done=lambda _saved: ("Saved the sub-headings.", _report_url(report)),
        versions=form.versions, template="reporting/report_implications.html", **page,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then issue: the report and its files are stored and never change again."""
    report = get_report_for_user(request.user, pk)
    require_report_issuer(request.user)
    if report.is_issued:
        messages.info(request, "This report has already been issued.")
        return redirect("reporting:report_detail", pk=report.pk)
    if request.method == "POST":
        try:
            issue_report(report, by=request.user)
        except ReportIssued:
            messages.info(request, "This report has already been issued.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            security_log(request, "report-issue", outcome="ok", report=report.pk)
            messages.success(
                request, "Issued the report. Its PDF and Word files are stored and will not change."
            )
        return redirect("reporting:report_detail", pk=report.pk)
    context = {"plan": report.plan, "report": report, "breadcrumbs": _crumbs(report.plan, report)}
    return render(request, "reporting/report_issue.html", context)


@require_POST
def report_draft_from(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Start a new draft from a report's text, following it."""
    report = get_report_for_user(request.user, pk)
    require_report_drafter(request.user)
    draft = draft_from(report, by=request.user)
    messages.success(request, f"Started a new draft from the {report.period.label} report.")
    return redirect("reporting:report_edit", pk=draft.pk)


@require_http_methods(["GET", "POST"])
def report_appendices(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's appendices after Appendix 1 (the plan): add one of text, or remove one."""
    report = get_report_for_user(request.user, pk, write=True)
    page = _report_page(
        report,
        heading="Appendices",
        title=f"Appendices – {report.title}",  # noqa: RUF001
        caption=f"{report.title}, {report.period.label}",
    )
    form = AppendixForm(posted(request))
    remove = request.POST.get("remove")
    if remove:
        appendix = get_appendix_for_user(request.user, report, remove)
        remove_appendix(appendix, by=request.user)
        messages.success(request, f"Removed the appendix {appendix.title}.")
        return redirect("reporting:report_appendices", pk=report.pk)
    if request.method == "POST":
        added, _ = save_form(
            form,
            lambda data: add_appendix(
                report, by=request.user, title=data["title"], text=data["text"]
            ),
        )
        if added is not None:
            messages.success(request, f"Added the appendix {added.title}.")
            return redirect("reporting:report_appendices", pk=report.pk)
    context = {**page, "form": form, "appendices": appendices_for_user(request.user, report)}
    return render(request, "reporting/report_appendices.html", context)
