"""Pages of the governance structure: groups and their reporting line, people, organisations and
meetings. Everyone signed in reads them; administrators manage them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods

from cseplan.lib.edits import Versions, form_page
from cseplan.lib.forms import posted
from governance.forms import GroupForm, MeetingForm, MembershipForm, OrganisationForm, PersonForm
from governance.models import Group, GroupKind, Meeting, Membership, Organisation, Person
from governance.permissions import (
    get_group_for_user,
    get_meeting_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_person_for_user,
    group_page_parts,
    groups_for_user,
    meetings_for_user,
    organisations_for_user,
    people_for_user,
    require_governance_manager,
)
from governance.services import (
    add_membership,
    remove_membership,
    save_group,
    save_meeting,
    save_organisation,
    save_person,
)

T = TypeVar("T")
Rows = list[tuple[str, str]]

# Boards first, then the groups that report to them, then working groups.
_KIND_ORDER = {
    GroupKind.BOARD: 0,
    GroupKind.COMMITTEE: 1,
    GroupKind.EXECUTIVE: 2,
    GroupKind.GROUP: 3,
    GroupKind.WORKING_GROUP: 4,
}


@dataclass
class TreeNode:
    """A group in the drawn reporting line, with the groups that report to it."""

    group: Group
    children: list[TreeNode] = field(default_factory=list)


def group_tree(groups: list[Group]) -> list[TreeNode]:
    """The reporting line as a forest: groups that report to nobody at the top.

    A group that reports to two groups appears under each. A loop (which the forms refuse, but
    the admin could make) is cut where it comes back, and any group left out is added at the top.
    """

    def key(group: Group) -> tuple[int, str]:
        return (_KIND_ORDER.get(group.kind, 9), group.short_name.lower())

    children: dict[int, list[Group]] = {group.pk: [] for group in groups}
    for group in groups:
        for parent in group.reports_to.all():
            children.setdefault(parent.pk, []).append(group)
    placed: set[int] = set()

    def build(group: Group, path: frozenset[int]) -> TreeNode:
        placed.add(group.pk)
        below = [child for child in children[group.pk] if child.pk not in path]
        return TreeNode(
            group, [build(child, path | {child.pk}) for child in sorted(below, key=key)]
        )

    roots = [group for group in sorted(groups, key=key) if not group.reports_to.all()]
    forest = [build(root, frozenset({root.pk})) for root in roots]
    for group in sorted(groups, key=key):
        if group.pk not in placed:
            forest.append(build(group, frozenset({group.pk})))
    return forest


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Governance", reverse("governance:group_tree")), *more]


def _governance_page(request: HttpRequest, name: str, **context: object) -> HttpResponse:
    """The page `governance/NAME.html`: what it shows, and whether the reader may change it."""
    context["can_manage"] = request.user.can_manage_governance()
    return render(request, f"governance/{name}.html", context)


def _governance_title(heading: str) -> str:
    return f"{heading} \N{EN DASH} Governance"


def _headed(heading: str) -> dict[str, str]:
    """A governance form page's heading and its title."""
    return {"heading": heading, "title": _governance_title(heading)}


def _group_crumb(group: Group) -> tuple[str, str]:
    return (group.short_name, reverse("governance:group_detail", args=[group.pk]))


def _versions(*names: str) -> Versions:
    """Both versions of a stale edit of a row, field by field (the fields `names`, worded as the
    model names them): the row as saved, and as the editor entered it."""

    def shown(field: Any, value: Any) -> str:
        if field.many_to_many:
            return ", ".join(str(item) for item in value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, datetime.date):
            return f"{value.day} {value:%B %Y}"
        return "" if value is None else str(value)

    def versions(current: Model, data: dict[str, Any]) -> tuple[Rows, Rows]:
        theirs: Rows = []
        yours: Rows = []
        for name in names:
            field = current._meta.get_field(name)
            saved = getattr(current, name)
            label = capfirst(field.verbose_name)
            theirs.append((label, shown(field, saved.all() if field.many_to_many else saved)))
            yours.append((label, shown(field, data[name])))
        return theirs, yours

    return versions


# Groups -------------------------------------------------------------------------------------------


@require_GET
def group_tree_view(request: HttpRequest) -> HttpResponse:
    """Every group, drawn as the reporting line from the boards down."""
    groups = groups_for_user(request.user)
    return _governance_page(
        request,
        "group_tree",
        tree=group_tree(groups),
        count=len(groups),
    )


@require_GET
def group_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A group: what it is, where it reports, its members and chair, meetings and actions."""
    group = group_page_parts(get_group_for_user(request.user, key))
    memberships = list(group.memberships.all())
    return _governance_page(
        request,
        "group_detail",
        group=group,
        memberships=memberships,
        chairs=[m.person for m in memberships if m.role == m.Role.CHAIR],
        breadcrumbs=_crumbs(),
    )


@require_http_methods(["GET", "POST"])
def group_form(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """Add a group (no `key`) or change one: its reporting line and terms of reference."""
    require_governance_manager(request.user)
    group = get_group_for_user(request.user, key, write=True) if key is not None else None
    form = GroupForm(posted(request), instance=group or Group(kind=Group.Kind.WORKING_GROUP))

    def save(data: dict[str, Any]) -> Group:
        return save_group(
            group,
            by=request.user,
            expected_version=data["version"],
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            organisation=data["organisation"],
            reports_to=data["reports_to"],
            terms_of_reference=data["terms_of_reference"],
        )

    return form_page(
        request,
        form,
        save,
        done=lambda saved: (
            f"Saved the group {saved.short_name}.",
            reverse("governance:group_detail", args=[saved.pk]),
        ),
        **_headed(f"Edit {group.short_name}" if group else "Add a group"),
        versions=_versions(
            "name", "short_name", "kind", "organisation", "reports_to", "terms_of_reference"
        ),
        breadcrumbs=_crumbs(_group_crumb(group)) if group else _crumbs(),
    )


@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, key: str) -> HttpResponse:
    """Add a person to a group with their role."""
    group = get_group_for_user(request.user, key, write=True)
    form = MembershipForm(posted(request), instance=Membership(group=group))
    return form_page(
        request,
        form,
        lambda data: add_membership(group, data["person"], role=data["role"], by=request.user),
        done=lambda saved: (
            f"Added {saved.person.name} to {group.short_name}.",
            reverse("governance:group_detail", args=[group.pk]),
        ),
        **_headed(f"Add a member to {group.short_name}"),
        caption=group.name,
        breadcrumbs=_crumbs(_group_crumb(group)),
    )


@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Ask, then take a person out of a group."""
    group = get_group_for_user(request.user, key, write=True)
    membership = get_membership_for_user(request.user, group, pk)
    if request.method == "POST":
        remove_membership(membership, by=request.user)
        messages.success(request, f"Removed {membership.person.name} from {group.short_name}.")
        return redirect("governance:group_detail", key=group.pk)
    context = {
        "group": group,
        "membership": membership,
        "breadcrumbs": _crumbs(_group_crumb(group)),
    }
    return render(request, "governance/membership_remove.html", context)


# People -------------------------------------------------------------------------------------------


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone in the governance structure, with their organisation and groups."""
    return _governance_page(
        request,
        "person_list",
        people=people_for_user(request.user),
        breadcrumbs=_crumbs(),
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: organisation, contact details, groups and roles, and the actions they lead."""
    person = get_person_for_user(request.user, pk)
    memberships = list(person.memberships.all())
    return _governance_page(
        request,
        "person_detail",
        person=person,
        memberships=memberships,
        meetings=sorted(person.meetings_attended.all(), key=lambda m: m.date, reverse=True),
        breadcrumbs=_crumbs(("People", reverse("governance:person_list"))),
    )


@require_http_methods(["GET", "POST"])
def person_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a person (no `pk`) or change one's details."""
    require_governance_manager(request.user)
    person = get_person_for_user(request.user, pk, write=True) if pk is not None else None
    crumbs = _crumbs(("People", reverse("governance:person_list")))
    if person:
        crumbs.append((person.name, reverse("governance:person_detail", args=[person.pk])))

    def save(data: dict[str, Any]) -> Person:
        return save_person(
            person,
            by=request.user,
            expected_version=data["version"],
            name=data["name"],
            job_title=data["job_title"],
            organisation=data["organisation"],
            email=data["email"],
            phone=data["phone"],
            user=data["user"],
        )

    return form_page(
        request,
        PersonForm(posted(request), instance=person),
        save,
        done=lambda saved: (
            f"Saved {saved.name}.",
            reverse("governance:person_detail", args=[saved.pk]),
        ),
        **_headed(f"Edit {person.name}" if person else "Add a person"),
        versions=_versions("name", "job_title", "organisation", "email", "phone", "user"),
        breadcrumbs=crumbs,
    )


# Organisations ------------------------------------------------------------------------------------


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The partnership's organisations, with how many people and groups each has."""
    return _governance_page(
        request,
        "organisation_list",
        organisations=organisations_for_user(request.user),
        breadcrumbs=_crumbs(),
    )


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation: its people and the groups it hosts."""
    organisation = get_organisation_for_user(request.user, pk)
    return _governance_page(
        request,
        "organisation_detail",
        organisation=organisation,
        breadcrumbs=_crumbs(("Organisations", reverse("governance:organisation_list"))),
    )


@require_http_methods(["GET", "POST"])
def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add an organisation (no `pk`) or change one."""
    require_governance_manager(request.user)
    organisation = None
    if pk is not None:
        organisation = get_organisation_for_user(request.user, pk, write=True)
    crumbs = _crumbs(("Organisations", reverse("governance:organisation_list")))
    if organisation:
        url = reverse("governance:organisation_detail", args=[organisation.pk])
        crumbs.append((organisation.name, url))

    def save(data: dict[str, Any]) -> Organisation:
        return save_organisation(
            organisation,
            by=request.user,
            expected_version=data["version"],
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            website=data["website"],
        )

    return form_page(
        request,
        OrganisationForm(posted(request), instance=organisation),
        save,
        done=lambda saved: (
            f"Saved {saved.name}.",
            reverse("governance:organisation_detail", args=[saved.pk]),
        ),
        **_headed(f"Edit {organisation.name}" if organisation else "Add an organisation"),
        versions=_versions("name", "short_name", "kind", "website"),
        breadcrumbs=crumbs,
    )


# Meetings -----------------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every meeting, by group, the newest first."""
    return _governance_page(
        request,
        "meeting_list",
        meetings=meetings_for_user(request.user),
        breadcrumbs=_crumbs(),
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting: when and where, who attended, minutes, decisions and the reviews held at it."""
    meeting = get_meeting_for_user(request.user, pk)
    return _governance_page(
        request,
        "meeting_detail",
        meeting=meeting,
        breadcrumbs=_crumbs(("Meetings", reverse("governance:meeting_list"))),
    )


@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, key: str) -> HttpResponse:
    """Add a meeting of a group."""
    group = get_group_for_user(request.user, key, write=True)
    return _meeting_form(request, group, None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a meeting: its date, attendees, minutes and decisions."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _meeting_form(request, meeting.group, meeting)


def _meeting_form(request: HttpRequest, group: Group, meeting: Meeting | None) -> HttpResponse:
    form = MeetingForm(posted(request), instance=meeting or Meeting(group=group))
    if meeting:
        heading = f"Edit the meeting of {meeting.date.day} {meeting.date:%B %Y}"
        title = _governance_title(f"Edit the {meeting}")
        crumbs = _crumbs(
            ("Meetings", reverse("governance:meeting_list")),
            (str(meeting), reverse("governance:meeting_detail", args=[meeting.pk])),
        )
    else:
        heading = f"Add a meeting of {group.short_name}"
        title = _governance_title(heading)
        crumbs = _crumbs(_group_crumb(group))

    def save(data: dict[str, Any]) -> Meeting:
        return save_meeting(
            meeting,
            group=group,
            by=request.user,
            expected_version=data["version"],
            date=data["date"],
            title=data["title"],
            location=data["location"],
            attendees=data["attendees"],
            minutes=data["minutes"],
            decisions=data["decisions"],
        )

    return form_page(
        request,
        form,
        save,
        done=lambda saved: (
            f"Saved the {saved}.",
            reverse("governance:meeting_detail", args=[saved.pk]),
        ),
        heading=heading,
        title=title,
        caption=group.name,
        breadcrumbs=crumbs,
        versions=_versions("date", "title", "location", "attendees", "minutes", "decisions"),
    )
