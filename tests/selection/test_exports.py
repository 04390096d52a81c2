"""Export jobs on a 长治市 campaign: the 人选一览表 and 专家评议结果汇总表 XLSX, the 推荐正式函 DOCX
and the 书面材料包 ZIP, opened and read back; the streaming writer's memory; who may see them."""

import datetime
import io
import re
import subprocess
import tracemalloc
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from guardian.shortcuts import assign_perm
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader, PdfWriter
from rest_framework.test import APIClient

from applications import services as declarations
from applications.models import DocumentRender
from review.services import review_forward
from selection import discipline, export_jobs, exports, publicity
from selection.paper_bundle import MANIFEST
from tests.factories import (
    admin_of,
    complete_changes,
    jpeg_upload,
    org,
    procedure_done,
    publicity_finished,
    quota_given,
    resident_id,
    submitted_declaration,
    unit,
    user,
)
from tests.review.test_campaign import _panel_round
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

PROOF_SIZE = (300, 400)  # points: tells the appended proof page from the A4 form pages


def _proof_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(*PROOF_SIZE)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _submitted_with_proof(organisation, *, name: str, proof: bytes):
    """Like ``submitted_declaration``, with a 证明材料 PDF uploaded before submitting."""
    applicant = user(Role.APPLICANT, organisation, name=name)
    declaration = declarations.declaration_create(actor=applicant, talent_type="professional")
    declarations.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=complete_changes(id_number=resident_id("14040319750315123")),
    )
    declarations.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )
    declarations.proof_material_add(
        actor=applicant,
        declaration_id=declaration.pk,
        upload=SimpleUploadedFile("获奖证书.pdf", proof, content_type="application/pdf"),
    )
    return declarations.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def _campaign_at_changzhi(chain, *, proof: bytes) -> SimpleNamespace:
    """As in test_campaign: four candidates reach 长治市, a panel of three ranks them 甲 丙 丁 乙,
    publicity with one objection resolved, discipline opinions; 甲 丙 丁 are recommended."""
    from quotas.loader import quotas_load

    quotas_load(campaign=chain.campaign, province=org("140000"))
    quota_given(chain.campaign, "140426", allocated=2)  # 长治市 gives 黎城县 two places
    lichang = unit("140426", "黎城县人民医院")
    lichang_admin = admin_of("140426")
    people = {"甲": chain.hospital, "乙": chain.hospital, "丙": lichang, "丁": lichang}
    found = {
        name: _submitted_with_proof(where, name=name, proof=proof)
        if name == "甲"
        else submitted_declaration(where, name=name)
        for name, where in people.items()
    }
    lichang_unit = user(Role.ORG_ADMIN, lichang)
    assign_perm("orgs.manage_organisation", lichang_unit, lichang)
    for name, declaration in found.items():
        unit_admin = chain.unit if people[name] == chain.hospital else lichang_unit
        review_forward(actor=unit_admin, declaration_id=declaration.pk, opinion="同意推荐")
        county_admin = chain.luzhou if people[name] == chain.hospital else lichang_admin
        procedure_done(county_admin, declaration)
        review_forward(actor=county_admin, declaration_id=declaration.pk, opinion="同意推荐")
    reviewers = [
        user(Role.REVIEWER, org("140400"), name="周评议"),
        user(Role.REVIEWER, org("140400"), name="吴评议"),
        user(Role.REVIEWER, chain.hospital, name="郑评议"),
    ]
    scores = {"甲": 95, "乙": 70, "丙": 88, "丁": 80}
    panel = _panel_round(chain.changzhi, list(found.values()), reviewers, scores)
    today = timezone.localdate()
    period = publicity_finished(
        chain.changzhi, list(found.values()), start_date=today - datetime.timedelta(days=12)
    )
    objection = publicity.objection_record(
        actor=chain.changzhi,
        period_id=period.pk,
        declaration_id=found["丙"].pk,
        received_on=today - datetime.timedelta(days=8),
        content="反映获奖情况",
    )
    publicity.objection_resolve(
        actor=chain.changzhi, objection_id=objection.pk, resolution="经核查属实无误"
    )
    for declaration in found.values():
        discipline.discipline_opinion_record(
            actor=chain.changzhi,
            declaration_id=declaration.pk,
            body="长治市纪委监委",
            asked_on=today,
            has_opinion=False,
        )
    for name in ("甲", "丙", "丁"):
        review_forward(actor=chain.changzhi, declaration_id=found[name].pk, opinion="推荐")
    return SimpleNamespace(declarations=found, panel=panel, period=period)


@pytest.fixture
def changzhi(chain):
    return _campaign_at_changzhi(chain, proof=_proof_pdf())


def _api(account) -> APIClient:
    api = APIClient()
    api.force_authenticate(account)
    return api


def _started(api: APIClient, capture, **payload) -> dict:
    with capture(execute=True):
        response = api.post("/api/v1/review/exports/", payload, format="json")
    assert response.status_code == 202, response.content
    return response.json()


def test_the_candidate_list_button_makes_the_xlsx_in_ranking_order(
    client, chain, changzhi, django_capture_on_commit_callbacks, caplog
):
    client.force_login(chain.changzhi)
    assert "导出 Excel" in client.get(reverse("selection:candidates")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("selection:export_start"), {"kind": "candidates"})
    page = client.get(started["Location"])
    job = page.context["job"]
    html = page.content.decode()
    assert "已生成" in html and 'value="100"' in html and "data-export-status-url" not in html
    assert "js/exports.js" in html and "<script>" not in html
    with caplog.at_level("INFO", logger="selection.export_jobs"):
        download = client.get(reverse("selection:export_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert f"export downloaded: job {job.pk}, candidates" in caplog.text
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "长治市人力资源和社会保障局2024年享受国务院政府特殊津贴人员人选一览表"
    assert values[1] == exports.CANDIDATE_HEADERS
    listed = [dict(zip(exports.CANDIDATE_HEADERS, row, strict=True)) for row in values[2:]]
    assert [(row["序号"], row["姓名"], row["专家评议得分"]) for row in listed] == [
        (1, "甲", 95),
        (2, "丙", 88),
        (3, "丁", 80),
    ]
    assert "收到反映 1 件" in listed[1]["公示情况"]
    assert listed[0]["纪检监察意见"] == "长治市纪委监委：无意见"
    assert job.file.name.startswith("exports/")


def test_the_panel_summary_through_the_api(chain, changzhi, django_capture_on_commit_callbacks):
    api = _api(chain.changzhi)
    started = _started(
        api, django_capture_on_commit_callbacks, kind="panel_summary", panel=changzhi.panel.pk
    )
    status = api.get(started["status_url"]).json()
    assert (status["status"], status["progress"], status["kind_display"]) == (
        "done",
        100,
        "专家评议结果汇总表",
    )
    download = api.get(status["download_url"])
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[0][0].endswith("专家评议结果汇总表（评议组）")
    assert rows[1] == exports.PANEL_HEADERS
    assert [(row[0], row[1], row[4]) for row in rows[2:]] == [
        (1, "甲", 2),  # 郑评议 of the same hospital is excluded from 甲 and 乙
        (2, "丙", 3),
        (3, "丁", 3),
        (4, "乙", 2),
    ]


def test_the_letter_states_the_procedure_and_the_contact(
    chain, changzhi, django_capture_on_commit_callbacks, tmp_path
):
    api = _api(chain.changzhi)
    started = _started(api, django_capture_on_commit_callbacks, kind="letter")
    download = api.get(started["download_url"])
    assert download["Content-Type"].endswith("wordprocessingml.document")
    data = b"".join(download.streaming_content)
    word = Document(io.BytesIO(data))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert word.paragraphs[0].text == "关于推荐2024年享受国务院政府特殊津贴人员人选的函"
    assert word.paragraphs[1].text == f"{org('140000').name}："
    # Only the talent types the candidates hold: no "高技能人才0名", no skilled office.
    assert "现推荐3名人选，均为专业技术人才。" in text and "高技能人才" not in text
    assert "由3名评议专家对4名候选人进行了评议" in text
    assert "收到反映1件，已全部核查处理" in text
    assert "就3名人选征求了长治市纪委监委的意见，均无意见。" in text
    assert "联系人：曹超" in text and "电话：0355-2192527" in text and "蒋晓亚" not in text
    assert "（盖章）" in text and "长治市人力资源和社会保障局" in text
    table = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert [row[1] for row in table[1:]] == ["甲", "丙", "丁"]
    assert word.tables[0].rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    signature = [p for p in word.paragraphs if p.text == "（盖章）"][0]
    assert signature.paragraph_format.keep_with_next
    assert 'w:instr="PAGE"' in word.sections[0].footer._element.xml

    # As the receiving office opens it: the seal, the organisation and the date on one page,
    # each page numbered.
    letter = tmp_path / "letter.docx"
    letter.write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless"]
        + ["--convert-to", "pdf", "--outdir", str(tmp_path), str(letter)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = [
        re.sub(r"\s+", "", page)
        for page in subprocess.run(
            ["pdftotext", str(tmp_path / "letter.pdf"), "-"], capture_output=True, check=True
        )
        .stdout.decode()
        .split("\f")[:-1]
    ]
    sealed = [page for page in pages if "（盖章）" in page]
    assert len(sealed) == 1 and f"{timezone.localdate().year}年" in sealed[0]
    assert all(f"—{number}—" in page for number, page in enumerate(pages, start=1))


def test_a_letter_without_published_contacts_leaves_lines_to_fill_in(
    chain, django_capture_on_commit_callbacks
):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")
    procedure_done(chain.luzhou, declaration)
    review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")
    with django_capture_on_commit_callbacks(execute=True):
        job = export_jobs.export_request(actor=chain.luzhou, kind="letter")
    job.refresh_from_db()
    text = "\n".join(p.text for p in Document(job.file.open("rb")).paragraphs)
    assert "现推荐1名人选，均为专业技术人才。" in text
    for label in ("联系单位", "联系人", "电话", "传真", "电子信箱"):
        assert f"{label}：＿＿＿＿" in text


def test_the_bundle_says_what_to_print_and_holds_each_proof_also_on_its_own(
    client, chain, changzhi, django_capture_on_commit_callbacks
):
    client.force_login(chain.changzhi)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("selection:export_start"), {"kind": "bundle"})
    job = client.get(started["Location"]).context["job"]
    assert (job.status, job.progress) == ("done", 100)
    download = client.get(reverse("selection:export_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = bundle.read(MANIFEST).decode()
    # What to print and how many copies, as the notice asks.
    assert "推荐人选信息表（04）：每名人选打印 3 份。" in manifest and "A4" in manifest
    entries = dict(line.split("\t") for line in manifest.splitlines() if "\t" in line)
    listed = list(entries)
    assert sorted(bundle.namelist()) == sorted([MANIFEST, *listed])
    assert listed[:3] == [
        "01-关于推荐2024年享受国务院政府特殊津贴人员人选的函.docx",
        "02-人选一览表.xlsx",
        "03-专家评议结果汇总表-1-评议组.xlsx",
    ]
    forms = [name for name in listed if name.startswith("04-")]
    assert forms == [
        "04-推荐人选信息表/001-甲.pdf",
        "04-推荐人选信息表/002-丙.pdf",
        "04-推荐人选信息表/003-丁.pdf",
    ]
    for name, person in zip(forms, ("甲", "丙", "丁"), strict=True):
        declaration = changzhi.declarations[person]
        # The form comes from the render service's file, reused from the cache when unchanged.
        render = DocumentRender.objects.filter(declaration=declaration, status="done").first()
        assert bundle.read(name) == render.file.open("rb").read()
        assert entries[name].endswith("A4 打印 3 份")
    # 甲's proof: once joined for printing, once as its own file for the electronic copy.
    assert [name for name in listed if name[:3] in ("05-", "06-")] == [
        "05-个人业绩成果情况证明材料/001-甲.pdf",
        "06-电子材料-证明材料/001-甲/01-获奖证书.pdf",
    ]
    assert entries["05-个人业绩成果情况证明材料/001-甲.pdf"].endswith("A4 打印 1 份")
    for name in (
        "05-个人业绩成果情况证明材料/001-甲.pdf",
        "06-电子材料-证明材料/001-甲/01-获奖证书.pdf",
    ):
        pages = PdfReader(io.BytesIO(bundle.read(name))).pages
        assert len(pages) == 1
        assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == PROOF_SIZE
    rows = list(load_workbook(io.BytesIO(bundle.read("02-人选一览表.xlsx"))).active.values)
    assert [row[1] for row in rows[2:]] == ["甲", "丙", "丁"]
    letter = Document(io.BytesIO(bundle.read(listed[0])))
    assert "联系人：曹超" in "\n".join(p.text for p in letter.paragraphs)


def test_an_unreadable_proof_fails_the_bundle_with_a_message(
    chain, django_capture_on_commit_callbacks
):
    found = _campaign_at_changzhi(chain, proof=_proof_pdf())
    # Uploads are checked, so the file can only have been damaged on the disk since.
    stored = found.declarations["甲"].proof_materials.get().file
    with stored.storage.open(stored.name, "wb") as damaged:
        damaged.write(b"%PDF-1.4 not really a pdf")
    api = _api(chain.changzhi)
    started = _started(api, django_capture_on_commit_callbacks, kind="bundle")
    status = api.get(started["status_url"]).json()
    assert status["status"] == "failed"
    assert "甲的证明材料“获奖证书.pdf”无法读取" in status["error"]
    refused = api.get(status["download_url"])
    assert refused.status_code == 409 and refused.json()["code"] == "export_not_ready"


def test_the_streaming_writer_stays_flat_for_20000_rows(tmp_path):
    row = [1, "张明华", "男", "1975-03", "汉族", "中共党员", "研究生", "博士", "潞州区人民医院"]
    row += ["事业单位", "主任", "主任医师", "心血管内科", "医疗卫生", "Q 卫生和社会工作"]
    row += ["专业技术人才", "长治市人力资源和社会保障局", "否", 88.5]
    row += ["已公示（2024-05-01 至 2024-05-08），无反映", "长治市纪委监委：无意见"]

    def rows(count):
        for number in range(count):
            yield [number, *row[1:]]

    tracemalloc.start()
    count = exports.candidates_write(
        tmp_path / "big.xlsx",
        organisation=SimpleNamespace(name="长治市人力资源和社会保障局"),
        year=2024,
        rows=rows(20000),
    )
    streaming_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # A workbook held in memory for a tenth of the rows (about 93 MB measured for all 20 000).
    tracemalloc.start()
    workbook = Workbook()
    for values in rows(2000):
        workbook.active.append(values)
    workbook.save(tmp_path / "small.xlsx")
    in_memory_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 20000
    assert streaming_peak < 5_000_000  # measured about 0.5 MB
    assert streaming_peak < in_memory_peak / 4
    written = list(load_workbook(tmp_path / "big.xlsx", read_only=True).active.values)
    assert len(written) == 20002 and written[-1][:2] == (19999, "张明华")


def test_other_organisations_and_reviewers_get_not_found(
    client, chain, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_jobs.export_request(actor=chain.changzhi, kind="candidates")
        limited = export_jobs.export_request(actor=chain.province_pro, kind="letter")
    assert limited.talent_type == "professional"
    outsiders = {
        admin_of("140100", name="太原市管理员"): job,
        user(Role.REVIEWER, org("140400"), name="周评议"): job,
        chain.luzhou: job,  # the level below sees nothing of the city's files either
        chain.province_skill: limited,  # same organisation, other talent type
    }
    for outsider, theirs in outsiders.items():
        client.force_login(outsider)
        assert client.get(reverse("selection:export", args=[theirs.pk])).status_code == 404
        assert client.get(reverse("selection:export_download", args=[theirs.pk])).status_code == 404
        api = _api(outsider)
        for url in (
            f"/api/v1/review/exports/{theirs.pk}/",
            f"/api/v1/review/exports/{theirs.pk}/download/",
        ):
            refused = api.get(url)
            assert refused.status_code == 404 and refused.json()["code"] == "not_found"
        if outsider.role == Role.ORG_ADMIN:
            assert theirs.pk not in [j["id"] for j in api.get("/api/v1/review/exports/").json()]
    reviewer = user(Role.REVIEWER, org("140400"), name="吴评议")
    refused = _api(reviewer).post("/api/v1/review/exports/", {"kind": "letter"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    client.force_login(reviewer)
    assert client.post(reverse("selection:export_start"), {"kind": "letter"}).status_code == 403
    # Another admin of the same organisation shares its files.
    colleague = admin_of("140400", name="长治市另一管理员")
    assert _api(colleague).get(f"/api/v1/review/exports/{job.pk}/").json()["status"] == "done"


def test_refusals_through_the_api_carry_a_code(chain, changzhi):
    api = _api(chain.changzhi)
    unknown = api.post("/api/v1/review/exports/", {"kind": "poster"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "invalid"
    foreign = _api(admin_of("140100"))
    refused = foreign.post(
        "/api/v1/review/exports/",
        {"kind": "panel_summary", "panel": changzhi.panel.pk},
        format="json",
    )
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
