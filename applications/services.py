"""Writes on declarations. Views and the API call these and nothing else."""

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from applications import codes, uploads, validators
from applications.eligibility import declaration_assess, id_number_key, resident_id_facts
from applications.enums import CONDITIONS, TRANSITIONS, Action, DeclarationStatus
from applications.errors import (
    AlreadyDeclared,
    InvalidTransition,
    InvalidUpload,
    NoOpenCampaign,
    NotEditable,
    NotReady,
    TooManyRows,
    VersionConflict,
)
from applications.models import (
    Declaration,
    DeclarationSnapshot,
    DeclarationTransition,
    PastRecipient,
    ProofMaterial,
)
from applications.schema import BASIC_FIELDS, CONTENT_FIELDS, ROW_SECTIONS
from applications.selectors import declaration_get_for_user
from quotas.selectors import campaign_current
from quotas.services import deadline_check_entry
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.crypto import keyed_hash
from tesuan.enums import TalentType
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation
from tesuan.orgs.selectors import ancestor_paths

RECOMMENDING_KINDS = (OrgKind.CITY, OrgKind.COUNTY, OrgKind.DEPARTMENT, OrgKind.ENTERPRISE)
PROOF_MAX_FILES = 20
CONDITION_CODES = {code for conditions in CONDITIONS.values() for code, _text in conditions}
# What saving a draft writes: the editor's sections and what is derived from them, never the
# state, the trail's columns or the admins' opinions.
DRAFT_FIELDS = (
    "talent_type",
    "recommending_organisation",
    *CONTENT_FIELDS,
    "id_number_key",
    "version",
    "updated_at",
)


def recommending_choices(organisation: Organisation) -> list[Organisation]:
    """Who may recommend someone of ``organisation``: its own line upwards (人事隶属关系),
    outermost first."""
    return list(
        Organisation.objects.filter(
            path__in=ancestor_paths(organisation), kind__in=RECOMMENDING_KINDS
        ).order_by("depth")
    )


def _talent_type(value: str) -> str:
    if value not in TalentType.values:
        raise InvalidInput({"talent_type": ["请选择人才类型：专业技术人才或高技能人才。"]})
    return value


@transaction.atomic
def declaration_create(*, actor: User, talent_type: str) -> Declaration:
    """A new draft in the open campaign, with what the account already knows filled in."""
    if actor.role != Role.APPLICANT or actor.organisation_id is None:
        raise NotPermitted("只有专家用户可以新增申报信息。")
    campaign = campaign_current()
    if campaign is None:
        raise NoOpenCampaign()
    if Declaration.objects.filter(applicant=actor, campaign=campaign).exists():
        raise AlreadyDeclared(f"您在{campaign.year}年度已有申报信息，请在列表中点击“修改”。")
    choices = recommending_choices(actor.organisation)
    declaration = Declaration.objects.create(
        applicant=actor,
        applicant_name=actor.name,
        campaign=campaign,
        organisation=actor.organisation,
        unit_path=actor.organisation.path,
        recommending_organisation=choices[0] if choices else None,
        talent_type=_talent_type(talent_type),
        basic={
            "nationality": "中国",
            "id_type": "resident_id",
            "employer": actor.organisation.name,
            "mobile": actor.mobile,
            "email": actor.email,
        },
    )
    _audit(
        declaration,
        event=AuditEvent.DECLARATION_CREATED,
        actor=actor,
        details={"campaign": campaign.year, "talent_type": declaration.talent_type},
    )
    return declaration


def declaration_audit_label(declaration: Declaration) -> str:
    """How the audit log names a declaration: by its applicant, never by the ID number."""
    return f"{declaration.applicant_name}的申报表"


def _audit(declaration: Declaration, *, event: AuditEvent, actor: User, **fields: Any) -> None:
    audit_record(
        event=event,
        actor=actor,
        target=declaration,
        target_label=declaration_audit_label(declaration),
        **fields,
    )


def declaration_file_download_record(
    *, actor: User, declaration: Declaration, name: str, proof_id: int | None = None
) -> None:
    """Record that someone other than the applicant downloaded the photo (``proof_id`` None)
    or a proof material of the declaration. The applicant's own downloads are not security
    events, and the photo shows on every page of the declaration."""
    if actor.pk == declaration.applicant_id:
        return
    _audit(
        declaration,
        event=AuditEvent.FILE_DOWNLOADED,
        actor=actor,
        details={"file": name, "proof_id": proof_id} if proof_id else {"file": name},
    )


def _own_draft(actor: User, declaration_id: int | str) -> Declaration:
    """The actor's own draft, scoped, read and row-locked in one query (autosave's hot path)."""
    declaration = declaration_get_for_user(
        user=actor, declaration_id=declaration_id, for_update=True
    )
    if declaration.applicant_id != actor.pk:
        raise NotPermitted("只有申报人本人可以修改申报信息。")
    if declaration.status != DeclarationStatus.DRAFT:
        raise NotEditable()
    declaration.applicant = actor  # the same account: no query to read it again
    return declaration


def _check_version(declaration: Declaration, version: int | str) -> None:
    """Optimistic locking: the editor says which version it loaded."""
    try:
        loaded = int(version)
    except (TypeError, ValueError):
        loaded = -1
    if loaded != declaration.version:
        raise VersionConflict()


def _text(value: Any) -> str:
    # PostgreSQL stores no NUL character, in text or in jsonb: one pasted from a binary file
    # would fail the whole save, so it is dropped.
    return "" if value is None else str(value).replace("\x00", "").strip()


def _rows(raw: Any, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows as typed, in order; rows with nothing in them are dropped."""
    rows = []
    for row in raw if isinstance(raw, list) else []:
        if not isinstance(row, dict):
            continue
        cleaned = {key: _text(row.get(key)) for key in columns}
        if any(cleaned.values()):
            rows.append(cleaned)
    return rows


def rows_within_limits(declaration: Declaration) -> None:
    """Each table holds at most what its part of the printed form can show (``max_rows``)."""
    for section in ROW_SECTIONS:
        if len(getattr(declaration, section.key)) > section.max_rows:
            raise TooManyRows(section.title, section.max_rows)


def declaration_apply_changes(declaration: Declaration, changes: dict[str, Any]) -> None:
    """Merge an editor's ``changes`` into the instance, without saving (see the save service).

    Also used to show a refused save again with exactly what was typed.
    """
    if "talent_type" in changes:
        declaration.talent_type = _talent_type(changes["talent_type"])
    if "recommending_organisation" in changes:
        wanted = _text(changes["recommending_organisation"])
        # The editor sends its choice with every autosave, mostly unchanged: none, or the one
        # stored (only ever set from the choices, and organisations never move) need no lookup.
        stored = declaration.recommending_organisation_id
        if not wanted:
            declaration.recommending_organisation = None
        elif stored is None or wanted != str(stored):
            allowed = {str(org.pk): org for org in recommending_choices(declaration.organisation)}
            if wanted not in allowed:
                raise InvalidInput(
                    {"recommending_organisation": ["推荐单位须是本单位所属的上级机构。"]}
                )
            declaration.recommending_organisation = allowed[wanted]
    before = dict(declaration.basic)
    if isinstance(changes.get("basic"), dict):
        known = {spec.key for spec in BASIC_FIELDS}
        declaration.basic = {
            **declaration.basic,
            **{key: _text(value) for key, value in changes["basic"].items() if key in known},
        }
    for section in ROW_SECTIONS:
        if section.key in changes:
            columns = tuple(spec.key for spec in section.columns)
            setattr(declaration, section.key, _rows(changes[section.key], columns))
    for key in ("achievements", "retirement_explanation"):
        if key in changes:
            setattr(declaration, key, _text(changes[key]))
    if "conditions" in changes:
        chosen = changes["conditions"] if isinstance(changes["conditions"], list) else []
        declaration.conditions = sorted({str(code) for code in chosen} & CONDITION_CODES)

    facts = resident_id_facts(declaration.basic)
    if facts is not None:
        # A new valid number brings its birth date and sex, unless this change typed other
        # ones (kept, and named as a mismatch); an unchanged number only fills blanks.
        typed = changes["basic"] if isinstance(changes.get("basic"), dict) else {}
        renumbered = any(
            before.get(key) != declaration.basic.get(key) for key in ("id_type", "id_number")
        )
        for key, value in zip(("birth_date", "sex"), facts, strict=True):
            retyped = key in typed and _text(typed[key]) != before.get(key, "")
            if not declaration.basic.get(key) or (renumbered and not retyped):
                declaration.basic[key] = value


@transaction.atomic
def declaration_save_draft(
    *, actor: User, declaration_id: int | str, version: int, changes: dict[str, Any]
) -> Declaration:
    """保存: store what was typed, valid or not; nothing typed is discarded.

    ``changes`` may hold any of: talent_type, recommending_organisation (id), basic (merged into
    the stored fields), work_history, publications, awards (lists of rows), achievements,
    conditions, retirement_explanation. ``version`` is the version the editor loaded: if the
    draft was saved elsewhere since, nothing is written and VersionConflict says so. A valid
    resident ID number fills a blank birth date and sex, and a changed one replaces them.
    """
    declaration = _own_draft(actor, declaration_id)
    _check_version(declaration, version)
    declaration_apply_changes(declaration, changes)
    rows_within_limits(declaration)
    declaration.id_number_key = id_number_key(declaration.basic)
    declaration.version += 1
    declaration.save(update_fields=DRAFT_FIELDS)
    return declaration


def _file_sha256(field) -> str:
    if not field:
        return ""
    with field.open("rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()


def declaration_content(declaration: Declaration) -> dict[str, Any]:
    """Everything the 申报表 shows, as plain data: what a snapshot freezes and its hash covers."""
    return {
        "campaign": declaration.campaign.year,
        "talent_type": declaration.talent_type,
        "name": declaration.applicant.name,
        "organisation": declaration.organisation.name,
        "recommending_organisation": (
            declaration.recommending_organisation.name
            if declaration.recommending_organisation
            else ""
        ),
        "basic": declaration.basic,
        "work_history": declaration.work_history,
        "achievements": declaration.achievements,
        "publications": declaration.publications,
        "awards": declaration.awards,
        "conditions": declaration.conditions,
        "retirement_explanation": declaration.retirement_explanation,
        "photo_sha256": _file_sha256(declaration.photo),
        "proof_materials": [
            {"name": proof.original_name, "sha256": _file_sha256(proof.file)}
            for proof in declaration.proof_materials.all()
        ],
    }


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def declaration_record_transition(
    declaration: Declaration,
    *,
    actor: User,
    action: Action,
    reason: str = "",
    organisation: Organisation | None = None,
    to_organisation: Organisation | None = None,
) -> DeclarationTransition:
    """Apply an allowed transition (the one table, ``TRANSITIONS``) and put it on the trail.

    The caller holds the row lock and saves the declaration. Returns the trail's new entry.
    """
    source = DeclarationStatus(declaration.status)
    target = TRANSITIONS.get((source, action))
    if target is None:
        raise InvalidTransition(f"“{source.label}”状态下不能{action.label}。")
    transition = DeclarationTransition.objects.create(
        declaration=declaration,
        actor=actor,
        action=action,
        from_status=source,
        to_status=target,
        reason=reason,
        organisation=organisation,
        to_organisation=to_organisation,
    )
    _audit(
        declaration,
        event=AuditEvent.DECLARATION_SUBMITTED
        if action == Action.SUBMIT
        else AuditEvent.DECLARATION_TRANSITION,
        actor=actor,
        organisation=organisation,
        reason=reason,
        details={
            "action": action,
            "from": source,
            "to": target,
            "to_organisation": to_organisation.name if to_organisation is not None else "",
        },
    )
    declaration.status = target
    return transition


@transaction.atomic
def declaration_submit(
    *, actor: User, declaration_id: int | str, version: int | None = None
) -> Declaration:
    """确认提交: 未提交 → 已提交, freezing a snapshot with its content hash.

    Refused while any problem or blocking finding remains (NotReady), once the deadline of the
    applicant's unit has passed (DeadlinePassed), or if the draft changed since ``version``. The
    declaration then waits at the applicant's unit.
    """
    declaration = _own_draft(actor, declaration_id)
    if version is not None:
        _check_version(declaration, version)
    assessment = declaration_assess(declaration)
    if not assessment.can_submit:
        count = len(assessment.problems) + len(assessment.blocking_findings)
        raise NotReady(f"申报信息还有 {count} 处需要修改或不符合申报条件，暂不能提交。")
    deadline_check_entry(
        campaign=declaration.campaign,
        organisation=declaration.organisation,
        today=timezone.localdate(),
    )
    declaration_record_transition(
        declaration, actor=actor, action=Action.SUBMIT, to_organisation=declaration.organisation
    )
    declaration.current_organisation = declaration.organisation
    declaration.submitted_at = timezone.now()
    declaration.version += 1
    declaration.save()
    content = declaration_content(declaration)
    DeclarationSnapshot.objects.create(
        declaration=declaration,
        version=declaration.version,
        content=content,
        content_hash=content_hash(content),
    )
    return declaration


@transaction.atomic
def declaration_delete(*, actor: User, declaration_id: int | str) -> None:
    """删除: only a draft, only by its applicant; it cannot be undone."""
    declaration = _own_draft(actor, declaration_id)
    files = [declaration.photo, *(proof.file for proof in declaration.proof_materials.all())]
    _audit(declaration, event=AuditEvent.DECLARATION_DELETED, actor=actor)
    declaration.delete()

    def delete_files() -> None:
        for stored in files:
            if stored:
                stored.delete(save=False)

    transaction.on_commit(delete_files)


@transaction.atomic
def declaration_photo_set(
    *, actor: User, declaration_id: int | str, upload: UploadedFile
) -> Declaration:
    """Store the photo re-encoded as JPEG (see ``uploads.photo_reencode``) under a random name.

    Files are not part of the typed draft: uploading one does not change the draft's version.
    Side effect: the previous photo file is deleted after commit.
    """
    declaration = _own_draft(actor, declaration_id)
    content = uploads.photo_reencode(upload)
    old = declaration.photo.name
    declaration.photo.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
    declaration.save(update_fields=["photo", "updated_at"])
    _audit(declaration, event=AuditEvent.DECLARATION_CHANGED, actor=actor, details={"photo": "set"})
    if old:
        storage = declaration.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return declaration


@transaction.atomic
def proof_material_add(
    *, actor: User, declaration_id: int | str, upload: UploadedFile
) -> ProofMaterial:
    """Add a PDF of 个人业绩成果情况证明材料 that passed ``uploads.proof_check``.

    It is stored under a random name; the uploaded name is kept, cleaned, for display only.
    """
    declaration = _own_draft(actor, declaration_id)
    if declaration.proof_materials.count() >= PROOF_MAX_FILES:
        raise InvalidUpload(
            f"证明材料最多 {PROOF_MAX_FILES} 个文件，请合并后上传。", code="proof_limit"
        )
    uploads.proof_check(upload)
    proof = ProofMaterial(
        declaration=declaration,
        original_name=uploads.display_name(upload.name, suffix=".pdf", default="证明材料.pdf"),
        size=upload.size,
    )
    proof.file.save(f"{uuid.uuid4().hex}.pdf", upload, save=False)
    proof.save()
    _audit(
        declaration,
        event=AuditEvent.DECLARATION_CHANGED,
        actor=actor,
        details={"proof_added": proof.original_name, "proof_id": proof.pk},
    )
    return proof


@transaction.atomic
def proof_material_remove(
    *, actor: User, declaration_id: int | str, material_id: int | str
) -> None:
    declaration = _own_draft(actor, declaration_id)
    proof = declaration.proof_materials.filter(pk=material_id).first()
    if proof is None:
        raise NotFound()
    stored = proof.file
    _audit(
        declaration,
        event=AuditEvent.DECLARATION_CHANGED,
        actor=actor,
        details={"proof_removed": proof.original_name, "proof_id": proof.pk},
    )
    proof.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


DOCUMENT_TYPES_BY_NAME = {name: code for code, name in codes.id_document_types()}


@transaction.atomic
def past_recipients_import(*, rows: Iterable[dict[str, str]]) -> ImportReport:
    """Record people already receiving the allowance, keyed by their document number.

    Rows with a wrong number are reported by line and skipped; importing again updates.
    """
    report = ImportReport()
    for line, row in enumerate(rows, start=2):
        document_type = DOCUMENT_TYPES_BY_NAME.get((row.get("证件类型") or "居民身份证").strip())
        if document_type is None:
            report.errors.append((line, f"证件类型“{row.get('证件类型')}”无法识别。"))
            continue
        try:
            number = validators.validate_id_number(
                document_type, (row.get("证件号码") or "").strip()
            )
        except ValidationError as error:
            report.errors.append((line, "".join(str(m) for m in error.messages)))
            continue
        year = (row.get("享受年度") or "").strip()
        if not (year.isascii() and year.isdigit()):
            report.errors.append((line, "享受年度应为四位数字年份。"))
            continue
        _recipient, created = PastRecipient.objects.update_or_create(
            id_number_key=keyed_hash(number),
            defaults={
                "id_number": number,
                "name": (row.get("姓名") or "").strip(),
                "year": int(year),
            },
        )
        if created:
            report.imported += 1
        else:
            report.updated += 1
    return report
