"""Loading the demo data of `fixtures/` (format in `fixtures/README.md`) through the write layers:
the governance structure, the seed plan, and the committee report of 2013 on it.

The seed plan is read into the same `ImportPreview` that a spreadsheet is read into, and written
by the same writer (`actions.services.import_plan`).

Every row's history is dated as the documents tell it (`fixtures/README.md`), inside
`cseplan.lib.history.backdated`, which nothing but this module uses: the plan and the governance
structure on the plan's first day, a meeting on its day, a review's ratings and narratives on the
day the review was reported (`ReportingPeriod.reported_on`), the report on its own date.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from actions.importing import ImportPreview, LeadName, ParsedAction, ParsedPeriod, ParsedTheme
from actions.models import Action, Plan, ProgressUpdate
from actions.services import import_plan
from cseplan.lib.history import DayOf, backdated, create_tracked
from governance.models import Group, Meeting, Membership, Organisation, Person, User
from governance.services import (
    add_membership,
    save_group,
    save_meeting,
    save_organisation,
    save_person,
)
from reporting.models import CommitteeReport, ReportImplication
from reporting.services import TEXT_FIELDS, ReportText, create_report


def _as_the_documents_date(start: datetime.date) -> DayOf:
    """The day each row of the demo data was entered, as the documents tell it: a review's
    ratings and narratives on the day it was reported, a meeting on its day, everything else (the
    plan, its periods, themes, actions and leads; people and groups) on the plan's first day,
    `start`. The data gives no earlier due dates, so none is a revision."""

    def day_of(row: Model) -> datetime.date:
        if isinstance(row, ProgressUpdate):
            return row.period.reported_on()
        if isinstance(row, Meeting):
            return row.date
        return start

    return day_of


# The governance structure --------------------------------------------------------------------


@transaction.atomic
def load_governance(
    data: dict[str, Any], *, by: User, reason: str, entered_on: datetime.date
) -> dict[str, int]:
    """Create the organisations, groups, people and meetings of `data` that do not exist yet,
    dated as entered on `entered_on` (the plan's first day), and meetings on their own day.

    Rows are matched by name (groups by short name, meetings by group and date), so loading the
    same data twice changes nothing. Returns how many rows of each kind were created.
    """
    with backdated(_as_the_documents_date(entered_on)):
        return _load_governance(data, by=by, reason=reason)


def _load_governance(data: dict[str, Any], *, by: User, reason: str) -> dict[str, int]:
    created = {"organisations": 0, "groups": 0, "people": 0, "memberships": 0, "meetings": 0}
    # Each row is new: made by `by`, for `reason`, from no earlier version.
    new: dict[str, Any] = {"by": by, "expected_version": 0, "reason": reason}

    organisations = {org.name: org for org in Organisation.objects.all()}
    for item in data.get("organisations", []):
        if item["name"] not in organisations:
            organisations[item["name"]] = save_organisation(
                None,
                **new,
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
            **new,
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
                **new,
                name=item["name"],
                job_title=item.get("job_title", ""),
                organisation=organisations.get(item.get("organisation", "")),
                email=item.get("email", ""),
                phone=item.get("phone", ""),
                user=None,
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
                **new,
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


# The seed plan -----------------------------------------------------------------------------------


def load_plan(data: dict[str, Any], *, by: User, reason: str) -> Plan:
    """Create the seed plan, with its periods, themes, actions and updates, dated as entered on
    its first day and each review's updates on the day the review was reported."""
    if Plan.objects.filter(slug=data["slug"]).exists():
        raise ValidationError(f"A plan with the short name {data['slug']} already exists.")
    periods = [
        ParsedPeriod(
            label=item["label"],
            short_label=item["short_label"],
            start_date=_date(item["start_date"]),
            end_date=_date(item["end_date"]),
            is_closed=item.get("is_closed", False),
            review_meeting=_meeting(item["review_meeting"]) if item.get("review_meeting") else None,
        )
        for item in data["periods"]
    ]
    labels = [period.label for period in periods]
    preview = ImportPreview(
        filename="the seed plan",
        slug=data["slug"],
        title=data["title"],
        scale=data.get("rating_scale", Plan._meta.get_field("rating_scale").default),
        subtitle=data.get("subtitle", ""),
        owning_group=data.get("owning_group", ""),
        start_date=_date(data.get("start_date")),
        end_date=_date(data.get("end_date")),
        periods=periods,
        themes=[
            ParsedTheme(
                number=theme.get("number", ""),
                title=theme["title"],
                objective=theme.get("objective", ""),
                narrative=theme.get("narrative", ""),
                actions=[_action(item, labels, number="") for item in theme["actions"]],
            )
            for theme in data["themes"]
        ],
    )
    # The writer knows each action by its row, as in a sheet: the header is row 1.
    for row, action in enumerate(preview.actions(), start=2):
        action.row = row
    with backdated(_as_the_documents_date(_date(data["start_date"]))):
        return import_plan(preview, by=by, reason=reason)


def _action(data: dict[str, Any], labels: list[str], *, number: str) -> ParsedAction:
    """An action of the seed plan as the importer reads a row; `number` is its parent's."""
    ratings = data.get("ratings", [])
    if ratings and len(ratings) != len(labels):
        raise ValidationError(
            f"Action {number}{data['ref']} has {len(ratings)} ratings for {len(labels)} periods."
        )
    lead = data.get("lead", {})
    due = data.get("due", {})
    precision = due.get("precision", Action.Precision.DAY)
    due_date = None
    if due:
        text = f"{due['date'][:7]}-01" if precision == Action.Precision.MONTH else due["date"]
        due_date = datetime.date.fromisoformat(text)
    letter = data["ref"] if data["ref"].isalpha() else ""
    action = ParsedAction(
        row=0,
        number=number if letter else data["ref"],
        letter=letter,
        description=data["description"],
        leads=[LeadName(lead.get("person", ""), lead.get("group", ""))] if lead else [],
        due_date=due_date,
        precision=precision,
        due_date_note="",
        status=data.get("status", Action.Status.OPEN),
        source=data.get("source", ""),
        progress=data.get("progress", ""),
        ratings=dict(zip(labels, ratings, strict=False)),
    )
    action.children = [
        _action(child, labels, number=action.number) for child in data.get("children", [])
    ]
    return action


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _meeting(item: dict[str, str]) -> Meeting:
    try:
        return Meeting.objects.get(group__short_name=item["group"], date=_date(item["date"]))
    except Meeting.DoesNotExist:
        raise ValidationError(f"{item['group']} has no meeting on {item['date']}.") from None


# The committee report ---------------------------------------------------------------------------

# Sections the fixture writes as a list of paragraphs.
_SECTIONS = (
    "purpose", "information", "other_options", "reasons", "statutory", "constitutional_comments",
    "financial_comments",
)  # fmt: skip


def _report_text(data: dict[str, Any]) -> ReportText:
    """A report's text from the fixture's: lists of paragraphs joined, dates read."""
    values = {name: data[name] for name in TEXT_FIELDS if name in data}
    for name in ("meeting_date", "financial_date"):
        if values.get(name):
            values[name] = datetime.date.fromisoformat(values[name])
    values["recommendations"] = "\n".join(data.get("recommendations", []))
    values["background_papers"] = "\n".join(
        f"{title} | {url}" if url else title for title, url in data.get("background_papers", [])
    )
    for name in _SECTIONS:
        if isinstance(values.get(name), list):
            values[name] = "\n\n".join(values[name])
    return ReportText(**values)


@transaction.atomic
def load_report(plan: Plan, data: dict[str, Any], *, by: User, reason: str) -> CommitteeReport:
    """Create a draft report from structured data, with its implication sub-headings, dated on
    the date the report gives (that of its financial comments), or else its review's."""
    period = plan.periods.get(label=data["period"])
    text = _report_text(data)
    written_on = text.financial_date or period.reported_on()
    with backdated(lambda _row: written_on):
        report = create_report(plan, text, period=period, by=by, reason=reason)
        for order, (heading, words) in enumerate(data.get("implications", []), start=1):
            create_tracked(
                ReportImplication, by=by, reason=reason, report=report, heading=heading,
                text=words, order=order,
            )  # fmt: skip
    return report
