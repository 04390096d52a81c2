"""书面材料包: one ZIP with an organisation's paper submission (notice section 五(一)1) — the
推荐正式函, the 人选一览表, the 专家评议结果汇总表 of each closed panel, and each candidate's 申报表
PDF with their 个人业绩成果情况证明材料 appended — plus 材料清单.txt, which lists every file.
"""

import tempfile
import zipfile
from pathlib import Path

from django.db import transaction
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from applications.documents import services as documents
from applications.enums import DocumentFormat
from applications.models import Declaration
from selection import exports, recommendation_letter
from selection.errors import ProofUnreadable
from selection.exports import Progress
from selection.models import Panel
from selection.panels import panel_results
from tesuan.accounts.models import User
from tesuan.orgs.models import Organisation

MANIFEST = "材料清单.txt"


def _declaration_pdf(*, user: User, declaration: Declaration, target: Path) -> tuple[int, int]:
    """The 申报表 PDF from the render service (its cached file when the content is unchanged)
    with the proof PDFs appended; returns the pages of each part.

    The request and the render run in one transaction, so the render task that
    ``document_request`` queues on commit finds the file done and does nothing.
    """
    with transaction.atomic():
        render = documents.document_request(
            actor=user, declaration_id=declaration.pk, file_format=DocumentFormat.PDF
        )
        render = documents.document_render(render_id=render.pk)
    writer = PdfWriter()
    with render.file.open("rb") as form:
        writer.append(form)
    form_pages = len(writer.pages)
    for proof in declaration.proof_materials.all():
        try:
            with proof.file.open("rb") as stream:
                writer.append(PdfReader(stream))
        except (PdfReadError, OSError, ValueError) as error:
            raise ProofUnreadable(
                f"{declaration.applicant.name}的证明材料“{proof.original_name}”无法读取，"
                "请核对该文件后重新生成材料包。"
            ) from error
    with target.open("wb") as output:
        writer.write(output)
    return form_pages, len(writer.pages) - form_pages


def bundle_write(
    target: str | Path,
    *,
    user: User,
    organisation: Organisation,
    talent_type: str = "",
    progress: Progress,
) -> list[str]:
    """Write the ZIP of ``organisation``'s candidates as ``user`` sees them and return the
    names it holds. The 申报表 PDFs take most of the time; ``progress`` follows them."""
    talent_type = user.talent_type or talent_type
    rows = exports.candidate_rows(user=user, organisation=organisation, talent_type=talent_type)
    panels = Panel.objects.filter(
        organisation=organisation,
        closed_at__isnull=False,
        candidates__declaration__in=[row.declaration.pk for row in rows],
    ).distinct()
    if talent_type:
        panels = panels.filter(talent_type=talent_type)
    manifest: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(target, "w") as bundle:
        work = Path(scratch)

        def add(path: Path, name: str, description: str) -> None:
            bundle.write(path, name, compress_type=zipfile.ZIP_DEFLATED)
            manifest.append((name, description))

        letter = work / "letter.docx"
        recommendation_letter.letter_write(
            letter, user=user, organisation=organisation, talent_type=talent_type
        )
        add(
            letter,
            f"01-{recommendation_letter.letter_title(recommendation_letter.letter_year(rows))}.docx",
            "推荐正式函，需盖章",
        )
        sheet = work / "candidates.xlsx"
        count = exports.candidates_write(
            sheet,
            organisation=organisation,
            year=recommendation_letter.letter_year(rows),
            rows=exports.candidate_cells(rows),
        )
        add(sheet, "02-人选一览表.xlsx", f"{count} 名人选")
        for number, panel in enumerate(panels.order_by("closed_at", "pk"), start=1):
            summary = work / f"panel-{panel.pk}.xlsx"
            count = exports.panel_write(
                summary,
                panel=panel,
                rows=exports.panel_cells(panel_results(panel)),
            )
            add(summary, f"03-专家评议结果汇总表-{number}-{panel.name}.xlsx", f"{count} 名候选人")
        progress(10)
        for number, row in enumerate(rows, start=1):
            declaration = row.declaration
            pdf = work / f"declaration-{declaration.pk}.pdf"
            form_pages, proof_pages = _declaration_pdf(
                user=user, declaration=declaration, target=pdf
            )
            add(
                pdf,
                f"04-申报表/{number:03d}-{declaration.applicant.name}.pdf",
                f"申报表 {form_pages} 页，证明材料 {proof_pages} 页",
            )
            progress(10 + 89 * number // len(rows))
        lines = [f"{name}\t{description}" for name, description in manifest]
        bundle.writestr(MANIFEST, "\n".join([f"书面材料包：{organisation.name}", *lines]) + "\n")
    return [MANIFEST, *(name for name, _ in manifest)]
