"""send_reminders: each lead, once, about the actions they still have to rate."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from actions.models import Plan, Reminder
from governance.models import Meeting, Membership
from tests.conftest import (
    make_action,
    make_group,
    make_period,
    make_person,
    make_theme,
    make_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(plan: Plan):
    today = datetime.date.today()
    group = make_group(short_name="WGAP")
    period = make_period(
        plan,
        label="Now",
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=80),
    )
    theme = make_theme(plan)
    alice = make_person(name="Alice Lead", email="alice@example.org")
    bob = make_person(name="Bob Member", email="bob@example.org")
    carol = make_person(name="Carol Rated", email="carol@example.org")
    dan = make_person(name="Dan Nobody", email="dan@example.org")
    erin = make_person(name="Erin No Email")
    Membership.objects.create(person=bob, group=group)
    mine = make_action(theme, lead_person=alice, description="Alice's action")
    grouped = make_action(theme, lead_group=group, description="The group's action")
    co_led = make_action(theme, lead_person=erin, description="Erin's action")
    co_led.co_leads.add(alice)
    rated = make_action(theme, lead_person=carol, description="Carol's action")
    make_update(rated, period, rating="G")
    return {
        "period": period,
        "people": (alice, bob, carol, dan, erin),
        "actions": (mine, grouped, co_led, rated),
    }


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_lead_of_an_unrated_action_is_emailed_once(setting) -> None:
    output = _run()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["alice@example.org", "bob@example.org"]  # not Carol (rated), not Dan
    alice = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert alice.subject == "2 actions to rate for the Now review of A test plan"
    assert "Alice's action" in alice.body and "Erin's action" in alice.body
    assert "The group's action" not in alice.body
    assert "http://127.0.0.1:8000/plans/" in alice.body
    assert "Erin No Email leads unrated actions but has no e-mail address" in output
    assert _run().endswith("Sent 0 reminders.\n") and len(mail.outbox) == 2  # once per period


def test_a_second_reminder_goes_before_the_review_meeting(setting) -> None:
    _run()
    period = setting["period"]
    group = make_group(short_name="CSECAG")
    period.review_meeting = Meeting.objects.create(
        group=group, date=datetime.date.today() + datetime.timedelta(days=3)
    )
    period.save()
    _run("--days", "7")
    assert len(mail.outbox) == 4
    assert "review meeting is on" in mail.outbox[-1].body
    assert Reminder.objects.filter(kind="before_meeting").count() == 2


def test_no_reminder_for_a_closed_period(setting) -> None:
    period = setting["period"]
    period.is_closed = True
    period.save()
    _run()
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_a_dry_run_prints_who_and_sends_nothing(setting) -> None:
    output = _run("--dry-run")
    assert "Would e-mail plan-1 Now: Alice Lead <alice@example.org>, 2 actions" in output
    assert mail.outbox == [] and not Reminder.objects.exists()
