"""Every operation of the OpenAPI schema, fuzzed in-process as each role: valid and invalid
input, with ids that exist (the two subtrees of ``tests/security/conftest.py``) and ids that do
not. No answer is a server error, and none shows the other county's applicant to a user not
entitled to see them."""

import io
import json
import zipfile

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.security.conftest import VICTIM_ID_NUMBER, VICTIM_NAME
from tesuan.wsgi import application

pytestmark = pytest.mark.django_db

# Examples per operation and role, and per kind of input (see ``_cases``).
EXAMPLES = 5

# Role → the world's account; None is a request without credentials.
ROLES = {
    "anonymous": None,
    "applicant": "applicant_a",
    "county_admin": "admin_a",
    "reviewer": "reviewer_a",
    "province_admin": "admin_province",
    "system_admin": "system_admin",
}
# These see nothing of 小店区: the victim's name and ID number never reach them.
NOT_ENTITLED = {"anonymous", "applicant", "county_admin", "reviewer"}
KNOWN_OBJECTS = (
    "draft_a",
    "draft_b",
    "submitted_b",
    "proof_b",
    "render_b",
    "panel_a",
    "panel_b",
    "period_b",
    "objection_b",
    "export_b",
    "notice_b",
    "applicant_a",
    "applicant_b",
    "unit_a",
    "unit_b",
)
MARKERS = [
    text.encode()
    for marker in (VICTIM_NAME, VICTIM_ID_NUMBER)
    for text in {marker, json.dumps(marker)[1:-1]}
]


def _schema():
    """The schema /api/schema/ serves, as drf-spectacular generates it."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(json.dumps(generated, cls=DjangoJSONEncoder)))


SCHEMA = _schema()
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


def test_the_fuzzed_schema_is_the_served_one(client, world):
    client.force_login(world.system_admin)
    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {
        f"{method.upper()} {path}" for path, item in served["paths"].items() for method in item
    } == set(OPERATIONS)


@pytest.fixture
def _in_process():
    """Requests run in the test's own transaction: the WSGI handler must not close the
    connection around them, as Django's test client does not either."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _contents(response) -> list[bytes]:
    """The body, the headers, and each member of a ZIP body (XLSX, DOCX and bundles)."""
    parts = [response.content, repr(dict(response.headers)).encode()]
    if response.content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            parts.extend(archive.read(name) for name in archive.namelist())
    return parts


def no_victim_data(ctx, response, case) -> None:
    for part in _contents(response):
        for marker in MARKERS:
            assert marker not in part, f"{case.operation.label} showed {marker.decode()!r}"


def _cases(operation, known_ids: list[int]):
    """Valid and invalid input, and valid input aimed at objects that exist."""
    ids = [
        p.name
        for p in operation.path_parameters
        if p.definition.get("schema", {}).get("type") == "integer"
    ]
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if ids:
        strategies.append(
            st.sampled_from(known_ids).flatmap(
                lambda pk: operation.as_strategy(path_parameters=dict.fromkeys(ids, pk))
            )
        )
    return st.one_of(strategies)


@pytest.mark.usefixtures("_in_process")
@pytest.mark.parametrize("label", sorted(OPERATIONS))
@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_and_no_leak(world, role, label):
    operation = OPERATIONS[label]
    account = getattr(world, ROLES[role]) if ROLES[role] else None
    headers = {}
    if account is not None:
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=account)[0].key}"
    checks = [not_a_server_error] + ([no_victim_data] if role in NOT_ENTITLED else [])
    known_ids = sorted({getattr(world, name).pk for name in KNOWN_OBJECTS})

    @settings(
        max_examples=EXAMPLES * 3,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_cases(operation, known_ids))
    def run(case):
        response = case.call(app=application, base_url="http://testserver", headers=headers)
        case.validate_response(response, checks=checks, headers=headers)

    run()
