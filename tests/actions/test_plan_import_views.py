"""The import pages: upload, preview with every problem, confirm or discard."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from actions.models import Action, Plan, PlanImport
from governance.models import User

pytestmark = pytest.mark.django_db

GOOD = (
    b"Theme,Objective,Ref,Action,Lead,Due date,Progress,Jul 2012\r\n"
    b"1. Prevention,Awareness,1.1,Channels,Martin Hillier,30/06/13,Started,G\r\n"
    b"1. Prevention,Awareness,1.2,Training,WGAP,To be agreed,,A\r\n"
)
BAD = GOOD.replace(b",A\r\n", b",Purple\r\n")


def _upload(client: Client, content: bytes, name: str = "plan.csv", **fields: str):
    data = {"file": SimpleUploadedFile(name, content), "slug": "new-plan", "title": "", "scale": ""}
    return client.post("/plans/import/", {**data, **fields})


def test_a_coordinator_uploads_previews_and_confirms_an_import(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    response = _upload(client, GOOD, title="New plan")
    pending = PlanImport.objects.get()
    assert response.status_code == 302 and response.url == f"/plans/import/{pending.pk}/"
    assert not Plan.objects.exists()

    preview = client.get(response.url)
    text = preview.content.decode()
    assert "Check what the import will create" in text
    assert "New plan" in text and "Martin Hillier" in text and "WGAP" in text
    assert "&#x27;To be agreed&#x27; is not a date" in text  # the warning, escaped
    assert "Import the plan" in text

    done = client.post(f"/plans/import/{pending.pk}/confirm/")
    assert done.status_code == 302 and done.url == "/plans/new-plan/"
    plan = Plan.objects.get(slug="new-plan")
    action = Action.objects.get(theme__plan=plan, reference="1.1")
    history = action.history.get()
    assert (history.history_user, history.history_change_reason) == (
        coordinator,
        "Imported from plan.csv",
    )
    pending.refresh_from_db()
    assert (pending.status, pending.plan, bytes(pending.content)) == ("imported", plan, b"")
    page = client.get(done.url)
    assert "Imported plan.csv" in page.content.decode()


def test_a_file_with_errors_is_previewed_with_every_problem_and_cannot_be_confirmed(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    response = _upload(client, BAD)
    preview = client.get(response.url).content.decode()
    assert "The file cannot be imported" in preview
    assert "&#x27;Purple&#x27; is not a rating on this plan&#x27;s scale" in preview
    assert "Import the plan" not in preview
    pending = PlanImport.objects.get()
    refused = client.post(f"/plans/import/{pending.pk}/confirm/", follow=True)
    assert "nothing was imported" in refused.content.decode()
    assert not Plan.objects.exists() and not Action.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"%PDF-1.7", "must be a CSV or an Excel workbook"),
        ("plan.csv", b"", "The file is empty"),
        ("plan.xlsx", b"not a zip", "not an Excel workbook"),
        ("plan.csv", b"Theme,Ref\r\n1. P,1.1\r\n", None),
    ],
)
def test_an_unreadable_file_is_refused_on_the_upload_page(
    client: Client, coordinator: User, name: str, content: bytes, message: str | None
) -> None:
    client.force_login(coordinator)
    response = _upload(client, content, name)
    if message is None:  # readable but wrong: the preview lists the missing columns
        assert "The file has no column Objective" in client.get(response.url).content.decode()
        return
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text and message in text
    assert not PlanImport.objects.exists()


def test_the_upload_form_asks_for_a_file_and_a_short_name(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    text = client.post("/plans/import/", {"slug": "not a slug"}).content.decode()
    assert "Select a CSV or Excel file" in text
    assert "Enter a short name using only letters, numbers and hyphens" in text
    assert text.count('href="#id_file"') == 1


def test_discarding_an_upload_imports_nothing_and_drops_the_file(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    _upload(client, GOOD)
    pending = PlanImport.objects.get()
    assert client.post(f"/plans/import/{pending.pk}/discard/").status_code == 302
    pending.refresh_from_db()
    assert (pending.status, bytes(pending.content)) == ("discarded", b"")
    assert client.post(f"/plans/import/{pending.pk}/confirm/").status_code == 302
    assert not Plan.objects.exists()


@pytest.mark.parametrize("persona", ["reviewer", "lead_member"])
def test_reviewers_and_members_may_not_import(client: Client, persona: str, request) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/plans/import/").status_code == 403
    assert _upload(client, GOOD).status_code == 403
    assert not PlanImport.objects.exists()


def test_another_users_upload_is_not_found(client: Client, coordinator: User, chair: User) -> None:
    client.force_login(coordinator)
    _upload(client, GOOD)
    pending = PlanImport.objects.get()
    client.force_login(chair)
    assert client.get(f"/plans/import/{pending.pk}/").status_code == 404
    assert client.post(f"/plans/import/{pending.pk}/confirm/").status_code == 404
    assert not Plan.objects.exists()


def test_confirm_and_discard_accept_only_post(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    _upload(client, GOOD)
    pending = PlanImport.objects.get()
    assert client.get(f"/plans/import/{pending.pk}/confirm/").status_code == 405
    assert client.get(f"/plans/import/{pending.pk}/discard/").status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/plans/import/")
    assert response.status_code == 302 and response.url.startswith("/account/login/")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_confirming_one_upload_twice_at_once_imports_it_once() -> None:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tests.conftest import make_user

    coordinator = make_user(User.Role.COORDINATOR)
    clients = [Client() for _ in range(2)]
    for each in clients:
        each.force_login(coordinator)
    _upload(clients[0], GOOD, title="New plan")
    pending = PlanImport.objects.get()
    start = threading.Barrier(len(clients))

    def confirm(each: Client) -> str:
        start.wait()
        try:
            response = each.post(f"/plans/import/{pending.pk}/confirm/", follow=True)
            return response.content.decode()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(clients)) as pool:
        pages = list(pool.map(confirm, clients))
    assert Plan.objects.filter(slug="new-plan").count() == 1
    assert Action.objects.filter(theme__plan__slug="new-plan").count() == 2
    assert sum("Imported plan.csv" in page for page in pages) == 1
    assert sum("already been imported" in page for page in pages) == 1
