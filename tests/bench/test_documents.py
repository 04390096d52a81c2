"""The documents benchmark compares like with like: its python-docx anchor, given the assembled
content, writes the very document our renderer writes."""

import dataclasses

import pytest

from applications.documents.content import ISSUER, PHOTO_ROWS, TITLE, declaration_document
from applications.documents.word import declaration_docx
from bench.documents import docx_parts
from bench.raw_docx import raw_docx
from tests.factories import campaign, submitted_declaration, unit

pytestmark = pytest.mark.django_db


def test_the_docx_anchor_writes_our_document_part_for_part():
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    document = declaration_document(declaration)
    anchor = raw_docx(
        dataclasses.asdict(document),
        cover=[dataclasses.asdict(line) for line in document.cover],
        cover_gap_mm=document.cover_gap_mm,
        title=TITLE,
        issuer=ISSUER,
        photo_rows=PHOTO_ROWS,
    )
    parts = docx_parts(anchor)
    assert "word/media/image1.jpg" in parts  # the photo too
    assert parts == docx_parts(declaration_docx(document))
