"""`make bench-data N=…`: a national campaign on PostgreSQL, written with COPY.

The database bench.settings names is dropped, then built under a temporary name (a copy of a
migrated template, filled) and renamed only when complete, so it is there whole or not at all:
the whole tree, N applicants with their declarations (five sections in Chinese, snapshots of
the submitted ones, the review trail at every level), admins with their object permissions,
panels with scores and votes, quotas, deadlines and API tokens. Prints the counts and the rate
in declarations a second over the whole run, from start-up to the rename.
"""

import time

STARTED = time.perf_counter()  # before Django starts: the printed rate covers everything

import argparse  # noqa: E402
import datetime  # noqa: E402
import hashlib  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

import psycopg  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.db.models import Model  # noqa: E402
from psycopg import sql  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from applications.models import Declaration, DeclarationSnapshot, DeclarationTransition  # noqa: E402
from bench.columns import Columns, model_columns  # noqa: E402
from bench.content import ContentPool, copy_text, person_name  # noqa: E402
from bench.copy import (  # noqa: E402
    BULK_SESSION,
    INDEX_SESSION,
    copy_rows,
    copy_streams,
    secondary_indexes_drop,
    sequences_reset,
    statements_parallel,
    tables,
)
from bench.orgs import Node, Tree, tree_build, tree_write  # noqa: E402
from quotas.models import Campaign, Deadline, Quota  # noqa: E402
from selection.models import Criterion, Panel, PanelCandidate, PanelMember, Score, Vote  # noqa: E402
from selection.panels import DEFAULT_CRITERIA  # noqa: E402
from tesuan.accounts.enums import Role  # noqa: E402
from tesuan.accounts.models import OrganisationUserObjectPermission, User  # noqa: E402
from tesuan.orgs.enums import OrgKind  # noqa: E402
from tesuan.orgs.models import Organisation  # noqa: E402

PASSWORD = "Bench#2024x"
BATCH = 5_000
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
    "updated_at", "submitted_at", "unit_path", "applicant_name",
)  # fmt: skip
SNAPSHOT_HASHES = "bench_snapshot_hash"  # a staging table, dropped once the snapshots are built
SNAPSHOT_HASH_COLUMNS = ("declaration_id", "content_hash")
TRANSITION_COLUMNS = (
    "declaration_id", "actor_id", "action", "organisation_id", "to_organisation_id",
    "from_status", "to_status", "reason", "at",
)  # fmt: skip
SNAPSHOT_COLUMNS = ("declaration_id", "version", "content", "content_hash", "created_at")
# services.declaration_content() of each submitted declaration, built from its columns: the
# content's JSON is parsed once (for the declaration) instead of twice. The hash is the
# generator's, of the canonical text as services.content_hash() makes it. The snapshot's other
# columns, if any, get their defaults (snapshots_build()).
SNAPSHOTS_SELECT = f"""
SELECT d.id, 2, jsonb_build_object(
    'campaign', c.year, 'talent_type', d.talent_type, 'name', u.name, 'organisation', o.name,
    'recommending_organisation', r.name, 'basic', d.basic, 'work_history', d.work_history,
    'achievements', d.achievements, 'publications', d.publications, 'awards', d.awards,
    'conditions', d.conditions, 'retirement_explanation', d.retirement_explanation,
    'photo_sha256', '', 'proof_materials', '[]'::jsonb
), h.content_hash, d.submitted_at{{defaults}}
FROM {SNAPSHOT_HASHES} h
JOIN applications_declaration d ON d.id = h.declaration_id
JOIN quotas_campaign c ON c.id = d.campaign_id
JOIN accounts_user u ON u.id = d.applicant_id
JOIN orgs_organisation o ON o.id = d.organisation_id
JOIN orgs_organisation r ON r.id = d.recommending_organisation_id
"""


def snapshots_build() -> str:
    """The INSERT … SELECT of the snapshots, with every column DeclarationSnapshot defines."""
    columns = model_columns(DeclarationSnapshot, SNAPSHOT_COLUMNS)
    connection.ensure_connection()
    defaults = "".join(
        ", " + sql.Literal(value).as_string(connection.connection) for value in columns.values
    )
    names = ", ".join(connection.ops.quote_name(name) for name in columns.names)
    select = SNAPSHOTS_SELECT.replace("{defaults}", defaults)
    return f"INSERT INTO {connection.ops.quote_name(columns.table)} ({names}){select}"


LEVEL_WEIGHTS = (20, 35, 30, 15)  # where a recommended declaration stops: unit … province
NULL = b"\\N"


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


def admin_params() -> dict:
    db = connection.settings_dict
    params = {"dbname": "postgres", "host": db["HOST"], "port": db["PORT"] or 5432}
    return params | {"user": db["USER"], "password": db["PASSWORD"] or None, "autocommit": True}


def migrations_fingerprint() -> str:
    """SHA-256 over every migration file of every app: changes whenever the schema may."""
    digest = hashlib.sha256()
    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for key in sorted(migrations):
        digest.update(repr(key).encode())
        digest.update(Path(sys.modules[migrations[key].__module__].__file__).read_bytes())
    return digest.hexdigest()


GENERATOR_FILES = ("columns.py", "content.py", "copy.py", "generate.py", "orgs.py")


def data_stamp(*, n: int, seed: int) -> str:
    """What a bench database was made from: the migrations, the generator's own code, N and the
    seed. Kept as the database's comment; a database whose stamp differs is stale."""
    digest = hashlib.sha256(migrations_fingerprint().encode())
    for name in GENERATOR_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return f"bench n={n} seed={seed} {digest.hexdigest()}"


def database_comment(name: str) -> str | None:
    """The comment of database ``name``; None when there is no such database."""
    with psycopg.connect(**admin_params()) as admin:
        found = admin.execute(
            "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
            "WHERE datname = %s",
            [name],
        ).fetchone()
    return found[0] if found else None


def database_comment_set(name: str, comment: str) -> None:
    with psycopg.connect(**admin_params()) as admin:
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(comment)
            )
        )


def template_ready(template: str) -> bool:
    """Database ``template`` migrated: kept between runs (migrating is a second of Python on
    every run), made again when a migration file changed; its comment is the fingerprint.
    Returns whether it had to be made."""
    fingerprint = migrations_fingerprint()
    with psycopg.connect(**admin_params()) as admin:
        found = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [template],
        ).fetchone()
        if found and found[0] == fingerprint:
            return False
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(template))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
    connection.settings_dict["NAME"] = template
    call_command("migrate", verbosity=0)
    connection.close()
    database_comment_set(template, fingerprint)
    return True


def database_create(name: str, *, template: str) -> None:
    """(Re)create database ``name`` as a copy of ``template`` and point Django at it."""
    database_drop(name)
    with psycopg.connect(**admin_params()) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    connection.settings_dict["NAME"] = name


def database_drop(name: str) -> None:
    connection.close()
    with psycopg.connect(**admin_params()) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def database_rename(old: str, new: str) -> None:
    connection.close()
    with psycopg.connect(**admin_params()) as admin:
        admin.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(old), sql.Identifier(new)
            )
        )
    connection.settings_dict["NAME"] = new


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
    weights = LEVEL_WEIGHTS[:levels]
    pick = rng.random() * sum(weights)
    for top, weight in enumerate(weights):
        if pick < weight:
            return "submitted", top
        pick -= weight
    return "submitted", levels - 1


@cache
def stamp(minutes: int) -> bytes:
    """START plus ``minutes``, as COPY reads a timestamptz (a few ten thousand distinct)."""
    return str(START + datetime.timedelta(minutes=minutes)).encode()


@dataclass(frozen=True)
class Route:
    """A unit and its line up to the province, encoded once for its declarations' COPY lines."""

    line: tuple[Node, ...]  # unit, county, (city,) province — not the ministry
    ids: tuple[bytes, ...]  # of the line
    id: bytes
    path: bytes
    county_id: bytes
    county_code: bytes
    name: bytes  # the names as they go into the content, before COPY escaping
    county_name: bytes
    # Transition lines without the declaration id in front and the time at the end:
    submit: bytes  # (and without the applicant)
    returned: bytes
    forward: tuple[bytes, ...]  # from each level to the next
    not_recommend: tuple[bytes, ...]  # at each level

    @classmethod
    def of(cls, unit: Node, admin_of: dict[int, int]) -> "Route":
        line = tuple(unit.line()[:-1])
        ids = tuple(b"%d" % node.id for node in line)
        admins = tuple(b"%d" % admin_of[node.id] for node in line)
        county = line[1]
        return cls(
            line=line,
            id=ids[0],
            path=copy_text(unit.path.encode()),
            name=unit.name.encode(),
            county_id=ids[1],
            county_name=county.name.encode(),
            county_code=(county.division_code or "110101").encode(),
            ids=ids,
            submit=b"\tsubmit\t\\N\t%s\tdraft\tsubmitted\t\t" % ids[0],
            returned=b"\t%s\treturn\t%s\t\\N\tsubmitted\tdraft\t%s\t"
            % (admins[0], ids[0], "材料不全，请补充。".encode()),
            forward=tuple(
                b"\t%s\tforward\t%s\t%s\tsubmitted\tsubmitted\t%s\t"
                % (admins[level], ids[level], ids[level + 1], "同意推荐。".encode())
                for level in range(len(line) - 1)
            ),
            not_recommend=tuple(
                b"\t%s\tnot_recommend\t%s\t\\N\tsubmitted\tnot_recommended\t%s\t"
                % (admins[level], ids[level], "综合评议未获推荐。".encode())
                for level in range(len(line))
            ),
        )


class DeclarationPass:
    """Applicants, declarations, their snapshots' hashes and trails as COPY text, a batch at a
    time."""

    def __init__(
        self, *, plan: Campaign2024, password: str, first_user: int, rng: random.Random
    ) -> None:
        self.plan = plan
        self.rng = rng
        self.pool = ContentPool(rng)
        self.first_user = first_user
        self.password = copy_text(password.encode())
        self.role = Role.APPLICANT.value.encode()
        self.campaign = b"%d" % plan.campaign_id
        self.opinion = "同意推荐。".encode()
        self.columns: dict[str, Columns] = {
            "users": model_columns(User, USER_COLUMNS),
            "declarations": model_columns(Declaration, DECLARATION_COLUMNS),
            "transitions": model_columns(DeclarationTransition, TRANSITION_COLUMNS),
        }
        # What ends each line: the columns the model adds to the generator's, then the newline.
        self.user_end, self.declaration_end, self.transition_end = (
            self.columns[key].tail + b"\n" for key in ("users", "declarations", "transitions")
        )
        self.users: list[bytes] = []
        self.declarations: list[bytes] = []
        self.snapshot_hashes: list[bytes] = []
        self.transitions: list[bytes] = []

    def add(self, number: int, route: Route, stats: Stats) -> None:
        """Declaration ``number`` (also its id) of an applicant of ``route``'s unit."""
        rng = self.rng
        user = b"%d" % (self.first_user + number - 1)
        declaration = b"%d" % number
        talent_type = "skilled" if rng.random() < 0.2 else "professional"
        name = person_name(rng).encode()
        sections = self.pool.sections(
            number=number,
            county_code=route.county_code,
            employer=route.name,
            name=name,
            recommending=route.county_name,
            talent_type=talent_type,
            rng=rng,
        )
        name = copy_text(name)
        status, top = fate(rng, len(route.line))
        stats.by_status[status] += 1
        self.users.append(
            b"%s\t%s\tf\texpert%d\t%s\t%s\t%s\t\t\t\tf\tt\t%s%s"
            % (user, self.password, number, name, self.role, route.id, stamp(0), self.user_end)
        )
        minutes = number % 40_000
        trail = []
        end = self.transition_end
        submitted = status in ("submitted", "not_recommended")
        if status != "draft":
            trail.append(declaration + b"\t" + user + route.submit + stamp(minutes) + end)
        if status == "returned":
            trail.append(declaration + route.returned + stamp(minutes) + end)
        for level in range(top):
            minutes += 3 * 24 * 60
            trail.append(declaration + route.forward[level] + stamp(minutes) + end)
            if status == "submitted" and level > 0:
                self.plan.forwarded[(route.line[level].id, talent_type)] += 1
        if status == "not_recommended":
            trail.append(declaration + route.not_recommend[top] + stamp(minutes) + end)
        elif status == "submitted" and top > 0:
            waiting = self.plan.waiting[(route.line[top].id, talent_type)]
            if len(waiting) < PANEL_CANDIDATES:
                waiting.append(number)
        self.transitions.extend(trail)
        current = route.ids[top] if submitted else NULL
        self.declarations.append(
            b"\t".join((
                declaration, user, self.campaign, route.id,
                route.county_id if submitted else NULL, current, talent_type.encode(),
                b"draft" if status == "returned" else status.encode(), b"%d" % (2 + len(trail)),
                sections.basic, sections.work_history, sections.achievements,
                sections.publications, sections.awards, sections.conditions, b"",
                self.opinion if submitted and top > 0 else b"", b"", b"", sections.id_number_key,
                stamp(0), stamp(minutes), stamp(0) if submitted else NULL, route.path, name,
            )) + self.declaration_end
        )  # fmt: skip
        if submitted:  # the snapshot itself is built in SQL (snapshots_build())
            digest = hashlib.sha256(sections.snapshot).hexdigest().encode()
            self.snapshot_hashes.append(b"%s\t%s\n" % (declaration, digest))

    def flush(self) -> dict[str, bytes]:
        """The batch's COPY text per table; empties the batch."""
        batch = {
            "users": b"".join(self.users),
            "declarations": b"".join(self.declarations),
            "snapshot_hashes": b"".join(self.snapshot_hashes),
            "transitions": b"".join(self.transitions),
        }
        self.users, self.declarations, self.snapshot_hashes, self.transitions = [], [], [], []
        return batch


def declarations_write(
    *, n: int, tree: Tree, plan: Campaign2024, password: str, rng: random.Random, stats: Stats
) -> None:
    """N applicants and their declarations, a batch at a time, each table COPYed on its own
    connection while the next batch is made."""
    units = tree.of_kind(OrgKind.UNIT)
    routes = [Route.of(unit, plan.admin_of) for unit in units]
    weights = list(itertools.accumulate(rng.paretovariate(1.5) for _ in units))
    first_user = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    rows = DeclarationPass(plan=plan, password=password, first_user=first_user, rng=rng)
    tables = {key: (columns.table, columns.names) for key, columns in rows.columns.items()}
    tables["snapshot_hashes"] = (SNAPSHOT_HASHES, SNAPSHOT_HASH_COLUMNS)
    with copy_streams(tables) as streams:
        for start in range(0, n, BATCH):
            chosen = rng.choices(routes, cum_weights=weights, k=min(BATCH, n - start))
            for offset, route in enumerate(chosen):
                rows.add(start + offset + 1, route, stats)
            stats.users += len(rows.users)
            stats.declarations += len(rows.declarations)
            stats.snapshots += len(rows.snapshot_hashes)
            stats.transitions += len(rows.transitions)
            for key, text in rows.flush().items():
                streams[key].write(text)


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


def generate(*, n: int, seed: int = 2024) -> Stats:
    """Everything into Django's current database, which must be freshly migrated."""
    rng = random.Random(seed)
    stats = Stats()
    password = make_password(PASSWORD)
    bulk = [Declaration, DeclarationSnapshot, DeclarationTransition, User]
    with transaction.atomic(), connection.cursor() as cursor:
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
        indexes = secondary_indexes_drop(bulk)
        cursor.execute(
            f"CREATE UNLOGGED TABLE {SNAPSHOT_HASHES} "
            "(declaration_id bigint NOT NULL, content_hash varchar(64) NOT NULL)"
        )
    declarations_write(n=n, tree=tree, plan=plan, password=password, rng=rng, stats=stats)
    with ThreadPoolExecutor(1) as background:
        lanes, shared = after_load(indexes, bulk)
        finished = background.submit(
            statements_parallel, lanes, shared=shared, session=BULK_SESSION + INDEX_SESSION
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            panels_write(tree=tree, plan=plan, password=password, rng=rng, stats=stats)
            quotas_write(tree=tree, plan=plan, rng=rng)
            sequences_reset([Organisation, User, Declaration, Panel, Criterion, PanelMember])
            tokens_write(TOKENS)
        built = finished.result()[0][0]
    if built != stats.snapshots:
        raise RuntimeError(f"{built} snapshots for {stats.snapshots} submitted declarations")
    analysed = {model._meta.db_table for model in bulk[:-1]}
    with connection.cursor() as cursor:
        for table in tables():
            if table not in analysed:
                cursor.execute(f'ANALYZE "{table}"')
    return stats


def after_load(
    indexes: list[tuple[str, str]], bulk: list[type[Model]]
) -> tuple[list[list[str]], list[str]]:
    """What follows the load on two connections: two lanes, then the declarations' indexes
    for whichever lane is free. The first lane builds the snapshots (its first statement),
    the second ANALYZEs the declarations first (their indexes would wait for its lock)."""
    declarations, snapshots, transitions, users = [model._meta.db_table for model in bulk]

    def of(table: str) -> list[str]:
        return [definition for owner, definition in indexes if owner == table]

    lanes = [
        [
            snapshots_build(),
            f"DROP TABLE {SNAPSHOT_HASHES}",
            *of(snapshots),
            f'ANALYZE "{snapshots}"',
        ],
        [f'ANALYZE "{declarations}"', *of(transitions), *of(users), f'ANALYZE "{transitions}"'],
    ]
    return lanes, of(declarations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="declarations (default 100 000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--unless-current",
        action="store_true",
        help="keep the database if it was made by this code, schema, N and seed",
    )
    args = parser.parse_args()
    target = connection.settings_dict["NAME"]
    building = f"{target}_building"
    stamp = data_stamp(n=args.n, seed=args.seed)
    if args.unless_current:
        found = database_comment(target)
        if found == stamp:
            print(f"{target}: current ({stamp})")
            return
        why = "missing" if found is None else f"stale ({found or 'unstamped'})"
        print(f"{target}: {why}, generating")
    database_drop(target)  # a checkpoint: here, not after writing gigabytes
    migrated = template_ready(f"{target}_migrated")
    database_create(building, template=f"{target}_migrated")
    try:
        stats = generate(n=args.n, seed=args.seed)
    except BaseException:
        database_drop(building)
        raise
    database_comment_set(building, stamp)
    database_rename(building, target)
    seconds = time.perf_counter() - STARTED
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{target}: {stats.declarations:,} declarations ({dict(stats.by_status)}), "
        f"{stats.users:,} users, {stats.organisations:,} organisations, "
        f"{stats.transitions:,} transitions, {stats.snapshots:,} snapshots, "
        f"{stats.panels:,} panels, {stats.scores:,} scores in {seconds:.1f} s from start-up "
        f"to the rename (drop, {'migrations, ' if migrated else ''}copy of the template, load, "
        f"indexes, ANALYZE): {stats.declarations / seconds:,.0f} declarations/s, "
        f"peak memory {peak:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
