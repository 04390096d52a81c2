"""Bulk writes with PostgreSQL COPY: small tables through Django's own connection, the big ones
on connections of their own, so that several backends (one core each) parse and store at once."""

import queue
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import psycopg
from django.db import connection
from django.db.models import Model
from psycopg.conninfo import make_conninfo

from bench.columns import model_columns

# For the bulk connections: the generator keeps every foreign key consistent itself, so the
# per-row FK triggers are skipped (Django's are deferred to COMMIT, where they cost more than the
# COPY); lz4 compresses the ~4 KB JSON several times faster than the default pglz; nothing waits
# for a WAL flush at COMMIT (a failed run is dropped anyway).
BULK_SESSION = (
    "SET session_replication_role = replica",
    "SET default_toast_compression = lz4",
    "SET synchronous_commit = off",
)
# For index builds: sorts in memory. Each connection builds one index at a time on its own core.
INDEX_SESSION = (
    "SET maintenance_work_mem = '512MB'",
    "SET max_parallel_maintenance_workers = 0",
)


def conninfo() -> str:
    """The libpq connection string of Django's default database."""
    db = connection.settings_dict
    params = {"dbname": db["NAME"], "host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    return make_conninfo(password=db["PASSWORD"] or None, **{k: v for k, v in params.items() if v})


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY ``rows`` (tuples in ``columns`` order) into the model's table, every other column
    the model requires filled from its default (bench.columns); returns the count."""
    connection.ensure_connection()
    count = 0
    table = model_columns(model, columns)
    sql = copy_sql(table.table, table.names)
    tail = table.values
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            count += 1
    return count


def copy_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    return f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"


class CopyStream:
    """COPY FROM STDIN into one table on a connection of its own, fed by a thread: ``write()``
    queues a chunk of COPY text and returns, so the caller makes the next rows while the backend
    parses these. At most ``depth`` chunks wait: the memory it takes does not grow with N."""

    def __init__(self, table: str, columns: Sequence[str], *, depth: int = 2) -> None:
        self.sql = copy_sql(table, columns)
        self.chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=depth)
        self.aborted = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=table)
        self.thread.start()

    def _run(self) -> None:
        ended = False
        try:
            with psycopg.connect(conninfo()) as own:
                for statement in BULK_SESSION:
                    own.execute(statement)
                with own.cursor() as cursor, cursor.copy(self.sql) as copy:
                    while (chunk := self.chunks.get()) is not None:
                        copy.write(chunk)
                    ended = True
                    if self.aborted:  # psycopg ends the COPY with an error, the rest rolls back
                        raise CopyAborted
        except CopyAborted:
            pass
        except BaseException as error:  # raised in the caller's thread by write() and close()
            self.error = error
            while not ended and self.chunks.get() is not None:  # never leave write() blocked
                pass

    def write(self, chunk: bytes) -> None:
        if self.error:
            raise self.error
        self.chunks.put(chunk)

    def close(self, *, abort: bool = False) -> None:
        """Wait for the COPY to end, committed, or rolled back if ``abort``."""
        self.aborted = abort
        self.chunks.put(None)
        self.thread.join()
        if self.error and not abort:
            raise self.error


class CopyAborted(Exception):
    pass


@contextmanager
def copy_streams(
    tables: Mapping[str, tuple[str, Sequence[str]]],
) -> Iterator[dict[str, CopyStream]]:
    """A CopyStream per table, under the keys of ``tables``, all committed at the end (each on
    its own: all or nothing is the caller's concern, the database being built under another
    name) or all rolled back on an error."""
    streams = {key: CopyStream(table, columns) for key, (table, columns) in tables.items()}
    try:
        yield streams
    except BaseException:
        for stream in streams.values():
            stream.close(abort=True)
        raise
    errors = []
    for stream in streams.values():  # every one, so that no thread is left waiting
        try:
            stream.close()
        except Exception as error:
            errors.append(error)
    if errors:
        raise errors[0]


def statements_parallel(
    lanes: Sequence[Sequence[str]], *, shared: Sequence[str] = (), session: Sequence[str] = ()
) -> list[list[int]]:
    """Run each lane's statements in order, every lane on an autocommit connection of its own
    and all lanes at once, then the ``shared`` statements, each taken by the first lane free.
    Returns the row count of each lane's own statements, lane by lane."""
    waiting: queue.SimpleQueue[str] = queue.SimpleQueue()
    for statement in shared:
        waiting.put(statement)

    def run(lane: Sequence[str]) -> list[int]:
        with psycopg.connect(conninfo(), autocommit=True) as own:
            for statement in session:
                own.execute(statement)
            counts = [own.execute(statement).rowcount for statement in lane]
            while True:
                try:
                    own.execute(waiting.get_nowait())
                except queue.Empty:
                    return counts

    with ThreadPoolExecutor(len(lanes)) as pool:
        return [future.result() for future in [pool.submit(run, lane) for lane in lanes]]


def tables() -> list[str]:
    """The tables of the public schema."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [name for (name,) in cursor.fetchall()]


def sequences_reset(models: Iterable[type[Model]]) -> None:
    """Move each table's id sequence past the ids the generator assigned itself."""
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0) + 1, false)",
                [table],
            )


def secondary_indexes_drop(models: Sequence[type[Model]]) -> list[tuple[str, str]]:
    """Drop the indexes of these tables that back no constraint and return their tables and
    definitions, in the order of ``models``: built again after the load, one sort per index
    instead of one B-tree insertion per row."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        indexes = sorted(cursor.fetchall(), key=lambda index: tables.index(index[0]))
        for _table, name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [(table, definition) for table, _name, definition in indexes]
