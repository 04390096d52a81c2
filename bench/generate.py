"""`make bench-data N=…`: a national campaign on PostgreSQL, written with COPY.

The database named by bench.settings is dropped, created and migrated; then the whole tree,
N applicants with their declarations (five sections in Chinese, snapshots of the submitted
ones, the review trail at every level), admins with their object permissions, panels with
scores and votes, quotas and deadlines. Prints the rate in declarations a second.
"""

import argparse
import datetime
import hashlib
import os
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from applications.models import Declaration, DeclarationSnapshot, DeclarationTransition  # noqa: E402
from bench.content import ContentPool, person_name  # noqa: E402
from bench.copy import copy_rows, secondary_indexes_deferred, sequences_reset  # noqa: E402
from bench.orgs import Node, Tree, tree_build, tree_write  # noqa: E402
from quotas.models import Campaign, Deadline, Quota  # noqa: E402
from review.models import Criterion, Panel, PanelCandidate, PanelMember, Score, Vote  # noqa: E402
from review.panels import DEFAULT_CRITERIA  # noqa: E402
from tesuan.accounts.enums import Role  # noqa: E402
from tesuan.accounts.models import OrganisationUserObjectPermission, User  # noqa: E402
from tesuan.orgs.enums import OrgKind  # noqa: E402
from tesuan.orgs.models import Organisation  # noqa: E402

PASSWORD = "Bench#2024x"
BATCH = 10_000
TOKENS = 1_000  # API tokens for the first drafts' applicants (the autosave load)
PANEL_CANDIDATES = 30
REVIEWERS_PER_PANEL = 3
START = datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)
USER_COLUMNS = (
    "id", "password", "is_superuser", "username", "name", "role", "organisation_id",
    "talent_type", "mobile", "email", "must_change_password", "is_active", "date_joined",
)  # fmt: skip
DECLARATION_COLUMNS = (
    "id", "applicant_id", "campaign_id", "organisation_id", "recommending_organisation_id",
    "current_organisation_id", "talent_type", "status", "version", "basic", "work_history",
    "achievements", "publications", "awards", "conditions", "retirement_explanation",
    "unit_opinion", "recommending_opinion", "photo", "id_number_key", "created_at",
    "updated_at", "submitted_at",
)  # fmt: skip
TRANSITION_COLUMNS = (
    "declaration_id", "actor_id", "action", "organisation_id", "to_organisation_id",
    "from_status", "to_status", "reason", "at",
)  # fmt: skip


@dataclass
class Stats:
    declarations: int = 0
    users: int = 0
    transitions: int = 0
    snapshots: int = 0
    organisations: int = 0
    panels: int = 0
    scores: int = 0
    by_status: Counter = field(default_factory=Counter)


@dataclass
class Campaign2024:
    """What the declaration pass leaves for the panels and quotas."""

    campaign_id: int
    admin_of: dict[int, int]
    forwarded: Counter = field(default_factory=Counter)  # (org id, talent type) → count
    waiting: dict[tuple[int, str], list[int]] = field(default_factory=lambda: defaultdict(list))


def database_recreate() -> None:
    db = settings.DATABASES["default"]
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0)


def user_row(uid: int, password: str, username: str, name: str, role: str, org: int) -> tuple:
    return (uid, password, False, username, name, role, org, "", "", "", False, True, START)


def admins_write(tree: Tree, password: str) -> dict[int, int]:
    """One admin for every organisation below the ministry, with the guardian permission."""
    first = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    admin_of = {node.id: first + n for n, node in enumerate(tree.nodes[1:])}
    copy_rows(
        User,
        USER_COLUMNS,
        (
            user_row(uid, password, f"admin{org}", "管理员", Role.ORG_ADMIN, org)
            for org, uid in admin_of.items()
        ),
    )
    permission = Permission.objects.get(codename="manage_organisation").pk
    copy_rows(
        OrganisationUserObjectPermission,
        ("permission_id", "user_id", "content_object_id"),
        ((permission, uid, org) for org, uid in admin_of.items()),
    )
    return admin_of


def fate(rng: random.Random, levels: int) -> tuple[str, int]:
    """(status, index in the line unit → county → city → province where it stops)."""
    roll = rng.random()
    if roll < 0.25:
        return ("returned" if roll < 0.05 else "draft"), 0
    if roll < 0.33:
        return "not_recommended", rng.randint(1, levels - 1)
    top = rng.choices(range(levels), weights=(20, 35, 30, 15)[:levels])[0]
    return "submitted", top


def declarations_write(
    *, n: int, tree: Tree, plan: Campaign2024, password: str, rng: random.Random, stats: Stats
) -> None:
    units = tree.of_kind(OrgKind.UNIT)
    weights = [rng.paretovariate(1.5) for _ in units]
    first_user = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    pool = ContentPool(rng)
    for start in range(0, n, BATCH):
        chosen = rng.choices(units, weights=weights, k=min(BATCH, n - start))
        users, declarations, snapshots, transitions = [], [], [], []
        for offset, unit in enumerate(chosen):
            number = start + offset + 1
            declaration_add(
                number=number,
                user_id=first_user + number - 1,
                unit=unit,
                plan=plan,
                pool=pool,
                password=password,
                rng=rng,
                out=(users, declarations, snapshots, transitions),
                stats=stats,
            )
        stats.users += copy_rows(User, USER_COLUMNS, users)
        stats.declarations += copy_rows(Declaration, DECLARATION_COLUMNS, declarations)
        stats.snapshots += copy_rows(
            DeclarationSnapshot,
            ("declaration_id", "version", "content", "content_hash", "created_at"),
            snapshots,
        )
        stats.transitions += copy_rows(DeclarationTransition, TRANSITION_COLUMNS, transitions)


def declaration_add(
    *,
    number: int,
    user_id: int,
    unit: Node,
    plan: Campaign2024,
    pool: ContentPool,
    password: str,
    rng: random.Random,
    out: tuple[list, list, list, list],
    stats: Stats,
) -> None:
    users, declarations, snapshots, transitions = out
    line = unit.line()[:-1]  # unit, county, (city,) province — not the ministry
    county = line[1]
    talent_type = "skilled" if rng.random() < 0.2 else "professional"
    name = person_name(rng)
    sections = pool.sections(
        number=number,
        county_code=county.division_code or "110101",
        employer=unit.name,
        talent_type=talent_type,
        rng=rng,
    )
    status, top = fate(rng, len(line))
    stats.by_status[status] += 1
    users.append(user_row(user_id, password, f"expert{number}", name, Role.APPLICANT, unit.id))
    at = START + datetime.timedelta(minutes=number % 40_000)
    submitted = status in ("submitted", "not_recommended")
    if status != "draft":
        transitions.append((number, user_id, "submit", None, unit.id, "draft", "submitted", "", at))
    if status == "returned":
        transitions.append(
            (
                number,
                plan.admin_of[unit.id],
                "return",
                unit.id,
                None,
                "submitted",
                "draft",
                "材料不全，请补充。",
                at,
            )
        )
    for level in range(top):
        at += datetime.timedelta(days=3)
        here, parent = line[level], line[level + 1]
        transitions.append(
            (
                number,
                plan.admin_of[here.id],
                "forward",
                here.id,
                parent.id,
                "submitted",
                "submitted",
                "同意推荐。",
                at,
            )
        )
        if status == "submitted" and level > 0:
            plan.forwarded[(here.id, talent_type)] += 1
    current = line[top] if submitted else None
    if status == "not_recommended":
        transitions.append(
            (
                number,
                plan.admin_of[current.id],
                "not_recommend",
                current.id,
                None,
                "submitted",
                "not_recommended",
                "综合评议未获推荐。",
                at,
            )
        )
    elif status == "submitted" and top > 0:
        waiting = plan.waiting[(current.id, talent_type)]
        if len(waiting) < PANEL_CANDIDATES:
            waiting.append(number)
    declarations.append(
        (
            number, user_id, plan.campaign_id, unit.id, county.id if submitted else None,
            current.id if current else None, talent_type,
            "draft" if status == "returned" else status, 2 + len(transitions),
            sections.basic, sections.work_history, sections.achievements,
            sections.publications, sections.awards, sections.conditions, "",
            "同意推荐。" if submitted and top > 0 else "", "", "",
            sections.id_number, START, at, START if submitted else None,
        )
    )  # fmt: skip
    if submitted:
        frozen = sections.snapshot(
            talent_type=talent_type, name=name, organisation=unit.name, recommending=county.name
        )
        digest = hashlib.sha256(frozen.encode("utf-8")).hexdigest()
        snapshots.append((number, 2, frozen, digest, START))


def panels_write(
    *, tree: Tree, plan: Campaign2024, password: str, rng: random.Random, stats: Stats
) -> None:
    """专家评议组 at every city and province that has candidates waiting, per talent type, each
    with three reviewers who scored every candidate and voted."""
    by_id = {node.id: node for node in tree.nodes}
    uid = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    panels, criteria, members, candidates, scores, votes, reviewers = [], [], [], [], [], [], []
    for (org_id, talent_type), waiting in sorted(plan.waiting.items()):
        if by_id[org_id].kind not in (OrgKind.CITY, OrgKind.PROVINCE):
            continue
        panel_id = len(panels) + 1
        panels.append(
            (panel_id, plan.campaign_id, org_id, talent_type, "专家评议组", 2, 3, 10,
             plan.admin_of[org_id], START, None)
        )  # fmt: skip
        criterion_ids = []
        for position, (name, weight) in enumerate(DEFAULT_CRITERIA):
            criterion_ids.append(len(criteria) + 1)
            criteria.append((len(criteria) + 1, panel_id, name, weight, 100, position))
        candidates.extend((panel_id, declaration) for declaration in waiting)
        for _ in range(REVIEWERS_PER_PANEL):
            reviewers.append(
                user_row(uid, password, f"reviewer{uid}", person_name(rng), Role.REVIEWER, org_id)
            )
            member_id = len(members) + 1
            members.append((member_id, panel_id, uid, START + datetime.timedelta(days=20)))
            for declaration in waiting:
                scores.extend(
                    (member_id, declaration, c, rng.randint(60, 100)) for c in criterion_ids
                )
                votes.append((member_id, declaration, rng.random() < 0.7))
            uid += 1
    stats.users += copy_rows(User, USER_COLUMNS, reviewers)
    stats.panels = copy_rows(
        Panel,
        ("id", "campaign_id", "organisation_id", "talent_type", "name", "pass_numerator",
         "pass_denominator", "disagreement_sd", "created_by_id", "created_at", "closed_at"),
        panels,
    )  # fmt: skip
    copy_rows(Criterion, ("id", "panel_id", "name", "weight", "max_score", "position"), criteria)
    copy_rows(PanelMember, ("id", "panel_id", "reviewer_id", "submitted_at"), members)
    copy_rows(PanelCandidate, ("panel_id", "declaration_id"), candidates)
    stats.scores = copy_rows(
        Score, ("member_id", "declaration_id", "criterion_id", "value"), scores
    )
    copy_rows(Vote, ("member_id", "declaration_id", "recommend"), votes)


def quotas_write(*, tree: Tree, plan: Campaign2024, rng: random.Random) -> None:
    """A quota per division and talent type (the forwarded count consistent with the trail) and
    a deadline per division, extended as the demo does."""
    kinds = (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.COUNTY)
    divisions = [node for node in tree.nodes if node.kind in kinds]
    rows = []
    for node in divisions:
        for talent_type in ("professional", "skilled"):
            used = plan.forwarded[(node.id, talent_type)]
            rows.append((plan.campaign_id, node.id, talent_type, used + rng.randint(0, 5), used))
    copy_rows(
        Quota, ("campaign_id", "organisation_id", "talent_type", "allocated", "forwarded"), rows
    )
    due = {OrgKind.PROVINCE: datetime.date(2024, 5, 10), OrgKind.CITY: datetime.date(2024, 4, 15)}
    copy_rows(
        Deadline,
        ("campaign_id", "organisation_id", "due_date", "extended_until", "extension_reason"),
        (
            (plan.campaign_id, node.id, due.get(node.kind, datetime.date(2024, 4, 1)),
             datetime.date(2030, 12, 31), "基准数据：延期以便继续申报")
            for node in divisions
        ),
    )  # fmt: skip


def tokens_write(count: int) -> None:
    """API tokens (key derived from the user id, see bench.autosave) for the first drafts."""
    drafts = (
        Declaration.objects.filter(status="draft")
        .order_by("pk")
        .values_list("applicant_id", flat=True)[:count]
    )
    copy_rows(
        Token, ("key", "user_id", "created"), ((token_key(uid), uid, START) for uid in drafts)
    )


def token_key(user_id: int) -> str:
    return hashlib.sha1(f"bench{user_id}".encode()).hexdigest()


def generate(*, n: int, seed: int = 2024) -> tuple[Stats, float]:
    """Everything in one transaction; returns the counts and the seconds it took."""
    rng = random.Random(seed)
    stats = Stats()
    password = make_password(PASSWORD)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # The generator keeps every foreign key consistent itself: skip the per-row FK triggers
        # (Django's are deferred to COMMIT, where they cost more than the COPY) for this session.
        cursor.execute("SET LOCAL session_replication_role = replica")
        tree = tree_build(units=max(500, n // 25), rng=rng)
        stats.organisations = tree_write(tree)
        campaign = Campaign.objects.create(
            year=2024,
            title="2024年享受国务院政府特殊津贴人员选拔推荐",
            retirement_cutoff=datetime.date(2024, 12, 31),
        )
        plan = Campaign2024(campaign_id=campaign.pk, admin_of=admins_write(tree, password))
        stats.users += len(plan.admin_of)
        bulk = [User, Declaration, DeclarationSnapshot, DeclarationTransition]
        with secondary_indexes_deferred(bulk):
            declarations_write(n=n, tree=tree, plan=plan, password=password, rng=rng, stats=stats)
        panels_write(tree=tree, plan=plan, password=password, rng=rng, stats=stats)
        quotas_write(tree=tree, plan=plan, rng=rng)
        sequences_reset([Organisation, User, Declaration, Panel, Criterion, PanelMember])
        tokens_write(TOKENS)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return stats, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="declarations (default 100 000)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    database_recreate()
    stats, seconds = generate(n=args.n, seed=args.seed)
    print(
        f"{settings.DATABASES['default']['NAME']}: {stats.declarations:,} declarations "
        f"({dict(stats.by_status)}), {stats.users:,} users, {stats.organisations:,} "
        f"organisations, {stats.transitions:,} transitions, {stats.snapshots:,} snapshots, "
        f"{stats.panels:,} panels, {stats.scores:,} scores in {seconds:.1f} s: "
        f"{stats.declarations / seconds:,.0f} declarations/s"
    )


if __name__ == "__main__":
    main()
