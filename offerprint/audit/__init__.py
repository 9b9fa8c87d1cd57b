"""Audit a rendered PDF against the accessibility promises offerprint makes.

WeasyPrint's ``pdf/ua-1`` variant tags the PDF but checks nothing (a missing ``lang`` or
``alt`` is only logged), so every render is read back and audited here. :func:`audit_pdf`
gathers :class:`AuditFacts` from the PDF itself and turns every broken rule into a sentence a
school office can act on. One module per concern, each a plain function returning problems:

* :mod:`.metadata`: tagged, language, title, PDF/UA-1 claim, attached files (pikepdf);
* :mod:`.structure`: headings, pictures' alt text, untagged images, orphaned tagged content
  (pikepdf reads the structure tree);
* :mod:`.links`: every link annotation held by one /Link structure element, with words;
* :mod:`.fonts`: fonts embedded, every glyph drawn mapped to its text (ToUnicode), and no
  text smaller than the asked size;
* :mod:`.text`: every expected text comes back from poppler's ``pdftotext``.

Three readers, each C or C++ and each for what it does well: pikepdf (qpdf) for the objects,
PDFium (:mod:`.content`) for what the pages draw, and pdftotext, which runs in the background
while the others read the file.
"""

from __future__ import annotations

import io
import shutil  # noqa: F401  (tests replace shutil.which to hide pdftotext)
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..errors import RenderError
from .content import FONT_SIZE_TOLERANCE, read_content
from .fonts import embedded_fonts, font_problems, size_problems, unicode_problems, unmapped_glyphs
from .links import link_problems, read_links
from .metadata import attachment_problems, metadata_problems, read_metadata
from .structure import (figure_problems, heading_problems, headings, orphan_elements, orphan_problems,
                        structure_elements)
from .text import PdfToText, normalise_text, text_problems

__all__ = ["AuditFacts", "AuditResult", "FONT_SIZE_TOLERANCE", "audit_pdf", "heading_problems", "normalise_text"]


@dataclass
class AuditFacts:
    """What the PDF says about itself, gathered before any rule is applied."""

    pages: int
    title: str | None
    lang: str | None
    display_doc_title: bool
    tagged: bool
    pdfua_part: int | None
    #: (level, text) of the H1..H6 structure elements, in structure-tree order.
    headings: list[tuple[int, str]]
    #: /Alt of every /Figure structure element, in tree order (None = no /Alt at all).
    figures: list[str | None]
    #: (base font name as written, embedded?) for every font dictionary in the file.
    fonts: list[tuple[str, bool]]
    #: Smallest rendered glyph size in points over visible text, artifacts included.
    smallest_font_size: float | None
    #: EmbeddedFiles name-tree entries plus FileAttachment annotations.
    embedded_files: int
    #: Text in reading order from pdftotext, page furniture kept.
    text: str


@dataclass
class AuditResult:
    """The facts and every problem found; the PDF passes when there is no problem."""

    facts: AuditFacts
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_pdf(
    pdf: bytes | Path,
    *,
    min_font_size: float,
    expected_lang: str | None = None,
    expected_title: str | None = None,
    expected_texts: Sequence[str] = (),
    furniture: Sequence[str] = (),
) -> AuditResult:
    """Audit one PDF.

    ``min_font_size`` is in points and applies to everything drawn, page numbers included
    (large print: nothing on the page smaller than the body). ``expected_texts`` must each
    appear in the extracted text once the lines matching a ``furniture`` regex (page numbers,
    running headers) are removed, so a paragraph split by a page break still matches.
    """
    data = bytes(pdf if isinstance(pdf, (bytes, bytearray)) else Path(pdf).read_bytes())
    try:
        document = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        raise RenderError(f"The rendered PDF could not be read back for its audit: {error}") from error
    with document, PdfToText(data) as text_job:
        page_ids = [page.obj.objgen[0] for page in document.pages]
        metadata = read_metadata(document)
        reachable: set[tuple[int, int]] = set()  # for orphan_elements, filled by the same walk
        elements = structure_elements(document.Root, reachable)
        heading_content = [key for e in elements if e.role in _HEADINGS for key in e.content if key[0] is not None]
        links = read_links(document)
        link_content = [key for link in links for key in link.content if key[0] is not None]
        content = read_content(data, page_ids, min_font_size, heading_content + link_content)
        fonts = embedded_fonts(document)
        unmapped = unmapped_glyphs(document)
        orphans = orphan_elements(document.Root, reachable)
        facts = AuditFacts(
            pages=len(page_ids),
            title=metadata.title,
            lang=metadata.lang,
            display_doc_title=metadata.display_doc_title,
            tagged=metadata.tagged,
            pdfua_part=metadata.pdfua_part,
            headings=headings(elements, content.mcid_text),
            figures=[element.alt for element in elements if element.role == "Figure"],
            fonts=fonts,
            smallest_font_size=content.smallest.size if content.smallest else None,
            embedded_files=metadata.embedded_files,
            text=text_job.result(),
        )
    page_numbers = {page_id: number for number, page_id in enumerate(page_ids, 1)}
    problems = metadata_problems(metadata, expected_lang, expected_title)
    problems += heading_problems(facts.headings)
    problems += figure_problems(elements, content.images, page_numbers)
    problems += font_problems(fonts)
    problems += unicode_problems(unmapped)
    problems += link_problems(links, content.mcid_text)
    problems += attachment_problems(metadata.embedded_files)
    problems += orphan_problems(orphans)
    problems += size_problems(content, min_font_size)
    problems += text_problems(facts.text, expected_texts, furniture)
    return AuditResult(facts=facts, problems=problems)


_HEADINGS = {f"H{level}" for level in range(1, 7)}

# The text rule on its own, for tests that read a PDF's text their own way.
_text_problems = text_problems
