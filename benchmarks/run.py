"""The benchmark: the product's pages and PDFs at the seed's size and at 500 actions, against
their peers and floors, each figure the median of repeated runs, in one process.

Run with `make bench` (SQLite in a temporary file) or `DATABASE_URL=postgres://... make bench`
(the database must be disposable: the benchmark fills it). It prints a table and writes
benchmarks/results/latest.json. docs/benchmark.md says what each figure means.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cseplan.settings")
os.environ.setdefault("DEBUG", "false")  # DEBUG would log every query of the set-up
os.environ.setdefault("SECRET_KEY", "benchmark-only")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from actions.importing import read_plan_file  # noqa: E402
from actions.layout import current_snapshot, plan_layout  # noqa: E402
from actions.models import Action, Plan  # noqa: E402
from actions.services import import_plan, record_update  # noqa: E402
from benchmarks.largeplan import as_csv, large_plan_rows  # noqa: E402
from governance.models import User  # noqa: E402
from reporting.document import build_document  # noqa: E402
from reporting.rendering import html_to_pdf, plan_pdf, report_html  # noqa: E402
from reporting.services import create_report  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
settings.ALLOWED_HOSTS = ["testserver"]


def median(work: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of `work`, after one warm-up run."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page(client: Client, url: str) -> tuple[float, int]:
    """A page's median time and its number of SQL queries."""
    count = 0

    def counter(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return median(lambda: client.get(url)), count


def make_plan(slug: str, actions: int, admin_user: User) -> Plan:
    content = as_csv(large_plan_rows(actions=actions, periods=12))
    return import_plan(read_plan_file(f"{slug}.csv", content, slug=slug), by=admin_user)


def string_floor(plan: Plan) -> float:
    """The plan table written out with plain string formatting from already-loaded rows."""
    _periods, sections = plan_layout(current_snapshot(plan))

    def write() -> str:
        parts = []
        for section in sections:
            parts.append(f"<h2>{section.theme.heading}</h2><table>")
            for row in section.rows:
                cells = "".join(
                    f"<td>{cell.option.letter if cell.option else ''}</td>" for cell in row.cells
                )
                parts.append(
                    f"<tr><td>{row.action.display_reference} {row.action.description}</td>"
                    f"<td>{row.lead}</td><td>{row.action.due_date_display}</td>"
                    f"<td>{row.progress}</td>{cells}</tr>"
                )
            parts.append("</table>")
        return "".join(parts)

    return median(write)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    admin_user = User.objects.get(username="admin")
    client = Client()
    client.force_login(admin_user)
    results: dict[str, object] = {"database": connection.vendor, "runs": RUNS}

    big = make_plan("big", 500, admin_user)
    seed = Plan.objects.get(slug="cse-2012-14")
    action = big.actions().first()
    last = big.periods.last()
    rows = {}
    for label, plan in (("seed", seed), ("500 actions", big)):
        first = plan.actions().first()
        period = plan.periods.last()
        rows[label] = {
            "plan page": page(client, f"/plans/{plan.slug}/"),
            "dashboard": page(client, f"/plans/{plan.slug}/dashboard/"),
            "action page": page(client, f"/plans/{plan.slug}/actions/{first.pk}/"),
            "change log": page(client, f"/plans/{plan.slug}/changes/"),
            "review page": page(client, f"/plans/{plan.slug}/reviews/{period.pk}/"),
        }
    results["pages"] = {
        k: {n: {"seconds": t, "queries": q} for n, (t, q) in v.items()} for k, v in rows.items()
    }

    # The Django admin's change list of the same 500 actions on one page: the peer a Django user
    # would fall back to.
    admin.site._registry[Action].list_max_show_all = 1000
    admin_time, admin_queries = page(
        client, f"/admin/actions/action/?theme__plan__id__exact={big.pk}&all="
    )
    floor = string_floor(big)
    plan_time = rows["500 actions"]["plan page"][0]
    results["plan page vs peers"] = {
        "plan page": plan_time, "admin change list": admin_time, "admin queries": admin_queries,
        "string formatting floor": floor,
        "ratio to admin": plan_time / admin_time, "ratio to floor": plan_time / floor,
    }  # fmt: skip

    # As at a past date.
    moment = timezone.now()
    record_update(action, last, rating="G", narrative="Later", by=admin_user,
                  expected_version=action.updates.get(period=last).version)  # fmt: skip
    as_at = median(lambda: client.get(f"/plans/big/?as_at={moment:%Y-%m-%d}"))
    results["as at"] = {"seconds": as_at, "ratio to current": as_at / plan_time}

    # PDFs: the plan alone and a committee report, against WeasyPrint on the same finished HTML.
    report = create_report(
        big, by=admin_user, period=last, title="Benchmark report", report_of="Director",
        committee="Committee", information="[ratings by theme]\n\n[overdue actions]",
    )  # fmt: skip
    start = time.perf_counter()
    document = build_document(report)
    html = report_html(document)
    html_to_pdf(html)
    report_time = time.perf_counter() - start
    start = time.perf_counter()
    html_to_pdf(html)
    weasy_time = time.perf_counter() - start
    start = time.perf_counter()
    plan_pdf(current_snapshot(big))
    plan_pdf_time = time.perf_counter() - start
    results["pdf"] = {
        "report": report_time, "weasyprint on the same html": weasy_time,
        "ratio": report_time / weasy_time, "plan alone": plan_pdf_time,
        "peak memory mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip

    # Growth from 500 to 1,000 actions, then the effect of ten other plans in the database.
    bigger = make_plan("bigger", 1000, admin_user)
    thousand = median(lambda: client.get(f"/plans/{bigger.slug}/"))
    results["growth"] = {"500": plan_time, "1000": thousand, "ratio": thousand / plan_time}
    for number in range(10):
        make_plan(f"other-{number}", 500, admin_user)
    crowded = median(lambda: client.get("/plans/big/"))
    results["other plans"] = {"alone": plan_time, "with ten others": crowded,
                              "change": crowded / plan_time - 1}  # fmt: skip

    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"database: {connection.vendor}; median of {RUNS} runs")
    print(f"{'page':14} {'seed s':>8} {'queries':>8} {'500 s':>8} {'queries':>8}")
    for name in rows["seed"]:
        (a, qa), (b, qb) = rows["seed"][name], rows["500 actions"][name]
        print(f"{name:14} {a:8.3f} {qa:8} {b:8.3f} {qb:8}")
    peers = results["plan page vs peers"]
    print(f"plan page 500: {plan_time:.3f}s; admin change list {admin_time:.3f}s "
          f"({admin_queries} queries): ratio {peers['ratio to admin']:.2f} (target <= 0.5); "
          f"floor {floor:.4f}s: ratio {peers['ratio to floor']:.1f} (target <= 5)")  # fmt: skip
    print(f"as at a date: {as_at:.3f}s, ratio {as_at / plan_time:.2f} (target <= 2)")
    pdf = results["pdf"]
    print(f"report PDF {report_time:.1f}s vs WeasyPrint alone {weasy_time:.1f}s: ratio "
          f"{pdf['ratio']:.2f} (target <= 1.15); plan PDF {plan_pdf_time:.1f}s; "
          f"peak memory {pdf['peak memory mb']:.0f} MB")  # fmt: skip
    print(f"1,000 actions {thousand:.3f}s: ratio {thousand / plan_time:.2f} to 500 (target <= 2.1)")
    print(
        f"with ten other plans: {crowded:.3f}s, change {results['other plans']['change']:+.0%} "
        "(target within 10%)"
    )


if __name__ == "__main__":
    main()
