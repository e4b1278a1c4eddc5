"""No lost updates on the governance pages: an edit based on an old version of a group, person,
organisation or meeting is refused with both versions shown, and saving again replaces theirs."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from cseplan.lib.edits import StaleEditError
from governance.models import Group, Meeting, Organisation, Person, User
from governance.services import save_group, save_person
from tests.conftest import make_group, make_person, make_user, sign_in

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _person_form(person: Person, **changes: Any) -> dict[str, Any]:
    data = {"name": person.name, "job_title": "", "organisation": "", "email": "", "phone": ""}
    return {**data, "version": person.version, **changes}


def _group_fields(group: Group, **changes: Any) -> dict[str, Any]:
    fields = {
        "name": group.name,
        "short_name": group.short_name,
        "kind": group.kind,
        "organisation": None,
        "reports_to": list(group.reports_to.all()),
        "terms_of_reference": group.terms_of_reference,
    }
    return {**fields, **changes}


@pytest.fixture
def other_administrator(db: None) -> User:
    return make_user(User.Role.ADMINISTRATOR, first_name="Sam", last_name="Other")


def test_a_second_editor_of_the_same_version_sees_both_versions_and_nothing_is_saved(
    client: Client, administrator: User, other_administrator: User
) -> None:
    person = make_person(name="Terri Johnson")
    opened_at = person.version
    url = f"/governance/people/{person.pk}/edit/"
    other = Client()
    sign_in(other, other_administrator)
    assert other.post(url, _person_form(person, phone="0115 111 1111")).status_code == 302

    sign_in(client, administrator)
    response = client.post(url, _person_form(person, phone="0115 222 2222", version=opened_at))
    text = _text(response)
    assert response.status_code == 200 and "<title>Error:" in text
    assert "Sam Other saved a change after you opened this page" in text
    assert "0115 111 1111" in text and "0115 222 2222" in text
    person.refresh_from_db()
    assert person.phone == "0115 111 1111" and person.version == opened_at + 1
    # The form now carries the version saved: sending it again replaces theirs, knowingly.
    assert f'name="version" value="{person.version}"' in text
    again = client.post(url, _person_form(person, phone="0115 222 2222"))
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.phone == "0115 222 2222" and person.version == opened_at + 2


def test_a_stale_group_edit_shows_the_kind_and_reporting_line_in_words(
    client: Client, administrator: User
) -> None:
    board = make_group(short_name="LSCB", name="The board")
    group = make_group(short_name="WGAP", name="Working group", kind=Group.Kind.WORKING_GROUP)
    data = {
        "name": "Renamed",
        "short_name": "WGAP",
        "kind": "working_group",
        "organisation": "",
        "terms_of_reference": "",
        "version": group.version,
    }
    save_group(group, by=administrator, expected_version=group.version, **_group_fields(
        group, kind=Group.Kind.GROUP, reports_to=[board]
    ))  # fmt: skip
    sign_in(client, administrator)
    text = _text(client.post(f"/governance/groups/{group.pk}/edit/", data))
    assert "saved a change after you opened this page" in text
    assert "Working group" in text and "LSCB" in text
    group.refresh_from_db()
    assert group.name == "Working group" and list(group.reports_to.all()) == [board]


def test_changing_only_the_reporting_line_is_a_new_version(administrator: User) -> None:
    board = make_group(short_name="LSCB")
    group = make_group(short_name="WGAP")
    version = group.version
    fields = _group_fields(group, reports_to=[board])
    saved = save_group(group, by=administrator, expected_version=version, **fields)
    assert saved.version == version + 1
    with pytest.raises(StaleEditError):
        save_group(group, by=administrator, expected_version=version, **_group_fields(group))
    assert list(Group.objects.get(pk=group.pk).reports_to.all()) == [board]


def test_an_edit_that_changes_nothing_writes_nothing(administrator: User) -> None:
    person = make_person(name="Terri Johnson")
    rows = person.history.count()
    save_person(
        person, by=administrator, expected_version=person.version, name="Terri Johnson",
        job_title="", organisation=None, email="", phone="", user=None,
    )  # fmt: skip
    person.refresh_from_db()
    assert person.history.count() == rows and person.version == 1


def test_a_stale_meeting_edit_shows_who_attended(client: Client, administrator: User) -> None:
    group = make_group(short_name="CSECAG")
    meeting = Meeting.objects.create(group=group, date=datetime.date(2013, 2, 25))
    guest = make_person(name="Terri Johnson")
    url = f"/governance/meetings/{meeting.pk}/edit/"
    data = {"date_0": "25", "date_1": "2", "date_2": "2013", "version": meeting.version}
    sign_in(client, administrator)
    assert client.post(url, {**data, "others": [guest.pk]}).status_code == 302
    text = _text(client.post(url, {**data, "minutes": "Mine"}))
    assert "saved a change after you opened this page" in text
    assert "Terri Johnson" in text and "25 February 2013" in text
    assert Meeting.objects.get().minutes == ""


def test_adding_twice_from_the_same_page_is_refused_by_the_name_not_as_a_conflict(
    client: Client, administrator: User
) -> None:
    data = {"name": "Barnardo's", "short_name": "", "kind": "charity", "website": ""}
    sign_in(client, administrator)
    assert client.post("/governance/organisations/add/", {**data, "version": 0}).status_code == 302
    text = _text(client.post("/governance/organisations/add/", {**data, "version": 0}))
    assert "An organisation with this name already exists" in text
    assert Organisation.objects.count() == 1
