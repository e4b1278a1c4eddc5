"""Load and faults: the service under steady load, then PostgreSQL stopped and started under it.

Run with `make load-fault` (about a minute). It needs a local PostgreSQL that this user may stop
and start (root, with `pg_ctlcluster`), and a role that may create databases. It:

1. drops and recreates a disposable database (`cseplan_loadfault` beside the one of
   DATABASE_URL, or of postgres://cseplan:cseplan@127.0.0.1:5432/cseplan), migrates it and loads
   the demo data;
2. starts gunicorn on a free port with production settings (DEBUG off, persistent database
   connections with health checks) and signs in one client thread per persona;
3. steady load: page views and saved changes (ratings and progress by the member and the chair,
   action edits by the coordinator) for LOADFAULT_STEADY_SECONDS; any 5xx or connection error is
   an error;
4. the fault: stops PostgreSQL for LOADFAULT_DOWN_SECONDS under the same load, then starts it.
   While it is down every request must still be answered, with the generic error page and nothing
   of the failure in it, and /healthz must say 503. Once PostgreSQL accepts connections again the
   service must recover by itself: the seconds to the first successful request and until every
   gunicorn worker has served one are measured (the access log names the worker of each request);
5. checks that no change is half-written: every saved rating and action edit the clients were told
   about is in the database with its history row, nothing is there that no client sent, and every
   row matches its latest history row; and that /healthz says ok.

It prints a summary, writes benchmarks/results/load_fault.json and exits non-zero if any check
fails. Settings: LOADFAULT_STEADY_SECONDS (20), LOADFAULT_DOWN_SECONDS (5), LOADFAULT_WORKERS (3),
LOADFAULT_WORKER_CLASS (sync), LOADFAULT_CONN_MAX_AGE (60), LOADFAULT_DATABASE (cseplan_loadfault),
LOADFAULT_KEEP_DATABASE (false), LOADFAULT_PG_STOP and LOADFAULT_PG_START (the commands that stop
and start the server; pg_ctlcluster by default).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"

STEADY_SECONDS = float(os.environ.get("LOADFAULT_STEADY_SECONDS", "20"))
DOWN_SECONDS = float(os.environ.get("LOADFAULT_DOWN_SECONDS", "5"))
WORKERS = int(os.environ.get("LOADFAULT_WORKERS", "3"))
WORKER_CLASS = os.environ.get("LOADFAULT_WORKER_CLASS", "sync")
CONN_MAX_AGE = int(os.environ.get("LOADFAULT_CONN_MAX_AGE", "60"))
DATABASE = os.environ.get("LOADFAULT_DATABASE", "cseplan_loadfault")
KEEP_DATABASE = os.environ.get("LOADFAULT_KEEP_DATABASE", "").lower() in {"1", "true", "yes"}
TAIL_SECONDS = 5.0  # load goes on this long after recovery: errors then are failures
RECOVERY_LIMIT = 30.0  # seconds after PostgreSQL is back by which every worker must succeed
FIRST_SUCCESS_LIMIT = 10.0
CONSECUTIVE = 20  # successes in a row that count as recovered
REQUEST_TIMEOUT = 15.0  # a request that takes longer is a hung worker
PASSWORD = "cse-demo-2012-14"  # noqa: S105 - the published demo password of seed_demo
SECRET_KEY = "load-fault-only-" + os.urandom(16).hex()

# What a generic error page must never show: a traceback, SQL or the database's own words.
LEAKS = re.compile(
    r"Traceback|File \"|psycopg|OperationalError|DatabaseError|InterfaceError|connection to "
    r"server|[Cc]onnection refused|is the server running|5432|SELECT |INSERT |UPDATE |django\.db|"
    r"cseplan_loadfault|terminating connection|the database system is"
)
# The service's own error pages: 503 while the database cannot be reached, 500 otherwise.
GENERIC_PAGES = ("Sorry, the service is unavailable", "Sorry, there is a problem with the service")


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://cseplan:cseplan@127.0.0.1:5432/cseplan"


SERVER_URL = urllib.parse.urlsplit(_server_url())
DATABASE_URL = SERVER_URL._replace(path=f"/{DATABASE}").geturl()

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DEBUG"] = "false"
os.environ["SECRET_KEY"] = SECRET_KEY
os.environ["DJANGO_SETTINGS_MODULE"] = "cseplan.settings"
# This process (set-up and checks) opens a connection per use; only gunicorn keeps them.
os.environ.pop("DATABASE_CONN_MAX_AGE", None)

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django_otp.oath import totp  # noqa: E402

from actions.models import Action, Plan, ProgressUpdate  # noqa: E402
from actions.permissions import can_rate  # noqa: E402
from governance.models import User  # noqa: E402

# The database server ----------------------------------------------------------------------------

DROP = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))


@contextmanager
def admin_connection() -> Iterator[psycopg2.extensions.cursor]:
    """A cursor on the server's own database (the one of DATABASE_URL), in autocommit."""
    connection = psycopg2.connect(
        dbname=SERVER_URL.path.lstrip("/") or "postgres",
        user=urllib.parse.unquote(SERVER_URL.username or ""),
        password=urllib.parse.unquote(SERVER_URL.password or ""),
        host=SERVER_URL.hostname or "127.0.0.1",
        port=SERVER_URL.port or 5432,
        connect_timeout=2,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def server_version() -> int:
    """The database server's major version, such as 15."""
    with admin_connection() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def recreate_database() -> None:
    """Drop and create the disposable database."""
    with admin_connection() as cursor:
        cursor.execute(DROP)
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def drop_database() -> None:
    connections.close_all()
    with admin_connection() as cursor:
        cursor.execute(DROP)


def accepts_connections() -> bool:
    try:
        with admin_connection() as cursor:
            cursor.execute("SELECT 1")
    except psycopg2.Error:
        return False
    return True


def connections_open() -> int:
    """How many connections the disposable database has (the workers' persistent ones)."""
    with admin_connection() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [DATABASE])
        return cursor.fetchone()[0]


def server_commands(major: int) -> tuple[list[str], list[str]]:
    """The commands that stop and start the database server."""
    if "LOADFAULT_PG_STOP" not in os.environ:
        if SERVER_URL.hostname not in {"127.0.0.1", "localhost", "::1", None}:
            raise SystemExit(
                f"PostgreSQL is on {SERVER_URL.hostname}: set LOADFAULT_PG_STOP and "
                "LOADFAULT_PG_START to the commands that stop and start it."
            )
        if os.geteuid() != 0 or shutil.which("pg_ctlcluster") is None:
            raise SystemExit(
                "Stopping PostgreSQL needs root and pg_ctlcluster: run as root, or set "
                "LOADFAULT_PG_STOP and LOADFAULT_PG_START."
            )
    default = f"pg_ctlcluster {major} main"
    stop = os.environ.get("LOADFAULT_PG_STOP", f"{default} stop")  # fast: connections cut
    start = os.environ.get("LOADFAULT_PG_START", f"{default} start")
    return shlex.split(stop), shlex.split(start)


# The app server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, log: Path, access_log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "DATABASE_CONN_MAX_AGE": str(CONN_MAX_AGE),
    }
    command = [
        sys.executable, "-m", "gunicorn", "cseplan.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", WORKER_CLASS,
        "--timeout", "30",
        "--graceful-timeout", "5",
        "--error-logfile", str(log),
        "--access-logfile", str(access_log),
        # The request's id (sent by the clients) and the worker's pid: which worker served what.
        "--access-logformat", "%({x-request-id}i)s %(p)s %(s)s",
        "--no-control-socket",  # another gunicorn on this machine may have the default one
    ]  # fmt: skip
    with log.open("ab") as output:  # the service's own log (tracebacks go here, not to pages)
        return subprocess.Popen(  # noqa: S603 - our own fixed command
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def served_by(access_log: Path) -> dict[str, int]:
    """Request id -> the pid of the gunicorn worker that answered it."""
    workers = {}
    for line in access_log.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] != "-":
            workers[parts[0]] = int(parts[1].strip("<>"))
    return workers


# The clients ------------------------------------------------------------------------------------


@dataclass
class Result:
    """One request as a client saw it."""

    client: str
    kind: str
    request_id: str
    start: float
    end: float
    status: int | None  # None: no HTTP answer at all (refused, reset, timed out)
    ok: bool
    error: str = ""
    leak: str = ""  # what a 5xx page showed that it must not


@dataclass
class Write:
    """A change a client sent, identified by the token in its text."""

    token: str
    kind: str  # "update" or "action"
    outcome: str  # "saved", "refused" (the form came back) or "unknown" (no clear answer)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class FormReader(HTMLParser):
    """The POST forms of a page: their action and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "radios": {}}
            if a.get("method", "get").lower() == "post":
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "radio":
                self._form["radios"].setdefault(a["name"], []).append(a.get("value", ""))
                if "checked" in a:
                    self._form["fields"][a["name"]] = a.get("value", "")
            elif kind == "checkbox":
                if "checked" in a:
                    self._form["fields"][a["name"]] = a.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                self._form["fields"][a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self._form["fields"][self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def form_with(self, name: str) -> dict[str, Any] | None:
        """The first POST form that has a field called `name`."""
        return next((form for form in self.forms if name in form["fields"]), None)


_ids = itertools.count(1)


class Client:
    """A signed-in browser, as far as the load needs one: cookies, CSRF tokens, no redirects."""

    def __init__(self, name: str, base: str, results: list[Result]) -> None:
        self.name = name
        self.base = base
        self.results = results
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )

    def request(
        self, kind: str, path: str, data: dict[str, str] | None = None, *, expect: int = 200
    ) -> tuple[Result, str, str]:
        """Send one request; return its result, the body and the redirect's location."""
        request_id = f"{self.name}-{next(_ids)}"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            self.base + path, data=body, headers={"X-Request-Id": request_id}
        )
        start = time.monotonic()
        status: int | None = None
        text = location = error = ""
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                status = response.status
                text = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as answer:  # any status but 2xx, redirects included
            status = answer.code
            location = answer.headers.get("Location", "")
            text = answer.read().decode("utf-8", "replace")
        except (OSError, urllib.error.URLError) as failure:  # refused, reset, timed out
            error = f"{type(failure).__name__}: {failure}"
        end = time.monotonic()
        leak = ""
        if status is not None and status >= 500:
            found = LEAKS.search(text)
            if found:
                leak = found.group(0)
            elif not any(page in text for page in GENERIC_PAGES) and path != "/healthz":
                leak = "not the generic error page"
            error = f"HTTP {status}"
        elif status is not None and status != expect:
            error = f"HTTP {status}, expected {expect}" + (f" ({location})" if location else "")
        result = Result(self.name, kind, request_id, start, end, status, not error, error, leak)
        self.results.append(result)
        return result, text, location

    def sign_in(self, username: str, otp_key: str | None) -> None:
        """Sign in, and give the authenticator's code if the service asks for it."""
        data = self.form_data("/account/login/", "username")
        data.update(username=username, password=PASSWORD)
        result, _page, _location = self.request("sign in", "/account/login/", data, expect=302)
        if not result.ok:
            raise SystemExit(f"{username} could not sign in: {result.error}")
        result, _page, location = self.request("dashboard", "/")
        if "/two-factor/" in location and otp_key:
            path = urllib.parse.urlsplit(location).path
            data = self.form_data(path, "code")
            data["code"] = f"{totp(bytes.fromhex(otp_key)):06d}"
            self.request("two-factor", path, data, expect=302)
            result, _page, _location = self.request("dashboard", "/")
        if not result.ok:
            raise SystemExit(f"{username} signed in but cannot see the dashboard: {result.error}")

    def form_data(self, path: str, field_name: str) -> dict[str, str]:
        """What a browser would send with the page's form that has `field_name`."""
        _result, page, _location = self.request("form", path)
        reader = FormReader()
        reader.feed(page)
        form = reader.form_with(field_name)
        if form is None:
            raise SystemExit(f"No form with {field_name} at {path}")
        return dict(form["fields"])


@dataclass
class Persona:
    """A client thread: who signs in, what they read, and what they change."""

    username: str
    slug: str
    read_actions: list[int]
    rate: list[int] = field(default_factory=list)  # actions to rate in `period`
    edit: list[int] = field(default_factory=list)  # actions whose description to edit
    period: int = 0


def run_client(
    persona: Persona,
    client: Client,
    writes: list[Write],
    stop: threading.Event,
    rng: random.Random,
) -> None:
    """Browse and save until told to stop."""
    plan = f"/plans/{persona.slug}"
    pages = [
        ("plan page", f"{plan}/"),
        ("dashboard", "/"),
        ("plan dashboard", f"{plan}/dashboard/"),
        ("change log", f"{plan}/changes/"),
    ]
    count = 0
    while not stop.is_set():
        count += 1
        wants_write = bool(persona.rate or persona.edit) and rng.random() < 0.4
        if wants_write and persona.rate and (not persona.edit or rng.random() < 0.5):
            save_update(persona, client, writes, rng, f"{client.name}-{count}")
        elif wants_write:
            save_action(persona, client, writes, rng, f"{client.name}-{count}")
        elif rng.random() < 0.4:
            client.request("action page", f"{plan}/actions/{rng.choice(persona.read_actions)}/")
        else:
            client.request(*rng.choice(pages))
        stop.wait(rng.uniform(0, 0.05))


def save_update(
    persona: Persona, client: Client, writes: list[Write], rng: random.Random, token: str
) -> None:
    """Read an action's update form, then save a new rating and progress with the token."""
    path = f"/plans/{persona.slug}/actions/{rng.choice(persona.rate)}/reviews/{persona.period}/"
    result, page, _location = client.request("update form", path)
    if not result.ok:
        return
    reader = FormReader()
    reader.feed(page)
    form = reader.form_with("narrative")
    if form is None:
        result.ok, result.error = False, "no form on the page"
        return
    data = dict(form["fields"])
    data["rating"] = rng.choice([value for value in form["radios"]["rating"] if value])
    data["narrative"] = f"Progress at load: {token}"
    if "reason" in data:
        data["reason"] = f"Changed under load: {token}"
    save(client, writes, "update", path, data, token)


def save_action(
    persona: Persona, client: Client, writes: list[Write], rng: random.Random, token: str
) -> None:
    """Read an action's edit form, then save it with the token in its description."""
    path = f"/plans/{persona.slug}/actions/{rng.choice(persona.edit)}/edit/"
    result, page, _location = client.request("action form", path)
    if not result.ok:
        return
    reader = FormReader()
    reader.feed(page)
    form = reader.form_with("description")
    if form is None:
        result.ok, result.error = False, "no form on the page"
        return
    data = dict(form["fields"])
    data["description"] = re.sub(r" \[[^\]]*\]$", "", data["description"].strip()) + f" [{token}]"
    save(client, writes, "action", path, data, token)


def save(
    client: Client, writes: list[Write], kind: str, path: str, data: dict[str, str], token: str
) -> None:
    result, _page, location = client.request(f"{kind} save", path, data, expect=302)
    if result.ok and "/actions/" in location:
        outcome = "saved"
    elif result.status is not None and result.status < 500:
        outcome = "refused"  # the form came back: a conflict or an error message
    else:
        outcome = "unknown"  # the change may or may not have been committed
    writes.append(Write(token, kind, outcome))


# The checks -------------------------------------------------------------------------------------


def personas() -> list[Persona]:
    """Who does what, so that no two clients change the same thing (conflicts are not the point)."""
    plan = Plan.objects.get(slug="cse-2012-14")
    period = plan.current_period()
    actions = list(plan.actions())
    users = {user.username: user for user in User.objects.all()}
    ids = [action.pk for action in actions]
    member = [a.pk for a in actions if can_rate(users["member"], a, period)]
    others = [a.pk for a in actions if can_rate(users["chair"], a, period) and a.pk not in member]
    chair, coordinator = others[: len(others) // 2], others[len(others) // 2 :]
    return [
        Persona("member", plan.slug, ids, rate=member, period=period.pk),
        Persona("chair", plan.slug, ids, rate=chair, period=period.pk),
        Persona("coordinator", plan.slug, ids, edit=coordinator),
        Persona("reviewer", plan.slug, ids),
        Persona("admin", plan.slug, ids),
    ]


def authenticators() -> dict[str, str]:
    """Give every demo account an authenticator app; its key, by username.

    Some roles must give a second factor to sign in (TWO_FACTOR_REQUIRED_ROLES)."""
    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return {}
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {
        user.username: TOTPDevice.objects.create(user=user, name="load", confirmed=True).key
        for user in User.objects.all()
    }


def history_marks() -> dict[str, int]:
    """The last history row of progress updates and of actions, before the load."""
    connections.close_all()
    return {
        "update": ProgressUpdate.history.order_by("-history_id").values_list(
            "history_id", flat=True
        )[0],
        "action": Action.history.order_by("-history_id").values_list("history_id", flat=True)[0],
    }


def consistency(marks: dict[str, int], writes: list[Write]) -> dict[str, Any]:
    """Every change whole, with its history; every change the clients were told about, there."""
    connections.close_all()
    problems: list[str] = []
    report: dict[str, Any] = {}
    token = re.compile(r"(?:Progress at load: |\[)([a-z]+-\d+)\]?$")
    for kind, model, text_field, fields in (
        ("update", ProgressUpdate, "narrative", ("rating", "narrative", "version")),
        ("action", Action, "description", ("description", "status", "due_date", "version")),
    ):
        # Every row is what its latest history row says, and its history has every version.
        for row in model.objects.all():
            history = list(row.history.order_by("history_id"))
            versions = {h.version for h in history}
            latest = history[-1] if history else None
            if latest is None or any(getattr(latest, f) != getattr(row, f) for f in fields):
                problems.append(f"{model.__name__} {row.pk} differs from its latest history row")
            if not set(range(1, row.version + 1)) <= versions:
                problems.append(f"{model.__name__} {row.pk} lacks history of some versions")
        new = list(
            model.history.filter(history_id__gt=marks[kind]).values_list(text_field, flat=True)
        )
        found = []
        for text in new:
            match = token.search(text)
            if match is None:
                problems.append(f"a new {model.__name__} history row no client sent: {text!r}")
            else:
                found.append(match.group(1))
        sent = [w for w in writes if w.kind == kind]
        saved = {w.token for w in sent if w.outcome == "saved"}
        unknown = {w.token for w in sent if w.outcome == "unknown"}
        missing = saved - set(found)
        strays = set(found) - saved - unknown
        duplicates = len(found) - len(set(found))
        problems += [f"saved {kind} {t} is not in the database" for t in sorted(missing)]
        problems += [f"{kind} {t} is in the database but was never saved" for t in sorted(strays)]
        if duplicates:
            problems.append(f"{duplicates} {kind} changes were written twice")
        report[kind] = {
            "sent": len(sent),
            "saved": len(saved),
            "refused": sum(w.outcome == "refused" for w in sent),
            "no clear answer": len(unknown),
            "of which committed": len(unknown & set(found)),
            "new history rows": len(new),
            "rows checked": model.objects.count(),
        }
    report["problems"] = problems
    return report


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def latency(results: list[Result]) -> dict[str, float]:
    times = [r.end - r.start for r in results]
    return {
        "requests": len(times),
        "median ms": round(1000 * statistics.median(times), 1) if times else 0.0,
        "p95 ms": round(1000 * percentile(times, 0.95), 1),
    }


# The run ----------------------------------------------------------------------------------------


def wait_for(check: Any, limit: float, pause: float = 0.05) -> float | None:
    """Poll `check` until it is true; the time it was, or None after `limit` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return time.monotonic()
        time.sleep(pause)
    return None


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stop_command, start_command = server_commands(server_version())
    recreate_database()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    cast = personas()
    otp_keys = authenticators()
    marks = history_marks()
    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log, access_log = RESULTS / "load_fault-gunicorn.log", RESULTS / "load_fault-access.log"
    log.write_text("")
    access_log.write_text("")
    server = start_gunicorn(port, log, access_log)
    probe = Client("probe", base, [])
    stopped_db = False
    try:
        if wait_for(lambda: probe.request("healthz", "/healthz")[0].ok, 30, 0.2) is None:
            raise SystemExit(f"gunicorn did not answer /healthz; see {log}")
        results: list[Result] = []
        writes: list[Write] = []
        clients = [Client(p.username, base, results) for p in cast]
        for persona, client in zip(cast, clients, strict=True):
            client.sign_in(persona.username, otp_keys.get(persona.username))
        results.clear()
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=run_client,
                args=(p, c, writes, stop, random.Random(i)),  # noqa: S311 - not for secrets
                daemon=True,
            )
            for i, (p, c) in enumerate(zip(cast, clients, strict=True))
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        print(f"Steady load for {STEADY_SECONDS:.0f} s from {len(threads)} clients...")
        time.sleep(STEADY_SECONDS)
        held_before = connections_open()

        print(f"Stopping PostgreSQL for {DOWN_SECONDS:.0f} s under load...")
        fault = time.monotonic()
        stopped_db = True
        subprocess.run(stop_command, check=True, capture_output=True)  # noqa: S603
        down_from = time.monotonic()
        healthz_down: list[int | None] = []
        while time.monotonic() < down_from + DOWN_SECONDS:
            healthz_down.append(probe.request("healthz", "/healthz", expect=503)[0].status)
            time.sleep(0.5)
        starting = subprocess.Popen(start_command, stdout=subprocess.DEVNULL)  # noqa: S603
        back = wait_for(accepts_connections, 60)
        starting.wait(timeout=60)
        stopped_db = False
        if back is None:
            raise SystemExit("PostgreSQL did not come back within 60 s")
        print(f"PostgreSQL is back after {back - fault:.1f} s; waiting for the service...")

        def recovered() -> bool:
            after = sorted((r for r in results if r.end >= back), key=lambda r: r.end)
            run = 0
            for result in after:
                run = run + 1 if result.ok else 0
            return run >= CONSECUTIVE

        wait_for(recovered, RECOVERY_LIMIT, 0.2)
        time.sleep(TAIL_SECONDS)
        held_after = connections_open()
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        finished = time.monotonic()
        healthz_after = probe.request("healthz", "/healthz")[0]
        alive = server.poll() is None
    finally:
        if stopped_db:
            subprocess.run(start_command, check=False)  # noqa: S603 - never leave it stopped
        stop_process(server)

    # Figures ------------------------------------------------------------------------------------
    steady = [r for r in results if r.end < fault]
    during = [r for r in results if r.end >= fault and r.start < back]
    after = sorted((r for r in results if r.start >= back), key=lambda r: r.end)
    first_ok = next((r.end for r in after if r.ok), None)
    run, settled = 0, None
    for result in after:
        run = run + 1 if result.ok else 0
        if run == CONSECUTIVE:
            settled = result.end
            break
    # Per worker: when each one first answered a request successfully after PostgreSQL was back.
    workers = served_by(access_log)
    pids = set(workers.values())
    worker_back: dict[int, float] = {}
    for result in after:
        pid = workers.get(result.request_id)
        if result.ok and pid is not None:
            worker_back.setdefault(pid, result.end)
    all_workers = max(worker_back.values()) if len(worker_back) == len(pids) else None
    tail_errors = [r for r in after if settled is not None and r.start > settled and not r.ok]
    checks = consistency(marks, writes)
    if not KEEP_DATABASE:
        drop_database()

    def seconds(moment: float | None) -> float | None:
        return round(moment - back, 2) if moment is not None else None

    down_errors = [r for r in during if not r.ok]
    summary: dict[str, Any] = {
        "machine": {"cores": os.cpu_count()},
        "server": {
            "gunicorn workers": WORKERS,
            "worker class": WORKER_CLASS,
            "DATABASE_CONN_MAX_AGE": CONN_MAX_AGE,
            "clients": [p.username for p in cast],
        },
        "steady": {
            "seconds": round(fault - started, 1),
            **latency(steady),
            "requests per second": round(len(steady) / (fault - started), 1),
            "errors": sum(not r.ok for r in steady),
            "by kind": {
                kind: latency([r for r in steady if r.kind == kind])
                for kind in sorted({r.kind for r in steady})
            },
        },
        "fault": {
            "PostgreSQL unavailable, seconds": round(back - fault, 2),
            "requests": len(during),
            "answered with 500": sum(r.status == 500 for r in down_errors),
            "answered with 503": sum(r.status == 503 for r in down_errors),
            "succeeded": sum(r.ok for r in during),
            "not answered (refused, reset, timed out)": sum(r.status is None for r in during),
            "other errors": sum(
                r.status is not None and r.status not in (500, 503) for r in down_errors
            ),
            "pages that leaked": sorted({f"{r.kind}: {r.leak}" for r in during if r.leak}),
            "healthz while down": sorted({str(s) for s in healthz_down}),
        },
        "recovery": {
            "first success, seconds": seconds(first_ok),
            f"{CONSECUTIVE} successes in a row, seconds": seconds(settled),
            "every worker succeeded, seconds": seconds(all_workers),
            "workers seen": len(pids),
            "database connections held, before the fault": held_before,
            "database connections held, after recovery": held_after,
            "errors after recovery": len(tail_errors),
            "requests after PostgreSQL was back": len(after),
        },
        "consistency": checks,
        "healthz after": healthz_after.status,
        "total seconds": round(finished - started, 1),
    }
    all_leaks = sorted({f"{r.kind}: {r.leak}" for r in results if r.leak})
    criteria = {
        "no errors under steady load": summary["steady"]["errors"] == 0 and len(steady) > 0,
        "every request answered while PostgreSQL was down": not any(
            r.status is None for r in during
        ),
        "only the generic error page while down": not summary["fault"]["other errors"]
        and not all_leaks,
        "/healthz said 503 while down": bool(healthz_down) and set(healthz_down) == {503},
        f"first success within {FIRST_SUCCESS_LIMIT:.0f} s": first_ok is not None
        and first_ok - back <= FIRST_SUCCESS_LIMIT,
        f"every worker recovered within {RECOVERY_LIMIT:.0f} s": all_workers is not None
        and settled is not None
        and max(all_workers, settled) - back <= RECOVERY_LIMIT,
        "no errors after recovery": not tail_errors,
        "gunicorn kept running, no worker replaced": alive and len(pids) == WORKERS,
        "no half-written change": not checks["problems"],
        "no refused saves": not any(w.outcome == "refused" for w in writes),
        "/healthz ok afterwards": healthz_after.status == 200,
    }
    summary["criteria"] = criteria
    summary["errors"] = [asdict(r) for r in results if not r.ok][:50]
    (RESULTS / "load_fault.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    print_summary(summary)
    return 0 if all(criteria.values()) else 1


def print_summary(summary: dict[str, Any]) -> None:
    steady, fault, recovery = summary["steady"], summary["fault"], summary["recovery"]
    server = summary["server"]
    print(
        f"\ngunicorn: {server['gunicorn workers']} {server['worker class']} workers, "
        f"DATABASE_CONN_MAX_AGE={server['DATABASE_CONN_MAX_AGE']}, "
        f"{len(server['clients'])} clients, {summary['machine']['cores']} cores"
    )
    print(f"\n{'steady load':42} {steady['seconds']:>8} s")
    print(
        f"{'  requests (per second)':42} {steady['requests']:>8} ({steady['requests per second']})"
    )
    print(f"{'  errors':42} {steady['errors']:>8}")
    print(f"{'  latency median / p95 (ms)':42} {steady['median ms']:>8} / {steady['p95 ms']}")
    for kind, figures in steady["by kind"].items():
        print(
            f"    {kind:38} {figures['requests']:>8}  {figures['median ms']:>7} / "
            f"{figures['p95 ms']} ms"
        )
    print(
        f"\n{'PostgreSQL stopped, then started':42} {fault['PostgreSQL unavailable, seconds']:>8} s"
    )
    for key in (
        "requests",
        "answered with 500",
        "answered with 503",
        "succeeded",
        "not answered (refused, reset, timed out)",
        "other errors",
    ):
        print(f"  {key:40} {fault[key]:>8}")
    print(f"  {'pages that leaked':40} {len(fault['pages that leaked']):>8}")
    print(f"  {'/healthz while down':40} {', '.join(fault['healthz while down']):>8}")
    print("\nrecovery, from PostgreSQL accepting connections")
    for key, value in recovery.items():
        print(f"  {key:40} {value!s:>8}")
    print("\nconsistency")
    for kind in ("update", "action"):
        figures = ", ".join(f"{k} {v}" for k, v in summary["consistency"][kind].items())
        print(f"  {kind:8} {figures}")
    for problem in summary["consistency"]["problems"][:20]:
        print(f"  PROBLEM: {problem}")
    print(f"\n/healthz afterwards: {summary['healthz after']}\n")
    for name, passed in summary["criteria"].items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    print("\nWrote benchmarks/results/load_fault.json")


if __name__ == "__main__":
    sys.exit(main())
