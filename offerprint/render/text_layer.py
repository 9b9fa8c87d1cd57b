"""A true text layer for WeasyPrint 70: /ActualText on shaped text, /Lang on tagged elements.

WeasyPrint 70 shapes Urdu, Arabic, Persian, Bengali and Gurmukhi correctly on the page, but
the text a reader gets back is built from the fonts' ToUnicode maps, which keep ONE string
per glyph (the first one seen), read in the order and at the places glyphs are drawn. That
fails for complex scripts: a glyph shared by several letters (a dotless Nastaliq form, a
Bengali pre-base vowel sign) reads as whichever came first; a cluster's text sits on one of
its glyphs and its other glyphs take room without text (read as a word break); raised,
lowered and offset glyphs (Nastaliq's cascade, dots, marks, subjoined consonants) are
filed under other words or lines. pdftotext gives back 68% of our Urdu test text, 79% of
the Bengali (the issue measured 27% and 92% on other texts).

The PDF answer is /ActualText (ISO 32000-1, 14.9.4): a marked-content span whose property
list carries the logical text of what it draws; readers use it instead of the glyphs'
ToUnicode. WeasyPrint 70 also writes no /Lang on structure elements (ISO 32000-1, 14.9.2),
so a Urdu block inside an English page is read with the English voice.

:func:`install` hooks two WeasyPrint functions, each by wrapping the original so all of
WeasyPrint's own work still happens, unchanged:

* ``weasyprint.draw.text.draw_first_line`` draws one line of one text box (line breaking
  has already cut the box to that line) inside the text object WeasyPrint opened (also
  used for SVG text). After the original ran, the wrapper walks the same Pango runs it drew
  (glyphs, clusters, offsets) and the line's logical text (a byte range of the layout's
  UTF-8 text, logical order whatever the direction), decides which glyphs need a span
  (:func:`_spans`), and rewrites only the operators the original appended: TJ arrays are
  cut at span edges and ``/Span <</ActualText (...)>> BDC ... EMC`` put around them
  (:func:`_wrap_glyphs`). Spans nest inside the ``/Span <</MCID n>> BDC`` that tags the
  text box, and inside BT/ET, as ISO 32000 allows. The page renders to the same pixels.
  This half of the work (the functions named here) is in :mod:`offerprint.render.actual_text`.

* ``weasyprint.pdf.tags._build_box_tree`` builds the structure elements of one box (it
  calls itself, through the module global, for the children). The wrapper sets ``/Lang``
  on the element built for a box when the box's language (WeasyPrint's inherited ``lang``
  style, from the HTML ``lang`` attribute) differs from the language its structure parent
  has (the document's /Lang at the top): a ``lang="ur"`` section gets /Lang (ur), its
  paragraphs inherit it, and an English paragraph inside it gets /Lang (en-GB).

Which glyphs get /ActualText: only those a reader would get wrong without it. A cluster
"reads back" when its glyphs' final ToUnicode entries, in drawing order, give exactly its
text, every glyph carries some of it, and none is drawn off the pen or the baseline. Right
to left, each cluster that does not read back gets its own span (one character each in
these fonts: readers lay a span's text out left to right, so a longer string would come
out reversed); so does punctuation set right to left (brackets, commas, full stops), whose
span adds right-to-left marks so that pdftotext does not read it into a neighbouring
English word or number (see :func:`_neutral`). Left to right, a whole word gets one span
when any cluster in it does not read back. Plain Latin, Cyrillic and Greek (and Chinese) lines read back and are left
exactly as WeasyPrint writes them: English documents do not change at all, files grow only
where needed (Urdu test page +6%), and viewers that ignore /ActualText keep the per-glyph
text and selection they had. A span on every run would be simpler, and as correct for
readers that honour /ActualText, but would change every PDF for no reader's benefit, and a
run-long span of right-to-left text comes out reversed in pdftotext (poppler lays a span's
text out left to right, then turns right-to-left lines round).

Where a span's first or last glyph is off the pen or the baseline, an invisible anchor
glyph (size 0.001, its advance taken back) marks the pen on the baseline, because readers
place a span's text from its first glyph's origin to its last glyph's end; see
:func:`_wrap_glyphs`.

Limits: the check trusts the ToUnicode map WeasyPrint builds from the glyphs it subsets;
with ``full_fonts=True`` or fonts used in forms WeasyPrint writes the font's cmap instead
(offerprint uses neither; those lines always get spans). A right-to-left cluster of several
characters (a lam-alef ligature in a font that has one) comes out reversed in pdftotext, as
it did before. pdftotext's own bidi moves the space before "." and "،" in right-to-left
lines ("word .word"); no text layer avoids that. /Lang is set on structure elements only: a
language change inside one text box, with no element around it, cannot be tagged. Bitmap
(emoji) fonts get spans without anchors.
"""

from __future__ import annotations

import functools
import threading

import pydyf
from . import engine  # first: it imports WeasyPrint (see there); its hook() installs ours
from weasyprint import pdf as _pdf
from weasyprint.draw import text as _draw_text
from weasyprint.formatting_structure import boxes as _boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as _tags

from .actual_text import add_actual_text, fill_to_unicode

__all__ = ["install", "installed"]


#: Set on the wrapper functions, so a second install() (or a reload) never wraps twice.
_MARK = "_offerprint_text_layer"


def install() -> None:
    """Hook WeasyPrint's line drawing and tagging; safe to call any number of times.

    Raises RuntimeError if WeasyPrint is not the 70.x these hooks were written against:
    the wrapped functions are internal and their signatures change between majors.
    """
    engine.require_weasyprint("text_layer", "weasyprint/draw/text.py draw_first_line, weasyprint/pdf/tags.py "
                                            "_build_box_tree and pdf.build_fonts_dictionary")
    engine.hook(_draw_text, "draw_first_line", _wrap_draw_first_line, _MARK)
    engine.hook(_tags, "_build_box_tree", _wrap_build_box_tree, _MARK)
    engine.hook(_pdf, "build_fonts_dictionary", _wrap_build_fonts_dictionary, _MARK)


def _wrap_build_fonts_dictionary(original):
    """Fill the empty ToUnicode entries (see actual_text.fill_to_unicode) before the maps are
    written."""
    @functools.wraps(original)
    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        fill_to_unicode(fonts)
        return original(pdf, fonts, *args, **kwargs)

    setattr(build_fonts_dictionary, _MARK, True)
    return build_fonts_dictionary


def installed() -> bool:
    """Whether both hooks are in place."""
    return bool(getattr(_draw_text.draw_first_line, _MARK, False)
                and getattr(_tags._build_box_tree, _MARK, False)
                and getattr(_pdf.build_fonts_dictionary, _MARK, False))


def _wrap_draw_first_line(original):
    @functools.wraps(original)
    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        operators = stream.stream  # pydyf keeps the content stream as a list of operators
        start = len(operators)
        font_before = stream._current_font  # (font hash, size) set before this line, if any
        emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if len(operators) > start:  # nothing is drawn for a blank line
            add_actual_text(stream, textbox, start, font_before)
        return emojis

    setattr(draw_first_line, _MARK, True)
    return draw_first_line


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
