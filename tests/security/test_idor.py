"""Every page and API route that names an object by id, tried by the users it does not belong to.

The project's rule: "not yours" answers exactly what "does not exist" answers (404 for a user of
the route's own role, 403 or 404 for another role), nothing about the object leaks into the
response, and nothing changes. ``CASES`` says for each route how to point it at an object of
the other subtree (``tests/security/conftest.py``) and which methods it answers; a route added
without a case fails ``test_every_object_route_has_a_case``, a method not tried fails the test
of the API's views or of the pages' 405.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications.models import (
    Declaration,
    DeclarationSnapshot,
    DeclarationTransition,
    DocumentRender,
    ProofMaterial,
)
from quotas.models import Quota
from selection.models import (
    ClassifiedMark,
    Conflict,
    Criterion,
    DisciplineOpinion,
    ExportJob,
    Objection,
    Panel,
    PanelCandidate,
    PanelMember,
    PublicityPeriod,
    Score,
    Vote,
)
from tests.factories import jpeg_upload, pdf_upload
from tests.security.conftest import VICTIM_ID_NUMBER, VICTIM_NAME
from tesuan.accounts.models import User
from tesuan.notices.models import Notice
from tesuan.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

# An id no row has: what "not yours" must look like.
MISSING = 2_000_000_000
INTRUDERS = {"applicant": "applicant_a", "admin": "admin_a", "reviewer": "reviewer_a"}
WATCHED_MODELS = (
    Declaration,
    DeclarationTransition,
    DeclarationSnapshot,
    ProofMaterial,
    DocumentRender,
    Panel,
    Criterion,
    PanelMember,
    PanelCandidate,
    Conflict,
    Score,
    Vote,
    PublicityPeriod,
    Objection,
    ClassifiedMark,
    DisciplineOpinion,
    ExportJob,
    Quota,
    User,
    Token,
    Notice,
    CalendarDay,
)

Ref = Callable[[Any], int]


@dataclass(frozen=True)
class Case:
    """``build(world, ref)`` gives the route's kwargs and the request body; ``ref(obj)`` is the
    object's id, or an id that does not exist for the "not found" twin of the request."""

    route: str
    build: Callable[[SimpleNamespace, Ref], tuple[dict, dict]]
    methods: tuple[str, ...]
    peer: str
    owner: str | None = None
    label: str = ""
    # Set where the request also names the intruder's own object: only the peer tries it, as
    # the others may see that object.
    peer_only: bool = False
    peer_statuses: frozenset[int] = field(default_factory=lambda: frozenset({404}))

    @property
    def api(self) -> bool:
        # The pages' routes are namespaced by app; the API's are not.
        return ":" not in self.route

    @property
    def id(self) -> str:
        return f"{self.route}{'-' + self.label if self.label else ''}"


def _tamper(version: int) -> dict:
    return {"version": version, "achievements": "篡改"}


def _draft_b(w, ref):
    return {"declaration_id": ref(w.draft_b)}


def _submitted_b(w, ref):
    return {"declaration_id": ref(w.submitted_b)}


def _pk(obj_name: str, **extra) -> Callable[[SimpleNamespace, Ref], dict]:
    return lambda w, ref: {"pk": ref(getattr(w, obj_name)), **extra}


def _scores(w, ref) -> dict:
    return {
        "declaration": ref(w.submitted_b),
        "scores": {str(c.pk): "90" for c in w.panel_b.criteria.all()},
        "recommend": True,
    }


CASES: tuple[Case, ...] = (
    # Accounts of another subtree.
    Case(
        "accounts:user_update",
        lambda w, ref: ({"user_id": ref(w.applicant_b)}, {"name": "篡改"}),
        ("GET", "POST"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "accounts:user_reset_password",
        lambda w, ref: ({"user_id": ref(w.applicant_b)}, {}),
        ("GET", "POST"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "user-detail",
        lambda w, ref: (_pk("applicant_b")(w, ref), {"name": "篡改", "is_active": False}),
        ("GET", "PATCH"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "user-reset-password",
        lambda w, ref: (_pk("applicant_b")(w, ref), {}),
        ("POST",),
        peer="admin",
    ),
    # Only system admins reset a TOTP device: an organisation admin is refused whoever it names.
    Case(
        "accounts:user_reset_totp",
        lambda w, ref: ({"user_id": ref(w.admin_b)}, {}),
        ("POST",),
        peer="admin",
        peer_statuses=frozenset({403}),
    ),
    Case(
        "user-reset-totp",
        lambda w, ref: (_pk("admin_b")(w, ref), {}),
        ("POST",),
        peer="admin",
        peer_statuses=frozenset({403}),
    ),
    # Only system admins maintain the working-day calendar: everyone else is refused.
    Case(
        "workdays:day_remove",
        lambda w, ref: ({"day_id": ref(w.calendar_day)}, {}),
        ("POST",),
        peer="admin",
        peer_statuses=frozenset({403}),
    ),
    Case(
        "api-calendar-day",
        lambda w, ref: (_pk("calendar_day")(w, ref), {}),
        ("DELETE",),
        peer="admin",
        peer_statuses=frozenset({403}),
    ),
    Case(
        "organisation-detail",
        lambda w, ref: (_pk("unit_b")(w, ref), {}),
        ("GET",),
        peer="admin",
        owner="admin_b",
    ),
    # Another applicant's declaration, photo, proofs and printed files.
    Case(
        "applications:declaration_detail",
        lambda w, ref: (_draft_b(w, ref), {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "applications:declaration_edit",
        lambda w, ref: (_draft_b(w, ref), _tamper(w.draft_b.version)),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "applications:declaration_submit",
        lambda w, ref: (_draft_b(w, ref), {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "applications:declaration_delete",
        lambda w, ref: (_draft_b(w, ref), {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "applications:declaration_print",
        lambda w, ref: (_submitted_b(w, ref), {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b2",
    ),
    Case(
        "applications:declaration_reveal",
        lambda w, ref: (_submitted_b(w, ref), {"field": "id_number"}),
        ("POST",),
        peer="admin",
    ),
    Case(
        "applications:declaration_photo",
        lambda w, ref: (_draft_b(w, ref), {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "applications:document_list",
        lambda w, ref: (_submitted_b(w, ref), {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b2",
    ),
    Case(
        "applications:document_request",
        lambda w, ref: (_submitted_b(w, ref), {"format": "docx"}),
        ("POST",),
        peer="applicant",
    ),
    Case(
        "applications:document_download",
        lambda w, ref: ({**_submitted_b(w, ref), "render_id": ref(w.render_b)}, {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b2",
    ),
    Case(
        "applications:proof_download",
        lambda w, ref: ({**_draft_b(w, ref), "material_id": ref(w.proof_b)}, {}),
        ("GET", "POST"),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "applications:proof_download",
        lambda w, ref: ({"declaration_id": w.draft_a.pk, "material_id": ref(w.proof_b)}, {}),
        ("GET",),
        peer="applicant",
        label="own-declaration",
        peer_only=True,
    ),
    Case(
        "applications:proof_remove",
        lambda w, ref: ({**_draft_b(w, ref), "material_id": ref(w.proof_b)}, {}),
        ("POST",),
        peer="applicant",
    ),
    Case(
        "applications:proof_remove",
        lambda w, ref: ({"declaration_id": w.draft_a.pk, "material_id": ref(w.proof_b)}, {}),
        ("POST",),
        peer="applicant",
        label="own-declaration",
        peer_only=True,
        # The applicant's own draft exists, but the proof is someone else's: not found, as a
        # missing one.
        peer_statuses=frozenset({404}),
    ),
    Case(
        "api-declaration-detail",
        lambda w, ref: (_pk("draft_b")(w, ref), _tamper(w.draft_b.version)),
        ("GET", "PATCH", "DELETE"),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "api-declaration-problems",
        lambda w, ref: (_pk("draft_b")(w, ref), {}),
        ("GET",),
        peer="applicant",
        owner="applicant_b",
    ),
    Case(
        "api-declaration-reveal",
        lambda w, ref: (_pk("submitted_b")(w, ref), {"field": "id_number"}),
        ("POST",),
        peer="admin",
    ),
    Case(
        "api-declaration-submit",
        lambda w, ref: (_pk("draft_b")(w, ref), {}),
        ("POST",),
        peer="applicant",
    ),
    Case(
        "api-declaration-photo",
        lambda w, ref: (_pk("draft_b")(w, ref), {"file": jpeg_upload()}),
        ("POST",),
        peer="applicant",
    ),
    Case(
        "api-declaration-proof-materials",
        lambda w, ref: (_pk("draft_b")(w, ref), {"file": pdf_upload()}),
        ("POST",),
        peer="applicant",
    ),
    Case(
        "api-declaration-documents",
        lambda w, ref: (_pk("submitted_b")(w, ref), {"format": "docx"}),
        ("POST",),
        peer="applicant",
    ),
    Case(
        "api-document-detail",
        lambda w, ref: (_pk("render_b")(w, ref), {}),
        ("GET",),
        peer="applicant",
        owner="applicant_b2",
    ),
    Case(
        "api-document-download",
        lambda w, ref: (_pk("render_b")(w, ref), {}),
        ("GET",),
        peer="applicant",
        owner="applicant_b2",
    ),
    # Another user's notice.
    Case(
        "notices:notice_open",
        lambda w, ref: ({"notice_id": ref(w.notice_b)}, {}),
        ("POST",),
        peer="applicant",
    ),
    Case(
        "api-notice-read",
        lambda w, ref: (_pk("notice_b")(w, ref), {}),
        ("POST",),
        peer="applicant",
    ),
    # Another county's review: its declaration, panel, publicity and exported files.
    Case(
        "review:declaration",
        lambda w, ref: (_submitted_b(w, ref), {}),
        ("GET", "POST"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "review:decide",
        lambda w, ref: ({**_submitted_b(w, ref), "decision": "return"}, {"text": "篡改"}),
        ("POST",),
        peer="admin",
    ),
    Case(
        "selection:procedure",
        lambda w, ref: ({**_submitted_b(w, ref), "step": "classify"}, {"reason": "篡改"}),
        ("POST",),
        peer="admin",
    ),
    Case(
        "selection:panel",
        lambda w, ref: ({"panel_id": ref(w.panel_b)}, {}),
        ("GET", "POST"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "selection:panel_change",
        lambda w, ref: ({"panel_id": ref(w.panel_b), "change": "close"}, {}),
        ("POST",),
        peer="admin",
    ),
    Case(
        "selection:publicity",
        lambda w, ref: (
            {"period_id": ref(w.period_b)},
            {"action": "resolve", "objection": w.objection_b.pk, "resolution": "篡改"},
        ),
        ("GET", "POST"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "selection:export",
        lambda w, ref: ({"job_id": ref(w.export_b)}, {}),
        ("GET", "POST"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "selection:export_download",
        lambda w, ref: ({"job_id": ref(w.export_b)}, {}),
        ("GET", "POST"),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "api-review-trail",
        lambda w, ref: (_pk("submitted_b")(w, ref), {}),
        ("GET",),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "api-review-decision",
        lambda w, ref: (_pk("submitted_b", decision="return")(w, ref), {"text": "篡改"}),
        ("POST",),
        peer="admin",
    ),
    Case(
        "api-discipline",
        lambda w, ref: (
            _pk("submitted_b")(w, ref),
            {"body": "纪委监委", "asked_on": "2024-04-01", "has_opinion": True, "text": "篡改"},
        ),
        ("PUT",),
        peer="admin",
    ),
    Case(
        "api-classified",
        lambda w, ref: (_pk("submitted_b")(w, ref), {"reason": "篡改"}),
        ("POST", "DELETE"),
        peer="admin",
    ),
    Case(
        "api-panel",
        lambda w, ref: (_pk("panel_b")(w, ref), {}),
        ("GET",),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "api-panel-change",
        lambda w, ref: (_pk("panel_b", change="close")(w, ref), {}),
        ("POST",),
        peer="admin",
    ),
    Case(
        "api-panel-change",
        lambda w, ref: (_pk("panel_b", change="members")(w, ref), {"ids": [w.reviewer_a.pk]}),
        ("POST",),
        peer="admin",
        label="members",
    ),
    Case(
        "api-panel-change",
        lambda w, ref: (
            {"pk": w.panel_a.pk, "change": "candidates"},
            {"ids": [ref(w.submitted_b)]},
        ),
        ("POST",),
        peer="admin",
        label="own-panel",
        peer_only=True,
        # The service refuses a declaration not waiting at the panel's organisation.
        peer_statuses=frozenset({400}),
    ),
    Case(
        "api-publicity-objections",
        lambda w, ref: (
            _pk("period_b")(w, ref),
            {"declaration": w.submitted_b.pk, "received_on": "2024-04-01", "content": "篡改"},
        ),
        ("POST",),
        peer="admin",
    ),
    Case(
        "api-objection-resolve",
        lambda w, ref: (_pk("objection_b")(w, ref), {"resolution": "篡改"}),
        ("POST",),
        peer="admin",
    ),
    # Another organisation's 评委专家库: its reviewer is not found in the intruder's own pool.
    Case(
        "api-pool-reviewer",
        lambda w, ref: ({"pk": ref(w.reviewer_b)}, {}),
        ("DELETE",),
        peer="admin",
    ),
    Case(
        "api-review-export",
        lambda w, ref: (_pk("export_b")(w, ref), {}),
        ("GET",),
        peer="admin",
        owner="admin_b",
    ),
    Case(
        "api-review-export-download",
        lambda w, ref: (_pk("export_b")(w, ref), {}),
        ("GET",),
        peer="admin",
        owner="admin_b",
    ),
    # Another panel's score sheet and candidates.
    Case(
        "selection:sheet",
        lambda w, ref: (
            {"panel_id": ref(w.panel_b)},
            {"action": "submit", "declaration": w.submitted_b.pk},
        ),
        ("GET", "POST"),
        peer="reviewer",
        owner="reviewer_b",
    ),
    Case(
        "selection:sheet_candidate",
        lambda w, ref: ({"panel_id": ref(w.panel_b), **_submitted_b(w, ref)}, {}),
        ("GET", "POST"),
        peer="reviewer",
        owner="reviewer_b",
    ),
    Case(
        "selection:sheet_candidate",
        lambda w, ref: ({"panel_id": w.panel_a.pk, **_submitted_b(w, ref)}, {}),
        ("GET",),
        peer="reviewer",
        label="own-panel",
        peer_only=True,
    ),
    Case(
        "selection:sheet_photo",
        lambda w, ref: ({"panel_id": ref(w.panel_b), **_submitted_b(w, ref)}, {}),
        ("GET", "POST"),
        peer="reviewer",
        owner="reviewer_b",
    ),
    Case(
        "selection:sheet_photo",
        lambda w, ref: ({"panel_id": w.panel_a.pk, **_submitted_b(w, ref)}, {}),
        ("GET",),
        peer="reviewer",
        label="own-panel",
        peer_only=True,
    ),
    Case(
        "selection:sheet_proof",
        lambda w, ref: (
            {"panel_id": ref(w.panel_b), **_submitted_b(w, ref), "material_id": ref(w.proof_b2)},
            {},
        ),
        ("GET", "POST"),
        peer="reviewer",
        owner="reviewer_b",
    ),
    Case(
        "selection:sheet_proof",
        lambda w, ref: (
            {"panel_id": w.panel_a.pk, **_submitted_b(w, ref), "material_id": ref(w.proof_b2)},
            {},
        ),
        ("GET",),
        peer="reviewer",
        label="own-panel",
        peer_only=True,
    ),
    Case(
        "api-sheet-action",
        lambda w, ref: ({"panel_id": ref(w.panel_b), "action": "scores"}, _scores(w, ref)),
        ("POST",),
        peer="reviewer",
    ),
    Case(
        "api-sheet",
        lambda w, ref: ({"panel_id": ref(w.panel_b)}, {"entries": [_scores(w, ref)]}),
        ("GET", "PUT"),
        peer="reviewer",
    ),
    Case(
        "api-sheet",
        lambda w, ref: ({"panel_id": w.panel_a.pk}, {"entries": [_scores(w, ref)]}),
        ("PUT",),
        peer="reviewer",
        label="own-panel",
        peer_only=True,
    ),
    Case(
        "api-sheet-action",
        lambda w, ref: ({"panel_id": ref(w.panel_b), "action": "submit"}, {}),
        ("POST",),
        peer="reviewer",
        label="submit",
    ),
    Case(
        "api-sheet-action",
        lambda w, ref: ({"panel_id": w.panel_a.pk, "action": "scores"}, _scores(w, ref)),
        ("POST",),
        peer="reviewer",
        label="own-panel",
        peer_only=True,
    ),
)


def _object_routes() -> dict[str, URLPattern]:
    """Every named route whose path takes an object id: an ``int`` converter, or the router's
    ``pk`` group."""
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
                continue
            converters = getattr(entry.pattern, "converters", {}).values()
            if any(isinstance(c, IntConverter) for c in converters) or (
                "pk" in entry.pattern.regex.groupindex
            ):
                found[f"{namespace}:{entry.name}" if namespace else entry.name] = entry

    walk(get_resolver().url_patterns, None)
    return found


def _api_methods(entry: URLPattern) -> set[str]:
    """The methods a route answers beyond OPTIONS and HEAD (which a viewset adds to its actions
    once it has served a GET)."""
    callback = entry.callback
    if actions := getattr(callback, "actions", None):
        methods = set(actions)
    else:
        view = callback.view_class
        methods = {m for m in view.http_method_names if hasattr(view, m)}
    return {m.upper() for m in methods} - {"OPTIONS", "HEAD"}


def test_every_object_route_has_a_case():
    routes = _object_routes()
    assert len(routes) > 40
    assert {case.route for case in CASES} == set(routes)


def test_every_method_of_an_api_route_is_tried():
    for name, entry in _object_routes().items():
        if getattr(entry.callback, "cls", None) is None:
            continue
        tried = {method for case in CASES if case.route == name for method in case.methods}
        assert tried == _api_methods(entry), name


@pytest.mark.parametrize(
    "case", [case for case in CASES if not case.api and not case.peer_only], ids=lambda c: c.id
)
def test_a_page_refuses_the_methods_its_case_does_not_try(world, case):
    """Pages declare their methods with a decorator, not in a class the resolver shows: a page
    that starts answering another method must get it tried above."""
    client = _client(case, getattr(world, INTRUDERS[case.peer]))
    for method in {"GET", "POST"} - set(case.methods):
        assert _send(client, case, method, world, lambda obj: obj.pk).status_code == 405, method


def _snapshot() -> dict[str, list[dict]]:
    state = {}
    for model in WATCHED_MODELS:
        columns = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        state[model._meta.label] = list(model.objects.order_by("pk").values(*columns))
    return state


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _send(client, case: Case, method: str, world, ref: Ref):
    kwargs, data = case.build(world, ref)
    url = reverse(case.route, kwargs=kwargs)
    if method == "GET":
        return client.get(url)
    if case.api:
        multipart = any(hasattr(value, "read") for value in data.values())
        return getattr(client, method.lower())(
            url, data, format="multipart" if multipart else "json"
        )
    return client.post(url, data)


def _client(case: Case, account: User):
    if case.api:
        client = APIClient()
        client.force_authenticate(account)
    else:
        client = Client()
        client.force_login(account)
    return client


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_intruders_get_what_a_missing_object_gets(world, case):
    before = _snapshot()
    for role, attribute in INTRUDERS.items():
        if case.peer_only and role != case.peer:
            continue
        client = _client(case, getattr(world, attribute))
        for method in case.methods:
            theirs = _send(client, case, method, world, lambda obj: obj.pk)
            missing = _send(client, case, method, world, lambda _obj: MISSING)
            where = f"{role} {method} {case.id}"
            allowed = case.peer_statuses if role == case.peer else {403, 404}
            assert theirs.status_code in allowed, where
            assert theirs.status_code == missing.status_code, where
            body = _body(theirs).decode("utf-8", "replace")
            assert VICTIM_NAME not in body, where
            assert VICTIM_ID_NUMBER not in body, where
    assert _snapshot() == before


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if case.owner and "GET" in case.methods],
    ids=lambda case: case.id,
)
def test_the_owner_gets_the_object(world, case):
    """The cases point at real objects: their owner reads them."""
    client = _client(case, getattr(world, case.owner))
    response = _send(client, case, "GET", world, lambda obj: obj.pk)
    assert response.status_code == 200, case.id
