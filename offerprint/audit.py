"""Audit a rendered PDF against the accessibility promises offerprint makes.

WeasyPrint's ``pdf/ua-1`` variant tags the PDF but checks nothing (a missing ``lang`` or
``alt`` is only logged), so every render is read back and audited here. :func:`audit_pdf`
gathers :class:`AuditFacts` from the PDF itself and turns every broken rule into a sentence a
school office can act on.

Three readers are used, each for what it does well:

* pikepdf for the document catalog, XMP metadata, structure tree, fonts and attachments;
* pdfminer.six to interpret the page content streams (it tracks q/Q, cm, Tm/Td/T*, form
  XObjects and their /Matrix, and decodes glyphs to Unicode through ToUnicode maps), giving
  the rendered glyph sizes, the text of each marked-content id and where images are drawn;
* poppler's ``pdftotext`` for the text in reading order, as a reader would get it.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextDevice, PDFTextSeq
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager, PDFTextState
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import literal_name
from pdfminer.utils import mult_matrix

from .errors import MissingDependencyError, RenderError

__all__ = ["AuditFacts", "AuditResult", "audit_pdf", "heading_problems", "normalise_text"]

#: Rendered sizes are products of floats written with 6 decimals; allow for that rounding.
FONT_SIZE_TOLERANCE = 0.05

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}

# Characters that change nothing a reader sees but break substring matching: soft hyphen,
# zero-width space/joiners, LRM/RLM, bidi isolates, Arabic letter mark, word joiner and BOM
# (the last two are not in Unicode's "format" set the brief lists but behave the same).
_INVISIBLE = dict.fromkeys(
    [0x00AD, *range(0x200B, 0x2010), *range(0x2066, 0x206A), 0x061C, 0x2060, 0xFEFF]
)

# Text rendering modes 3 (invisible) and 7 (clip only) put no glyph on the page.
_INVISIBLE_RENDER_MODES = frozenset({3, 7})

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


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


# --------------------------------------------------------------------------- public API


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
    data = pdf if isinstance(pdf, (bytes, bytearray)) else Path(pdf).read_bytes()
    data = bytes(data)
    facts, details = _gather(data)
    problems = _metadata_problems(facts, expected_lang, expected_title)
    problems += heading_problems(facts.headings)
    problems += _figure_problems(details)
    problems += _font_problems(facts.fonts)
    problems += _attachment_problems(facts.embedded_files)
    problems += _size_problems(details.runs, min_font_size)
    problems += _text_problems(facts.text, expected_texts, furniture)
    return AuditResult(facts=facts, problems=problems)


def normalise_text(text: str) -> str:
    """Normalise text for matching: NFKC, invisible marks dropped, whitespace collapsed."""
    # NFKC also unfolds ligatures (U+FB01 -> "fi") and no-break spaces.
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return " ".join(text.split())


def _unspaced(text: str) -> str:
    return "".join(text.split())


def heading_problems(headings: Sequence[tuple[int, str]]) -> list[str]:
    """Problems with the heading outline: exactly one H1, first heading H1, no skipped level."""
    problems: list[str] = []
    h1_count = sum(1 for level, _ in headings if level == 1)
    if h1_count == 0:
        problems.append(
            "The document has no main heading (level 1); give it one heading at the top, "
            "usually the title of the report."
        )
    elif h1_count > 1:
        names = ", ".join(f'"{_short(text)}"' for level, text in headings if level == 1)
        problems.append(
            f"The document has {h1_count} main headings (level 1): {names}; keep one and "
            "make the others level 2 headings."
        )
    if headings and headings[0][0] != 1:
        level, text = headings[0]
        problems.append(
            f'The first heading, "{_short(text)}", is a level {level} heading; the document '
            "should start with its level 1 main heading."
        )
    previous = None
    for level, text in headings:
        # Going deeper by more than one level hides sections from heading navigation;
        # going back up any number of levels is normal.
        if previous is not None and level > previous + 1:
            problems.append(
                f'The heading "{_short(text)}" jumps from level {previous} to level {level}; '
                f"make it a level {previous + 1} heading so no level is skipped."
            )
        previous = level
    return problems


# --------------------------------------------------------------------------- gathering


@dataclass
class _TextRun:
    """One glyph-showing operator: its rendered size and the text it shows."""

    size: float
    page: int  # 1-based
    text: str


@dataclass
class _ImageUse:
    """One image drawn on a page, with the marked content enclosing it."""

    page: int  # 1-based
    page_id: int
    marks: list[tuple[str, int | None]]


@dataclass
class _StructElem:
    """A structure element reachable from the structure tree root."""

    role: str  # after the RoleMap
    alt: str | None
    page_id: int | None
    content: list[tuple[int | None, int]] = field(default_factory=list)  # (page id, MCID)


@dataclass
class _Details:
    """What the rules need beyond the facts."""

    runs: list[_TextRun]
    images: list[_ImageUse]
    elements: list[_StructElem]
    page_numbers: dict[int, int]  # page object number -> 1-based page number


def _gather(data: bytes) -> tuple[AuditFacts, _Details]:
    try:
        document = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        message = f"The rendered PDF could not be read back for its audit: {error}"
        raise RenderError(message) from error
    with document:
        page_numbers = {page.obj.objgen[0]: number for number, page in enumerate(document.pages, 1)}
        root = document.Root
        xmp_title, pdfua_part = _read_xmp(root)
        elements = _structure_elements(root)
        recorder = _record_content(data)
        facts = AuditFacts(
            pages=len(document.pages),
            title=xmp_title or _info_title(document),
            lang=_catalog_lang(root),
            display_doc_title=_is_true(_get(root, "/ViewerPreferences", "/DisplayDocTitle")),
            tagged=_is_true(_get(root, "/MarkInfo", "/Marked")) and "/StructTreeRoot" in root,
            pdfua_part=pdfua_part,
            headings=_headings(elements, recorder.mcid_text),
            figures=[element.alt for element in elements if element.role == "Figure"],
            fonts=_fonts(document),
            smallest_font_size=min((run.size for run in recorder.runs), default=None),
            embedded_files=_count_embedded_files(document),
            text=_pdftotext(data),
        )
    details = _Details(recorder.runs, recorder.images, elements, page_numbers)
    return facts, details


def _get(dictionary: pikepdf.Dictionary, *keys: str) -> object:
    """Follow nested dictionary keys, None as soon as one is missing."""
    value: object = dictionary
    for key in keys:
        if not isinstance(value, pikepdf.Dictionary) or key not in value:
            return None
        value = value[key]
    return value


def _is_true(value: object) -> bool:
    # pikepdf hands PDF booleans over as Python bools; anything else (a name, a string
    # "true") is not a valid PDF true.
    return value is True


def _clean(value: object) -> str | None:
    """A PDF text string as a stripped str, None when absent or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _catalog_lang(root: pikepdf.Dictionary) -> str | None:
    # WeasyPrint writes an empty /Lang when <html> has no lang, so blank counts as missing.
    return _clean(root.get("/Lang"))


def _info_title(document: pikepdf.Pdf) -> str | None:
    # Read the trailer directly: pikepdf's docinfo would create an /Info it cannot find.
    info = document.trailer.get("/Info")
    return _clean(info.get("/Title")) if isinstance(info, pikepdf.Dictionary) else None


def _read_xmp(root: pikepdf.Dictionary) -> tuple[str | None, int | None]:
    """dc:title and pdfuaid:part from the XMP packet, either of them None if absent."""
    metadata = root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return None, None
    try:
        xml = ET.fromstring(metadata.read_bytes().strip())
    except ET.ParseError:
        return None, None
    title = part = None
    part_key = f"{{{_NS['pdfuaid']}}}part"
    title_key = f"{{{_NS['dc']}}}title"
    for description in xml.iter(f"{{{_NS['rdf']}}}Description"):
        # XMP allows both forms: pdfuaid:part="1" (WeasyPrint) and <pdfuaid:part>1</...>.
        raw_part = description.get(part_key)
        if raw_part is None and (child := description.find(part_key)) is not None:
            raw_part = child.text or ""
        if raw_part is not None and part is None:
            try:
                part = int(raw_part.strip())
            except ValueError:
                pass
        if title is None:
            title = _clean(description.get(title_key)) or _xmp_lang_alt(description.find(title_key))
    return title, part


def _xmp_lang_alt(element: ET.Element | None) -> str | None:
    """The x-default (else first) entry of an rdf:Alt, e.g. dc:title."""
    if element is None:
        return None
    items = list(element.iter(f"{{{_NS['rdf']}}}li"))
    for item in items:
        if item.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
            return _clean(item.text)
    return _clean(items[0].text) if items else _clean(element.text)


def _structure_elements(root: pikepdf.Dictionary) -> list[_StructElem]:
    """Structure elements reachable from the root, in tree (pre-)order.

    Elements only referenced from the ParentTree (WeasyPrint's margin boxes) are not part of
    the document's structure and are not returned.
    """
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        return []
    role_map = tree.get("/RoleMap")
    elements: list[_StructElem] = []
    seen: set[tuple[int, int]] = set()

    def visit(node: pikepdf.Dictionary, page_id: int | None) -> list[tuple[int | None, int]]:
        if node.is_indirect:
            if node.objgen in seen:  # a malformed tree may loop
                return []
            seen.add(node.objgen)
        page_id = _page_id(node.get("/Pg")) or page_id
        element = _StructElem(_role(node, role_map), _clean_alt(node.get("/Alt")), page_id)
        elements.append(element)
        for kid in _kids(node.get("/K")):
            if isinstance(kid, int):
                element.content.append((page_id, kid))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    if "/Stm" not in kid:  # MCIDs inside form XObjects are not page MCIDs
                        element.content.append((_page_id(kid.get("/Pg")) or page_id, int(kid.MCID)))
                elif kind != "/OBJR" and "/S" in kid:
                    element.content.extend(visit(kid, page_id))
        return element.content

    for top in _kids(tree.get("/K")):
        if isinstance(top, pikepdf.Dictionary) and "/S" in top:
            visit(top, None)
    return elements


def _kids(value: object) -> Iterator[object]:
    """The entries of a /K value, which may be a single kid or an array of them."""
    if value is None:
        return
    if isinstance(value, pikepdf.Array):
        yield from value
    else:
        yield value


def _page_id(page: object) -> int | None:
    return page.objgen[0] if isinstance(page, pikepdf.Dictionary) and page.is_indirect else None


def _role(node: pikepdf.Dictionary, role_map: object) -> str:
    """The structure type, mapped to a standard one through the RoleMap if needed."""
    role = str(node.get("/S", "/NonStruct"))
    for _ in range(10):  # bounded: a RoleMap may be circular
        if not isinstance(role_map, pikepdf.Dictionary) or role not in role_map:
            break
        role = str(role_map[role])
    return role.lstrip("/")


def _clean_alt(value: object) -> str | None:
    # Keep "" apart from None: both fail the rule, but the facts should tell them apart.
    return None if value is None else str(value)


def _headings(elements: list[_StructElem], mcid_text: dict[tuple[int, int], str]) -> list[tuple[int, str]]:
    headings = []
    for element in elements:
        if re.fullmatch(r"H[1-6]", element.role):
            # Marked-content pieces are joined with a space: a heading broken over two lines
            # has no space glyph at the break, and the whitespace is collapsed afterwards.
            text = " ".join(mcid_text.get((page, mcid), "") for page, mcid in element.content if page)
            headings.append((int(element.role[1]), normalise_text(text)))
    return headings


def _fonts(document: pikepdf.Pdf) -> list[tuple[str, bool]]:
    """Every font dictionary in the file with whether its program is embedded.

    Walking all objects (not only page resources) also catches fonts used by annotation
    appearances, form XObjects and Type3 glyphs.
    """
    fonts = []
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        subtype = obj.get("/Subtype")
        if subtype in ("/CIDFontType0", "/CIDFontType2"):
            continue  # reported through the Type0 font that uses it
        if subtype == "/Type3":
            # Type3 glyphs are content streams inside the PDF: always embedded.
            fonts.append((str(obj.get("/Name", obj.get("/BaseFont", "/Type3"))).lstrip("/"), True))
            continue
        descriptor_owner = obj
        if subtype == "/Type0":
            descendants = obj.get("/DescendantFonts")
            has_descendant = isinstance(descendants, pikepdf.Array) and len(descendants) > 0
            descriptor_owner = descendants[0] if has_descendant else None
        descriptor = descriptor_owner.get("/FontDescriptor") if descriptor_owner is not None else None
        embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        fonts.append((str(obj.get("/BaseFont", "/unnamed")).lstrip("/"), embedded))
    return fonts


def _count_embedded_files(document: pikepdf.Pdf) -> int:
    count = 0
    tree = _get(document.Root, "/Names", "/EmbeddedFiles")
    if isinstance(tree, pikepdf.Dictionary):
        count += len(pikepdf.NameTree(tree))
    for page in document.pages:
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, pikepdf.Dictionary) and annotation.get("/Subtype") == "/FileAttachment":
                count += 1
    return count


def _pdftotext(data: bytes) -> str:
    """Text in reading order, as poppler's pdftotext gives it (pages separated by form feeds)."""
    executable = shutil.which("pdftotext")
    if executable is None:
        raise MissingDependencyError(
            "pdftotext is needed to check the text of the PDF; install poppler-utils."
        )
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        completed = subprocess.run(
            [executable, "-enc", "UTF-8", handle.name, "-"],
            capture_output=True,
            timeout=120,
            check=False,
        )
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip()
        raise RenderError(f"pdftotext could not read the rendered PDF: {message}")
    return completed.stdout.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- content streams


class _ContentRecorder(PDFTextDevice):
    """A pdfminer device recording glyph sizes, text per marked-content id and image uses.

    pdfminer's own LTChar.size is the height of the glyph's bounding box, which is wrong for
    rotated or skewed text, so the size is computed here from the matrices instead.
    """

    def __init__(self, resources: PDFResourceManager, page_numbers: dict[int, int]) -> None:
        super().__init__(resources)
        self._page_numbers = page_numbers
        self.page = 0
        self.page_id = 0
        self._marks: list[tuple[str, int | None]] = []
        self._mcid_parts: dict[tuple[int, int], list[str]] = {}
        self.runs: list[_TextRun] = []
        self.images: list[_ImageUse] = []

    @property
    def mcid_text(self) -> dict[tuple[int, int], str]:
        return {key: "".join(parts) for key, parts in self._mcid_parts.items()}

    def begin_page(self, page: PDFPage, ctm: tuple[float, ...]) -> None:
        super().begin_page(page, ctm)
        self.page_id = page.pageid
        self.page = self._page_numbers[page.pageid]
        self._marks = []  # marked content never spans pages

    def begin_tag(self, tag: object, props: object = None) -> None:
        props = resolve1(props)
        mcid = resolve1(props.get("MCID")) if isinstance(props, dict) else None
        self._marks.append((literal_name(tag), mcid if isinstance(mcid, int) else None))

    def end_tag(self) -> None:
        if self._marks:  # tolerate an unbalanced EMC
            self._marks.pop()

    def render_string(
        self,
        textstate: PDFTextState,
        seq: PDFTextSeq,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> None:
        font: PDFFont | None = textstate.font
        if font is None:
            return
        text = "".join(_decode(font, piece) for piece in seq if isinstance(piece, bytes))
        if not text:
            return  # an empty showing operator draws nothing
        mcid = next((m for _, m in reversed(self._marks) if m is not None), None)
        if mcid is not None:
            self._mcid_parts.setdefault((self.page_id, mcid), []).append(text)
        if textstate.render in _INVISIBLE_RENDER_MODES or not text.strip():
            return  # invisible text and bare spaces put no ink on the page
        size = _glyph_size(textstate.fontsize, mult_matrix(textstate.matrix, self.ctm))
        # Type3 fonts have no standard em (WeasyPrint's bitmap fonts use FontMatrix
        # [1 0 0 1]), so their Tf size is taken at face value like any other font's.
        if size > 0:  # a zero-size glyph is invisible
            self.runs.append(_TextRun(size, self.page, text))

    def render_image(self, name: str, stream: object) -> None:
        self.images.append(_ImageUse(self.page, self.page_id, list(self._marks)))


def _decode(font: PDFFont, data: bytes) -> str:
    characters = []
    for cid in font.decode(data):
        try:
            characters.append(font.to_unichr(cid))
        except PDFUnicodeNotDefined:
            characters.append("\ufffd")  # still a drawn glyph, just unknown
    return "".join(characters)


def _glyph_size(font_size: float, matrix: tuple[float, ...]) -> float:
    """Rendered glyph size in points: the text-space vertical unit vector, scaled.

    ``matrix`` is Tm x CTM as (a, b, c, d, e, f); the unit vertical (0, 1) maps to (c, d),
    whose length is the vertical scale whatever the rotation.
    """
    _, _, c, d, _, _ = matrix
    return abs(font_size) * math.hypot(c, d)


def _record_content(data: bytes) -> _ContentRecorder:
    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser)
    pages = list(PDFPage.create_pages(document))
    resources = PDFResourceManager(caching=True)
    page_numbers = {page.pageid: number for number, page in enumerate(pages, 1)}
    recorder = _ContentRecorder(resources, page_numbers)
    interpreter = PDFPageInterpreter(resources, recorder)
    for page in pages:
        interpreter.process_page(page)
    return recorder


# --------------------------------------------------------------------------- rules


def _metadata_problems(
    facts: AuditFacts, expected_lang: str | None, expected_title: str | None
) -> list[str]:
    problems = []
    if not facts.tagged:
        problems.append(
            "The PDF is not tagged, so screen readers cannot follow its headings, lists and "
            "pictures; it must be produced again in accessible (PDF/UA) mode."
        )
    if facts.lang is None:
        problems.append(
            "The PDF does not say which language it is written in, so screen readers may read "
            "it with the wrong voice; set the report's language (for example en-GB)."
        )
    elif expected_lang is not None and facts.lang.casefold() != expected_lang.strip().casefold():
        problems.append(
            f'The PDF says its language is "{facts.lang}" but the report is in '
            f'"{expected_lang}"; correct the report\'s language setting.'
        )
    if facts.title is None:
        problems.append(
            "The PDF has no title, so screen readers and PDF viewers show its file name "
            "instead; give the report a title."
        )
    elif expected_title is not None and normalise_text(facts.title) != normalise_text(expected_title):
        problems.append(
            f'The PDF\'s title is "{_short(facts.title)}" but should be '
            f'"{_short(expected_title)}"; correct the report\'s title.'
        )
    if not facts.display_doc_title:
        problems.append(
            "The PDF does not ask viewers to show its title in the window bar (DisplayDocTitle); "
            "it must be produced again in accessible (PDF/UA) mode."
        )
    if facts.pdfua_part != 1:
        found = "nothing" if facts.pdfua_part is None else f"part {facts.pdfua_part}"
        problems.append(
            f"The PDF does not declare that it meets PDF/UA-1 (its metadata says {found}); "
            "it must be produced again in accessible (PDF/UA) mode."
        )
    return problems


def _figure_problems(details: _Details) -> list[str]:
    problems = []
    figure_content: set[tuple[int | None, int]] = set()
    for element in details.elements:
        if element.role != "Figure":
            continue
        figure_content.update(element.content)
        if element.alt is None or not element.alt.strip():
            page = details.page_numbers.get(element.page_id) if element.page_id else None
            where = f"on page {page} " if page else ""
            problems.append(
                f"A picture {where}has no text description (alt text), so screen-reader users "
                "cannot know what it shows; add a short description of the picture."
            )
    # An image drawn neither inside a tagged Figure nor as an Artifact is skipped by screen
    # readers without a trace: report it too, whatever produced the PDF.
    for image in details.images:
        in_artifact = any(tag == "Artifact" for tag, _ in image.marks)
        in_figure = any((image.page_id, mcid) in figure_content for _, mcid in image.marks)
        if not (in_artifact or in_figure):
            problems.append(
                f"A picture on page {image.page} is not tagged as a figure, so screen readers "
                "skip it; give it a text description, or mark it as decoration."
            )
    return problems


def _font_problems(fonts: list[tuple[str, bool]]) -> list[str]:
    missing = sorted({_SUBSET_TAG.sub("", name) for name, embedded in fonts if not embedded})
    return [
        f'The font "{name}" is not embedded in the PDF, so the text may look different or be '
        "unreadable on other computers; use a font that offerprint can embed."
        for name in missing
    ]


def _attachment_problems(count: int) -> list[str]:
    if not count:
        return []
    files = "an attached file" if count == 1 else f"{count} attached files"
    return [
        f"The PDF contains {files}, which many readers and screen readers cannot open; link to "
        "the file on the school website instead of attaching it."
    ]


def _size_problems(runs: list[_TextRun], min_font_size: float) -> list[str]:
    small = [run for run in runs if run.size < min_font_size - FONT_SIZE_TOLERANCE]
    if not small:
        return []
    smallest = min(small, key=lambda run: run.size)
    pages = sorted({run.page for run in small})
    page_list = ", ".join(str(page) for page in pages)
    return [
        f"Some text is smaller than the {min_font_size:g}pt minimum for this "
        f"document: the smallest is {smallest.size:.1f}pt "
        f'("{_short(normalise_text(smallest.text), 40)}" on page {smallest.page}); small text '
        f"appears on page{'s' if len(pages) > 1 else ''} {page_list}. Make all text at least "
        f"{min_font_size:g}pt."
    ]


def _text_problems(text: str, expected_texts: Sequence[str], furniture: Sequence[str]) -> list[str]:
    if not expected_texts:
        return []
    # Compared without whitespace: where a line broke (inside a long web address, say) the
    # extracted text has a space or none at all, and neither changes the words.
    body = _unspaced(normalise_text(" ".join(_without_furniture(text, furniture))))
    problems = []
    for expected in expected_texts:
        wanted = normalise_text(expected)
        if wanted and _unspaced(wanted) not in body:
            problems.append(
                f'The text "{_short(wanted, 60)}" is missing from the PDF (or cannot be '
                "extracted from it); check that the section was written and rendered."
            )
    return problems


#: A running header too long for its margin box wraps onto this many lines at most.
FURNITURE_MAX_LINES = 3


def _without_furniture(text: str, furniture: Sequence[str]) -> list[str]:
    """The extracted lines, less the page furniture.

    A line is furniture when a pattern finds a match in it (raw or normalised). A margin box
    that wrapped (a long running header in large print does) comes out as several lines, so
    runs of up to FURNITURE_MAX_LINES lines are furniture too when a pattern matches their
    joined text as a whole (fullmatch, so an unanchored pattern cannot swallow body lines).
    """
    patterns = [re.compile(pattern) for pattern in furniture]
    lines = re.split(r"[\n\f]", text)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if patterns and line.strip():
            if any(p.search(line.strip()) or p.search(normalise_text(line)) for p in patterns):
                index += 1
                continue
            span = _wrapped_furniture(lines, index, patterns)
            if span:
                index += span
                continue
        kept.append(line)
        index += 1
    return kept


def _wrapped_furniture(lines: list[str], start: int, patterns: list[re.Pattern[str]]) -> int:
    """How many lines from ``start`` (2 or more) form one furniture item; 0 if none do."""
    for count in range(2, FURNITURE_MAX_LINES + 1):
        window = lines[start : start + count]
        if len(window) < count or not all(line.strip() for line in window):
            return 0  # a wrapped margin box has no blank line inside
        joined = normalise_text(" ".join(window))
        if any(p.fullmatch(joined) for p in patterns):
            return count
    return 0


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
