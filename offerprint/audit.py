"""Audit a rendered PDF against the accessibility promises offerprint makes.

WeasyPrint's ``pdf/ua-1`` variant tags the PDF but checks nothing (a missing ``lang`` or
``alt`` is only logged), so every render is read back and audited here. :func:`audit_pdf`
gathers :class:`AuditFacts` from the PDF itself and turns every broken rule into a sentence a
school office can act on.

Two readers are used, each for what it does well:

* pikepdf for the document catalog, XMP metadata, structure tree, fonts and attachments, and
  for the page content streams: qpdf tokenises them in C++ and a small interpreter here
  tracks q/Q, cm, BT/Tm, Tf, Tr, marked content, images and form XObjects (with their
  /Matrix and resources), decoding strings through the fonts' ToUnicode maps, giving the
  rendered glyph sizes, the text of each marked-content id and where images are drawn;
* poppler's ``pdftotext`` for the text in reading order, as a reader would get it. It runs
  in the background while the rest of the audit reads the file.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import struct
import subprocess
import tempfile
import unicodedata
from collections import Counter
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

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
# Soft hyphens, zero-width characters and direction marks: pdftotext wraps each right-to-left
# line in embedding marks (U+202A-U+202E), which are not part of the words.
_INVISIBLE = dict.fromkeys(
    [0x00AD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C, 0x2060, 0xFEFF]
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
    problems += _orphan_problems(details.orphans)
    problems += _size_problems(details.runs, min_font_size)
    problems += _text_problems(facts.text, expected_texts, furniture)
    return AuditResult(facts=facts, problems=problems)


def normalise_text(text: str) -> str:
    """Normalise text for matching: NFKC, invisible marks dropped, whitespace collapsed."""
    # NFKC also unfolds ligatures (U+FB01 -> "fi") and no-break spaces.
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return " ".join(text.split())


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _words(text: str) -> list[str]:
    """Runs of letters and marks, and runs of digits (no regex: Arabic vowel marks are not \\w).
    Direction marks separate words, and so does a change between digits and letters: in a
    right-to-left line "و11" comes back as "و" and "11" in two runs."""
    words, current, kind = [], [], None
    for ch in text:
        category = unicodedata.category(ch)[0]
        this = "N" if category == "N" else ("L" if category in "LM" else None)
        if this != kind and current:
            words.append("".join(current))
            current = []
        if this is not None:
            current.append(ch)
        kind = this
    if current:
        words.append("".join(current))
    return words


def _bare(text: str) -> str:
    """Without combining marks (Arabic vowel signs): the text layer may attach a tanween to the
    letter before its own in a few clusters; the letters are what a search needs."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def _raw_body(text: str, furniture: Sequence[str]) -> str:
    """The extracted text for word matching: NFKC, but direction marks kept as separators."""
    return unicodedata.normalize("NFKC", " ".join(_without_furniture(text, furniture)))


def _words_together(wanted: list[str], body: list[str]) -> bool:
    """Every word of ``wanted`` (with repeats) within one stretch of ``body`` no longer than
    ``wanted`` plus a little (for the furniture and line ends between)."""
    if not wanted:
        return True
    need = Counter(wanted)
    rarest = min(need, key=lambda w: body.count(w) if w in body else 0)
    span = len(wanted) + 8
    for i, word in enumerate(body):
        if word != rarest:
            continue
        window = Counter(body[max(0, i - span):i + span])
        if not need - window:
            return True
    return False


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
    orphans: int = 0  # structure elements with content that are not in the document's tree


def _gather(data: bytes) -> tuple[AuditFacts, _Details]:
    try:
        document = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        message = f"The rendered PDF could not be read back for its audit: {error}"
        raise RenderError(message) from error
    with document, _PdfToText(data) as text_job:
        page_numbers = {page.obj.objgen[0]: number for number, page in enumerate(document.pages, 1)}
        root = document.Root
        xmp_title, pdfua_part = _read_xmp(root)
        elements = _structure_elements(root)
        recorder = _record_content(document)
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
            text=text_job.result(),
        )
        orphans = _orphan_elements(root)
    details = _Details(recorder.runs, recorder.images, elements, page_numbers, orphans)
    return facts, details


def _orphan_elements(root: pikepdf.Dictionary) -> int:
    """Structure elements that own marked content (in the ParentTree) but are not in the
    document's tree: a screen reader following the structure never reaches that content.
    WeasyPrint 70 makes these for running headers and footers unless they are artifacts."""
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary) or "/ParentTree" not in tree:
        return 0
    reachable: set[tuple[int, int]] = set()
    stack = [tree.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.objgen not in reachable:
            if node.objgen != (0, 0):
                reachable.add(node.objgen)
            stack.append(node.get("/K"))
    owners: set[tuple[int, int]] = set()
    nodes = [tree.ParentTree]
    while nodes:
        node = nodes.pop()
        for kid in node.get("/Kids", []):
            nodes.append(kid)
        nums = list(node.get("/Nums", []))
        for value in nums[1::2]:
            values = value if isinstance(value, pikepdf.Array) else [value]
            owners.update(v.objgen for v in values if isinstance(v, pikepdf.Dictionary) and v.objgen != (0, 0))
    return len(owners - reachable)


def _orphan_problems(orphans: int) -> list[str]:
    if not orphans:
        return []
    return [f"{orphans} piece(s) of tagged content belong to no part of the document's structure, so "
            "screen readers skip them; running headers and footers must be marked as artifacts."]


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
    roles: dict[str, str] = {}  # structure type as written -> standard type

    def visit(node: pikepdf.Dictionary, page_id: int | None) -> list[tuple[int | None, int]]:
        if node.is_indirect:
            if node.objgen in seen:  # a malformed tree may loop
                return []
            seen.add(node.objgen)
        page_id = _page_id(node.get("/Pg")) or page_id
        written = str(node.get("/S", "/NonStruct"))
        role = roles.get(written)
        if role is None:
            role = roles[written] = _role(written, role_map)
        # Look before getting: pikepdf's get() is several times slower on a missing key.
        alt = node["/Alt"] if "/Alt" in node else None
        element = _StructElem(role, _clean_alt(alt), page_id)
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


def _role(role: str, role_map: object) -> str:
    """The structure type, mapped to a standard one through the RoleMap if needed."""
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


class _PdfToText:
    """Text in reading order, as poppler's pdftotext gives it (pages separated by form feeds).

    pdftotext starts as soon as the job is made and runs while the caller reads the PDF
    itself; :meth:`result` waits for it. Leaving the ``with`` block stops it if still running.
    """

    TIMEOUT = 120  # seconds

    def __init__(self, data: bytes) -> None:
        executable = shutil.which("pdftotext")
        if executable is None:
            raise MissingDependencyError(
                "pdftotext is needed to check the text of the PDF; install poppler-utils."
            )
        self._folder = tempfile.TemporaryDirectory(prefix="offerprint-audit-")
        folder = Path(self._folder.name)
        (folder / "audited.pdf").write_bytes(data)
        self._output = folder / "audited.txt"  # a file, not a pipe: pdftotext never waits on us
        try:
            self._process = subprocess.Popen(
                [executable, "-enc", "UTF-8", str(folder / "audited.pdf"), str(self._output)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except BaseException:
            self._folder.cleanup()
            raise

    def __enter__(self) -> _PdfToText:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()  # reaps it and closes the stderr pipe
        self._folder.cleanup()

    def result(self) -> str:
        try:
            _, stderr = self._process.communicate(timeout=self.TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            raise
        if self._process.returncode != 0:
            message = stderr.decode(errors="replace").strip()
            raise RenderError(f"pdftotext could not read the rendered PDF: {message}")
        return self._output.read_bytes().decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- content streams
#
# The page content streams are tokenised by qpdf (C++, through pikepdf) and only the few
# operators the audit needs reach Python. Glyph sizes depend only on the linear part of
# Tm x CTM, so the text position operators (Td, TD, T*, TL), spacing (Tc, Tw, Tz) and rise
# (Ts) are not tracked: none of them changes the vertical scale of a glyph. ' and " move
# to the next line before showing their string, which likewise changes no size.

#: Whitelisted operators; "BI ID EI" lets inline images through as one instruction.
_CONTENT_OPERATORS = "q Q cm BT Tf Tm Tr Tj TJ ' \" BMC BDC EMC Do BI ID EI"

#: The linear part (a, b, c, d) of a matrix; translations never change a glyph's size.
_Linear = tuple[float, float, float, float]
_IDENTITY: _Linear = (1.0, 0.0, 0.0, 1.0)

#: Forms nested deeper than this are not followed (a malformed file may nest them forever).
_MAX_FORM_DEPTH = 32

_SHOW_TEXT = frozenset({"TJ", "Tj", "'", '"'})

_HEX_STRING = re.compile(rb"<([0-9A-Fa-f]*)>")
_CMAP_SECTION = re.compile(rb"begin(bfchar|bfrange|codespacerange)\b(.*?)end\1", re.S)
_CMAP_TOKEN = re.compile(
    rb"<(?P<hex>[0-9A-Fa-f\s]*)>|(?P<open>\[)|(?P<close>\])|/(?P<name>[^\s/\[\]<>(){}%]+)"
    rb"|\((?P<literal>(?:[^()\\]|\\.)*)\)",
    re.S,
)
_LITERAL_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_LITERAL_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass
class _Drawing:
    """Where the content being interpreted is drawn: shared by a page and the forms it draws."""

    page: int  # 1-based
    page_id: int
    marks: list[tuple[str, int | None]]  # open marked content: (tag, MCID or None)
    active: set[tuple[int, int]]  # the forms being drawn, to stop one drawing itself


#: The graphics state the audit needs: CTM (linear part), font, font size, rendering mode.
_GraphicsState = tuple[_Linear, "_Font | None", float, int]


class _ContentRecorder:
    """Interprets page content streams: glyph sizes, text per marked-content id, image uses."""

    def __init__(self) -> None:
        self._mcid_parts: dict[tuple[int, int], list[str]] = {}
        self._fonts: dict[tuple[int, int], _Font] = {}
        self.runs: list[_TextRun] = []
        self.images: list[_ImageUse] = []

    @property
    def mcid_text(self) -> dict[tuple[int, int], str]:
        return {key: "".join(parts) for key, parts in self._mcid_parts.items()}

    def record_page(self, page: pikepdf.Page, number: int) -> None:
        # Marked content never spans pages, but it does run on into the forms a page draws.
        drawing = _Drawing(number, page.obj.objgen[0], [], set())
        self._run(page, _inherited(page.obj, "/Resources"), (_IDENTITY, None, 0.0, 0), drawing)

    def _font(self, spec: object) -> _Font:
        """The font a Tf names, decoded once per font object for the whole document."""
        if not isinstance(spec, pikepdf.Dictionary):
            return _Font.missing()  # an undefined font still shows glyphs, unmapped
        if not spec.is_indirect:
            return _Font.from_dictionary(spec)
        font = self._fonts.get(spec.objgen)
        if font is None:
            font = self._fonts[spec.objgen] = _Font.from_dictionary(spec)
        return font

    def _run(
        self,
        source: pikepdf.Page | pikepdf.Stream,
        resources: object,
        state: _GraphicsState,
        drawing: _Drawing,
    ) -> None:
        """Interpret one content stream: a page's, or a form's drawn from a page.

        q/Q save and restore the CTM and the text state (font, size, rendering mode). A form
        starts from the CTM at its Do but with a fresh text state, as pdfminer.six (which
        this replaces) did: it must set its own font before it shows text.
        """
        if not isinstance(resources, pikepdf.Dictionary):
            resources = pikepdf.Dictionary()
        font_specs = resources.get("/Font")
        if not isinstance(font_specs, pikepdf.Dictionary):
            font_specs = pikepdf.Dictionary()
        fonts: dict[str, _Font] = {}  # resource name -> font, for this stream
        ctm, font, font_size, render = state
        tm = _IDENTITY
        scale = None  # vertical scale of Tm x CTM, worked out when text is next shown
        saved: list[_GraphicsState] = []
        marks = drawing.marks
        runs = self.runs
        try:
            instructions = pikepdf.parse_content_stream(source, _CONTENT_OPERATORS)
        except pikepdf.PdfError as error:
            message = f"The rendered PDF could not be read back for its audit: {error}"
            raise RenderError(message) from error
        for instruction in instructions:
            operator = str(instruction.operator)
            if operator in _SHOW_TEXT:
                operands = instruction.operands
                if font is None or not operands:
                    continue
                shown = operands[-1]
                if operator == "TJ":
                    text = font.show_array(shown) if isinstance(shown, pikepdf.Array) else ""
                else:
                    text = font.decode(bytes(shown)) if isinstance(shown, pikepdf.String) else ""
                if not text:
                    continue  # an empty showing operator draws nothing
                mcid = next((m for _, m in reversed(marks) if m is not None), None)
                if mcid is not None:
                    self._mcid_parts.setdefault((drawing.page_id, mcid), []).append(text)
                if render in _INVISIBLE_RENDER_MODES or not text.strip():
                    continue  # invisible text and bare spaces put no ink on the page
                # Type3 fonts have no standard em (WeasyPrint's bitmap fonts use FontMatrix
                # [1 0 0 1]), so their Tf size is taken at face value like any other font's.
                if scale is None:
                    scale = _vertical_scale(tm, ctm)
                size = abs(font_size) * scale
                if size > 0:  # a zero-size glyph is invisible
                    runs.append(_TextRun(size, drawing.page, text))
            elif operator == "BDC":
                operands = instruction.operands
                if len(operands) >= 2:
                    properties = operands[-1]
                    if isinstance(properties, pikepdf.Name):  # a named property list
                        properties = _get(resources, "/Properties", str(properties))
                    mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                    valid = isinstance(mcid, int) and not isinstance(mcid, bool)
                    marks.append((_tag_name(operands[-2]), mcid if valid else None))
            elif operator == "EMC":
                if marks:  # tolerate an unbalanced EMC
                    marks.pop()
            elif operator == "Tf":
                operands = instruction.operands
                if len(operands) >= 2:
                    name = str(operands[-2])
                    font = fonts.get(name)
                    if font is None:
                        font = fonts[name] = self._font(font_specs.get(name))
                    size_value = _number(operands[-1])
                    if size_value is not None:
                        font_size = size_value
            elif operator == "Tm":
                matrix = _linear(instruction.operands)
                if matrix is not None:
                    tm, scale = matrix, None
            elif operator == "BT":
                tm, scale = _IDENTITY, None
            elif operator == "q":
                saved.append((ctm, font, font_size, render))
            elif operator == "Q":
                if saved:
                    ctm, font, font_size, render = saved.pop()
                    scale = None
            elif operator == "cm":
                matrix = _linear(instruction.operands)
                if matrix is not None:
                    ctm, scale = _multiply(matrix, ctm), None
            elif operator == "BMC":
                operands = instruction.operands
                if operands:
                    marks.append((_tag_name(operands[-1]), None))
            elif operator == "Tr":
                operands = instruction.operands
                if operands and (mode := _number(operands[-1])) is not None:
                    render = int(mode)
            elif operator == "Do":
                operands = instruction.operands
                if operands:
                    xobject = _get(resources, "/XObject", str(operands[-1]))
                    self._draw_xobject(xobject, resources, ctm, drawing)
            elif isinstance(instruction, pikepdf.ContentStreamInlineImage):
                image = instruction.iimage.obj  # abbreviated keys come back in full
                if "/Width" in image and "/Height" in image:
                    self.images.append(_ImageUse(drawing.page, drawing.page_id, list(marks)))

    def _draw_xobject(
        self, xobject: object, resources: pikepdf.Dictionary, ctm: _Linear, drawing: _Drawing
    ) -> None:
        if not isinstance(xobject, pikepdf.Stream):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            if "/Width" in xobject and "/Height" in xobject:
                self.images.append(_ImageUse(drawing.page, drawing.page_id, list(drawing.marks)))
        elif subtype == "/Form" and "/BBox" in xobject:
            key = xobject.objgen
            if key in drawing.active or len(drawing.active) >= _MAX_FORM_DEPTH:
                return  # a form drawing itself, directly or not, would never end
            matrix_array = xobject.get("/Matrix")
            if isinstance(matrix_array, pikepdf.Array) and len(matrix_array) == 6:
                ctm = _multiply(_linear(list(matrix_array)) or _IDENTITY, ctm)
            # Forms in files older than PDF 1.2 use the resources of the page drawing them.
            own = xobject.get("/Resources")
            form_resources = own if isinstance(own, pikepdf.Dictionary) and len(own) else resources
            drawing.active.add(key)
            try:
                self._run(xobject, form_resources, (ctm, None, 0.0, 0), drawing)
            finally:
                drawing.active.discard(key)


def _inherited(node: pikepdf.Dictionary, key: str) -> object:
    """A page attribute, inherited from the page tree when the page does not set it."""
    for _ in range(64):  # bounded: a malformed page tree may loop
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        if not isinstance(parent, pikepdf.Dictionary):
            return None
        node = parent
    return None


def _tag_name(tag: object) -> str:
    return str(tag).lstrip("/") if isinstance(tag, pikepdf.Name) else ""


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # a name, string, array... is no number
        return None


def _linear(operands: Sequence[object]) -> _Linear | None:
    """The linear part of a matrix given as its last six operands, None if they are not."""
    if len(operands) < 6:
        return None
    try:
        a, b, c, d, _, _ = map(float, operands[-6:])  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return (a, b, c, d)


def _multiply(m1: _Linear, m0: _Linear) -> _Linear:
    """m1 x m0, as pdfminer and the PDF specification write it (row vectors)."""
    a1, b1, c1, d1 = m1
    a0, b0, c0, d0 = m0
    return (a1 * a0 + b1 * c0, a1 * b0 + b1 * d0, c1 * a0 + d1 * c0, c1 * b0 + d1 * d0)


def _vertical_scale(tm: _Linear, ctm: _Linear) -> float:
    """How much Tm x CTM scales text-space heights; a glyph's size is this x the font size.

    The unit vertical (0, 1) maps to the (c, d) row of Tm x CTM, whose length is the
    vertical scale whatever the rotation.
    """
    _, _, c, d = _multiply(tm, ctm)
    return math.hypot(c, d)


class _Font:
    """Decodes a font's strings to Unicode: its character codes, then its ToUnicode map.

    Simple fonts (Type1, TrueType, Type3) use one byte per code and fall back on their
    /Encoding for codes their ToUnicode map (if any) leaves out. Composite (Type0) fonts use
    the code lengths of their CMap: two bytes for Identity-H/V, which is what WeasyPrint
    writes. A code with no Unicode value is still a drawn glyph and decodes to U+FFFD.
    """

    def __init__(
        self,
        unicode: dict[int, str],
        *,
        width: int = 1,
        codespace: list[tuple[bytes, bytes]] | None = None,
        identity: bool = False,
        encoding: pikepdf.Dictionary | None = None,
        simple: bool = True,
    ) -> None:
        self._unicode = unicode
        self._width = width
        self._codespace = codespace  # (low, high) byte strings, when not a fixed width
        self._identity = identity  # ToUnicode /Identity-H: the code is the code point
        self._encoding_font = encoding  # the simple font whose /Encoding is the fallback
        self._fallback: dict[int, str] | None = None if simple else {}
        self._cache: dict[bytes, str] = {}
        self._hex_cache: dict[bytes, str] = {}

    @classmethod
    def missing(cls) -> _Font:
        return cls({}, encoding=pikepdf.Dictionary())

    @classmethod
    def from_dictionary(cls, font: pikepdf.Dictionary) -> _Font:
        if font.get("/Subtype") != "/Type0":
            to_unicode = font.get("/ToUnicode")
            unicode = _parse_to_unicode(to_unicode) if isinstance(to_unicode, pikepdf.Stream) else {}
            return cls(unicode, encoding=font)
        descendants = font.get("/DescendantFonts")
        descendant = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
        if not isinstance(descendant, pikepdf.Dictionary):
            descendant = pikepdf.Dictionary()
        to_unicode = font.get("/ToUnicode", descendant.get("/ToUnicode"))
        encoding = font.get("/Encoding")
        width, codespace = 2, None
        if isinstance(encoding, pikepdf.Name):
            if str(encoding).startswith("/OneByteIdentity"):
                width = 1
        elif isinstance(encoding, pikepdf.Stream):
            # An embedded CMap (WeasyPrint writes one, /WP-Encod-0, when a glyph is missing
            # from every font): its code space ranges say how many bytes each code takes.
            ranges = _parse_codespace(encoding.read_bytes())
            if ranges and ranges != [(b"\x00\x00", b"\xff\xff")]:
                width, codespace = 0, sorted(ranges, key=lambda r: len(r[0]))
        if isinstance(to_unicode, pikepdf.Stream):
            return cls(_parse_to_unicode(to_unicode), width=width, codespace=codespace, simple=False)
        ordering = str(_get(descendant, "/CIDSystemInfo", "/Ordering") or "")
        identity = isinstance(to_unicode, pikepdf.Name) and (
            "Identity" in ordering or "Identity" in str(to_unicode) or "Identity" in str(encoding)
        )
        return cls({}, width=width, codespace=codespace, identity=identity, simple=False)

    def show_array(self, array: pikepdf.Array) -> str:
        """The text a TJ array shows (its strings; the numbers only move the pen)."""
        # Unparsing in C++ and reading the hex strings back is several times faster than
        # converting every element to Python; anything unusual takes the plain route.
        raw = array.unparse()
        if b"(" in raw or b"<<" in raw or raw.count(b"[") != 1:
            return "".join(self.decode(bytes(item)) for item in array if isinstance(item, pikepdf.String))
        cache = self._hex_cache
        tokens = _HEX_STRING.findall(raw)
        try:
            return "".join(map(cache.__getitem__, tokens))
        except KeyError:  # a glyph seen for the first time in this font
            for token in tokens:
                if token not in cache:
                    cache[token] = self.decode(bytes.fromhex(token.decode("ascii")))
            return "".join(map(cache.__getitem__, tokens))

    def decode(self, data: bytes) -> str:
        text = self._cache.get(data)
        if text is None:
            text = self._cache[data] = "".join(self._character(code) for code in self._codes(data))
        return text

    def _codes(self, data: bytes) -> Iterator[int] | Sequence[int]:
        if self._width == 1:
            return data
        if self._width == 2:
            count = len(data) // 2  # a dangling odd byte is no code
            return struct.unpack(f">{count}H", data[: count * 2])
        return self._codespace_codes(data)

    def _codespace_codes(self, data: bytes) -> Iterator[int]:
        assert self._codespace is not None
        position = 0
        while position < len(data):
            for low, high in self._codespace:
                end = position + len(low)
                piece = data[position:end]
                if len(piece) == len(low) and all(lo <= byte <= hi for lo, byte, hi in zip(low, piece, high)):
                    yield int.from_bytes(piece, "big")
                    position = end
                    break
            else:
                position += 1  # not a code of this font: skip a byte

    def _character(self, code: int) -> str:
        text = self._unicode.get(code)
        if text is not None:
            return text
        if self._identity:
            return chr(code) if code < 0x110000 else "\ufffd"
        if self._fallback is None:
            self._fallback = _simple_encoding(self._encoding_font)
        return self._fallback.get(code, "\ufffd")


def _parse_to_unicode(stream: pikepdf.Stream) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code -> text (later entries win)."""
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        return {}
    mapping: dict[int, str] = {}
    for kind, body in _CMAP_SECTION.findall(data):
        if kind == b"codespacerange":
            continue
        items = _cmap_items(body)
        if kind == b"bfchar":
            for source, target in zip(items[0::2], items[1::2]):
                if isinstance(source, bytes) and (text := _cmap_text(target)) is not None:
                    mapping[int.from_bytes(source, "big")] = text
            continue
        for low, high, target in zip(items[0::3], items[1::3], items[2::3]):
            if not (isinstance(low, bytes) and isinstance(high, bytes)) or len(low) != len(high):
                continue
            start, end = int.from_bytes(low, "big"), int.from_bytes(high, "big")
            end = min(end, start + 0xFFFF)  # bounded: no font has more codes than this
            if isinstance(target, list):
                for code, item in zip(range(start, end + 1), target):
                    if (text := _cmap_text(item)) is not None:
                        mapping[code] = text
            elif isinstance(target, bytes):
                # The destination counts up from its last (at most four) bytes.
                tail = target[-4:]
                base, prefix = int.from_bytes(tail, "big"), target[:-4]
                for offset in range(end - start + 1):
                    value = (base + offset) % (1 << (8 * len(tail))) if tail else 0
                    piece = prefix + value.to_bytes(len(tail), "big")
                    mapping[start + offset] = piece.decode("utf-16-be", "ignore")
    return mapping


def _parse_codespace(data: bytes) -> list[tuple[bytes, bytes]]:
    ranges = []
    for kind, body in _CMAP_SECTION.findall(data):
        if kind == b"codespacerange":
            items = _cmap_items(body)
            for low, high in zip(items[0::2], items[1::2]):
                if isinstance(low, bytes) and isinstance(high, bytes) and len(low) == len(high) and low:
                    ranges.append((low, high))
    return ranges


def _cmap_items(body: bytes) -> list[object]:
    """The operands in a CMap section: byte strings, glyph names (str) and arrays (lists)."""
    items: list[object] = []
    current = items
    for match in _CMAP_TOKEN.finditer(body):
        kind = match.lastgroup
        if kind == "open":
            current = []
            items.append(current)
        elif kind == "close":
            current = items
        elif kind == "name":
            current.append(match["name"].decode("latin-1"))
        elif kind == "literal":
            current.append(_unescape_literal(match["literal"]))
        else:
            digits = b"".join(match["hex"].split())
            if len(digits) % 2:
                digits += b"0"  # an odd final digit is followed by an implied 0
            current.append(bytes.fromhex(digits.decode("ascii")))
    return items


def _unescape_literal(literal: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        if escaped in (b"\n", b"\r", b"\r\n"):
            return b""  # a line continuation
        return _LITERAL_ESCAPES.get(escaped, escaped)

    return _LITERAL_ESCAPE.sub(replace, literal)


def _cmap_text(target: object) -> str | None:
    if isinstance(target, bytes):
        return target.decode("utf-16-be", "ignore")
    if isinstance(target, str):  # a glyph name
        return _glyph_name_text(target) or None
    return None


def _glyph_name_text(name: str) -> str:
    """Unicode for a glyph name (Adobe Glyph List, uniXXXX, uXXXX[XX]); "" when unknown."""
    from fontTools import agl  # imported only for the rare font without a ToUnicode map

    return agl.toUnicode(name)


def _simple_encoding(font: pikepdf.Dictionary | None) -> dict[int, str]:
    """Code -> text from a simple font's /Encoding: a base encoding plus /Differences."""
    encoding = font.get("/Encoding") if isinstance(font, pikepdf.Dictionary) else None
    base, differences = "/StandardEncoding", None
    if isinstance(encoding, pikepdf.Name):
        base = str(encoding)
    elif isinstance(encoding, pikepdf.Dictionary):
        base = str(encoding.get("/BaseEncoding", "/StandardEncoding"))
        differences = encoding.get("/Differences")
    if base == "/WinAnsiEncoding":
        table = {code: bytes([code]).decode("cp1252", "ignore") for code in range(32, 256)}
    elif base == "/MacRomanEncoding":
        table = {code: bytes([code]).decode("mac_roman") for code in range(32, 256)}
    else:
        from fontTools.encodings.StandardEncoding import StandardEncoding

        table = {code: _glyph_name_text(name) for code, name in enumerate(StandardEncoding)}
    table = {code: text for code, text in table.items() if text}
    if isinstance(differences, pikepdf.Array):
        code = 0
        for item in differences:
            if isinstance(item, int):
                code = item
            elif isinstance(item, pikepdf.Name):
                text = _glyph_name_text(str(item)[1:])
                if text:
                    table[code] = text
                else:
                    table.pop(code, None)
                code += 1
    return table


def _record_content(document: pikepdf.Pdf) -> _ContentRecorder:
    recorder = _ContentRecorder()
    for number, page in enumerate(document.pages, 1):
        recorder.record_page(page, number)
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
    spaced = normalise_text(" ".join(_without_furniture(text, furniture)))
    body = _unspaced(spaced)
    body_words: list[str] | None = None
    problems = []
    for expected in expected_texts:
        wanted = normalise_text(expected)
        if not wanted or _unspaced(wanted) in body:
            continue
        if _RTL.search(wanted):
            # In a right-to-left paragraph pdftotext orders the left-to-right runs (numbers,
            # English words) and neutral punctuation by its own rules ("(SEN)" comes back as
            # "( )SEN", "6 (Year 6)" as "Year 6 6"), while the PDF's own text is in logical
            # order. So for these, every word must come back, together, in any order.
            body_words = body_words if body_words is not None else _words(_bare(_raw_body(text, furniture)))
            if _words_together(_words(_bare(wanted)), body_words):
                continue
        if True:
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
