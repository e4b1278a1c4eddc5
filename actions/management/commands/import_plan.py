"""Import a plan from a CSV or XLSX file in the spreadsheet layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from actions.importing import FileRefused, ImportPreview, parse_mapping, read_plan_file
from actions.ratings import RatingScale
from actions.services import import_plan
from cseplan.lib.commands import acting_user, add_user_argument


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file (layout: docs/import-format.md) as a new plan, or as new "
        "periods of an existing one. Writes nothing if the file has any error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--slug", required=True, help="Short name of the plan, e.g. cse-2012-14."
        )
        parser.add_argument("--title", default="", help="Title of a new plan (default: file name).")
        parser.add_argument(
            "--scale",
            choices=RatingScale.values,
            default="",
            help="Rating scale of a new plan (default: inferred from the ratings).",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADING=FIELD",
            help="What the column of a heading holds, for a file in another layout (repeatable): "
            "theme, objective, narrative, ref, action, lead, due, progress, status, source, "
            "ignore, or rating:REVIEW LABEL, such as --map 'Current=rating:Apr 2012'.",
        )
        parser.add_argument(
            "--sheet", default="", help="The sheet of a workbook to read (default: its first)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report, but write nothing."
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        path = Path(options["file"])
        try:
            mapping = parse_mapping(options["map"])
        except ValueError as error:
            raise CommandError(f"--map {error}") from error
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            preview = read_plan_file(
                path.name,
                content,
                slug=options["slug"],
                title=options["title"],
                scale=options["scale"],
                mapping=mapping,
                sheet=options["sheet"],
            )
        except FileRefused as refused:
            raise CommandError(f"{path.name}: {refused}") from refused
        self._report(preview)
        if preview.errors:
            raise CommandError(
                f"{path.name} has {len(preview.errors)} error(s); nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write(f"Dry run: the import {preview.summary()}. Nothing was written.")
            return
        try:
            plan = import_plan(preview, by=user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Imported {path.name}: {preview.summary().replace('creates', 'created')}."
        )
        self.stdout.write(f"The plan is {plan.slug}: {plan.title}.")

    def _report(self, preview: ImportPreview) -> None:
        for label, names in (("groups", preview.new_groups), ("people", preview.new_people)):
            if names:
                self.stdout.write(f"New {label}: {', '.join(names)}")
        for problem in preview.warnings:
            self.stdout.write(f"Warning: {problem}")
        for problem in preview.errors:
            self.stderr.write(f"Error: {problem}")
