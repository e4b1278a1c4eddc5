"""The Django admin: every model registered, the record read-only, accounts never deleted."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client, RequestFactory

from actions.models import DataVersion
from governance.models import User
from reporting.models import CommitteeReport
from tests.conftest import make_action, make_period, make_theme, make_update, sign_in

pytestmark = pytest.mark.django_db


def test_every_model_of_the_project_is_in_the_admin() -> None:
    # The page cache's count of changes is bookkeeping that nobody edits.
    for app in ("governance", "actions"):
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical") and model is not DataVersion:
                assert admin.site.is_registered(model), model.__name__


@pytest.mark.parametrize("model_name", ["action", "plan", "progressupdate", "group", "person"])
def test_the_admin_lists_and_history_pages_open(
    client: Client, administrator: User, model_name: str
) -> None:
    sign_in(client, administrator)
    app = "governance" if model_name in {"group", "person"} else "actions"
    assert client.get(f"/admin/{app}/{model_name}/").status_code == 200


# The record's models: read in the admin, changed only on the service's own pages.
RECORD_MODELS = [
    model
    for app in ("governance", "actions", "reporting")
    for model in apps.get_app_config(app).get_models()
    if admin.site.is_registered(model) and model is not User
]


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model.__name__)
def test_no_record_can_be_added_changed_or_deleted_in_the_admin(
    rf: RequestFactory, administrator: User, model: type
) -> None:
    request = rf.get("/admin/")
    request.user = administrator
    model_admin = admin.site.get_model_admin(model)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not (
            inline.has_add_permission(request, None) or inline.has_delete_permission(request)
        )


def test_an_action_and_its_ratings_cannot_be_changed_or_deleted_in_the_admin(
    client: Client, administrator: User, plan
) -> None:
    action = make_action(make_theme(plan), description="Old words")
    make_update(action, make_period(plan), rating="G")
    sign_in(client, administrator)
    url = f"/admin/actions/action/{action.pk}/"
    page = client.get(f"{url}change/")
    assert page.status_code == 200 and "Old words" in page.content.decode()
    assert 'name="description"' not in page.content.decode()  # shown, not a field
    form = {"theme": action.theme_id, "reference": action.reference, "description": "New words",
            "due_date_precision": "day", "status": "open", "order": 1, "version": 1}  # fmt: skip
    assert client.post(f"{url}change/", form).status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/actions/action/add/", form).status_code == 403
    action.refresh_from_db()
    assert action.description == "Old words" and action.updates.count() == 1
    assert action.history.count() == 1


def test_a_reports_parts_cannot_be_added_in_the_admin(
    client: Client, administrator: User, plan
) -> None:
    report = CommitteeReport.objects.create(
        plan=plan, period=make_period(plan), title="A report", report_of="D", committee="C"
    )
    sign_in(client, administrator)
    url = f"/admin/reporting/committeereport/{report.pk}/change/"
    form = {"title": "A report", "implications-TOTAL_FORMS": 1, "implications-INITIAL_FORMS": 0,
            "implications-0-heading": "Added", "implications-0-body": "Words"}  # fmt: skip
    assert client.post(url, form).status_code == 403
    assert not report.implications.exists()


def test_reviewers_cannot_open_the_admin(client: Client, reviewer: User) -> None:
    sign_in(client, reviewer)
    assert client.get("/admin/actions/action/").status_code == 302
