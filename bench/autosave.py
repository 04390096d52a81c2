"""Autosave under load: applicants saving their drafts over HTTP against a gunicorn server.

The benchmark starts gunicorn itself (bench.settings, the bench database, loopback only), then
drives it from one asyncio process with keep-alive connections, one per simulated applicant:

1. trivial: every applicant requests the anchor view ``/bench/trivial/`` as fast as answers come,
   logged in with a session cookie (a plain Django view does not read DRF tokens);
2. autosave: every applicant PATCHes the whole draft to ``/api/v1/declarations/{id}/`` with the
   version from the previous answer, as the editor's autosave does, authenticated by the API
   token ``bench.generate`` wrote for the first drafts. Each save carries a distinct marker at the
   end of 业绩贡献; a save is acknowledged by a 200 whose body has the next version and the marker.

Afterwards every draft must hold its last acknowledged save and a version advanced by exactly the
number of acknowledged saves: anything else is a lost save. Both phases run closed-loop (no think
time) for the same total duration, the anchor split around the autosave phase, so the figures
are the server's saturated throughput; latencies are then mostly queueing (users / throughput).
Beside the rates, the CPU each request costs the gunicorn workers and their PostgreSQL backends
(read in /proc) is reported: the figure other processes on the shared cores disturb least.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from applications.enums import DeclarationStatus  # noqa: E402
from applications.models import Declaration  # noqa: E402
from applications.schema import CONTENT_FIELDS  # noqa: E402
from bench.stats import percentile  # noqa: E402

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
TARGET_RATIO = 0.70
# Two processes, one per core, each with threads: while one thread waits for PostgreSQL (the
# commit's WAL flush above all) another runs Python, and keep-alive connections spare the TCP
# handshake and accept that sync workers (one request per connection) pay. Measured here: 5.3 ms
# of worker CPU per trivial request against 8.8 ms with 3 sync workers and 7.8 ms with 3 × 4.
WORKERS, THREADS = 2, 4
REQUEST_TIMEOUT = 30.0  # seconds for one answer; a stuck server ends the phase, not the run
MAX_REQUESTS_PER_USER = 100_000
MARKER = re.compile(r"\n?\[autosave [0-9a-f]+ \d+ #\d+\]\Z")
EDITABLE = ("talent_type", *CONTENT_FIELDS)


# --- a minimal HTTP/1.1 client -------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One HTTP/1.1 connection kept alive between requests and reopened when the server closes
    it (gunicorn's sync workers close after every answer). A request is never retried: a PATCH
    that may have reached the server must not be sent twice."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Response:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        lines.append(f"Content-Length: {len(body)}")
        try:
            self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await self._writer.drain()
            response = await self._read()
        except BaseException:
            self.close()
            raise
        if response.headers.get("connection", "").lower() == "close":
            self.close()
        return response

    async def _read(self) -> Response:
        assert self._reader is not None
        status_line = await self._reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection without answering")
        status = int(status_line.split(b" ", 2)[1])
        headers: dict[str, str] = {}
        while (line := await self._reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self._reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        else:
            body = await self._reader.read()
            headers["connection"] = "close"
        return Response(status, headers, body)

    async def _chunked(self) -> bytes:
        assert self._reader is not None
        chunks = []
        while size := int((await self._reader.readline()).split(b";")[0], 16):
            chunks.append(await self._reader.readexactly(size))
            await self._reader.readline()
        while await self._reader.readline() not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(chunks)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


# --- applicants, outcomes and the lost-save check ---------------------------------------------


@dataclass
class Applicant:
    """One simulated applicant and what the client knows about their draft."""

    user_id: int
    declaration_id: int
    token: str
    session_key: str = ""
    draft: dict[str, Any] = field(default_factory=dict)
    start_version: int = 0
    version: int = 0
    acknowledged: int = 0
    content: str = ""  # 业绩贡献 of the last acknowledged save (as loaded before any)
    in_doubt: str | None = None  # a save sent whose outcome is unknown (no answer, 5xx)


@dataclass
class Phase:
    """Requests of one phase: latencies of the successful ones, errors by kind."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    server_cpu: float = 0.0  # seconds, the workers'
    database_cpu: float = 0.0  # seconds, their PostgreSQL backends'

    def summary(self) -> dict[str, Any]:
        done = len(self.latencies)
        return {
            "requests": done,
            "per_second": round(done / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(self.latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(self.latencies, 0.95) * 1000, 1),
            "max_ms": round(max(self.latencies, default=0.0) * 1000, 1),
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "server_cpu_ms": round(self.server_cpu / done * 1000, 2) if done else 0.0,
            "database_cpu_ms": round(self.database_cpu / done * 1000, 2) if done else 0.0,
        }


def marked(text: str, *, run: str, user_id: int, count: int) -> str:
    """``text`` (without an earlier run's marker) ending with this save's marker.

    Stripped as the save service strips 业绩贡献, so the stored text equals the sent one.
    """
    return f"{MARKER.sub('', text).rstrip()}\n[autosave {run} {user_id} #{count}]".strip()


@dataclass
class Check:
    """The rows after the run. ``lost``: drafts whose row lost an acknowledged save;
    ``written_elsewhere``: drafts saved again by someone else after this client's last save
    (another run on the same drafts), whose content this run cannot vouch for."""

    lost: list[int] = field(default_factory=list)
    written_elsewhere: list[int] = field(default_factory=list)


def saves_check(applicants: list[Applicant], stored: dict[int, tuple[int, str]]) -> Check:
    """Every row (``stored``: id → (version, 业绩贡献)) must hold its applicant's last
    acknowledged save, at the version advanced once per acknowledged save.

    A save left in doubt (sent, never answered) may have been committed: the row may then hold
    it instead, one version further. An applicant stops at its first failure, so a row at a
    later version was saved by another client; an earlier version or other content at the
    expected version means an acknowledged save was lost.
    """
    check = Check()
    for applicant in applicants:
        row = stored.get(applicant.declaration_id)
        expected = applicant.start_version + applicant.acknowledged
        if applicant.in_doubt is not None and row == (expected + 1, applicant.in_doubt):
            continue
        if row is not None and row[0] > expected + (applicant.in_doubt is not None):
            check.written_elsewhere.append(applicant.declaration_id)
        elif row != (expected, applicant.content):
            check.lost.append(applicant.declaration_id)
    return check


# --- the load ---------------------------------------------------------------------------------


def api_headers(applicant: Applicant) -> dict[str, str]:
    return {
        "Authorization": f"Token {applicant.token}",
        "Accept": "application/json",
        "Content-Type": "application/json",
    }


async def draft_load(connection: Connection, applicant: Applicant) -> None:
    """The draft as the editor holds it after opening the page: what autosave sends back."""
    response = await connection.request(
        "GET", f"/api/v1/declarations/{applicant.declaration_id}/", headers=api_headers(applicant)
    )
    if response.status != 200:
        raise RuntimeError(f"loading draft {applicant.declaration_id}: {response.status}")
    body = response.json()
    recommending = body["recommending_organisation"]
    applicant.draft = {key: body[key] for key in EDITABLE}
    applicant.draft["recommending_organisation"] = str(recommending["id"]) if recommending else ""
    applicant.start_version = applicant.version = body["version"]
    applicant.content = body["achievements"]


async def save(connection: Connection, applicant: Applicant, *, run: str, phase: Phase) -> bool:
    """One autosave; False when the applicant must stop (refused, or outcome unknown)."""
    content = marked(
        applicant.draft["achievements"],
        run=run,
        user_id=applicant.user_id,
        count=applicant.acknowledged + 1,
    )
    body = json.dumps(
        {**applicant.draft, "achievements": content, "version": applicant.version},
        ensure_ascii=False,
    ).encode()
    path = f"/api/v1/declarations/{applicant.declaration_id}/"
    started = time.perf_counter()
    try:
        response = await asyncio.wait_for(
            connection.request("PATCH", path, headers=api_headers(applicant), body=body),
            REQUEST_TIMEOUT,
        )
    except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
        phase.errors[type(error).__name__] += 1
        applicant.in_doubt = content
        return False
    elapsed = time.perf_counter() - started
    if response.status != 200:
        phase.errors[f"HTTP {response.status}"] += 1
        if response.status >= 500:
            applicant.in_doubt = content
        return False
    answer = response.json()
    if answer["version"] != applicant.version + 1 or answer["achievements"] != content:
        phase.errors["unexpected answer"] += 1
        applicant.in_doubt = content
        return False
    phase.latencies.append(elapsed)
    applicant.version = answer["version"]
    applicant.acknowledged += 1
    applicant.content = content
    return True


async def trivial(connection: Connection, applicant: Applicant, *, phase: Phase) -> bool:
    cookie = f"{settings.SESSION_COOKIE_NAME}={applicant.session_key}"
    started = time.perf_counter()
    try:
        response = await asyncio.wait_for(
            connection.request("GET", "/bench/trivial/", headers={"Cookie": cookie}),
            REQUEST_TIMEOUT,
        )
    except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
        phase.errors[type(error).__name__] += 1
        return False
    if response.status != 200:
        phase.errors[f"HTTP {response.status}"] += 1
        return False
    phase.latencies.append(time.perf_counter() - started)
    return True


Step = Callable[[Connection, Applicant], Awaitable[bool]]


async def closed_loop(
    port: int, applicants: list[Applicant], step: Step, *, seconds: float, phase: Phase
) -> None:
    """Every applicant repeats ``step`` on its own connection until ``seconds`` have passed
    (a request under way is answered before it stops) or the step says to stop; the time is
    added to ``phase``."""
    deadline = time.monotonic() + seconds

    async def applicant_loop(applicant: Applicant) -> None:
        connection = Connection(HOST, port)
        try:
            for _ in range(MAX_REQUESTS_PER_USER):
                if time.monotonic() >= deadline or not await step(connection, applicant):
                    break
        finally:
            connection.close()

    started = time.monotonic()
    await asyncio.gather(*(applicant_loop(applicant) for applicant in applicants))
    phase.seconds += time.monotonic() - started


async def warm_up(port: int, applicants: list[Applicant]) -> None:
    """Every draft loaded as the editor holds it; every worker thread has met the database."""
    connections = [Connection(HOST, port) for _ in applicants]
    try:
        await asyncio.gather(
            *(draft_load(c, a) for c, a in zip(connections, applicants, strict=True))
        )
    finally:
        for connection in connections:
            connection.close()


# --- the server and the database --------------------------------------------------------------


def applicants_pick(count: int) -> list[Applicant]:
    """The first drafts whose applicants have an API token (bench.generate writes 1 000)."""
    drafts = list(
        Declaration.objects.filter(status=DeclarationStatus.DRAFT)
        .filter(applicant__auth_token__isnull=False, applicant__is_active=True)
        .order_by("pk")
        .values_list("pk", "applicant_id", "applicant__auth_token__key")[:count]
    )
    if len(drafts) < count:
        raise SystemExit(f"only {len(drafts)} drafts with an API token; run make bench-data")
    return [Applicant(user_id=u, declaration_id=d, token=key) for d, u, key in drafts]


def sessions_create(applicants: list[Applicant]) -> None:
    """A logged-in session per applicant, as django.contrib.auth.login stores it."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    users = Token.objects.select_related("user").in_bulk(
        [a.token for a in applicants], field_name="key"
    )
    for applicant in applicants:
        user = users[applicant.token].user
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        applicant.session_key = session.session_key


def stored_rows(applicants: list[Applicant]) -> dict[int, tuple[int, str]]:
    rows = Declaration.objects.filter(pk__in=[a.declaration_id for a in applicants])
    return {
        pk: (version, text)
        for pk, version, text in rows.values_list("pk", "version", "achievements")
    }


def client_cpu() -> float:
    """CPU seconds of this process: the load generator's own share of the two cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system) process ``pid`` has used; 0 once it is gone (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@dataclass
class Server:
    """gunicorn on a free loopback port, its database connections named after the port."""

    process: subprocess.Popen
    port: int

    @property
    def application_name(self) -> str:
        return f"bench-autosave-{self.port}"

    @classmethod
    def start(cls, *, workers: int, threads: int, log: Path) -> "Server":
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        command = [
            sys.executable, "-m", "gunicorn", "tesuan.wsgi:application",
            "--bind", f"{HOST}:{port}",
            "--workers", str(workers),
            "--worker-class", "gthread" if threads > 1 else "sync",
            "--threads", str(threads),
            "--keep-alive", "75",  # longer than any pause between the phases
            "--backlog", "2048",
            "--timeout", "60",
            "--log-level", "warning",
        ]  # fmt: skip
        # The database bench.settings resolved here (it copies BENCH_DATABASE_URL to
        # DATABASE_URL): the server writes where the check reads. libpq reads PGAPPNAME.
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_DATABASE_URL": os.environ["DATABASE_URL"],
            "PGAPPNAME": f"bench-autosave-{port}",
        }
        with log.open("w") as output:
            process = subprocess.Popen(
                command,
                cwd=HERE.parent,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = cls(process, port)
        try:
            server.wait()
        except BaseException:
            server.stop()
            raise
        return server

    def wait(self, *, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not listen on {HOST}:{self.port} within {timeout:.0f} s")

    def cpu(self) -> tuple[float, float]:
        """CPU seconds used so far by the workers and by their PostgreSQL backends (read in
        /proc: the database runs on this machine)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                [self.application_name],
            )
            backends = [pid for (pid,) in cursor.fetchall()]
        workers = sum(process_cpu(pid) for pid in children(self.process.pid))
        return workers, sum(process_cpu(pid) for pid in backends)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)


def run(
    *, users: int = 200, seconds: float = 20.0, workers: int = WORKERS, threads: int = THREADS
) -> dict:
    """Start gunicorn, measure both phases back to back, stop it, check the rows.

    The phases run as trivial, autosave, trivial (half the time each side): the other
    processes sharing the two cores come and go, and a drift in their load then weighs on both
    figures alike. The CPU time the server and its database backends spend per request is
    the figure least disturbed by them.
    """
    applicants = applicants_pick(users)
    log = HERE / "var" / "autosave-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    anchor, autosave, tag = Phase(), Phase(), uuid.uuid4().hex[:8]
    slices: list[tuple[Phase, Step, float]] = [
        (anchor, lambda c, a: trivial(c, a, phase=anchor), seconds / 2),
        (autosave, lambda c, a: save(c, a, run=tag, phase=autosave), seconds),
        (anchor, lambda c, a: trivial(c, a, phase=anchor), seconds / 2),
    ]
    try:
        sessions_create(applicants)
        server = Server.start(workers=workers, threads=threads, log=log)
        try:
            asyncio.run(asyncio.wait_for(warm_up(server.port, applicants), 120))
            started, cpu = time.monotonic(), client_cpu()
            for phase, step, duration in slices:
                before = server.cpu()
                asyncio.run(
                    asyncio.wait_for(
                        closed_loop(server.port, applicants, step, seconds=duration, phase=phase),
                        duration + 2 * REQUEST_TIMEOUT,
                    )
                )
                after = server.cpu()
                phase.server_cpu += after[0] - before[0]
                phase.database_cpu += after[1] - before[1]
            client = (client_cpu() - cpu) / (time.monotonic() - started)
        finally:
            server.stop()
    finally:
        Session.objects.filter(session_key__in=[a.session_key for a in applicants]).delete()
    check = saves_check(applicants, stored_rows(applicants))
    trivial_figures, autosave_figures = anchor.summary(), autosave.summary()
    autosave_figures["in_doubt"] = sum(a.in_doubt is not None for a in applicants)
    ratio = (
        autosave_figures["per_second"] / trivial_figures["per_second"]
        if trivial_figures["per_second"]
        else 0.0
    )
    # The same comparison from the CPU each request costs the server and the database.
    trivial_cpu, autosave_cpu = (
        figures["server_cpu_ms"] + figures["database_cpu_ms"]
        for figures in (trivial_figures, autosave_figures)
    )
    return {
        "users": users,
        "seconds": seconds,
        "server": {
            "worker_class": "gthread" if threads > 1 else "sync",
            "workers": workers,
            "threads": threads,
        },
        "database": settings.DATABASES["default"]["NAME"],
        "client_cpu_share": round(client, 2),
        "trivial": trivial_figures,
        "autosave": autosave_figures,
        "ratio": round(ratio, 3),
        "ratio_by_cpu": round(trivial_cpu / autosave_cpu, 3) if autosave_cpu else 0.0,
        "target_ratio": TARGET_RATIO,
        "lost_saves": len(check.lost),
        "lost_declarations": check.lost[:20],
        "written_elsewhere": len(check.written_elsewhere),
        "meets_target": ratio >= TARGET_RATIO and not check.lost,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS, help="1: sync workers")
    parser.add_argument("--out", help="also write the results as JSON to this file")
    args = parser.parse_args()
    results = run(
        users=args.users, seconds=args.seconds, workers=args.workers, threads=args.threads
    )
    server = results["server"]
    print(
        f"{results['users']} users, {results['seconds']:g} s per phase, gunicorn "
        f"{server['workers']} × {server['worker_class']} ({server['threads']} threads), "
        f"{results['database']}, load generator {results['client_cpu_share']:.0%} of a core"
    )
    print(
        f"{'phase':10} {'requests':>9} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}"
        f" {'CPU ms: server':>15} {'database':>9}"
    )
    for name in ("trivial", "autosave"):
        row = results[name]
        print(
            f"{name:10} {row['requests']:9} {row['per_second']:8.1f} {row['p50_ms']:8.1f} "
            f"{row['p95_ms']:8.1f} {row['errors']:7} {row['server_cpu_ms']:15.1f} "
            f"{row['database_cpu_ms']:9.1f}"
        )
    print(
        f"autosave / trivial = {results['ratio']:.2f} (target ≥ {TARGET_RATIO:.2f}; "
        f"{results['ratio_by_cpu']:.2f} by CPU per request), lost saves: "
        f"{results['lost_saves']}, in doubt: {results['autosave']['in_doubt']}, "
        f"written elsewhere: {results['written_elsewhere']}, "
        f"meets target: {'yes' if results['meets_target'] else 'NO'}"
    )
    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
