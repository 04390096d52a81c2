"""The 申报表 and the lists as the people receiving them see them: printed, and opened in an
office suite (LibreOffice headless stands in for Word and WPS).

An ordinary declaration and the longest the form accepts (5 000 characters of 业绩贡献, 12 rows
in each table, a unit name of 54 characters, the rare characters 𠮷 and 䶮, a name with ·) are
rendered once per module: the WeasyPrint PDF, the DOCX and both lists, each file converted to
PDF by ``soffice`` once. The tests then read the pages with poppler (``pdftotext``)."""

import dataclasses
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from applications.documents.content import (
    DeclarationDocument,
    _basic_rows,
    _spare,
    _table,
)
from applications.documents.pdf import declaration_pdf
from applications.documents.word import declaration_docx
from applications.schema import AWARDS, PUBLICATIONS, WORK_HISTORY
from selection import exports
from tests.factories import complete_changes

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")

UNIT = "新疆维吾尔自治区乌鲁木齐市第一人民医院心血管病研究所附属䶮字号门诊部暨国家心血管病区域医疗中心新疆维吾尔分院"
NAME = "阿依古丽·买买提𠮷"
assert len(UNIT) == 54


def _paragraphs(total: int) -> str:
    lines, index = [], 1
    while sum(len(line) + 1 for line in lines) < total:
        lines.append(
            f"第{index}段：主持完成心血管介入诊疗技术推广项目，累计救治急危重症患者三千余例，"
            "牵头制定区域胸痛中心建设规范，培养基层介入医师四十余名。"
        )
        index += 1
    return "\n".join(lines)[:total]


def _document(*, stress: bool) -> DeclarationDocument:
    changes = complete_changes()
    basic = changes["basic"]
    achievements = changes["achievements"]
    work, publications, awards = (
        changes["work_history"],
        changes["publications"],
        changes["awards"],
    )
    name, recommending = "张明华", "长治市人力资源和社会保障局"
    if stress:
        name, recommending = NAME, "新疆维吾尔自治区人力资源和社会保障厅专业技术人员管理处䶮"
        basic = {**basic, "employer": UNIT, "employer_address": UNIT + "院内一号楼"}
        basic |= {"graduation_school": "中国科学院大学𠮷林分院", "position": "主任医师、副院长"}
        achievements = _paragraphs(5000)
        work = [
            {"start": f"{1990 + i}-01", "end": f"{1991 + i}-01", "employer": UNIT, "post": "医师"}
            for i in range(12)
        ]
        publications = [
            {
                "title": f"急性心肌梗死介入治疗的多中心随机对照研究（第{i}部分）" * 2,
                "publisher": "中华心血管病杂志",
                "published": "2021-05",
                "rank": "1",
            }
            for i in range(1, 13)
        ]
        awards = [
            {
                "year": str(2000 + i),
                "name": "山西省科学技术进步奖",
                "project": f"区域胸痛中心建设与急危重症救治体系研究第{i}项",
                "level": "二等奖",
                "rank": "1",
            }
            for i in range(1, 13)
        ]
    content = {
        "talent_type": "professional",
        "name": name,
        "basic": basic,
        "retirement_explanation": "",
        "proof_materials": [{"name": "获奖证书.pdf"}],
    }
    opinion = "该同志业绩突出，同意推荐。" * (12 if stress else 1)
    return DeclarationDocument(
        year="2024",
        talent_type="专业技术人才",
        name=name,
        employer=basic["employer"],
        recommending_organisation=recommending,
        basic=_basic_rows(content),
        work_history=_table(WORK_HISTORY, work),
        achievements=achievements,
        conditions=("具有博士学位并取得副研究员以上职称",),
        publications=_table(PUBLICATIONS, publications),
        awards=_table(AWARDS, awards),
        unit_opinion=opinion,
        recommending_opinion=opinion,
        spare=_spare(content),
        draft=False,
        content_hash="0" * 64,
    )


def _candidates(stress: bool) -> list[list]:
    unit = UNIT if stress else "长治市潞州区演示医院"
    name = NAME if stress else "张明华"
    row = [name, "女", "1975-03", "维吾尔族", "中国共产党党员", "博士研究生毕业", "博士", unit]
    row += ["事业单位", "主任医师、副院长", "主任医师", "心血管内科", "医疗卫生"]
    row += ["Q 卫生和社会工作", "专业技术人才", "长治市人力资源和社会保障局", "否", 88.5]
    row += ["已公示（2024-05-01 至 2024-05-08），收到反映 1 件，已核查处理"]
    row += ["长治市纪委监委：有意见，曾受诫勉谈话，已期满" if stress else "长治市纪委监委：无意见"]
    return [[number, *row] for number in range(1, (40 if stress else 3) + 1)]


def _panel_rows(stress: bool) -> list[list]:
    unit = UNIT if stress else "长治市潞州区演示医院"
    return [
        [number, NAME if stress else "张明华", unit, "专业技术人才", 3, 88.5, 2.1, "", 3, 0, "通过"]
        for number in range(1, (30 if stress else 3) + 1)
    ]


def _convert(source: Path, profile: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = source.with_suffix(".pdf")
    assert converted.exists(), f"soffice did not convert {source.name}"
    return converted


def _pages(pdf: Path) -> list[str]:
    """Each page's text, whitespace removed (lines break anywhere in Chinese)."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]


def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y, word) of each word on a page (1-based), in points from the top left."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    return [
        (float(x), float(y), word)
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', html)
    ]


def _make(work: Path) -> dict[str, SimpleNamespace]:
    profile = work / "profile"
    files = {}
    for kind in ("ordinary", "stress"):
        stress = kind == "stress"
        document = _document(stress=stress)
        pdf = work / f"{kind}.pdf"
        pdf.write_bytes(declaration_pdf(document))
        docx = work / f"{kind}-form.docx"
        docx.write_bytes(declaration_docx(document))
        candidates = work / f"{kind}-candidates.xlsx"
        exports.candidates_write(
            candidates,
            organisation=SimpleNamespace(name="长治市人力资源和社会保障局"),
            year=2024,
            rows=_candidates(stress),
        )
        summary = work / f"{kind}-summary.xlsx"
        panel = SimpleNamespace(
            organisation=SimpleNamespace(name="长治市人力资源和社会保障局"),
            campaign=SimpleNamespace(year=2024),
            name="专业技术人才评议组",
        )
        exports.panel_write(summary, panel=panel, rows=_panel_rows(stress))
        files[kind] = SimpleNamespace(
            document=document,
            pdf=pdf,
            docx=_convert(docx, profile),
            candidates=_convert(candidates, profile),
            summary=_convert(summary, profile),
        )
    return files


def _boxes(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(x, top, bottom, word) of each word on a page (1-based), in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<'
    return [
        (float(x), float(top), float(bottom), word)
        for x, top, bottom, word in re.findall(pattern, html)
    ]


@pytest.fixture(scope="module")
def made():
    """Every file, for both declarations, made and converted once for the module."""
    with tempfile.TemporaryDirectory(prefix="office-") as scratch:
        yield _make(Path(scratch))


KINDS = ("ordinary", "stress")


@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_cover_is_one_page_and_the_form_starts_on_the_next(made, kind):
    pages = _pages(made[kind].pdf)
    assert "人力资源社会保障部制" in pages[0]
    assert pages[1].startswith("2024年享受政府特殊津贴人员申报表") and "基本信息" in pages[1]
    assert re.sub(r"\s", "", made[kind].document.employer) in pages[0]


@pytest.mark.parametrize("kind", KINDS)
def test_no_row_of_the_basic_information_splits_across_pages(made, kind):
    document = made[kind].document
    pages = _pages(made[kind].pdf)
    for row in document.basic:
        for cell in row:
            if not cell.value:
                continue
            # Each line of the label: a value beside it may be read between two lines.
            lines = cell.label.split("\n")
            label_pages = {n for n, page in enumerate(pages) if all(line in page for line in lines)}
            value_pages = {n for n, page in enumerate(pages) if cell.value.replace(" ", "") in page}
            assert label_pages & value_pages, (cell.label, cell.value)


def test_the_stress_pdf_holds_every_rare_character_and_all_the_text(made):
    text = "".join(_pages(made["stress"].pdf))
    for expected in ("𠮷", "䶮", NAME, UNIT, "第12部分", "第12项"):
        assert expected in text, expected
    last = made["stress"].document.achievement_paragraphs[-1]
    assert last in text


@pytest.mark.parametrize("kind", KINDS)
def test_word_opens_in_an_office_suite_with_as_many_pages_and_nothing_cut_off(made, kind):
    files = made[kind]
    weasy, office = _pages(files.pdf), _pages(files.docx)
    assert abs(len(office) - len(weasy)) <= 1, (len(office), len(weasy))
    text = "".join(office)
    assert "人力资源社会保障部制" in office[0] and "基本信息" not in office[0]
    for expected in (files.document.name, files.document.employer, "推荐单位意见", "备用栏"):
        assert re.sub(r"\s", "", expected) in text, expected
    assert files.document.achievement_paragraphs[-1] in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_side_title_column_of_word_is_narrow_in_an_office_suite(made, kind):
    """业绩贡献's lines start some 14 mm right of the left margin, not half way across the page
    as when the table's grid left its two columns equal."""
    files = made[kind]
    text = files.document.achievements
    for page in range(2, len(_pages(files.docx)) + 1):
        lines = [x for x, _y, word in _words(files.docx, page) if len(word) >= 4 and word in text]
        if lines:
            break
    assert lines, "业绩贡献 not found"
    left_margin = 20 * 72 / 25.4
    assert left_margin + 10 * 72 / 25.4 < min(lines) < left_margin + 30 * 72 / 25.4


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sheet", ("candidates", "summary"))
def test_the_lists_print_landscape_fitted_to_the_width_with_every_cell_whole(made, kind, sheet):
    converted = getattr(made[kind], sheet)
    info = subprocess.run(
        ["pdfinfo", str(converted)], capture_output=True, text=True, check=True
    ).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape A4
    pages = _pages(converted)
    columns = exports.CANDIDATE_HEADERS if sheet == "candidates" else exports.PANEL_HEADERS
    for page in pages:
        # Fitted to the width and the heads repeated: every page shows the first and last heads.
        assert columns[0] in page and columns[-1] in page
    text = "".join(pages)
    assert "长治市人力资源和社会保障局2024年享受国务院政府特殊津贴人员" in text
    unit = UNIT if kind == "stress" else "长治市潞州区演示医院"
    rows = 40 if kind == "stress" and sheet == "candidates" else 30 if kind == "stress" else 3
    # No cell is clipped: each row's unit ends on the page (wrapped lines may interleave with
    # those of the cells beside it, so only its end is sought whole).
    assert text.count(unit[-7:]) == rows
    if kind == "stress":  # the rare characters, each in every row
        assert text.count("𠮷") == text.count("䶮") == rows
    if sheet == "candidates":
        assert text.count("收到反映1件，已核查处理") == rows


def test_each_page_of_a_long_achievements_box_repeats_its_side_title(made):
    pdf = made["stress"].pdf
    paragraphs = made["stress"].document.achievement_paragraphs
    spanned = 0
    for page in range(1, len(_pages(pdf)) + 1):
        words = [word for _x, _y, word in _words(pdf, page)]
        if any(len(word) >= 6 and any(word in text for text in paragraphs) for word in words):
            spanned += 1
            assert all(title in words for title in "业绩贡献"), page
    assert spanned >= 3


BODY_X = (20 + 14) * 72 / 25.4  # points: the left margin and the side title's column


def test_there_is_room_to_stamp_above_each_seal_line_however_long_the_opinion(made):
    """Both opinions of the longest declaration run to several lines; 15 mm stay free above
    盖章 all the same."""
    pdf = made["stress"].pdf
    gaps = []
    for page in range(1, len(_pages(pdf)) + 1):
        boxes = _boxes(pdf, page)
        for seal in (top for _x, top, _bottom, word in boxes if word == "盖"):
            # The opinion's text, not the side title's characters beside it.
            text = [bottom for x, _top, bottom, _word in boxes if bottom < seal and x > BODY_X]
            gaps.append(seal - max(text))
    assert len(gaps) == 2
    assert min(gaps) > 15 * 72 / 25.4


def test_the_document_carries_a_real_grid_and_chinese_as_its_language(made):
    data = declaration_docx(made["ordinary"].document)
    with zipfile.ZipFile(io.BytesIO(data)) as word:
        body = word.read("word/document.xml").decode()
        styles = word.read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in styles and 'w:val="zh-CN"' in styles
    grids = re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", body)
    widths = [[int(w) for w in re.findall(r'w:w="(\d+)"', grid)] for grid in grids]
    # 基本信息's values start at the left, as on the PDF; the labels are centred.
    basic = docx.Document(io.BytesIO(data)).tables[1]
    label, value = basic.rows[1].cells[:2]
    assert (label.paragraphs[0].alignment, value.paragraphs[0].alignment) == (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
    )
    side = round(14 * 1440 / 25.4)
    # 业绩贡献, the two opinions and 备用栏: a 14 mm title beside the text, not two halves.
    assert [grid for grid in widths if len(grid) == 2] == [[side, round(156 * 1440 / 25.4)]] * 4


def test_a_long_unit_name_is_set_smaller_and_the_cover_gap_shrinks():
    document = _document(stress=True)
    employer = next(field for field in document.cover if field.label == "现工作单位：")
    assert employer.size < 14 and employer.lines >= 2
    ordinary = _document(stress=False)
    assert document.cover_gap_mm < ordinary.cover_gap_mm == 70
    assert dataclasses.replace(document, employer="短").cover_gap_mm > document.cover_gap_mm


def test_the_cover_holds_unit_names_of_the_fields_full_length_on_one_page(tmp_path):
    longest = (UNIT * 2)[:100]  # 现工作单位 and the recommending organisation take 100 characters
    document = dataclasses.replace(
        _document(stress=True), employer=longest, recommending_organisation=longest
    )
    pdf = tmp_path / "longest.pdf"
    pdf.write_bytes(declaration_pdf(document))
    pages = _pages(pdf)
    assert "人力资源社会保障部制" in pages[0] and "基本信息" in pages[1]


def test_each_paragraph_of_the_achievements_is_indented(made):
    """Every paragraph's first line starts two characters right of the lines that follow."""
    pdf = made["stress"].pdf
    starts, follows = [], []
    for page in range(2, len(_pages(pdf)) + 1):
        for x, _y, word in _words(pdf, page):
            if re.match(r"第\d+段：", word):
                starts.append(x)
            elif word.startswith("头制定区域"):
                follows.append(x)
    assert len(starts) == len(made["stress"].document.achievement_paragraphs)
    assert min(starts) - max(follows) == pytest.approx(21, abs=1)  # 2em of 10.5 pt
