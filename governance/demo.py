"""The demo's governance structure (`fixtures/governance.json`, format in `fixtures/README.md`),
written through the write layer so that every row has its history. Used by `seed_demo` only."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from governance.models import Group, Meeting, Membership, Organisation, Person, User
from governance.services import (
    add_membership,
    save_group,
    save_meeting,
    save_organisation,
    save_person,
)


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
            organisations[item["name"]] = save_organisation(
                None,
                by=by,
                expected_version=0,
                reason=reason,
                name=item["name"],
                short_name=item.get("short_name", ""),
                kind=item["kind"],
                website=item.get("website", ""),
            )
            created["organisations"] += 1

    groups = {group.short_name: group for group in Group.objects.all()}
    new_groups = [item for item in data.get("groups", []) if item["short_name"] not in groups]
    for item in _reporting_order(new_groups):
        groups[item["short_name"]] = save_group(
            None,
            by=by,
            expected_version=0,
            reason=reason,
            name=item["name"],
            short_name=item["short_name"],
            kind=item["kind"],
            organisation=organisations.get(item.get("organisation", "")),
            reports_to=[groups[short_name] for short_name in item.get("reports_to", [])],
            terms_of_reference=item.get("terms_of_reference", ""),
        )
        created["groups"] += 1

    people = {person.name: person for person in Person.objects.all()}
    for item in data.get("people", []):
        person = people.get(item["name"])
        if person is None:
            person = people[item["name"]] = save_person(
                None,
                by=by,
                expected_version=0,
                reason=reason,
                name=item["name"],
                job_title=item.get("job_title", ""),
                organisation=organisations.get(item.get("organisation", "")),
                email=item.get("email", ""),
                phone=item.get("phone", ""),
            )
            created["people"] += 1
        for membership in item.get("memberships", []):
            group = groups[membership["group"]]
            if not Membership.objects.filter(person=person, group=group).exists():
                role = membership.get("role", Membership.Role.MEMBER)
                add_membership(group, person, role=role, by=by, reason=reason)
                created["memberships"] += 1

    for item in data.get("meetings", []):
        group = groups[item["group"]]
        date = datetime.date.fromisoformat(item["date"])
        if not Meeting.objects.filter(group=group, date=date).exists():
            save_meeting(
                None,
                group=group,
                by=by,
                expected_version=0,
                reason=reason,
                date=date,
                title=item.get("title", ""),
                location=item.get("location", ""),
                attendees=[],
                minutes=item.get("minutes", ""),
                decisions=item.get("decisions", ""),
            )
            created["meetings"] += 1
    return created


def _reporting_order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The new groups, each after the new groups it reports to, so that its reporting line can
    be set as it is added."""
    waiting = {item["short_name"]: item for item in items}
    ordered: list[dict[str, Any]] = []

    def place(short_name: str) -> None:
        item = waiting.pop(short_name, None)
        if item is not None:
            for parent in item.get("reports_to", []):
                place(parent)
            ordered.append(item)

    for item in items:
        place(item["short_name"])
    return ordered
