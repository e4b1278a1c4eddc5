"""Restore the whole database from a file written by `backup`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from operations.backups import restore

log = logging.getLogger("cseplan.security")


class Command(BaseCommand):
    help = (
        "Load FILE, written by `backup`, into the database. Refuses a database that already has "
        "tables unless --force, which replaces them with the backup's. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the database has tables: the backup's tables replace them.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to restore into (default: default).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        self.stdout.write(restore(connection, options["file"], force=options["force"]))
        log.info(
            "restore database=%s file=%s force=%s",
            options["database"],
            options["file"],
            options["force"],
        )
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                f"The backup is {len(pending)} migrations behind this release: run "
                "`manage.py migrate` before serving it."
            )
