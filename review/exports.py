"""人选一览表 and 专家评议结果汇总表: the rows (the one source for the pages, the API, the files
and the 推荐正式函) and the XLSX writer (openpyxl write-only: rows stream, memory stays flat)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db.models import QuerySet
from openpyxl import Workbook

from applications.enums import DeclarationStatus
from applications.models import Declaration
from applications.schema import BASIC_BY_KEY
from quotas.selectors import ancestor_paths
from review.models import ClassifiedMark, DisciplineOpinion, Objection, Panel, PublicityPeriod
from review.panels import CandidateResult, panel_results
from tesuan.accounts.models import User
from tesuan.enums import TalentType
from tesuan.orgs.models import Organisation

CANDIDATE_HEADERS = (
    "序号",
    "姓名",
    "性别",
    "出生年月",
    "民族",
    "政治面貌",
    "最高学历",
    "最高学位",
    "工作单位",
    "职务",
    "职称/职业资格",
    "从事专业/工种",
    "人才类型",
    "推荐单位",
    "专家评议得分",
    "公示情况",
    "纪检监察意见",
)
PANEL_HEADERS = (
    "排名",
    "姓名",
    "工作单位",
    "人才类型",
    "评议专家数",
    "加权平均分",
    "标准差",
    "分歧提示",
    "赞成票",
    "反对票",
    "是否通过",
)


Progress = Callable[[int], None]
PROGRESS_EVERY = 500  # rows between two progress reports: one UPDATE each, not one per row


def xlsx_write(
    target: str | Path | IO[bytes],
    *,
    title: str,
    headers: Iterable[str],
    rows: Iterable[Iterable],
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """Write one sheet to ``target`` and return the number of rows.

    Write-only mode: openpyxl serialises each row to a temporary file as it is appended, so
    memory does not grow with the number of rows (100 000 in a national year). ``progress``
    gets the share of ``total`` written so far, in percent, every ``PROGRESS_EVERY`` rows.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append(list(row))
        if progress and total and count % PROGRESS_EVERY == 0:
            progress(min(99, count * 100 // total))
    workbook.save(target)
    return count


def forwarded_by(
    *, user: User, organisation: Organisation, talent_type: str = ""
) -> QuerySet[Declaration]:
    """The candidates ``organisation`` has recommended upwards and that are still on their way:
    its 人选. For the province, those reported to the ministry."""
    above = [path for path in ancestor_paths(organisation) if path != organisation.path]
    candidates = Declaration.objects.filter(
        organisation__path__startswith=organisation.path,
        current_organisation__path__in=above,
        status=DeclarationStatus.SUBMITTED,
    ).select_related("applicant", "recommending_organisation", "organisation")
    if user.talent_type:
        candidates = candidates.filter(talent_type=user.talent_type)
    if talent_type:
        candidates = candidates.filter(talent_type=talent_type)
    return candidates


@dataclass
class CandidateRow:
    declaration: Declaration
    score: float | None
    publicity: str
    discipline: str


def _label(key: str, basic: dict) -> str:
    value = basic.get(key, "")
    return BASIC_BY_KEY[key].choice_label(value) if value else ""


def candidate_rows(
    *, user: User, organisation: Organisation, talent_type: str = ""
) -> list[CandidateRow]:
    """One row per candidate, in the ranking order of this organisation's expert review."""
    candidates = list(forwarded_by(user=user, organisation=organisation, talent_type=talent_type))
    scores: dict[int, float | None] = {}
    for panel in Panel.objects.filter(
        organisation=organisation, closed_at__isnull=False, candidates__declaration__in=candidates
    ).distinct():
        for result in panel_results(panel):
            scores[result.declaration.pk] = result.mean
    opinions = {
        opinion.declaration_id: opinion
        for opinion in DisciplineOpinion.objects.filter(
            organisation=organisation, declaration__in=candidates
        )
    }
    classified = set(
        ClassifiedMark.objects.filter(
            declaration__in=candidates, revoked_at__isnull=True
        ).values_list("declaration_id", flat=True)
    )
    objections: dict[int, int] = {}
    for declaration_id in Objection.objects.filter(
        period__organisation=organisation, declaration__in=candidates
    ).values_list("declaration_id", flat=True):
        objections[declaration_id] = objections.get(declaration_id, 0) + 1
    periods: dict[int, str] = {}
    for period in PublicityPeriod.objects.filter(
        organisation=organisation, declarations__in=candidates
    ).distinct():
        for declaration in period.declarations.filter(pk__in=[c.pk for c in candidates]):
            count = objections.get(declaration.pk, 0)
            received = f"，收到反映 {count} 件，已核查处理" if count else "，无反映"
            periods[declaration.pk] = (
                f"已公示（{period.start_date:%Y-%m-%d} 至 {period.end_date:%Y-%m-%d}）{received}"
            )
    rows = []
    for declaration in candidates:
        opinion = opinions.get(declaration.pk)
        rows.append(
            CandidateRow(
                declaration=declaration,
                score=scores.get(declaration.pk),
                publicity="涉密人员，未公示"
                if declaration.pk in classified
                else periods.get(declaration.pk, ""),
                discipline=(
                    f"{opinion.body}：{'有意见，' + opinion.text if opinion.has_opinion else '无意见'}"
                    if opinion
                    else ""
                ),
            )
        )
    rows.sort(
        key=lambda row: (row.score is None, -(row.score or 0), row.declaration.applicant.name)
    )
    return rows


def candidate_cells(rows: list[CandidateRow]) -> Iterator[list]:
    for number, row in enumerate(rows, start=1):
        declaration, basic = row.declaration, row.declaration.basic
        professional = declaration.talent_type == TalentType.PROFESSIONAL
        birth = basic.get("birth_date", "")[:7]
        yield [
            number,
            declaration.applicant.name,
            _label("sex", basic),
            birth,
            _label("ethnic_group", basic),
            _label("political_status", basic),
            _label("education", basic),
            _label("degree", basic) or "无",
            basic.get("employer", ""),
            basic.get("position", ""),
            basic.get("title", "") if professional else _label("skill_level", basic),
            basic.get("specialty", "") if professional else basic.get("occupation", ""),
            declaration.get_talent_type_display(),
            declaration.recommending_organisation.name
            if declaration.recommending_organisation
            else "",
            row.score if row.score is not None else "",
            row.publicity,
            row.discipline,
        ]


def panel_cells(results: list[CandidateResult]) -> Iterator[list]:
    for result in results:
        yield [
            result.rank or "",
            result.declaration.applicant.name,
            result.declaration.organisation.name,
            result.declaration.get_talent_type_display(),
            result.reviewers,
            result.mean if result.mean is not None else "",
            result.sd if result.sd is not None else "",
            "分歧较大" if result.disagreement else "",
            result.votes_for,
            result.votes_against,
            "通过" if result.passed else "未通过",
        ]
