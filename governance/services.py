"""The write layer of governance: every write here leaves a history row with a user and reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from cseplan.lib.history import attributed, create_tracked
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
