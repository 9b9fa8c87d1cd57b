"""/ActualText for one line of text WeasyPrint drew (see :mod:`offerprint.render.text_layer`,
which hooks it in and says why): :func:`add_actual_text` finds the clusters whose glyphs would
not read back as their text (:func:`_reads_back_plainly`, :func:`_clusters`, :func:`_spans`)
and puts a span round them in the line's content stream (:func:`_wrap_glyphs`)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field

import pydyf
from . import engine  # noqa: F401  (first: it imports WeasyPrint; see there)
from weasyprint.text.ffi import ffi, pango

LOGGER = logging.getLogger(__name__)


class _Mismatch(Exception):
    """The operators draw_first_line wrote do not match the glyphs Pango shaped."""


# --------------------------------------------------------------------------- ActualText


@dataclass(slots=True)
class _Glyph:
    """One glyph drawn on the line, as draw_first_line writes it."""

    gid: int  # glyph id as written (WeasyPrint renumbers a missing glyph's .notdef)
    hex_digits: int  # its id is written as 4 hex digits, 2 for bitmap fonts
    raised: bool  # drawn off the baseline (WeasyPrint's text rise, Ts)
    offset: bool  # drawn off the pen: WeasyPrint writes a move just before it
    advance: bool  # moves the pen (a mark does not)
    font: object  # WeasyPrint's pdf.fonts.Font

    @property
    def off_pen(self) -> bool:
        """Its box, as readers see it, is not the room it takes on the line."""
        return self.raised or self.offset or not self.advance


@dataclass
class _Span:
    """A /ActualText span: drawn glyphs first..last (indexes), and their logical text."""

    first: int
    last: int
    text: str
    rtl: bool


@dataclass
class _Cluster:
    """One Pango cluster of a line: the glyphs drawn for a stretch of logical text."""

    start: int  # byte range of the cluster's text in the layout's UTF-8 text
    end: int
    rtl: bool
    run: int  # index of the Pango run (one font, one direction) in the line
    glyphs: list[int] = field(default_factory=list)  # indexes of its drawn glyphs, in order
    reads_back: bool = True  # its glyphs' ToUnicode entries give back exactly its text
    read: list[str] = field(default_factory=list)  # those entries
    at: int = 0  # index of the first glyph drawn from here on (where an undrawn one sits)


def add_actual_text(stream, textbox, start: int, font_before) -> None:
    # The layout may have been changed by the original (ellipsis): read the line as drawn.
    first_line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    if _reads_back_plainly(stream, first_line, utf8):
        return
    clusters, glyphs = _clusters(stream, first_line, utf8)
    spans = _spans(clusters, utf8) if glyphs else []
    if spans:
        font_operator = None
        if font_before is not None:
            name, size = font_before
            font_operator = b"/" + pydyf._to_bytes(name) + b" " + pydyf._to_bytes(size) + b" Tf"
        try:
            _wrap_glyphs(stream.stream, start, glyphs, spans, font_operator)
        except _Mismatch as exc:  # leave the line as WeasyPrint drew it; the audit reads it
            LOGGER.warning("text layer: line %r left without /ActualText: %s",
                           textbox.pango_layout.text[:40], exc)


def _beside_left_to_right(clusters: list[_Cluster], index: int, utf8: bytes) -> bool:
    """Whether a space set right to left may be drawn next to left-to-right text (a number
    or an English word): a left-to-right cluster beside it, or the edge of its box (a link,
    an email, is a box of its own). pdftotext reads such a space into the left-to-right
    stretch, on the wrong side ("1 سبتمبر" came back "1سبتمبر", "16 و19" as "16و 19"); the
    marks of a neutral's span (see _neutral) keep it where it was typed. Spaces between
    right-to-left words read back as they are and get no span."""
    cluster = clusters[index]
    return (cluster.start == 0 or cluster.end == len(utf8)
            or any(0 <= near < len(clusters) and not clusters[near].rtl for near in (index - 1, index + 1)))


#: PangoGlyphInfo as 5 int32s: glyph, width, x_offset, y_offset, visual attributes.
_INFO_INTS = 5
assert ffi.sizeof("PangoGlyphInfo") == 4 * _INFO_INTS


def _reads_back_plainly(stream, first_line, utf8: bytes) -> bool:
    """Whether the line certainly needs no span, proved in bulk: most lines of every
    document (all of an English one) are left to right, one glyph per character, none moved
    off the pen or the baseline, each glyph's ToUnicode entry exactly its character. Such a
    line reads back, and :func:`_clusters` and :func:`_spans` would find nothing to do; they
    walk every glyph in Python, which cost a seventh of a render (see benchmarks/overhead.py).

    Any doubt (right to left, a ligature or a mark, an undrawn or missing glyph, a glyph
    whose first-come ToUnicode entry is another character, a bitmap font) answers False
    and the line takes the full walk, so the PDF is the same byte for byte.
    """
    run = first_line.runs
    limit = pango.PANGO_GLYPH_EMPTY  # the unknown-glyph flag is above it too
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        item, glyphs = glyph_item.item, glyph_item.glyphs
        count = glyphs.num_glyphs
        if item.analysis.level % 2:
            return False
        if not count:
            continue
        font, _ = stream.add_font(item.analysis.font)  # cached by WeasyPrint: no new font
        if font.bitmap or font.used_in_forms:
            return False
        info = memoryview(ffi.buffer(glyphs.glyphs, count * 4 * _INFO_INTS)).cast("i").tolist()
        ids = info[0::_INFO_INTS]
        if (max(ids) >= limit or not all(info[1::_INFO_INTS]) or any(info[2::_INFO_INTS])
                or any(info[3::_INFO_INTS])):
            return False
        logs = ffi.unpack(glyphs.log_clusters, count)
        if logs[-1] >= item.length or logs != sorted(set(logs)):
            return False  # several glyphs in a cluster, or not in logical order
        offset = item.offset
        text = utf8[offset:offset + item.length].decode(errors="replace")
        if logs[0] == 0 and len(text) == count:
            texts = list(text)  # as many clusters as characters: one character each
        else:  # a ligature ("fi") or text before the first cluster
            ends = logs[1:] + [item.length]
            texts = [utf8[offset + log:offset + end].decode(errors="replace") for log, end in zip(logs, ends)]
        if list(map(font.to_unicode.get, ids)) != texts:
            return False
    return True


def _clusters(stream, first_line, utf8: bytes) -> tuple[list[_Cluster], list[_Glyph]]:
    """The line's clusters in drawing order, and each drawn glyph.

    Mirrors draw_first_line's walk over the Pango runs: a glyph is written to the content
    stream unless it is PANGO_GLYPH_EMPTY, as 4 hex digits (2 for bitmap fonts).
    """
    clusters: list[_Cluster] = []
    drawn: list[_Glyph] = []
    run = first_line.runs
    run_index = 0
    # Every glyph of every line passes here: the constants and lookups are taken out of the loop.
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    while run != ffi.NULL:
        glyph_item = run.data  # GSListRuns: data is a PangoGlyphItem *
        run = run.next
        item, glyphs = glyph_item.item, glyph_item.glyphs
        rtl = bool(item.analysis.level % 2)
        font, _ = stream.add_font(item.analysis.font)  # cached by WeasyPrint: no new font
        exact_map = not (font.bitmap or font.used_in_forms)
        to_unicode, digits, offset = font.to_unicode, 2 if font.bitmap else 4, item.offset
        count = glyphs.num_glyphs
        logs = ffi.unpack(glyphs.log_clusters, count) if count else []
        run_clusters: list[_Cluster] = []
        previous_log = None
        cluster = None
        for info, log in zip(glyphs.glyphs[0:count], logs):
            if log != previous_log:
                previous_log = log
                cluster = _Cluster(offset + log, offset + log, rtl, run_index, at=len(drawn))
                run_clusters.append(cluster)
            glyph_id = info.glyph
            if glyph_id == empty:
                continue  # written as a move, not a glyph: reads as nothing
            cluster.glyphs.append(len(drawn))
            geometry = info.geometry
            drawn.append(_Glyph(glyph_id, digits, bool(geometry.y_offset),
                                bool(geometry.x_offset), bool(geometry.width), font))
            if glyph_id & unknown or not exact_map:
                cluster.reads_back = False  # .notdef, or not the map checked here
            else:
                cluster.read.append(to_unicode.get(glyph_id, ""))
        # A cluster's text runs to the next cluster in logical order: the next one drawn
        # left to right, the previous one drawn right to left (as WeasyPrint's ToUnicode).
        for index, cluster in enumerate(run_clusters):
            following = index - 1 if rtl else index + 1
            inside = 0 <= following < len(run_clusters)
            cluster.end = run_clusters[following].start if inside else item.offset + item.length
        clusters.extend(run_clusters)
        run_index += 1
    _merge_undrawn(clusters)
    for cluster in clusters:
        text = utf8[cluster.start:cluster.end].decode(errors="replace")
        # Each glyph must carry some of the text: a glyph whose entry is empty (a Bengali
        # pre-base vowel drawn before its consonant, which carries the whole cluster) is
        # room on the page without text, which readers take for a word break.
        # And none may be raised, lowered or moved off the pen: readers would file its
        # text under another line (a Bengali subjoined consonant, Nastaliq's cascade) or
        # read the gap it leaves as a space (a Gurmukhi vowel sign drawn back over its
        # consonant).
        cluster.reads_back = (cluster.reads_back and "".join(cluster.read) == text
                              and all(cluster.read)
                              and not any(drawn[g].off_pen for g in cluster.glyphs))
        if not cluster.reads_back and text:
            _note_sources(cluster, drawn, text)
    return clusters, drawn


# --------------------------------------------------------------------------- ToUnicode

#: Set on a WeasyPrint font: glyph id -> the text of the first cluster it was drawn in, for
#: the glyphs whose ToUnicode entry is empty (see fill_to_unicode).
_SOURCES = "_offerprint_sources"
#: Set on a WeasyPrint font: the glyph ids drawn as anchors (see _wrap_glyphs).
_ANCHORS = "_offerprint_anchors"


def _note_sources(cluster: _Cluster, drawn: list[_Glyph], text: str) -> None:
    for index in cluster.glyphs:
        glyph = drawn[index]
        if not glyph.font.to_unicode.get(glyph.gid, True):  # an entry, and an empty one
            sources = glyph.font.__dict__.setdefault(_SOURCES, {})
            sources.setdefault(glyph.gid, text)


def fill_to_unicode(fonts) -> None:
    """Give every glyph whose ToUnicode entry is empty some text, just before WeasyPrint
    writes the maps (``fonts``: the document's, WeasyPrint's pdf.fonts.Font by key).

    WeasyPrint gives a cluster's text to one of its glyphs and an empty string to the others
    (a Bengali pre-base vowel, a Nastaliq dot or cascade piece): a glyph that maps to nothing,
    which PDF/UA does not allow (ISO 14289-1, 7.21.7) and checkers report. Each such glyph
    gets the character of its cluster whose own glyph (the font's cmap) it is, or else the
    cluster's whole text. Every one of them is drawn inside an /ActualText span (a cluster
    with an empty glyph never reads back), so readers that honour /ActualText read exactly
    what they read before. The anchors (see _wrap_glyphs) are drawn at a thousandth of a
    point and carry no text of their own: they get a space, which puts no ink on the page.
    The entries are filled only now, after every line is drawn, because the anchors are
    chosen among the glyphs with empty entries."""
    for font in fonts.values():
        to_unicode = font.to_unicode
        empty = [gid for gid, text in to_unicode.items() if not text]
        if not empty:
            continue
        sources = font.__dict__.get(_SOURCES, {})
        anchors = font.__dict__.get(_ANCHORS, set())
        nominal = _nominal_glyphs(font) if any(gid in sources for gid in empty) else {}
        for gid in empty:
            if gid in anchors:
                to_unicode[gid] = " "
            elif gid in sources:
                text = sources[gid]
                to_unicode[gid] = next((ch for ch in text if nominal.get(ord(ch)) == gid), text)


_NOMINAL_CACHE: dict[str, dict[int, int]] = {}


def _nominal_glyphs(font) -> dict[int, int]:
    """Code point -> glyph id, from the font's cmap (read once per font file)."""
    key = font.hash
    if key not in _NOMINAL_CACHE:
        import io

        from fontTools.ttLib import TTFont

        try:
            ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
            cmap = ttfont.getBestCmap() or {}
            _NOMINAL_CACHE[key] = {code: ttfont.getGlyphID(name) for code, name in cmap.items()}
        except Exception:  # noqa: BLE001 - a font fontTools cannot read: whole cluster texts
            _NOMINAL_CACHE[key] = {}
    return _NOMINAL_CACHE[key]


def _merge_undrawn(clusters: list[_Cluster]) -> None:
    """Give the text of a left-to-right cluster that draws no glyph (a ZWJ, say) to a drawn
    neighbour: the one before in logical order, else the one after. (A right-to-left one
    keeps a span of its own, on an anchor: see _spans.)"""
    logical = sorted(clusters, key=lambda c: c.start)
    for index, cluster in enumerate(logical):
        if cluster.glyphs or cluster.start == cluster.end or cluster.rtl:
            continue
        before = next((c for c in reversed(logical[:index]) if c.glyphs), None)
        after = next((c for c in logical[index + 1:] if c.glyphs), None)
        host = before if before is not None and before.end == cluster.start else after
        if host is None or (host is after and after.start != cluster.end):
            continue  # nothing adjacent is drawn: the text is lost as it was without us
        host.start, host.end = min(host.start, cluster.start), max(host.end, cluster.end)
        host.reads_back = False
        cluster.start = cluster.end  # emptied: it no longer owns text
    clusters[:] = [c for c in clusters if c.glyphs or (c.rtl and c.start != c.end)]


def _spans(clusters: list[_Cluster], utf8: bytes) -> list[_Span]:
    """The /ActualText spans of a line, in drawing order, never overlapping.

    Readers that lay text out from glyph positions (poppler's pdftotext, viewers' copy and
    search) spread a span's text evenly from the origin of its first glyph to the end of
    its last glyph, left to right, then run their bidi over the line. So:

    * Right to left, a span holds one cluster, which in these fonts is one character: a
      string of several would be laid out left to right and come out reversed. A cluster
      of one glyph that reads back already is left alone. A cluster drawn as nothing (a
      Persian ZWNJ) gets a span holding only an anchor (see _wrap_glyphs), at its place
      between its neighbours; given to a neighbour, it would be read on the wrong side.
    * Left to right, a span holds a whole word (clusters up to a space) in which some
      cluster does not read back: the text fills the word, and a mark or a pre-base vowel
      at the edge of a cluster opens no gap that a reader would take for a space.
    """
    spans: list[_Span] = []
    word: list[_Cluster] = []

    def close_word() -> None:
        if word and not all(c.reads_back for c in word):
            text = utf8[word[0].start:word[-1].end].decode(errors="replace")
            spans.append(_Span(word[0].glyphs[0], word[-1].glyphs[-1], text, rtl=False))
        word.clear()

    for index, cluster in enumerate(clusters):
        text = utf8[cluster.start:cluster.end].decode(errors="replace")
        if cluster.rtl:
            close_word()
            if not cluster.glyphs:  # drawn as nothing (ZWNJ): a span on an anchor alone
                spans.append(_Span(cluster.at, cluster.at - 1, text, rtl=True))
            elif _neutral(text) or (text.isspace() and _beside_left_to_right(clusters, index, utf8)):
                spans.append(_Span(cluster.glyphs[0], cluster.glyphs[-1], _RLM + text + _RLM, rtl=True))
            elif not cluster.reads_back:
                spans.append(_Span(cluster.glyphs[0], cluster.glyphs[-1], text, rtl=True))
        elif text.isspace():
            close_word()
        else:
            if word and word[-1].run != cluster.run:
                close_word()
            word.append(cluster)
    close_word()
    return spans


#: Right-to-left mark, put on both sides of a neutral's text (see _neutral).
_RLM = "\u200f"


def _neutral(text: str) -> bool:
    """Punctuation set right to left (a bracket, comma or full stop around or after English
    words or numbers in a right-to-left line). pdftotext turns a right-to-left line round by
    its own rule: everything that is not a right-to-left letter, from a left-to-right letter
    leftwards, is one left-to-right stretch; so a bracket drawn just left of an English word
    is read into the word ("(SENCO)" came back "( )SENCO"). Its span's text gets a
    right-to-left mark on each side, one of which lands between it and the English word
    and ends the stretch there, whichever side the word is on (a mark after the text alone
    left "، Mrs Amina Shah،" wrong in Urdu); the marks are invisible and readers drop them."""
    return bool(text) and not text.isspace() and all(
        unicodedata.bidirectional(ch) in {"ON", "CS", "ES", "ET", "WS"} for ch in text)


_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_TJ = re.compile(rb"\[(.*)\] TJ", re.S)

#: Size of the font an anchor is drawn with: nothing shows, and the pen does not move.
_ANCHOR_SIZE = b"0.001"
#: TJ move (thousandths of that size) putting an anchor 0.01pt before the pen: readers
#: then order a right-to-left mark or ZWNJ, which takes no room, before its letter.
_NUDGE = 10000


def _wrap_glyphs(operators: list, start: int, glyphs: list[_Glyph], spans: list[_Span],
                 font_operator: bytes | None) -> None:
    """Rewrite the operators draw_first_line appended from ``start`` so that each span's
    glyphs sit inside ``/Span <</ActualText ...>> BDC ... EMC``.

    Only TJ arrays are cut: a TJ array split in two draws exactly the same (its numbers and
    glyphs move the text position the same way). Every other operator (Tm, Tf, Ts) is kept
    as it is and where it is. A span opens before its first glyph's own offset (the move
    WeasyPrint writes before a glyph drawn off the pen) and closes after its last glyph's
    own kerning, so that it covers exactly the room its glyphs take on the line.

    Readers place a span's text from the origin of its first glyph to the end of its last
    glyph. A glyph drawn off the pen or the baseline (Nastaliq's cascade, dots and marks,
    a Bengali subjoined consonant) would put the text above its line or leave a gap read
    as a space; so a span whose first or last glyph is such a glyph (and every right-to-left
    span: letters there overlap) gets anchors at its ends: one of the font's glyphs drawn at
    the pen on the baseline at a size of 0.001 (nothing shows, the pen does not move).
    The anchor is a glyph whose ToUnicode entry is empty where the font has one (a dot, a
    mark), so that readers ignoring /ActualText read nothing more than before.
    """
    opening = {span.first: span for span in spans if span.last >= span.first}
    closing = {span.last: span for span in spans if span.last >= span.first}
    undrawn: dict[int, list[_Span]] = {}  # spans on an anchor alone, by the glyph they precede
    for span in spans:
        if span.last < span.first:
            undrawn.setdefault(span.first, []).append(span)
    out: list = []
    array: list[bytes] = []  # the TJ array being rebuilt: numbers and one glyph each
    state = {"font": font_operator, "rise": b"0 Ts"}
    pending: _Span | None = None  # a span whose last glyph is out, kept open for its kerning
    glyph = 0

    def own_offset() -> bytes | None:
        """Take back the move WeasyPrint wrote for the next glyph, drawn off the pen."""
        if glyph < len(glyphs) and glyphs[glyph].offset and array and not array[-1].startswith(b"<"):
            return array.pop()
        return None

    def anchor(near: _Glyph, before: bool = False) -> None:
        font = state["font"]
        if font is None or near.hex_digits != 4:
            return
        silent = next((gid for gid, text in near.font.to_unicode.items() if not text), None)
        if silent is None:
            # Every glyph of this font reads as text (a Latin font has no bare marks): an
            # anchor would be a letter at size 0.001, read twice and failing the size audit.
            return
        near.font.__dict__.setdefault(_ANCHORS, set()).add(silent)
        _show(out, array)
        if state["rise"] != b"0 Ts":
            out.append(b"0 Ts")
        # "[] TJ" once the font is back: poppler takes the size of the text it adds at EMC
        # from the font of the last text shown, which would be the anchor's.
        name = font.rsplit(b" ", 2)[0]
        # The number after the anchor takes back its advance (1/1000 of its width at
        # size 0.001): the glyphs after it land exactly where WeasyPrint put them.
        back = near.font.widths.get(silent, 0)
        ahead = _NUDGE if before else 0
        show = f"[{ahead} <{silent:04x}> {back - ahead}] TJ".encode()
        out.extend([name + b" " + _ANCHOR_SIZE + b" Tf", show, font, b"[] TJ"])
        if state["rise"] != b"0 Ts":
            out.append(state["rise"])

    def begin(span: _Span) -> None:
        _show(out, array)
        out.extend(["/Span", pydyf.Dictionary({"ActualText": pydyf.String(span.text)}), b"BDC"])

    def close() -> None:
        nonlocal pending
        moved = own_offset()
        if pending.rtl or glyphs[pending.last].off_pen:
            anchor(glyphs[pending.last])
        _show(out, array)
        out.append(b"EMC")
        pending = None
        if moved is not None:
            array.append(moved)

    def before_glyph() -> None:
        """Close the span left open, write the spans on an anchor alone, open the next."""
        if pending:
            close()
        near = glyphs[min(glyph, len(glyphs) - 1)]
        for span in undrawn.get(glyph, ()):
            moved = own_offset()
            begin(span)
            anchor(near, before=True)
            out.append(b"EMC")
            if moved is not None:
                array.append(moved)
        span = opening.get(glyph)
        if span is not None:
            moved = own_offset()
            begin(span)
            if span.rtl or near.off_pen:
                # A right-to-left mark takes no room: put its text just before (left of)
                # its letter, where a reader that turns the line round finds it after it.
                marks_only = not any(g.advance for g in glyphs[span.first:span.last + 1])
                anchor(near, before=span.rtl and marks_only)
            if moved is not None:
                array.append(moved)

    for operator in operators[start:]:
        match = _TJ.fullmatch(operator) if isinstance(operator, bytes) else None
        if match is None:
            if not isinstance(operator, bytes):
                pass
            elif operator.endswith(b" Tf"):
                if pending:
                    close()
                state["font"] = operator
            elif operator.endswith(b" Ts"):
                if pending and operator != b"0 Ts":
                    close()
                state["rise"] = operator
            elif pending:
                close()
            _show(out, array)
            out.append(operator)
            continue
        for index, piece in enumerate(_HEX.split(match.group(1))):  # text, hex, text, ...
            if index % 2 == 0:
                if piece.strip():
                    array.append(piece.strip())  # a move between glyphs
                continue
            at = 0
            while at < len(piece):
                if glyph >= len(glyphs):
                    raise _Mismatch("more glyphs in the stream than Pango shaped")
                digits = glyphs[glyph].hex_digits
                glyphs[glyph].gid = int(piece[at:at + digits], 16)  # as written
                before_glyph()
                array.append(b"<" + piece[at:at + digits] + b">")
                at += digits
                if glyph in closing:
                    pending = closing[glyph]
                glyph += 1
        _show(out, array)
    if glyph != len(glyphs):
        raise _Mismatch("fewer glyphs in the stream than Pango shaped")
    if pending or undrawn.get(glyph):
        before_glyph()
    _show(out, array)
    operators[start:] = out


def _show(out: list, array: list[bytes]) -> None:
    """Append the TJ gathered in ``array`` (if any) to ``out`` and empty ``array``."""
    if array:
        out.append(b"[" + b" ".join(array).replace(b"> <", b"") + b"] TJ")
        array.clear()
