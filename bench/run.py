"""`make bench`: every figure beside its anchor, in one run, printed as tables and written to
bench/results.json with the machine's facts.

- pages and API calls at N and N/10 (server time and queries) against the trivial view;
- autosave under load through gunicorn against the trivial view under the same load;
- the 申报表 to PDF and DOCX against raw WeasyPrint and python-docx;
- the 人选一览表 of 10 000 and 100 000 rows against the sheet writer alone (openpyxl write-only).

Each part runs in its own process (each sets Django up on the bench database, and the export's
memory is measured per process). RUNS, AUTOSAVE_USERS, AUTOSAVE_SECONDS, DOCUMENT_RUNS,
EXPORT_REPEATS and EXPORT_SIZES (e.g. ``10000``) set the repetitions and sizes; BENCH_RESULTS
where the results go instead of bench/results.json.

Exits with an error when a page's query count differs between N and N/10 (a query per row
somewhere): the one outcome that fails the run, in CI too. Timings never do.
"""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
VAR = HERE / "var"
BASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tesuan_bench")
P95_TARGET_MS, RATIO_TARGET = 50.0, 3.0


def _environment(url: str) -> dict[str, str]:
    return {**os.environ, "BENCH_DATABASE_URL": url, "DATABASE_URL": url}


def settle(url: str) -> None:
    """VACUUM (ANALYZE) the freshly loaded database: the state autovacuum brings a live one to
    after bulk inserts, with the visibility map set so the covering indexes answer alone."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM (ANALYZE)")


def pages(url: str, out: Path, runs: int) -> dict:
    command = [sys.executable, "-m", "bench.pages", "--runs", str(runs), "--out", str(out)]
    subprocess.run(command, check=True, env=_environment(url), cwd=HERE.parent)
    return json.loads(out.read_text(encoding="utf-8"))


def part(module: str, **arguments) -> dict:
    """``bench.<module>.run(**arguments)`` in a process of its own, its result read back."""
    out = VAR / f"{module}.json"
    code = (
        "import json, sys\n"
        f"from bench import {module}\n"
        f"result = {module}.run(**json.loads(sys.argv[2]))\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write(json.dumps(result, ensure_ascii=False))\n"
    )
    command = [sys.executable, "-c", code, str(out), json.dumps(arguments)]
    subprocess.run(command, check=True, env=_environment(BASE), cwd=HERE.parent)
    return json.loads(out.read_text(encoding="utf-8"))


def machine(url: str) -> dict:
    with psycopg.connect(url) as db:
        (version,) = db.execute("SHOW server_version").fetchone()
        (buffers,) = db.execute("SHOW shared_buffers").fetchone()
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gib": round(memory_kb / 1024**2, 1),
        "python": platform.python_version(),
        "postgresql": version,
        "shared_buffers": buffers,
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def _ok(flag: bool) -> str:
    return "yes" if flag else "NO"


def pages_report(large: dict, small: dict) -> list[dict]:
    trivial = large["pages"][0]["p95_ms"]
    small_counts = {row["name"]: row["queries"] for row in small["pages"]}
    print(f"\nPages and API: N = {large['declarations']:,}, N/10 = {small['declarations']:,}")
    print(
        f"{'request':38} {'p50 ms':>8} {'p95 ms':>8} {'×trivial':>9} {'q@N':>5} {'q@N/10':>7}  ok"
    )
    rows = []
    for row in large["pages"]:
        ratio = row["p95_ms"] / trivial
        row.update(
            ratio_p95_to_trivial=round(ratio, 2),
            queries_at_n10=small_counts[row["name"]],
            meets_target=row["p95_ms"] <= P95_TARGET_MS
            and ratio <= RATIO_TARGET
            and row["queries"] == small_counts[row["name"]],
        )
        rows.append(row)
        print(
            f"{row['name']:38} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {ratio:9.2f} "
            f"{row['queries']:5} {row['queries_at_n10']:7}  {_ok(row['meets_target'])}"
        )
    return rows


def autosave_report(result: dict) -> None:
    print(
        f"\nAutosave under load: {result['users']} users, gunicorn "
        f"{result['server']['workers']} × {result['server']['worker_class']}"
    )
    print(f"{'phase':10} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name in ("trivial", "autosave"):
        row = result[name]
        print(
            f"{name:10} {row['per_second']:8.1f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['errors']:7}"
        )
    print(
        f"autosave / trivial {result['ratio']:.2f} (≥ {result['target_ratio']:.2f}), "
        f"lost saves {result['lost_saves']}  {_ok(result['meets_target'])}"
    )


def documents_report(result: dict) -> None:
    print(f"\nDocuments: declaration {result['declaration']}, median of {result['runs']} runs")
    print(f"{'format':8} {'ours ms':>9} {'raw ms':>9} {'ours/raw':>9} {'target':>7}  ok")
    for name, row in result["formats"].items():
        print(
            f"{name:8} {row['ours_ms']:9.1f} {row['raw_ms']:9.1f} {row['ratio']:9.2f} "
            f"{row['target']:7.2f}  {_ok(row['meets_target'])}"
        )


def exports_report(result: dict) -> None:
    print("\n人选一览表 export")
    print(f"{'rows':>8} {'ours s':>8} {'raw s':>8} {'ours/raw':>9} {'peak MB':>8}  ok")
    for row in result["sizes"]:
        print(
            f"{row['rows']:8,} {row['ours_s']:8.2f} {row['raw_s']:8.2f} {row['ratio']:9.2f} "
            f"{row['ours_peak_mb']:8.1f}  {_ok(row['meets_target'])}"
        )


def main() -> None:
    VAR.mkdir(exist_ok=True)
    facts = machine(BASE)
    runs = int(os.environ.get("RUNS", "40"))
    for url in (BASE, BASE + "_small"):
        settle(url)
    large = pages(BASE, VAR / "pages-n.json", runs)
    small = pages(BASE + "_small", VAR / "pages-n10.json", max(5, runs // 4))
    autosave = part(
        "autosave",
        users=int(os.environ.get("AUTOSAVE_USERS", "200")),
        seconds=float(os.environ.get("AUTOSAVE_SECONDS", "20")),
    )
    documents = part("documents", runs=int(os.environ.get("DOCUMENT_RUNS", "10")))
    sizes = os.environ.get("EXPORT_SIZES")
    exports = part(
        "exports",
        repeats=int(os.environ.get("EXPORT_REPEATS", "3")),
        **({"sizes": [int(size) for size in sizes.split()]} if sizes else {}),
    )
    rows = pages_report(large, small)
    autosave_report(autosave)
    documents_report(documents)
    exports_report(exports)
    results = {
        "machine": facts,
        "n": large["declarations"],
        "n_small": small["declarations"],
        "targets": {"p95_ms": P95_TARGET_MS, "ratio_to_trivial": RATIO_TARGET},
        "pages": rows,
        "autosave": autosave,
        "documents": documents,
        "exports": exports,
    }
    target = Path(os.environ.get("BENCH_RESULTS", HERE / "results.json"))
    target.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"\nwritten {target}")
    growing = queries_growing(rows)
    if growing:
        sys.exit(f"query counts grow with N: {'; '.join(growing)}")


def queries_growing(rows: list[dict]) -> list[str]:
    """The requests whose query count at N differs from the one at N/10."""
    return [
        f"{row['name']} ({row['queries_at_n10']} at N/10, {row['queries']} at N)"
        for row in rows
        if row["queries"] != row["queries_at_n10"]
    ]


if __name__ == "__main__":
    main()
