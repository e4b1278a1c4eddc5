"""Write a plan alone as a PDF, in the layout of its source document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from actions.models import Plan
from actions.snapshot import current_snapshot, snapshot_as_at
from cseplan.lib.dates import parse_as_at
from reporting.document import until_period
from reporting.rendering import plan_pdf


class Command(BaseCommand):
    help = (
        "Write plan SLUG as a PDF: the plan now, or with --as-at DATE as it stood then, and with "
        "--period LABEL only the reviews up to that one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--period", default="", help="Such as 'Apr 2013'.")
        parser.add_argument("--as-at", default="", help="Such as 2013-04-30 or 30/04/2013.")
        parser.add_argument("-o", "--output", required=True, help="FILE.pdf")

    def handle(
        self, *args: Any, slug: str, period: str, as_at: str, output: str, **options: Any
    ) -> None:
        path = Path(output)
        if path.suffix.lower() != ".pdf":
            raise CommandError("The output file must end in .pdf.")
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"No plan has the short name {slug}.")
        moment = parse_as_at(as_at) if as_at else None
        if as_at and moment is None:
            raise CommandError(f"{as_at} is not a date: use 2013-04-30 or 30/04/2013.")
        snapshot = snapshot_as_at(plan, moment) if moment else current_snapshot(plan)
        described = [f"As it stood at the end of {moment:%d %B %Y}" if moment else ""]
        if period:
            chosen = next((p for p in snapshot.periods if p.label == period), None)
            if chosen is None:
                raise CommandError(f"The plan has no review period {period}.")
            snapshot = until_period(snapshot, chosen)
            described.append(f"reviews up to {period}")
        content = plan_pdf(snapshot, description=", ".join(d for d in described if d))
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from error
        self.stdout.write(f"Wrote {slug} to {path} ({len(content):,} bytes).")
