"""manage.py backup / restore: a round trip into a fresh database, and the refusals.

The commands run against the database pytest-django created; on PostgreSQL (CI's second pass)
that is pg_dump and pg_restore, on SQLite the online backup API. pg_dump reads from another
process, so the data must be committed: these tests are transactional.
"""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql
from pypdf import PdfWriter

from applications import services
from applications.documents.services import document_request
from applications.models import Declaration, DocumentRender, ProofMaterial
from tests.factories import campaign, complete_changes, jpeg_upload, resident_id, unit, user
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry
from tesuan.orgs.loader import shanxi_load

pytestmark = pytest.mark.django_db(transaction=True)


def _url(database: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"


@pytest.fixture
def fresh_database_url(tmp_path) -> Iterator[str]:
    """An empty database of the same engine as the default one, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(_url("postgres"), autocommit=True) as server:
        server.execute(drop)
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _url(name)
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as server:
            server.execute(drop)


def _select(url: str, query: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
            return database.execute(query).fetchall()
    with psycopg.connect(url) as database:
        return database.execute(query).fetchall()


def _refused(url: str, statement: str) -> bool:
    """Whether the database at ``url`` refuses ``statement`` (a trigger raising, say)."""
    try:
        if url.startswith("sqlite:///"):
            with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
                database.execute(statement)
        else:
            with psycopg.connect(url) as database:
                database.execute(statement)
    except (sqlite3.DatabaseError, psycopg.Error):
        return True
    return False


def _pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(300, 400)
    writer.add_metadata({"/Title": title})
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _declaration_with_proofs(number: int) -> Declaration:
    """Submitted through the services, with a photo and two proof PDFs."""
    applicant = user(Role.APPLICANT, unit("140403", "潞州区人民医院"), name=f"申报人{number}")
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=complete_changes(id_number=resident_id(f"14040319750315{2 * number + 1:03d}")),
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )
    for proof in range(2):
        services.proof_material_add(
            actor=applicant,
            declaration_id=declaration.pk,
            upload=SimpleUploadedFile(f"证明{proof}.pdf", _pdf(f"证明材料 {number}-{proof}")),
        )
    return services.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def _backup(directory: Path) -> Path:
    call_command("backup", "--dir", str(directory), stdout=StringIO())
    (archive,) = directory.iterdir()
    return archive


def _restore(archive: Path, *options: str) -> str:
    out = StringIO()
    call_command("restore", str(archive), *options, stdout=out)
    return out.getvalue()


def test_a_backup_restores_every_row_and_file_into_a_fresh_database(
    settings, tmp_path, fresh_database_url
):
    shanxi_load()
    campaign()
    declarations = [_declaration_with_proofs(number) for number in range(2)]
    document_request(
        actor=declarations[0].applicant, declaration_id=declarations[0].pk, file_format="docx"
    )
    stored = [d.photo.name for d in declarations]
    stored += [proof.file.name for proof in ProofMaterial.objects.all()]
    stored += [render.file.name for render in DocumentRender.objects.exclude(file="")]
    assert len(stored) == 2 + 4 + 1
    source_media = Path(settings.MEDIA_ROOT)
    source_bytes = {name: (source_media / name).read_bytes() for name in stored}
    source_rows = {model._meta.db_table: model.objects.count() for model in apps.get_models()}
    audit_columns = "id, event, actor_id, target_type, target_id, org_path"
    source_audit = list(AuditEntry.objects.order_by("id").values_list(*audit_columns.split(", ")))
    assert [row[1] for row in source_audit].count(AuditEvent.DECLARATION_SUBMITTED) == 2

    archive = _backup(tmp_path / "backups")
    manifest = json.loads((archive / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["time_zone"] == "Asia/Shanghai"
    assert manifest["created_at"].endswith("+08:00")
    assert manifest["database"] == connection.settings_dict["NAME"]
    assert {table["name"]: table["rows"] for table in manifest["tables"]}["申报表"] == 2
    assert manifest["media"]["files"] == 7
    settings.MEDIA_ROOT = restored_media = tmp_path / "restored-media"
    report = _restore(archive, "--database-url", fresh_database_url)

    assert "恢复完成：申报表 2 份" in report
    assert "证明材料 4 份，生成文档 1 份；文件 7 个。" in report
    assert _select(fresh_database_url, "SELECT id, photo FROM applications_declaration") == sorted(
        (d.pk, d.photo.name) for d in declarations
    )
    for table, rows in source_rows.items():
        assert _select(fresh_database_url, f'SELECT count(*) FROM "{table}"') == [(rows,)], table
    restored_names = {
        name
        for (name,) in _select(
            fresh_database_url,
            "SELECT photo FROM applications_declaration UNION SELECT file FROM"
            " applications_proofmaterial UNION SELECT file FROM applications_documentrender",
        )
    }
    assert restored_names == set(stored)
    for name, content in source_bytes.items():
        assert (restored_media / name).read_bytes() == content, name
    # The audit log comes back whole, and still append-only: the trigger is restored with it.
    restored_audit = _select(
        fresh_database_url, f"SELECT {audit_columns} FROM audit_auditentry ORDER BY id"
    )
    assert restored_audit == source_audit
    assert _refused(fresh_database_url, "UPDATE audit_auditentry SET reason = 'x'")


def test_a_tampered_archive_is_refused_before_anything_is_restored(
    settings, tmp_path, fresh_database_url
):
    archive = _backup(tmp_path / "backups")
    dump = next(path for path in archive.iterdir() if path.name.startswith("database."))
    content = bytearray(dump.read_bytes())
    content[len(content) // 2] ^= 0x01
    dump.write_bytes(bytes(content))
    settings.MEDIA_ROOT = restored_media = tmp_path / "restored-media"

    with pytest.raises(CommandError, match=f"备份已损坏：{dump.name} 的 SHA-256 与清单不符"):
        _restore(archive, "--database-url", fresh_database_url)

    tables = (
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        if connection.vendor == "postgresql"
        else "SELECT count(*) FROM sqlite_master"
    )
    assert _select(fresh_database_url, tables) == [(0,)]
    assert not restored_media.exists()


def test_restoring_over_a_database_with_tables_needs_force(settings, tmp_path):
    shanxi_load()
    campaign()
    declaration = _declaration_with_proofs(1)
    archive = _backup(tmp_path / "backups")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    Declaration.objects.filter(pk=declaration.pk).update(applicant_name="改过的名字")

    with pytest.raises(CommandError, match="不是空的。确定要用备份覆盖其中的数据，请加 --force"):
        _restore(archive)
    assert Declaration.objects.get(pk=declaration.pk).applicant_name == "改过的名字"

    assert "恢复完成：申报表 1 份" in _restore(archive, "--force")
    assert Declaration.objects.get(pk=declaration.pk).applicant_name == "申报人1"


def test_the_bucket_objects_are_backed_up_and_restored_into_an_empty_bucket(
    settings, tmp_path, fresh_database_url, s3_bucket
):
    shanxi_load()
    campaign()
    declaration = _declaration_with_proofs(1)
    stored = {declaration.photo.name} | {p.file.name for p in declaration.proof_materials.all()}
    assert s3_bucket.stored() == stored
    source = {key: _object(s3_bucket, key) for key in stored}
    archive = _backup(tmp_path / "backups")
    assert json.loads((archive / "manifest.json").read_text(encoding="utf-8"))["media"][
        "files"
    ] == len(stored)

    s3_bucket.client.delete_objects(
        Bucket=s3_bucket.name, Delete={"Objects": [{"Key": key} for key in stored]}
    )
    assert s3_bucket.stored() == set()
    report = _restore(archive, "--database-url", fresh_database_url)
    assert f"文件 {len(stored)} 个。" in report
    assert {key: _object(s3_bucket, key) for key in stored} == source
    assert s3_bucket.stored() == stored


def _object(s3_bucket, key: str) -> bytes:
    return s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=key)["Body"].read()
