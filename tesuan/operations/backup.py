"""Backup and restore of the database and the stored files (MEDIA_ROOT or the S3 bucket).

An archive is one directory ``tesuan-YYYYMMDD-HHMMSS`` (Asia/Shanghai time) holding the database
(``database.dump``, made by ``pg_dump --format=custom``; ``database.sqlite3`` for the SQLite
demo), ``media.tar`` and ``manifest.json``: when, which database, the row counts of the key tables,
the number of files and the SHA-256 of each part. A restore checks every SHA-256 before it changes
anything and compares the row counts with the manifest afterwards.

The key tables are named by model label and resolved through the app registry: this module lives
in ``tesuan``, which must not import the apps built on it.
"""

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import psycopg
from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

from tesuan.operations.errors import BackupError

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
ARCHIVE_PREFIX = "tesuan-"
FORMAT_VERSION = 1

# The tables an operator checks a restore by: model label, what it is called, its measure word.
KEY_MODELS = (
    ("applications.Declaration", "申报表", "份"),
    ("accounts.User", "用户", "个"),
    ("orgs.Organisation", "机构", "个"),
    ("applications.DeclarationTransition", "流转记录", "条"),
    ("applications.ProofMaterial", "证明材料", "份"),
    ("applications.DocumentRender", "生成文档", "份"),
)


class Database(Protocol):
    engine: str
    dump_name: str

    @property
    def name(self) -> str: ...

    def dump(self, path: Path, tables: list[str]) -> dict[str, int | None]:
        """Write the whole database to ``path``; the row counts of ``tables`` in that copy."""

    def restore(self, path: Path) -> None: ...

    def is_empty(self) -> bool: ...

    def count(self, tables: list[str]) -> dict[str, int | None]:
        """Row counts; None for a table that does not exist."""


class PostgresDatabase:
    engine = "postgresql"
    dump_name = "database.dump"

    def __init__(self, settings_dict: dict[str, Any]) -> None:
        self.settings = settings_dict

    @property
    def name(self) -> str:
        return str(self.settings["NAME"])

    def _conninfo(self) -> str:
        parameters = {
            "dbname": self.settings["NAME"],
            "user": self.settings.get("USER"),
            "password": self.settings.get("PASSWORD"),
            "host": self.settings.get("HOST"),
            "port": self.settings.get("PORT"),
            "sslmode": (self.settings.get("OPTIONS") or {}).get("sslmode"),
        }
        return make_conninfo(**{key: str(value) for key, value in parameters.items() if value})

    def _connect(self, **options: Any) -> psycopg.Connection:
        try:
            return psycopg.connect(self._conninfo(), **options)
        except psycopg.OperationalError as error:
            raise BackupError(f"无法连接数据库 {self.name}：{error}".strip()) from None

    def _client_env(self) -> dict[str, str]:
        """The connection for pg_dump and pg_restore: the password never on a command line."""
        env = dict(os.environ)
        for variable, key in (
            ("PGHOST", "HOST"),
            ("PGPORT", "PORT"),
            ("PGUSER", "USER"),
            ("PGPASSWORD", "PASSWORD"),
            ("PGDATABASE", "NAME"),
        ):
            if self.settings.get(key):
                env[variable] = str(self.settings[key])
        if sslmode := (self.settings.get("OPTIONS") or {}).get("sslmode"):
            env["PGSSLMODE"] = str(sslmode)
        return env

    def dump(self, path: Path, tables: list[str]) -> dict[str, int | None]:
        """Counts and dump read one exported snapshot, so the manifest describes the dump exactly
        even while the site keeps writing."""
        with self._connect() as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            (snapshot,) = connection.execute("SELECT pg_export_snapshot()").fetchone()
            counts = _postgres_counts(connection, tables)
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
                self._client_env(),
            )
        return counts

    def restore(self, path: Path) -> None:
        # One transaction: a failed restore leaves the database as it was. --no-owner and
        # --no-acl let the archive be restored by another role on another machine.
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                f"--dbname={self.name}",
                str(path),
            ],
            self._client_env(),
        )

    def is_empty(self) -> bool:
        with self._connect() as connection:
            (tables,) = connection.execute(
                "SELECT count(*) FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()
        return tables == 0

    def count(self, tables: list[str]) -> dict[str, int | None]:
        with self._connect() as connection:
            return _postgres_counts(connection, tables)


def _postgres_counts(connection: psycopg.Connection, tables: list[str]) -> dict[str, int | None]:
    counts: dict[str, int | None] = {}
    for table in tables:
        (exists,) = connection.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()
        counts[table] = (
            connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            if exists
            else None
        )
    return counts


class SqliteDatabase:
    """The demo database, copied with SQLite's online backup API."""

    engine = "sqlite3"
    dump_name = "database.sqlite3"

    def __init__(self, settings_dict: dict[str, Any]) -> None:
        self.settings = settings_dict

    @property
    def name(self) -> str:
        return str(self.settings["NAME"])

    def _connect(self) -> sqlite3.Connection:
        # Django's in-memory test database is a shared-cache URI.
        return sqlite3.connect(self.name, uri=self.name.startswith("file:"))

    def dump(self, path: Path, tables: list[str]) -> dict[str, int | None]:
        with closing(self._connect()) as source, closing(sqlite3.connect(path)) as copy:
            source.backup(copy)
            return _sqlite_counts(copy, tables)

    def restore(self, path: Path) -> None:
        with closing(sqlite3.connect(path)) as source, closing(self._connect()) as target:
            source.backup(target)

    def is_empty(self) -> bool:
        if not self.name.startswith("file:") and not Path(self.name).exists():
            return True
        with closing(self._connect()) as connection:
            (tables,) = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchone()
        return tables == 0

    def count(self, tables: list[str]) -> dict[str, int | None]:
        with closing(self._connect()) as connection:
            return _sqlite_counts(connection, tables)


def _sqlite_counts(connection: sqlite3.Connection, tables: list[str]) -> dict[str, int | None]:
    counts: dict[str, int | None] = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        try:
            counts[table] = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
        except sqlite3.OperationalError:
            counts[table] = None
    return counts


# By the name of the Django backend module.
ENGINES: dict[str, type[PostgresDatabase] | type[SqliteDatabase]] = {
    PostgresDatabase.engine: PostgresDatabase,
    SqliteDatabase.engine: SqliteDatabase,
}


def database_for(settings_dict: dict[str, Any]) -> Database:
    engine = settings_dict["ENGINE"]
    database = ENGINES.get(engine.rsplit(".", 1)[-1])
    if database is None:
        raise BackupError(f"不支持的数据库类型 {engine}：只能备份和恢复 PostgreSQL 或 SQLite。")
    return database(settings_dict)


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"未找到 {command[0]}：请安装 postgresql-client，主版本不低于数据库服务器的版本。"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 执行失败：{result.stderr.strip()[-2000:]}")


@dataclass(frozen=True)
class TableRows:
    model: str
    table: str
    name: str
    unit: str
    rows: int | None

    def amount(self) -> str:
        return "没有这张表" if self.rows is None else f"{self.rows} {self.unit}"

    def text(self) -> str:
        return f"{self.name} {self.amount()}"


def key_tables() -> list[TableRows]:
    return [
        TableRows(label, apps.get_model(label)._meta.db_table, name, unit, None)
        for label, name, unit in KEY_MODELS
    ]


def rows_text(tables: list[TableRows]) -> str:
    """E.g. "申报表 1234 份，用户 80 个，…"."""
    return "，".join(table.text() for table in tables)


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def stored_files(storage: Storage) -> list[str]:
    """The name of every file in ``storage`` (a directory or a bucket), through the storage API."""
    found: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:  # a directory not yet made holds nothing
            continue
        found += [posixpath.join(folder, name) for name in files]
        folders += [posixpath.join(folder, name) for name in subfolders]
    return sorted(found)


def storage_place(storage: Storage) -> str:
    """Where ``storage`` keeps its files, for messages: a directory or ``s3://bucket/prefix``."""
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        return f"s3://{bucket}/{getattr(storage, 'location', '')}".rstrip("/")
    return str(getattr(storage, "location", storage))


def _media_pack(storage: Storage, target: Path) -> tuple[int, int]:
    """Tar every stored file, read through ``storage``; the number of files and their total size."""
    names = stored_files(storage)
    total = 0
    with tarfile.open(target, "w") as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mode = 0o600
            info.mtime = int(storage.get_modified_time(name).timestamp())
            with storage.open(name, "rb") as stream:
                tar.addfile(info, stream)
            total += info.size
    return len(names), total


def _media_unpack(source: Path, storage: Storage) -> int:
    """Write each regular file of the tar into ``storage`` under its own name (replacing a file
    of that name). Names are checked as tar's "data" filter does: none absolute, none leaving the
    archive's root."""
    restored = 0
    with tarfile.open(source) as tar:
        for member in tar:
            try:
                checked = tarfile.data_filter(member, "/restore")
            except tarfile.FilterError as error:
                raise BackupError(
                    f"备份中的文件名不安全，未恢复：{member.name}（{error}）。"
                ) from None
            if not checked.isfile():
                continue
            name = checked.name
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(tar.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"文件 {name} 恢复后的名称变成了 {saved}。")
            restored += 1
    return restored


@dataclass(frozen=True)
class Backup:
    path: Path
    tables: list[TableRows]
    files: int
    pruned: list[Path]


def backup_create(
    *,
    backup_dir: Path,
    database_settings: dict[str, Any],
    storage: Storage,
    keep: int | None = None,
) -> Backup:
    """Write one archive under ``backup_dir``: the database, the stored files (``storage``: the
    local MEDIA_ROOT or the S3 bucket) and the manifest.

    The archive is built under a hidden name and renamed when complete, so a directory named
    ``tesuan-…`` is always a whole backup. It holds personal data: readable by its owner only.
    The database is dumped before the files are packed; stored files are never overwritten
    (random or content-derived names), so every file the dump refers to is in the tar. With
    ``keep``, archives beyond the newest ``keep`` are deleted afterwards.
    """
    database = database_for(database_settings)
    created: datetime = timezone.localtime()
    name = f"{ARCHIVE_PREFIX}{created:%Y%m%d-%H%M%S}"
    archive = backup_dir / name
    if archive.exists():
        raise BackupError(f"备份 {archive} 已存在，请一秒后再试。")
    backup_dir.mkdir(parents=True, exist_ok=True)
    partial = backup_dir / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    try:
        tables = key_tables()
        counts = database.dump(partial / database.dump_name, [table.table for table in tables])
        tables = [TableRows(t.model, t.table, t.name, t.unit, counts[t.table]) for t in tables]
        if missing := [table.name for table in tables if table.rows is None]:
            raise BackupError(
                f"数据库 {database.name} 中没有{'、'.join(missing)}的表，请先执行 migrate。"
            )
        files, size = _media_pack(storage, partial / MEDIA_TAR)
        parts = {
            part: {"sha256": _sha256(partial / part), "bytes": (partial / part).stat().st_size}
            for part in (database.dump_name, MEDIA_TAR)
        }
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created.isoformat(timespec="seconds"),
            "time_zone": str(created.tzinfo),
            "engine": database.engine,
            "database": database.name,
            "tables": [asdict(table) for table in tables],
            "media": {"files": files, "bytes": size},
            "parts": parts,
        }
        (partial / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        for path in partial.iterdir():
            path.chmod(0o600)
        partial.rename(archive)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(archive, tables, files, _prune(backup_dir, keep) if keep else [])


def _prune(backup_dir: Path, keep: int) -> list[Path]:
    # The names sort by time.
    archives = sorted(
        path for path in backup_dir.glob(f"{ARCHIVE_PREFIX}*") if (path / MANIFEST).is_file()
    )
    old = archives[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


@dataclass(frozen=True)
class Manifest:
    engine: str
    database: str
    created_at: str
    tables: list[TableRows]
    files: int


def backup_verify(*, archive: Path) -> Manifest:
    """The manifest of ``archive`` once every part's SHA-256 matches it; BackupError otherwise."""
    try:
        raw = json.loads((archive / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(
            engine=raw["engine"],
            database=raw["database"],
            created_at=raw["created_at"],
            tables=[TableRows(**table) for table in raw["tables"]],
            files=int(raw["media"]["files"]),
        )
        parts: dict[str, dict[str, Any]] = raw["parts"]
    except FileNotFoundError:
        raise BackupError(f"{archive} 不是备份目录：缺少 {MANIFEST}。") from None
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"{archive / MANIFEST} 已损坏，无法读取。") from None
    if raw.get("format") != FORMAT_VERSION or manifest.engine not in ENGINES:
        raise BackupError(f"不认识的备份格式（{raw.get('format')}，{manifest.engine}）。")
    for required in (ENGINES[manifest.engine].dump_name, MEDIA_TAR):
        if required not in parts:
            raise BackupError(f"备份清单不完整：没有 {required}。")
    for part, expected in parts.items():
        path = archive / part
        if Path(part).name != part or not path.is_file():
            raise BackupError(f"备份不完整：缺少 {part}。")
        actual = _sha256(path)
        if actual != expected["sha256"]:
            raise BackupError(
                f"备份已损坏：{part} 的 SHA-256 与清单不符"
                f"（清单 {expected['sha256'][:16]}…，实际 {actual[:16]}…）。未做任何恢复。"
            )
    return manifest


@dataclass(frozen=True)
class Restore:
    expected: list[TableRows]
    restored: list[TableRows]
    files_expected: int
    files_restored: int

    @property
    def mismatches(self) -> list[str]:
        found = [
            f"{want.name}：备份 {want.amount()}，恢复后 {got.amount()}"
            for want, got in zip(self.expected, self.restored, strict=True)
            if want.rows != got.rows
        ]
        if self.files_expected != self.files_restored:
            found.append(f"文件：备份 {self.files_expected} 个，恢复后 {self.files_restored} 个")
        return found


def backup_restore(
    *,
    archive: Path,
    database_settings: dict[str, Any],
    storage: Storage,
    force: bool = False,
) -> Restore:
    """Restore ``archive`` into the database and ``storage``, then count what arrived.

    Nothing is touched unless every SHA-256 matches and, without ``force``, the database has no
    tables and ``storage`` no files. With ``force`` the database is replaced and the archive's
    files are written over those in ``storage`` (files only there are left in place).
    """
    manifest = backup_verify(archive=archive)
    database = database_for(database_settings)
    if manifest.engine != database.engine:
        raise BackupError(
            f"这是 {manifest.engine} 数据库的备份，不能恢复到 {database.engine} 数据库。"
        )
    if not force:
        if not database.is_empty():
            raise BackupError(
                f"数据库 {database.name} 不是空的。确定要用备份覆盖其中的数据，请加 --force。"
            )
        if stored_files(storage):
            raise BackupError(
                f"文件存储 {storage_place(storage)} 不是空的。确定要用备份中的文件覆盖，"
                "请加 --force。"
            )
    database.restore(archive / database.dump_name)
    files = _media_unpack(archive / MEDIA_TAR, storage)
    counts = database.count([table.table for table in manifest.tables])
    restored = [
        TableRows(t.model, t.table, t.name, t.unit, counts[t.table]) for t in manifest.tables
    ]
    return Restore(manifest.tables, restored, manifest.files, files)
