"""E-mail each lead the actions they still have to rate for the open period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from actions.reminders import due_periods, messages_for, send


class Command(BaseCommand):
    help = (
        "E-mail each lead (the lead person, co-leads and the members of a lead group) the "
        "actions they still have to rate for each open period: once when the period is open, "
        "and again when its review meeting is --days away or less. Safe to run daily from cron "
        "on any one server: nobody gets the same reminder twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=7, help="Days before the review meeting (default 7)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would be e-mailed; send nothing."
        )

    def handle(self, *args: Any, days: int, dry_run: bool, **options: Any) -> None:
        today = timezone.localdate()
        sent = 0
        for period in due_periods(today):
            messages, missing = messages_for(period, today=today, days_before=days)
            for message in messages:
                count = len(message.actions)
                line = f"{period.plan.slug} {period.label}: {message.person.name} <{message.email}>"
                line += f", {count} action{'s' if count != 1 else ''}"
                if dry_run:
                    self.stdout.write(f"Would e-mail {line}")
                else:
                    send(message)
                    sent += 1
                    self.stdout.write(f"E-mailed {line}")
            for person in missing:
                self.stdout.write(
                    f"{period.plan.slug} {period.label}: {person.name} leads unrated actions but "
                    "has no e-mail address"
                )
        if not dry_run:
            self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
