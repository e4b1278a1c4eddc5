"""Back up the whole database to one file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from operations.backups import backup

log = logging.getLogger("cseplan.security")


class Command(BaseCommand):
    help = (
        "Write the whole database to FILE: on PostgreSQL with pg_dump --format=custom, on SQLite "
        "with its online backup API. Safe while the service runs. Restore with `restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="The backup file to write (replaced if it exists)."
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to back up (default: default).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(backup(connections[options["database"]], options["file"]))
        log.info("backup database=%s file=%s", options["database"], options["file"])
