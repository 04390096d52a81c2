"""`make bench`: the page and API measurements at N and N/10, printed as a table beside the
trivial anchor and written to bench/results.json with the machine's facts."""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
BASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tesuan_bench")
P95_TARGET_MS, RATIO_TARGET = 50.0, 3.0


def pages(url: str, out: Path, runs: int) -> dict:
    env = {**os.environ, "BENCH_DATABASE_URL": url, "DATABASE_URL": url}
    command = [sys.executable, "-m", "bench.pages", "--runs", str(runs), "--out", str(out)]
    subprocess.run(command, check=True, env=env, cwd=HERE.parent)
    return json.loads(out.read_text(encoding="utf-8"))


def machine(url: str) -> dict:
    with psycopg.connect(url) as db:
        (version,) = db.execute("SHOW server_version").fetchone()
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024**2, 1),
        "python": platform.python_version(),
        "postgresql": version,
        "platform": platform.platform(),
    }


def main() -> None:
    runs = int(os.environ.get("RUNS", "40"))
    large = pages(BASE, HERE / "var" / "pages-n.json", runs)
    small = pages(BASE + "_small", HERE / "var" / "pages-n10.json", max(5, runs // 4))
    trivial = large["pages"][0]["p95_ms"]
    small_counts = {row["name"]: row["queries"] for row in small["pages"]}
    rows = []
    print(f"N = {large['declarations']:,}, N/10 = {small['declarations']:,}")
    print(
        f"{'request':38} {'p50 ms':>8} {'p95 ms':>8} {'×trivial':>9} {'q@N':>5} {'q@N/10':>7}  ok"
    )
    for row in large["pages"]:
        ratio = row["p95_ms"] / trivial
        row.update(
            ratio_p95_to_trivial=round(ratio, 2),
            queries_at_n10=small_counts[row["name"]],
            meets_target=row["p95_ms"] <= P95_TARGET_MS and ratio <= RATIO_TARGET,
        )
        rows.append(row)
        print(
            f"{row['name']:38} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {ratio:9.2f} "
            f"{row['queries']:5} {row['queries_at_n10']:7}  {'yes' if row['meets_target'] else 'NO'}"
        )
    results = {
        "machine": machine(BASE),
        "n": large["declarations"],
        "n_small": small["declarations"],
        "targets": {"p95_ms": P95_TARGET_MS, "ratio_to_trivial": RATIO_TARGET},
        "pages": rows,
    }
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written {HERE / 'results.json'}")


if __name__ == "__main__":
    main()
