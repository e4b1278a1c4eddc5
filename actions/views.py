"""Pages of the plan: the list of plans, a plan laid out as its document, import and export."""

from __future__ import annotations

import csv
import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.comparison import compare
from actions.exporting import CONTENT_TYPES, export_plan, neutralise
from actions.forms import (
    ActionEditForm,
    ChangeLogFilterForm,
    DueDateChangeForm,
    ImportPlanForm,
    PeriodForm,
    PlanFilterForm,
    ProgressUpdateForm,
    ReviewMeetingForm,
    due_date_parts,
    rating_choices,
)
from actions.history import (
    Filters,
    change_log_rows,
    due_date_chain,
    load_entries,
    revised_action_ids,
    revised_action_ids_in,
)
from actions.importing import FileRefused, ImportPreview, read_plan_file
from actions.models import Action, Plan, PlanImport, ProgressUpdate, ReportingPeriod
from actions.page_cache import cached, data_version, put_in_place
from actions.permissions import (
    can_rate,
    can_revise_due_date,
    find_period_for_user,
    get_action_for_user,
    get_due_date_target_for_user,
    get_import_for_user,
    get_period_for_user,
    get_plan_for_user,
    get_rating_target_for_user,
    plans_for_user,
    rateable_action_ids,
    require_plan_editor,
)
from actions.plan_table import plan_tables
from actions.ratings import RatingScale, rating_label
from actions.reminders import messages_for, unrated_actions
from actions.review import ReviewRow, refresh_versions, review_rows
from actions.services import (
    ImportAlreadyDone,
    ReviewConflict,
    discard_plan_import,
    import_plan,
    open_period,
    record_review,
    record_update,
    revise_due_date,
    set_period_closed,
    set_review_meeting,
    store_plan_import,
    update_action,
)
from actions.snapshot import ThemeSection, current_snapshot, plan_layout, snapshot_as_at
from cseplan.lib.dates import end_of_day, parse_as_at
from cseplan.lib.edits import conflict_with, form_page
from cseplan.lib.forms import posted
from cseplan.lib.security import security_log


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every plan the user may read, and the way to import one for those who may."""
    return render(request, "actions/plan_list.html", {"plans": plans_for_user(request.user)})


def _plan_body(
    plan: Plan,
    query: QueryDict,
    chosen: _AsAt,
    as_at_text: str,
    today: datetime.date,
    *,
    can_update: bool,
) -> bytes:
    """The plan page below its breadcrumbs, encoded: the part that the view caches."""
    as_at = chosen.moment
    filters = PlanFilterForm(query or None, plan=plan)
    snapshot = snapshot_as_at(plan, as_at) if as_at else current_snapshot(plan)
    shown = filters.apply(snapshot, today=today) if query else snapshot.actions
    revised = revised_action_ids_in(plan)
    periods, sections = plan_layout(snapshot, today=today, actions=shown, revised=revised)
    if filters.is_filtering():
        sections = [section for section in sections if section.rows]
    current_period = plan.current_period(today)
    context = {
        "plan": plan,
        "periods": periods,
        "tables": plan_tables(plan, periods, sections),
        "filters": filters,
        "filtering": filters.is_filtering(),
        "shown_count": sum(len(section.rows) for section in sections),
        "total_count": len(snapshot.actions),
        "rating_key": plan.rating_options(),
        "current_period": current_period,
        "can_update": can_update,
        "changes_url": reverse("actions:plan_changes", kwargs={"slug": plan.slug}),
        "as_at": as_at,
        "as_at_text": as_at_text,
        "review": chosen.review,
        "reviews": list(plan.periods.all()),
        # What the list of reviews shows chosen: the review shown, or the current one.
        "review_shown": chosen.review or current_period,
        "errors": chosen.errors,
        "as_at_error": dict(chosen.errors).get("as_at", ""),
        "review_error": dict(chosen.errors).get("review", ""),
        "existed": bool(snapshot.themes or snapshot.periods),
    }
    return render_to_string("actions/plan_detail_body.html", context).encode()


@dataclass(frozen=True)
class _AsAt:
    """The moment a reader chose to see the plan at, from the page's address: the end of a day,
    or that of the day a review was reported (`review`); with a message for each choice that
    cannot be read (the id of its input, the message), in which case it changes nothing."""

    moment: datetime.datetime | None = None
    review: ReportingPeriod | None = None
    errors: tuple[tuple[str, str], ...] = ()


def _reported_at(review: ReportingPeriod) -> datetime.datetime:
    """The plan as reported at a review is the plan at the end of the day it was reported."""
    return end_of_day(review.reported_on())


def _as_at_chosen(
    request: HttpRequest,
    plan: Plan,
    *,
    date: str,
    review: str,
    date_error: str,
    review_error: str,
    required: bool,
) -> _AsAt:
    """The moment the address chooses by the review named in `review` (a review of the plan),
    or else by the date in `date`. A date left out or empty is no choice, unless `required`."""
    if review in request.GET:
        period = find_period_for_user(request.user, plan, request.GET[review])
        if period is None:
            return _AsAt(errors=((review, review_error),))
        return _AsAt(_reported_at(period), period)
    text = request.GET.get(date, "").strip()
    moment = parse_as_at(text)
    if moment is None and (text or (required and date in request.GET)):
        return _AsAt(errors=((date, date_error),))
    return _AsAt(moment)


@require_GET
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A plan laid out as its source document: themes, actions and a rating per period; now, as
    it stood on a date (`as_at`), or as reported at a review (`review`, a period's id).

    The filters are GET parameters, so that a filtered view has an address people can share.
    The page's body is kept in the cache until the plan's data changes (actions/page_cache.py).
    """
    plan = get_plan_for_user(request.user, slug)
    as_at_text = request.GET.get("as_at", "").strip()
    chosen = _as_at_chosen(
        request,
        plan,
        date="as_at",
        review="review",
        date_error="Enter a real date, such as 30/04/2013",
        review_error="Choose a review of this plan from the list",
        required=False,
    )
    today = chosen.moment.date() if chosen.moment else timezone.localdate()
    can_update = request.user.can_update_own_actions()
    address = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))
    # The stamp is read before the data, so that what is kept is never older than its key.
    body = cached(
        ("plan", plan.pk, data_version(plan), today.isoformat(), address, can_update),
        lambda: _plan_body(plan, request.GET, chosen, as_at_text, today, can_update=can_update),
    )
    context = {"plan": plan, "errors": chosen.errors}
    response = render(request, "actions/plan_detail.html", context)
    return put_in_place(response, "<!-- the plan page -->", body)


@require_GET
def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One action: its details, its updates period by period, and who changed what."""
    plan = get_plan_for_user(request.user, slug)
    action = get_action_for_user(request.user, plan, pk)
    today = timezone.localdate()
    updates = {update.period_id: update for update in action.updates.all()}
    periods = plan.periods.all()
    rows = [
        {
            "period": period,
            "update": updates.get(period.pk),
            "option": updates[period.pk].rating_option() if period.pk in updates else None,
            "can_rate": can_rate(request.user, action, period),
        }
        for period in periods
    ]
    context = {
        "plan": plan,
        "action": action,
        "rows": rows,
        "children": list(action.children.all()),
        "is_overdue": action.is_overdue(today),
        "is_revised": bool(revised_action_ids([action.pk])),
        "changes": load_entries(list(change_log_rows(plan, Filters(action=action))[:10])),
        "due_dates": due_date_chain(action),
        "breadcrumbs": plan_crumbs(plan),
        "can_edit": request.user.can_edit_plans(),
        "can_revise_due_date": can_revise_due_date(request.user, action),
    }
    return render(request, "actions/action_detail.html", context)


def plan_crumbs(plan: Plan, *more: tuple[str, str]) -> list[tuple[str, str]]:
    """The breadcrumbs from the plan list down to the page's parent, for every page of a plan."""
    return [
        ("Plans", reverse("actions:plan_list")),
        (plan.title, reverse("actions:plan_detail", kwargs={"slug": plan.slug})),
        *more,
    ]


def _short(action: Action, length: int = 60) -> str:
    """The action's description cut to fit a caption or a link."""
    return Truncator(action.description).chars(length)


def _action_crumb(plan: Plan, action: Action) -> tuple[str, str]:
    url = reverse("actions:action_detail", kwargs={"slug": plan.slug, "pk": action.pk})
    return (f"Action {action.full_reference}", url)


def _update_versions(
    current: ProgressUpdate | None, data: dict[str, object]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """An update's rating and progress as saved, and as the editor entered them."""
    scale = current.scale if current else ""
    theirs = [
        ("Rating", rating_label(scale, current.rating if current else "")),
        ("Progress", current.narrative if current else ""),
    ]
    yours = [("Rating", rating_label(scale, data["rating"])), ("Progress", data["narrative"])]
    return theirs, yours


def _action_shown(action: Action, lead: str) -> list[tuple[str, str]]:
    return [
        ("Action", action.description),
        ("Lead", lead),
        ("Due date", action.due_date_display),
        ("Status", action.get_status_display()),
    ]


def _action_versions(
    current: Action, data: dict[str, object]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """An action's fields as saved, and as the editor entered them."""
    proposed = Action(
        description=data["description"],
        lead_person=data["lead_person"],
        lead_group=data["lead_group"],
        due_date=data["due_date"],
        due_date_precision=data["due_date_precision"],
        status=data["status"],
    )
    theirs = _action_shown(current, current.lead_display)
    return theirs, _action_shown(proposed, proposed.main_lead_display)


def _due_date_versions(
    current: Action, data: dict[str, object]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """An action's due date as saved, and as the editor entered it."""
    proposed = Action(due_date=data["due_date"], due_date_precision=data["due_date_precision"])
    return [("Due date", current.due_date_display or "None")], [
        ("Due date", proposed.due_date_display or "None")
    ]


def _action_form_page(
    request: HttpRequest,
    plan: Plan,
    action: Action,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    *,
    saved: str,
    **page: object,
) -> HttpResponse:
    """A form about one action (`form_page`): saved, back to the action with the message `saved`."""
    done_url = reverse("actions:action_detail", kwargs={"slug": plan.slug, "pk": action.pk})
    return form_page(
        request, form, save, done=lambda _saved: (saved, done_url), plan=plan, action=action,
        breadcrumbs=plan_crumbs(plan, _action_crumb(plan, action)), **page,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def update_edit(request: HttpRequest, slug: str, pk: int, period_pk: int) -> HttpResponse:
    """Set one action's rating and progress for one review period."""
    plan = get_plan_for_user(request.user, slug)
    action, period = get_rating_target_for_user(request.user, plan, pk, period_pk)
    update = next((u for u in action.updates.all() if u.period_id == period.pk), None)
    return _action_form_page(
        request, plan, action,
        ProgressUpdateForm(posted(request), instance=update, plan=plan, period=period),
        lambda data: record_update(
            action, period, rating=data["rating"], narrative=data["narrative"], by=request.user,
            expected_version=data["version"], reason=data.get("reason", ""),
        ),
        versions=_update_versions,
        saved=f"Saved the {period.label} rating and progress of {action.full_reference}.",
        template="actions/update_edit.html",
        period=period,
        caption=f"{action.full_reference} {_short(action, 80)}",
        heading=f"Rating and progress at the {period.label} review",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change an action's description, lead, due date (with a reason) and status."""
    plan = get_plan_for_user(request.user, slug)
    action = get_action_for_user(request.user, plan, pk, write=True)
    return _action_form_page(
        request, plan, action,
        ActionEditForm(posted(request), instance=action),
        lambda data: update_action(
            action, by=request.user, expected_version=data["version"],
            description=data["description"], lead_person=data["lead_person"],
            lead_group=data["lead_group"], due_date=data["due_date"],
            due_date_precision=data["due_date_precision"], status=data["status"],
            reason=data["reason"],
        ),
        versions=_action_versions,
        saved=f"Saved action {action.full_reference}.",
        caption=action.theme.heading,
        heading=f"Edit action {action.full_reference}",
        title=f"Edit {action.full_reference} – {plan.title}",  # noqa: RUF001
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, slug: str, period_pk: int) -> HttpResponse:
    """Every action of the plan for one review on one page; ratings saved together.

    The rows of a GET are kept in the cache until the plan's data changes (actions/page_cache.py).
    """
    plan = get_plan_for_user(request.user, slug)
    period = get_period_for_user(request.user, plan, period_pk)
    allowed = rateable_action_ids(request.user, plan, period)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        sections, rows = _review_rows(plan, period, allowed, request.POST)
        if all(row.form.is_valid() for row in rows if row.form):
            entries = [row.entry() for row in rows if row.form and row.changed()]
            # Not through a form, so drop what its field would refuse: PostgreSQL stores no NUL.
            reason = request.POST.get("reason", "").replace("\x00", "").strip()
            if period.is_closed and entries and not reason:
                messages.error(request, "Give the reason for changing ratings of a closed period.")
            else:
                try:
                    record_review(period, entries, by=request.user, reason=reason)
                except ReviewConflict as conflict:
                    for row in rows:
                        if row.action.pk in conflict.conflicts:
                            current = conflict.conflicts[row.action.pk]
                            versions = _update_versions(current, row.form.cleaned_data)
                            row.conflict = conflict_with(current, *versions)
                    refresh_versions(rows, conflict.conflicts)
                else:
                    count = len(entries)
                    changes = f"{count} change{'s' if count != 1 else ''}"
                    messages.success(request, f"Saved {changes} for {period.label}.")
                    return redirect("actions:review_edit", slug=plan.slug, period_pk=period.pk)
        conflicts = [row for row in rows if row.conflict]
        rows_html = _review_rows_html(plan, period, sections, rows)
    else:
        conflicts = []
        who_may_rate = hashlib.sha256(repr(sorted(allowed)).encode()).hexdigest()
        today = timezone.localdate().isoformat()
        rows_html = cached(
            ("review", plan.pk, period.pk, data_version(plan), today, who_may_rate),
            lambda: _review_rows_html(plan, period, *_review_rows(plan, period, allowed, None)),
        )
    context = {
        "plan": plan,
        "period": period,
        "other_periods": [other for other in plan.periods.all() if other.pk != period.pk],
        "breadcrumbs": plan_crumbs(plan),
        "conflicts": conflicts,
        "conflict_links": [
            (f"review-{row.action.pk}", f"{row.action.full_reference} {_short(row.action)}")
            for row in conflicts
        ],
        "can_save": bool(allowed),
        "rating_key": plan.rating_options(),
    }
    response = render(request, "actions/review_edit.html", context)
    return put_in_place(response, "<!-- the review's rows -->", rows_html)


def _review_rows(
    plan: Plan, period: ReportingPeriod, allowed: set[int], data: QueryDict | None
) -> tuple[list[ThemeSection], list[ReviewRow]]:
    _periods, sections = plan_layout(current_snapshot(plan))
    return sections, review_rows(sections, period, allowed, data, rating_choices(plan))


def _review_rows_html(
    plan: Plan, period: ReportingPeriod, sections: list[ThemeSection], rows: list[ReviewRow]
) -> bytes:
    """The review page's rows, theme by theme, encoded for put_in_place."""
    context = {
        "period": period,
        "review_sections": [
            (section.theme, [row for row in rows if row.action.theme_id == section.theme.pk])
            for section in sections
        ],
        "rating_choices": rating_choices(plan),
    }
    return render_to_string("actions/review_edit_rows.html", context).encode()


@require_GET
def plan_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """Download the plan as CSV or XLSX, in the layout the importer reads."""
    plan = get_plan_for_user(request.user, slug)
    if file_format not in CONTENT_TYPES:
        return HttpResponse(status=404)
    as_at = parse_as_at(request.GET.get("as_at", ""))
    content = export_plan(snapshot_as_at(plan, as_at) if as_at else plan, file_format)
    security_log(request, "export", outcome="ok", plan=plan.slug, format=file_format)
    stamp = f"as-at-{as_at.date().isoformat()}" if as_at else timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-{stamp}.{file_format}"'
    return response


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet; a readable one goes on to its preview."""
    require_plan_editor(request.user)
    form = ImportPlanForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            read_plan_file(upload.name, content, slug=form.cleaned_data["slug"])
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            pending = store_plan_import(
                by=request.user,
                filename=upload.name,
                content=content,
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                scale=form.cleaned_data["scale"],
            )
            return redirect("actions:import_detail", pk=pending.pk)
    return render(request, "actions/plan_import.html", {"form": form})


def _preview(pending: PlanImport) -> ImportPreview:
    return read_plan_file(
        pending.filename,
        bytes(pending.content),
        slug=pending.slug,
        title=pending.title,
        scale=pending.scale,
    )


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What an upload would create and every problem found in it, with the way to confirm."""
    pending = get_import_for_user(request.user, pk)
    if pending.status != PlanImport.Status.PENDING:
        if pending.plan:
            return redirect("actions:plan_detail", slug=pending.plan.slug)
        return redirect("actions:plan_import")
    preview = _preview(pending)
    context = {
        "pending": pending,
        "preview": preview,
        "scale_label": RatingScale(preview.scale).label if preview.scale else "",
    }
    return render(request, "actions/import_detail.html", context)


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Write the upload, in one transaction, then show the plan."""
    pending = get_import_for_user(request.user, pk)
    if pending.status != PlanImport.Status.PENDING:
        messages.info(request, "This file has already been imported or discarded.")
        return redirect("actions:plan_list")
    preview = _preview(pending)
    try:
        plan = import_plan(preview, by=request.user, pending=pending)
    except ValidationError:
        messages.error(request, "The file has errors, so nothing was imported.")
        return redirect("actions:import_detail", pk=pending.pk)
    except (ImportAlreadyDone, IntegrityError):
        # On SQLite, which has no row locks, the second of two confirmations at once meets the
        # plan the first one made instead.
        if get_import_for_user(request.user, pk).status == PlanImport.Status.PENDING:
            raise
        messages.info(request, "This file has already been imported or discarded.")
        return redirect("actions:plan_list")
    security_log(request, "import", outcome="ok", plan=plan.slug, file=pending.filename)
    messages.success(request, f"Imported {pending.filename}: the import {preview.summary()}.")
    return redirect(reverse("actions:plan_detail", kwargs={"slug": plan.slug}))


@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Throw an upload away without importing it."""
    pending = get_import_for_user(request.user, pk)
    if pending.status == PlanImport.Status.PENDING:
        discard_plan_import(pending)
        messages.info(request, f"{pending.filename} was not imported.")
    return redirect("actions:plan_import")


CHANGES_PER_PAGE = 50


def _change_log_filters(request: HttpRequest, plan: Plan) -> tuple[ChangeLogFilterForm, Filters]:
    form = ChangeLogFilterForm(request.GET or None, plan=plan)
    return form, form.filters() if request.GET else Filters()


@require_GET
def plan_changes(request: HttpRequest, slug: str) -> HttpResponse:
    """Every change in the plan, newest first, filtered and paginated."""
    plan = get_plan_for_user(request.user, slug)
    form, filters = _change_log_filters(request, plan)
    page = Paginator(change_log_rows(plan, filters), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "plan": plan,
        "form": form,
        "error_links": [(field.auto_id, error) for field in form for error in field.errors],
        "page": page,
        "entries": load_entries(list(page.object_list)),
        "query": query.urlencode(),
        "breadcrumbs": plan_crumbs(plan),
    }
    return render(request, "actions/plan_changes.html", context)


@require_GET
def plan_changes_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The change log, as filtered, as CSV: one line per field changed."""
    plan = get_plan_for_user(request.user, slug)
    _form, filters = _change_log_filters(request, plan)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-changes-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["When", "Who", "What", "Event", "Field", "Before", "After", "Reason"])
    rows = change_log_rows(plan, filters)
    for start in range(0, rows.count(), 500):
        for entry in load_entries(list(rows[start : start + 500])):
            when = timezone.localtime(entry.when).isoformat(timespec="seconds")
            head = [when, entry.who, entry.what, entry.event]
            for change in entry.changes or [None]:
                fields = [change.label, change.old, change.new] if change else ["", "", ""]
                writer.writerow([neutralise(cell) for cell in [*head, *fields, entry.reason]])
    security_log(request, "export", outcome="ok", plan=plan.slug, format="changes-csv")
    return response


@require_GET
def plan_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """What changed in the plan between two moments: two reviews as they were reported
    (`from_review`, `to_review`), or two dates (`from`, `to`)."""
    plan = get_plan_for_user(request.user, slug)
    since = _as_at_chosen(
        request,
        plan,
        date="from",
        review="from_review",
        date_error="Enter the first date, such as 31/01/2013",
        review_error="Choose the first review from the list",
        required=True,
    )
    until = _as_at_chosen(
        request,
        plan,
        date="to",
        review="to_review",
        date_error="Enter the second date, such as 30/04/2013",
        review_error="Choose the second review from the list",
        required=True,
    )
    errors = dict([*since.errors, *until.errors])
    if since.moment and until.moment and until.moment < since.moment:
        if until.review:
            errors["to_review"] = "The second review must be reported on or after the first"
        else:
            errors["to"] = "The second date must be the same as or after the first"
    # In the order of the page's inputs, for the error summary.
    errors = {name: errors[name] for name in _COMPARE_INPUTS if name in errors}
    comparison = None
    if since.moment and until.moment and not errors:
        comparison = compare(snapshot_as_at(plan, since.moment), snapshot_as_at(plan, until.moment))
    reviews = list(plan.periods.all())
    context = {
        "plan": plan,
        "since_text": request.GET.get("from", "").strip(),
        "until_text": request.GET.get("to", "").strip(),
        "since": since,
        "until": until,
        "reviews": reviews,
        # What the lists of reviews show chosen: the reviews compared, or the last two.
        "from_review": since.review or (reviews[-2] if len(reviews) > 1 else None),
        "to_review": until.review or (reviews[-1] if reviews else None),
        "errors": errors,
        "comparison": comparison,
        "breadcrumbs": plan_crumbs(plan),
    }
    return render(request, "actions/plan_compare.html", context)


_COMPARE_INPUTS = ("from_review", "to_review", "from", "to")


@require_http_methods(["GET", "POST"])
def due_date_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Revise an action's due date with a reason: for its leads, and for plan editors."""
    plan = get_plan_for_user(request.user, slug)
    action = get_due_date_target_for_user(request.user, plan, pk)
    initial = {"due_date": due_date_parts(action), "version": action.version}
    return _action_form_page(
        request, plan, action,
        DueDateChangeForm(posted(request), initial=initial),
        lambda data: revise_due_date(
            action, by=request.user, expected_version=data["version"], due_date=data["due_date"],
            due_date_precision=data["due_date_precision"], reason=data["reason"],
        ),
        versions=_due_date_versions,
        saved=f"Saved the new due date of {action.full_reference}.",
        template="actions/due_date_edit.html",
        caption=f"{action.full_reference} {_short(action, 80)}",
        heading="Revise the due date",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def period_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's review periods; coordinators open a new one here and close or reopen them."""
    plan = get_plan_for_user(request.user, slug)
    form = None
    if request.user.can_edit_plans():
        form = PeriodForm(posted(request), plan=plan)
    if request.method == "POST":
        require_plan_editor(request.user)
        if form.is_valid():
            data = form.cleaned_data
            period = open_period(
                plan, by=request.user, label=data["label"], short_label=data["short_label"],
                start_date=data["start_date"], end_date=data["end_date"],
                review_meeting=data["review_meeting"],
            )  # fmt: skip
            messages.success(request, f"Opened the {period.label} review.")
            return redirect("actions:period_list", slug=plan.slug)
    today = timezone.localdate()
    periods = list(plan.periods.all())
    unrated = {
        period.pk: len(unrated_actions(period)) for period in periods if not period.is_closed
    }
    context = {
        "plan": plan,
        "periods": periods,
        "unrated": unrated,
        "form": form,
        "today": today,
        "breadcrumbs": plan_crumbs(plan),
    }
    return render(request, "actions/period_list.html", context)


@require_http_methods(["GET", "POST"])
def period_meeting(request: HttpRequest, slug: str, period_pk: int) -> HttpResponse:
    """Choose the meeting at which a review period is reviewed: for plan editors."""
    plan = get_plan_for_user(request.user, slug)
    period = get_period_for_user(request.user, plan, period_pk)
    require_plan_editor(request.user)
    periods_url = reverse("actions:period_list", kwargs={"slug": plan.slug})
    return form_page(
        request,
        ReviewMeetingForm(posted(request), instance=period),
        lambda data: set_review_meeting(period, by=request.user, meeting=data["review_meeting"]),
        done=lambda saved: (f"Saved the meeting of the {saved.label} review.", periods_url),
        heading=f"The {period.label} review's meeting",
        caption=plan.title,
        breadcrumbs=plan_crumbs(plan, ("Review periods", periods_url)),
    )


@require_POST
def period_close(request: HttpRequest, slug: str, period_pk: int) -> HttpResponseRedirect:
    """Close a review period, or reopen it (`?reopen=1`)."""
    plan = get_plan_for_user(request.user, slug)
    period = get_period_for_user(request.user, plan, period_pk)
    require_plan_editor(request.user)
    reopen = request.POST.get("reopen") == "1"
    set_period_closed(period, by=request.user, closed=not reopen)
    messages.success(request, f"{'Reopened' if reopen else 'Closed'} the {period.label} review.")
    return redirect("actions:period_list", slug=plan.slug)


@require_GET
def reminder_preview(request: HttpRequest, slug: str, period_pk: int) -> HttpResponse:
    """The reminder e-mails that send_reminders would send for a period now, for coordinators."""
    plan = get_plan_for_user(request.user, slug)
    period = get_period_for_user(request.user, plan, period_pk)
    require_plan_editor(request.user)
    pending, missing = messages_for(period, today=timezone.localdate(), days_before=7)
    context = {
        "plan": plan,
        "period": period,
        "pending": pending,
        "missing": missing,
        "breadcrumbs": plan_crumbs(plan),
    }
    return render(request, "actions/reminder_preview.html", context)
