"""What the pages draw, read by PDFium (C++, through pypdfium2): the rendered size of the
text, the text of chosen marked-content ids, and where images are drawn.

PDFium parses the content streams, follows form XObjects (with their /Matrix and resources)
and decodes strings through the fonts' encodings and ToUnicode maps. Python only visits the
page objects it hands back, and asks for their text only where a rule needs it: the text of
the headings, and of the smallest text on each page (to say what is too small, and to skip
text that puts no ink on the page, such as a run of spaces).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pikepdf  # noqa: F401  (registers the pdfdoc codec)
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..errors import RenderError

#: Rendered sizes are products of floats written with 6 decimals; allow for that rounding.
FONT_SIZE_TOLERANCE = 0.05

# Text rendering modes 3 (invisible) and 7 (clip only) put no glyph on the page.
_INVISIBLE_RENDER_MODES = frozenset({3, 7})

_Linear = tuple[float, float, float, float]
_IDENTITY: _Linear = (1.0, 0.0, 0.0, 1.0)


def _by_address(function: object, restype: object, *argtypes: object) -> object:
    """The PDFium function again, taking and giving handles as plain addresses (ints): in the
    loops over every page object and character, ctypes then checks no pointer types and
    makes no pointer objects, which halves the cost of a call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_VOID_P, _INT = ctypes.c_void_p, ctypes.c_int
_page_object = _by_address(raw.FPDFPage_GetObject, _VOID_P, _VOID_P, _INT)
_form_object = _by_address(raw.FPDFFormObj_GetObject, _VOID_P, _VOID_P, ctypes.c_ulong)
_object_type = _by_address(raw.FPDFPageObj_GetType, _INT, _VOID_P)
_object_matrix = _by_address(raw.FPDFPageObj_GetMatrix, _INT, _VOID_P, ctypes.POINTER(raw.FS_MATRIX))
_font_size = _by_address(raw.FPDFTextObj_GetFontSize, _INT, _VOID_P, ctypes.POINTER(ctypes.c_float))
_marked_content_id = _by_address(raw.FPDFPageObj_GetMarkedContentID, _INT, _VOID_P)
_render_mode = _by_address(raw.FPDFTextObj_GetTextRenderMode, _INT, _VOID_P)
_char_object = _by_address(raw.FPDFText_GetTextObject, _VOID_P, _VOID_P, _INT)
_char_unicode = _by_address(raw.FPDFText_GetUnicode, ctypes.c_uint, _VOID_P, _INT)


def _handle(address: int) -> object:
    """A page object's address as the pointer pypdfium2's own functions take."""
    return ctypes.cast(address, raw.FPDF_PAGEOBJECT)


@dataclass
class TextRun:
    """One piece of visible text as drawn: its rendered size in points, page and text."""

    size: float
    page: int  # 1-based
    text: str


@dataclass
class ImageUse:
    """One image drawn on a page, with the marked content enclosing it (outermost first)."""

    page: int  # 1-based
    page_id: int
    marks: list[tuple[str, int | None]]


@dataclass
class Content:
    smallest: TextRun | None = None  # the smallest visible text in the document
    small: list[TextRun] = field(default_factory=list)  # every visible run under the minimum
    mcid_text: dict[tuple[int, int], str] = field(default_factory=dict)  # (page id, MCID) -> text
    images: list[ImageUse] = field(default_factory=list)


def read_content(data: bytes, page_ids: list[int], min_font_size: float,
                 wanted_mcids: Iterable[tuple[int, int]] = ()) -> Content:
    """Read every page. ``page_ids`` are the pages' object numbers, in page order (marked
    content is keyed by them, as the structure tree is); ``wanted_mcids`` the (page id, MCID)
    pairs whose text is needed."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise RenderError(f"The rendered PDF could not be read back for its audit: {error}") from error
    content = Content()
    wanted: dict[int, set[int]] = {}
    for page_id, mcid in wanted_mcids:
        wanted.setdefault(page_id, set()).add(mcid)
    parts: dict[tuple[int, int], list[str]] = {}
    limit = min_font_size - FONT_SIZE_TOLERANCE
    try:
        for index, page_id in enumerate(page_ids):
            page = document[index]
            try:
                _PageReader(page, index + 1, page_id, wanted.get(page_id, set()), parts, content, limit).read()
            finally:
                page.close()
    finally:
        document.close()
    content.mcid_text = {key: "".join(texts) for key, texts in parts.items()}
    return content


class _PageReader:
    def __init__(self, page: pdfium.PdfPage, number: int, page_id: int, wanted: set[int],
                 parts: dict[tuple[int, int], list[str]], content: Content, limit: float) -> None:
        self.page, self.number, self.page_id = page, number, page_id
        self.wanted, self.parts, self.content, self.limit = wanted, parts, content, limit
        self._textpage: pdfium.PdfTextPage | None = None
        self._last_span: int | None = None  # the /ActualText span whose text was last added
        self._asked = 0  # objects whose text the size rule asked for
        self._by_object: dict[int, str] | None = None  # object address -> its text, once read
        self.sized: list[tuple[float, int, int]] = []  # (size, order, text object's address) of sized text

    def read(self) -> None:
        try:
            self._visit(self.page.raw, False, [], _IDENTITY)
            self._measure()
        finally:
            if self._textpage is not None:
                self._textpage.close()

    def _visit(self, container: object, is_form: bool, marks: list[tuple[str, int | None]], outer: _Linear) -> None:
        # Several thousand objects a document, a few ctypes calls each: the calls are looked
        # up once, and only what a rule needs is asked (the render mode is asked in _measure,
        # of the few objects small enough to matter; the MCID only on a page with headings).
        count = raw.FPDFFormObj_CountObjects(container) if is_form else raw.FPDFPage_CountObjects(container)
        get_object = _form_object if is_form else _page_object
        get_type, get_matrix, get_font_size = _object_type, _object_matrix, _font_size
        text_kind, image_kind, form_kind = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
        container_address = ctypes.cast(container, ctypes.c_void_p).value
        matrix = raw.FS_MATRIX()
        size = ctypes.c_float()
        matrix_ref, size_ref = ctypes.byref(matrix), ctypes.byref(size)
        wanted, sized = self.wanted, self.sized
        inherited_mcid = next((m for _, m in reversed(marks) if m is not None), None) if wanted else None
        a0, b0, c0, d0 = outer
        hypot = math.hypot
        for i in range(count):
            obj = get_object(container_address, i)  # an address (int), or None
            kind = get_type(obj)
            if kind == text_kind:
                if wanted:
                    mcid = _marked_content_id(obj)
                    mcid = mcid if mcid >= 0 else inherited_mcid
                    if mcid is not None and mcid in wanted:
                        self._collect(_handle(obj), self.parts.setdefault((self.page_id, mcid), []))
                get_matrix(obj, matrix_ref)
                get_font_size(obj, size_ref)
                c1, d1 = matrix.c, matrix.d
                # The (c, d) row of m x outer (see _multiply), inline. The unit vertical maps
                # to (c, d): its length is the vertical scale of the glyphs whatever the
                # rotation; the size is that times the font size.
                rendered = abs(size.value) * hypot(c1 * a0 + d1 * c0, c1 * b0 + d1 * d0)
                if rendered > 0:  # a zero-size glyph is invisible
                    sized.append((rendered, len(sized), obj))
            elif kind == image_kind:
                self.content.images.append(ImageUse(self.number, self.page_id, marks + _marks(_handle(obj))))
            elif kind == form_kind:
                get_matrix(obj, matrix_ref)
                self._visit(_handle(obj), True, marks + _marks(_handle(obj)),
                            _multiply((matrix.a, matrix.b, matrix.c, matrix.d), outer))

    def _measure(self) -> None:
        """The page's smallest visible text, and every visible run under the minimum: the
        smallest first, so only those few are read as text."""
        content, limit = self.content, self.limit
        render_mode = _render_mode
        for rendered, _, obj in sorted(self.sized):  # by size, then order (unique): never by object
            if rendered >= limit and content.smallest is not None and content.smallest.size <= rendered:
                break  # nothing smaller on this page, and nothing under the minimum
            if self._by_object is not None:
                # The page's text is filed by object (a right-to-left page's thousands of blank
                # anchors): a lookup, and the render mode asked only of text with ink. Both
                # checks only skip, so their order changes nothing once reading has no effect.
                text = self._by_object.get(obj, "")
                if not text.strip() or render_mode(obj) in _INVISIBLE_RENDER_MODES:
                    continue
            else:
                if render_mode(obj) in _INVISIBLE_RENDER_MODES:
                    continue  # no glyph on the page, whatever its size
                text = self._visible_text(obj)
                if not text.strip():
                    continue  # bare spaces put no ink on the page
            run = TextRun(rendered, self.number, text)
            if content.smallest is None or rendered < content.smallest.size:
                content.smallest = run
            if rendered < limit:
                content.small.append(run)
            else:
                break  # the page's smallest visible text meets the minimum: the rest is larger

    def _collect(self, obj: object, parts: list[str]) -> None:
        """Add the object's text to its marked content's. Inside a span with /ActualText (the
        text layer writes them), the span's text replaces its glyphs', once for the whole span
        (objects drawn in one span share its mark)."""
        actual = _actual_text(obj)
        if actual is None:
            self._last_span = None
            parts.append(self._text(obj))
        elif actual[0] != self._last_span:
            self._last_span = actual[0]
            parts.append(actual[1])

    def _visible_text(self, obj: int) -> str:
        """The object's text, for the size rule. PDFium finds an object's text by going through
        the page's characters, so after a few objects (a right-to-left page has thousands
        of invisible anchor glyphs, the smallest of all) the page's characters are read once
        and filed by object instead."""
        if self._by_object is None:
            self._asked += 1
            if self._asked <= 8:
                return self._text(_handle(obj))
            if self._textpage is None:
                self._textpage = self.page.get_textpage()
            by_object: dict[int, list[str]] = {}
            textpage = self._textpage.raw
            textpage_address = ctypes.cast(textpage, ctypes.c_void_p).value
            char_object, char_unicode = _char_object, _char_unicode
            for index in range(raw.FPDFText_CountChars(textpage)):
                owner = char_object(textpage_address, index)
                if owner:
                    by_object.setdefault(owner, []).append(chr(char_unicode(textpage_address, index)))
            self._by_object = {owner: "".join(chars).replace("\x02", "-") for owner, chars in by_object.items()}
        return self._by_object.get(obj, "")

    def _text(self, obj: object) -> str:
        if self._textpage is None:
            self._textpage = self.page.get_textpage()
        length = raw.FPDFTextObj_GetText(obj, self._textpage.raw, None, 0)
        if length <= 2:
            return ""
        buffer = (ctypes.c_ushort * (length // 2))()
        raw.FPDFTextObj_GetText(obj, self._textpage.raw, buffer, length)
        # PDFium writes a hyphen that ends a line as U+0002.
        return bytes(buffer).decode("utf-16-le", "replace").rstrip("\x00").replace("\x02", "-")


def _actual_text(obj: object) -> tuple[int, str] | None:
    """(the mark's identity, its text) of the innermost marked content around ``obj`` that
    has an /ActualText, or None."""
    for i in reversed(range(raw.FPDFPageObj_CountMarks(obj))):
        mark = raw.FPDFPageObj_GetMark(obj, i)
        length = ctypes.c_ulong()
        # The raw bytes, decoded here: PDFium's own decoding garbles characters outside the
        # Basic Multilingual Plane.
        if not raw.FPDFPageObjMark_GetParamBlobValue(mark, b"ActualText", None, 0, ctypes.byref(length)):
            continue
        buffer = (ctypes.c_ubyte * max(length.value, 1))()
        raw.FPDFPageObjMark_GetParamBlobValue(mark, b"ActualText", buffer, length.value, ctypes.byref(length))
        address = ctypes.cast(mark, ctypes.c_void_p).value or 0
        return address, _text_string(bytes(buffer)[: length.value])
    return None


def _text_string(data: bytes) -> str:
    """A PDF text string: UTF-16 with its byte order mark, UTF-8 (PDF 2.0) with its, or
    PDFDocEncoding (pikepdf registers the codec)."""
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    return data.decode("pdfdoc", "replace")


def _marks(obj: object) -> list[tuple[str, int | None]]:
    """An object's marked content, outermost first: (tag, MCID or None)."""
    marks = []
    for i in range(raw.FPDFPageObj_CountMarks(obj)):
        mark = raw.FPDFPageObj_GetMark(obj, i)
        length = ctypes.c_ulong()
        buffer = (ctypes.c_ushort * 64)()
        raw.FPDFPageObjMark_GetName(mark, buffer, ctypes.sizeof(buffer), ctypes.byref(length))
        name = bytes(buffer)[: max(length.value - 2, 0)].decode("utf-16-le", "replace")
        value = ctypes.c_int()
        has_mcid = raw.FPDFPageObjMark_GetParamIntValue(mark, b"MCID", ctypes.byref(value))
        marks.append((name, value.value if has_mcid else None))
    return marks


def _multiply(m1: _Linear, m0: _Linear) -> _Linear:
    """m1 x m0, as the PDF specification writes it (row vectors)."""
    a1, b1, c1, d1 = m1
    a0, b0, c0, d0 = m0
    return (a1 * a0 + b1 * c0, a1 * b0 + b1 * d0, c1 * a0 + d1 * c0, c1 * b0 + d1 * d0)
