"""The write layer of governance: every write here leaves a history row with a user and reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cseplan.lib.history import attributed, create_tracked, save_tracked
from governance.models import Group, Meeting, Membership, Organisation, Person, User


@transaction.atomic
def load_governance(data: dict[str, Any], *, by: User, reason: str) -> dict[str, int]:
    """Create the organisations, groups, people and meetings of `data` that do not exist yet.

    Rows are matched by name (groups by short name, meetings by group and date), so loading the
    same data twice changes nothing. Returns how many rows of each kind were created.
    """
    created = {"organisations": 0, "groups": 0, "people": 0, "memberships": 0, "meetings": 0}

    organisations = {org.name: org for org in Organisation.objects.all()}
    for item in data.get("organisations", []):
        if item["name"] not in organisations:
            organisations[item["name"]] = create_tracked(
                Organisation, by=by, reason=reason, **_fields(item, "name", "short_name", "kind")
            )
            created["organisations"] += 1

    groups = {group.short_name: group for group in Group.objects.all()}
    new_groups: list[tuple[Group, list[str]]] = []
    for item in data.get("groups", []):
        if item["short_name"] in groups:
            continue
        group = create_tracked(
            Group,
            by=by,
            reason=reason,
            organisation=organisations.get(item.get("organisation", "")),
            **_fields(item, "short_name", "name", "kind", "terms_of_reference"),
        )
        groups[group.short_name] = group
        new_groups.append((group, item.get("reports_to", [])))
        created["groups"] += 1
    for group, reports_to in new_groups:
        if reports_to:
            with attributed(group, by=by, reason=reason):
                group.reports_to.set([groups[short_name] for short_name in reports_to])

    people = {person.name: person for person in Person.objects.all()}
    for item in data.get("people", []):
        person = people.get(item["name"])
        if person is None:
            person = create_tracked(
                Person,
                by=by,
                reason=reason,
                organisation=organisations.get(item.get("organisation", "")),
                **_fields(item, "name", "job_title", "email", "phone"),
            )
            people[person.name] = person
            created["people"] += 1
        for membership in item.get("memberships", []):
            group = groups[membership["group"]]
            if not Membership.objects.filter(person=person, group=group).exists():
                create_tracked(
                    Membership,
                    by=by,
                    reason=reason,
                    person=person,
                    group=group,
                    role=membership.get("role", Membership.Role.MEMBER),
                )
                created["memberships"] += 1

    for item in data.get("meetings", []):
        group = groups[item["group"]]
        date = datetime.date.fromisoformat(item["date"])
        if not Meeting.objects.filter(group=group, date=date).exists():
            create_tracked(
                Meeting,
                by=by,
                reason=reason,
                group=group,
                date=date,
                **_fields(item, "title", "location", "minutes", "decisions"),
            )
            created["meetings"] += 1
    return created


def _fields(item: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: item[name] for name in names if name in item}


# Managing the structure through the governance pages ---------------------------------------------
# Each function validates (a refusal is a ValidationError naming the field), writes in one
# transaction and attributes every history row, many-to-many changes included, to `by`.


def _save_validated(obj: Any, *, by: User, reason: str) -> None:
    obj.full_clean()
    save_tracked(obj, by=by, reason=reason)


def _check_reporting_line(group: Group, reports_to: list[Group]) -> None:
    """Refuse a reporting line that loops back to the group itself."""
    if group.pk is None:
        return
    seen: set[int] = set()
    waiting = [parent.pk for parent in reports_to]
    while waiting:
        pk = waiting.pop()
        if pk == group.pk:
            raise ValidationError(
                {"reports_to": "A group cannot report to itself or to a group that reports to it"}
            )
        if pk in seen:
            continue
        seen.add(pk)
        waiting.extend(
            Group.reports_to.through.objects.filter(from_group_id=pk).values_list(
                "to_group_id", flat=True
            )
        )


@transaction.atomic
def save_group(group: Group | None, *, by: User, reports_to: list[Group], **fields: Any) -> Group:
    """Add a group (`group` None) or change one, with the groups it reports to."""
    reason = "Group added" if group is None else "Group changed"
    group = group or Group()
    _check_reporting_line(group, reports_to)
    for name, value in fields.items():
        setattr(group, name, value)
    _save_validated(group, by=by, reason=reason)
    if set(group.reports_to.all()) != set(reports_to):
        with attributed(group, by=by, reason="Reporting line changed"):
            group.reports_to.set(reports_to)
    return group


@transaction.atomic
def save_person(person: Person | None, *, by: User, **fields: Any) -> Person:
    """Add a person (`person` None) or change one."""
    reason = "Person added" if person is None else "Person changed"
    person = person or Person()
    for name, value in fields.items():
        setattr(person, name, value)
    _save_validated(person, by=by, reason=reason)
    return person


@transaction.atomic
def save_organisation(
    organisation: Organisation | None, *, by: User, **fields: Any
) -> Organisation:
    """Add an organisation (`organisation` None) or change one."""
    reason = "Organisation added" if organisation is None else "Organisation changed"
    organisation = organisation or Organisation()
    for name, value in fields.items():
        setattr(organisation, name, value)
    _save_validated(organisation, by=by, reason=reason)
    return organisation


@transaction.atomic
def add_membership(group: Group, person: Person, *, role: str, by: User) -> Membership:
    """Make `person` a member of `group` with `role`."""
    return create_tracked(
        Membership, by=by, reason="Member added", group=group, person=person, role=role
    )


@transaction.atomic
def remove_membership(membership: Membership, *, by: User) -> None:
    """Take a person out of a group; the history keeps the membership and who removed it."""
    with attributed(membership, by=by, reason="Member removed"):
        membership.delete()


@transaction.atomic
def save_meeting(
    meeting: Meeting | None, *, group: Group, by: User, attendees: list[Person], **fields: Any
) -> Meeting:
    """Add a meeting of `group` (`meeting` None) or change one, with who attended."""
    reason = "Meeting added" if meeting is None else "Meeting changed"
    meeting = meeting or Meeting(group=group)
    for name, value in fields.items():
        setattr(meeting, name, value)
    _save_validated(meeting, by=by, reason=reason)
    if set(meeting.attendees.all()) != set(attendees):
        with attributed(meeting, by=by, reason="Attendees changed"):
            meeting.attendees.set(attendees)
    return meeting
