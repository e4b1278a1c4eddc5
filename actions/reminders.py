"""Reminders: e-mail each lead the actions they still have to rate for an open period.

The leads of an action are those `Action.objects.led_by` names. Each person
gets one reminder when the period is open and one more in the days before its review meeting;
the `Reminder` rows record what was sent, so running the command again sends nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Plan, Reminder, ReportingPeriod
from actions.snapshot import current_snapshot
from governance.models import Person


@dataclass
class Message:
    """One reminder e-mail: to whom, about which actions."""

    person: Person
    email: str
    period: ReportingPeriod
    kind: str
    actions: list[Action] = field(default_factory=list)
    links: dict[int, str] = field(default_factory=dict)

    @property
    def subject(self) -> str:
        """The e-mail's subject line."""
        count = len(self.actions)
        noun = "action" if count == 1 else "actions"
        return f"{count} {noun} to rate for the {self.period.label} review of {self.period.plan}"

    @property
    def items(self) -> list[tuple[Action, str]]:
        """Each action with the address of its update form."""
        return [(action, self.links[action.pk]) for action in self.actions]

    def body(self) -> str:
        """The e-mail's text."""
        return render_to_string("actions/reminder_email.txt", {"message": self})


def unrated_actions(period: ReportingPeriod) -> list[Action]:
    """The period's open leaf actions that have no rating for it yet, in document order."""
    snapshot = current_snapshot(period.plan)
    parents = snapshot.parent_ids()
    unrated = []
    for action in snapshot.actions:
        if action.pk in parents or action.status != Action.Status.OPEN:
            continue
        update = snapshot.rating(action, period)
        if update is None or not update.rating:
            unrated.append(action)
    return unrated


def due_periods(today: datetime.date) -> list[ReportingPeriod]:
    """The open periods that have begun: those whose ratings are being collected."""
    return list(
        ReportingPeriod.objects.filter(is_closed=False, start_date__lte=today)
        .select_related("plan", "review_meeting")
        .order_by("plan__title", "start_date")
    )


def messages_for(
    period: ReportingPeriod, *, today: datetime.date, days_before: int
) -> tuple[list[Message], list[Person]]:
    """The reminders due for a period now, and the leads who have no e-mail address.

    The first reminder goes once the period is open; the second when its review meeting is
    `days_before` days away or less. Anyone already sent a reminder of that kind is left out.
    """
    if period.is_closed:
        return [], []
    kind = Reminder.Kind.OPENED
    meeting = period.review_meeting
    if meeting and 0 <= (meeting.date - today).days <= days_before:
        kind = Reminder.Kind.BEFORE_MEETING
    sent = Reminder.objects.filter(period=period, kind=kind)
    already = set(sent.values_list("person_id", flat=True))
    actions = unrated_actions(period)
    unrated = Action.objects.filter(pk__in=[action.pk for action in actions])
    leads = Person.objects.filter(Exists(unrated.led_by(OuterRef("pk")))).select_related("user")
    led: dict[int, list[Action]] = {}
    for person in leads:
        ids = set(unrated.led_by(person).values_list("pk", flat=True))
        led[person.pk] = [action for action in actions if action.pk in ids]
    people = {person.pk: person for person in leads}
    # Each lead in the order of the first action they lead in the plan.
    position = {action.pk: index for index, action in enumerate(actions)}
    led = dict(sorted(led.items(), key=lambda item: position[item[1][0].pk]))
    messages, missing = [], []
    for person_id, person_actions in led.items():
        person = people[person_id]
        if person_id in already:
            continue
        email = person.email or (person.user.email if person.user_id else "")
        if not email:
            missing.append(person)
            continue
        message = Message(person, email, period, kind, person_actions)
        base = settings.SITE_URL.rstrip("/")
        for action in person_actions:
            path = reverse(
                "actions:update_edit",
                kwargs={"slug": period.plan.slug, "pk": action.pk, "period_pk": period.pk},
            )
            message.links[action.pk] = f"{base}{path}"
        messages.append(message)
    return messages, missing


@transaction.atomic
def send(message: Message) -> None:
    """Send one reminder and record it, so that it is not sent again."""
    Reminder.objects.create(
        period=message.period,
        person=message.person,
        kind=message.kind,
        email=message.email,
        action_count=len(message.actions),
    )
    send_mail(message.subject, message.body(), None, [message.email])


def plan_periods(plan: Plan) -> list[ReportingPeriod]:
    """A plan's periods that reminders can be about (open and begun)."""
    return [p for p in due_periods(timezone.localdate()) if p.plan_id == plan.pk]
