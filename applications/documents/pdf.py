"""The 申报表 as PDF, with WeasyPrint: A4, Chinese fonts embedded as subsets."""

import base64
import functools

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from applications.documents.content import (
    ISSUER,
    PHOTO_ROWS,
    TITLE,
    WATERMARK,
    DeclarationDocument,
)

TEMPLATE = "applications/document/declaration.html"
STYLESHEET = "applications/document/_declaration.css"


@functools.cache
def font_configuration() -> FontConfiguration:
    """One per worker process, made on first use: each FontConfiguration holds its own fontconfig
    state and font files, so making one per document would grow a long-lived worker's memory."""
    return FontConfiguration()


@functools.cache
def stylesheet() -> CSS:
    """The form's stylesheet, parsed once per worker process and handed to every render: as a
    ``<style>`` in the HTML, WeasyPrint would parse it again for every document."""
    return CSS(string=render_to_string(STYLESHEET), font_config=font_configuration())


def declaration_html(document: DeclarationDocument) -> str:
    photo_uri = (
        "data:image/jpeg;base64," + base64.b64encode(document.photo).decode("ascii")
        if document.photo
        else ""
    )
    return render_to_string(
        TEMPLATE,
        {
            "doc": document,
            "title": TITLE,
            "issuer": ISSUER,
            "watermark": WATERMARK,
            "photo_rows": PHOTO_ROWS,
            "photo_uri": photo_uri,
            "opinions": (
                ("所在单位意见", document.unit_opinion),
                ("推荐单位意见", document.recommending_opinion),
            ),
        },
    )


def declaration_pdf(document: DeclarationDocument) -> bytes:
    """The PDF bytes. Only the inline photo may be loaded: the text is the applicant's, so no
    file or network URL is ever fetched while rendering."""
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=declaration_html(document), url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet()], font_config=font_configuration()
    )
