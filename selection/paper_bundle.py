"""书面材料包: one ZIP with an organisation's submission (notice section 五(一)) — the 推荐正式函,
the 人选一览表, the 专家评议结果汇总表 of each closed panel, each candidate's 申报表 (the
推荐人选信息表, printed in 3 copies), their 个人业绩成果情况证明材料 joined for printing once, and
each proof again as its own file for the electronic copy — plus 材料清单.txt, which says what to
print and how many copies, and lists every file.
"""

import io
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


def _declaration_pdf(*, user: User, declaration: Declaration, target: Path) -> int:
    """The 申报表 PDF from the render service (its cached file when the content is unchanged);
    returns its pages.

    The request and the render run in one transaction, so ``document_request`` finds the file
    done on commit and sends no render task.
    """
    with transaction.atomic():
        render = documents.document_request(
            actor=user, declaration_id=declaration.pk, file_format=DocumentFormat.PDF
        )
        render = documents.document_render(render_id=render.pk)
    with render.file.open("rb") as form:
        target.write_bytes(form.read())
    return len(PdfReader(target).pages)


def _proofs(declaration: Declaration) -> list[tuple[str, bytes, int]]:
    """Each 个人业绩成果情况证明材料 of ``declaration``: its name, bytes and pages, read and
    checked before anything is written."""
    proofs = []
    for proof in declaration.proof_materials.all():
        try:
            with proof.file.open("rb") as stream:
                content = stream.read()
            pages = len(PdfReader(io.BytesIO(content)).pages)
        except (PdfReadError, OSError, ValueError) as error:
            raise ProofUnreadable(
                f"{declaration.applicant.name}的证明材料“{proof.original_name}”无法读取，"
                "请核对该文件后重新生成材料包。"
            ) from error
        proofs.append((proof.original_name, content, pages))
    return proofs


def _joined(proofs: list[tuple[str, bytes, int]], target: Path) -> int:
    writer = PdfWriter()
    for _name, content, _pages in proofs:
        writer.append(PdfReader(io.BytesIO(content)))
    with target.open("wb") as output:
        writer.write(output)
    return len(writer.pages)


def _instructions(organisation: Organisation) -> list[str]:
    """What to print and how many copies, as the notice asks (section 五(一)), then what goes
    on the disc or USB stick."""
    return [
        f"书面材料包：{organisation.name}",
        "",
        "一、书面材料（均用 A4 纸打印）",
        "1. 推荐正式函（01）：打印 1 份，加盖公章，注明联系单位、联系人和联系方式；"
        "附专家评议结果汇总表（03，横向打印）。",
        "2. 人选一览表（02）：横向打印 1 份，作为附件一并报送。",
        "3. 推荐人选信息表（04）：每名人选打印 3 份。",
        "4. 个人业绩成果情况证明材料（05）：每名人选打印 1 份，附于其推荐人选信息表之后。",
        "二、电子材料（刻录光盘或拷贝 U 盘，随书面材料报送）",
        "推荐人选信息表（04）和个人业绩成果情况证明材料（06，每份一个 PDF 文件），"
        "证明材料并在申报系统中一并提交。",
        "",
        "文件清单：",
    ]


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
            "推荐正式函，A4 打印 1 份，加盖公章",
        )
        sheet = work / "candidates.xlsx"
        count = exports.candidates_write(
            sheet,
            organisation=organisation,
            year=recommendation_letter.letter_year(rows),
            rows=exports.candidate_cells(rows),
        )
        add(sheet, "02-人选一览表.xlsx", f"{count} 名人选，A4 横向打印 1 份")
        for number, panel in enumerate(panels.order_by("closed_at", "pk"), start=1):
            summary = work / f"panel-{panel.pk}.xlsx"
            count = exports.panel_write(
                summary,
                panel=panel,
                rows=exports.panel_cells(panel_results(panel)),
            )
            add(
                summary,
                f"03-专家评议结果汇总表-{number}-{panel.name}.xlsx",
                f"{count} 名候选人，A4 横向打印 1 份，附于推荐正式函",
            )
        progress(10)
        for number, row in enumerate(rows, start=1):
            declaration = row.declaration
            person = f"{number:03d}-{declaration.applicant.name}"
            proofs = _proofs(declaration)
            pdf = work / f"declaration-{declaration.pk}.pdf"
            pages = _declaration_pdf(user=user, declaration=declaration, target=pdf)
            add(pdf, f"04-推荐人选信息表/{person}.pdf", f"{pages} 页，A4 打印 3 份")
            if proofs:
                joined = work / f"proofs-{declaration.pk}.pdf"
                pages = _joined(proofs, joined)
                add(
                    joined,
                    f"05-个人业绩成果情况证明材料/{person}.pdf",
                    f"{len(proofs)} 份材料共 {pages} 页，A4 打印 1 份",
                )
            for index, (name, content, pages) in enumerate(proofs, start=1):
                single = work / f"proof-{declaration.pk}-{index}.pdf"
                single.write_bytes(content)
                add(
                    single,
                    f"06-电子材料-证明材料/{person}/{index:02d}-{Path(name).stem}.pdf",
                    f"{pages} 页，电子版，不需打印",
                )
            progress(10 + 89 * number // len(rows))
        lines = [f"{name}\t{description}" for name, description in manifest]
        bundle.writestr(MANIFEST, "\n".join([*_instructions(organisation), *lines]) + "\n")
    return [MANIFEST, *(name for name, _ in manifest)]
