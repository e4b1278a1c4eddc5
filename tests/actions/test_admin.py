"""The Django admin: every model registered, and edits there attributed to the administrator."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

from actions.models import Action, DataVersion
from actions.services import update_action
from cseplan.lib.edits import StaleEditError
from governance.models import User
from tests.conftest import make_action

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
    client.force_login(administrator)
    app = "governance" if model_name in {"group", "person"} else "actions"
    assert client.get(f"/admin/{app}/{model_name}/").status_code == 200


def test_an_edit_in_the_admin_is_recorded_against_the_administrator(
    client: Client, administrator: User
) -> None:
    action = make_action(description="Old words")
    client.force_login(administrator)
    form = {
        "theme": action.theme_id,
        "reference": action.reference,
        "description": "New words",
        "due_date_precision": "day",
        "status": "open",
        "order": 1,
        "version": 1,
    }
    response = client.post(f"/admin/actions/action/{action.pk}/change/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = Action.history.filter(id=action.pk).first()
    assert (latest.description, latest.history_user) == ("New words", administrator)
    assert client.get(f"/admin/actions/action/{action.pk}/history/").status_code == 200


def test_an_edit_in_the_admin_is_a_new_version_that_a_stale_page_cannot_overwrite(
    client: Client, administrator: User, coordinator: User
) -> None:
    action = make_action(description="Old words")
    client.force_login(administrator)
    form = {
        "theme": action.theme_id,
        "reference": action.reference,
        "description": "Admin's words",
        "due_date_precision": "day",
        "status": "open",
        "order": 1,
    }
    assert client.post(f"/admin/actions/action/{action.pk}/change/", form).status_code == 302
    action.refresh_from_db()
    assert action.version == 2
    with pytest.raises(StaleEditError):
        update_action(
            action, by=coordinator, expected_version=1, description="A page opened before",
            lead_person=None, lead_group=None, due_date=None, due_date_precision="day",
            status="open",
        )  # fmt: skip
    action.refresh_from_db()
    assert action.description == "Admin's words"


def test_reviewers_cannot_open_the_admin(client: Client, reviewer: User) -> None:
    client.force_login(reviewer)
    assert client.get("/admin/actions/action/").status_code == 302
