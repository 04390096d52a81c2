"""The autosave benchmark's pieces: percentiles, markers, the lost-save check, the HTTP client,
and one applicant's closed loop against the live test server, checked in the database."""

import asyncio
import os
import subprocess
import sys
import threading

import pytest
from rest_framework.authtoken.models import Token

from applications import services
from applications.models import Declaration
from bench.autosave import (
    Applicant,
    Check,
    Connection,
    Phase,
    children,
    closed_loop,
    draft_load,
    marked,
    process_cpu,
    save,
    saves_check,
    stored_rows,
)
from bench.stats import percentile
from tests.factories import campaign, unit, user
from tesuan.accounts.enums import Role


def test_percentile_is_the_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 51.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(list(reversed(values)), 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([], 0.95) == 0.0


def test_a_phase_reports_rates_and_cpu_per_answered_request():
    phase = Phase(seconds=2.0, latencies=[0.1, 0.2, 0.3, 0.4], server_cpu=0.04, database_cpu=0.01)
    phase.errors["HTTP 409"] += 1
    summary = phase.summary()
    assert (summary["requests"], summary["per_second"], summary["errors"]) == (4, 2.0, 1)
    assert (summary["p50_ms"], summary["p95_ms"], summary["max_ms"]) == (300.0, 400.0, 400.0)
    assert (summary["server_cpu_ms"], summary["database_cpu_ms"]) == (10.0, 2.5)
    assert Phase().summary()["server_cpu_ms"] == 0.0


def test_cpu_is_read_for_a_servers_children_and_is_zero_once_gone():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10)"])
    try:
        assert child.pid in children(os.getpid())
        assert process_cpu(os.getpid()) > 0
    finally:
        child.kill()
        child.wait(timeout=10)
    assert child.pid not in children(os.getpid())
    assert process_cpu(child.pid) == 0.0


def test_a_marker_replaces_the_previous_runs_and_survives_the_services_strip():
    assert marked("业绩贡献。\n[autosave 0a1b2c3d 7 #41]", run="ffff0000", user_id=7, count=1) == (
        "业绩贡献。\n[autosave ffff0000 7 #1]"
    )
    assert marked("  ", run="ffff0000", user_id=7, count=2) == "[autosave ffff0000 7 #2]"
    first = marked("业绩", run="ffff0000", user_id=7, count=1)
    assert marked(first, run="ffff0000", user_id=7, count=2) == "业绩\n[autosave ffff0000 7 #2]"


def applicant(declaration_id: int, *, acknowledged: int, in_doubt: str | None = None) -> Applicant:
    return Applicant(
        user_id=declaration_id,
        declaration_id=declaration_id,
        token="",
        start_version=5,
        acknowledged=acknowledged,
        content=f"last {declaration_id}",
        in_doubt=in_doubt,
    )


def test_a_row_must_hold_the_last_acknowledged_save_and_count_every_save():
    applicants = [applicant(n, acknowledged=3) for n in (1, 2, 3, 4, 5)] + [
        applicant(6, acknowledged=0)
    ]
    stored = {
        1: (8, "last 1"),  # as acknowledged
        2: (8, "earlier 2"),  # an acknowledged save overwritten by an older one
        3: (7, "last 3"),  # an acknowledged save not counted, or rolled back
        5: (9, "someone else's"),  # saved again by another client after the last save
        6: (5, "last 6"),  # nothing saved, nothing changed
    }  # 4: the row is gone
    check = saves_check(applicants, stored)
    assert check.lost == [2, 3, 4]
    assert check.written_elsewhere == [5]


def test_a_save_in_doubt_may_or_may_not_have_been_written():
    applicants = [applicant(n, acknowledged=2, in_doubt=f"doubt {n}") for n in (1, 2, 3, 4)]
    stored = {1: (7, "last 1"), 2: (8, "doubt 2"), 3: (8, "last 3"), 4: (9, "doubt 4")}
    check = saves_check(applicants, stored)
    assert check.lost == [3]
    assert check.written_elsewhere == [4]


def in_fresh_loop(coroutine) -> None:
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright keeps an event loop
    running in the main thread for the rest of the session."""
    failures: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as failure:  # re-raised in the test's thread
            failures.append(failure)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


async def serve(answers: list[bytes]) -> tuple[asyncio.Server, int, list[bytes]]:
    """A server answering requests with ``answers`` in turn, closing the connection after one
    saying so (and instead of an empty one)."""
    received: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while answers:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            received.append(head + await reader.readexactly(length))
            answer = answers.pop(0)
            writer.write(answer)
            await writer.drain()
            if not answer or b"Connection: close" in answer:
                break
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], received


def test_the_client_keeps_the_connection_and_reads_both_body_framings():
    async def scenario() -> None:
        server, port, received = await serve(
            [
                b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
                b"HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n",
            ]
        )
        async with server:
            connection = Connection("127.0.0.1", port)
            first = await connection.request("PATCH", "/a/", headers={"X": "1"}, body=b"[]")
            second = await connection.request("GET", "/b/")
            connection.close()
        assert (first.status, first.json()) == (200, {})
        assert (second.status, second.json()) == (409, [1, 2])
        assert received[0].startswith(b"PATCH /a/ HTTP/1.1\r\n") and received[0].endswith(b"[]")
        assert b"X: 1\r\n" in received[0] and b"Content-Length: 2\r\n" in received[0]
        assert received[1].startswith(b"GET /b/ HTTP/1.1\r\n")

    in_fresh_loop(asyncio.wait_for(scenario(), 10))


def test_the_client_reconnects_after_the_server_closes():
    async def scenario() -> None:
        closing = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n1"
        server, port, received = await serve([closing, closing])
        async with server:
            connection = Connection("127.0.0.1", port)
            answers = [await connection.request("GET", "/") for _ in range(2)]
            connection.close()
        assert [answer.body for answer in answers] == [b"1", b"1"]
        assert len(received) == 2

    in_fresh_loop(asyncio.wait_for(scenario(), 10))


def test_the_client_reports_a_connection_closed_without_an_answer():
    async def scenario() -> None:
        server, port, _received = await serve([b""])
        async with server:
            connection = Connection("127.0.0.1", port)
            with pytest.raises(ConnectionError):
                await connection.request("PATCH", "/", body=b"{}")

    in_fresh_loop(asyncio.wait_for(scenario(), 10))


@pytest.mark.django_db(transaction=True)
def test_every_acknowledged_save_of_a_real_loop_is_in_the_row(live_server):
    from tesuan.orgs.loader import shanxi_load

    shanxi_load()
    campaign()
    account = user(Role.APPLICANT, unit("140403"))
    declaration = services.declaration_create(actor=account, talent_type="professional")
    # One applicant: the live server shares one SQLite connection among its threads.
    loader = Applicant(
        user_id=account.pk,
        declaration_id=declaration.pk,
        token=Token.objects.create(user=account).key,
    )
    port = int(live_server.url.rsplit(":", 1)[1])
    phase = Phase()

    async def scenario() -> None:
        connection = Connection("127.0.0.1", port)
        await draft_load(connection, loader)
        connection.close()
        await closed_loop(
            port,
            [loader],
            lambda c, a: save(c, a, run="0badcafe", phase=phase),
            seconds=0.5,
            phase=phase,
        )

    in_fresh_loop(asyncio.wait_for(scenario(), 30))
    assert phase.errors == {} and loader.acknowledged == len(phase.latencies) > 0
    assert saves_check([loader], stored_rows([loader])) == Check()
    row = Declaration.objects.get(pk=declaration.pk)
    assert row.version == 1 + loader.acknowledged
    assert row.achievements == f"[autosave 0badcafe {account.pk} #{loader.acknowledged}]"
    assert row.basic["employer"] == account.organisation.name  # the whole draft went back

    Declaration.objects.filter(pk=declaration.pk).update(achievements="older")
    assert saves_check([loader], stored_rows([loader])).lost == [declaration.pk]
