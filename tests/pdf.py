"""Reading PDFs in tests with pdfminer.six, so no system tool (poppler-utils) is needed.

pdfminer.six decodes the two-byte CID fonts that WeasyPrint writes for Japanese through their
ToUnicode maps (pypdf 7 returned raw codes for them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1


def pdf_text(path: Path) -> str:
    return extract_text(str(path))


def pdf_fonts(path: Path) -> set[str]:
    """The base font names the PDF's pages use (subset prefixes like ABCDEF+ kept)."""
    fonts: set[str] = set()
    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        for page in PDFPage.create_pages(document):
            for font in (resolve1(page.resources.get("Font")) or {}).values():
                name = resolve1(font).get("BaseFont")
                fonts.add(getattr(name, "name", str(name)))
    return fonts


def skip_without_cjk_font(path: Path) -> None:
    """Japanese PDFs need a CJK font from the system; without one WeasyPrint draws boxes."""
    if not any("CJK" in font for font in pdf_fonts(path)):
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk); the PDF would show boxes")
