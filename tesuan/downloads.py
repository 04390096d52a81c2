"""How every stored file leaves the site: through a permission-checked view, as a download.

Uploaded and generated files live under MEDIA_ROOT, which no URL maps to; the views that serve
them check who may see them first and then answer with :func:`attachment_response`.
"""

import unicodedata
from typing import BinaryIO, TypeVar
from urllib.parse import quote

from django.http import FileResponse
from django.http.response import HttpResponseBase

Response = TypeVar("Response", bound=HttpResponseBase)


def attachment_response(stream: BinaryIO, *, content_type: str, filename: str) -> FileResponse:
    """A stored file as a download, with the headers of :func:`attachment_headers`."""
    return attachment_headers(FileResponse(stream, content_type=content_type), filename=filename)


def attachment_headers(response: Response, *, filename: str) -> Response:
    """Make ``response`` a download that no browser renders as a page or second-guesses.

    ``Content-Disposition: attachment`` makes a direct visit save the file (an ``<img>`` still
    shows a photo: it ignores the header); ``nosniff`` holds the browser to our Content-Type; the
    sandbox policy disarms the response even if it were ever shown; nothing is cached, because
    the content is personal. The name is given twice (RFC 6266): ``filename*`` in UTF-8
    (RFC 5987) for today's browsers and an ASCII ``filename`` for the rest.
    """
    response["Content-Disposition"] = (
        f"attachment; filename=\"{_ascii_fallback(filename)}\"; filename*=utf-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _ascii_fallback(filename: str) -> str:
    """``获奖证书.pdf`` → ``download.pdf``, ``Résumé.pdf`` → ``Resume.pdf``."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""

    def ascii_only(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in folded if ch.isprintable() and ch not in '"\\;')

    stem, extension = ascii_only(stem).strip(), ascii_only(extension).strip()
    return f"{stem or 'download'}{'.' if extension else ''}{extension}"
