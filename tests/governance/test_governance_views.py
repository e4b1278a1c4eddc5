"""The governance pages: the group tree, groups, people and organisations, and managing them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from governance.models import Group, Membership, Organisation, Person, User
from tests.conftest import make_action, make_group, make_person, sign_in

pytestmark = pytest.mark.django_db

WRITERS = ["reviewer", "lead_member", "coordinator", "chair"]


@pytest.fixture
def seeded(settings: Any) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _tree_block(text: str, short_name: str) -> str:
    """The part of the tree page from `short_name`'s item to the end of its nested list."""
    start = text.index(f">{short_name}</a>")
    return text[start : start + 3000]


# Reading ------------------------------------------------------------------------------------------


def test_the_tree_shows_csecag_under_both_boards_and_the_working_groups_under_it(
    client: Client, seeded: None, django_assert_max_num_queries: Any
) -> None:
    sign_in(client, User.objects.get(username="reviewer"))
    with django_assert_max_num_queries(6):
        response = client.get("/governance/")
    assert response.status_code == 200
    text = _text(response)
    assert text.count(">CSECAG</a>") == 2
    assert text.count(">WGAP</a>") == 2  # once under CSECAG, under each board
    for board in ("City LSCB", "NSCB"):
        block = _tree_block(text, board)
        assert block.index(">CSECAG</a>") < block.index(">WGAP</a>")
    assert text.index(">City LSCB</a>") < text.index(">CSECAG</a>")
    assert "Board" in text and "Working group" in text
    assert "Add a group" not in text


def test_a_group_page_shows_its_reporting_line_members_meetings_and_actions(
    client: Client, seeded: None, django_assert_max_num_queries: Any
) -> None:
    sign_in(client, User.objects.get(username="reviewer"))
    with django_assert_max_num_queries(14):
        response = client.get("/governance/groups/CSECAG/")
    text = _text(response)
    assert response.status_code == 200
    assert "CSE Cross Authority Group" in text
    assert ">City LSCB</a>" in text and ">NSCB</a>" in text and ">WGAP</a>" in text
    assert "Owns the Child Sexual Exploitation Multi-Agency Action Plan" in text
    assert "CSECAG quarterly meeting" in text
    assert "/plans/cse-2012-14/actions/" in text
    assert "Edit the group" not in text and "Add a member" not in text


def test_a_group_is_found_by_its_id_too(client: Client, reviewer: User) -> None:
    group = make_group(short_name="WGAP", name="Awareness among professionals")
    sign_in(client, reviewer)
    assert "Awareness among professionals" in _text(client.get(f"/governance/groups/{group.pk}/"))


def test_the_group_page_names_the_chair_and_members_with_roles(
    client: Client, reviewer: User
) -> None:
    group = make_group(short_name="CSECAG")
    Membership.objects.create(group=group, person=make_person(name="Ann Chair"), role="chair")
    Membership.objects.create(group=group, person=make_person(name="Ben Member"))
    sign_in(client, reviewer)
    text = _text(client.get("/governance/groups/CSECAG/"))
    assert re.search(r"Chair</dt> <dd[^>]*><a[^>]*>Ann Chair</a>", text)
    assert "Ben Member" in text and "Member</td>" in text


def test_a_person_page_shows_the_actions_they_lead_in_every_way(
    client: Client, reviewer: User, django_assert_max_num_queries: Any
) -> None:
    group = make_group(short_name="WGAP")
    person = make_person(
        name="Joanna Williams", job_title="Service manager", email="jw@example.org"
    )
    Membership.objects.create(group=group, person=person, role="vice_chair")
    in_person = make_action(lead_person=person, description="Lead in person")
    co_led = make_action(description="Lead with another")
    co_led.co_leads.add(person)
    make_action(lead_group=group, description="Lead through the group")
    sign_in(client, reviewer)
    with django_assert_max_num_queries(16):
        text = _text(client.get(f"/governance/people/{person.pk}/"))
    assert "Service manager" in text and "jw@example.org" in text
    assert ">WGAP</a>, vice-chair" in text
    assert "Lead in person" in text and "Co-lead" in text and "Through WGAP" in text
    assert f"/actions/{in_person.pk}/" in text


def test_every_list_page_renders_with_the_seed_in_few_queries(
    client: Client, seeded: None, django_assert_max_num_queries: Any
) -> None:
    sign_in(client, User.objects.get(username="reviewer"))
    for url, expected in [
        ("/governance/people/", "Joanna Williams"),
        ("/governance/organisations/", "Nottingham City Council"),
    ]:
        with django_assert_max_num_queries(6):
            response = client.get(url)
        assert response.status_code == 200 and expected in _text(response)


def test_every_detail_page_renders_for_a_reviewer_with_the_seed(
    client: Client, seeded: None, django_assert_max_num_queries: Any
) -> None:
    sign_in(client, User.objects.get(username="reviewer"))
    urls = [f"/governance/groups/{group.pk}/" for group in Group.objects.all()]
    urls += [f"/governance/people/{person.pk}/" for person in Person.objects.all()]
    urls += [f"/governance/organisations/{org.pk}/" for org in Organisation.objects.all()]
    for url in urls:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def test_an_organisation_page_lists_its_people_and_hosted_groups(
    client: Client, reviewer: User
) -> None:
    org = Organisation.objects.create(name="Nottingham City Council")
    make_person(name="Terri Johnson", organisation=org)
    make_group(short_name="City OMG", organisation=org)
    sign_in(client, reviewer)
    text = _text(client.get(f"/governance/organisations/{org.pk}/"))
    assert "Terri Johnson" in text and ">City OMG</a>" in text


@pytest.mark.parametrize(
    "url",
    [
        "/governance/groups/NOPE/",
        "/governance/groups/99999/",
        "/governance/people/99999/",
        "/governance/organisations/99999/",
        "/governance/people/99999/edit/",
    ],
)
def test_unknown_things_are_not_found(client: Client, administrator: User, url: str) -> None:
    sign_in(client, administrator)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/governance/", "/governance/people/", "/governance/groups/X/"])
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, url: str) -> None:
    make_group(short_name="X")
    response = client.get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_reading_pages_refuse_a_post(client: Client, reviewer: User) -> None:
    group = make_group(short_name="X")
    sign_in(client, reviewer)
    for url in ["/governance/", f"/governance/groups/{group.pk}/", "/governance/people/"]:
        assert client.post(url).status_code == 405


# Managing -----------------------------------------------------------------------------------------


def _group_form(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Working group on missing children",
        "short_name": "WGMC",
        "kind": "working_group",
        "organisation": "",
        "terms_of_reference": "Looks at children who go missing.",
        "version": 0,
    }
    return {**data, **changes}


def test_an_administrator_adds_a_group_with_its_reporting_line(
    client: Client, administrator: User
) -> None:
    csecag = make_group(short_name="CSECAG", kind="group")
    sign_in(client, administrator)
    assert "Add a group" in _text(client.get("/governance/"))
    response = client.post("/governance/groups/add/", _group_form(reports_to=[str(csecag.pk)]))
    group = Group.objects.get(short_name="WGMC")
    assert response.status_code == 302 and response["Location"] == f"/governance/groups/{group.pk}/"
    assert list(group.reports_to.all()) == [csecag]
    history = list(group.history.all())
    assert history and all(row.history_user == administrator for row in history)
    assert {row.history_change_reason for row in history} == {
        "Group added",
        "Reporting line changed",
    }


def test_an_administrator_edits_a_group(client: Client, administrator: User) -> None:
    group = make_group(short_name="WGMC", name="Old name")
    sign_in(client, administrator)
    assert "Old name" in _text(client.get(f"/governance/groups/{group.pk}/edit/"))
    client.post(
        f"/governance/groups/{group.pk}/edit/", _group_form(name="New name", version=group.version)
    )
    group.refresh_from_db()
    assert group.name == "New name"
    assert group.history.first().history_user == administrator


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the group&#x27;s name"),
        ({"kind": ""}, "Select the kind of group"),
        ({"short_name": "TAKEN"}, "A group with this short name already exists"),
    ],
)
def test_a_bad_group_is_refused_with_an_error_summary(
    client: Client, administrator: User, changes: dict[str, str], message: str
) -> None:
    make_group(short_name="TAKEN")
    sign_in(client, administrator)
    text = _text(client.post("/governance/groups/add/", _group_form(**changes)))
    assert "govuk-error-summary" in text and message in text and "<title>Error:" in text
    assert not Group.objects.filter(name="Working group on missing children").exists()


def test_a_group_may_not_report_to_a_group_below_it(client: Client, administrator: User) -> None:
    top = make_group(short_name="TOP")
    below = make_group(short_name="BELOW")
    below.reports_to.add(top)
    sign_in(client, administrator)
    text = _text(
        client.post(
            f"/governance/groups/{top.pk}/edit/",
            _group_form(short_name="TOP", reports_to=[str(below.pk)], version=top.version),
        )
    )
    assert "A group cannot report to itself or to a group that reports to it" in text
    assert not top.reports_to.exists()


def test_an_administrator_adds_and_edits_a_person(client: Client, administrator: User) -> None:
    sign_in(client, administrator)
    data = {"name": "Terri Johnson", "job_title": "Head of service", "email": "", "phone": ""}
    client.post("/governance/people/add/", {**data, "organisation": "", "version": 0})
    person = Person.objects.get(name="Terri Johnson")
    client.post(
        f"/governance/people/{person.pk}/edit/",
        {**data, "phone": "0115 000 0000", "version": person.version},
    )
    person.refresh_from_db()
    assert person.phone == "0115 000 0000"
    assert [(row.history_type, row.history_user) for row in person.history.all()] == [
        ("~", administrator),
        ("+", administrator),
    ]


def test_an_administrator_links_a_person_to_the_account_that_signs_in_as_them(
    client: Client, administrator: User, reviewer: User
) -> None:
    sign_in(client, administrator)
    person = make_person(name="Terri Johnson")
    data = {"name": "Terri Johnson", "job_title": "", "email": "", "phone": "", "organisation": ""}
    page = _text(client.get(f"/governance/people/{person.pk}/edit/"))
    assert "Sign-in account (optional)" in page and f"({reviewer.username})" in page
    url = f"/governance/people/{person.pk}/edit/"
    client.post(url, {**data, "user": reviewer.pk, "version": person.version})
    person.refresh_from_db()
    assert person.user == reviewer and person.history.first().history_user == administrator
    # One account acts as one person at most.
    other = make_person(name="Alan Lewis")
    text = _text(client.post(f"/governance/people/{other.pk}/edit/", {
        **data, "name": "Alan Lewis", "user": reviewer.pk, "version": other.version,
    }))  # fmt: skip
    assert "govuk-error-summary" in text
    other.refresh_from_db()
    assert other.user is None


def test_a_person_needs_a_name_and_a_real_email(client: Client, administrator: User) -> None:
    sign_in(client, administrator)
    text = _text(client.post("/governance/people/add/", {"name": "", "email": "nope"}))
    assert "Enter the person&#x27;s name" in text
    assert "Enter an email address in the correct format" in text
    assert not Person.objects.exists()


def test_an_administrator_adds_and_edits_an_organisation(
    client: Client, administrator: User
) -> None:
    sign_in(client, administrator)
    data = {"name": "Barnardo's", "short_name": "", "kind": "charity", "website": ""}
    client.post("/governance/organisations/add/", {**data, "version": 0})
    org = Organisation.objects.get(name="Barnardo's")
    client.post(
        f"/governance/organisations/{org.pk}/edit/",
        {**data, "website": "www.barnardos.org.uk", "version": org.version},
    )
    org.refresh_from_db()
    assert org.website == "https://www.barnardos.org.uk"
    assert org.history.first().history_user == administrator


def test_an_administrator_adds_and_removes_a_member(client: Client, administrator: User) -> None:
    group = make_group(short_name="WGAP")
    person = make_person(name="Joanna Williams")
    sign_in(client, administrator)
    response = client.post(
        f"/governance/groups/{group.pk}/members/add/", {"person": person.pk, "role": "chair"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(group=group, person=person)
    assert membership.role == "chair"
    page = _text(client.get(f"/governance/groups/{group.pk}/"))
    assert "Add a member" in page and "Remove<span" in page
    remove_url = f"/governance/groups/{group.pk}/members/{membership.pk}/remove/"
    assert "Remove Joanna Williams from WGAP?" in _text(client.get(remove_url))
    assert client.post(remove_url).status_code == 302
    assert not Membership.objects.exists()
    rows = Membership.history.filter(id=membership.pk).order_by("history_date")
    assert [(row.history_type, row.history_user) for row in rows] == [
        ("+", administrator),
        ("-", administrator),
    ]


def test_a_member_needs_a_person_and_a_role(client: Client, administrator: User) -> None:
    group = make_group(short_name="WGAP")
    sign_in(client, administrator)
    text = _text(client.post(f"/governance/groups/{group.pk}/members/add/", {}))
    assert "Select the person to add" in text and "Select the person&#x27;s role" in text


def test_a_membership_of_another_group_is_not_found(client: Client, administrator: User) -> None:
    group, other = make_group(), make_group()
    membership = Membership.objects.create(group=other, person=make_person())
    sign_in(client, administrator)
    url = f"/governance/groups/{group.pk}/members/{membership.pk}/remove/"
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("persona", WRITERS)
def test_nobody_but_an_administrator_may_change_anything(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    group = make_group(short_name="WGAP")
    person = make_person()
    org = Organisation.objects.create(name="Council")
    membership = Membership.objects.create(group=group, person=person)
    user = request.getfixturevalue(persona)
    sign_in(client, user)
    urls = [
        "/governance/groups/add/",
        f"/governance/groups/{group.pk}/edit/",
        f"/governance/groups/{group.pk}/members/add/",
        f"/governance/groups/{group.pk}/members/{membership.pk}/remove/",
        "/governance/people/add/",
        f"/governance/people/{person.pk}/edit/",
        "/governance/organisations/add/",
        f"/governance/organisations/{org.pk}/edit/",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, _group_form(name="Mine")).status_code == 403, url
    assert Membership.objects.count() == 1 and Group.objects.count() == 1
    for url in [f"/governance/groups/{group.pk}/", f"/governance/people/{person.pk}/"]:
        text = _text(client.get(url))
        assert "/edit/" not in text and "/members/add/" not in text


def test_write_pages_refuse_other_methods(client: Client, administrator: User) -> None:
    group = make_group()
    sign_in(client, administrator)
    assert client.put("/governance/groups/add/").status_code == 405
    assert client.delete(f"/governance/groups/{group.pk}/edit/").status_code == 405
