"""No export carries a formula: a declaration, an opinion and a panel name written as formulas
go through every spreadsheet the system hands out (人选一览表, 专家评议结果汇总表, the sheets of
the 书面材料包, the audit log's CSV) and come out as text."""

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Declaration
from selection import export_jobs
from selection.models import DisciplineOpinion
from tests.selection.test_exports import _campaign_at_changzhi, _proof_pdf
from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.audit.services import audit_record
from tesuan.spreadsheets import FORMULA_STARTS

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://evil.example/","主任医师")'
HOSTILE = {
    "employer": "+cmd|' /C calc'!A0",
    "position": LINK,
    "title": "-2+3",
    "specialty": "@SUM(1+1)*cmd|' /C calc'!A0",
}
OPINION = "=1+1"
PANEL = "\t=2+2"


def _worksheets(xlsx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        return [
            book.read(name).decode()
            for name in book.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        ]


def _assert_no_formula(xlsx: bytes, *, shows: tuple[str, ...]) -> None:
    """No cell of any sheet is a formula (``<f>``) or a formula's or error's result, and the
    hostile texts are there, as text."""
    sheets = _worksheets(xlsx)
    assert sheets
    for xml in sheets:
        assert not re.search(r"<f[ >/]", xml), "a cell holds a formula"
        assert 't="str"' not in xml and 't="e"' not in xml
    cells = [cell for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for cell in row]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    for value in shows:
        assert any(value in text for text in texts if text), value


@pytest.fixture
def hostile(chain):
    found = _campaign_at_changzhi(chain, proof=_proof_pdf())
    first = found.declarations["甲"]
    Declaration.objects.filter(pk=first.pk).update(basic={**first.basic, **HOSTILE})
    DisciplineOpinion.objects.filter(declaration=first).update(has_opinion=True, text=OPINION)
    found.panel.name = PANEL
    found.panel.save(update_fields=["name"])
    return found


def _made(chain, capture, kind: str, **options) -> bytes:
    with capture(execute=True):
        job = export_jobs.export_request(actor=chain.changzhi, kind=kind, **options)
    job.refresh_from_db()
    assert job.status == "done", job.error
    with job.file.open("rb") as made:
        return made.read()


def test_every_export_keeps_formulas_as_text(
    client, chain, hostile, django_capture_on_commit_callbacks
):
    candidates = _made(chain, django_capture_on_commit_callbacks, "candidates")
    _assert_no_formula(candidates, shows=(*HOSTILE.values(), OPINION))
    summary = _made(
        chain, django_capture_on_commit_callbacks, "panel_summary", panel_id=hostile.panel.pk
    )
    _assert_no_formula(summary, shows=(PANEL,))

    bundle = zipfile.ZipFile(io.BytesIO(_made(chain, django_capture_on_commit_callbacks, "bundle")))
    sheets = sorted(name for name in bundle.namelist() if name.endswith(".xlsx"))
    assert [name[:3] for name in sheets] == ["02-", "03-"]
    _assert_no_formula(bundle.read(sheets[0]), shows=(*HOSTILE.values(), OPINION))
    _assert_no_formula(bundle.read(sheets[1]), shows=(PANEL,))

    audit_record(
        event=AuditEvent.LOGIN_FAILED,
        actor=None,
        username=LINK,
        organisation=chain.changzhi.organisation,
        outcome=AuditOutcome.FAILURE,
    )
    client.force_login(chain.province_pro)  # the audit log is the province's to read
    download = client.get(reverse("audit:entry_export"))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert any(cell == f"'{LINK}" for row in rows for cell in row)
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
