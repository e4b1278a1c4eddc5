"""Pages of the governance structure: groups and their reporting line, people, organisations and
meetings. Everyone signed in reads them; administrators manage them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from governance.forms import (
    GroupForm,
    MeetingForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
)
from governance.models import Group, GroupKind
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


def _add_errors(form: Form, error: ValidationError) -> None:
    """Show the write layer's refusal on the form, beside the field it is about."""
    for name, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def _document_order(action: Any) -> tuple[str, int, int, int]:
    """Plan by plan, in the order of the plan's document (sub-actions after their parent)."""
    parent = action.parent or action
    return (
        action.theme.plan.title,
        action.theme.order,
        parent.order,
        action.order if action.parent else -1,
    )


def _group_crumb(group: Group) -> tuple[str, str]:
    return (group.short_name, reverse("governance:group_detail", args=[group.pk]))


# Groups -------------------------------------------------------------------------------------------


@login_required
@require_GET
def group_tree_view(request: HttpRequest) -> HttpResponse:
    """Every group, drawn as the reporting line from the boards down."""
    groups = groups_for_user(request.user)
    context = {
        "tree": group_tree(groups),
        "count": len(groups),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/group_tree.html", context)


@login_required
@require_GET
def group_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A group: what it is, where it reports, its members and chair, meetings and actions."""
    group = group_page_parts(get_group_for_user(request.user, key))
    memberships = list(group.memberships.all())
    actions = [(action, "") for action in sorted(group.actions_led.all(), key=_document_order)]
    context = {
        "group": group,
        "memberships": memberships,
        "chairs": [m.person for m in memberships if m.role == m.Role.CHAIR],
        "actions": actions,
        "breadcrumbs": _crumbs(),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/group_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_add(request: HttpRequest) -> HttpResponse:
    """Add a group, with its reporting line and terms of reference."""
    require_governance_manager(request.user)
    return _group_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change a group, its reporting line and terms of reference."""
    group = get_group_for_user(request.user, key, write=True)
    return _group_form(request, group)


def _group_form(request: HttpRequest, group: Group | None) -> HttpResponse:
    initial = GroupForm.initial_for(group) if group else {"kind": Group.Kind.WORKING_GROUP}
    form = GroupForm(
        request.POST if request.method == "POST" else None, initial=initial, group=group
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reports_to = list(data.pop("reports_to"))
        try:
            saved = save_group(group, by=request.user, reports_to=reports_to, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved the group {saved.short_name}.")
            return redirect("governance:group_detail", key=saved.pk)
    crumbs = _crumbs(_group_crumb(group)) if group else _crumbs()
    context = {"form": form, "group": group, "breadcrumbs": crumbs}
    return render(request, "governance/group_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, key: str) -> HttpResponse:
    """Add a person to a group with their role."""
    group = get_group_for_user(request.user, key, write=True)
    form = MembershipForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            add_membership(group, person, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Added {person.name} to {group.short_name}.")
            return redirect("governance:group_detail", key=group.pk)
    context = {"form": form, "group": group, "breadcrumbs": _crumbs(_group_crumb(group))}
    return render(request, "governance/membership_add.html", context)


@login_required
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


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone in the governance structure, with their organisation and groups."""
    context = {
        "people": people_for_user(request.user),
        "breadcrumbs": _crumbs(),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/person_list.html", context)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: organisation, contact details, groups and roles, and the actions they lead."""
    person = get_person_for_user(request.user, pk)
    memberships = list(person.memberships.all())
    led: list[tuple[Any, str]] = [(action, "Lead") for action in person.actions_led.all()]
    led += [(action, "Co-lead") for action in person.actions_co_led.all()]
    seen = {action.pk for action, _ in led}
    for membership in memberships:
        for action in membership.group.actions_led.all():
            if action.pk not in seen:
                seen.add(action.pk)
                led.append((action, f"Through {membership.group.short_name}"))
    led.sort(key=lambda row: _document_order(row[0]))
    context = {
        "person": person,
        "memberships": memberships,
        "led": led,
        "meetings": sorted(person.meetings_attended.all(), key=lambda m: m.date, reverse=True),
        "breadcrumbs": _crumbs(("People", reverse("governance:person_list"))),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    """Add a person."""
    require_governance_manager(request.user)
    return _person_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's details."""
    return _person_form(request, get_person_for_user(request.user, pk, write=True))


def _person_form(request: HttpRequest, person: object | None) -> HttpResponse:
    initial = PersonForm.initial_for(person) if person else None
    form = PersonForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_person(person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("governance:person_detail", pk=saved.pk)
    crumbs = _crumbs(("People", reverse("governance:person_list")))
    if person:
        crumbs.append((person.name, reverse("governance:person_detail", args=[person.pk])))
    return render(
        request,
        "governance/person_edit.html",
        {"form": form, "person": person, "breadcrumbs": crumbs},
    )


# Organisations ------------------------------------------------------------------------------------


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The partnership's organisations, with how many people and groups each has."""
    context = {
        "organisations": organisations_for_user(request.user),
        "breadcrumbs": _crumbs(),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/organisation_list.html", context)


@login_required
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation: its people and the groups it hosts."""
    organisation = get_organisation_for_user(request.user, pk)
    context = {
        "organisation": organisation,
        "breadcrumbs": _crumbs(("Organisations", reverse("governance:organisation_list"))),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add(request: HttpRequest) -> HttpResponse:
    """Add an organisation."""
    require_governance_manager(request.user)
    return _organisation_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an organisation."""
    return _organisation_form(request, get_organisation_for_user(request.user, pk, write=True))


def _organisation_form(request: HttpRequest, organisation: object | None) -> HttpResponse:
    initial = OrganisationForm.initial_for(organisation) if organisation else None
    form = OrganisationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_organisation(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("governance:organisation_detail", pk=saved.pk)
    crumbs = _crumbs(("Organisations", reverse("governance:organisation_list")))
    if organisation:
        url = reverse("governance:organisation_detail", args=[organisation.pk])
        crumbs.append((organisation.name, url))
    context = {"form": form, "organisation": organisation, "breadcrumbs": crumbs}
    return render(request, "governance/organisation_edit.html", context)


# Meetings -----------------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every meeting, by group, the newest first."""
    context = {
        "meetings": meetings_for_user(request.user),
        "breadcrumbs": _crumbs(),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/meeting_list.html", context)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting: when and where, who attended, minutes, decisions and the reviews held at it."""
    meeting = get_meeting_for_user(request.user, pk)
    context = {
        "meeting": meeting,
        "breadcrumbs": _crumbs(("Meetings", reverse("governance:meeting_list"))),
        "can_manage": request.user.can_manage_governance(),
    }
    return render(request, "governance/meeting_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, key: str) -> HttpResponse:
    """Add a meeting of a group."""
    group = get_group_for_user(request.user, key, write=True)
    return _meeting_form(request, group, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a meeting: its date, attendees, minutes and decisions."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _meeting_form(request, meeting.group, meeting)


def _meeting_form(request: HttpRequest, group: Group, meeting: object | None) -> HttpResponse:
    initial = MeetingForm.initial_for(meeting) if meeting else None
    form = MeetingForm(
        request.POST if request.method == "POST" else None, initial=initial, group=group
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("date", "title", "location", "minutes", "decisions")
        }
        try:
            saved = save_meeting(
                meeting, group=group, by=request.user, attendees=form.attendees(), **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved the {saved}.")
            return redirect("governance:meeting_detail", pk=saved.pk)
    crumbs = _crumbs(_group_crumb(group))
    if meeting:
        crumbs = _crumbs(
            ("Meetings", reverse("governance:meeting_list")),
            (str(meeting), reverse("governance:meeting_detail", args=[meeting.pk])),
        )
    context = {"form": form, "group": group, "meeting": meeting, "breadcrumbs": crumbs}
    return render(request, "governance/meeting_edit.html", context)
