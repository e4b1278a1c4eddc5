"""Who may see and change the governance structure. Views fetch objects only through these helpers.

Every signed-in account reads every group, person, organisation and meeting (signing in is
`LoginRequiredMiddleware`'s check, and an inactive account cannot sign in); only administrators
(`User.can_manage_governance()`) change them. 404 for what does not exist, PermissionDenied (403)
for a change the user may not make.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance.models import Group, Meeting, Membership, Organisation, Person, User


def require_governance_manager(user: User) -> None:
    """Refuse a user who may not manage groups, people, organisations and meetings."""
    if not user.can_manage_governance():
        raise PermissionDenied


def _check(user: User, *, write: bool) -> None:
    if write:
        require_governance_manager(user)


def groups_for_user(user: User) -> list[Group]:
    """Every group with the groups it reports to, for the tree (two queries)."""
    return list(Group.objects.prefetch_related("reports_to"))


def get_group_for_user(user: User, key: str, *, write: bool = False) -> Group:
    """A group by its short name or its id (404 unknown; 403 for changes by non-administrators)."""
    _check(user, write=write)
    queryset = Group.objects.select_related("organisation")
    group = queryset.filter(short_name=key).first()
    # An id is ASCII digits, no more than a 64-bit id has ("²".isdigit(), but int() refuses it).
    if group is None and key.isascii() and key.isdigit() and len(key) <= 19:
        group = queryset.filter(pk=int(key)).first()
    if group is None:
        raise Http404
    return group


def group_page_parts(group: Group) -> Group:
    """Load what the group page shows: reporting line, members, meetings, the actions it leads."""
    return get_object_or_404(
        Group.objects.select_related("organisation").prefetch_related(
            "reports_to",
            "reporting_groups",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person__organisation"),
            ),
            "meetings",
        ),
        pk=group.pk,
    )


def people_for_user(user: User) -> list[Person]:
    """Every person with their organisation and groups (two queries)."""
    return list(
        Person.objects.select_related("organisation").prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("group"))
        )
    )


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    """A person with what their page shows (404 unknown; 403 for changes by non-administrators)."""
    _check(user, write=write)
    return get_object_or_404(
        Person.objects.select_related("organisation", "user").prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("group")),
            "meetings_attended__group",
        ),
        pk=pk,
    )


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    """Every organisation, with its people and hosted groups."""
    return Organisation.objects.prefetch_related("people", "groups")


def get_organisation_for_user(user: User, pk: int, *, write: bool = False) -> Organisation:
    """An organisation (404 unknown; 403 for a change by a non-administrator)."""
    _check(user, write=write)
    return get_object_or_404(
        Organisation.objects.prefetch_related("people", "groups__reports_to"), pk=pk
    )


def meetings_for_user(user: User) -> QuerySet[Meeting]:
    """Every meeting by group, the newest first within each group."""
    return Meeting.objects.select_related("group").order_by("group__short_name", "-date", "-pk")


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> Meeting:
    """A meeting with its attendees and the periods reviewed at it (404 unknown; 403 changes)."""
    _check(user, write=write)
    return get_object_or_404(
        Meeting.objects.select_related("group").prefetch_related(
            Prefetch("attendees", queryset=Person.objects.select_related("organisation")),
            "periods_reviewed__plan",
        ),
        pk=pk,
    )


def get_membership_for_user(user: User, group: Group, pk: int) -> Membership:
    """A membership of `group` that an administrator may remove (404 for another group's)."""
    _check(user, write=True)
    return get_object_or_404(
        Membership.objects.select_related("person", "group"), pk=pk, group=group
    )
