"""`python -m bench.profile`: where each page's time goes, on the bench database — SQL (the
queries' round trips and PostgreSQL's work), templates (rendering, without the SQL their lazy
querysets run) and the rest of Python (middleware, session, forms, the ORM building queries,
views) — the median of each over ``--runs`` requests after warm-up. ``--cprofile NAME`` prints
the hottest functions of the requests whose name contains NAME.

Only for looking: `make bench` does not run it, and nothing here changes the product.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.test import Client  # noqa: E402

from bench.scenarios import Request, requests  # noqa: E402


class Split:
    """Seconds spent in SQL and in templates during one request."""

    def __init__(self) -> None:
        self.sql = 0.0
        self.sql_in_templates = 0.0
        self.templates = 0.0
        self.queries = 0
        self.depth = 0  # templates being rendered (the page's, then its includes)

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            self.queries += 1
            if self.depth:
                self.sql_in_templates += spent


@contextmanager
def templates_timed(split: Split) -> Iterator[None]:
    """Time the outermost template render of the request (the backend's Template.render)."""
    original = Template.render

    def render(self, context=None, request=None):
        split.depth += 1
        started = time.perf_counter()
        try:
            return original(self, context, request)
        finally:
            split.depth -= 1
            if not split.depth:
                split.templates += time.perf_counter() - started

    Template.render = render
    try:
        yield
    finally:
        Template.render = original


def profile(request: Request, *, runs: int) -> dict:
    client = Client()
    client.force_login(request.user)
    for _ in range(3):
        assert client.get(request.url).status_code == 200, request.url
    totals, sql, templates, queries = [], [], [], 0
    for _ in range(runs):
        split = Split()
        with connection.execute_wrapper(split.execute), templates_timed(split):
            started = time.perf_counter()
            client.get(request.url)
            totals.append(time.perf_counter() - started)
        sql.append(split.sql)
        templates.append(split.templates - split.sql_in_templates)
        queries = split.queries
    total, sql_ms, template_ms = (statistics.median(v) * 1000 for v in (totals, sql, templates))
    return {
        "name": request.name,
        "queries": queries,
        "total_ms": round(total, 1),
        "sql_ms": round(sql_ms, 1),
        "templates_ms": round(template_ms, 1),
        "python_ms": round(total - sql_ms - template_ms, 1),
    }


def hottest(request: Request, *, runs: int, lines: int) -> None:
    client = Client()
    client.force_login(request.user)
    for _ in range(3):
        client.get(request.url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(request.url)
    profiler.disable()
    print(f"\n{request.name}: {runs} requests")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cprofile", metavar="NAME")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    found = requests()
    if args.cprofile:
        for request in found:
            if args.cprofile in request.name:
                hottest(request, runs=args.runs, lines=args.lines)
        return
    print(f"{'request':38} {'queries':>7} {'total':>7} {'SQL':>7} {'templates':>9} {'Python':>7}")
    for request in found:
        row = profile(request, runs=args.runs)
        print(
            f"{row['name']:38} {row['queries']:7} {row['total_ms']:7.1f} {row['sql_ms']:7.1f} "
            f"{row['templates_ms']:9.1f} {row['python_ms']:7.1f}"
        )


if __name__ == "__main__":
    main()
