"""The documents benchmark: the 申报表 of one complete submitted declaration rendered to PDF and
DOCX by our Celery task, against WeasyPrint and python-docx alone making the same file.

Ours is ``applications.tasks.render_document`` called in-process for a fresh request, as a worker
runs it: fetch the request and the declaration, build the content, its cache key, render (HTML and
WeasyPrint, or python-docx), write the file under MEDIA_ROOT and record the request. Only the cache
is bypassed: the file written by one run is deleted before the next, nothing else varies. Requests
are deleted after each run and the files go to a temporary MEDIA_ROOT, so the bench database and
media are left as they were.

The anchors get the finished input and no application code. WeasyPrint renders the exact HTML
string ours renders with the form's stylesheet, read from its file, in the fastest way it offers
for a series of documents: one ``FontConfiguration`` and one parsed ``CSS`` kept across renders.
python-docx builds the same document (``bench.raw_docx``) from the assembled content. Both are
checked to make our file: the same PDF bytes (WeasyPrint's output is deterministic) and the same
DOCX parts.

Warm process: one render of each before timing; the four measurements then alternate run by run
so that the noise of the shared cores falls on ours and the anchors alike, and each starts from a
collected heap: a PDF render leaves some 20 000 objects in reference cycles, and the full
collection they eventually trigger (tens of milliseconds, more on a loaded machine) otherwise
lands on whichever render comes next in the loop rather than on the one that made the garbage.
"""

import argparse
import dataclasses
import gc
import io
import os
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from applications.documents.content import (  # noqa: E402
    ISSUER,
    PHOTO_ROWS,
    TITLE,
    declaration_document,
)
from applications.documents.pdf import declaration_html  # noqa: E402
from applications.enums import DocumentFormat  # noqa: E402
from applications.models import Declaration, DocumentRender  # noqa: E402
from applications.tasks import render_document  # noqa: E402
from bench.raw_docx import raw_docx  # noqa: E402

TARGETS = {DocumentFormat.PDF: 1.15, DocumentFormat.DOCX: 1.2}
T = TypeVar("T")
STYLESHEET = (
    Path(__file__).resolve().parent.parent / "templates/applications/document/_declaration.css"
)


def complete_declaration() -> Declaration:
    """The submitted declaration with the most 工作经历, 代表论著 and 获奖情况 rows (at least one
    of each) and a 所在单位意见, the longest 业绩贡献 among those, then the lowest id: the same
    one on every run of the same data."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT d.id
            FROM applications_declaration d
            JOIN applications_declarationsnapshot s ON s.declaration_id = d.id
            WHERE d.status = 'submitted' AND d.unit_opinion <> ''
              AND jsonb_array_length(s.content -> 'work_history') > 0
              AND jsonb_array_length(s.content -> 'publications') > 0
              AND jsonb_array_length(s.content -> 'awards') > 0
            ORDER BY jsonb_array_length(s.content -> 'work_history')
                     + jsonb_array_length(s.content -> 'publications')
                     + jsonb_array_length(s.content -> 'awards') DESC,
                     length(s.content ->> 'achievements') DESC,
                     d.id
            LIMIT 1
            """
        )
        found = cursor.fetchone()
    if found is None:
        raise LookupError("no complete submitted declaration: build the data (make bench-data)")
    return Declaration.objects.get(pk=found[0])


@dataclasses.dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # of this process, so not the database's; steadier on busy shared cores
    data: bytes
    renderer_seconds: float | None = None  # ours: inside the renderer (render_seconds)


def timed(make: Callable[[], T]) -> tuple[float, float, T]:
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    made = make()
    return time.perf_counter() - started, time.process_time() - cpu, made


def task_run(declaration: Declaration, file_format: str) -> Run:
    """One render by the Celery task for a new request; the file and the request are removed
    afterwards, so the next run renders again."""
    render = DocumentRender.objects.create(
        declaration=declaration, format=file_format, requested_by_id=declaration.applicant_id
    )
    try:
        seconds, cpu_seconds, _ = timed(lambda: render_document(render.pk))
        render.refresh_from_db()
        with render.file.open("rb") as stream:
            data = stream.read()
        render.file.delete(save=False)
    finally:
        render.delete()
    return Run(seconds, cpu_seconds, data, render.render_seconds)


def anchor_run(make: Callable[[], bytes]) -> Run:
    seconds, cpu_seconds, data = timed(make)
    return Run(seconds, cpu_seconds, data)


def docx_parts(data: bytes) -> dict[str, bytes]:
    """A DOCX's parts by name: two saves of one document differ only in the zip entries' times."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _milliseconds(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def run(*, runs: int = 10) -> dict[str, Any]:
    """Median milliseconds of ours and of the anchor per format, over ``runs`` renders after one
    warm-up render each, with the ratio of the medians (which the target applies to), the median
    of the per-run ratios and whether the target is met."""
    declaration = complete_declaration()
    document = declaration_document(declaration)
    html = declaration_html(document)  # the exact string our PDF renderer hands to WeasyPrint
    content = dataclasses.asdict(document)
    font_config = FontConfiguration()
    css = CSS(string=STYLESHEET.read_text(encoding="utf-8"), font_config=font_config)
    anchors: dict[str, Callable[[], bytes]] = {
        DocumentFormat.PDF: lambda: HTML(string=html).write_pdf(
            stylesheets=[css], font_config=font_config
        ),
        DocumentFormat.DOCX: lambda: raw_docx(
            content,
            cover=[dataclasses.asdict(line) for line in document.cover],
            cover_gap_mm=document.cover_gap_mm,
            title=TITLE,
            issuer=ISSUER,
            photo_rows=PHOTO_ROWS,
        ),
    }
    ours: dict[str, list[Run]] = {name: [] for name in anchors}
    raw: dict[str, list[Run]] = {name: [] for name in anchors}
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        for file_format, anchor in anchors.items():  # warm-up
            task_run(declaration, file_format)
            anchor()
        for _ in range(runs):
            for file_format, anchor in anchors.items():
                ours[file_format].append(task_run(declaration, file_format))
                raw[file_format].append(anchor_run(anchor))

    ours_pdf, ours_docx = ours[DocumentFormat.PDF][-1].data, ours[DocumentFormat.DOCX][-1].data
    if docx_parts(ours_docx) != docx_parts(raw[DocumentFormat.DOCX][-1].data):
        raise AssertionError("the python-docx anchor no longer builds our document")
    if ours_pdf != raw[DocumentFormat.PDF][-1].data:
        raise AssertionError("the WeasyPrint anchor no longer renders our document")

    formats: dict[str, dict[str, Any]] = {}
    for file_format, target in TARGETS.items():
        mine, anchor = ours[file_format], raw[file_format]
        ours_ms = _milliseconds([each.seconds for each in mine])
        raw_ms = _milliseconds([each.seconds for each in anchor])
        ratio = round(ours_ms / raw_ms, 3)
        ours_cpu_ms = _milliseconds([each.cpu_seconds for each in mine])
        raw_cpu_ms = _milliseconds([each.cpu_seconds for each in anchor])
        # Each run's ours over the anchor's right after it: steadier than the ratio of the
        # medians when the load of the shared cores changes during the benchmark.
        paired = statistics.median(
            one.seconds / other.seconds for one, other in zip(mine, anchor, strict=True)
        )
        formats[file_format.value] = {
            "ours_ms": ours_ms,
            "ours_renderer_ms": _milliseconds([each.renderer_seconds for each in mine]),
            "raw_ms": raw_ms,
            "ratio": ratio,
            "paired_ratio": round(paired, 3),
            "ours_cpu_ms": ours_cpu_ms,
            "raw_cpu_ms": raw_cpu_ms,
            "cpu_ratio": round(ours_cpu_ms / raw_cpu_ms, 3),
            "target": target,
            "meets_target": ratio <= target,
            "bytes": len(mine[-1].data),
        }
    formats[DocumentFormat.PDF.value]["pages"] = len(PdfReader(io.BytesIO(ours_pdf)).pages)
    return {"declaration": declaration.pk, "runs": runs, "formats": formats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    results = run(runs=args.runs)
    print(f"declaration {results['declaration']}, median of {results['runs']} runs")
    print(
        f"{'format':6} {'ours ms':>8} {'renderer':>9} {'raw ms':>8} {'ratio':>6} {'paired':>7} "
        f"{'cpu':>6} {'target':>7}  ok"
    )
    for name, row in results["formats"].items():
        print(
            f"{name:6} {row['ours_ms']:8.1f} {row['ours_renderer_ms']:9.1f} {row['raw_ms']:8.1f} "
            f"{row['ratio']:6.3f} {row['paired_ratio']:7.3f} {row['cpu_ratio']:6.3f} "
            f"{row['target']:7.2f}  {'yes' if row['meets_target'] else 'NO'}"
        )
    print("ratio: of the medians; paired: median of each run's ratio; cpu: of this process only")


if __name__ == "__main__":
    main()
