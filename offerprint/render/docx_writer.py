"""The Word writer's paragraph builder (:class:`Writer`), used by :mod:`offerprint.render.docx`:
page, styles and settings; paragraphs and runs (direction, language, unbreakable phone
numbers); hyperlinks and bookmarks; contact boxes; Markdown answers (lists, tables); pictures
with alt text."""

from __future__ import annotations

import re

import docx
from docx.enum.text import WD_BREAK
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import markdown as md
from ..document import Document, FileRef
from .docx_ooxml import (
    DECORATIVE_EXT_URI,
    DECORATIVE_NS,
    LTR_CHAR,
    NBSP,
    RTL_CHAR,
    TBLPR_ORDER,
    fonts_for,
    heading_sizes,
    lang_attrs,
    ordered_child,
    ppr_child,
    reset_attrs,
    rpr_child,
    set_attrs,
    set_run_props,
    twips,
)
from .docx_fonts import embed_fonts
from .docx_pictures import file_path, picture_stream


class Writer:
    """Builds the Word document paragraph by paragraph."""

    def __init__(self, doc: Document, size: float):
        self.doc = doc
        self.size = size
        self.word = docx.Document()
        self.lang = doc.lang
        self.rtl = doc.dir == "rtl"
        self.fonts = fonts_for(doc.lang)
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
        # The fonts go in as the document is saved (render/docx.py saves it): only then is every
        # character known that they are cut down to.
        save = self.word.save

        def save_with_fonts(target) -> None:
            embed_fonts(self.word)
            save(target)

        self.word.save = save_with_fonts

    # --- set-up: page, styles, settings, properties --------------------------------------

    def _setup(self) -> None:
        size = self.size
        h1, h2, h3 = heading_sizes(size)
        styles = self.word.styles
        styles_el = styles.element

        # docDefaults and Normal: font, size, language, spacing; no hyphenation, no italics; the
        # colour "auto" (black on white, and it follows Windows' high contrast themes).
        defaults = styles_el.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_run_props(rpr_default, fonts=self.fonts, size=size, lang=self.lang)
        normal = styles["Normal"]
        set_run_props(normal.element.get_or_add_rPr(), fonts=self.fonts, size=size, lang=self.lang,
                       no_italics=True, colour="auto")
        normal_ppr = normal.element.get_or_add_pPr()
        fmt = normal.paragraph_format
        fmt.widow_control = True
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(round(size * 0.5, 1))
        fmt.line_spacing = 1.4 if size <= 14 else 1.35
        ppr_child(normal_ppr, "w:suppressAutoHyphens")
        # Direction is set paragraph by paragraph and run by run (see para() and runs()), not on
        # the style: a phone number must not be a right-to-left run.

        for name, points, before in (("Heading 1", h1, 0), ("Heading 2", h2, h2 * 1.2), ("Heading 3", h3, h3)):
            style = styles[name]
            set_run_props(style.element.get_or_add_rPr(), fonts=self.fonts, size=points, bold=True,
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
        step = twips(size * 1.8)
        for lvl in self.word.part.numbering_part.element.iter(qn("w:lvl")):
            ppr = lvl.find(qn("w:pPr"))
            ind = ppr.find(qn("w:ind")) if ppr is not None else None
            if ind is None:
                continue
            depth = max(1, round(int(ind.get(qn("w:left"), "360")) / 360))
            set_attrs(ind, left=depth * step, hanging=step)
            for tab in ppr.iter(qn("w:tab")):
                set_attrs(tab, pos=depth * step)
        for depth, name in enumerate(("List Continue", "List Continue 2", "List Continue 3"), 1):
            set_attrs(ppr_child(styles[name].element.get_or_add_pPr(), "w:ind"), left=depth * step)

        footer = styles["Footer"]
        set_run_props(footer.element.get_or_add_rPr(), size=size)

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
            reset_attrs(theme_lang, **lang_attrs(self.lang))
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
        bdr = ppr_child(ppr, "w:pBdr")
        for side in ("top", "left", "bottom", "right", "between"):
            if side in sides:
                el = bdr.find(qn(f"w:{side}"))
                if el is None:
                    el = OxmlElement(f"w:{side}")
                    bdr.append(el)
                reset_attrs(el, val=style, sz=size, space=space, color="auto")
        if indent_box:  # the border is drawn outside the text: keep it inside the margins
            set_attrs(ppr_child(ppr, "w:ind"), left=twips(space + 2), right=twips(space + 2))

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
            ppr_child(paragraph._p.get_or_add_pPr(), "w:bidi")

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
                set_attrs(rpr_child(rpr, "w:rStyle"), val=self.style_id(style))
            if bold:
                set_run_props(rpr, bold=True)
            rtl = rtl_para and not is_item and (bool(RTL_CHAR.search(piece)) or not LTR_CHAR.search(piece))
            if lang and lang != self.lang:
                set_run_props(rpr, lang=lang, fonts=fonts_for(lang) if lang != self.lang else None)
            if rtl:
                set_run_props(rpr, rtl=True)
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
            set_attrs(start, id=self._bookmark_id, name=name)
            paragraph._p.append(start)
        self.runs(paragraph, text, lang=lang, rtl_para=self.rtl if rtl is None else rtl)
        if anchor:
            end = OxmlElement("w:bookmarkEnd")
            set_attrs(end, id=self._bookmark_id)
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
            ordered_child(tbl_pr, "w:bidiVisual", TBLPR_ORDER)
        for r, cells in enumerate(rows):
            row = table.rows[r]
            if cells and all(c["header"] for c in cells):
                tr_pr = row._tr.get_or_add_trPr()
                ordered_child(tr_pr, "w:tblHeader", ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter",
                                              "w:wBefore", "w:wAfter", "w:cantSplit", "w:trHeight",
                                              "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"))  # repeats on each page; read as column headers
            for c, cell in enumerate(cells):
                paragraph = table.cell(r, c).paragraphs[0]
                self._direction(paragraph, rtl)
                self.inline(paragraph, cell["children"], bold=cell["header"], lang=lang, rtl=rtl)
        self.para(rtl=rtl)  # Word needs a paragraph between two tables; it also gives room

    # --- pictures ------------------------------------------------------------------------------

    def picture(self, ref: FileRef, max_width_cm: float, max_height_cm: float, *, decorative: bool = False) -> None:
        stream = picture_stream(file_path(ref.url))
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
