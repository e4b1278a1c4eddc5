"""Time importing and exporting a 500-action, 12-period plan.

Run: `DEBUG=true .venv/bin/python benchmarks/import_export.py` (SQLite in a temporary file), or
with DATABASE_URL set for PostgreSQL (the database must be empty or disposable: the script makes
its own plan with a unique short name and deletes nothing).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cseplan.settings")
os.environ.setdefault("DEBUG", "true")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from actions.exporting import export_csv, export_xlsx  # noqa: E402
from actions.importing import read_plan_file  # noqa: E402
from actions.models import Plan  # noqa: E402
from actions.services import import_plan  # noqa: E402
from benchmarks.largeplan import as_csv, large_plan_rows  # noqa: E402
from governance.models import User  # noqa: E402


def _median(runs: int, work: Callable[[int], object]) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        work(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(username="bench", defaults={"role": "coordinator"})
    content = as_csv(large_plan_rows(actions=500, periods=12))
    stamp = int(time.time())

    def run_import(run: int) -> None:
        preview = read_plan_file("large.csv", content, slug=f"bench-{stamp}-{run}")
        if preview.errors:
            raise SystemExit(f"The generated plan has errors: {preview.errors[:3]}")
        import_plan(preview, by=user)

    import_time = _median(3, run_import)
    plan = Plan.objects.get(slug=f"bench-{stamp}-0")
    csv_time = _median(5, lambda _run: export_csv(plan))
    xlsx_time = _median(3, lambda _run: export_xlsx(plan))
    print(f"database: {django.db.connection.vendor}; file: {len(content):,} bytes")
    print("500 actions, 12 periods (6,000 ratings), median seconds:")
    print(f"  import (read + write) {import_time:7.2f}")
    print(f"  export CSV            {csv_time:7.2f}")
    print(f"  export XLSX           {xlsx_time:7.2f}")


if __name__ == "__main__":
    main()
