"""Photos and proof materials: judged by their bytes, stored under random names outside any
served directory, and given back only as downloads through the permission-checked views."""

import io
import re
import struct
import zlib
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.views.static import serve
from PIL import Image, ImageCms, ImageFile
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from rest_framework.test import APIClient

from applications import services, uploads
from applications.errors import InvalidUpload
from applications.models import Declaration
from selection import panels
from tests.factories import (
    admin_of,
    campaign,
    complete_changes,
    jpeg_upload,
    org,
    pdf_bytes,
    pdf_upload,
    unit,
    user,
)
from tesuan import settings as configured
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-xmp</rdf:RDF></x:xmpmeta>'
GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def applicant():
    campaign()
    return user(Role.APPLICANT, unit("140403", "潞州区人民医院"), name="张明华")


@pytest.fixture
def draft(applicant):
    return services.declaration_create(actor=applicant, talent_type="professional")


def _photo(applicant, draft, upload):
    return services.declaration_photo_set(
        actor=applicant, declaration_id=draft.pk, upload=upload
    ).photo


def _proof(applicant, draft, upload):
    return services.proof_material_add(actor=applicant, declaration_id=draft.pk, upload=upload)


def _refused(call) -> InvalidUpload:
    with pytest.raises(InvalidUpload) as refused:
        call()
    return refused.value


def _icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (36.0, 11.0, 42.0), 3: "E", 4: (113.0, 6.0, 5.0)})
    return exif


def _stored_image(photo) -> tuple[bytes, Image.Image]:
    with photo.open("rb") as stored:
        data = stored.read()
    return data, Image.open(io.BytesIO(data))


def _assert_no_metadata(data: bytes, image: Image.Image) -> None:
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert not {"exif", "icc_profile", "comment", "xmp"} & image.info.keys()
    for trace in (b"Exif", b"PhoneMaker", b"ICC_PROFILE", b"secret", b"http://ns.adobe.com"):
        assert trace not in data


# Photos


def test_a_transparent_png_with_gps_becomes_a_plain_jpeg_on_white(applicant, draft):
    image = Image.new("RGBA", (300, 400), (20, 40, 200, 255))
    image.paste((0, 0, 0, 0), (0, 0, 60, 60))  # a transparent corner
    text = PngInfo()
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    text.add_text("Comment", "secret comment")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", exif=_exif_with_gps(), pnginfo=text, icc_profile=_icc())
    assert b"secret" in buffer.getvalue() and b"PhoneMaker" in buffer.getvalue()

    photo = _photo(applicant, draft, SimpleUploadedFile("me.png", buffer.getvalue()))

    data, stored = _stored_image(photo)
    _assert_no_metadata(data, stored)
    assert stored.mode == "RGB" and stored.size == (300, 400)
    assert all(channel > 245 for channel in stored.getpixel((10, 10)))  # white, not black
    assert stored.getpixel((200, 300))[2] > 150  # the blue stays blue
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", photo.name)


def test_the_exif_orientation_is_applied_then_dropped(applicant, draft):
    """A phone held upright stores a landscape picture and says "rotate 90°" in EXIF."""
    sideways = Image.new("RGB", (400, 300), (200, 30, 30))
    sideways.paste((30, 30, 200), (0, 0, 200, 300))  # the left half is blue
    exif = _exif_with_gps()
    exif[ORIENTATION] = 6
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", exif=exif, icc_profile=_icc(), comment=b"secret", xmp=XMP)

    photo = _photo(applicant, draft, SimpleUploadedFile("IMG_0001.JPG", buffer.getvalue()))

    data, stored = _stored_image(photo)
    _assert_no_metadata(data, stored)
    assert stored.size == (300, 400)
    red, _green, blue = stored.getpixel((150, 20))  # the left half turned to the top
    assert blue > 150 and red < 100


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("photo.jpg", b"<!DOCTYPE html><script>alert(1)</script>", "image/jpeg"),
        ("photo.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/png"),
        ("photo.jpg", pdf_bytes(), "image/jpeg"),
        ("photo.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg"),
    ],
)
def test_what_is_not_a_jpeg_or_png_is_refused_whatever_its_name(
    applicant, draft, name, content, content_type
):
    refused = _refused(
        lambda: _photo(applicant, draft, SimpleUploadedFile(name, content, content_type))
    )
    assert refused.code == "upload_wrong_type"
    assert "上传的文件内容不是 JPG 或 PNG 图片" in refused.message


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: what a decompression bomb starts with."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        uploads.PNG_MAGIC
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(5000, 5000), (60000, 60000)])
def test_a_decompression_bomb_is_refused_before_decoding(applicant, draft, size):
    """60000² pixels is past Pillow's own limit (it raises); 5000² is under it but over ours."""
    refused = _refused(
        lambda: _photo(applicant, draft, SimpleUploadedFile("bomb.png", _png_header(*size)))
    )
    assert refused.code == "photo_too_large"
    assert "最大 4000×4000 像素" in refused.message


def _noise(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((300, 400), 60).convert("RGB").save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
@pytest.mark.parametrize("pillow_tolerates_truncation", [False, True])
def test_a_truncated_photo_is_refused_as_damaged(
    applicant, draft, monkeypatch, image_format, pillow_tolerates_truncation
):
    """Also when Pillow would decode a cut-off file, as it does once WeasyPrint is imported."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", pillow_tolerates_truncation)
    whole = _noise(image_format)
    cut = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2])
    refused = _refused(lambda: _photo(applicant, draft, cut))
    assert refused.code == "upload_damaged"
    assert "不完整或已损坏" in refused.message


def test_an_oversized_photo_is_refused_by_its_size(applicant, draft):
    padded = jpeg_upload().read() + b"\0" * uploads.PHOTO_MAX_BYTES
    refused = _refused(lambda: _photo(applicant, draft, SimpleUploadedFile("big.jpg", padded)))
    assert refused.code == "upload_too_large"
    assert "照片不能超过 2 MB" in refused.message
    assert not Declaration.objects.get(pk=draft.pk).photo


# Proof materials


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(300, 400)
    build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action(kind: str, **entries: str) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _open_action(action: DictionaryObject):
    def build(writer: PdfWriter) -> None:
        writer.root_object[NameObject("/OpenAction")] = action

    return build


def _page_additional_action(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS="app.alert(1)")}
    )


ACTIVE_PDFS = {
    "open_action_javascript": _pdf(_open_action(_action("/JavaScript", JS="app.alert(1)"))),
    "document_javascript": _pdf(lambda w: w.add_open_action(JavaScript("app.alert(1)"))),
    "launch": _pdf(_open_action(_action("/Launch", F="C:\\Windows\\calc.exe"))),
    "page_additional_action": _pdf(_page_additional_action),
    "embedded_file": _pdf(lambda w: w.add_attachment("setup.exe", b"MZ\x90\x00")),
}
ACTIVE_PDFS.update(
    {
        # Opening the file would call out to a site (the reader's address, the time it opened).
        "open_action_uri": _pdf(_open_action(_action("/URI", URI="http://attacker.example/"))),
        # A plain page to open at, and then a URI chained after it.
        "open_action_goto_then_uri": _pdf(
            _open_action(
                DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/GoTo"),
                        NameObject("/D"): TextStringObject("start"),
                        NameObject("/Next"): _action("/URI", URI="http://attacker.example/"),
                    }
                )
            )
        ),
        # Printing (or any other menu item) as soon as the file opens.
        "open_action_named_print": _pdf(
            _open_action(
                DictionaryObject(
                    {NameObject("/S"): NameObject("/Named"), NameObject("/N"): NameObject("/Print")}
                )
            )
        ),
        "document_additional_action_uri": _pdf(
            lambda w: w.root_object.__setitem__(
                NameObject("/AA"),
                DictionaryObject({NameObject("/WC"): _action("/URI", URI="http://x.example/")}),
            )
        ),
    }
)
# The Launch action with its type spelled in #xx escapes, which PDF readers decode.
ACTIVE_PDFS["escaped_name"] = ACTIVE_PDFS["launch"].replace(b"/Launch", b"/L#61unch")


@pytest.mark.parametrize("case", ACTIVE_PDFS)
def test_a_pdf_with_scripts_or_automatic_actions_is_refused(applicant, draft, case):
    upload = SimpleUploadedFile("证书.pdf", ACTIVE_PDFS[case], "application/pdf")
    refused = _refused(lambda: _proof(applicant, draft, upload))
    assert refused.code == "pdf_active_content"
    assert refused.message == (
        "该 PDF 含有脚本或自动执行动作，出于安全原因不能上传，请以“打印为 PDF”方式重新生成后上传。"
    )
    assert not draft.proof_materials.exists()


def test_links_and_an_opening_page_are_not_active_content(applicant, draft):
    def build(writer: PdfWriter) -> None:
        writer.add_annotation(0, Link(rect=(10, 10, 200, 40), url="https://www.mohrss.gov.cn/"))
        writer.open_destination = writer.pages[0]

    proof = _proof(applicant, draft, SimpleUploadedFile("论文.pdf", _pdf(build)))
    assert proof.original_name == "论文.pdf"


def test_an_opening_page_given_as_a_goto_action_is_not_active_content(applicant, draft):
    def build(writer: PdfWriter) -> None:
        destination = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): destination}
        )

    proof = _proof(applicant, draft, SimpleUploadedFile("论文.pdf", _pdf(build)))
    assert proof.original_name == "论文.pdf"


def _deflated_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9)
    step = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(step) for _ in range(size // len(step))) + packer.flush()


def _with_images(*inflated_sizes: int) -> bytes:
    """A one-page PDF holding grey images of these sizes once inflated, Flate-compressed."""

    def build(writer: PdfWriter) -> None:
        images = DictionaryObject()
        for index, size in enumerate(inflated_sizes):
            image = StreamObject()
            image.set_data(_deflated_zeros(size))
            image.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Image"),
                    NameObject("/Width"): NumberObject(1024),
                    NameObject("/Height"): NumberObject(size // 1024),
                    NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                    NameObject("/BitsPerComponent"): NumberObject(8),
                    NameObject("/Filter"): NameObject("/FlateDecode"),
                }
            )
            images[NameObject(f"/Im{index}")] = writer._add_object(image)
        writer.pages[0][NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): images}
        )

    return _pdf(build)


def test_a_small_pdf_that_inflates_to_200_mb_is_refused(applicant, draft):
    bomb = _with_images(200 * 1024 * 1024)
    assert len(bomb) < 250 * 1024
    upload = SimpleUploadedFile("证书.pdf", bomb, "application/pdf")
    refused = _refused(lambda: _proof(applicant, draft, upload))
    assert refused.code == "pdf_too_large_inflated"
    assert "解压后的内容超过 128 MB" in refused.message
    assert not draft.proof_materials.exists()


def test_the_inflation_budget_is_shared_by_all_streams(applicant, draft, monkeypatch):
    """Three images within the budget each, past it together."""
    monkeypatch.setattr(uploads, "PDF_MAX_INFLATED_BYTES", 5 * 1024 * 1024)
    upload = SimpleUploadedFile("证书.pdf", _with_images(*[2 * 1024 * 1024] * 3))
    assert _refused(lambda: _proof(applicant, draft, upload)).code == "pdf_too_large_inflated"
    within = SimpleUploadedFile("证书.pdf", _with_images(2 * 1024 * 1024, 2 * 1024 * 1024))
    assert _proof(applicant, draft, within).original_name == "证书.pdf"


def test_html_named_pdf_is_refused(applicant, draft):
    html = b"<!DOCTYPE html><html><script>fetch('/api/v1/me/')</script></html>"
    upload = SimpleUploadedFile("x.pdf", html, content_type="application/pdf")
    refused = _refused(lambda: _proof(applicant, draft, upload))
    assert refused.code == "upload_wrong_type"
    assert refused.message == (
        "证明材料须为 PDF 文件，上传的文件内容不是 PDF（可能只是扩展名为 .pdf），请重新导出为 PDF 后上传。"
    )


@pytest.mark.parametrize(
    "content",
    [pdf_bytes(pages=3)[:400], pdf_bytes()[:-12], b"%PDF-1.4 not really a pdf"],
    ids=["half", "no_eof", "header_only"],
)
def test_a_truncated_pdf_is_refused_as_damaged(applicant, draft, content):
    refused = _refused(lambda: _proof(applicant, draft, SimpleUploadedFile("扫描件.pdf", content)))
    assert refused.code == "upload_damaged"
    assert "不完整或已损坏" in refused.message


def test_an_encrypted_pdf_is_refused(applicant, draft):
    encrypted = _pdf(lambda w: w.encrypt(user_password="", owner_password="owner"))
    refused = _refused(lambda: _proof(applicant, draft, SimpleUploadedFile("加密.pdf", encrypted)))
    assert refused.code == "pdf_encrypted"
    assert "取消密码保护" in refused.message


def test_an_oversized_pdf_is_refused_by_its_size(applicant, draft):
    padded = pdf_bytes() + b"\0" * uploads.PROOF_MAX_BYTES
    refused = _refused(lambda: _proof(applicant, draft, SimpleUploadedFile("大.pdf", padded)))
    assert refused.code == "upload_too_large"
    assert "20 MB" in refused.message


@pytest.mark.parametrize(
    "uploaded, shown",
    [
        ("..\\..\\windows/获奖\u202e证书\x07.PDF", "获奖证书.pdf"),
        ("C:\\Users\\张\\Desktop\\职称 证书 .pdf", "职称 证书.pdf"),
        ("index.html", "index.html.pdf"),
        ("\u202e .pdf", "证明材料.pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_proofs_are_stored_under_random_names_and_shown_under_a_clean_one(
    applicant, draft, uploaded, shown
):
    content = pdf_bytes(pages=2)
    proof = _proof(applicant, draft, SimpleUploadedFile(uploaded, content))
    assert proof.original_name == shown
    assert re.fullmatch(r"proofs/[0-9a-f]{32}\.pdf", proof.file.name)
    assert proof.size == len(content)


# Through the browser and the API: a refusal is a message, and nothing typed is lost


def _api(account) -> APIClient:
    api = APIClient()
    api.force_authenticate(account)
    return api


def test_the_api_refuses_with_a_stable_code(applicant, draft):
    url = f"/api/v1/declarations/{draft.pk}/"
    api = _api(applicant)
    script = SimpleUploadedFile("a.pdf", ACTIVE_PDFS["open_action_javascript"])
    refused = api.post(url + "proof-materials/", {"file": script}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["code"] == "pdf_active_content"
    assert "含有脚本或自动执行动作" in refused.json()["detail"]
    html = SimpleUploadedFile("me.jpg", b"<html>", content_type="image/jpeg")
    refused = api.post(url + "photo/", {"file": html}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "upload_wrong_type"
    assert api.get(url).json()["has_photo"] is False


def test_a_refused_photo_keeps_the_typed_draft(client, applicant, draft):
    client.force_login(applicant)
    edit = reverse("applications:declaration_edit", args=[draft.pk])
    data = {
        "version": draft.version,
        "talent_type": "professional",
        "achievements": "近五年主持胸痛中心建设",
        "photo": SimpleUploadedFile("me.jpg", b"<html>", content_type="image/jpeg"),
    }
    response = client.post(edit, data, follow=True)
    html = response.content.decode()
    assert "其他内容已保存，但照片未上传：照片须为 JPG 或 PNG 格式的图片" in html
    assert "近五年主持胸痛中心建设" in html
    draft.refresh_from_db()
    assert draft.achievements == "近五年主持胸痛中心建设" and not draft.photo


def test_a_chosen_proof_is_uploaded_by_saving_the_form(client, applicant, draft):
    client.force_login(applicant)
    edit = reverse("applications:declaration_edit", args=[draft.pk])
    assert 'form="proof-form"' not in client.get(edit).content.decode()
    data = {
        "version": draft.version,
        "talent_type": "professional",
        "achievements": "近五年主持胸痛中心建设",
        "tab": "achievements",
        "next": "save",
        "proof": SimpleUploadedFile("获奖证书.pdf", pdf_bytes(), content_type="application/pdf"),
    }
    response = client.post(edit, data, follow=True)
    assert "证明材料“获奖证书.pdf”已上传。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.achievements == "近五年主持胸痛中心建设"
    assert [p.original_name for p in draft.proof_materials.all()] == ["获奖证书.pdf"]

    data["version"] = draft.version
    data["proof"] = SimpleUploadedFile("x.pdf", b"<html></html>", content_type="application/pdf")
    response = client.post(edit, data, follow=True)
    assert "其他内容已保存，但证明材料未上传：" in response.content.decode()
    assert draft.proof_materials.count() == 1


def _save_with_proof(client, draft, upload):
    return client.post(
        reverse("applications:declaration_edit", args=[draft.pk]),
        {"version": draft.version, "talent_type": "professional", "next": "save", "proof": upload},
        follow=True,
    )


def test_a_refused_proof_is_explained_on_the_page(client, applicant, draft):
    client.force_login(applicant)
    upload = SimpleUploadedFile("x.pdf", b"<html></html>", content_type="application/pdf")
    response = _save_with_proof(client, draft, upload)
    assert "上传的文件内容不是 PDF（可能只是扩展名为 .pdf）" in response.content.decode()
    assert not draft.proof_materials.exists()


def test_an_accepted_proof_is_announced_under_its_clean_name(client, applicant, draft):
    client.force_login(applicant)
    upload = SimpleUploadedFile("获奖\u202e证书.PDF", pdf_bytes(), content_type="text/html")
    html = _save_with_proof(client, draft, upload).content.decode()
    assert "证明材料“获奖证书.pdf”已上传。" in html
    assert "\u202e" not in html


# Serving: only through the views, only as downloads, only to those who may see the declaration


@pytest.fixture
def on_panel(applicant):
    """张明华's submitted declaration with a photo and a proof, waiting at 长治市 before a panel."""
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=complete_changes(),
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )
    proof = _proof(applicant, declaration, pdf_upload("获奖证书.pdf"))
    declaration = services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    declaration.current_organisation = org("140400")
    declaration.save(update_fields=["current_organisation"])
    changzhi = admin_of("140400", name="长治市管理员")
    reviewer = user(Role.REVIEWER, org("140400"), name="周评议")
    panel = panels.panel_create(
        actor=changzhi, campaign=declaration.campaign, talent_type="professional", name="评议组"
    )
    panels.panel_add_members(actor=changzhi, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(actor=changzhi, panel_id=panel.pk, declaration_ids=[declaration.pk])
    return {
        "declaration": declaration,
        "proof": proof,
        "admin": changzhi,
        "reviewer": reviewer,
        "applicant_photo": reverse("applications:declaration_photo", args=[declaration.pk]),
        "applicant_proof": reverse("applications:proof_download", args=[declaration.pk, proof.pk]),
        "panel": panel,
        "reviewer_photo": reverse("selection:sheet_photo", args=[panel.pk, declaration.pk]),
        "reviewer_proof": reverse(
            "selection:sheet_proof", args=[panel.pk, declaration.pk, proof.pk]
        ),
    }


def _assert_download(response, content_type: str, filename: str) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert f"filename*=utf-8''{quote(filename)}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", ["applicant", "admin", "reviewer"])
def test_files_are_served_as_downloads_with_safe_headers(client, on_panel, who):
    declaration = on_panel["declaration"]
    client.force_login(declaration.applicant if who == "applicant" else on_panel[who])
    prefix = "reviewer" if who == "reviewer" else "applicant"
    photo = _assert_download(
        client.get(on_panel[f"{prefix}_photo"]), "image/jpeg", "张明华的照片.jpg"
    )
    assert photo.startswith(b"\xff\xd8\xff") and b"GPS-Camera-Model" not in photo
    proof = _assert_download(
        client.get(on_panel[f"{prefix}_proof"]), "application/pdf", "获奖证书.pdf"
    )
    assert proof.startswith(b"%PDF-")


def test_the_photo_preview_still_points_at_the_checked_view(client, on_panel):
    client.force_login(on_panel["reviewer"])
    page = client.get(
        reverse(
            "selection:sheet_candidate",
            args=[on_panel["panel"].pk, on_panel["declaration"].pk],
        )
    ).content.decode()
    assert f'<img src="{on_panel["reviewer_photo"]}"' in page


@pytest.fixture(
    params=["colleague", "sibling_unit_admin", "taiyuan_admin", "other_reviewer", "lichang_admin"]
)
def outsider(request, on_panel):
    hospital = on_panel["declaration"].organisation
    return {
        "colleague": lambda: user(Role.APPLICANT, hospital, name="申报人乙"),
        "sibling_unit_admin": lambda: admin_of(unit("140403", "乙医院")),
        "taiyuan_admin": lambda: admin_of("140100"),
        "other_reviewer": lambda: user(Role.REVIEWER, org("140100"), name="太原评议"),
        "lichang_admin": lambda: admin_of("140426"),  # a sibling county of 潞州区
    }[request.param]()


def test_outsiders_get_not_found_for_every_file_url(client, on_panel, outsider):
    client.force_login(outsider)
    for url in ("applicant_photo", "applicant_proof", "reviewer_photo", "reviewer_proof"):
        assert client.get(on_panel[url]).status_code == 404, url


def test_the_applicant_and_admins_get_not_found_on_the_reviewer_urls(client, on_panel):
    for account in (on_panel["declaration"].applicant, on_panel["admin"]):
        client.force_login(account)
        assert client.get(on_panel["reviewer_photo"]).status_code == 404
        assert client.get(on_panel["reviewer_proof"]).status_code == 404


def test_media_files_have_no_url_of_their_own(client, on_panel):
    """MEDIA_ROOT is outside every served directory and no URL maps to it, even when logged in."""
    declaration, proof = on_panel["declaration"], on_panel["proof"]
    client.force_login(declaration.applicant)
    for stored in (declaration.photo.name, proof.file.name):
        assert (settings.MEDIA_ROOT / stored).is_file()
        for prefix in ("/media/", "/static/", "/"):
            assert client.get(f"{prefix}{stored}").status_code == 404, prefix
    media = configured.MEDIA_ROOT.resolve()  # as configured, not this test's temporary one
    for served in (configured.STATIC_ROOT, *configured.STATICFILES_DIRS):
        served = served.resolve()
        assert not media.is_relative_to(served) and not served.is_relative_to(media)
    assert serve not in _views(get_resolver().url_patterns)  # no static(MEDIA_URL, ...) anywhere


def _views(patterns) -> set:
    found = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found |= _views(pattern.url_patterns)
        else:
            found.add(pattern.callback)
    return found
