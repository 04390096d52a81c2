"""评委专家库: the reviewers a recommending organisation builds its panels from.

An admin of a recommending level keeps its organisation's pool: reviewer accounts (评议专家) of
its own subtree, or experts already in the pool of a level above (a county may draw on its
city's and the province's pools). A reviewer account made from the panel page goes through the
same account service and authority rules as on 用户管理, and enters the pool at once.
"""

from django.db import transaction
from django.db.models import Q, QuerySet

from review.auditing import review_action_record
from selection.models import PoolReviewer
from tesuan.accounts.authority import Area, decides_for_own_organisation, may_enter
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.accounts.selectors import users_visible_to
from tesuan.accounts.services import user_create
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted
from tesuan.orgs.models import Organisation
from tesuan.orgs.selectors import ancestor_paths

OUT_OF_REACH = (
    "只能选择本机构及下级机构的评议专家账户，或上级机构评委专家库中的专家；"
    "其他机构的专家请由其所在机构或共同的上级机构加入专家库。"
)


def _pool_organisation(actor: User) -> Organisation:
    """The organisation whose pool the actor keeps: its own, as the admin of a recommending
    level granted that very node."""
    if not (may_enter(actor, Area.PROCEDURE) and decides_for_own_organisation(actor)):
        raise NotPermitted("评委专家库由推荐单位（县级及以上）的管理员维护。")
    return actor.organisation


def _reviewers() -> QuerySet[User]:
    return User.objects.filter(role=Role.REVIEWER, is_active=True).select_related("organisation")


def pool_reviewers(*, organisation: Organisation) -> QuerySet[User]:
    """The active reviewers in ``organisation``'s pool."""
    return (
        _reviewers()
        .filter(pool_entries__organisation=organisation)
        .order_by("organisation__path", "name", "pk")
    )


def pool_reachable(*, actor: User) -> QuerySet[User]:
    """Every reviewer the actor may put in its pool: reviewer accounts it manages (its
    subtree) and the experts in the pools of the levels above its organisation."""
    organisation = _pool_organisation(actor)
    own_subtree = users_visible_to(user=actor).filter(role=Role.REVIEWER).values("pk")
    above = PoolReviewer.objects.filter(
        organisation__path__in=ancestor_paths(organisation)[:-1]
    ).values("reviewer_id")
    return (
        _reviewers()
        .filter(Q(pk__in=own_subtree) | Q(pk__in=above))
        .order_by("organisation__path", "name", "pk")
    )


def pool_addable(*, actor: User) -> QuerySet[User]:
    """The reviewers the actor may add to its pool and has not yet."""
    return pool_reachable(actor=actor).exclude(pool_entries__organisation=actor.organisation)


def _enter(actor: User, organisation: Organisation, reviewers: list[User]) -> list[User]:
    """Put ``reviewers`` in the pool; returns those who were not in it yet."""
    present = set(
        PoolReviewer.objects.filter(organisation=organisation, reviewer__in=reviewers).values_list(
            "reviewer_id", flat=True
        )
    )
    added = [reviewer for reviewer in reviewers if reviewer.pk not in present]
    PoolReviewer.objects.bulk_create(
        PoolReviewer(organisation=organisation, reviewer=reviewer, added_by=actor)
        for reviewer in added
    )
    if added:
        review_action_record(
            actor=actor,
            action="pool_add",
            target=organisation,
            organisation=organisation,
            reviewer_ids=[reviewer.pk for reviewer in added],
        )
    return added


def pool_admit(*, actor: User, reviewer_ids: list[int]) -> list[User]:
    """The reviewers of ``reviewer_ids``, each in the actor's pool (entered now if the actor may
    put them there); refuses the whole list if one is out of reach. Used by the pool page and
    by a panel's members, which come from the pool only."""
    organisation = _pool_organisation(actor)
    wanted = set(reviewer_ids)
    if not wanted:
        raise InvalidInput({"reviewers": ["请选择评议专家。"]})
    found = set(
        pool_reviewers(organisation=organisation).filter(pk__in=wanted).values_list("pk", flat=True)
    ) | set(pool_reachable(actor=actor).filter(pk__in=wanted).values_list("pk", flat=True))
    if found != wanted:
        raise InvalidInput({"reviewers": [OUT_OF_REACH]})
    reviewers = list(_reviewers().filter(pk__in=wanted).order_by("pk"))
    _enter(actor, organisation, reviewers)
    return reviewers


@transaction.atomic
def pool_add(*, actor: User, reviewer_ids: list[int]) -> list[User]:
    """Add reviewers to the actor's pool. Writes an audit entry for those new to it."""
    return pool_admit(actor=actor, reviewer_ids=reviewer_ids)


@transaction.atomic
def pool_remove(*, actor: User, reviewer_id: int) -> None:
    """Take a reviewer out of the pool. Panels they already sit on keep them. A reviewer not
    in the actor's own pool is not found (another organisation's pool is not named)."""
    organisation = _pool_organisation(actor)
    deleted, _rows = PoolReviewer.objects.filter(
        organisation=organisation, reviewer_id=reviewer_id
    ).delete()
    if not deleted:
        raise NotFound()
    review_action_record(
        actor=actor,
        action="pool_remove",
        target=organisation,
        organisation=organisation,
        reviewer_id=reviewer_id,
    )


@transaction.atomic
def pool_reviewer_create(
    *, actor: User, username: str, name: str, mobile: str = "", email: str = ""
) -> tuple[User, str]:
    """A new 评议专家 account of the actor's organisation, in its pool: created by the account
    service (its checks, one-time password and audit entry), then entered. Returns the account
    and its one-time password, to be shown once."""
    organisation = _pool_organisation(actor)
    reviewer, password = user_create(
        actor=actor,
        username=username,
        name=name,
        role=Role.REVIEWER,
        organisation=organisation,
        mobile=mobile,
        email=email,
    )
    _enter(actor, organisation, [reviewer])
    return reviewer, password
