"""A small world of every kind of object for the hostile-input tests, and their example count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from actions.models import Action, Plan, PlanImport, ReportingPeriod
from governance.models import Group, Meeting, Membership, Organisation, Person, User
from reporting.models import CommitteeReport, ReportAppendix, ReportImplication
from tests.conftest import make_action, make_group, make_period, make_plan, make_theme, make_update
from tests.security import hostile

SMALL_PLAN_CSV = (
    b"Theme,Objective,Ref,Action,Lead,Due date,Progress,Jul 2012\n"
    b"1. Prevention,An objective,1.1,Do something useful,WGAP,30/06/2013,Some progress,G\n"
)


@dataclass
class World:
    """One of everything a form can post about, and the people who may post."""

    users: dict[str, User]
    plan: Plan
    action: Action
    other_action: Action
    open_period: ReportingPeriod
    closed_period: ReportingPeriod
    group: Group
    other_group: Group
    person: Person
    other_person: Person
    organisation: Organisation
    meeting: Meeting
    membership: Membership
    report: CommitteeReport
    issued_report: CommitteeReport
    implication: ReportImplication
    appendix: ReportAppendix
    pending_import: PlanImport


@pytest.fixture
def hostile_world(lead_member: User, chair: User, administrator: User) -> World:
    plan = make_plan(slug="cse", title="A test plan")
    organisation = Organisation.objects.create(name="A council")
    group = make_group(short_name="WGAP", organisation=organisation)
    other_group = make_group(short_name="CSECAG")
    membership = Membership.objects.create(person=lead_member.person, group=group)
    other_person = Person.objects.create(name="Another person")
    meeting = Meeting.objects.create(group=group, date=datetime.date(2013, 4, 16))
    today = timezone.localdate()
    closed_period = make_period(
        plan,
        label="Earlier",
        start_date=today - datetime.timedelta(days=200),
        end_date=today - datetime.timedelta(days=101),
        is_closed=True,
    )
    open_period = make_period(
        plan,
        label="Now",
        start_date=today - datetime.timedelta(days=100),
        end_date=today + datetime.timedelta(days=80),
    )
    theme = make_theme(plan)
    action = make_action(theme, lead_person=lead_member.person, lead_group=group)
    other_action = make_action(theme, lead_person=other_person)
    make_update(action, closed_period, rating="A", narrative="Going well")
    make_update(action, open_period, rating="G", narrative="Going better")
    report = CommitteeReport.objects.create(
        plan=plan, period=open_period, title="A report", report_of="Director", committee="C"
    )
    issued_report = CommitteeReport.objects.create(
        plan=plan,
        period=closed_period,
        title="An issued report",
        report_of="Director",
        committee="C",
        status=CommitteeReport.Status.ISSUED,
        issued_at=timezone.now(),
    )
    implication = ReportImplication.objects.create(
        report=report, heading="Equalities Implications", text="None.", order=1
    )
    appendix = ReportAppendix.objects.create(report=report, title="A strategy", text="Text.")
    pending_import = PlanImport.objects.create(
        uploaded_by=chair, filename="plan.csv", content=SMALL_PLAN_CSV, slug="new-plan"
    )
    return World(
        users={"lead_member": lead_member, "chair": chair, "administrator": administrator},
        plan=plan,
        action=action,
        other_action=other_action,
        open_period=open_period,
        closed_period=closed_period,
        group=group,
        other_group=other_group,
        person=lead_member.person,
        other_person=other_person,
        organisation=organisation,
        meeting=meeting,
        membership=membership,
        report=report,
        issued_report=issued_report,
        implication=implication,
        appendix=appendix,
        pending_import=pending_import,
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many hypothesis examples the hostile-input tests ran (docs/security.md)."""
    if not hostile.EXAMPLES:
        return
    total = sum(hostile.EXAMPLES.values())
    terminalreporter.write_line(
        f"Hostile input: {total} examples in {len(hostile.EXAMPLES)} fuzz tests"
    )
