"""ID and mobile numbers: stored sealed, masked for everyone but the applicant, shown in full to
an admin who asks (and audited), never to anyone else; keys rotate without losing a number."""

import importlib

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.eligibility import declaration_assess
from applications.forms import declaration_page_context
from applications.models import Declaration, DeclarationSnapshot, PastRecipient
from tests.factories import admin_of, campaign, resident_id, submitted_declaration, unit, user
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry
from tesuan.crypto import keyed_hash

pytestmark = pytest.mark.django_db

MOBILE = "13812345678"  # complete_changes()'s mobile number


@pytest.fixture
def declaration():
    campaign()
    return submitted_declaration(unit("140403", "甲医院"), name="张明华")


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def _number(declaration: Declaration) -> str:
    return declaration.basic["id_number"]


def _masked(number: str) -> str:
    return number[:4] + "*" * 10 + number[-4:]


def test_the_id_number_is_stored_sealed_and_read_back_plain(declaration):
    number = _number(Declaration.objects.get(pk=declaration.pk))
    assert len(number) == 18
    stored = _raw("applications_declaration", "basic", declaration.pk)
    assert number not in stored and '"enc:' in stored
    assert '"employer"' in stored, "the other keys stay readable in SQL"
    assert _raw("applications_declaration", "id_number_key", declaration.pk) == keyed_hash(number)
    snapshot = declaration.snapshots.get()
    assert number not in _raw("applications_declarationsnapshot", "content", snapshot.pk)
    assert DeclarationSnapshot.objects.get(pk=snapshot.pk).content["basic"]["id_number"] == number


def test_a_second_declaration_with_the_same_number_is_still_found(declaration):
    number = _number(declaration)
    other = user(Role.APPLICANT, unit("140403"), name="李四")
    draft = services.declaration_create(actor=other, talent_type="professional")
    draft = services.declaration_save_draft(
        actor=other,
        declaration_id=draft.pk,
        version=draft.version,
        changes={"basic": {"id_type": "resident_id", "id_number": number}},
    )
    codes = {finding.code for finding in declaration_assess(draft).findings}
    assert "duplicate_id_number" in codes


def test_past_recipients_keep_their_number_sealed():
    number = resident_id("14040319600101123")
    report = services.past_recipients_import(
        rows=[{"证件类型": "居民身份证", "证件号码": number, "姓名": "王某", "享受年度": "2018"}]
    )
    assert report.imported == 1
    recipient = PastRecipient.objects.get()
    assert recipient.id_number == number and recipient.id_number_key == keyed_hash(number)
    assert number not in _raw("applications_pastrecipient", "id_number", recipient.pk)


def test_the_applicant_sees_their_numbers_in_full(client, declaration):
    client.force_login(declaration.applicant)
    html = client.get(reverse("applications:declaration_detail", args=[declaration.pk])).text
    assert _number(declaration) in html and MOBILE in html
    assert "查看完整号码" not in html


def test_an_admin_sees_them_masked_and_may_ask_for_them(client, declaration):
    admin = admin_of("140400")
    client.force_login(admin)
    number = _number(declaration)
    for page in ("review:declaration", "applications:declaration_detail"):
        html = client.get(reverse(page, args=[declaration.pk])).text
        assert number not in html and MOBILE not in html
        assert _masked(number) in html and "138****5678" in html
        assert html.count("查看完整号码") == 2
    assert not AuditEntry.objects.filter(event=AuditEvent.ID_NUMBER_VIEWED).exists()

    response = client.post(
        reverse("applications:declaration_reveal", args=[declaration.pk]), {"field": "id_number"}
    )
    assert response.status_code == 200 and number in response.text
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(event=AuditEvent.ID_NUMBER_VIEWED)
    assert entry.actor_id == admin.pk
    assert (entry.target_type, entry.target_id) == ("applications.declaration", str(declaration.pk))
    assert entry.org_path == declaration.organisation.path
    assert number not in str(entry.details) + entry.reason + entry.target_label

    response = client.post(
        reverse("applications:declaration_reveal", args=[declaration.pk]), {"field": "mobile"}
    )
    assert MOBILE in response.text
    assert AuditEntry.objects.filter(event=AuditEvent.MOBILE_VIEWED, actor_id=admin.pk).exists()


def test_an_unknown_field_is_refused_without_revealing_anything(client, declaration):
    client.force_login(admin_of("140400"))
    response = client.post(
        reverse("applications:declaration_reveal", args=[declaration.pk]),
        {"field": "photo"},
        follow=True,
    )
    assert "只能查看证件号码或手机号码" in response.text
    assert _number(declaration) not in response.text


@pytest.mark.parametrize("who", ["owner", "reviewer", "sibling_admin", "other_city_admin"])
def test_nobody_else_can_ask_for_the_full_number(client, declaration, who):
    intruder = {
        "owner": lambda: declaration.applicant,
        "reviewer": lambda: user(Role.REVIEWER, declaration.organisation),
        "sibling_admin": lambda: admin_of(unit("140403", "乙医院")),
        "other_city_admin": lambda: admin_of("140100"),
    }[who]()
    client.force_login(intruder)
    response = client.post(
        reverse("applications:declaration_reveal", args=[declaration.pk]), {"field": "id_number"}
    )
    assert response.status_code == 404
    assert _number(declaration) not in response.text
    api = APIClient()
    api.force_authenticate(intruder)
    response = api.post(
        f"/api/v1/declarations/{declaration.pk}/reveal/", {"field": "id_number"}, format="json"
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(event=AuditEvent.ID_NUMBER_VIEWED).exists()


def test_a_reviewer_reads_the_declaration_masked_with_no_way_to_ask(declaration):
    reviewer = user(Role.REVIEWER, declaration.organisation)
    context = declaration_page_context(declaration, problems_shown=False, viewer=reviewer)
    shown = {field.spec.key: field.value for field in context["fields"]}
    assert shown["id_number"] == _masked(_number(declaration))
    assert shown["mobile"] == "138****5678"
    assert context["revealable"] == ()


def test_the_api_masks_for_admins_and_reveals_on_request(declaration):
    number = _number(declaration)
    api = APIClient()
    api.force_authenticate(declaration.applicant)
    own = api.get(f"/api/v1/declarations/{declaration.pk}/").json()
    assert own["basic"]["id_number"] == number and own["basic"]["mobile"] == MOBILE

    admin = admin_of("140400")
    api.force_authenticate(admin)
    body = api.get(f"/api/v1/declarations/{declaration.pk}/").json()
    assert body["basic"]["id_number"] == _masked(number)
    assert body["basic"]["mobile"] == "138****5678"
    response = api.post(
        f"/api/v1/declarations/{declaration.pk}/reveal/",
        {"field": "id_number", "purpose": "核对身份"},
        format="json",
    )
    assert response.json() == {"field": "id_number", "label": "证件号码", "value": number}
    entry = AuditEntry.objects.get(event=AuditEvent.ID_NUMBER_VIEWED)
    assert entry.actor_id == admin.pk and entry.reason == "核对身份"
    bad = api.post(f"/api/v1/declarations/{declaration.pk}/reveal/", {"field": "x"}, format="json")
    assert bad.status_code == 400


def test_printing_someone_elses_form_shows_the_numbers_and_is_audited(client, declaration):
    admin = admin_of("140400")
    client.force_login(admin)
    html = client.get(reverse("applications:declaration_print", args=[declaration.pk])).text
    assert _number(declaration) in html
    assert set(AuditEntry.objects.filter(actor_id=admin.pk).values_list("event", flat=True)) >= {
        AuditEvent.ID_NUMBER_VIEWED,
        AuditEvent.MOBILE_VIEWED,
    }

    client.force_login(declaration.applicant)
    client.get(reverse("applications:declaration_print", args=[declaration.pk]))
    assert not AuditEntry.objects.filter(
        actor_id=declaration.applicant_id, event=AuditEvent.ID_NUMBER_VIEWED
    ).exists()


def test_rotation_reseals_with_the_new_key_and_rehashes(declaration, settings, capsys):
    number = _number(declaration)
    recipient = PastRecipient.objects.create(
        id_number_key=keyed_hash(number), id_number=number, name="王某", year=2010
    )
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    settings.PERSONAL_DATA_HASH_KEY = "a-new-hash-key-of-at-least-32-characters"

    call_command("rotate_personal_data")
    assert "已重新加密申报表 1 份、提交快照 1 份、已享受特贴人员 1 人" in capsys.readouterr().out

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    fresh = Declaration.objects.get(pk=declaration.pk)
    assert _number(fresh) == number
    assert fresh.id_number_key == keyed_hash(number)
    assert (
        DeclarationSnapshot.objects.get(declaration=fresh).content["basic"]["id_number"] == number
    )
    recipient.refresh_from_db()
    assert recipient.id_number == number and recipient.id_number_key == keyed_hash(number)
    codes = {finding.code for finding in declaration_assess(fresh).findings}
    assert "already_receiving" in codes


def test_generate_key_prints_a_usable_key(capsys):
    call_command("rotate_personal_data", "--generate-key")
    key = Fernet(capsys.readouterr().out.strip())
    assert key.decrypt(key.encrypt(b"14040319750315123X")) == b"14040319750315123X"


def test_the_migration_seals_numbers_stored_in_the_clear(declaration):
    number = _number(declaration)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_declaration SET basic = %s, id_number_key = %s WHERE id = %s",
            [f'{{"id_type": "resident_id", "id_number": "{number}"}}', number, declaration.pk],
        )
    assert number in _raw("applications_declaration", "basic", declaration.pk)
    migration = importlib.import_module("applications.migrations.0005_seal_id_numbers")
    migration.seal_existing(apps, None)
    assert number not in _raw("applications_declaration", "basic", declaration.pk)
    fresh = Declaration.objects.get(pk=declaration.pk)
    assert _number(fresh) == number and fresh.id_number_key == keyed_hash(number)


def test_nothing_is_kept_that_the_form_does_not_ask_for():
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    draft = services.declaration_create(actor=applicant, talent_type="professional")
    saved = services.declaration_save_draft(
        actor=applicant,
        declaration_id=draft.pk,
        version=draft.version,
        changes={
            "basic": {"mobile": MOBILE, "bank_account": "6222020200112233445"},
            "work_history": [{"employer": "甲医院", "home_address": "某路 1 号"}],
        },
    )
    stored = _raw("applications_declaration", "basic", saved.pk) + _raw(
        "applications_declaration", "work_history", saved.pk
    )
    assert "6222020200112233445" not in stored and "bank_account" not in stored
    assert "home_address" not in stored
    assert saved.basic["mobile"] == MOBILE and saved.work_history[0]["employer"] == "甲医院"
