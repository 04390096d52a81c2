"""人选一览表 and 专家评议结果汇总表: the rows (the one source for the pages, the API, the files
and the 推荐正式函) and their files, written by ``tesuan.spreadsheets`` (rows stream, memory
stays flat, no cell can carry a formula)."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from django.db.models import Count, F, Func, QuerySet, TextField
from django.utils import timezone

from applications.enums import DeclarationStatus
from applications.models import Declaration
from applications.schema import BASIC_BY_KEY
from quotas.selectors import ancestor_paths, campaign_current
from selection.models import (
    ClassifiedMark,
    DisciplineOpinion,
    Objection,
    Panel,
    PanelCandidate,
    PublicityPeriod,
)
from selection.panels import CandidateResult, panel_means
from tesuan.accounts.authority import scoped_to_talent_type
from tesuan.accounts.models import User
from tesuan.enums import TalentType
from tesuan.orgs.models import Organisation
from tesuan.spreadsheets import Column, Progress, xlsx_write
from tesuan.streaming import streamed

# 人选一览表: the columns the notice's attachment asks for, and the field of work, trade and kind
# of employer the notice sets its priorities by. Widths in characters of the sheet's font: the
# list prints on A4 landscape fitted to the width.
CANDIDATE_COLUMNS = (
    Column("序号", 4.5, centred=True),
    Column("姓名", 8, centred=True),
    Column("性别", 4.5, centred=True),
    Column("出生年月", 8, centred=True),
    Column("民族", 6, centred=True),
    Column("政治面貌", 8, centred=True),
    Column("最高学历", 8, centred=True),
    Column("最高学位", 7, centred=True),
    Column("工作单位", 18),
    Column("单位性质", 8, centred=True),
    Column("职务", 10),
    Column("职称/职业资格", 10),
    Column("从事专业/工种", 10),
    Column("工作领域", 9),
    Column("从事行业或领域", 12),
    Column("人才类型", 8, centred=True),
    Column("推荐单位", 14),
    # 上一年度经社会公示确定推荐的后备人选: recommended first (notice 二(三))
    Column("后备人选", 7, centred=True),
    Column("专家评议得分", 7, centred=True),
    Column("公示情况", 16),
    Column("纪检监察意见", 16),
)
CANDIDATE_HEADERS = tuple(column.header for column in CANDIDATE_COLUMNS)
PANEL_COLUMNS = (
    Column("排名", 5, centred=True),
    Column("姓名", 10, centred=True),
    Column("工作单位", 30),
    Column("人才类型", 10, centred=True),
    Column("评议专家数", 7, centred=True),
    Column("加权平均分", 8, centred=True),
    Column("标准差", 7, centred=True),
    Column("分歧提示", 9, centred=True),
    Column("赞成票", 6, centred=True),
    Column("反对票", 6, centred=True),
    Column("是否通过", 9, centred=True),
)
PANEL_HEADERS = tuple(column.header for column in PANEL_COLUMNS)
LIST_TITLE = "享受国务院政府特殊津贴人员"

CLASSIFIED = "涉密人员，未公示"


def list_year() -> int:
    """The year a list is headed with: the current campaign's."""
    campaign = campaign_current()
    return campaign.year if campaign else timezone.localdate().year


def candidates_write(
    target: str | Path | IO[bytes],
    *,
    organisation: Organisation,
    year: int,
    rows: Iterable[list],
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """The 人选一览表 file of ``organisation``; returns the number of rows."""
    return xlsx_write(
        target,
        sheet_title="人选一览表",
        heading=f"{organisation.name}{year}年{LIST_TITLE}人选一览表",
        columns=CANDIDATE_COLUMNS,
        rows=rows,
        total=total,
        progress=progress,
    )


def panel_write(
    target: str | Path | IO[bytes],
    *,
    panel: Panel,
    rows: Iterable[list],
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """The 专家评议结果汇总表 file of ``panel``; returns the number of rows."""
    return xlsx_write(
        target,
        sheet_title="专家评议结果汇总表",
        heading=(
            f"{panel.organisation.name}{panel.campaign.year}年{LIST_TITLE}"
            f"专家评议结果汇总表（{panel.name}）"
        ),
        columns=PANEL_COLUMNS,
        rows=rows,
        total=total,
        progress=progress,
    )


def forwarded_by(
    *, user: User, organisation: Organisation, talent_type: str = ""
) -> QuerySet[Declaration]:
    """The candidates ``organisation`` has recommended upwards and that are still on their way:
    its 人选. For the province, those reported to the ministry.

    The levels above are named by id (one small query), not by a join on their paths: the
    planner then knows from the column's statistics how many declarations wait there; through
    the join it guessed a handful and chose nested loops that took seconds at 100 000."""
    above = list(
        Organisation.objects.filter(
            path__in=[path for path in ancestor_paths(organisation) if path != organisation.path]
        ).values_list("pk", flat=True)
    )
    candidates = Declaration.objects.filter(
        unit_path__startswith=organisation.path,
        current_organisation__in=above,
        status=DeclarationStatus.SUBMITTED,
    ).select_related("applicant", "recommending_organisation", "organisation")
    candidates = scoped_to_talent_type(candidates, user)
    if talent_type:
        candidates = candidates.filter(talent_type=talent_type)
    return candidates


@dataclass
class CandidateRow:
    declaration: Declaration
    score: float | None
    publicity: str
    discipline: str


@dataclass(frozen=True)
class _Procedure:
    """What the organisation's own procedure says of each candidate, by declaration id: the
    expert review score, the publicity and the discipline opinion texts. The texts repeat, so
    each is made and kept once per distinct opinion (or period and number of objections),
    however many candidates share it."""

    scores: dict[int, float | None]
    publicity: dict[int, str]
    discipline: dict[int, str]


def _procedure(organisation: Organisation, listed: set[int]) -> _Procedure:
    """Nine queries whatever the number of candidates. Each reads the organisation's own
    records (of every year: the current campaign's are the bulk), which the ids of the
    ``listed`` candidates then select: joining each table to the query of the list instead
    made PostgreSQL run nested loops of about a second each at 100 000 candidates."""
    panels = {
        panel_id
        for panel_id, declaration_id in PanelCandidate.objects.filter(
            panel__organisation=organisation, panel__closed_at__isnull=False
        ).values_list("panel_id", "declaration_id")
        if declaration_id in listed
    }
    scores = panel_means(panels=Panel.objects.filter(pk__in=panels))
    said: dict[tuple[str, bool, str], str] = {}
    discipline: dict[int, str] = {}
    for declaration_id, *opinion in DisciplineOpinion.objects.filter(
        organisation=organisation
    ).values_list("declaration_id", "body", "has_opinion", "text"):
        if declaration_id in listed:
            key = tuple(opinion)
            text = said.get(key)
            if text is None:
                body, has_opinion, written = key
                text = said[key] = f"{body}：{'有意见，' + written if has_opinion else '无意见'}"
            discipline[declaration_id] = text
    objections = dict(
        Objection.objects.filter(period__organisation=organisation)
        .values("declaration_id")
        .annotate(count=Count("pk"))
        .values_list("declaration_id", "count")
        .order_by()
    )
    publicity: dict[int, str] = {}
    published: dict[tuple[date, date, int], str] = {}
    # Newest period first, as the periods are listed: a candidate in several periods shows the
    # earliest one.
    for declaration_id, start, end in (
        PublicityPeriod.declarations.through.objects.filter(
            publicityperiod__organisation=organisation
        )
        .order_by("-publicityperiod__start_date", "-publicityperiod_id")
        .values_list("declaration_id", "publicityperiod__start_date", "publicityperiod__end_date")
    ):
        if declaration_id in listed:
            count = objections.get(declaration_id, 0)
            text = published.get((start, end, count))
            if text is None:
                received = f"，收到反映 {count} 件，已核查处理" if count else "，无反映"
                text = published[(start, end, count)] = (
                    f"已公示（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）{received}"
                )
            publicity[declaration_id] = text
    for declaration_id in ClassifiedMark.objects.filter(revoked_at__isnull=True).values_list(
        "declaration_id", flat=True
    ):
        if declaration_id in listed:
            publicity[declaration_id] = CLASSIFIED
    return _Procedure(scores=scores, publicity=publicity, discipline=discipline)


def _rank(score: float | None, name: str, pk: int) -> tuple:
    """The order of the list: by expert review score, the unscored last, then by name, then
    by declaration, so that namesakes with the same score come out the same every time."""
    return (score is None, -(score or 0), name, pk)


def candidate_rows(
    *, user: User, organisation: Organisation, talent_type: str = ""
) -> list[CandidateRow]:
    """One row per candidate, in the ranking order of this organisation's expert review."""
    candidates = list(forwarded_by(user=user, organisation=organisation, talent_type=talent_type))
    procedure = _procedure(organisation, {declaration.pk for declaration in candidates})
    rows = [
        CandidateRow(
            declaration=declaration,
            score=procedure.scores.get(declaration.pk),
            publicity=procedure.publicity.get(declaration.pk, ""),
            discipline=procedure.discipline.get(declaration.pk, ""),
        )
        for declaration in candidates
    ]
    rows.sort(key=lambda row: _rank(row.score, row.declaration.applicant.name, row.declaration.pk))
    return rows


class _Cells:
    """Builds the cells a declaration gives its row of the 人选一览表. The labels of coded
    answers are looked up once per code, and equal texts (names, units, titles) are kept once
    for the whole list, so holding 100 000 rows to rank them costs tens of megabytes."""

    def __init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        self._texts: dict[str, str] = {}
        self._talent_types = {value: str(label) for value, label in TalentType.choices}

    def _label(self, key: str, value: str) -> str:
        if not value:
            return ""
        label = self._labels.get((key, value))
        if label is None:
            label = self._labels[(key, value)] = str(BASIC_BY_KEY[key].choice_label(value))
        return label

    def _text(self, value):
        return self._texts.setdefault(value, value) if isinstance(value, str) else value

    def declared(self, *, name: str, talent_type: str, basic: dict, recommending: str) -> tuple:
        """姓名 to 后备人选: the cells between 序号 and 专家评议得分."""
        professional = talent_type == TalentType.PROFESSIONAL
        text = self._text
        return (
            text(name),
            self._label("sex", basic.get("sex", "")),
            text(basic.get("birth_date", "")[:7]),
            self._label("ethnic_group", basic.get("ethnic_group", "")),
            self._label("political_status", basic.get("political_status", "")),
            self._label("education", basic.get("education", "")),
            self._label("degree", basic.get("degree", "")) or "无",
            text(basic.get("employer", "")),
            self._label("employer_nature", basic.get("employer_nature", "")),
            text(basic.get("position", "")),
            text(basic.get("title", ""))
            if professional
            else self._label("skill_level", basic.get("skill_level", "")),
            text(basic.get("specialty", "") if professional else basic.get("occupation", "")),
            self._label("work_field", basic.get("work_field", "")),
            self._label("industry", basic.get("industry", "")),
            self._talent_types.get(talent_type, talent_type),
            text(recommending),
            self._label("reserve_candidate", basic.get("reserve_candidate", "")),
        )


def _row(
    number: int, declared: tuple, score: float | None, publicity: str, discipline: str
) -> list:
    return [number, *declared, score if score is not None else "", publicity, discipline]


def candidate_cells(rows: list[CandidateRow]) -> Iterator[list]:
    cells = _Cells()
    for number, row in enumerate(rows, start=1):
        declaration = row.declaration
        declared = cells.declared(
            name=declaration.applicant.name,
            talent_type=declaration.talent_type,
            basic=declaration.basic,
            recommending=declaration.recommending_organisation.name
            if declaration.recommending_organisation
            else "",
        )
        yield _row(number, declared, row.score, row.publicity, row.discipline)


# The answers of the 申报表 the list shows, read from the JSON in the database.
SHEET_BASIC_KEYS = (
    "sex",
    "birth_date",
    "ethnic_group",
    "political_status",
    "education",
    "degree",
    "employer",
    "employer_nature",
    "position",
    "title",
    "skill_level",
    "specialty",
    "occupation",
    "work_field",
    "industry",
    "reserve_candidate",
)
SHEET_FETCH = 5000  # rows fetched at a time from the database cursor


class JSONTexts(Func):
    """The text of some keys of a JSON object column, as the text of one JSON list (empty for a
    key that is not there, as ``dict.get(key, "")`` gives). On PostgreSQL one
    ``jsonb_to_record`` reads the document once: a ``->>`` per key reads it once per key, about
    three times slower for the dozen answers of the list. The caller decodes the list with
    ``json.loads``: a ``JSONField`` output would add Django's converters, half a second per
    100 000 rows."""

    output_field = TextField()

    def __init__(self, column: str, keys: tuple[str, ...]) -> None:
        super().__init__(F(column))
        self.keys = keys

    def as_sql(self, compiler, connection, **extra_context):
        document, params = compiler.compile(self.source_expressions[0])
        paths = ", ".join(f"coalesce(json_extract({document}, %s), '')" for _key in self.keys)
        key_params = [value for key in self.keys for value in (*params, f'$."{key}"')]
        return f"json_array({paths})", key_params

    def as_postgresql(self, compiler, connection, **extra_context):
        document, params = compiler.compile(self.source_expressions[0])
        names = [connection.ops.quote_name(key) for key in self.keys]
        values = ", ".join(f"coalesce(answers.{name}, '')" for name in names)
        columns = ", ".join(f"{name} text" for name in names)
        return (
            f"(SELECT to_jsonb(ARRAY[{values}]) "
            f"FROM jsonb_to_record({document}) AS answers({columns}))",
            params,
        )


def candidate_sheet(
    *, user: User, organisation: Organisation, talent_type: str = ""
) -> tuple[int, Iterator[list]]:
    """The 人选一览表 file's rows — the cells of ``candidate_cells(candidate_rows(…))`` — and
    their number, for lists of 100 000: one pass over the list reads only the answers it
    shows (not the declarations' five sections), the rows are kept as compact tuples to be
    ranked, and the cells are made as the file is written."""
    cells = _Cells()
    entries = []
    for pk, name, talent_type_, recommending, answers in streamed(
        forwarded_by(user=user, organisation=organisation, talent_type=talent_type)
        .annotate(answers=JSONTexts("basic", SHEET_BASIC_KEYS))
        .values_list(
            "pk", "applicant__name", "talent_type", "recommending_organisation__name", "answers"
        ),
        chunk_size=SHEET_FETCH,
    ):
        declared = cells.declared(
            name=name,
            talent_type=talent_type_,
            basic=dict(zip(SHEET_BASIC_KEYS, json.loads(answers), strict=True)),
            recommending=recommending or "",
        )
        entries.append((pk, declared))
    procedure = _procedure(organisation, {pk for pk, _declared in entries})
    entries.sort(key=lambda entry: _rank(procedure.scores.get(entry[0]), entry[1][0], entry[0]))
    return len(entries), _sheet_rows(entries, procedure)


def _sheet_rows(entries: list[tuple[int, tuple]], procedure: _Procedure) -> Iterator[list]:
    for number, (pk, declared) in enumerate(entries, start=1):
        yield _row(
            number,
            declared,
            procedure.scores.get(pk),
            procedure.publicity.get(pk, ""),
            procedure.discipline.get(pk, ""),
        )


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
            result.verdict,
        ]
