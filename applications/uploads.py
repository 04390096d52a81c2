"""What an uploaded file really is, judged by its bytes alone.

The name and the Content-Type a browser sends are chosen by the sender and never trusted: a photo
must start like a JPEG or PNG and decode completely, a proof material must start like a PDF and
open in pypdf. Every refusal is an :class:`InvalidUpload` whose Chinese message says what is
wrong and what to do, with a stable code for API clients.

Sizes are checked first, from ``UploadedFile.size``: Django already spooled anything larger than
``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file, so nothing here reads an oversized body.
"""

import io
import unicodedata
import zlib

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from applications.errors import InvalidUpload

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MIN_SIZE = (100, 140)
# Also the decompression-bomb limit: dimensions are read from the header and checked before a
# single pixel is decoded (16 million pixels, far below Pillow's own 89 million).
PHOTO_MAX_SIZE = (4000, 4000)
PROOF_MAX_BYTES = 20 * 1024 * 1024

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-"
# Pillow tries only these decoders; MPO is how it names a JPEG with extra pictures (some phones).
PHOTO_FORMATS = ("JPEG", "PNG")
DECODED_FORMATS = ("JPEG", "MPO", "PNG")

# Keys that carry scripts, automatic actions or other files (ISO 32000-1 §12.6, §7.11.4, §12.7.8).
PDF_ACTIVE_KEYS = frozenset({"/JavaScript", "/JS", "/AA", "/EmbeddedFiles", "/EF", "/XFA"})
# Action types that run code, start programs or send or fetch data without the reader's choice;
# Link annotations of these types are refused, GoTo and URI links (which the reader clicks) are
# not. /OpenAction, which runs when the file opens, may only name a destination (see below).
PDF_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/RichMediaExecute"}
)
# All of a proof's streams together may decompress to this much (a 20 MB scan inflates to a few
# times its size; a compression bomb of 200 KB to hundreds of MB). Flate is inflated here in
# steps, so a bomb is stopped at the budget, never held in memory.
PDF_MAX_INFLATED_BYTES = 128 * 1024 * 1024
_INFLATE_STEP = 1024 * 1024
FLATE_FILTERS = frozenset({"/FlateDecode", "/Fl"})

NOT_AN_IMAGE = (
    "照片须为 JPG 或 PNG 格式的图片，上传的文件内容不是 JPG 或 PNG 图片（可能只是扩展名为 .jpg 或 .png），"
    "请用相机或手机拍摄的原图，或在图片软件中另存为 JPG 后上传。"
)
NOT_A_PDF = "证明材料须为 PDF 文件，上传的文件内容不是 PDF（可能只是扩展名为 .pdf），请重新导出为 PDF 后上传。"


def photo_reencode(upload: UploadedFile) -> bytes:
    """Decode the photo completely and return it as a new JPEG without any of the uploaded bytes.

    The EXIF orientation is applied to the pixels; EXIF (with GPS), ICC profiles, comments and XMP
    are all dropped, because the new image is built from pixels only. Transparent areas become
    white.
    """
    if upload.size > PHOTO_MAX_BYTES:
        raise InvalidUpload(
            f"照片不能超过 {PHOTO_MAX_BYTES // (1024 * 1024)} MB，请压缩或缩小后重新上传。",
            code="upload_too_large",
        )
    if not _starts_with(upload, (JPEG_MAGIC, PNG_MAGIC)):
        raise InvalidUpload(NOT_AN_IMAGE, code="upload_wrong_type")
    data = upload.read()
    try:
        image = Image.open(io.BytesIO(data), formats=PHOTO_FORMATS)
    except Image.DecompressionBombError:
        raise _photo_too_large(None) from None
    except (Image.UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise InvalidUpload(NOT_AN_IMAGE, code="upload_wrong_type") from None
    if image.format not in DECODED_FORMATS:
        raise InvalidUpload(NOT_AN_IMAGE, code="upload_wrong_type")
    width, height = image.size
    if width > PHOTO_MAX_SIZE[0] or height > PHOTO_MAX_SIZE[1]:
        raise _photo_too_large(image.size)
    if width < PHOTO_MIN_SIZE[0] or height < PHOTO_MIN_SIZE[1]:
        raise InvalidUpload(
            f"照片太小（{width}×{height}），至少 {PHOTO_MIN_SIZE[0]}×{PHOTO_MIN_SIZE[1]} 像素，"
            "请上传更清晰的照片。",
            code="photo_too_small",
        )
    damaged = InvalidUpload(
        "照片文件不完整或已损坏，无法读取，请重新拍摄或导出后上传。", code="upload_damaged"
    )
    try:
        complete = _image_is_complete(data, image.format)
        image.load()
        upright = ImageOps.exif_transpose(image)
        rgba = upright.convert("RGBA")
    except (OSError, ValueError, SyntaxError, EOFError):
        raise damaged from None
    if not complete:
        raise damaged
    clean = Image.new("RGB", rgba.size, "white")
    clean.paste(rgba, mask=rgba)
    output = io.BytesIO()
    clean.save(output, format="JPEG", quality=90, optimize=True)
    return output.getvalue()


def _image_is_complete(data: bytes, image_format: str) -> bool:
    """Whether the file ends where the format says it does.

    Decoding alone cannot tell: WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES``
    when it is imported, and Pillow then fills a cut-off photo with grey instead of failing.
    """
    if image_format == "PNG":
        Image.open(io.BytesIO(data), formats=("PNG",)).verify()  # every chunk's CRC, up to IEND
        return True
    # JPEG: walk the marker segments to the first scan; the end-of-image marker must follow it
    # (the entropy-coded data of a scan never holds FF D9, an EXIF thumbnail comes before it).
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker == 0xDA:  # start of scan
            return data.find(b"\xff\xd9", position) != -1
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return False


def _photo_too_large(size: tuple[int, int] | None) -> InvalidUpload:
    shown = f"（{size[0]}×{size[1]}）" if size else ""
    return InvalidUpload(
        f"照片尺寸太大{shown}，最大 {PHOTO_MAX_SIZE[0]}×{PHOTO_MAX_SIZE[1]} 像素，"
        "请缩小后重新上传。",
        code="photo_too_large",
    )


def proof_check(upload: UploadedFile) -> None:
    """Refuse anything but a whole, unencrypted PDF with at least one page and no active content."""
    if upload.size > PROOF_MAX_BYTES:
        raise InvalidUpload(
            f"单个证明材料不能超过 {PROOF_MAX_BYTES // (1024 * 1024)} MB，"
            "请降低扫描分辨率（如 200 dpi）或拆分为多个文件后上传。",
            code="upload_too_large",
        )
    if not _starts_with(upload, (PDF_MAGIC,)):
        raise InvalidUpload(NOT_A_PDF, code="upload_wrong_type")
    damaged = InvalidUpload(
        "该 PDF 文件不完整或已损坏（可能未上传完或导出时出错），无法打开，请重新导出为 PDF 后上传。",
        code="upload_damaged",
    )
    # pypdf may raise nearly anything on hostile input; every failure to read means "damaged".
    try:
        reader = PdfReader(upload)
        encrypted = reader.is_encrypted
    except Exception:
        raise damaged from None
    if encrypted:
        raise InvalidUpload(
            "该 PDF 已加密或设置了密码，无法检查和打印，请取消密码保护后重新导出为 PDF 再上传。",
            code="pdf_encrypted",
        )
    try:
        pages = len(reader.pages)
        active = _has_active_content(reader.trailer)
    except _OverBudget:
        raise InvalidUpload(
            f"该 PDF 解压后的内容超过 {PDF_MAX_INFLATED_BYTES // (1024 * 1024)} MB，"
            "不像是正常的扫描件或文档（可能是“压缩炸弹”），不能上传，请重新扫描或导出为 PDF 后上传。",
            code="pdf_too_large_inflated",
        ) from None
    except Exception:
        raise damaged from None
    if pages == 0:
        raise damaged
    if active:
        raise InvalidUpload(
            "该 PDF 含有脚本或自动执行动作，出于安全原因不能上传，"
            "请以“打印为 PDF”方式重新生成后上传。",
            code="pdf_active_content",
        )
    upload.seek(0)


class _OverBudget(Exception):
    """The streams inflate past ``PDF_MAX_INFLATED_BYTES``."""


def _has_active_content(trailer: DictionaryObject) -> bool:
    """Walk every object reachable from the trailer, compressed object streams included, and
    inflate every stream under one budget (:class:`_OverBudget` past it).

    Names are compared after pypdf decoded them, so ``/J#61vaScript`` is ``/JavaScript``.
    Indirect objects are visited once: page trees point back up through ``/Parent``.
    """
    seen: set[tuple[int, int]] = set()
    pending: list[PdfObject] = [trailer]
    budget = PDF_MAX_INFLATED_BYTES
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if PDF_ACTIVE_KEYS.intersection(item.keys()):
                return True
            if item.get("/S") in PDF_ACTIVE_ACTIONS:
                return True
            if "/OpenAction" in item and not _plain_destination(item["/OpenAction"]):
                return True
            if isinstance(item, StreamObject):
                budget -= _inflated_size(item, budget)
                if budget < 0:
                    raise _OverBudget
            # The raw values, references unresolved, so that ``seen`` catches cycles.
            pending.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            pending.extend(list.__iter__(item))
    return False


def _plain_destination(value: PdfObject) -> bool:
    """An /OpenAction that only opens at a page: an explicit destination (an array), a named
    one, or a GoTo action to one with nothing chained after it. A URI, a Launch, a script, or
    any action that runs on opening, is not."""
    value = value.get_object()
    if isinstance(value, ArrayObject | NameObject | TextStringObject | ByteStringObject):
        return True
    return (
        isinstance(value, DictionaryObject)
        and value.get("/S") == "/GoTo"
        and "/Next" not in value
        and isinstance(
            value.get("/D"), ArrayObject | NameObject | TextStringObject | ByteStringObject
        )
    )


def _inflated_size(stream: StreamObject, budget: int) -> int:
    """What a stream decompresses to, counted up to just past ``budget``.

    Flate (what bombs use) is inflated here step by step; other filter chains are decoded by
    pypdf, which caps each of its decoders on its own.
    """
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    if first is None:
        return len(stream._data)
    if first not in FLATE_FILTERS:
        try:
            return len(stream.get_data())
        except LimitReachedError:
            raise _OverBudget from None
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)
    total = 0
    pending = stream._data
    try:
        while total <= budget and not inflater.eof:
            step = inflater.decompress(pending, _INFLATE_STEP)
            pending = inflater.unconsumed_tail
            if not step and not pending:
                break  # a truncated stream: all input read
            total += len(step)
    except zlib.error:
        pass  # a damaged stream: what did inflate counts, as a reader would show that much
    return total


def _starts_with(upload: UploadedFile, magics: tuple[bytes, ...]) -> bool:
    upload.seek(0)
    head = upload.read(max(len(magic) for magic in magics))
    upload.seek(0)
    return head.startswith(magics)


def display_name(name: str | None, *, suffix: str, default: str) -> str:
    """The uploaded file's name as shown and offered for download, never used on the disk.

    Only the last path component is kept; control and format characters (a right-to-left
    override can make ``fdp.exe`` look like ``exe.pdf``) are removed; the name always ends in
    ``suffix``, so a saved download opens in the right program.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    base = " ".join(base.split())
    if base.lower().endswith(suffix):
        base = base[: -len(suffix)]
    base = base.strip(" .")
    if not base:
        return default
    return base[: 200 - len(suffix)] + suffix
