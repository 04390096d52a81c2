"""A complete, submitted declaration for the local demo: 李建国 of the demo hospital, whose
procedure at 潞州区 the demo has already run (``selection.demo``)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from applications import services
from applications.models import Declaration
from quotas.models import Campaign
from tesuan.accounts.models import User

DEMO_DECLARATION = {
    "talent_type": "professional",
    "basic": {
        "sex": "male",
        "nationality": "中国",
        "ethnic_group": "01",
        "native_place": "140400",
        "political_status": "01",
        "id_type": "resident_id",
        "id_number": "140403196805212035",
        "birth_date": "1968-05-21",
        "education": "11",
        "graduation_school": "山西医科大学",
        "graduation_date": "1991-07-01",
        "degree": "2",
        "employer": "长治市潞州区演示医院",
        "employer_nature": "public_institution",
        "employer_address": "长治市潞州区英雄中路 1 号",
        "position": "骨科主任",
        "work_start_date": "1991-08-01",
        "work_field": "医疗卫生",
        "industry": "Q",
        "specialty": "骨科",
        "title": "主任医师",
        "occupation": "",
        "returned_from_abroad": "no",
        "postdoc": "no",
        "email": "lijianguo@example.cn",
        "office_phone": "0355-2192528",
        "mobile": "13812345679",
        "postal_address": "长治市潞州区英雄中路 1 号",
        "has_doctorate": "yes",
        "has_associate_researcher_title": "yes",
        "has_senior_technician": "no",
        "has_senior_title": "yes",
        "vice_ministerial": "no",
        "leader_not_practising": "no",
        "reserve_candidate": "no",
        "province_managed_cadre": "no",
    },
    "work_history": [
        {"start": "1991-08", "end": "2005-06", "employer": "长治市人民医院", "post": "骨科医师"},
        {"start": "2005-07", "end": "", "employer": "长治市潞州区演示医院", "post": "骨科主任"},
    ],
    "achievements": "长期从事创伤骨科临床工作，近五年主持完成微创关节置换技术推广，"
    "带领科室年均完成手术两千余台，培养基层骨科医师四十余名。",
    "publications": [
        {
            "title": "老年髋部骨折微创治疗的临床研究",
            "publisher": "中华骨科杂志",
            "published": "2020-09",
            "rank": "1",
        }
    ],
    "awards": [
        {
            "year": "2021",
            "name": "山西省科学技术进步奖",
            "project": "基层创伤救治体系建设",
            "level": "二等奖",
            "rank": "1",
        }
    ],
    "conditions": ["P6"],
}


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (70, 110, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("照片.jpg", buffer.getvalue(), content_type="image/jpeg")


def demo_declaration_submit(*, applicant: User, campaign: Campaign) -> Declaration:
    """The applicant's declaration of ``campaign``, filled in and submitted through the services
    as the applicant would; the existing one when there is one."""
    existing = Declaration.objects.filter(applicant=applicant, campaign=campaign).first()
    if existing is not None:
        return existing
    declaration = services.declaration_create(
        actor=applicant, talent_type=DEMO_DECLARATION["talent_type"]
    )
    declaration = services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=DEMO_DECLARATION,
    )
    services.declaration_photo_set(actor=applicant, declaration_id=declaration.pk, upload=_photo())
    return services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
