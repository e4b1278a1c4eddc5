"""The benchmark: the product's pages and PDFs at the seed's size and at 500 actions, against
their peers and floors, each figure the median of repeated runs, in one process.

Run with `make bench` (SQLite in a temporary file) or `DATABASE_URL=postgres://... make bench`
(the database must be disposable: the benchmark fills it). It prints a table and writes
benchmarks/results/latest.json. docs/benchmark.md says what each figure means.

Pages are measured twice: as served (the page's body comes from the cache, as it does for every
reader after the first since the plan's data last changed), and as first read after a change
(the cache emptied before each run, so the page is built from the database). Figures compared
with each other are measured in turns, A B A B ..., so that a change in the machine's load falls
on both; before each measurement the garbage collector is run and everything already made is
frozen, so that what earlier steps left in memory does not slow the later ones.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cseplan.settings")
os.environ.setdefault("DEBUG", "false")  # DEBUG would log every query of the set-up
os.environ.setdefault("SECRET_KEY", "benchmark-only")
# Without DATABASE_URL, a SQLite database in a temporary folder, removed at the end.
TEMPORARY = None
if "DATABASE_URL" not in os.environ:
    TEMPORARY = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{TEMPORARY}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import login  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import Context, Engine  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from actions.importing import read_plan_file  # noqa: E402
from actions.models import Action, Plan, ProgressUpdate  # noqa: E402
from actions.plan_table import plan_tables  # noqa: E402
from actions.snapshot import current_snapshot, plan_layout  # noqa: E402
from benchmarks.largeplan import as_csv, build_plan, large_plan_rows  # noqa: E402
from governance.models import User  # noqa: E402
from reporting.document import build_document  # noqa: E402
from reporting.rendering import html_to_pdf, plan_pdf, report_html  # noqa: E402
from reporting.services import ReportText, create_report  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
# Served pages take milliseconds: more runs of them cost little and steady the median.
SERVED_RUNS = 10 * RUNS
# So do pages built from the database, a tenth of a second each: the machine's load varies more.
COLD_RUNS = 3 * RUNS
# New processes that measure the plan page with and without ten other plans in the database.
PROCESSES = 3
# A committee report's PDF takes half a minute: three runs of it and of WeasyPrint alone.
PDF_RUNS = min(RUNS, 3)
HEAVY_ENTRIES = 5000
AS_AT = "2014-06-30"  # halfway through the generated plans' three years
settings.ALLOWED_HOSTS = ["testserver"]

Work = Callable[[], object]


def settle() -> None:
    """Collect garbage and freeze what is left, so that earlier steps do not slow later ones."""
    gc.collect()
    gc.freeze()


def interleaved(
    works: dict[str, Work], runs: int, *, before: Work | None = None, warm_up: bool = True
) -> dict[str, float]:
    """The median wall time of each work, run in turns, after a warm-up run of each.

    `before` runs untimed before every timed run (such as emptying the cache).
    """
    times = timed(works, runs, before=before, warm_up=warm_up)
    return {name: statistics.median(values) for name, values in times.items()}


def timed(
    works: dict[str, Work], runs: int, *, before: Work | None = None, warm_up: bool = True
) -> dict[str, list[float]]:
    """The wall times of each work's runs, run in turns (see interleaved)."""
    settle()
    times: dict[str, list[float]] = {name: [] for name in works}
    for round_ in range(runs + warm_up):
        for name, work in works.items():
            if before:
                before()
            start = time.perf_counter()
            work()
            if round_ or not warm_up:
                times[name].append(time.perf_counter() - start)
    return times


def query_count(work: Work) -> int:
    """How many SQL queries `work` makes."""
    count = 0

    def counter(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        work()
    return count


def getter(client: Client, url: str) -> Work:
    """A GET of `url` that must succeed."""

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    return get


def page(client: Client, url: str) -> dict[str, float | int]:
    """A page's time and queries, as served and as first read after a change."""
    get = getter(client, url)
    # The fewer of two counts: once a minute a request also notes the session's activity.
    cold_queries = min(query_count(lambda: (cache.clear(), get())) for _ in range(2))
    served_queries = min(query_count(get) for _ in range(2))
    served = interleaved({"served": get}, SERVED_RUNS)["served"]
    cold = interleaved({"cold": get}, COLD_RUNS, before=cache.clear)["cold"]
    return {"seconds": served, "queries": served_queries, "cold seconds": cold,
            "cold queries": cold_queries}  # fmt: skip


def signed_in(user: User) -> Client:
    """A client signed in as `user`, past the second factor as a real session would be.

    Signed in through a request with a client address, as a real sign-in has: the test client's
    own `force_login` has none, which the sign-in records cannot store on PostgreSQL.
    """
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request.session.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return client


def analyse() -> None:
    """Vacuum and analyse PostgreSQL's new rows now, as its autovacuum would soon after."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def string_floor(plan: Plan) -> Work:
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

    return write


def table_writers(plan: Plan) -> dict[str, Work]:
    """The plan page's tables of a plan, from rows already laid out: written in Python as the
    page writes them (actions/plan_table.py), and through Django's template engine
    (benchmarks/plan_table.html), which must give the same text."""
    periods, sections = plan_layout(current_snapshot(plan))
    template = Engine.get_default().from_string((ROOT / "benchmarks/plan_table.html").read_text())
    context = {
        "plan": plan, "periods": periods, "sections": sections,
        "changes_url": reverse("actions:plan_changes", kwargs={"slug": plan.slug}),
    }  # fmt: skip

    def python() -> str:
        return plan_tables(plan, periods, sections)

    def engine() -> str:
        return template.render(Context(context))

    if _words(python()) != _words(engine()):
        raise AssertionError("The template writes another table than actions/plan_table.py")
    return {"python": python, "template": engine}


def _words(html: str) -> str:
    return "".join(html.split())


def measure_plan_page(database_url: str) -> dict[str, float]:
    """The county plan's page times, measured by this script in a new process."""
    done = subprocess.run(  # noqa: S603 - this script, with this interpreter
        [sys.executable, __file__, "--plan-page", "county"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "DATABASE_URL": database_url},
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def plan_page(slug: str) -> dict[str, float]:
    """A plan's page, as served and first read after a change, in turns with the floor."""
    client = signed_in(User.objects.get(username="admin"))
    get, floor = getter(client, f"/plans/{slug}/"), string_floor(Plan.objects.get(slug=slug))
    served = timed({"page": get, "floor": floor}, SERVED_RUNS)
    cold = timed({"page": get, "floor": floor}, COLD_RUNS, before=cache.clear)
    median = statistics.median
    return {
        "served": median(served["page"]),
        "served / floor": median(served["page"]) / median(served["floor"]),
        "fastest served": min(served["page"]),
        "cold": median(cold["page"]),
        "cold / floor": median(cold["page"]) / median(cold["floor"]),
        "fastest cold": min(cold["page"]),
    }


def pages_of(client: Client, plan: Plan) -> dict[str, dict[str, float | int]]:
    """The five pages of a plan, measured."""
    # The second action: the first of a generated plan is the one with thousands of entries.
    action = plan.actions()[1]
    period = plan.periods.last()
    return {
        "plan page": page(client, f"/plans/{plan.slug}/"),
        "dashboard": page(client, f"/plans/{plan.slug}/dashboard/"),
        "action page": page(client, f"/plans/{plan.slug}/actions/{action.pk}/"),
        "change log": page(client, f"/plans/{plan.slug}/changes/"),
        "review page": page(client, f"/plans/{plan.slug}/reviews/{period.pk}/"),
    }


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    admin_user = User.objects.get(username="admin")
    client = signed_in(admin_user)
    results: dict[str, object] = {
        "database": connection.vendor, "runs": RUNS, "served runs": SERVED_RUNS,
        "cold runs": COLD_RUNS,
        "date": timezone.localdate().isoformat(), "load average at the start": os.getloadavg(),
    }  # fmt: skip

    big = build_plan("county", actions=500, heavy_entries=HEAVY_ENTRIES)
    analyse()
    seed = Plan.objects.get(slug="cse-2012-14")
    heavy = big.actions().first()
    actions = big.actions().count()
    entries = Action.history.filter(theme_id__in=big.themes.values("pk")).count()
    entries += ProgressUpdate.history.filter(period_id__in=big.periods.values("pk")).count()
    heavy_entries = (
        Action.history.filter(id=heavy.pk).count()
        + ProgressUpdate.history.filter(action_id=heavy.pk).count()
    )
    results["data"] = {
        "actions": actions, "entries of the heavy action": heavy_entries,
        "history entries per other action": round((entries - heavy_entries) / (actions - 1), 1),
    }  # fmt: skip
    pages = {"seed": pages_of(client, seed), "500 actions": pages_of(client, big)}
    typical = big.actions()[1]
    pages["one action"] = {
        "about 20": {
            "action page": page(client, f"/plans/county/actions/{typical.pk}/"),
            "change log": page(client, f"/plans/county/changes/?action={typical.pk}"),
        },
        f"{HEAVY_ENTRIES:,}": {
            "action page": page(client, f"/plans/county/actions/{heavy.pk}/"),
            "change log": page(client, f"/plans/county/changes/?action={heavy.pk}"),
        },
    }
    results["pages"] = pages

    # The Django admin's change list of the same 500 actions on one page: the peer a Django user
    # would fall back to; and the floor of writing the table at all.
    admin.site._registry[Action].list_max_show_all = 1000
    admin_url = f"/admin/actions/action/?theme__plan__id__exact={big.pk}&all="
    admin_queries = query_count(getter(client, admin_url))
    plan_get = getter(client, "/plans/county/")
    served = interleaved(
        {"plan": plan_get, "admin": getter(client, admin_url), "floor": string_floor(big)},
        SERVED_RUNS,
    )
    cold = interleaved({"plan": plan_get}, COLD_RUNS, before=cache.clear)["plan"]
    tables = interleaved(table_writers(big), COLD_RUNS)
    floor = served["floor"]
    results["plan page vs peers"] = {
        "plan page": served["plan"], "plan page, first read after a change": cold,
        "admin change list": served["admin"], "admin queries": admin_queries,
        "string formatting floor": floor,
        "ratio to admin": served["plan"] / served["admin"],
        "ratio to admin, first read after a change": cold / served["admin"],
        "ratio to floor": served["plan"] / floor,
        "ratio to floor, first read after a change": cold / floor,
        "tables in Python": tables["python"], "tables through the template engine":
        tables["template"], "first read after a change with the template engine":
        cold - tables["python"] + tables["template"],
    }  # fmt: skip

    # As at a past date, against the page as it is now.
    as_at_get = getter(client, f"/plans/county/?as_at={AS_AT}")
    served = interleaved({"now": plan_get, "as at": as_at_get}, SERVED_RUNS)
    cold = interleaved({"now": plan_get, "as at": as_at_get}, COLD_RUNS, before=cache.clear)
    results["as at"] = {
        "date": AS_AT, "seconds": served["as at"], "current": served["now"],
        "ratio": served["as at"] / served["now"],
        "first read after a change": cold["as at"], "current, first read after a change":
        cold["now"], "ratio, first read after a change": cold["as at"] / cold["now"],
    }  # fmt: skip

    # PDFs: a committee report from the data, against WeasyPrint on the same finished HTML, in
    # turns; then the plan alone. A small PDF first loads WeasyPrint's fonts for both.
    last = big.periods.last()
    text = ReportText(
        title="Benchmark report", report_of="Director", committee="Committee",
        information="[ratings by theme]\n\n[overdue actions]",
    )  # fmt: skip
    report = create_report(big, text, period=last, by=admin_user)
    plan_pdf(current_snapshot(seed))
    html = report_html(build_document(report))
    pdfs = interleaved(
        {"report": lambda: html_to_pdf(report_html(build_document(report))),
         "weasyprint": lambda: html_to_pdf(html)},
        PDF_RUNS, warm_up=False,
    )  # fmt: skip
    plan_pdf_time = interleaved(
        {"plan": lambda: plan_pdf(current_snapshot(big))}, 1, warm_up=False
    )["plan"]
    results["pdf"] = {
        "runs": PDF_RUNS, "report": pdfs["report"],
        "weasyprint on the same html": pdfs["weasyprint"],
        "ratio": pdfs["report"] / pdfs["weasyprint"], "plan alone": plan_pdf_time,
        "peak memory mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip

    # Growth from 500 to 1,000 actions: the two plans' pages in turns.
    build_plan("county-1000", actions=1000, seed=2)
    analyse()
    thousand_get = getter(client, "/plans/county-1000/")
    served = interleaved({"500": plan_get, "1000": thousand_get}, SERVED_RUNS)
    cold = interleaved({"500": plan_get, "1000": thousand_get}, COLD_RUNS, before=cache.clear)
    results["growth"] = {
        "500": served["500"], "1000": served["1000"], "ratio": served["1000"] / served["500"],
        "500, first read after a change": cold["500"],
        "1000, first read after a change": cold["1000"],
        "ratio, first read after a change": cold["1000"] / cold["500"],
    }  # fmt: skip

    # Ten other plans of the same size in the database, against the page without them, each
    # measured in new processes (one that has just generated ten plans is not what serves
    # pages), within which the page is also measured in turns with the string-formatting floor,
    # whose work the database does not touch. On SQLite a copy of the database without the ten
    # plans is kept, and the two are measured in turns; PostgreSQL's one disposable database is
    # measured before and after.
    alone_url = os.environ["DATABASE_URL"]
    if connection.vendor == "sqlite":
        connection.close()
        alone_file = Path(connection.settings_dict["NAME"]).with_suffix(".alone.sqlite3")
        shutil.copyfile(connection.settings_dict["NAME"], alone_file)
        alone_url = f"sqlite:///{alone_file}"
    alone_runs: list[dict[str, float]] = []
    if connection.vendor != "sqlite":
        alone_runs = [measure_plan_page(alone_url) for _ in range(PROCESSES)]
    for number in range(10):
        build_plan(f"other-{number}", actions=500, seed=10 + number)
    analyse()
    crowded_runs = []
    for _ in range(PROCESSES):
        if connection.vendor == "sqlite":
            alone_runs.append(measure_plan_page(alone_url))
        crowded_runs.append(measure_plan_page(os.environ["DATABASE_URL"]))
    alone = {key: statistics.median(run[key] for run in alone_runs) for key in alone_runs[0]}
    crowded = {key: statistics.median(run[key] for run in crowded_runs) for key in crowded_runs[0]}
    results["other plans"] = {
        "alone": alone["served"], "with ten others": crowded["served"],
        "change": crowded["served"] / alone["served"] - 1,
        "change as multiples of the floor": crowded["served / floor"] / alone["served / floor"] - 1,
        "alone, first read after a change": alone["cold"],
        "with ten others, first read after a change": crowded["cold"],
        "change, first read after a change": crowded["cold"] / alone["cold"] - 1,
        "change as multiples of the floor, first read after a change":
            crowded["cold / floor"] / alone["cold / floor"] - 1,
        "alone, multiples of the floor": [alone["served / floor"], alone["cold / floor"]],
        "with ten others, multiples of the floor":
            [crowded["served / floor"], crowded["cold / floor"]],
        "fastest run alone": [alone["fastest served"], alone["fastest cold"]],
        "fastest run with ten others": [crowded["fastest served"], crowded["fastest cold"]],
    }  # fmt: skip
    results["other plans"]["processes each"] = PROCESSES
    results["import reading"] = import_reading()
    results["minutes"] = (time.perf_counter() - started) / 60
    results["load average at the end"] = os.getloadavg()

    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    report_results(results)


def import_reading() -> dict[str, float]:
    """Seconds to read a plan's CSV of 1,000 and of 10,000 rows into a preview, and to read the
    10,000 rows with Python's csv module alone (the floor any reader must pay)."""
    files = {rows: as_csv(large_plan_rows(actions=rows, periods=4)) for rows in (1000, 10_000)}
    works = {
        f"{rows:,} rows": (lambda content=content: read_plan_file("p.csv", content, slug="p"))
        for rows, content in files.items()
    }
    big = files[10_000]
    works["csv alone"] = lambda: list(csv.reader(io.StringIO(big.decode("utf-8-sig"))))
    return interleaved(works, RUNS)


def report_results(results: dict) -> None:
    """Print the two tables of docs/benchmark.md."""
    print(f"database: {results['database']}; medians of {results['runs']} runs, "
          f"{results['served runs']} for pages served from the cache, {results['cold runs']} "
          f"for pages first read after a change")  # fmt: skip
    print(f"data: {results['data']}")
    start, end = results["load average at the start"], results["load average at the end"]
    print(f"load average (1, 5, 15 minutes): {start} at the start, {end} at the end")
    print()
    print("Queries: as served (when first read after a change).")
    print()
    print("| page | seed: time | queries | 500 actions: time | queries "
          "| 500, first read after a change |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- |")
    pages = results["pages"]
    rows = [(name, seed, pages["500 actions"][name]) for name, seed in pages["seed"].items()]
    for entries, measured in pages["one action"].items():
        rows += [
            (f"{name} of one action with {entries} history entries", None, one)
            for name, one in measured.items()
        ]
    for name, seed, big in rows:
        small = f"{_s(seed['seconds'])} | {_q(seed)}" if seed else " | "
        print(f"| {name} | {small} | {_s(big['seconds'])} | {_q(big)} "
              f"| {_s(big['cold seconds'])} |")  # fmt: skip
    print()
    print("| comparison | figure | target | met |")
    print("| --- | --- | --- | --- |")
    for label, figure, target, met in comparisons(results):
        answer = "—" if met is None else "yes" if met else "NO"
        print(f"| {label} | {figure} | {target} | {answer} |")
    print()
    print(f"{results['minutes']:.1f} minutes")


def comparisons(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """Each comparison: what it is, its figure, its target and whether it is met."""
    first = ", first read after a change"
    peers, as_at = results["plan page vs peers"], results["as at"]
    growth, other, pdf = results["growth"], results["other plans"], results["pdf"]
    pages = results["pages"]
    kinds = ("queries", "cold queries")
    same = all(
        pages["seed"][name][kind] == pages["500 actions"][name][kind]
        for name in pages["seed"]
        for kind in kinds
    )
    one = pages["one action"]
    same_for_history = all(
        one["about 20"][name][kind] == one[f"{HEAVY_ENTRIES:,}"][name][kind]
        for name in ("action page", "change log")
        for kind in kinds
    )
    admin = f"admin change list ({_s(peers['admin change list'])}, {peers['admin queries']} q.)"
    rows = [
        (f"plan page ({_s(peers['plan page'])}) / {admin}", peers["ratio to admin"], 0.5),
        (f"— first read after a change ({_s(peers['plan page' + first])}) / admin",
         peers["ratio to admin" + first], 0.3),
        (f"plan page / string-formatting floor ({_s(peers['string formatting floor'])})",
         peers["ratio to floor"], 5),
        ("— first read after a change / floor", peers["ratio to floor" + first], 5),
        (f"— with the tables through Django's template engine "
         f"({_s(peers['tables through the template engine'])} against "
         f"{_s(peers['tables in Python'])} in Python) / admin",
         peers["first read after a change with the template engine"] / peers["admin change list"],
         0.3),
        (f"as at {as_at['date']} ({_s(as_at['seconds'])}) / now ({_s(as_at['current'])})",
         as_at["ratio"], 2),
        (f"— first read after a change ({_s(as_at['first read after a change'])} / "
         f"{_s(as_at['current' + first])})", as_at["ratio" + first], 2),
        (f"report PDF ({pdf['report']:.1f} s) / WeasyPrint alone on its HTML "
         f"({pdf['weasyprint on the same html']:.1f} s)", pdf["ratio"], 1.15),
        (f"1,000 actions ({_s(growth['1000'])}) / 500 ({_s(growth['500'])})",
         growth["ratio"], 2.1),
        (f"— first read after a change ({_s(growth['1000' + first])} / "
         f"{_s(growth['500' + first])})", growth["ratio" + first], 2.1),
    ]  # fmt: skip
    table: list[tuple[str, str, str, bool | None]] = [
        (label, f"{value:.2f}", f"≤ {target}", value <= target) for label, value, target in rows
    ]
    for index, suffix in enumerate(("", first)):
        change = other["change" + suffix]
        as_floor = other[
            "change as multiples of the floor" + (", first read after a change" if suffix else "")
        ]
        fastest = other["fastest run with ten others"][index]
        fastest_alone = other["fastest run alone"][index]
        label = (
            "with ten other plans / alone" if not suffix else "— first read after a change"
        ) + (
            f" ({_s(other['with ten others' + suffix])} / {_s(other['alone' + suffix])}; "
            f"as multiples of the floor {as_floor:+.0%}; fastest runs {_s(fastest)} / "
            f"{_s(fastest_alone)}, {fastest / fastest_alone - 1:+.0%})"
        )
        table.append((label, f"{change:+.0%}", "within ±10 %", abs(change) <= 0.1))
    reading = results["import reading"]
    big, small, floor = reading["10,000 rows"], reading["1,000 rows"], reading["csv alone"]
    table += [
        (f"reading 10,000 rows of a CSV ({_s(big)}) / 1,000 rows ({_s(small)})",
         f"{big / small:.1f}", "≤ 11", big / small <= 11),
        (f"— / the same file read by csv alone ({_s(floor)})", f"{big / floor:.1f}", "≤ 3",
         big / floor <= 3),
    ]  # fmt: skip
    table += [
        ("queries of each page the same at the seed's size and at 500 actions",
         "same" if same else "different", "same", same),
        (f"queries of the action page and change log the same for {HEAVY_ENTRIES:,} entries "
         "as for 20", "same" if same_for_history else "different", "same", same_for_history),
        ("plan PDF alone", f"{pdf['plan alone']:.1f} s", "—", None),
        ("peak memory of the process", f"{pdf['peak memory mb']:.0f} MB", "—", None),
    ]  # fmt: skip
    return table


def _q(measured: dict) -> str:
    return f"{measured['queries']} ({measured['cold queries']})"


def _s(seconds: float) -> str:
    """Seconds as the tables show them: milliseconds below a second."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--plan-page"]:
        print(json.dumps(plan_page(sys.argv[2])))
    else:
        try:
            main()
        finally:
            if TEMPORARY:
                shutil.rmtree(TEMPORARY, ignore_errors=True)
