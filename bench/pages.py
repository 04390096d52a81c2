"""Pages and API through the WSGI stack (django.test.Client: middleware, sessions, templates),
authenticated, on the database bench.settings names: server time and queries per request."""

import argparse
import json
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.scenarios import Request, requests  # noqa: E402
from bench.stats import percentile  # noqa: E402


def query_count(client: Client, url: str) -> int:
    """Queries one request issues (an execute wrapper: request_started resets Django's log)."""
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(executed)


def measure(request: Request, *, runs: int) -> dict:
    client = Client()
    client.force_login(request.user)
    for _ in range(3):
        response = client.get(request.url)
        assert response.status_code == 200, (request.url, response.status_code)
    queries = query_count(client, request.url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(request.url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "name": request.name,
        "url": request.url,
        "queries": queries,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--search", default="", help="default: a surname found at each level")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    results = [measure(r, runs=args.runs) for r in requests(search=args.search)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM applications_declaration")
        (declarations,) = cursor.fetchone()
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"declarations": declarations, "pages": results}, out, ensure_ascii=False)


if __name__ == "__main__":
    main()
