"""Every form of the service posted hostile data: never a server error; a refusal writes nothing.

Each form is first posted its valid data, which must be accepted, so that the fuzzing reaches the
write layer as well as the form's checks. Then hypothesis posts that data with fields replaced by
hostile values (controls, NUL, huge, odd unicode, wrong types, impossible dates, arbitrary choices
and ids), fields left out and fields added. Every post runs in a savepoint that is rolled back, so
each meets the same world. The filter forms (GET), the admin's add pages, malformed bodies, ids in
the address and the documents made from stored text get the same treatment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from reporting.services import implications_version
from tests.conftest import sign_in
from tests.security import hostile
from tests.security.conftest import World
from tests.security.hostile import (
    fuzz_settings,
    hostile_text,
    numbers,
    one_of_or_hostile,
    posts,
    stored_text_problems,
)

pytestmark = pytest.mark.django_db

MATRIX = json.loads(Path(__file__).with_name("permission_matrix.json").read_text())
# What a hostile post may be answered with: anything but a server error, and no surprises.
ANSWERS = {200, 302, 400, 403, 404, 409, 429}
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class FormCase:
    """A form: who posts it, where, its valid data, and strategies for its non-text fields."""

    route: str
    persona: str
    url: Callable[[World], str]
    valid: Callable[[World], dict[str, Any]] = lambda world: {}
    fields: Callable[[World], dict[str, st.SearchStrategy]] = lambda world: {}
    examples: int = 20
    # Whether a post may end the session (signing out, a new password): sign in again each time.
    relogin: bool = False
    # Changes to the valid data that once made a server error: always posted, then the fuzzing.
    known: tuple[dict[str, str], ...] = ()


def _date(prefix: str, day: object, month: object, year: object) -> dict[str, str]:
    return {f"{prefix}_0": str(day), f"{prefix}_1": str(month), f"{prefix}_2": str(year)}


def _date_fields(*prefixes: str) -> dict[str, st.SearchStrategy]:
    return {f"{prefix}_{part}": numbers() for prefix in prefixes for part in range(3)}


def _action_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"slug": w.plan.slug, "pk": w.action.pk})


def _report_url(name: str, issued: bool = False) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": (w.issued_report if issued else w.report).pk})


def _ids(*objects: Any) -> st.SearchStrategy[str]:
    return st.one_of(one_of_or_hostile(*(obj.pk for obj in objects), ""), numbers())


def _action_edit_valid(w: World) -> dict[str, Any]:
    return {
        "description": "A new description",
        "lead_person": w.person.pk,
        "lead_group": w.group.pk,
        **_date("due_date", 30, 9, 2013),
        "status": "open",
        "reason": "Moved to the autumn",
        "version": w.action.version,
    }


def _review_valid(w: World) -> dict[str, Any]:
    """A rating and progress for each action (a lead member's page has a form for one only)."""
    first, other = f"action-{w.action.pk}", f"action-{w.other_action.pk}"
    return {
        f"{first}-rating": "A",
        f"{first}-narrative": "Slower than hoped",
        f"{first}-version": 1,
        f"{other}-rating": "G",
        f"{other}-narrative": "On track",
        f"{other}-version": 0,
        "reason": "Agreed at the meeting",
    }


def _review_fields(w: World) -> dict[str, st.SearchStrategy]:
    fields = {}
    for action in (w.action, w.other_action):
        fields[f"action-{action.pk}-rating"] = one_of_or_hostile("R", "A", "G", "")
        fields[f"action-{action.pk}-version"] = numbers()
    return fields


def _report_valid(w: World) -> dict[str, Any]:
    texts = ["purpose", "information", "other_options", "reasons", "statutory"]
    texts += ["recommendations", "constitutional_comments", "financial_comments"]
    texts += ["background_note", "electoral_divisions"]
    return {
        "title": "A report",
        "report_of": "Director",
        "committee": "A committee",
        **_date("meeting_date", 15, 7, 2013),
        "period": w.open_period.pk,
        **dict.fromkeys(texts, "Some text.\r\n\r\nMore text."),
        "signatory_name": "A signatory",
        "signatory_title": "Director",
        "contact_name": "A contact",
        "contact_title": "Officer",
        "contact_phone": "0115 000000",
        "contact_email": "contact@example.org",
        "financial_initials": "KLA",
        **_date("financial_date", 14, 6, 2013),
        "background_papers": "A paper | https://www.example.org/",
        "version": w.report.version,
    }


FORMS = [
    FormCase(
        "actions:action_edit",
        "chair",
        _action_url("actions:action_edit"),
        _action_edit_valid,
        lambda w: {
            "lead_person": _ids(w.person, w.other_person),
            "lead_group": _ids(w.group, w.other_group),
            **_date_fields("due_date"),
            "status": one_of_or_hostile("open", "completed", "withdrawn"),
            "version": numbers(),
        },
        examples=35,
        known=({"due_date_2": "9" * 20}, {"due_date_2": "9" * 5000}),
    ),
    FormCase(
        "actions:due_date_edit",
        "lead_member",
        _action_url("actions:due_date_edit"),
        lambda w: {**_date("due_date", "", 6, 2014), "reason": "Later", "version": 1},
        lambda w: {**_date_fields("due_date"), "version": numbers()},
        examples=25,
        known=({"due_date_2": "2147483648"}, {"due_date_1": "9" * 5000}),
    ),
    FormCase(
        "actions:update_edit",
        "lead_member",
        lambda w: reverse(
            "actions:update_edit",
            kwargs={"slug": w.plan.slug, "pk": w.action.pk, "period_pk": w.open_period.pk},
        ),
        lambda w: {"rating": "A", "narrative": "Slower", "version": 1},
        lambda w: {"rating": one_of_or_hostile("R", "A", "G", "B", "AG", ""), "version": numbers()},
    ),
    FormCase(
        "actions:update_edit",
        "chair",
        lambda w: reverse(
            "actions:update_edit",
            kwargs={"slug": w.plan.slug, "pk": w.action.pk, "period_pk": w.closed_period.pk},
        ),
        lambda w: {"rating": "R", "narrative": "Stalled", "reason": "Corrected", "version": 1},
        lambda w: {"rating": one_of_or_hostile("R", "A", "G", ""), "version": numbers()},
        examples=15,
    ),
    FormCase(
        "actions:review_edit",
        "lead_member",
        lambda w: reverse(
            "actions:review_edit", kwargs={"slug": w.plan.slug, "period_pk": w.open_period.pk}
        ),
        _review_valid,
        _review_fields,
    ),
    FormCase(
        "actions:review_edit",
        "chair",
        lambda w: reverse(
            "actions:review_edit", kwargs={"slug": w.plan.slug, "period_pk": w.closed_period.pk}
        ),
        _review_valid,
        _review_fields,
    ),
    FormCase(
        "actions:period_list",
        "chair",
        lambda w: reverse("actions:period_list", kwargs={"slug": w.plan.slug}),
        lambda w: {
            "label": "Next",
            "short_label": "N",
            **_date("start_date", 1, 1, 2030),
            **_date("end_date", 31, 3, 2030),
            "review_meeting": w.meeting.pk,
        },
        lambda w: {**_date_fields("start_date", "end_date"), "review_meeting": _ids(w.meeting)},
        examples=30,
        known=({"start_date_2": "9" * 20}, {"end_date_0": "\r"}),
    ),
    FormCase(
        "actions:period_close",
        "chair",
        lambda w: reverse(
            "actions:period_close", kwargs={"slug": w.plan.slug, "period_pk": w.open_period.pk}
        ),
        lambda w: {"reopen": "1"},
        examples=8,
    ),
    FormCase(
        "actions:import_confirm",
        "chair",
        lambda w: reverse("actions:import_confirm", kwargs={"pk": w.pending_import.pk}),
        examples=8,
    ),
    FormCase(
        "actions:import_discard",
        "chair",
        lambda w: reverse("actions:import_discard", kwargs={"pk": w.pending_import.pk}),
        examples=8,
    ),
    *[
        FormCase(
            route,
            "administrator",
            url,
            lambda w, version=version: {
                "name": "A working group",
                "short_name": "NEWG",
                "kind": "working_group",
                "organisation": w.organisation.pk,
                "reports_to": [w.other_group.pk],
                "terms_of_reference": "To do things.",
                "version": version(w),
            },
            lambda w: {
                "kind": one_of_or_hostile("board", "committee", "group", "working_group"),
                "organisation": _ids(w.organisation),
                "reports_to": _ids(w.group, w.other_group),
                "version": numbers(),
            },
            known=({"reports_to": "9" * 20},),
        )
        for route, url, version in [
            ("governance:group_add", lambda w: reverse("governance:group_add"), lambda w: 0),
            (
                "governance:group_edit",
                lambda w: reverse("governance:group_edit", kwargs={"key": w.group.pk}),
                lambda w: w.group.version,
            ),
        ]
    ],
    FormCase(
        "governance:membership_add",
        "administrator",
        lambda w: reverse("governance:membership_add", kwargs={"key": w.group.pk}),
        lambda w: {"person": w.other_person.pk, "role": "chair"},
        lambda w: {
            "person": _ids(w.person, w.other_person),
            "role": one_of_or_hostile("chair", "vice_chair", "member", "secretary"),
        },
        examples=15,
    ),
    FormCase(
        "governance:membership_remove",
        "administrator",
        lambda w: reverse(
            "governance:membership_remove", kwargs={"key": w.group.pk, "pk": w.membership.pk}
        ),
        examples=8,
    ),
    *[
        FormCase(
            route,
            "administrator",
            url,
            lambda w, version=version: {
                **_date("date", 25, 2, 2013),
                "title": "Quarterly meeting",
                "location": "County Hall",
                "members": [w.person.pk],
                "others": [w.other_person.pk],
                "minutes": "Minutes.",
                "decisions": "Decisions.",
                "version": version(w),
            },
            lambda w: {
                **_date_fields("date"),
                "members": _ids(w.person, w.other_person),
                "others": _ids(w.person, w.other_person),
                "version": numbers(),
            },
            examples=30,
            known=({"date_2": "9" * 20}, {"date_0": "9" * 5000}, {"others": "9" * 20}),
        )
        for route, url, version in [
            (
                "governance:meeting_add",
                lambda w: reverse("governance:meeting_add", kwargs={"key": w.group.pk}),
                lambda w: 0,
            ),
            (
                "governance:meeting_edit",
                lambda w: reverse("governance:meeting_edit", kwargs={"pk": w.meeting.pk}),
                lambda w: w.meeting.version,
            ),
        ]
    ],
    *[
        FormCase(
            route,
            "administrator",
            url,
            lambda w, version=version: {
                "name": "A person",
                "job_title": "Officer",
                "organisation": w.organisation.pk,
                "email": "person@example.org",
                "phone": "0115 000000",
                "version": version(w),
            },
            lambda w: {"organisation": _ids(w.organisation), "version": numbers()},
            examples=15,
        )
        for route, url, version in [
            ("governance:person_add", lambda w: reverse("governance:person_add"), lambda w: 0),
            (
                "governance:person_edit",
                lambda w: reverse("governance:person_edit", kwargs={"pk": w.other_person.pk}),
                lambda w: w.other_person.version,
            ),
        ]
    ],
    *[
        FormCase(
            route,
            "administrator",
            url,
            lambda w, version=version: {
                "name": "A charity",
                "short_name": "AC",
                "kind": "charity",
                "website": "https://www.example.org/",
                "version": version(w),
            },
            lambda w: {
                "kind": one_of_or_hostile("police", "health", "charity", "other"),
                "version": numbers(),
            },
            examples=15,
        )
        for route, url, version in [
            (
                "governance:organisation_add",
                lambda w: reverse("governance:organisation_add"),
                lambda w: 0,
            ),
            (
                "governance:organisation_edit",
                lambda w: reverse("governance:organisation_edit", kwargs={"pk": w.organisation.pk}),
                lambda w: w.organisation.version,
            ),
        ]
    ],
    FormCase(
        "reporting:report_create",
        "chair",
        lambda w: reverse("reporting:report_create", kwargs={"slug": w.plan.slug}),
        examples=8,
    ),
    FormCase(
        "reporting:report_edit",
        "chair",
        _report_url("reporting:report_edit"),
        _report_valid,
        lambda w: {
            **_date_fields("meeting_date", "financial_date"),
            "period": _ids(w.open_period, w.closed_period),
            "version": numbers(),
        },
        examples=35,
    ),
    FormCase(
        "reporting:report_implications",
        "chair",
        _report_url("reporting:report_implications"),
        lambda w: {
            "heading_1": "Equalities Implications",
            "text_1": "None.",
            "heading_2": "Financial Implications",
            "text_2": "None either.",
            "version": implications_version([w.implication]),
        },
    ),
    FormCase(
        "reporting:report_appendices",
        "chair",
        _report_url("reporting:report_appendices"),
        lambda w: {"title": "A strategy", "text": "Paragraph one.\r\n\r\nParagraph two."},
        lambda w: {"remove": st.one_of(_ids(w.appendix), st.just(""))},
    ),
    FormCase(
        "reporting:report_issue",
        "chair",
        _report_url("reporting:report_issue"),
        examples=8,
    ),
    FormCase(
        "reporting:report_draft_from",
        "chair",
        _report_url("reporting:report_draft_from", issued=True),
        examples=8,
    ),
    FormCase(
        "login",
        "anonymous",
        lambda w: reverse("login"),
        lambda w: {"username": "charlie", "password": PASSWORD, "next": "/plans/"},
        lambda w: {"username": one_of_or_hostile("charlie", "ada", "nobody")},
    ),
    FormCase("logout", "chair", lambda w: reverse("logout"), examples=8, relogin=True),
    FormCase(
        "password_change",
        "chair",
        lambda w: reverse("password_change"),
        lambda w: {
            "old_password": PASSWORD,
            "new_password1": "a much longer pass phrase 42",
            "new_password2": "a much longer pass phrase 42",
        },
        lambda w: {"old_password": one_of_or_hostile(PASSWORD)},
        examples=15,
        relogin=True,
    ),
]

# The spreadsheet upload has its own fuzz tests (test_import_fuzzing.py); the admin's are below.
ELSEWHERE = {"actions:plan_import", "admin:index"}


def _post_routes() -> list[str]:
    """Every route of the permission table that takes a POST from an administrator."""
    return sorted(
        key.split()[0]
        for key, outcomes in MATRIX.items()
        if outcomes["administrator"]["POST"] != "405"
    )


def _generic_routes() -> list[str]:
    """POST routes with no case of their own: fuzzed with the fields their page shows."""
    known = {case.route for case in FORMS} | ELSEWHERE
    return [route for route in _post_routes() if route not in known]


def _signed_in(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        sign_in(client, world.users[persona])
    return client


def _send(
    client: Client, method: str, url: str, data: Any = None, **extra: Any
) -> tuple[Any, dict[str, tuple[int, int]], list[str]]:
    """Send a request in a savepoint that is rolled back; the answer, tables changed, problems."""
    with transaction.atomic():
        before = hostile.row_counts()
        if method == "GET":
            response = client.get(url, data)
        elif "content_type" in extra:
            response = client.generic("POST", url, data, **extra)
        else:
            response = client.post(url, data or {})
        changed = hostile.changed_tables(before, hostile.row_counts())
        problems = stored_text_problems() if changed else []
        transaction.set_rollback(True)
    return response, changed, problems


def _check(response: Any, changed: dict, problems: list[str]) -> None:
    """Not a server error; nothing PostgreSQL would refuse; a refused post writes nothing."""
    assert response.status_code in ANSWERS, response.status_code
    assert not problems, f"stored text PostgreSQL would refuse: {problems}"
    if response.status_code != 302:
        assert not changed, f"a refused post ({response.status_code}) wrote {changed}"


@pytest.fixture
def stand_in_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issuing draws a PDF; a stand-in keeps the fuzzing fast (test_xss.py draws real ones)."""
    from reporting import rendering

    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: b"%PDF-1.7 stand-in")


@pytest.mark.parametrize(
    "case", FORMS, ids=[f"{case.route}-{case.persona}-{n}" for n, case in enumerate(FORMS)]
)
def test_no_form_answers_a_hostile_post_with_a_server_error(
    case: FormCase, hostile_world: World, stand_in_pdf: None
) -> None:
    url = case.url(hostile_world)
    valid = {
        name: [str(item) for item in value] if isinstance(value, list) else str(value)
        for name, value in case.valid(hostile_world).items()
    }
    client = _signed_in(hostile_world, case.persona)
    response, _changed, problems = _send(client, "POST", url, valid)
    assert response.status_code == 302, "the valid post must be accepted"
    assert not problems
    name = f"form {case.route} ({case.persona})"

    @fuzz_settings(case.examples)
    @given(data=posts(valid, case.fields(hostile_world)))
    def post(data: dict[str, Any]) -> None:
        hostile.counted(name)
        fresh = _signed_in(hostile_world, case.persona) if case.relogin else client
        _check(*_send(fresh, "POST", url, data))

    for changes in case.known:
        post = example(data={**valid, **changes})(post)
    post()


def test_each_case_names_a_route_that_takes_a_post() -> None:
    """Every other POST route of the table is fuzzed by the test after this one."""
    routes = set(_post_routes())
    assert {case.route for case in FORMS} <= routes, "a case names a route that does not exist"
    assert routes >= ELSEWHERE


_FIELD_NAME = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"')


@pytest.mark.parametrize("route", _generic_routes())
def test_no_other_post_route_answers_hostile_fields_with_a_server_error(
    route: str, hostile_world: World
) -> None:
    """A POST route with no case of its own: its page's fields, posted hostile values."""
    url = _generic_url(route, hostile_world)
    client = _signed_in(hostile_world, "administrator")
    page = client.get(url)
    names = (
        sorted(set(_FIELD_NAME.findall(page.content.decode()))) if page.status_code == 200 else []
    )
    name = f"route {route}"

    @fuzz_settings(10)
    @given(data=posts({}, {field: hostile_text() for field in names}))
    def post(data: dict[str, Any]) -> None:
        hostile.counted(name)
        _check(*_send(_signed_in(hostile_world, "administrator"), "POST", url, data))

    post()


def _address(pattern: str, world: World) -> str:
    """A route's address, its parameters filled in from the world."""
    for parameter, value in {
        "<slug:slug>": world.plan.slug,
        "<int:period_pk>": str(world.open_period.pk),
        "<str:key>": str(world.group.pk),
        "<int:pk>": str(world.action.pk),
        "<str:file_format>": "csv",
    }.items():
        pattern = pattern.replace(parameter, value)
    return "/" + pattern


def _generic_url(route: str, world: World) -> str:
    return _address(next(key.partition(" ")[2] for key in MATRIX if key.split()[0] == route), world)


# Bodies that are not forms at all ---------------------------------------------------------------


def test_no_post_route_answers_a_malformed_body_with_a_server_error(
    hostile_world: World, stand_in_pdf: None
) -> None:
    targets = [(case.url(hostile_world), case.persona) for case in FORMS]
    targets += [
        (_generic_url(route, hostile_world), "administrator") for route in _generic_routes()
    ]
    bodies = st.one_of(
        st.binary(max_size=2000),
        hostile_text().map(lambda text: text.encode("utf-8")),
        st.just(b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n'),
        st.just(b"a=%ZZ&b=%00&" + b"c=1&" * 1200),
    )
    content_types = st.sampled_from(
        [
            "multipart/form-data; boundary=x",
            "multipart/form-data",
            "multipart/form-data; boundary=" + "x" * 2000,
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=nonsense",
            "application/json",
            "text/plain",
        ]
    )

    @fuzz_settings(40)
    @given(target=st.sampled_from(targets), body=bodies, content_type=content_types)
    def post(target: tuple[str, str], body: bytes, content_type: str) -> None:
        hostile.counted("malformed bodies")
        url, persona = target
        client = _signed_in(hostile_world, persona)
        _check(*_send(client, "POST", url, body, content_type=content_type))

    post()


# Ids in the address -----------------------------------------------------------------------------


def test_arbitrary_ids_in_an_address_are_not_found(hostile_world: World) -> None:
    """Every address with an id or a group's key, given ones that do not exist: 404, never 500."""
    patterns = [key.partition(" ")[2] for key in MATRIX if re.search("<int:|<str:key>", key)]
    ids = st.one_of(st.integers(10**6, 10**7), st.integers(2**31, 2**80), st.just(0)).map(str)
    keys = st.one_of(ids, st.sampled_from(["²", "٣", "１", "9" * 5000, "0x10", "-1", "%00"]))

    @fuzz_settings(50)
    @given(
        pattern=st.sampled_from(patterns),
        number=ids,
        key=keys,
        method=st.sampled_from(["GET", "POST"]),
    )
    @example(pattern="governance/groups/<str:key>/", number="0", key="²", method="GET")
    def request(pattern: str, number: str, key: str, method: str) -> None:
        hostile.counted("ids in addresses")
        # Each id of the address in turn replaced by one that does not exist.
        for parameter in re.findall(r"<int:\w+>|<str:key>", pattern):
            value = key if parameter == "<str:key>" else number
            path = _address(pattern.replace(parameter, value), hostile_world)
            response, changed, _problems = _send(
                _signed_in(hostile_world, "administrator"), method, path
            )
            assert response.status_code in {404, 405}, (path[:80], response.status_code)
            assert not changed

    request()


# Filter forms (GET) -----------------------------------------------------------------------------

_PLAN_FILTERS = [
    "theme",
    "lead",
    "group",
    "period",
    "rating",
    "status",
    "overdue",
    "as_at",
    "review",
]
_LOG_FILTERS = ["person", "since", "until", "period", "theme", "action", "kind", "page"]

GET_FORMS = [
    ("actions:plan_detail", _PLAN_FILTERS),
    ("actions:plan_changes", _LOG_FILTERS),
    ("actions:plan_changes_csv", _LOG_FILTERS),
    ("actions:plan_compare", ["from", "to", "from_review", "to_review"]),
    ("actions:plan_export", ["as_at"]),
    ("reporting:plan_dashboard", ["period", "as_at"]),
    ("reporting:dashboard", ["period", "as_at"]),
    ("login", ["next"]),
]


def _get_url(route: str, world: World) -> str:
    if route in {"reporting:dashboard", "login"}:
        return reverse(route)
    if route == "actions:plan_export":
        return reverse(route, kwargs={"slug": world.plan.slug, "file_format": "xlsx"})
    return reverse(route, kwargs={"slug": world.plan.slug})


def _query_values(world: World) -> st.SearchStrategy[str]:
    """Values a filter might be given: real ids, dates (real and not), and hostile text."""
    ids = [world.action.pk, world.person.pk, world.group.pk, world.open_period.pk]
    dates = st.builds(
        "{}/{}/{}".format, st.integers(-1, 40), st.integers(-1, 14), st.integers(0, 10**6)
    )
    iso = st.builds(
        "{}-{}-{}".format, st.integers(0, 99999), st.integers(-1, 14), st.integers(-1, 40)
    )
    return st.one_of(one_of_or_hostile(*ids, "none", "on", "R", "open"), dates, iso)


@pytest.mark.parametrize("route,names", GET_FORMS, ids=[route for route, _ in GET_FORMS])
def test_no_filter_answers_a_hostile_query_with_a_server_error(
    route: str, names: list[str], hostile_world: World
) -> None:
    url = _get_url(route, hostile_world)
    persona = "anonymous" if route == "login" else "chair"
    client = _signed_in(hostile_world, persona)
    values = _query_values(hostile_world).filter(lambda text: len(text) < 10_000)

    @fuzz_settings(15)
    @given(
        query=st.fixed_dictionaries({}, optional=dict.fromkeys(names, values)),
        extra=st.dictionaries(st.text(min_size=1, max_size=10), values, max_size=1),
    )
    def get(query: dict[str, str], extra: dict[str, str]) -> None:
        hostile.counted(f"filter {route}")
        response, changed, _problems = _send(client, "GET", url, {**extra, **query})
        assert response.status_code in {200, 302, 400, 404}, response.status_code
        assert not changed

    get()


# The Django admin -------------------------------------------------------------------------------


def _admin_add_urls() -> list[str]:
    return sorted(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_add"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"governance", "actions", "reporting"}
        and type(model_admin).has_add_permission is admin.ModelAdmin.has_add_permission
    )


def test_no_admin_form_answers_hostile_fields_with_a_server_error(hostile_world: World) -> None:
    """Each add page of the admin, its fields posted hostile values, as the administrator."""
    client = _signed_in(hostile_world, "administrator")
    fields = {}
    for name in _admin_add_urls():
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        fields[name] = sorted(set(_FIELD_NAME.findall(page.content.decode())))

    def page_and_post(name: str) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
        names = [field for field in fields[name] if field != "csrfmiddlewaretoken"]
        return st.tuples(st.just(name), posts({}, {field: hostile_text() for field in names}))

    @fuzz_settings(40)
    @given(target=st.sampled_from(sorted(fields)).flatmap(page_and_post))
    @example(target=("admin:actions_progressupdate_add", {}))  # a model check met no period
    @example(target=("admin:governance_group_add", {"reports_to": "9" * 20}))
    def post(target: tuple[str, dict[str, Any]]) -> None:
        hostile.counted("admin add pages")
        name, values = target
        client = _signed_in(hostile_world, "administrator")
        _check(*_send(client, "POST", reverse(name), values))

    post()


# Documents made from hostile text ---------------------------------------------------------------


def test_the_word_copy_and_the_exports_are_made_from_any_text(hostile_world: World) -> None:
    """Whatever a form accepted, the Word copy, the CSV and the workbook are still made."""
    from actions.exporting import export_csv, export_xlsx
    from reporting.document import build_document
    from reporting.rendering import report_docx

    report, action = hostile_world.report, hostile_world.action
    # Forms refuse NUL (Django's null-character validator), and PostgreSQL would refuse to store it.
    texts = (
        hostile_text()
        .filter(lambda text: len(text) < 100_000)
        .map(lambda text: text.replace("\x00", ""))
    )

    @fuzz_settings(25)
    @given(short=texts.map(lambda text: text[:200]), long=texts)
    @example(short="\x01", long="\x0b\x0c")  # Word and Excel hold no such character
    @example(short="x", long="x" * 300)  # a Word document's title holds 255 characters
    def make(short: str, long: str) -> None:
        hostile.counted("documents from any text")
        with transaction.atomic():
            report.title = long[:300]
            for name in ("report_of", "committee", "signatory_name", "contact_name"):
                setattr(report, name, short)
            for name in ("purpose", "recommendations", "background_papers", "statutory"):
                setattr(report, name, long)
            report.save()
            hostile_world.implication.heading = short
            hostile_world.implication.save()
            action.description, action.source = long, short
            action.save()
            action.theme.objective = long
            action.theme.save()
            document = build_document(report)
            assert report_docx(document).startswith(b"PK")
            assert export_csv(hostile_world.plan)
            assert export_xlsx(hostile_world.plan).startswith(b"PK")
            transaction.set_rollback(True)

    make()
