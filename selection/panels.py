"""专家评议: panels, reviewers' score sheets and the results (专家评议结果汇总表)."""

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, getcontext
from fractions import Fraction
from itertools import groupby
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from applications.enums import DeclarationStatus
from applications.models import Declaration
from quotas.models import Campaign
from review.auditing import review_action_record
from selection.errors import PanelClosed, SheetLocked
from selection.models import Conflict, Criterion, Panel, PanelCandidate, PanelMember, Score, Vote
from selection.notifying import notify_panel_members
from selection.pool import pool_admit, pool_reviewer_create
from tesuan.accounts.authority import decides_at, scoped_to_talent_type
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.enums import TalentType
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted
from tesuan.orgs.models import Organisation
from tesuan.streaming import streamed

SCORES_CHUNK = 10_000  # score (or candidate) rows fetched at a time by panel_means
SCORE_BOUND = 32_767  # the largest score a PositiveSmallIntegerField holds
MAX_PLACES = 30  # decimal places beyond which a factor is not looked for
PASS_DENOMINATOR_MAX = 100  # a pass threshold such as 2/3 of the votes, never finer
CRITERION_NAME_MAX = 50  # Criterion.name
WEIGHT_MAX = Decimal("999.99")  # Criterion.weight: five digits, two of them decimals
DEFAULT_CRITERIA = (
    ("业绩贡献", Decimal("50")),
    ("学术/技术水平", Decimal("30")),
    ("社会影响", Decimal("20")),
)


def _managed_panel(actor: User, panel_id: int | str, *, lock: bool = False) -> Panel:
    """A panel of an organisation the actor decides for (its admin, within their talent type)."""
    queryset = Panel.objects.select_related("organisation", "campaign")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    panel = queryset.filter(pk=panel_id).first() if str(panel_id).isdigit() else None
    if panel is None or not decides_at(
        user=actor, organisation=panel.organisation, talent_type=panel.talent_type
    ):
        raise NotFound()
    return panel


def panels_managed_by(*, user: User) -> QuerySet[Panel]:
    if user.role != Role.ORG_ADMIN or user.organisation_id is None:
        return Panel.objects.none()
    panels = Panel.objects.filter(organisation=user.organisation).select_related("campaign")
    return scoped_to_talent_type(panels, user)


def panel_get_for_admin(*, actor: User, panel_id: int | str) -> Panel:
    return _managed_panel(actor, panel_id)


def _criterion_fits(name: str, weight: Decimal) -> bool:
    """A name and a weight their columns hold as typed: a weight with more decimals would be
    rounded (0.001 to a weight of 0), a larger one or NaN fails the INSERT."""
    return (
        0 < len(name.strip()) <= CRITERION_NAME_MAX
        and weight.is_finite()
        and 0 < weight <= WEIGHT_MAX
        and weight == weight.quantize(Decimal("0.01"))
    )


@transaction.atomic
def panel_create(
    *,
    actor: User,
    campaign: Campaign,
    talent_type: str,
    name: str,
    criteria: list[tuple[str, Decimal]] | None = None,
    pass_numerator: int = 2,
    pass_denominator: int = 3,
) -> Panel:
    """A panel of the actor's organisation, with weighted criteria (default 业绩贡献 50,
    学术/技术水平 30, 社会影响 20) and a pass threshold (default two thirds of the votes)."""
    organisation = actor.organisation
    if organisation is None or not decides_at(
        user=actor, organisation=organisation, talent_type=talent_type
    ):
        raise NotPermitted("只有推荐单位的管理员可以组织本单位的专家评议。")
    errors: dict[str, list[str]] = {}
    if talent_type not in TalentType.values:
        errors["talent_type"] = ["请选择人才类型。"]
    if not name.strip():
        errors["name"] = ["请填写评议组名称。"]
    criteria = criteria or list(DEFAULT_CRITERIA)
    if not all(_criterion_fits(name, weight) for name, weight in criteria):
        errors["criteria"] = [
            f"每个评分项须有名称（不超过 {CRITERION_NAME_MAX} 个字），"
            f"权重须大于 0、不超过 {WEIGHT_MAX}，最多两位小数。"
        ]
    # The column is a PositiveSmallIntegerField: a larger denominator fails the INSERT.
    if not 0 < pass_numerator <= pass_denominator <= PASS_DENOMINATOR_MAX:
        errors["pass_numerator"] = [
            f"通过比例应在 0 到 1 之间，分母不超过 {PASS_DENOMINATOR_MAX}，例如 2/3。"
        ]
    if errors:
        raise InvalidInput(errors)
    panel = Panel.objects.create(
        campaign=campaign,
        organisation=organisation,
        talent_type=talent_type,
        name=name.strip(),
        pass_numerator=pass_numerator,
        pass_denominator=pass_denominator,
        created_by=actor,
    )
    Criterion.objects.bulk_create(
        Criterion(panel=panel, name=criterion_name.strip(), weight=weight, position=index)
        for index, (criterion_name, weight) in enumerate(criteria)
    )
    review_action_record(
        actor=actor,
        action="panel_create",
        target=panel,
        organisation=organisation,
        talent_type=talent_type,
        criteria=[[criterion_name, weight] for criterion_name, weight in criteria],
    )
    return panel


def _open(panel: Panel) -> None:
    if panel.closed_at is not None:
        raise PanelClosed()


def _auto_conflicts(
    panel: Panel, members: list[PanelMember], declarations: list[Declaration]
) -> None:
    """A reviewer from the candidate's own unit is excluded automatically."""
    for member in members:
        for declaration in declarations:
            if member.reviewer.organisation_id == declaration.organisation_id:
                Conflict.objects.get_or_create(
                    panel=panel,
                    reviewer=member.reviewer,
                    declaration=declaration,
                    defaults={"reason": "评议专家与申报人同一单位，自动回避", "automatic": True},
                )


@transaction.atomic
def panel_add_members(
    *, actor: User, panel_id: int | str, reviewer_ids: list[int]
) -> list[PanelMember]:
    """Members come from the organisation's 评委专家库 (``selection.pool``): a reviewer the
    admin may put there but has not yet enters it too."""
    panel = _managed_panel(actor, panel_id, lock=True)
    _open(panel)
    if panel.organisation_id != actor.organisation_id:
        raise NotPermitted("评议组的评议专家由本机构的管理员从本机构的评委专家库中选择。")
    reviewers = pool_admit(actor=actor, reviewer_ids=reviewer_ids)
    members = [
        PanelMember.objects.get_or_create(panel=panel, reviewer=reviewer)[0]
        for reviewer in reviewers
    ]
    _auto_conflicts(
        panel, members, [c.declaration for c in panel.candidates.select_related("declaration")]
    )
    review_action_record(
        actor=actor,
        action="panel_add_members",
        target=panel,
        organisation=panel.organisation,
        reviewer_ids=[reviewer.pk for reviewer in reviewers],
    )
    notify_panel_members(panel, reviewers)
    return members


@transaction.atomic
def panel_reviewer_create(
    *, actor: User, panel_id: int | str, username: str, name: str, mobile: str = "", email: str = ""
) -> tuple[User, str]:
    """A new 评议专家 account of the panel's organisation, entered in its 评委专家库 and, while
    the panel is open, made a member of it. Returns the account and its one-time password."""
    panel = _managed_panel(actor, panel_id, lock=True)
    reviewer, password = pool_reviewer_create(
        actor=actor, username=username, name=name, mobile=mobile, email=email
    )
    if panel.closed_at is None:
        panel_add_members(actor=actor, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    return reviewer, password


@transaction.atomic
def panel_remove_member(*, actor: User, panel_id: int | str, reviewer_id: int) -> None:
    panel = _managed_panel(actor, panel_id, lock=True)
    _open(panel)
    panel.members.filter(reviewer_id=reviewer_id).delete()
    review_action_record(
        actor=actor,
        action="panel_remove_member",
        target=panel,
        organisation=panel.organisation,
        reviewer_id=reviewer_id,
    )


@transaction.atomic
def panel_add_candidates(*, actor: User, panel_id: int | str, declaration_ids: list[int]) -> int:
    """Candidates are declarations of the panel's talent type waiting at the organisation."""
    panel = _managed_panel(actor, panel_id, lock=True)
    _open(panel)
    if not declaration_ids:
        raise InvalidInput({"declarations": ["请勾选要添加的候选人。"]})
    declarations = list(
        Declaration.objects.filter(
            pk__in=declaration_ids,
            campaign=panel.campaign,
            talent_type=panel.talent_type,
            current_organisation=panel.organisation,
            status=DeclarationStatus.SUBMITTED,
        )
    )
    if len(declarations) != len(set(declaration_ids)):
        raise InvalidInput({"declarations": ["只能选择在本机构待审核、人才类型相同的申报人。"]})
    for declaration in declarations:
        PanelCandidate.objects.get_or_create(panel=panel, declaration=declaration)
    _auto_conflicts(panel, list(panel.members.select_related("reviewer")), declarations)
    review_action_record(
        actor=actor,
        action="panel_add_candidates",
        target=panel,
        organisation=panel.organisation,
        declaration_ids=[declaration.pk for declaration in declarations],
    )
    return len(declarations)


def panel_close_check(*, actor: User, panel_id: int | str) -> Panel:
    """Whether the panel may close now, without closing it: the page asks for confirmation only
    of a close that would go through, so a refusal is never preceded by "are you sure"."""
    panel = _managed_panel(actor, panel_id)
    _closable(panel)
    return panel


def _closable(panel: Panel) -> None:
    _open(panel)
    if not panel.candidates.exists():
        raise InvalidInput({"panel": ["评议组还没有候选人。"]})
    waiting = [
        m.reviewer.name for m in panel.members.select_related("reviewer") if m.submitted_at is None
    ]
    if not panel.members.exists() or waiting:
        raise InvalidInput(
            {"panel": [f"尚有评议专家未提交评分表：{'、'.join(waiting) or '（未分配评议专家）'}。"]}
        )


@transaction.atomic
def panel_close(*, actor: User, panel_id: int | str) -> Panel:
    """评议结束: every member has submitted their sheet; the results are final."""
    panel = _managed_panel(actor, panel_id, lock=True)
    _closable(panel)
    panel.closed_at = timezone.now()
    panel.save(update_fields=["closed_at"])
    review_action_record(
        actor=actor, action="panel_close", target=panel, organisation=panel.organisation
    )
    return panel


def panels_of_reviewer(*, user: User) -> QuerySet[PanelMember]:
    if user.role != Role.REVIEWER:
        return PanelMember.objects.none()
    return PanelMember.objects.filter(reviewer=user).select_related("panel", "panel__organisation")


def membership_get(*, reviewer: User, panel_id: int | str, lock: bool = False) -> PanelMember:
    """The reviewer's own sheet on a panel; "not found" for any other panel."""
    queryset = PanelMember.objects.select_related("panel", "panel__organisation")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    member = (
        queryset.filter(panel_id=panel_id, reviewer=reviewer).first()
        if str(panel_id).isdigit()
        else None
    )
    if member is None:
        raise NotFound()
    return member


def conflicted_ids(member: PanelMember) -> set[int]:
    return set(
        Conflict.objects.filter(panel=member.panel_id, reviewer=member.reviewer_id).values_list(
            "declaration_id", flat=True
        )
    )


@dataclass(frozen=True)
class Sheet:
    """A reviewer's score sheet as saved: the criteria, the candidates (those excluded by 回避
    among them), each saved score by (candidate, criterion) and each vote by candidate."""

    member: PanelMember
    criteria: list[Criterion]
    candidates: list[PanelCandidate]
    excluded: set[int]
    scores: dict[tuple[int, int], int]
    votes: dict[int, bool]


def sheet_get(*, reviewer: User, panel_id: int | str) -> Sheet:
    """The reviewer's own sheet on a panel, in a fixed number of queries; "not found" for any
    other panel."""
    member = membership_get(reviewer=reviewer, panel_id=panel_id)
    return Sheet(
        member=member,
        criteria=list(member.panel.criteria.all()),
        candidates=list(
            member.panel.candidates.select_related(
                "declaration__applicant", "declaration__organisation"
            )
        ),
        excluded=conflicted_ids(member),
        scores={(s.declaration_id, s.criterion_id): s.value for s in member.scores.all()},
        votes={v.declaration_id: v.recommend for v in member.votes.all()},
    )


def reviewer_candidate(
    *, reviewer: User, panel_id: int | str, declaration_id: int | str
) -> Declaration:
    """A candidate of the reviewer's panel, to read; others (and conflicted ones) are not found."""
    member = membership_get(reviewer=reviewer, panel_id=panel_id)
    declaration = (
        Declaration.objects.filter(panel_entries__panel=member.panel_id, pk=declaration_id)
        .select_related("applicant", "campaign", "organisation", "recommending_organisation")
        .first()
        if str(declaration_id).isdigit()
        else None
    )
    if declaration is None or declaration.pk in conflicted_ids(member):
        raise NotFound()
    return declaration


@transaction.atomic
def conflict_declare(
    *, reviewer: User, panel_id: int | str, declaration_id: int, reason: str
) -> Conflict:
    member = membership_get(reviewer=reviewer, panel_id=panel_id, lock=True)
    _open(member.panel)
    if member.submitted_at:
        raise SheetLocked()
    declaration = reviewer_candidate(
        reviewer=reviewer, panel_id=panel_id, declaration_id=declaration_id
    )
    if not reason.strip():
        raise InvalidInput({"reason": ["请说明回避原因，例如近亲属、同一课题组。"]})
    Score.objects.filter(member=member, declaration=declaration).delete()
    Vote.objects.filter(member=member, declaration=declaration).delete()
    conflict, _created = Conflict.objects.get_or_create(
        panel=member.panel,
        reviewer=reviewer,
        declaration=declaration,
        defaults={"reason": reason.strip()},
    )
    review_action_record(
        actor=reviewer,
        action="conflict_declare",
        target=declaration,
        organisation=member.panel.organisation,
        reason=reason.strip(),
        panel_id=member.panel_id,
    )
    return conflict


@transaction.atomic
def sheet_save(
    *,
    reviewer: User,
    panel_id: int | str,
    declaration_id: int,
    scores: dict[int, int | str],
    recommend: bool | None,
) -> None:
    """Record a reviewer's scores (per criterion, 0 to its maximum) and vote for one candidate."""
    member = membership_get(reviewer=reviewer, panel_id=panel_id, lock=True)
    _open(member.panel)
    if member.submitted_at:
        raise SheetLocked()
    declaration = reviewer_candidate(
        reviewer=reviewer, panel_id=panel_id, declaration_id=declaration_id
    )
    errors: dict[str, list[str]] = {}
    for criterion in member.panel.criteria.all():
        raw = str(scores.get(criterion.pk, "")).strip()
        if raw == "":
            continue
        if not re.fullmatch(r"[0-9]{1,3}", raw) or int(raw) > criterion.max_score:
            errors[f"score_{criterion.pk}"] = [
                f"{criterion.name}应为 0 到 {criterion.max_score} 之间的整数。"
            ]
            continue
        Score.objects.update_or_create(
            member=member,
            declaration=declaration,
            criterion=criterion,
            defaults={"value": int(raw)},
        )
    if errors:
        raise InvalidInput(errors)
    if recommend is not None:
        Vote.objects.update_or_create(
            member=member, declaration=declaration, defaults={"recommend": recommend}
        )
    # Which candidate was scored, not the scores or the vote: those stay within the panel.
    review_action_record(
        actor=reviewer,
        action="sheet_save",
        target=declaration,
        organisation=member.panel.organisation,
        panel_id=member.panel_id,
    )


@dataclass(frozen=True)
class SheetEntry:
    """What a reviewer typed on the sheet for one candidate: each criterion's score as typed
    (by criterion id) and the vote (None: not given)."""

    declaration_id: int
    scores: dict[int, str]
    recommend: bool | None


@transaction.atomic
def sheet_save_all(*, reviewer: User, panel_id: int | str, entries: list[SheetEntry]) -> int:
    """Save the whole sheet at once, or nothing: a wrong score anywhere refuses every entry
    with one error per wrong score, keyed ``score_<candidate>_<criterion>`` and naming the
    candidate, so the page can show each beside its input. Returns how many candidates were
    saved; entries with nothing typed are left alone. A candidate the reviewer has withdrawn
    from (回避) is refused by name, keyed ``candidate_<candidate>``."""
    errors: dict[str, list[str]] = {}
    saved = 0
    typed = [
        entry
        for entry in entries
        if entry.recommend is not None or any(str(v).strip() for v in entry.scores.values())
    ]
    withdrawn = Conflict.objects.filter(
        panel_id=membership_get(reviewer=reviewer, panel_id=panel_id).panel_id,
        reviewer=reviewer,
        declaration_id__in=[entry.declaration_id for entry in typed],
    ).select_related("declaration__applicant")
    for conflict in withdrawn:
        errors[f"candidate_{conflict.declaration_id}"] = [
            f"{conflict.declaration.applicant.name}：已声明回避，不参与对该申报人的评分。"
        ]
    for entry in typed:
        if f"candidate_{entry.declaration_id}" in errors:
            continue
        try:
            sheet_save(
                reviewer=reviewer,
                panel_id=panel_id,
                declaration_id=entry.declaration_id,
                scores=dict(entry.scores),
                recommend=entry.recommend,
            )
        except InvalidInput as error:
            name = reviewer_candidate(
                reviewer=reviewer, panel_id=panel_id, declaration_id=entry.declaration_id
            ).applicant.name
            for field, messages in error.errors.items():
                key = f"score_{entry.declaration_id}_{field.removeprefix('score_')}"
                errors[key] = [f"{name}：{message}" for message in messages]
        else:
            saved += 1
    if errors:
        raise InvalidInput(errors, "评分未保存：有评分不符合要求，请按提示修改后重新保存。")
    return saved


@transaction.atomic
def sheet_submit(*, reviewer: User, panel_id: int | str) -> PanelMember:
    """Submit the sheet: every candidate not excluded is scored on every criterion and voted on;
    the sheet then locks."""
    member = membership_get(reviewer=reviewer, panel_id=panel_id, lock=True)
    _open(member.panel)
    if member.submitted_at:
        raise SheetLocked()
    excluded = conflicted_ids(member)
    candidates = [
        c.declaration
        for c in member.panel.candidates.select_related("declaration__applicant")
        if c.declaration_id not in excluded
    ]
    criteria_count = member.panel.criteria.count()
    scored = {}
    for declaration_id in member.scores.values_list("declaration_id", flat=True):
        scored[declaration_id] = scored.get(declaration_id, 0) + 1
    voted = set(member.votes.values_list("declaration_id", flat=True))
    missing = [
        d.applicant.name
        for d in candidates
        if scored.get(d.pk, 0) < criteria_count or d.pk not in voted
    ]
    if missing:
        raise InvalidInput({"sheet": [f"以下候选人尚未评分或表决：{'、'.join(missing)}。"]})
    member.submitted_at = timezone.now()
    member.save(update_fields=["submitted_at"])
    review_action_record(
        actor=reviewer,
        action="sheet_submit",
        target=member.panel,
        organisation=member.panel.organisation,
    )
    return member


@dataclass
class CandidateResult:
    declaration: Declaration
    reviewers: int
    mean: float | None
    sd: float | None
    disagreement: bool
    votes_for: int
    votes_against: int
    passed: bool
    rank: int | None = None

    @property
    def verdict(self) -> str:
        """通过 / 未通过, or 未评分 while no reviewer's sheet holds a score or a vote for them."""
        if not self.reviewers and not (self.votes_for or self.votes_against):
            return "未评分"
        return "通过" if self.passed else "未通过"


ScoreRow = tuple[int, int, int, int]  # declaration id, member id, criterion id, value


def _weighted_scores(
    criteria: dict[int, Criterion], scores: Iterable[ScoreRow]
) -> dict[int, list[float]]:
    """Per declaration, the weighted score of each reviewer: every criterion normalised to 100
    and weighted by its share of the total weight. The contribution of a (criterion, value)
    pair is computed once: a panel's sheets repeat the same few values many times."""
    total_weight = sum(c.weight for c in criteria.values()) or Decimal(1)
    contributions: dict[tuple[int, int], Decimal] = {}
    per_reviewer: dict[tuple[int, int], Decimal] = {}
    for declaration_id, member_id, criterion_id, value in scores:
        contribution = contributions.get((criterion_id, value))
        if contribution is None:
            criterion = criteria[criterion_id]
            normalised = Decimal(value) * 100 / criterion.max_score
            contribution = normalised * criterion.weight / total_weight
            contributions[(criterion_id, value)] = contribution
        key = (declaration_id, member_id)
        per_reviewer[key] = per_reviewer.get(key, Decimal(0)) + contribution
    weighted: dict[int, list[float]] = {}
    for (declaration_id, _member_id), total in per_reviewer.items():
        weighted.setdefault(declaration_id, []).append(float(total))
    return weighted


def _mean(weighted: list[float]) -> float | None:
    return round(statistics.fmean(weighted), 2) if weighted else None


def _result(
    panel: Panel, declaration: Declaration, weighted: list[float], cast: list[bool]
) -> CandidateResult:
    votes_for = sum(cast)
    sd = round(statistics.pstdev(weighted), 2) if weighted else None
    return CandidateResult(
        declaration=declaration,
        reviewers=len(weighted),
        mean=_mean(weighted),
        sd=sd,
        disagreement=sd is not None and sd > float(panel.disagreement_sd),
        votes_for=votes_for,
        votes_against=len(cast) - votes_for,
        passed=bool(cast)
        and votes_for * panel.pass_denominator >= panel.pass_numerator * len(cast),
    )


def candidate_results(
    entries: Iterable[PanelCandidate], declarations: dict[int, Declaration]
) -> dict[tuple[int, int], CandidateResult]:
    """The result of each (panel, candidate) entry, by (panel id, declaration id), for entries
    of any panels in three queries (without the rank, which needs the whole panel): what a list
    of candidates from many panels shows."""
    entries = list(entries)
    if not entries:
        return {}
    panels = {entry.panel_id: entry.panel for entry in entries}
    ids = {entry.declaration_id for entry in entries}
    criteria: dict[int, dict[int, Criterion]] = {pk: {} for pk in panels}
    for criterion in Criterion.objects.filter(panel_id__in=panels):
        criteria[criterion.panel_id][criterion.pk] = criterion
    rows: dict[int, list[ScoreRow]] = {pk: [] for pk in panels}
    for panel_id, *row in Score.objects.filter(
        member__panel_id__in=panels, member__submitted_at__isnull=False, declaration_id__in=ids
    ).values_list("member__panel_id", "declaration_id", "member_id", "criterion_id", "value"):
        rows[panel_id].append(tuple(row))
    votes: dict[tuple[int, int], list[bool]] = {}
    for panel_id, declaration_id, recommend in Vote.objects.filter(
        member__panel_id__in=panels, member__submitted_at__isnull=False, declaration_id__in=ids
    ).values_list("member__panel_id", "declaration_id", "recommend"):
        votes.setdefault((panel_id, declaration_id), []).append(recommend)
    weighted = {pk: _weighted_scores(criteria[pk], rows[pk]) for pk in panels}
    return {
        (entry.panel_id, entry.declaration_id): _result(
            panels[entry.panel_id],
            declarations[entry.declaration_id],
            weighted[entry.panel_id].get(entry.declaration_id, []),
            votes.get((entry.panel_id, entry.declaration_id), []),
        )
        for entry in entries
    }


def panel_results(panel: Panel) -> list[CandidateResult]:
    """Per candidate, over submitted sheets of reviewers not excluded: the weighted score of each
    reviewer, their mean and (population) standard deviation, flagged above the panel's
    threshold; votes; passed when votes for reach the threshold share of the votes cast; rank by
    mean score."""
    criteria = {c.pk: c for c in panel.criteria.all()}
    submitted = {m.pk for m in panel.members.all() if m.submitted_at}
    weighted_by_declaration = _weighted_scores(
        criteria,
        Score.objects.filter(member__panel=panel, member_id__in=submitted).values_list(
            "declaration_id", "member_id", "criterion_id", "value"
        ),
    )
    votes: dict[int, list[bool]] = {}
    for vote in Vote.objects.filter(member__panel=panel, member_id__in=submitted):
        votes.setdefault(vote.declaration_id, []).append(vote.recommend)
    results = [
        _result(
            panel,
            entry.declaration,
            weighted_by_declaration.get(entry.declaration_id, []),
            votes.get(entry.declaration_id, []),
        )
        for entry in panel.candidates.select_related(
            "declaration__applicant", "declaration__organisation"
        )
    ]
    results.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.declaration.applicant.name))
    for rank, result in enumerate(results, start=1):
        result.rank = rank if result.mean is not None else None
    return results


def panel_verdict(
    *, declaration: Declaration, organisation: Organisation
) -> tuple[Panel, CandidateResult] | None:
    """The result of ``declaration`` on the latest closed panel of ``organisation`` that had
    it as a candidate; None when no closed panel reviewed it there."""
    panel = (
        Panel.objects.filter(
            organisation=organisation,
            closed_at__isnull=False,
            candidates__declaration=declaration,
        )
        .order_by("-closed_at", "-pk")
        .first()
    )
    if panel is None:
        return None
    result = next(r for r in panel_results(panel) if r.declaration.pk == declaration.pk)
    return panel, result


def verdict_text(panel: Panel, result: CandidateResult) -> str:
    """The score, the votes and the threshold, as the refusal and the letter say them."""
    score = "无人评分" if result.mean is None else f"加权平均分 {result.mean:g}"
    votes = f"赞成 {result.votes_for} 票、反对 {result.votes_against} 票"
    return f"{score}，{votes}，通过须赞成票达到 {panel.pass_numerator}/{panel.pass_denominator}"


def _terminating(value: Fraction) -> tuple[int, int] | None:
    """``value`` as an integer and a number of decimal places, or None when its decimal
    expansion does not end."""
    places = 0
    while 10**places % value.denominator:
        if places == MAX_PLACES:
            return None
        places += 1
    return value.numerator * 10**places // value.denominator, places


def _integer_factors(criteria: dict[int, Criterion]) -> tuple[dict[int, int], int] | None:
    """Integer factors per criterion and a number of decimal places such that a reviewer's
    weighted score is ``sum(value * factor) / 10**places`` — exactly the Decimal
    ``_weighted_scores`` computes — or None when that cannot be shown for every value a
    score may hold (0 to ``SCORE_BOUND``).

    ``_weighted_scores`` computes ``value * 100 / max_score``, then ``… * weight``, then
    ``… / total_weight``, then the running sum, in the current decimal context. A Decimal
    operation is exact when the exact result's coefficient fits the context's precision. When
    each step's factor (``100 / max_score``, ``100 * weight / max_score`` and the
    contribution factor ``100 * weight / (max_score * total_weight)``) has a terminating decimal
    expansion, every result is exact as long as it fits: an exact quotient takes its ideal
    exponent or the one its digits need, a product the sum of its operands' exponents, a sum
    the smaller one, so no exponent goes below ``-bound_places`` (the factors' places plus
    the weights' own). Every coefficient is then at most ``SCORE_BOUND * factor * 10**
    bound_places`` (the sum: with the sum of the factors; all terms are non-negative), which is
    checked against the precision. The Decimal is then the exact rational, and ``float()`` of
    it is the float nearest to it, as is the integer division ``sum / 10**places``."""
    precision = getcontext().prec
    total_weight = sum(c.weight for c in criteria.values()) or Decimal(1)
    total_places = max(0, total_weight.as_tuple().exponent)
    steps_of: dict[int, tuple[Fraction, Fraction, Fraction]] = {}
    scaled: dict[int, tuple[int, int]] = {}
    bound_places = 0
    for pk, criterion in criteria.items():
        if criterion.max_score <= 0:
            return None
        normalised = Fraction(100, criterion.max_score)
        weighted = normalised * Fraction(criterion.weight)
        steps_of[pk] = (normalised, weighted, weighted / Fraction(total_weight))
        found = [_terminating(step) for step in steps_of[pk]]
        if None in found:
            return None
        normalised_places = found[0][1]
        weight_places = max(0, -criterion.weight.as_tuple().exponent)
        scaled[pk] = found[-1]
        bound_places = max(
            bound_places, normalised_places + weight_places + total_places, found[-1][1]
        )
    for steps in (*steps_of.values(), [sum(steps[-1] for steps in steps_of.values())]):
        for step in steps:
            if len(str(SCORE_BOUND * step * 10**bound_places // 1)) > precision:
                return None
    places = max((p for _factor, p in scaled.values()), default=0)
    factors = {pk: factor * 10 ** (places - p) for pk, (factor, p) in scaled.items()}
    return factors, places


WEIGHTED_SUMS = """
WITH factor (panel_id, criterion_id, factor) AS (VALUES {values}),
reviewer AS (
    SELECT member.panel_id, score.declaration_id, SUM(score.value * factor.factor) AS total
    FROM {score} score
    JOIN {member} member ON member.id = score.member_id
    JOIN factor ON factor.panel_id = member.panel_id AND factor.criterion_id = score.criterion_id
    WHERE member.submitted_at IS NOT NULL
    GROUP BY member.panel_id, score.declaration_id, score.member_id
)
SELECT panel_id, declaration_id, {concat}(CAST(total AS text), ',')
FROM reviewer GROUP BY panel_id, declaration_id
"""


def _summed_in_sql(
    factors: dict[int, tuple[dict[int, int], int]],
) -> dict[int, dict[int, list[float]]]:
    """Per panel of ``factors`` and declaration, each submitted reviewer's weighted score, as
    ``_weighted_scores`` gives it: the database sums the integers and lists each candidate's
    sums in one row (a row per candidate instead of one per score), Python divides them by the
    power of ten."""
    params: list[int] = []
    for panel_id, (by_criterion, _places) in factors.items():
        for criterion_id, factor in by_criterion.items():
            params += [panel_id, criterion_id, factor]
    values = ", ".join(
        ["(CAST(%s AS bigint), CAST(%s AS bigint), CAST(%s AS bigint))"] * (len(params) // 3)
    )
    sql = WEIGHTED_SUMS.format(
        values=values,
        score=Score._meta.db_table,
        member=PanelMember._meta.db_table,
        concat="string_agg" if connection.vendor == "postgresql" else "group_concat",
    )
    divisors = {panel_id: 10**places for panel_id, (_factors, places) in factors.items()}
    weighted: dict[int, dict[int, list[float]]] = {panel_id: {} for panel_id in factors}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(SCORES_CHUNK):
            for panel_id, declaration_id, totals in rows:
                divisor = divisors[panel_id]
                weighted[panel_id][declaration_id] = [
                    int(total) / divisor for total in totals.split(",")
                ]
    return weighted


def panel_means(*, panels: QuerySet[Panel]) -> dict[int, float | None]:
    """The mean score ``panel_results`` gives every candidate of ``panels``, without loading
    the declarations: at most five queries whatever the number of panels and candidates. For
    panels whose weights make every reviewer's score an exact decimal (50/30/20 of 100 points
    does), the database sums each reviewer's scores as integers; the scores of other panels are
    streamed panel by panel and weighted as ``panel_results`` does. A candidate of several
    panels gets the score of the last one in the order of ``panels``."""
    order = list(panels.values_list("pk", flat=True))
    criteria: dict[int, dict[int, Criterion]] = {pk: {} for pk in order}
    for criterion in Criterion.objects.filter(panel__in=order):
        criteria[criterion.panel_id][criterion.pk] = criterion
    candidates: dict[int, list[int]] = {pk: [] for pk in order}
    for panel_id, declaration_id in PanelCandidate.objects.filter(panel__in=order).values_list(
        "panel_id", "declaration_id"
    ):
        candidates[panel_id].append(declaration_id)
    factors = {pk: _integer_factors(criteria[pk]) for pk in order}
    exact = {pk: found for pk, found in factors.items() if found is not None}
    weighted_of = _summed_in_sql(exact) if exact else {}
    others = [pk for pk in order if pk not in exact]
    if others:
        scores = streamed(
            Score.objects.filter(member__panel__in=others, member__submitted_at__isnull=False)
            .order_by("member__panel_id")
            .values_list(
                "member__panel_id", "declaration_id", "member_id", "criterion_id", "value"
            ),
            chunk_size=SCORES_CHUNK,
        )
        for panel_id, rows in groupby(scores, key=itemgetter(0)):
            weighted_of[panel_id] = _weighted_scores(
                criteria[panel_id], map(itemgetter(1, 2, 3, 4), rows)
            )
    means: dict[int, float | None] = {}
    for panel_id in order:
        weighted = weighted_of.get(panel_id, {})
        for declaration_id in candidates[panel_id]:
            means[declaration_id] = _mean(weighted.get(declaration_id, []))
    return means
