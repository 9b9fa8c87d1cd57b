"""A true text layer for WeasyPrint 70: /ActualText on shaped lines, /Lang on tagged elements.

WeasyPrint 70 shapes Urdu, Arabic, Persian, Bengali and Gurmukhi correctly on the page, but
the text a reader gets back is built from the fonts' ToUnicode maps, which keep ONE string
per glyph (the first one seen) and are read in the order glyphs are drawn. That fails for
complex scripts in three ways: a glyph shared by several spellings (a Nastaliq form, a
Bengali pre-base vowel sign) maps to whichever spelling came first; right-to-left glyphs are
drawn in visual order; and glyphs that reorder inside a cluster carry the cluster's text on
one glyph and nothing on the others. Screen readers, copy and paste and search then get
wrong words (pdftotext gives back about a quarter of an Urdu text).

The PDF answer is /ActualText (ISO 32000-1, 14.9.4): a marked-content span whose property
list carries the logical text of what it draws; readers use it instead of the glyphs'
ToUnicode. WeasyPrint 70 also writes no /Lang on structure elements (ISO 32000-1, 14.9.2),
so a Urdu block inside an English page is read with the English voice.

:func:`install` hooks two WeasyPrint functions, each by wrapping the original so all of
WeasyPrint's own work still happens:

* ``weasyprint.draw.text.draw_first_line`` draws one line of one text box (the layout's
  first line; line breaking has already cut the box's text to that line) inside the text
  object WeasyPrint opened. After the original ran, the wrapper reads the line's logical
  text from the Pango layout (``first_line.start_index`` / ``length``, a byte range of the
  UTF-8 layout text, which is in logical order whatever the direction) and, when the glyphs
  would not read back as that text, wraps exactly what the original appended to the content
  stream in ``/Span <</ActualText (...)>> BDC ... EMC``. The span nests inside the
  ``/Span <</MCID n>> BDC`` that tags the text box, and inside BT/ET, as ISO 32000 allows.

* ``weasyprint.pdf.tags._build_box_tree`` builds the structure elements of one box (it
  calls itself, through the module global, for the children). The wrapper sets ``/Lang``
  on the element built for a box when the box's language (WeasyPrint's inherited ``lang``
  style, taken from the HTML ``lang`` attribute) differs from the language its structure
  parent already has (the document's /Lang at the top), so a ``lang="ur"`` section gets
  /Lang (ur), its paragraphs inherit it, and an English paragraph inside gets /Lang (en-GB).

Which lines get /ActualText: those whose text a reader would get wrong without it, decided
per line after drawing, from the same data WeasyPrint's ToUnicode map is written from:

* every line with a right-to-left run (glyphs are drawn in visual order; readers' bidi
  guesses over positioned glyphs are not reliable, above all for Nastaliq's cascades);
* every line with a missing glyph (.notdef: the span gives back the real character);
* every line where reading each drawn glyph through the font's final ToUnicode entry, in
  drawing order, does not give back the line's text exactly (a shared glyph, a reordered
  cluster, a zero-width glyph that swallowed a character, such as a ZWNJ).

Plain Latin, Cyrillic or Greek lines, and most Chinese lines, read back exactly and are left
as WeasyPrint writes them. That keeps the English majority of documents unchanged and their
files no bigger, and keeps the per-glyph text that viewers ignoring /ActualText (some
browser viewers) and character-level selection rely on. Putting a span on every line would
be simpler and also correct, but changes every PDF for no reader's benefit.

Limits: the check trusts the ToUnicode map WeasyPrint builds from the glyphs it subsets;
with ``full_fonts=True`` or fonts used in forms WeasyPrint writes the font's cmap instead,
and a Latin ligature could then read wrongly (offerprint uses neither). Text drawn as
emoji images is outside the check (the span still covers the emoji glyphs). /Lang is set
on structure elements only; a language change inside one text box (no element around it)
cannot be tagged.
"""

from __future__ import annotations

import functools
import threading

import pydyf
import weasyprint
from weasyprint.draw import text as _draw_text
from weasyprint.formatting_structure import boxes as _boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as _tags
from weasyprint.text.ffi import ffi, pango

__all__ = ["install", "installed"]

SUPPORTED_WEASYPRINT = "70."

#: Set on the wrapper functions, so a second install() (or a reload) never wraps twice.
_MARK = "_offerprint_text_layer"


def install() -> None:
    """Hook WeasyPrint's line drawing and tagging; safe to call any number of times.

    Raises RuntimeError if WeasyPrint is not the 70.x these hooks were written against:
    the wrapped functions are internal and their signatures change between majors.
    """
    version = getattr(weasyprint, "__version__", "?")
    if not version.startswith(SUPPORTED_WEASYPRINT):
        raise RuntimeError(
            f"offerprint.render.text_layer supports WeasyPrint {SUPPORTED_WEASYPRINT}x only, "
            f"found {version}: check weasyprint/draw/text.py draw_first_line and "
            "weasyprint/pdf/tags.py _build_box_tree, then update the hooks and this check"
        )
    if not getattr(_draw_text.draw_first_line, _MARK, False):
        _draw_text.draw_first_line = _wrap_draw_first_line(_draw_text.draw_first_line)
    if not getattr(_tags._build_box_tree, _MARK, False):
        _tags._build_box_tree = _wrap_build_box_tree(_tags._build_box_tree)


def installed() -> bool:
    """Whether both hooks are in place."""
    return bool(getattr(_draw_text.draw_first_line, _MARK, False)
                and getattr(_tags._build_box_tree, _MARK, False))


# --------------------------------------------------------------------------- ActualText


def _wrap_draw_first_line(original):
    @functools.wraps(original)
    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        operators = stream.stream  # pydyf keeps the content stream as a list of operators
        start = len(operators)
        emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if len(operators) == start:
            return emojis  # nothing drawn (blank line): nothing to describe
        # The layout may have been changed by the original (ellipsis), so read the line now.
        first_line, _ = textbox.pango_layout.get_first_line()
        utf8 = textbox.pango_layout.text.encode()
        line_text = utf8[first_line.start_index:first_line.start_index + first_line.length]
        line_text = line_text.decode(errors="replace")
        if line_text and _needs_actual_text(stream, first_line, line_text):
            properties = pydyf.Dictionary({"ActualText": pydyf.String(line_text)})
            operators[start:start] = ["/Span", properties, b"BDC"]
            operators.append(b"EMC")
        return emojis

    setattr(draw_first_line, _MARK, True)
    return draw_first_line


def _needs_actual_text(stream, first_line, line_text: str) -> bool:
    """Whether the drawn glyphs, read through their ToUnicode entries, miss ``line_text``.

    WeasyPrint writes each font's ToUnicode from ``font.to_unicode`` (glyph id -> the text of
    the glyph's first occurrence); after the line was drawn every glyph on it has its final
    entry, so this reads the line exactly as a ToUnicode-based reader would, in drawing order.
    """
    read = []
    run = first_line.runs
    while run != ffi.NULL:
        glyph_item = run.data  # GSListRuns: data is a PangoGlyphItem *
        run = run.next
        if glyph_item.item.analysis.level % 2:
            return True  # right-to-left: drawn in visual order
        font, _ = stream.add_font(glyph_item.item.analysis.font)  # cached: no new font
        if font.bitmap or font.used_in_forms:
            return True  # not the glyph-by-glyph ToUnicode map checked below
        glyphs = glyph_item.glyphs
        for info in glyphs.glyphs[0:glyphs.num_glyphs]:
            glyph_id = info.glyph
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                continue  # draws nothing and reads as nothing
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                return True  # .notdef: the real character is only in the span
            read.append(font.to_unicode.get(glyph_id, ""))
    return "".join(read) != line_text


# --------------------------------------------------------------------------- /Lang


#: Per thread, the languages of the enclosing structure elements being built (a stack: the
#: tree is built depth first, each box's children while its own generator runs).
_building = threading.local()


def _wrap_build_box_tree(original):
    @functools.wraps(original)
    def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        real = box._box if isinstance(box, AbsolutePlaceholder) else box
        element_tag = None if real.element is None else real.element_tag
        # The original yields the children's elements for these (see tags._build_box_tree).
        passes_through = (
            (element_tag in ("html", "body") or isinstance(real, _boxes.PageBox))
            and isinstance(real, _boxes.ParentBox) and not isinstance(real, _boxes.LineBox)
        )
        if passes_through or isinstance(real, _boxes.MarginBox):
            yield from original(box, parent, pdf, page_number, nums, annotations, tags)
            return
        stack = _building.__dict__.setdefault("langs", [])
        parent_lang = stack[-1] if stack else _document_lang(pdf)
        lang = real.style["lang"] if real.style is not None else None
        stack.append(lang if lang else parent_lang)
        try:
            for element in original(box, parent, pdf, page_number, nums, annotations, tags):
                if lang and "Lang" not in element and not _same_lang(lang, parent_lang):
                    element["Lang"] = pydyf.String(lang)
                yield element
        finally:
            stack.pop()

    setattr(_build_box_tree, _MARK, True)
    return _build_box_tree


def _document_lang(pdf) -> str | None:
    lang = pdf.catalog.get("Lang")
    return lang.string if isinstance(lang, pydyf.String) and lang.string else None


def _same_lang(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()
