"""Test data built through the real services and models (no mocks)."""

import datetime
import itertools

from guardian.shortcuts import assign_perm

from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation
from tesuan.orgs.services import organisation_ensure_child

PASSWORD = "Xk7#pLm2qR"
_counter = itertools.count(1)


def org(code: str) -> Organisation:
    return Organisation.objects.get(division_code=code)


def unit(parent_code: str, name: str | None = None) -> Organisation:
    node, _created = organisation_ensure_child(
        parent=org(parent_code), kind=OrgKind.UNIT, name=name or f"测试单位{next(_counter)}"
    )
    return node


def user(
    role: Role = Role.APPLICANT,
    organisation: Organisation | None = None,
    *,
    username: str | None = None,
    name: str = "张三",
    password: str = PASSWORD,
    must_change_password: bool = False,
    **fields,
) -> User:
    account = User.objects.create_user(
        username or f"user{next(_counter)}",
        password,
        name=name,
        role=role,
        organisation=organisation,
        must_change_password=must_change_password,
        **fields,
    )
    if role == Role.ORG_ADMIN:
        assign_perm(MANAGE_ORGANISATION, account, organisation)
    return account


def admin_of(code_or_org: str | Organisation, **fields) -> User:
    organisation = org(code_or_org) if isinstance(code_or_org, str) else code_or_org
    return user(Role.ORG_ADMIN, organisation, **fields)


def sysadmin(**fields) -> User:
    return user(Role.SYSADMIN, None, is_superuser=True, **fields)


def resident_id(first17: str) -> str:
    """A GB 11643 number with the correct check character for the given first 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def campaign(year: int = 2024, **fields):
    from quotas.models import Campaign

    defaults = {
        "title": f"{year}年享受国务院政府特殊津贴人员选拔推荐",
        "retirement_cutoff": datetime.date(year, 12, 31),
    }
    found, _created = Campaign.objects.get_or_create(year=year, defaults={**defaults, **fields})
    return found


def quota_given(campaign, code_or_org, *, allocated: int, talent_type: str = "professional"):
    """``allocated`` places of ``talent_type`` for an organisation, allocated through the service
    by the level above: an admin of its parent (an existing one, else a new one), or for the
    province a system admin on the ministry's behalf."""
    from quotas.services import quota_allocate
    from tesuan.accounts.selectors import organisation_admins

    organisation = org(code_or_org) if isinstance(code_or_org, str) else code_or_org
    parent = Organisation.objects.get_parent(organisation)
    if parent.kind == OrgKind.MINISTRY:
        actor = User.objects.filter(role=Role.SYSADMIN, is_active=True).first() or sysadmin()
    else:
        actor = (
            organisation_admins(organisation=parent, talent_type=talent_type)
            .filter(organisation=parent)
            .first()
        ) or admin_of(parent)
    return quota_allocate(
        actor=actor,
        campaign=campaign,
        organisation=organisation,
        talent_type=talent_type,
        allocated=allocated,
    )


def complete_changes(*, id_number: str | None = None, talent_type: str = "professional") -> dict:
    """Everything a professional applicant born in 1975 fills in, valid."""
    basic = {
        "sex": "male",
        "nationality": "中国",
        "ethnic_group": "01",
        "native_place": "140400",
        "political_status": "01",
        "id_type": "resident_id",
        "id_number": id_number or resident_id("14040319750315123"),
        "birth_date": "1975-03-15",
        "education": "11",
        "graduation_school": "太原理工大学",
        "graduation_date": "2003-07-01",
        "degree": "2",
        "employer": "长治市潞州区演示医院",
        "employer_nature": "public_institution",
        "employer_address": "长治市潞州区英雄中路 1 号",
        "position": "主任医师",
        "work_start_date": "1998-08-01",
        "work_field": "医疗卫生",
        "industry": "Q",
        "specialty": "心血管内科",
        "title": "主任医师",
        "occupation": "",
        "returned_from_abroad": "no",
        "postdoc": "no",
        "email": "expert@example.cn",
        "office_phone": "0355-2192527",
        "mobile": "13812345678",
        "postal_address": "长治市潞州区英雄中路 1 号",
        "has_doctorate": "yes",
        "has_associate_researcher_title": "yes",
        "has_senior_technician": "no",
        "has_senior_title": "yes",
        "vice_ministerial": "no",
        "leader_not_practising": "no",
        "reserve_candidate": "no",
        "province_managed_cadre": "no",
    }
    if talent_type == "skilled":
        basic.update(
            occupation="焊工", skill_level="1", occupation_since="2005", has_senior_technician="yes"
        )
    return {
        "talent_type": talent_type,
        "basic": basic,
        "work_history": [
            {
                "start": "1998-08",
                "end": "2010-06",
                "employer": "长治市人民医院",
                "post": "住院医师",
            },
            {"start": "2010-07", "end": "", "employer": "长治市潞州区演示医院", "post": "主任医师"},
        ],
        "achievements": "近五年主持完成心血管介入诊疗技术推广项目，累计救治急危重症患者三千余例。",
        "publications": [
            {
                "title": "急性心肌梗死介入治疗研究",
                "publisher": "中华心血管病杂志",
                "published": "2021-05",
                "rank": "1",
            }
        ],
        "awards": [
            {
                "year": "2022",
                "name": "山西省科学技术进步奖",
                "project": "胸痛中心建设",
                "level": "二等奖",
                "rank": "1",
            }
        ],
        "conditions": ["P6"] if talent_type == "professional" else ["S3"],
    }


def jpeg_upload(name: str = "photo.jpg", size: tuple[int, int] = (300, 400)):
    """A real JPEG carrying EXIF metadata (the camera model), as phones produce them."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "GPS-Camera-Model"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_bytes(pages: int = 1, size: tuple[int, int] = (300, 400)) -> bytes:
    """A real PDF of blank pages, as pypdf writes it."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(*size)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "证明材料.pdf", pages: int = 1):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


_id_sequence = itertools.count(100)


def submitted_declaration(
    organisation: Organisation,
    *,
    name: str = "申报人",
    talent_type: str = "professional",
    answers: dict[str, str] | None = None,
):
    """An applicant of ``organisation`` with a complete declaration, submitted through the services;
    ``answers`` replace some of 基本信息's (e.g. ``{"reserve_candidate": "yes"}``)."""
    from applications import services

    applicant = user(Role.APPLICANT, organisation, name=name)
    declaration = services.declaration_create(actor=applicant, talent_type=talent_type)
    # An odd sequence number: the 17th digit says male, as complete_changes() does.
    number = resident_id(f"14040319750315{(2 * next(_id_sequence) + 1) % 1000:03d}")
    changes = complete_changes(id_number=number, talent_type=talent_type)
    changes["basic"].update(answers or {})
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=changes,
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )
    return services.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def scoring_panel(chain, names: tuple[str, ...], *, criteria=None) -> tuple:
    """A 长治市 panel open to scoring: a declaration of the hospital per name, waiting at
    长治市, and one reviewer (周评议); ``criteria`` as ``panel_create`` takes them (default: its
    three). Returns (panel, reviewer, declarations)."""
    from selection import panels

    declarations = []
    for name in names:
        declaration = submitted_declaration(chain.hospital, name=name)
        declaration.current_organisation = org("140400")
        declaration.save(update_fields=["current_organisation"])
        declarations.append(declaration)
    reviewer = user(Role.REVIEWER, org("140400"), name="周评议")
    panel = panels.panel_create(
        actor=chain.changzhi,
        campaign=chain.campaign,
        talent_type="professional",
        name="评议组",
        criteria=criteria,
    )
    panels.panel_add_members(actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(
        actor=chain.changzhi, panel_id=panel.pk, declaration_ids=[d.pk for d in declarations]
    )
    return panel, reviewer, declarations


def procedure_done(
    admin: User,
    declaration,
    *,
    reviewers: int = 1,
    score: int = 90,
    recommend: bool = True,
    discipline_opinion: bool = True,
) -> None:
    """Expert review (every reviewer giving ``score`` on each criterion and voting
    ``recommend``), a finished publicity period and (unless not ``discipline_opinion``) a
    discipline opinion at the admin's level, through the services (the finished period written
    directly), so that the admin may forward ``declaration``."""
    from selection import discipline, panels

    panel = panels.panel_create(
        actor=admin,
        campaign=declaration.campaign,
        talent_type=declaration.talent_type,
        name="专家评议组",
    )
    members = [
        user(Role.REVIEWER, admin.organisation, name=f"评议专家{n}") for n in range(reviewers)
    ]
    panels.panel_add_members(actor=admin, panel_id=panel.pk, reviewer_ids=[m.pk for m in members])
    panels.panel_add_candidates(actor=admin, panel_id=panel.pk, declaration_ids=[declaration.pk])
    for member in members:
        panels.sheet_save(
            reviewer=member,
            panel_id=panel.pk,
            declaration_id=declaration.pk,
            scores={criterion.pk: score for criterion in panel.criteria.all()},
            recommend=recommend,
        )
        panels.sheet_submit(reviewer=member, panel_id=panel.pk)
    panels.panel_close(actor=admin, panel_id=panel.pk)
    period = publicity_finished(admin, [declaration])
    if discipline_opinion:
        discipline.discipline_opinion_record(
            actor=admin,
            declaration_id=declaration.pk,
            body="纪委监委",
            asked_on=period.start_date,
            has_opinion=False,
        )


def publicity_finished(admin: User, declarations: list, *, start_date=None, end_date=None):
    """A 公示 of the admin's organisation that is over, written directly: the service opens
    periods from today on only. From ``start_date`` (default two weeks ago) to ``end_date``
    (default yesterday)."""
    import datetime

    from django.utils import timezone

    from selection.models import PublicityPeriod

    today = timezone.localdate()
    period = PublicityPeriod.objects.create(
        campaign=declarations[0].campaign,
        organisation=admin.organisation,
        start_date=start_date or today - datetime.timedelta(days=14),
        end_date=end_date or today - datetime.timedelta(days=1),
        created_by=admin,
    )
    period.declarations.set(declarations)
    return period


def totp_code(device) -> str:
    """The TOTP device's next acceptable code, computed from its key like a phone app does: the
    current one, or the next time step's if the current one was already used."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


def next_year_recorded(*, by: User | None = None) -> None:
    """A 公示 opened today may run into next year, which ``chinesecalendar`` does not know until
    the State Council publishes its arrangement late in the year and a release follows; until
    then the system refuses to count working days there (tesuan/workdays). Tests that open a
    period from today record the one fact true of every year, 1 January (元旦) off, as a system
    admin would, so that they keep passing in December."""
    import datetime

    from django.utils import timezone

    from tesuan.workdays.models import CalendarDay
    from tesuan.workdays.selectors import package_years

    next_year = timezone.localdate().year + 1
    if next_year not in package_years():
        CalendarDay.objects.get_or_create(
            date=datetime.date(next_year, 1, 1),
            defaults={
                "is_working_day": False,
                "name": f"{next_year}年元旦",
                "created_by": by or sysadmin(username="calendar_admin"),
            },
        )
