"""The write layer of governance: every write here leaves a history row with a user and reason.

Each function validates (a refusal is a ValidationError naming the field), writes in one
transaction and attributes every history row, many-to-many changes included, to `by`. `reason`
replaces the history's usual reason ("Group added", "Person changed" ...) where given.

Groups, people, organisations and meetings are edited through `versioned_edit`: `expected_version`
is the version the editor's page was opened at (0 to add one). If someone saved in between,
nothing is written and StaleEditError carries the row as it is now.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from cseplan.lib.edits import versioned_edit
from cseplan.lib.history import attributed, create_tracked, save_tracked
from governance.models import Group, Meeting, Membership, Organisation, Person, User

M = TypeVar("M", bound=models.Model)


def _edit(
    model: type[M],
    obj: M | None,
    *,
    by: User,
    expected_version: int,
    reason: str,
    new: Callable[[], M] | None = None,
) -> AbstractContextManager[M]:
    """`versioned_edit` of `obj`, or of a new row of `model` (made by `new`) when adding one."""
    rows = model.objects.filter(pk=obj.pk) if obj is not None else model.objects.none()
    return versioned_edit(
        rows, expected_version=expected_version, by=by, reason=reason, new=new or model
    )


def _reason(reason: str, obj: models.Model | None, what: str) -> str:
    return reason or f"{what} {'added' if obj is None else 'changed'}"


def _set_many(
    obj: models.Model,
    name: str,
    values: Iterable[models.Model],
    *,
    by: User,
    reason: str,
    edited_from: int,
    row_reason: str,
) -> None:
    """Set a many-to-many field of `obj` (just edited from version `edited_from`) if it changes,
    with a history row. A change of it alone is a new version of `obj` too, so that an editor
    who opened the one before is refused."""
    related = getattr(obj, name)
    values = list(values)
    if set(related.all()) == set(values):
        return
    if obj.version == edited_from:  # nothing else changed, so the edit wrote no new version
        obj.version += 1
        save_tracked(obj, by=by, reason=row_reason)
    with attributed(obj, by=by, reason=reason):
        related.set(values)


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
def save_group(
    group: Group | None,
    *,
    by: User,
    expected_version: int,
    name: str,
    short_name: str,
    kind: str,
    organisation: Organisation | None,
    reports_to: Iterable[Group],
    terms_of_reference: str,
    reason: str = "",
) -> Group:
    """Add a group (`group` None) or change one, with the groups it reports to."""
    reports_to = list(reports_to)
    row_reason = _reason(reason, group, "Group")
    with _edit(
        Group, group, by=by, expected_version=expected_version, reason=row_reason
    ) as current:
        _check_reporting_line(current, reports_to)
        current.name = name
        current.short_name = short_name
        current.kind = kind
        current.organisation = organisation
        current.terms_of_reference = terms_of_reference
    _set_many(
        current,
        "reports_to",
        reports_to,
        by=by,
        reason=reason or "Reporting line changed",
        edited_from=expected_version,
        row_reason=row_reason,
    )
    return current


@transaction.atomic
def save_person(
    person: Person | None,
    *,
    by: User,
    expected_version: int,
    name: str,
    job_title: str,
    organisation: Organisation | None,
    email: str,
    phone: str,
    user: User | None,
    reason: str = "",
) -> Person:
    """Add a person (`person` None) or change one. `user` is the sign-in account that acts as
    this person (and so may rate the actions they lead), or None."""
    row_reason = _reason(reason, person, "Person")
    with _edit(
        Person, person, by=by, expected_version=expected_version, reason=row_reason
    ) as current:
        current.name = name
        current.job_title = job_title
        current.organisation = organisation
        current.email = email
        current.phone = phone
        current.user = user
    return current


@transaction.atomic
def save_organisation(
    organisation: Organisation | None,
    *,
    by: User,
    expected_version: int,
    name: str,
    short_name: str,
    kind: str,
    website: str,
    reason: str = "",
) -> Organisation:
    """Add an organisation (`organisation` None) or change one."""
    row_reason = _reason(reason, organisation, "Organisation")
    with _edit(
        Organisation, organisation, by=by, expected_version=expected_version, reason=row_reason
    ) as current:
        current.name = name
        current.short_name = short_name
        current.kind = kind
        current.website = website
    return current


@transaction.atomic
def add_membership(
    group: Group, person: Person, *, role: str, by: User, reason: str = ""
) -> Membership:
    """Make `person` a member of `group` with `role`."""
    return create_tracked(
        Membership, by=by, reason=reason or "Member added", group=group, person=person, role=role
    )


@transaction.atomic
def remove_membership(membership: Membership, *, by: User) -> None:
    """Take a person out of a group; the history keeps the membership and who removed it."""
    with attributed(membership, by=by, reason="Member removed"):
        membership.delete()


@transaction.atomic
def save_meeting(
    meeting: Meeting | None,
    *,
    group: Group,
    by: User,
    expected_version: int,
    date: datetime.date,
    title: str,
    location: str,
    attendees: Iterable[Person],
    minutes: str,
    decisions: str,
    reason: str = "",
) -> Meeting:
    """Add a meeting of `group` (`meeting` None) or change one, with who attended."""
    row_reason = _reason(reason, meeting, "Meeting")
    with _edit(
        Meeting,
        meeting,
        by=by,
        expected_version=expected_version,
        reason=row_reason,
        new=lambda: Meeting(group=group),
    ) as current:
        current.date = date
        current.title = title
        current.location = location
        current.minutes = minutes
        current.decisions = decisions
    _set_many(
        current,
        "attendees",
        attendees,
        by=by,
        reason=reason or "Attendees changed",
        edited_from=expected_version,
        row_reason=row_reason,
    )
    return current
