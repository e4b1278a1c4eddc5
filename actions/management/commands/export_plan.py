"""Export a plan as CSV or XLSX in the spreadsheet layout."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from actions.exporting import export_plan
from actions.models import Plan
from cseplan.lib.commands import acting_user, add_user_argument

log = logging.getLogger("cseplan.security")


class Command(BaseCommand):
    help = "Write a plan as CSV or XLSX in the layout that import_plan reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Short name of the plan, e.g. cse-2012-14.")
        parser.add_argument("--format", required=True, choices=["csv", "xlsx"], dest="file_format")
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        plan = Plan.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"No plan has the short name {options['slug']}.")
        content = export_plan(plan, options["file_format"])
        path = Path(options["output"])
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from error
        log.info("export plan=%s format=%s by=%s", plan.slug, options["file_format"], user.username)
        self.stdout.write(
            f"Wrote {plan.slug} to {path}: {plan.actions().count()} actions, "
            f"{plan.periods.count()} periods."
        )
