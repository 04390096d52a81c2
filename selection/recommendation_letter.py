"""推荐正式函 (DOCX): the formal letter that carries an organisation's candidates to the level
above — notice section 五(一)1: 人选推荐情况, 专家评议情况, 征求纪检监察机关等部门意见情况, 公示情况,
the 专家评议结果汇总表 attached, the seal and 联系单位、联系人、联系方式（电话、传真、电子信箱）.

Every fact comes from the records of the procedure (``exports.candidate_rows`` and the panels,
publicity periods and opinions of the organisation), so the letter agrees with the 人选一览表.
"""

import datetime
from collections import Counter
from pathlib import Path
from typing import IO

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from applications.documents.word import chinese_language, table_grid
from quotas.selectors import campaign_current
from selection.exports import CandidateRow, candidate_rows
from selection.models import (
    ClassifiedMark,
    DisciplineOpinion,
    Objection,
    Panel,
    PublicityPeriod,
    ReviewOverride,
)
from selection.panels import panel_results, verdict_text
from tesuan.accounts.models import User
from tesuan.enums import TalentType
from tesuan.orgs.models import Contact, ContactPurpose, Organisation

SERIF = "仿宋"  # the official-document body font (GB/T 9704)
TITLE_FONT = "方正小标宋简体"
LATIN = "Times New Roman"
BLANK = "＿" * 12  # a line to fill in by hand when the organisation has not published a contact
CONTACT_FIELDS = (
    ("联系单位", "contact_unit"),
    ("联系人", "person"),
    ("电话", "phone"),
    ("传真", "fax"),
    ("电子信箱", "email"),
)


def letter_title(year: int) -> str:
    return f"关于推荐{year}年享受国务院政府特殊津贴人员人选的函"


def _date(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _write(
    paragraph: Paragraph, text: str, *, family: str = SERIF, size: float = 16, bold: bool = False
) -> Paragraph:
    run = paragraph.add_run(text)
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)
    return paragraph


def _body(word, text: str) -> Paragraph:
    paragraph = _write(word.add_paragraph(), text)
    paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
    return paragraph


def letter_year(rows: list[CandidateRow]) -> int:
    if rows:
        return rows[0].declaration.campaign.year
    campaign = campaign_current()
    return campaign.year if campaign else timezone.localdate().year


def _contacts(organisation: Organisation, talent_type: str) -> list[tuple[str, Contact | None]]:
    """The contact blocks to print: the one for the letter's talent type (or the organisation's
    general one); for a letter of both types, the general block, else one block per office."""
    blocks = {
        contact.talent_type: contact
        for contact in organisation.contacts.all()
        if contact.purpose == ContactPurpose.MATERIALS
    }
    if talent_type:
        return [("", blocks.get(talent_type) or blocks.get(""))]
    if "" in blocks or not blocks:
        return [("", blocks.get(""))]
    return [(label, blocks.get(value)) for value, label in TalentType.choices if value in blocks]


def _held(rows: list[CandidateRow], talent_type: str) -> str:
    """The talent type the letter is about: the one asked for, or the only one its candidates
    hold; "" for candidates of both types."""
    if talent_type:
        return talent_type
    held = {row.declaration.talent_type for row in rows}
    return held.pop() if len(held) == 1 else ""


def _recommendation(rows: list[CandidateRow]) -> str:
    """How many candidates, of the talent types they hold only (no "高技能人才0名")."""
    counts = Counter(row.declaration.talent_type for row in rows)
    types = [(value, label) for value, label in TalentType.choices if counts.get(value)]
    if len(types) == 1:
        detail = f"，均为{types[0][1]}"
    elif types:
        detail = "，其中" + "、".join(f"{label}{counts[value]}名" for value, label in types)
    else:
        detail = ""
    return f"经逐级推荐、专家评议、征求纪检监察机关意见和公示，现推荐{len(rows)}名人选{detail}。"


def _panels(organisation: Organisation, ids: list[int], talent_type: str) -> list[str]:
    panels = Panel.objects.filter(
        organisation=organisation, closed_at__isnull=False, candidates__declaration__in=ids
    ).distinct()
    if talent_type:
        panels = panels.filter(talent_type=talent_type)
    lines = []
    for panel in panels.order_by("closed_at", "pk"):
        reviewers = panel.members.filter(submitted_at__isnull=False).count()
        candidates = panel.candidates.count()
        closed = timezone.localtime(panel.closed_at).date()
        lines.append(
            f"{panel.name}（{panel.get_talent_type_display()}）由{reviewers}名评议专家对"
            f"{candidates}名候选人进行了评议，按评分项加权计分并投票表决，于{_date(closed)}"
            "结束评议，评议结果见附件《专家评议结果汇总表》。"
        )
    return lines or ["本级未组织专家评议。"]


def _overrides(organisation: Organisation, ids: list[int]) -> list[str]:
    """Each candidate forwarded although its panel did not pass it, with the reason recorded."""
    latest: dict[int, ReviewOverride] = {}
    for override in ReviewOverride.objects.filter(
        organisation=organisation, declaration_id__in=ids
    ).select_related("declaration__applicant", "panel", "actor"):
        latest[override.declaration_id] = override
    lines = []
    for override in latest.values():
        result = next(
            r for r in panel_results(override.panel) if r.declaration.pk == override.declaration_id
        )
        recorded = timezone.localtime(override.created_at).date()
        lines.append(
            f"{override.declaration.applicant.name}未通过专家评议（{verdict_text(override.panel, result)}），"
            f"经{override.actor.name}于{_date(recorded)}记录理由后仍予推荐，理由：{override.reason}"
        )
    return lines


def _publicity(organisation: Organisation, ids: list[int]) -> list[str]:
    lines = []
    periods = PublicityPeriod.objects.filter(
        organisation=organisation, declarations__in=ids
    ).distinct()
    for period in periods.order_by("start_date", "pk"):
        shown = period.declarations.filter(pk__in=ids).count()
        objections = Objection.objects.filter(period=period, declaration_id__in=ids)
        received = objections.count()
        resolved = objections.filter(resolved_at__isnull=False).count()
        if not received:
            outcome = "公示期间未收到反映"
        elif resolved == received:
            outcome = f"公示期间收到反映{received}件，已全部核查处理"
        else:
            outcome = f"公示期间收到反映{received}件，已核查处理{resolved}件，{received - resolved}件正在核查"
        lines.append(
            f"{_date(period.start_date)}至{_date(period.end_date)}，对{shown}名人选在本单位进行了公示，"
            f"{outcome}。"
        )
    classified = (
        ClassifiedMark.objects.filter(declaration_id__in=ids, revoked_at__isnull=True)
        .values("declaration_id")
        .distinct()
        .count()
    )
    if classified:
        lines.append(f"另有涉密人员{classified}名，按规定未予公示。")
    return lines or ["本级尚未组织公示。"]


def _discipline(organisation: Organisation, rows: list[CandidateRow]) -> list[str]:
    ids = [row.declaration.pk for row in rows]
    opinions = list(
        DisciplineOpinion.objects.filter(organisation=organisation, declaration_id__in=ids)
        .select_related("declaration__applicant")
        .order_by("asked_on", "pk")
    )
    if not opinions:
        return ["本级尚未征求纪检监察机关意见。"]
    bodies = list(dict.fromkeys(opinion.body for opinion in opinions))
    with_opinion = [o for o in opinions if o.has_opinion]
    line = f"就{len(opinions)}名人选征求了{'、'.join(bodies)}的意见，"
    if not with_opinion:
        return [line + "均无意见。"]
    named = "；".join(f"{o.declaration.applicant.name}：{o.text}" for o in with_opinion)
    return [line + f"其中{len(with_opinion)}名有意见（{named}）。"]


CANDIDATE_WIDTHS_MM = (14, 28, 64, 28, 22)  # the text's width: A4 less 28 and 26 mm margins


def _candidates_table(word, rows: list[CandidateRow]) -> None:
    headers = ("序号", "姓名", "工作单位", "人才类型", "专家评议得分")
    table = word.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_grid(table, CANDIDATE_WIDTHS_MM)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _write(cell.paragraphs[0], text, size=12, bold=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # on every page
    for number, row in enumerate(rows, start=1):
        declaration = row.declaration
        values = (
            str(number),
            declaration.applicant.name,
            declaration.basic.get("employer", ""),
            declaration.get_talent_type_display(),
            "" if row.score is None else f"{row.score:g}",
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _write(cell.paragraphs[0], text, size=12)
    for row in table.rows:
        for cell, width in zip(row.cells, CANDIDATE_WIDTHS_MM, strict=True):
            cell.width = Mm(width)


def letter_write(
    target: str | Path | IO[bytes], *, user: User, organisation: Organisation, talent_type: str = ""
) -> None:
    """Write the 推荐正式函 of ``organisation`` to its parent, as ``user`` sees its candidates
    (within ``talent_type`` when given or when the account is limited to one)."""
    talent_type = user.talent_type or talent_type
    rows = candidate_rows(user=user, organisation=organisation, talent_type=talent_type)
    ids = [row.declaration.pk for row in rows]
    year = letter_year(rows)
    parent = Organisation.objects.get_parent(organisation)

    word = Document()
    chinese_language(word)
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    title = _write(word.add_paragraph(), letter_title(year), family=TITLE_FONT, size=22)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _write(word.add_paragraph(), f"{parent.name if parent else '人力资源社会保障部'}：")
    _body(
        word,
        f"根据{year}年享受国务院政府特殊津贴人员选拔推荐工作的通知要求，{organisation.name}"
        "按照人事隶属关系组织开展了选拔推荐工作。现将有关情况函告如下：",
    )
    _body(word, "一、人选推荐情况")
    _body(word, _recommendation(rows))
    _body(word, "二、专家评议情况")
    for line in _panels(organisation, ids, talent_type) + _overrides(organisation, ids):
        _body(word, line)
    _body(word, "三、征求纪检监察机关等部门意见情况")
    for line in _discipline(organisation, rows):
        _body(word, line)
    _body(word, "四、公示情况")
    for line in _publicity(organisation, ids):
        _body(word, line)
    _body(word, "五、推荐人选名单")
    _candidates_table(word, rows)
    _body(word, "附件：1. 人选一览表")
    _body(word, "      2. 专家评议结果汇总表")

    for label, contact in _contacts(organisation, _held(rows, talent_type)):
        if label:
            _body(word, f"（{label}）")
        for field_label, attribute in CONTACT_FIELDS:
            value = getattr(contact, attribute, "") if contact else ""
            _body(word, f"{field_label}：{value or BLANK}")

    _signature(word, organisation)
    _page_numbers(section)
    word.save(target)


def _signature(word, organisation: Organisation) -> None:
    """（盖章）, the organisation and the date on one page, with room above them for the seal:
    each paragraph is kept with the next, so they move to the next page together."""
    spacer = word.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    spacer.paragraph_format.space_before = Mm(10)
    for text in ("（盖章）", organisation.name, _date(timezone.localdate())):
        paragraph = _write(word.add_paragraph(), text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.keep_with_next = False


def _page_numbers(section) -> None:
    """ "— 1 —" centred at the foot of every page, as official documents number them."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _write(paragraph, "— ", size=14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    _write(paragraph, " —", size=14)
