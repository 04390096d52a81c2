"""Who requests what: the pages and API calls measured, with the users that see the most.

Shared by the benchmark (bench.pages, on the generated data) and by the query-count tests
(tests/bench/, on small factory data), so both measure the same requests."""

from dataclasses import dataclass

from django.db.models import Count

from applications.models import Declaration
from selection.models import PanelMember
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation


@dataclass(frozen=True)
class Request:
    name: str
    user: User
    url: str


def busiest(kind: str) -> Organisation:
    """The organisation of ``kind`` where the most declarations wait."""
    row = (
        Declaration.objects.filter(status="submitted", current_organisation__kind=kind)
        .values("current_organisation")
        .annotate(waiting=Count("pk"))
        .order_by("-waiting")
        .first()
    )
    return Organisation.objects.get(pk=row["current_organisation"])


def admin_of(organisation: Organisation) -> User:
    return User.objects.filter(
        role=Role.ORG_ADMIN, organisation=organisation, talent_type=""
    ).earliest("pk")


def surname_waiting_at(organisation: Organisation) -> str:
    """The surname of the first applicant whose declaration waits at ``organisation``: a search
    that finds something at every N, so that its query count compares between N and N/10."""
    name = (
        Declaration.objects.filter(current_organisation=organisation, status="submitted")
        .order_by("pk")
        .values_list("applicant_name", flat=True)
        .first()
    )
    return name[:1]


def requests(*, search: str = "") -> list[Request]:
    """``search``: the term of the queue searches; by default a surname found at each level."""
    draft = Declaration.objects.filter(status="draft").earliest("pk")
    applicant = draft.applicant
    province = busiest(OrgKind.PROVINCE)
    at_province = (
        Declaration.objects.filter(current_organisation=province, status="submitted")
        .annotate(steps=Count("transitions"))
        .order_by("-steps", "pk")
        .first()
    )
    member = (
        PanelMember.objects.annotate(size=Count("panel__candidates"))
        .order_by("-size", "pk")
        .select_related("reviewer")
        .first()
    )
    found: list[Request] = [
        Request("trivial (anchor)", applicant, "/bench/trivial/"),
        Request("applicant: /declarations/", applicant, "/declarations/"),
        Request("applicant: edit form", applicant, f"/declarations/{draft.pk}/edit/"),
        Request("applicant: API declarations", applicant, "/api/v1/declarations/"),
    ]
    for kind in (OrgKind.COUNTY, OrgKind.CITY, OrgKind.PROVINCE):
        busy = busiest(kind)
        admin = admin_of(busy)
        term = search or surname_waiting_at(busy)
        found += [
            Request(f"{kind}: /review/", admin, "/review/"),
            Request(
                f"{kind}: /review/ filtered",
                admin,
                "/review/?talent_type=professional&state=all",
            ),
            Request(f"{kind}: /review/ search", admin, f"/review/?q={term}&state=all"),
            Request(f"{kind}: API review queue", admin, "/api/v1/review/queue/"),
        ]
    province_admin = admin_of(province)
    found += [
        Request("province: /quotas/", province_admin, "/quotas/"),
        Request("province: declaration + trail", province_admin, f"/review/{at_province.pk}/"),
        Request("province: API declarations", province_admin, "/api/v1/declarations/"),
        Request("reviewer: panel sheet", member.reviewer, f"/review/sheets/{member.panel_id}/"),
    ]
    return found
