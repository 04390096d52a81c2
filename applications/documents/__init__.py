"""The official 申报表 as files: one content model, rendered to PDF (WeasyPrint) and DOCX."""
