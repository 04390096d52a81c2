"""打印申报表 as files: the content, the PDF and the DOCX as a reader sees them, the cache."""

import collections
import io
import os
import re
import subprocess
import zipfile

import docx
import pytest
import weasyprint
from pypdf import PdfReader

from applications import services
from applications.documents import services as document_services
from applications.documents.content import BASIC_LAYOUT, WATERMARK, declaration_document
from applications.documents.pdf import declaration_html, declaration_pdf
from applications.documents.system_checks import harfbuzz_subset_check, library_warnings
from applications.documents.word import declaration_docx
from applications.models import Declaration, DocumentRender
from tests.factories import (
    admin_of,
    campaign,
    complete_changes,
    jpeg_upload,
    submitted_declaration,
    unit,
    user,
)
from tesuan.accounts.enums import Role
from tesuan.exceptions import NotPermitted

pytestmark = pytest.mark.django_db

SECTION_TITLES = (
    "享受政府特殊津贴人员申报表",
    "人力资源社会保障部制",
    "基本信息",
    "工作经历",
    "业绩贡献",
    "代表论著",
    "获奖情况",
    "所在单位意见",
    "推荐单位意见",
    "备用栏",
    "盖章",
    "年月日",
)
# The applicant's values, as the form shows them (choices by their labels).
VALUES = (
    "张明华",
    "长治市潞州区演示医院",
    "长治市人力资源和社会保障局",
    "专业技术人才",
    "中国共产党党员",
    "汉族",
    "山西省长治市",
    "博士研究生毕业",
    "事业单位",
    "Q卫生和社会工作",
    "心血管内科",
    "长治市人民医院",
    "至今",
    "累计救治急危重症患者三千余例",
    "急性心肌梗死介入治疗研究",
    "山西省科学技术进步奖",
    "胸痛中心建设",
    "二等奖",
    "该同志业绩突出，同意推荐。",
)


def _flat(text: str) -> str:
    """Text without any whitespace: PDF extraction and Word cells break lines anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def submitted():
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    # The unit's opinion, as 审核通过并上报 writes it (review.services).
    Declaration.objects.filter(pk=declaration.pk).update(unit_opinion="该同志业绩突出，同意推荐。")
    declaration.refresh_from_db()
    return declaration


@pytest.fixture
def draft():
    campaign()
    applicant = user(Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), name="李草稿")
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    return services.declaration_save_draft(
        actor=applicant, declaration_id=declaration.pk, version=1, changes=complete_changes()
    )


@pytest.fixture
def render(django_capture_on_commit_callbacks):
    """Request a file through the service and run the queued task (Celery eager)."""

    def request(actor, declaration: Declaration, file_format: str) -> DocumentRender:
        with django_capture_on_commit_callbacks(execute=True):
            requested = document_services.document_request(
                actor=actor, declaration_id=declaration.pk, file_format=file_format
            )
        requested.refresh_from_db()
        return requested

    return request


def _read(requested: DocumentRender) -> bytes:
    assert requested.status == "done", requested.error
    with requested.file.open("rb") as stream:
        return stream.read()


def _docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in word.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts.extend(paragraph.text for paragraph in part.paragraphs)
        parts.extend(paragraph.text for paragraph in section.first_page_footer.paragraphs)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pdf_body(data: bytes, name: str) -> str:
    """The flattened text without what every page repeats (header, footer, watermark, the side
    title of 业绩贡献), so a paragraph broken across pages reads as one."""
    text = _flat(_pdf_text(data))
    for repeated in (
        rf"2024年享受政府特殊津贴人员申报表·{name}",
        r"未提交草稿，仅供核对，不能作为申报材料",
        r"电子数据摘要（SHA-256）：[0-9a-f]{64}",
        r"第\d+页共\d+页",
        r"未提交草稿",
        r"业绩贡献",  # the box's side title, repeated on each page it spans
    ):
        text = re.sub(repeated, "", text)
    return text


def test_the_basic_table_has_the_blank_forms_labels_in_its_order(submitted):
    labels = [cell.label for row in declaration_document(submitted).basic for cell in row]
    # Broken where the blank form breaks them, not wherever a line is full.
    assert "博士后\n进站年份" in labels and "从事行业\n或领域" in labels
    assert [label.replace("\n", "") for label in labels] == [
        "人才类型", "姓名", "性别", "国籍", "籍贯", "民族", "政治面貌", "出生日期", "证件类型",
        "证件号码", "最高学历毕业院校", "最高学历", "最高学位", "参加工作时间", "现工作单位",
        "单位性质", "现工作单位驻地", "职务", "工作领域", "从事行业或领域", "从事专业", "职称",
        "是否留学回国人员", "留学国家（地区）", "留学回国年份", "是否有博士后经历",
        "博士后进站年份", "电子邮箱", "办公电话", "手机号码", "通讯地址",
    ]  # fmt: skip
    assert len(BASIC_LAYOUT) == 16


def test_a_skilled_applicants_form_shows_the_occupation_and_keeps_the_rest_in_the_spare_box():
    campaign()
    declaration = submitted_declaration(unit("140403"), talent_type="skilled")
    document = declaration_document(declaration)
    labels = [cell.label.replace("\n", "") for row in document.basic for cell in row]
    assert "职业（工种）" in labels and "从事专业" not in labels
    spare = {cell.label: cell.value for cell in document.spare}
    assert spare["从事本职业（工种）起始年份"] == "2005"
    assert spare["是否具有高级技师职业资格"] == "是"


def test_a_submitted_declaration_prints_its_snapshot_not_later_changes(submitted):
    snapshot = submitted.snapshots.first()
    Declaration.objects.filter(pk=submitted.pk).update(
        basic={**submitted.basic, "position": "事后改动"}
    )
    submitted.refresh_from_db()
    document = declaration_document(submitted)
    assert document.content_hash == snapshot.content_hash
    assert "主任医师" in [cell.value for row in document.basic for cell in row]
    assert "事后改动" not in str(document.as_data())
    assert not document.draft


def test_docx_has_every_section_the_applicants_values_the_photo_and_real_tables(submitted, render):
    requested = render(submitted.applicant, submitted, "docx")
    data = _read(requested)
    text = _flat(_docx_text(data))
    for title in SECTION_TITLES:
        assert title in text, title
    for value in VALUES:
        assert _flat(value) in text, value
    assert submitted.basic["id_number"] in text
    assert submitted.snapshots.first().content_hash in text
    word = docx.Document(io.BytesIO(data))
    assert len(word.tables) == 9  # cover, 基本信息, 3 row sections, 业绩贡献, 2 opinions, 备用栏
    awards = word.tables[5]
    assert [cell.text for cell in awards.rows[1].cells] == [
        "获奖年份",
        "奖励名称",
        "获奖项目",
        "奖励等级",
        "个人排名",
    ]
    assert len(word.inline_shapes) == 1  # the photo, in its cell
    photo_cell = word.tables[1].cell(0, 4)
    assert photo_cell._tc.xpath(".//pic:pic")
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_pdf_is_a4_with_the_chinese_text_and_embedded_font_subsets(submitted, render):
    requested = render(submitted.applicant, submitted, "pdf")
    data = _read(requested)
    assert data.startswith(b"%PDF-")
    assert len(data) < 1024 * 1024
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = _flat(_pdf_text(data))
    for title in SECTION_TITLES:
        assert title in text, title
    for value in VALUES:
        assert _flat(value) in text, value
    assert submitted.snapshots.first().content_hash in text
    assert "第2页共4页" in text
    assert WATERMARK.replace(" ", "") not in text

    fonts = subprocess.run(
        ["pdffonts", requested.file.path], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    cjk = [line.split() for line in fonts if "CJK" in line]
    assert cjk, fonts
    for name, *_type, embedded, subset, _unicode, _object, _generation in cjk:
        # A subset's name carries a six-letter tag: ABCDEF+Noto-Serif-CJK-SC.
        assert re.match(r"^[A-Z]{6}\+Noto-", name), name
        assert (embedded, subset) == ("yes", "yes"), name


def test_long_achievements_flow_across_pages_and_nothing_is_cut_off(draft, render):
    long_text = "\n".join(
        f"第{index}段：主持完成心血管介入诊疗技术推广项目，累计救治急危重症患者三千余例。" * 4
        for index in range(1, 31)
    )[:5000]
    Declaration.objects.filter(pk=draft.pk).update(achievements=long_text)
    services.declaration_photo_set(
        actor=draft.applicant, declaration_id=draft.pk, upload=jpeg_upload()
    )
    services.declaration_submit(actor=draft.applicant, declaration_id=draft.pk)
    requested = render(draft.applicant, draft, "pdf")
    data = _read(requested)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 6
    text = _pdf_body(data, "李草稿")
    for paragraph in long_text.splitlines():
        assert _flat(paragraph) in text
    # Automatic table layout measured every character of such a cell: minutes, not seconds.
    assert requested.render_seconds < 20


def test_an_unchanged_declaration_is_rendered_once_and_a_change_renders_again(submitted, render):
    first = render(submitted.applicant, submitted, "pdf")
    assert first.render_seconds is not None
    modified = first.file.storage.path(first.file.name)
    mtime = os.stat(modified).st_mtime_ns

    second = render(submitted.applicant, submitted, "pdf")
    assert second.pk != first.pk
    assert second.status == "done" and second.render_seconds is None  # reused, not rendered
    assert second.file.name == first.file.name
    assert os.stat(modified).st_mtime_ns == mtime
    assert render(submitted.applicant, submitted, "docx").content_key != first.content_key

    Declaration.objects.filter(pk=submitted.pk).update(recommending_opinion="长治市同意推荐。")
    third = render(submitted.applicant, submitted, "pdf")
    assert third.render_seconds is not None
    assert third.file.name != first.file.name
    assert "长治市同意推荐" in _flat(_pdf_text(_read(third)))


def test_a_file_rendered_once_the_declaration_is_a_draft_again_carries_the_watermark(
    submitted, django_capture_on_commit_callbacks
):
    """Admins never see a draft, but a file asked for before a return may be rendered after it:
    it is then marked as the draft it has become."""
    admin = admin_of(submitted.organisation)
    with django_capture_on_commit_callbacks() as queued:
        requested = [
            document_services.document_request(
                actor=admin, declaration_id=submitted.pk, file_format=file_format
            )
            for file_format in ("pdf", "docx")
        ]
    Declaration.objects.filter(pk=submitted.pk).update(status="draft")  # as 退回 leaves it
    for callback in queued:
        callback()
    for one in requested:
        one.refresh_from_db()
    pdf_text = _pdf_text(_read(requested[0]))
    assert "未提交 草稿" in pdf_text or "未提交草稿" in _flat(pdf_text)
    assert "不能作为申报材料" in _flat(pdf_text)
    docx_text = _docx_text(_read(requested[1]))
    assert WATERMARK in docx_text
    assert "张明华" in docx_text


def test_an_applicant_cannot_print_their_own_draft(draft):
    with pytest.raises(NotPermitted) as refused:
        document_services.document_request(
            actor=draft.applicant, declaration_id=draft.pk, file_format="pdf"
        )
    assert refused.value.message == "提交后才能打印申报表。"
    assert not DocumentRender.objects.exists()


def test_a_failed_render_is_stored_with_a_chinese_message(
    submitted, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks() as queued:
        requested = document_services.document_request(
            actor=submitted.applicant, declaration_id=submitted.pk, file_format="pdf"
        )
    submitted.photo.storage.delete(submitted.photo.name)  # the photo vanished from the disk
    queued[0]()  # the request that asked for it is not told: the page shows the failure
    requested.refresh_from_db()
    assert requested.status == "failed"
    assert requested.error == document_services.RENDER_FAILED
    assert "document render" in caplog.text and "failed" in caplog.text


def test_the_system_check_warns_when_harfbuzz_subset_cannot_be_loaded():
    assert harfbuzz_subset_check(None) == []
    (warning,) = library_warnings("libharfbuzz-subset-missing.so.0")
    assert warning.id == "applications.W001"
    assert "45 times slower" in warning.msg and "libharfbuzz-subset0" in warning.hint


def test_a_new_photo_renders_a_new_file(submitted, render):
    """The photo is part of the content key, by its hash."""
    first = render(submitted.applicant, submitted, "pdf")
    assert declaration_document(submitted).photo
    Declaration.objects.filter(pk=submitted.pk).update(status="draft")
    services.declaration_photo_set(
        actor=submitted.applicant,
        declaration_id=submitted.pk,
        upload=jpeg_upload(size=(320, 420)),
    )
    Declaration.objects.filter(pk=submitted.pk).update(status="submitted")
    assert render(submitted.applicant, submitted, "pdf").content_key != first.content_key


def test_docx_takes_each_table_rows_cells_from_python_docx_once(submitted, monkeypatch):
    """python-docx builds a row's cells anew from its XML on every ``row.cells`` and the whole
    table's grid on every ``table.cell()``; the renderer takes each row's cells once and sets the
    widths and merges from them (asking again cost some 5 % of the Python calls of a render)."""
    asked: collections.Counter = collections.Counter()
    grids = []
    row_cells, table_cells = docx.table._Row.cells, docx.table.Table._cells

    def cells_of_row(row):
        asked[row._tr] += 1
        return row_cells.fget(row)

    def cells_of_table(table):
        grids.append(table)
        return table_cells.fget(table)

    monkeypatch.setattr(docx.table._Row, "cells", property(cells_of_row))
    monkeypatch.setattr(docx.table.Table, "_cells", property(cells_of_table))
    data = declaration_docx(declaration_document(submitted))
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert len(asked) == len(re.findall(rb"<w:tr[ >]", body))  # every row of the 9 tables
    assert set(asked.values()) == {1}
    assert grids == []


def test_pdf_renders_with_the_forms_stylesheet_parsed_once_per_process(submitted, monkeypatch):
    """WeasyPrint parses every stylesheet it meets as text, a ``<style>`` in the HTML included;
    the form's is parsed once per worker process and handed to each render."""
    document = declaration_document(submitted)
    declaration_pdf(document)  # the first render in the process parses it
    parsed = []
    parse = weasyprint.CSS.__init__

    def counted(self, *args, **kwargs):
        parsed.append(kwargs)
        parse(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counted)
    data = declaration_pdf(document)
    assert parsed == []
    assert "<style" not in declaration_html(document)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox  # still the form's A4 @page
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
