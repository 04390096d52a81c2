"""The 人选一览表 export at 10 000 and 100 000 rows through the export job, against the sheet
writer (``tesuan.spreadsheets``, openpyxl's write-only mode with the printed list's styles)
writing the same rows from a list already in memory.

The lists come from a scratch database, ``<bench database>_export``, copied from the national
bench database (``pg_dump``, which works while others are connected) and prepared once: every
declaration is moved into 山西省 (10 000 under 长治市, the rest spread over the other cities'
units), submitted and waiting at the ministry, so the province's list has 100 000 candidates and
长治市's 10 000. Both organisations get what their real list shows: closed panels of 500
candidates per talent type (three reviewers, three criteria, scores and votes), one publicity
period with objections on every 97th candidate, a discipline opinion for each (every 101st with
an opinion), and 涉密 marks on every 211th. A marker table makes the preparation run once; the
bench database itself is only read.

Per size, the job and the anchor run alternately (three times each by default) and the medians
are compared; the two files must have the same parts, byte for byte, but for their document
properties (the time of writing). Each measurement runs in a fresh process. Peak memory is the
process's resident high-water mark (``VmHWM``) during the work minus its resident size when the
work starts: the high-water mark is reset through ``/proc/self/clear_refs`` after Django, the
connection and (for the anchor) the rows are loaded, so the figure is what the work itself adds,
in real pages, C allocations included (tracemalloc would miss lxml's and psycopg's buffers and
slow the run several times).
"""

import argparse
import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
SOURCE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tesuan_bench")
SCRATCH = SOURCE + "_export"
PREPARED = 2  # the preparation's version, kept in the marker table
PROVINCE, CITY = "140000", "140400"
SIZES = {10_000: CITY, 100_000: PROVINCE}
PANEL_SIZE = 500
CRITERIA = (("业绩贡献", 50), ("学术/技术水平", 30), ("社会影响", 20))
TIME_RATIO_TARGET, PEAK_MB_TARGET = 1.3, 200.0


def _database(url: str) -> tuple[str, dict]:
    """The database name and the connection parameters of the server's maintenance database."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    return info.pop("dbname"), {**info, "dbname": "postgres"}


def _comment(url: str) -> str | None:
    """The comment of the database ``url`` names (the generator's stamp), None without one."""
    name, server = _database(url)
    with psycopg.connect(**server) as admin:
        found = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return found[0] if found else None


def _is_prepared(source_stamp: str | None) -> bool:
    """The scratch database is there, prepared by this version from the bench database as it
    is now (the generator's stamp): a regenerated or migrated bench database makes it stale."""
    name, server = _database(SCRATCH)
    with psycopg.connect(**server) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        return False
    with psycopg.connect(SCRATCH) as db:
        marker = db.execute("SELECT to_regclass('bench_export_prepared')").fetchone()[0]
        return bool(marker) and db.execute(
            "SELECT version, source FROM bench_export_prepared"
        ).fetchone() == (PREPARED, source_stamp)


def _copy_source() -> None:
    name, server = _database(SCRATCH)
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    dump = subprocess.Popen(["pg_dump", "--no-owner", SOURCE], stdout=subprocess.PIPE)
    subprocess.run(
        ["psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--output", os.devnull, SCRATCH],
        stdin=dump.stdout,
        check=True,
    )
    if dump.wait() != 0:
        raise RuntimeError("pg_dump of the bench database failed")


MOVE = """
CREATE TEMP TABLE placement AS
WITH city AS (SELECT path FROM orgs_organisation WHERE division_code = %(city)s),
province AS (SELECT path FROM orgs_organisation WHERE division_code = %(province)s),
inside AS (
    SELECT u.id, row_number() OVER (ORDER BY u.id) - 1 AS i, count(*) OVER () AS n
    FROM orgs_organisation u, city WHERE u.kind = 'unit' AND u.path LIKE city.path || '%%'
),
outside AS (
    SELECT u.id, row_number() OVER (ORDER BY u.id) - 1 AS i, count(*) OVER () AS n
    FROM orgs_organisation u, city, province
    WHERE u.kind = 'unit' AND u.path LIKE province.path || '%%'
      AND u.path NOT LIKE city.path || '%%'
),
numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM applications_declaration)
SELECT d.id AS declaration_id, coalesce(a.id, b.id) AS unit_id
FROM numbered d
LEFT JOIN inside a ON d.i < %(small)s AND a.i = d.i %% a.n
LEFT JOIN outside b ON d.i >= %(small)s AND b.i = d.i %% b.n;

UPDATE applications_declaration d
SET organisation_id = u.id, recommending_organisation_id = parent.id,
    current_organisation_id = (SELECT id FROM orgs_organisation WHERE depth = 1),
    status = 'submitted', submitted_at = coalesce(d.submitted_at, d.created_at)
FROM placement p
JOIN orgs_organisation u ON u.id = p.unit_id
JOIN orgs_organisation parent ON parent.path = substr(u.path, 1, length(u.path) - 4)
WHERE d.id = p.declaration_id;

UPDATE accounts_user a SET organisation_id = d.organisation_id
FROM applications_declaration d WHERE d.applicant_id = a.id;

DO $$ BEGIN
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_name = 'applications_declaration' AND column_name = 'unit_path'
    ) THEN
        UPDATE applications_declaration d SET unit_path = o.path
        FROM orgs_organisation o WHERE o.id = d.organisation_id;
    END IF;
END $$;
"""


def _review_records(db: psycopg.Connection, code: str, rng: random.Random) -> None:
    """What the organisation's own 人选一览表 shows: panel scores, publicity, discipline
    opinions and 涉密 marks for every candidate it forwarded."""
    organisation, path = db.execute(
        "SELECT id, path FROM orgs_organisation WHERE division_code = %s", [code]
    ).fetchone()
    (admin,) = db.execute(
        "SELECT id FROM accounts_user WHERE username = %s", [f"admin{organisation}"]
    ).fetchone()
    (campaign,) = db.execute("SELECT id FROM quotas_campaign ORDER BY year DESC").fetchone()
    reviewers = [
        row[0]
        for row in db.execute(
            "SELECT id FROM accounts_user WHERE role = 'reviewer' ORDER BY id LIMIT 3"
        )
    ]
    candidates = db.execute(
        "SELECT d.id, d.talent_type FROM applications_declaration d "
        "JOIN orgs_organisation o ON o.id = d.organisation_id "
        "WHERE o.path LIKE %s ORDER BY d.id",
        [path + "%"],
    ).fetchall()
    scores, votes, panel_candidates = [], [], []
    for talent_type in ("professional", "skilled"):
        ids = [pk for pk, kind in candidates if kind == talent_type]
        for start in range(0, len(ids), PANEL_SIZE):
            (panel,) = db.execute(
                "INSERT INTO selection_panel (campaign_id, organisation_id, talent_type, name, "
                "pass_numerator, pass_denominator, disagreement_sd, created_by_id, created_at, "
                "closed_at) VALUES (%s, %s, %s, %s, 2, 3, 10, %s, now(), now()) RETURNING id",
                [campaign, organisation, talent_type, f"评议组{start // PANEL_SIZE + 1}", admin],
            ).fetchone()
            criteria = [
                db.execute(
                    "INSERT INTO selection_criterion (panel_id, name, weight, max_score, position) "
                    "VALUES (%s, %s, %s, 100, %s) RETURNING id",
                    [panel, name, weight, position],
                ).fetchone()[0]
                for position, (name, weight) in enumerate(CRITERIA)
            ]
            members = [
                db.execute(
                    "INSERT INTO selection_panelmember (panel_id, reviewer_id, submitted_at) "
                    "VALUES (%s, %s, now()) RETURNING id",
                    [panel, reviewer],
                ).fetchone()[0]
                for reviewer in reviewers
            ]
            for declaration in ids[start : start + PANEL_SIZE]:
                panel_candidates.append((panel, declaration))
                for member in members:
                    scores.extend((member, declaration, c, rng.randint(60, 100)) for c in criteria)
                    votes.append((member, declaration, rng.random() < 0.7))
    (period,) = db.execute(
        "INSERT INTO selection_publicityperiod (campaign_id, organisation_id, start_date, end_date, "
        "contact, created_by_id, created_at) "
        "VALUES (%s, %s, '2024-05-01', '2024-05-08', '', %s, now()) RETURNING id",
        [campaign, organisation, admin],
    ).fetchone()
    ids = [pk for pk, _kind in candidates]
    tables = {
        "selection_panelcandidate (panel_id, declaration_id)": panel_candidates,
        "selection_score (member_id, declaration_id, criterion_id, value)": scores,
        "selection_vote (member_id, declaration_id, recommend)": votes,
        "selection_publicityperiod_declarations (publicityperiod_id, declaration_id)": [
            (period, pk) for pk in ids
        ],
        "selection_objection (period_id, declaration_id, received_on, content, resolution, "
        "recorded_by_id, resolved_by_id, resolved_at)": [
            (period, pk, "2024-05-03", "反映获奖情况", "经核查属实无误", admin, admin, "2024-05-06")
            for pk in ids[::97]
        ],
        "selection_disciplineopinion (declaration_id, organisation_id, body, asked_on, "
        "has_opinion, text, recorded_by_id, recorded_at)": [
            (
                pk,
                organisation,
                "纪委监委",
                "2024-05-09",
                n % 101 == 0,
                "曾受诫勉谈话，已期满。" if n % 101 == 0 else "",
                admin,
                "2024-05-09",
            )
            for n, pk in enumerate(ids)
        ],  # fmt: skip
        "selection_classifiedmark (declaration_id, organisation_id, reason, marked_by_id, "
        "marked_at)": [(pk, organisation, "涉密岗位", admin, "2024-04-20") for pk in ids[::211]],
    }
    for table, rows in tables.items():
        with db.cursor().copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def prepare() -> bool:
    """Make the scratch database unless it is there already; True when it was made now."""
    source_stamp = _comment(SOURCE)
    if _is_prepared(source_stamp):
        return False
    _copy_source()
    rng = random.Random(2024)
    with psycopg.connect(SCRATCH) as db:
        for statement in MOVE.split(";\n\n"):
            db.execute(statement, {"city": CITY, "province": PROVINCE, "small": min(SIZES)})
        for code in SIZES.values():
            _review_records(db, code, rng)
        db.execute("CREATE TABLE bench_export_prepared (version integer, source text)")
        db.execute("INSERT INTO bench_export_prepared VALUES (%s, %s)", [PREPARED, source_stamp])
    with psycopg.connect(SCRATCH, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    return True


def _resident_kb(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))


def _peak_reset() -> int:
    """Reset the resident high-water mark to the current size; returns that size in kB."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    return _resident_kb("VmRSS")


def _measure(kind: str, code: str, target: Path) -> dict:
    """One measurement in this (fresh) process: ``ours`` runs the export job, ``raw`` writes
    the same rows from a list with the sheet writer alone."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import connection

    from selection import export_jobs, exports
    from selection.models import ExportJob
    from tesuan.accounts.models import User
    from tesuan.orgs.models import Organisation

    organisation = Organisation.objects.get(division_code=code)
    admin = User.objects.get(username=f"admin{organisation.pk}")
    queries: list[str] = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    if kind == "raw":
        _total, cells = exports.candidate_sheet(user=admin, organisation=organisation)
        rows = list(cells)
        baseline = _peak_reset()
        started, cpu = time.perf_counter(), time.process_time()
        exports.candidates_write(
            target, organisation=organisation, year=exports.list_year(), rows=rows
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    else:
        job = ExportJob.objects.create(
            kind="candidates", organisation=organisation, requested_by=admin
        )
        baseline = _peak_reset()
        with connection.execute_wrapper(counted):
            started, cpu = time.perf_counter(), time.process_time()
            job = export_jobs.export_run(job_id=job.pk)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        with job.file.open("rb") as made:
            target.write_bytes(made.read())
        job.file.delete(save=False)
        job.delete()
    peak = _resident_kb("VmHWM")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": (peak - baseline) / 1024,
        "peak_rss_mb": peak / 1024,
        "queries": len(queries) if kind == "ours" else None,
    }


def _in_subprocess(kind: str, code: str, target: Path) -> dict:
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": SCRATCH,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MEDIA_ROOT": str(target.parent / "media"),
    }
    command = [sys.executable, "-m", "bench.exports", "--measure", kind, "--organisation", code]
    command += ["--target", str(target)]
    done = subprocess.run(
        command, check=True, env=env, cwd=HERE.parent, capture_output=True, text=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def _sheet_parts(path: Path) -> dict[str, bytes]:
    """The workbook's parts but its document properties (which carry the time of writing)."""
    with zipfile.ZipFile(path) as book:
        return {
            name: book.read(name) for name in book.namelist() if not name.startswith("docProps")
        }


def _median(values: Iterator[float]) -> float:
    return round(statistics.median(values), 3)


def run(repeats: int = 3, sizes: tuple[int, ...] = tuple(SIZES)) -> dict:
    """Per size: ``repeats`` runs of ours and of the anchor, alternated, medians reported."""
    made_now = prepare()
    results = {"database": SCRATCH.rsplit("/", 1)[-1], "prepared_now": made_now, "sizes": []}
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            code = SIZES[size]
            ours, raw = [], []
            for attempt in range(repeats):
                ours.append(_in_subprocess("ours", code, Path(scratch) / f"ours{attempt}.xlsx"))
                raw.append(_in_subprocess("raw", code, Path(scratch) / f"raw{attempt}.xlsx"))
            identical = _sheet_parts(Path(scratch) / "ours0.xlsx") == _sheet_parts(
                Path(scratch) / "raw0.xlsx"
            )
            ours_s = _median(m["seconds"] for m in ours)
            raw_s = _median(m["seconds"] for m in raw)
            peak = max(m["peak_mb"] for m in ours)
            ratio = round(ours_s / raw_s, 2)
            results["sizes"].append(
                {
                    "rows": size,
                    "organisation": code,
                    "ours_s": ours_s,
                    "raw_s": raw_s,
                    "ratio": ratio,
                    "ours_cpu_s": _median(m["cpu_seconds"] for m in ours),
                    "raw_cpu_s": _median(m["cpu_seconds"] for m in raw),
                    "ours_peak_mb": round(peak, 1),
                    "ours_peak_rss_mb": round(max(m["peak_rss_mb"] for m in ours), 1),
                    "raw_peak_mb": round(max(m["peak_mb"] for m in raw), 1),
                    "queries": ours[0]["queries"],
                    "same_content": identical,
                    "runs": repeats,
                    "meets_target": identical
                    and ratio <= TIME_RATIO_TARGET
                    and peak <= PEAK_MB_TARGET,
                }
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", choices=("ours", "raw"))
    parser.add_argument("--organisation")
    parser.add_argument("--target", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", choices=tuple(SIZES), default=tuple(SIZES))
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.organisation, args.target)))
        return
    results = run(repeats=args.repeats, sizes=tuple(args.sizes))
    if results["prepared_now"]:
        print(f"prepared the scratch database {results['database']}")
    print(
        f"{'rows':>8} {'ours s':>8} {'raw s':>8} {'ratio':>6} {'ours MB':>8} {'raw MB':>7} "
        f"{'queries':>8} {'same':>5}  ok"
    )
    for row in results["sizes"]:
        print(
            f"{row['rows']:8,} {row['ours_s']:8.2f} {row['raw_s']:8.2f} {row['ratio']:6.2f} "
            f"{row['ours_peak_mb']:8.1f} {row['raw_peak_mb']:7.1f} {row['queries']:8} "
            f"{'yes' if row['same_content'] else 'NO':>5}  {'yes' if row['meets_target'] else 'NO'}"
        )
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
