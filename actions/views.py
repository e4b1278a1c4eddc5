"""Pages of the plan: the list of plans, a plan laid out as its document, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.exporting import CONTENT_TYPES, export_plan
from actions.forms import ImportPlanForm
from actions.importing import FileRefused, ImportPreview, read_plan_file
from actions.layout import plan_layout
from actions.models import PlanImport
from actions.permissions import (
    get_import_for_user,
    get_plan_for_user,
    plans_for_user,
    require_plan_editor,
)
from actions.ratings import RatingScale
from actions.services import discard_plan_import, import_plan, store_plan_import
from cseplan.lib.security import security_log


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every plan the user may read, and the way to import one for those who may."""
    return render(request, "actions/plan_list.html", {"plans": plans_for_user(request.user)})


@login_required
@require_GET
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A plan laid out as its source document: themes, actions and a rating per period."""
    plan = get_plan_for_user(request.user, slug)
    periods, sections = plan_layout(plan)
    context = {
        "plan": plan,
        "periods": periods,
        "sections": sections,
        "rating_key": plan.rating_options(),
        "can_edit": request.user.can_edit_plans(),
    }
    return render(request, "actions/plan_detail.html", context)


@login_required
@require_GET
def plan_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """Download the plan as CSV or XLSX, in the layout the importer reads."""
    plan = get_plan_for_user(request.user, slug)
    if file_format not in CONTENT_TYPES:
        return HttpResponse(status=404)
    content = export_plan(plan, file_format)
    security_log(request, "export", outcome="ok", plan=plan.slug, format=file_format)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-{stamp}.{file_format}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet; a readable one goes on to its preview."""
    require_plan_editor(request.user)
    form = ImportPlanForm(request.POST or None, request.FILES or None)
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


@login_required
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


@login_required
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
    security_log(request, "import", outcome="ok", plan=plan.slug, file=pending.filename)
    messages.success(request, f"Imported {pending.filename}: the import {preview.summary()}.")
    return redirect(reverse("actions:plan_detail", kwargs={"slug": plan.slug}))


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Throw an upload away without importing it."""
    pending = get_import_for_user(request.user, pk)
    if pending.status == PlanImport.Status.PENDING:
        discard_plan_import(pending)
        messages.info(request, f"{pending.filename} was not imported.")
    return redirect("actions:plan_import")
