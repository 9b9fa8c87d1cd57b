"""Word (DOCX): the offer as a document a school can edit in Word, built with python-docx from
the same Document as every other format, in the same order as the PDFs.

What makes it accessible in Word: real Heading 1/2/3 styles (one Heading 1, the title, so the
navigation pane shows the questions), "List Bullet" and "List Number" for lists, bold for
emphasis (never italics), hyperlinks that are real links, the language on the Normal style
and in the core properties, right to left paragraphs and runs for ur/ar/fa, alt text on
every picture (decorative ones marked decorative), Atkinson Hyperlegible named in the styles
(not embedded: Word falls back when it is not installed), every size at or above the body size.

Output is deterministic: the core properties' dates and the ZIP entries' dates are the
offer's reviewed date, so building twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import docx
from docx.enum.text import WD_BREAK
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import i18n
from .. import markdown as md
from ..document import Document, FileRef, build_document
from ..errors import MissingDependencyError, OfferInputError, RenderError
from ..formats import FORMATS
from ..load import LoadedOffer
from ..translate import translation_for
from .assets import SCRIPT_FAMILIES

SIZES = FORMATS["docx"].sizes  # body sizes in points (the registry's)
DEFAULT_SIZE = FORMATS["docx"].default_size
LATIN_FONT = "Atkinson Hyperlegible"

# Word's extension marking a picture decorative (Office 365: "Mark as decorative").
DECORATIVE_EXT_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DRAWINGML_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_CHAR = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
NBSP = "\u00a0"


def _twips(points: float) -> int:
    return int(round(points * 20))


def _half_points(points: float) -> int:
    return int(round(points * 2))


def _heading_sizes(size: float) -> tuple[float, float, float]:
    """H1, H2, H3 in points, as the PDFs have them (render/pdf.PrintStyle), to the half point."""
    scale = 1.3 if size <= 14 else 1.25
    h2 = size * scale
    return round(h2 * scale * 2) / 2, round(h2 * 2) / 2, round(size * scale ** 0.5 * 2) / 2


def _fonts_for(lang: str) -> dict[str, str]:
    """w:rFonts attributes for a language: Atkinson Hyperlegible for Latin text, and the
    script's own shipped family in the slot Word uses for that script."""
    script = i18n.script_of(lang)
    first = (SCRIPT_FAMILIES.get(script) or [LATIN_FONT])[0]
    fonts = {"ascii": LATIN_FONT, "hAnsi": LATIN_FONT, "cs": LATIN_FONT, "eastAsia": LATIN_FONT}
    if script == "Cyrl":
        fonts["ascii"] = fonts["hAnsi"] = first
    elif script in ("Hans", "Hant", "Jpan", "Kore"):
        fonts["eastAsia"] = first
    elif script != "Latn":
        fonts["cs"] = first
    return fonts


def _lang_attrs(lang: str) -> dict[str, str]:
    """w:lang attributes: the language for Latin text, and for complex-script or East Asian
    text when the language is written in one."""
    attrs = {"val": lang}
    script = i18n.script_of(lang)
    if script in ("Hans", "Hant", "Jpan", "Kore"):
        attrs["eastAsia"] = lang
    elif script not in ("Latn", "Cyrl", "Grek"):
        attrs["bidi"] = lang
    return attrs


# Schema order of the children of w:rPr and w:pPr, to insert an element in its right place.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _child(parent, tag: str, order: tuple[str, ...]):
    """``parent``'s child ``tag``, made if missing and put in its place in ``order``."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        later = {qn(t) for t in order[order.index(tag) + 1:]}
        for sibling in parent:
            if sibling.tag in later:
                sibling.addprevious(found)
                break
        else:
            parent.append(found)
    return found


def _set(element, **attrs) -> None:
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))


def _reset(element, **attrs) -> None:
    for key in list(element.attrib):
        del element.attrib[key]
    _set(element, **attrs)


def _rpr_child(rpr, tag: str):
    return _child(rpr, tag, _RPR_ORDER)


def _ppr_child(ppr, tag: str):
    return _child(ppr, tag, _PPR_ORDER)


def _set_run_props(rpr, *, fonts: dict | None = None, size: float | None = None, bold: bool | None = None,
                   lang: str | None = None, rtl: bool = False, no_italics: bool = False,
                   colour: str | None = None) -> None:
    if fonts:  # theme fonts would override named ones: _reset drops them
        _reset(_rpr_child(rpr, "w:rFonts"), **fonts)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            _reset(_rpr_child(rpr, tag), val="1" if bold else "0")
    if no_italics:
        for tag in ("w:i", "w:iCs"):
            _reset(_rpr_child(rpr, tag), val="0")
    if colour is not None:
        _reset(_rpr_child(rpr, "w:color"), val=colour)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            _reset(_rpr_child(rpr, tag), val=_half_points(size))
    if rtl:
        _rpr_child(rpr, "w:rtl")
    if lang:
        _reset(_rpr_child(rpr, "w:lang"), **_lang_attrs(lang))


def _file_path(url: str) -> Path:
    parts = urlsplit(url)
    return Path(url2pathname(unquote(parts.path)))


def _svg_to_png(path: Path, width_px: int = 1200) -> bytes:
    """An SVG picture as PNG (Word's PNG fallback): drawn by WeasyPrint, reading only the
    picture's own folder, then rasterised by pdftoppm."""
    from weasyprint import HTML

    from .fetch import ContainedFetcher

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise MissingDependencyError("an SVG picture in a Word document needs pdftoppm: install the Debian "
                                     "package poppler-utils, or use a PNG or JPEG picture")
    from ..safe_xml import parse_svg

    root = parse_svg(path)  # a DOCTYPE or entity is refused, as when the offer is loaded
    box = (root.get("viewBox") or "").replace(",", " ").split()
    ratio = 1.0
    if len(box) == 4 and float(box[2]) > 0:
        ratio = float(box[3]) / float(box[2])
    else:
        try:
            ratio = float(re.sub(r"[a-z%]+$", "", root.get("height", "1"))) / float(
                re.sub(r"[a-z%]+$", "", root.get("width", "1")))
        except ValueError:
            pass
    height_px = max(1, round(width_px * ratio))
    html = (f"<style>@page {{ size: {width_px}px {height_px}px; margin: 0 }} body {{ margin: 0 }}"
            f"img {{ display: block; width: {width_px}px; height: {height_px}px }}</style>"
            f'<img src="{path.resolve().as_uri()}" alt="">')
    fetcher = ContainedFetcher([path.resolve().parent])
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "picture.pdf"
        source.write_bytes(pdf)
        done = subprocess.run([pdftoppm, "-png", "-singlefile", "-r", "72", str(source), str(Path(tmp) / "picture")],
                              capture_output=True)
        target = Path(tmp) / "picture.png"
        if done.returncode != 0 or not target.is_file():
            raise RenderError(f"the picture '{path.name}' could not be turned into PNG for Word")
        return target.read_bytes()


def _picture_stream(path: Path) -> io.BytesIO:
    """The picture in a format Word reads (PNG, JPEG, GIF, BMP, TIFF as they are; SVG and
    others such as WebP converted to PNG)."""
    data = path.read_bytes()
    try:
        DocxImage.from_blob(data)
        return io.BytesIO(data)
    except UnrecognizedImageError:
        pass
    if path.suffix.lower() == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg ") or b"<svg" in data[:512]:
        return io.BytesIO(_svg_to_png(path))
    try:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as picture:
            out = io.BytesIO()
            picture.save(out, format="PNG")
            return io.BytesIO(out.getvalue())
    except Exception:
        raise RenderError(f"the picture '{path.name}' is not in a format Word can show "
                          "(use PNG, JPEG or SVG)") from None


class _Writer:
    """Builds the Word document paragraph by paragraph."""

    def __init__(self, doc: Document, size: float):
        self.doc = doc
        self.size = size
        self.word = docx.Document()
        self.lang = doc.lang
        self.rtl = doc.dir == "rtl"
        self.fonts = _fonts_for(doc.lang)
        self.source_lang = getattr(doc, "source_lang", None) or doc.lang
        self._bookmark_id = 0
        self._style_ids: dict[str, str] = {}
        self.bookmarks: dict[str, str] = {}  # anchor -> bookmark name
        numbering = self.word.part.numbering_part.element
        styles = self.word.styles
        self._abstract_of = {}
        for name in ("List Number", "List Number 2", "List Number 3"):
            num_id = styles[name].element.pPr.numPr.numId.val
            self._abstract_of[name] = numbering.num_having_numId(num_id).abstractNumId.val
        self._setup()

    # --- set-up: page, styles, settings, properties --------------------------------------

    def _setup(self) -> None:
        size = self.size
        h1, h2, h3 = _heading_sizes(size)
        styles = self.word.styles
        styles_el = styles.element

        # docDefaults and Normal: font, size, language, spacing; no hyphenation, no italics; the
        # colour "auto" (black on white, and it follows Windows' high contrast themes).
        defaults = styles_el.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_run_props(rpr_default, fonts=self.fonts, size=size, lang=self.lang)
        normal = styles["Normal"]
        _set_run_props(normal.element.get_or_add_rPr(), fonts=self.fonts, size=size, lang=self.lang,
                       no_italics=True, colour="auto")
        normal_ppr = normal.element.get_or_add_pPr()
        fmt = normal.paragraph_format
        fmt.widow_control = True
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(round(size * 0.5, 1))
        fmt.line_spacing = 1.4 if size <= 14 else 1.35
        _ppr_child(normal_ppr, "w:suppressAutoHyphens")
        # Direction is set paragraph by paragraph and run by run (see para() and runs()), not on
        # the style: a phone number must not be a right-to-left run.

        for name, points, before in (("Heading 1", h1, 0), ("Heading 2", h2, h2 * 1.2), ("Heading 3", h3, h3)):
            style = styles[name]
            _set_run_props(style.element.get_or_add_rPr(), fonts=self.fonts, size=points, bold=True,
                           no_italics=True, colour="auto")
            style.paragraph_format.space_before = Pt(round(before, 1))
            style.paragraph_format.space_after = Pt(round(points * 0.4, 1))
            style.paragraph_format.line_spacing = 1.2
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.keep_together = True

        # Lists: a little room between items (large print), no contextual spacing.
        for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
                     "List Number 3", "List Continue", "List Continue 2", "List Continue 3"):
            style = styles[name]
            ppr = style.element.get_or_add_pPr()
            for el in ppr.findall(qn("w:contextualSpacing")):
                ppr.remove(el)
            style.paragraph_format.space_after = Pt(round(size * 0.3, 1))

        # List indents grow with the text (the template's are a fixed quarter inch: "10." would
        # run into its item at large sizes).
        step = _twips(size * 1.8)
        for lvl in self.word.part.numbering_part.element.iter(qn("w:lvl")):
            ppr = lvl.find(qn("w:pPr"))
            ind = ppr.find(qn("w:ind")) if ppr is not None else None
            if ind is None:
                continue
            depth = max(1, round(int(ind.get(qn("w:left"), "360")) / 360))
            _set(ind, left=depth * step, hanging=step)
            for tab in ppr.iter(qn("w:tab")):
                _set(tab, pos=depth * step)
        for depth, name in enumerate(("List Continue", "List Continue 2", "List Continue 3"), 1):
            _set(_ppr_child(styles[name].element.get_or_add_pPr(), "w:ind"), left=depth * step)

        footer = styles["Footer"]
        _set_run_props(footer.element.get_or_add_rPr(), size=size)

        # Hyperlinks look like the PDFs' links: the text's own colour, no underline (clear print).
        link = styles.add_style("Hyperlink", docx.enum.style.WD_STYLE_TYPE.CHARACTER)
        link.base_style = styles["Default Paragraph Font"]
        link.unhide_when_used = True
        link.priority = 99

        box = styles.add_style("Contact Box", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        box.base_style = normal
        box.quick_style = True
        box.paragraph_format.keep_together = True
        box.paragraph_format.space_after = Pt(round(size * 0.3, 1))
        self._borders(box.element.get_or_add_pPr(), ("top", "left", "bottom", "right"), size=16, space=6,
                      indent_box=True)

        # Page: A4 portrait; clear print lines of about 70 characters; "Page N of M" at body size.
        section = self.word.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        margin = 25 if size < 14 else 20 if size <= 14 else 15 if size < 30 else 12
        section.left_margin = section.right_margin = section.top_margin = Mm(margin)
        section.bottom_margin = Mm(margin + size * 0.3)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(8)
        self._footer(section)

        # Settings: the document's language for themes; Word 2013+ mode (not "compatibility mode").
        settings = self.word.settings.element
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            _reset(theme_lang, **_lang_attrs(self.lang))
        for setting in settings.iter(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")
        rsids = settings.find(qn("w:rsids"))
        if rsids is not None:
            settings.remove(rsids)

    @staticmethod
    def _borders(ppr, sides, *, size: int = 8, space: int = 4, style: str = "single",
                 indent_box: bool = False) -> None:
        """Paragraph borders (``size`` in eighths of a point, ``space`` in points)."""
        bdr = _ppr_child(ppr, "w:pBdr")
        for side in ("top", "left", "bottom", "right", "between"):
            if side in sides:
                el = bdr.find(qn(f"w:{side}"))
                if el is None:
                    el = OxmlElement(f"w:{side}")
                    bdr.append(el)
                _reset(el, val=style, sz=size, space=space, color="auto")
        if indent_box:  # the border is drawn outside the text: keep it inside the margins
            _set(_ppr_child(ppr, "w:ind"), left=_twips(space + 2), right=_twips(space + 2))

    def _footer(self, section) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.word.styles["Footer"]
        self._direction(paragraph, self.rtl)
        label = self.doc.labels.get("page_of", "Page {page} of {pages}")
        for piece in re.split(r"(\{page\}|\{pages\})", label):
            if piece == "{page}":
                self._field(paragraph, "PAGE", "1")
            elif piece == "{pages}":
                self._field(paragraph, "NUMPAGES", "1")
            elif piece:
                self.runs(paragraph, piece, rtl_para=self.rtl)

    def _field(self, paragraph: Paragraph, instruction: str, shown: str) -> None:
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" {instruction} ")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = shown
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    # --- paragraphs and runs ---------------------------------------------------------------

    @staticmethod
    def _direction(paragraph: Paragraph, rtl: bool) -> None:
        if rtl:
            _ppr_child(paragraph._p.get_or_add_pPr(), "w:bidi")

    def style_id(self, name: str) -> str:
        """The style's id (looking styles up by name in python-docx is slow: done once each)."""
        if name not in self._style_ids:
            self._style_ids[name] = self.word.styles[name].style_id
        return self._style_ids[name]

    def para(self, style: str | None = None, *, rtl: bool | None = None) -> Paragraph:
        paragraph = self.word.add_paragraph()
        if style:
            paragraph._p.style = self.style_id(style)
        self._direction(paragraph, self.rtl if rtl is None else rtl)
        return paragraph

    def runs(self, target, text: str, *, bold: bool = False, lang: str | None = None, rtl_para: bool | None = None,
             paragraph: Paragraph | None = None, style: str | None = None) -> None:
        """Add ``text`` as runs to a paragraph (or to a w:hyperlink inside ``paragraph``).
        Phone numbers and dates keep their spaces unbreakable; in a right-to-left paragraph,
        runs with right-to-left letters (or no letters at all) are marked w:rtl, and numbers,
        addresses and dates are runs of their own that are not."""
        if not text:
            return
        rtl_para = self.rtl if rtl_para is None else rtl_para
        paragraph = paragraph or target
        parent = target._p if isinstance(target, Paragraph) else target
        segments: list[tuple[str, bool]] = []
        last = 0
        for match in md.UNBREAKABLE.finditer(text):
            item = match.group()
            address = "@" in item or "://" in item
            segments.append((text[last:match.start()], False))
            segments.append((item if address else item.replace(" ", NBSP), True))
            last = match.end()
        segments.append((text[last:], False))
        if not rtl_para:  # one run is enough
            segments = [("".join(s for s, _ in segments), False)]
        for piece, is_item in segments:
            if not piece:
                continue
            r = OxmlElement("w:r")
            parent.append(r)
            run = Run(r, paragraph)
            run.text = piece
            rpr = r.get_or_add_rPr()
            if style:
                _set(_rpr_child(rpr, "w:rStyle"), val=self.style_id(style))
            if bold:
                _set_run_props(rpr, bold=True)
            rtl = rtl_para and not is_item and (bool(_RTL_CHAR.search(piece)) or not _LTR_CHAR.search(piece))
            if lang and lang != self.lang:
                _set_run_props(rpr, lang=lang, fonts=_fonts_for(lang) if lang != self.lang else None)
            if rtl:
                _set_run_props(rpr, rtl=True)
            if not len(rpr):
                r.remove(rpr)

    def line(self, text: str = "", style: str | None = None, *, bold: bool = False, lang: str | None = None,
             rtl: bool | None = None) -> Paragraph:
        paragraph = self.para(style, rtl=rtl)
        self.runs(paragraph, text, bold=bold, lang=lang, rtl_para=self.rtl if rtl is None else rtl)
        return paragraph

    def labelled(self, paragraph: Paragraph, label: str, value: str, *, link: str | None = None) -> None:
        """'Phone: 0161 …' with the label in bold (as the PDF's contact boxes)."""
        self.runs(paragraph, label, bold=True)
        self.runs(paragraph, " ")
        if link:
            self.hyperlink(paragraph, link, value)
        else:
            self.runs(paragraph, value)

    def hyperlink(self, paragraph: Paragraph, url: str | None, text: str, *, anchor: str | None = None,
                  bold: bool = False, lang: str | None = None):
        """A real hyperlink: w:hyperlink with an external relationship (or an anchor inside
        the document), its runs in the Hyperlink character style."""
        link = OxmlElement("w:hyperlink")
        if anchor:
            link.set(qn("w:anchor"), anchor)
        else:
            link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
        link.set(qn("w:history"), "1")
        paragraph._p.append(link)
        if text:
            self.runs(link, text, bold=bold, lang=lang, paragraph=paragraph, style="Hyperlink",
                      rtl_para=paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:bidi")) is not None)
        return link

    def heading(self, text: str, level: int, *, anchor: str | None = None, page_break: bool = False,
                lang: str | None = None, rtl: bool | None = None) -> Paragraph:
        paragraph = self.para(f"Heading {level}", rtl=rtl)
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        if anchor:
            name = self.bookmark_name(anchor)
            start = OxmlElement("w:bookmarkStart")
            _set(start, id=self._bookmark_id, name=name)
            paragraph._p.append(start)
        self.runs(paragraph, text, lang=lang, rtl_para=self.rtl if rtl is None else rtl)
        if anchor:
            end = OxmlElement("w:bookmarkEnd")
            _set(end, id=self._bookmark_id)
            paragraph._p.append(end)
            self._bookmark_id += 1
        return paragraph

    def bookmark_name(self, anchor: str) -> str:
        """Word bookmark names: a letter first, letters, digits and _ only, at most 40 long."""
        if anchor not in self.bookmarks:
            base = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
            base = base if base[:1].isalpha() else "b_" + base
            name, n = base[:40], 1
            while name in self.bookmarks.values():
                n += 1
                name = f"{base[:36]}_{n}"
            self.bookmarks[anchor] = name
        return self.bookmarks[anchor]

    def box(self, lines: list[list[tuple[str, str | None, bool]]], *, rtl: bool | None = None) -> None:
        """A bordered contact box: one paragraph per entry, each entry's lines joined by line
        breaks; each line a list of (text, link or None, bold) pieces. Word draws consecutive
        paragraphs with the same borders as one box."""
        paragraphs = []
        for entry in lines:
            paragraph = self.para("Contact Box", rtl=rtl)
            for i, pieces in enumerate(entry):
                if i:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                for text, link, bold in pieces:
                    if link:
                        self.hyperlink(paragraph, link, text, bold=bold)
                    else:
                        self.runs(paragraph, text, bold=bold, rtl_para=self.rtl if rtl is None else rtl)
            paragraphs.append(paragraph)
        for paragraph in paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True

    # --- Markdown ----------------------------------------------------------------------------

    def inline(self, paragraph: Paragraph, children, *, bold: bool = False, lang: str | None = None,
               rtl: bool | None = None) -> None:
        strong = 1 if bold else 0
        target = paragraph
        rtl = self.rtl if rtl is None else rtl

        def add(text: str) -> None:
            if target is paragraph:
                self.runs(paragraph, text, bold=strong > 0, lang=lang, rtl_para=rtl)
            else:
                self.runs(target, text, bold=strong > 0, lang=lang, rtl_para=rtl, paragraph=paragraph,
                          style="Hyperlink")

        for tok in children:
            if tok.type in ("text", "code_inline", "html_inline", "image"):
                add(tok.content)
            elif tok.type == "softbreak":
                add(" ")
            elif tok.type == "hardbreak":
                r = OxmlElement("w:r")
                (paragraph._p if target is paragraph else target).append(r)
                Run(r, paragraph).add_break(WD_BREAK.LINE)
            elif tok.type in ("strong_open", "em_open"):  # no italics in clear print: emphasis is bold
                strong += 1
            elif tok.type in ("strong_close", "em_close"):
                strong -= 1
            elif tok.type == "link_open":
                target = self.hyperlink(paragraph, tok.attrGet("href") or "", "")
            elif tok.type == "link_close":
                target = paragraph

    def markdown(self, text: str, *, lang: str | None = None, rtl: bool | None = None) -> None:
        """An answer: paragraphs, lists (List Bullet / List Number, nested to three levels,
        each numbered list starting at its own number), bold, links and simple tables.
        Headings inside an answer become bold paragraphs, as in the PDFs."""
        tokens = md.parser().parse(text or "")
        lists: list[dict] = []  # {"kind", "start", "num", "items"}
        item_paragraphs = 0  # inline blocks seen in the current list item
        heading = False
        table = None
        row_cells: list | None = None
        for i, tok in enumerate(tokens):
            t = tok.type
            if t == "bullet_list_open":
                lists.append({"kind": "Bullet", "num": None})
            elif t == "ordered_list_open":
                lists.append({"kind": "Number", "num": None, "start": int(tok.attrGet("start") or 1)})
            elif t in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif t == "list_item_open":
                item_paragraphs = 0
            elif t == "heading_open":
                heading = True
            elif t == "heading_close":
                heading = False
            elif t == "table_open":
                table = {"rows": []}
            elif t == "tr_open":
                row_cells = []
            elif t == "tr_close":
                table["rows"].append(row_cells)
                row_cells = None
            elif t in ("th_open", "td_open"):
                row_cells.append({"header": t == "th_open", "children": []})
            elif t == "table_close":
                self.table(table["rows"], lang=lang, rtl=rtl)
                table = None
            elif t == "inline":
                if row_cells is not None:
                    row_cells[-1]["children"] = tok.children or []
                    continue
                if lists:
                    depth = min(len(lists), 3)
                    level = "" if depth == 1 else f" {depth}"
                    current = lists[-1]
                    if item_paragraphs == 0:
                        style = f"List {current['kind']}{level}"
                        paragraph = self.para(style, rtl=rtl)
                        if current["kind"] == "Number":
                            if current["num"] is None:
                                current["num"] = self._restart_numbering(style, current["start"])
                            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                            num_pr.get_or_add_ilvl().val = 0
                            num_pr.get_or_add_numId().val = current["num"]
                    else:
                        paragraph = self.para(f"List Continue{level}", rtl=rtl)
                    item_paragraphs += 1
                else:
                    paragraph = self.para(rtl=rtl)
                    if heading:
                        paragraph.paragraph_format.keep_with_next = True
                self.inline(paragraph, tok.children or [], bold=heading, lang=lang, rtl=rtl)
            elif t in ("code_block", "fence", "html_block"):
                paragraph = self.para(rtl=rtl)
                self.runs(paragraph, " ".join(tok.content.split()), lang=lang, rtl_para=rtl)

    def _restart_numbering(self, style: str, start: int) -> int:
        """A new w:num for ``style``'s list, so that this list starts again at ``start``."""
        numbering = self.word.part.numbering_part.element
        num = numbering.add_num(self._abstract_of[style])
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId

    def table(self, rows: list[list[dict]], *, lang: str | None = None, rtl: bool | None = None) -> None:
        if not rows:
            return
        columns = max(len(r) for r in rows)
        table = self.word.add_table(rows=len(rows), cols=columns)
        table.style = self.word.styles["Table Grid"]
        tbl_pr = table._tbl.tblPr
        rtl = self.rtl if rtl is None else rtl
        if rtl:
            _child(tbl_pr, "w:bidiVisual", _TBLPR_ORDER)
        for r, cells in enumerate(rows):
            row = table.rows[r]
            if cells and all(c["header"] for c in cells):
                tr_pr = row._tr.get_or_add_trPr()
                _child(tr_pr, "w:tblHeader", ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter",
                                              "w:wBefore", "w:wAfter", "w:cantSplit", "w:trHeight",
                                              "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"))  # repeats on each page; read as column headers
            for c, cell in enumerate(cells):
                paragraph = table.cell(r, c).paragraphs[0]
                self._direction(paragraph, rtl)
                self.inline(paragraph, cell["children"], bold=cell["header"], lang=lang, rtl=rtl)
        self.para(rtl=rtl)  # Word needs a paragraph between two tables; it also gives room

    # --- pictures ------------------------------------------------------------------------------

    def picture(self, ref: FileRef, max_width_cm: float, max_height_cm: float, *, decorative: bool = False) -> None:
        stream = _picture_stream(_file_path(ref.url))
        header = DocxImage.from_blob(stream.getvalue())
        # Natural size at 96 pixels an inch, as the PDFs lay pictures out; never enlarged.
        width_cm = header.px_width * 2.54 / 96
        height_cm = header.px_height * 2.54 / 96
        scale = min(1.0, max_width_cm / width_cm, max_height_cm / height_cm)
        paragraph = self.para()
        paragraph.paragraph_format.keep_together = True
        shape = paragraph.add_run().add_picture(stream, width=Cm(width_cm * scale), height=Cm(height_cm * scale))
        inline = shape._inline
        alt = "" if decorative else ref.alt
        doc_pr = inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt)
        c_nv_pr = inline.graphic.graphicData.pic.nvPicPr.cNvPr
        c_nv_pr.set("descr", alt)
        c_nv_pr.set("name", f"Picture {doc_pr.get('id')}")  # not the file's name
        if decorative:
            ext_lst = OxmlElement("a:extLst")
            ext = OxmlElement("a:ext")
            ext.set("uri", DECORATIVE_EXT_URI)
            marker = ext.makeelement(f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS})
            marker.set("val", "1")
            ext.append(marker)
            ext_lst.append(ext)
            doc_pr.append(ext_lst)

    def text_width_cm(self) -> float:
        section = self.word.sections[0]
        return Emu(section.page_width - section.left_margin - section.right_margin).cm


def _build(doc: Document, size: float) -> _Writer:
    """Write ``doc`` in the PDFs' order (templates/offer.html.j2) with render/text.py's labels."""
    w = _Writer(doc, size)
    lab = doc.labels
    width = w.text_width_cm()

    # Cover
    if doc.logo:
        w.picture(doc.logo, min(8.0, width), 4.0)
    w.line(doc.setting.name, bold=True)
    w.heading(doc.title, 1, anchor="cover")
    w.line(lab["what_this_is"])
    for label, value in ((lab["last_reviewed"], doc.reviewed), (lab["next_review"], doc.next_review),
                         (lab["version"], doc.version_label)):
        if value:
            paragraph = w.para()
            w.labelled(paragraph, f"{label}:", value)

    # Who to talk to: on the cover, as in print (the other-formats notice is at the back)
    w.heading(lab["who_to_talk_to"], 2, anchor="who-to-talk-to")
    if doc.senco:
        s = doc.senco
        w.box([[[(lab["senco_intro"], None, False)]],
               [[(s.name, None, True), (f", {s.role}", None, False)],
                [(f"{lab['phone']} {s.phone}", None, False)],
                [(f"{lab['email']} ", None, False), (s.email, f"mailto:{s.email}", False)]]])
    school = [[(doc.setting.name, None, True)]]  # the name once, even where the address starts with it
    if doc.setting.after_name_line:
        school.append([(doc.setting.after_name_line, None, False)])
    school += [[(f"{lab['phone']} {doc.setting.phone}", None, False)],
               [(f"{lab['email']} ", None, False), (doc.setting.email, f"mailto:{doc.setting.email}", False)]]
    w.box([school])

    # Contents: each entry a link to its heading (the navigation pane lists them too)
    w.heading(lab["contents"], 2, anchor="contents", page_break=True)
    num = None
    for entry in doc.contents:
        paragraph = w.para("List Number")
        num = num or w._restart_numbering("List Number", 1)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num
        w.hyperlink(paragraph, None, entry["title"], anchor=w.bookmark_name(entry["anchor"]))

    # The questions
    for i, section in enumerate(doc.sections):
        lang = section.lang
        rtl = (i18n.text_direction(lang) == "rtl") if lang else None
        w.heading(section.question, 2, anchor=section.anchor, page_break=i == 0, lang=lang, rtl=rtl)
        w.markdown(section.answer, lang=lang, rtl=rtl)
        if section.timescales:
            w.heading(lab["timescales"], 3, rtl=rtl)
            for step in section.timescales:
                paragraph = w.para("List Bullet", rtl=rtl)
                w.runs(paragraph, f"{step.when}:", bold=True, lang=lang, rtl_para=rtl)
                w.runs(paragraph, f" {step.what}", lang=lang, rtl_para=rtl)
        for picture in section.pictures:
            w.picture(picture, width, 5.0 if picture.decorative else 9.0, decorative=picture.decorative)
        if section.contacts:
            entries = [[[(lab["contacts"], None, True)]]]
            for c in section.contacts:
                lines = [[(f"{c.name}, {c.role}", None, False)]]
                if c.phone:
                    lines.append([(f"{lab['phone']} {c.phone}", None, False)])
                if c.email:
                    lines.append([(f"{lab['email']} ", None, False), (c.email, f"mailto:{c.email}", False)])
                entries.append(lines)
            w.box(entries, rtl=rtl)

    # After the questions
    w.heading(lab["what_sen_means"], 2, anchor="what-sen-means")
    w.markdown(doc.sen_definition)
    w.heading(lab["how_we_wrote_this"], 2, anchor="how-we-wrote-this")
    w.markdown(doc.co_production)
    if doc.accessibility:
        w.heading(lab["disabled_pupils"], 2, anchor="disabled-pupils")
        for part in doc.accessibility:
            w.heading(part["title"], 3)
            w.markdown(part["text"])
    w.heading(lab["local_offer"], 2, anchor="local-offer")
    w.line(lab["local_offer_intro"])
    lo = doc.local_offer
    w.box([[[(lo.name, None, True)],
            [(f"{lab['website']} ", None, False), (lo.website, lo.website, False)],
            [(f"{lab['phone']} {lo.phone}", None, False)],
            [(f"{lab['post']} {lo.address_line}", None, False)]]])
    w.line(lab["local_offer_no_internet"])
    w.heading(lab["complaints"], 2, anchor="complaints")
    w.markdown(doc.complaints)
    if doc.glossary:
        w.heading(lab["glossary"], 2, anchor="words-we-use")
        for term in doc.glossary:
            paragraph = w.para("List Bullet")
            name = f"{term.term} ({term.short})" if term.short else term.term
            w.runs(paragraph, f"{name}:", bold=True)
            w.runs(paragraph, f" {term.meaning}")

    # This information in other formats
    w.heading(lab["other_formats"], 2, anchor="other-formats")
    w.line(lab["other_formats_intro"])
    for item in lab["format_list"]:
        w.line(item, "List Bullet")
    w.box([[[(lab["ask_us"], None, False)],
            [(lab["phone"], None, True), (" " + doc.setting.phone, None, False)],
            [(lab["email"], None, True), (" ", None, False), (doc.setting.email, f"mailto:{doc.setting.email}", False)],
            [(lab["post"], None, True), (" " + doc.setting.postal_line, None, False)]]])
    for line in doc.language_lines:
        rtl = line.get("dir") == "rtl"
        paragraph = w.para(rtl=rtl)
        before, after = line.get("before"), line.get("after")
        if before is None or after is None:
            w.runs(paragraph, line["text"], lang=line["lang"], rtl_para=rtl)
        else:
            w.runs(paragraph, before, lang=line["lang"], rtl_para=rtl)
            w.runs(paragraph, doc.setting.name, lang=w.source_lang, rtl_para=rtl)
            w.runs(paragraph, after, lang=line["lang"], rtl_para=rtl)

    # The feedback slip, last, on a page of its own
    cut = w.line(lab["cut_here"])
    cut.paragraph_format.page_break_before = True
    w._borders(cut._p.get_or_add_pPr(), ("top",), size=16, space=4, style="dashed")
    w.heading(lab["tell_us"], 2, anchor="tell-us")
    w.line(lab["tell_us_intro"])
    for field, lines in ((lab["slip_helpful"], 1), (lab["slip_change"], 2), (lab["slip_name"], 1)):
        label = w.line(field, bold=True)
        label.paragraph_format.keep_with_next = True
        label.paragraph_format.space_after = Pt(0)
        for n in range(lines):
            blank = w.para()
            blank.paragraph_format.space_before = Pt(round(w.size * 0.6, 1))
            w._borders(blank._p.get_or_add_pPr(), ("bottom", "between") if lines > 1 else ("bottom",), size=8, space=1)
            if n < lines - 1:
                blank.paragraph_format.keep_with_next = True
    w.line(lab["slip_return"])
    w.line(doc.feedback_address, bold=True)
    paragraph = w.para()
    w.labelled(paragraph, lab["email"], doc.setting.email, link=f"mailto:{doc.setting.email}")
    return w


def _properties(w: _Writer, doc: Document, when: dt.datetime) -> None:
    props = w.word.core_properties
    props.title = f"{doc.title}: {doc.setting.name}"
    props.author = doc.setting.name
    props.last_modified_by = doc.setting.name
    props.subject = doc.subject
    props.keywords = f"SEND, SEN information report, Local Offer, {doc.setting.name}"
    props.language = doc.lang
    props.comments = f"Made with offerprint {doc.version}"
    props.category = doc.subject
    props.version = doc.version_label or ""
    props.revision = 1
    props.created = when
    props.modified = when
    # The template's thumbnail (of another document) and Word-for-Mac statistics would be wrong.
    package = w.word.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]
            package.rels.related_parts.pop(r_id, None)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f"<Template>Normal.dotm</Template><Application>offerprint {doc.version}</Application>"
                "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company></Company>"
                "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
                "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
            ).encode("utf-8")


def _drop_unused_parts(w: _Writer) -> None:
    """stylesWithEffects.xml holds the template's old styles (Word 2010): leave it out."""
    rels = w.word.part.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del rels[r_id]
            rels.related_parts.pop(r_id, None)


def _stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same DOCX with every entry dated ``when``: the same input gives the same bytes."""
    stamp = (max(1980, when.year), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_document_docx(doc: Document, size: float = DEFAULT_SIZE, *, reviewed: dt.date | None = None) -> bytes:
    """``doc`` as DOCX bytes at body ``size`` points. ``reviewed`` dates the file (created and
    modified); without it, the document's creation date."""
    w = _build(doc, size)
    day = reviewed or dt.date.fromisoformat(doc.created)
    when = dt.datetime(day.year, day.month, day.day)
    _properties(w, doc, when)
    _drop_unused_parts(w)
    out = io.BytesIO()
    w.word.save(out)
    return _stable_zip(out.getvalue(), when)


def check_size(size: float | None) -> float:
    size = DEFAULT_SIZE if size is None else size
    low, high = SIZES
    if not low <= size <= high:
        raise OfferInputError(f"--size: a Word document is {low} to {high} point, not {size:g} "
                              "(12 or 14 for clear print, 16 and over for large print)")
    return size


def render_docx(loaded: LoadedOffer, options) -> bytes:
    """The offer as a Word document; ``options.size`` is the body size (12 by default, 12-48)."""
    size = check_size(options.size)
    doc = build_document(loaded, translation_for(loaded, options.lang), bilingual=options.bilingual)
    return render_document_docx(doc, size, reviewed=loaded.offer.offer.reviewed)
