"""PDF reports.

A PDF has no headings or paragraphs, only characters at places, so they are rebuilt: PDFium
(pypdfium2, fast) gives every character with its font, size and box; characters make words,
words on one baseline make a line; lines close together in the same size make a paragraph;
lines set larger than the body text (or in bold, on their own) are headings, the largest first;
lines starting with a bullet or a number are list items. Ruled tables come from pdfplumber, run
only on pages that draw lines; link addresses come from the link annotations (pikepdf). Bold
words and links are kept as **bold** and links; page numbers alone on a line are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportInputError
from . import (Paragraph, Section, clean, escape_markdown, is_contents_line, is_furniture, is_lead_in,
               heading_text, is_numbered_heading, is_question_line, link, strip_question_number)
from .html_blocks import MAX_HEADING_WORDS

_BULLETS = set("•●◦▪‣–-*·○■□➢✓✔") | {chr(c) for c in range(0xF000, 0xF100)}
_NUMBERED = re.compile(r"^(\d{1,2}|[a-z])[.)]$")
_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,3}(\s+of\s+\d{1,3})?$", re.I)


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    href: str | None = None


@dataclass
class _Line:
    words: list[_Word]
    page: int
    table: list[list[str]] | None = None  # a whole table, placed where it starts

    @property
    def text(self) -> str:
        return clean(" ".join(w.text for w in self.words))

    @property
    def top(self) -> float:
        return min(w.top for w in self.words) if self.words else 0.0

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words) if self.words else 0.0

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words) if self.words else 0.0

    @property
    def size(self) -> float:
        return max(w.size for w in self.words) if self.words else 0.0

    @property
    def bold(self) -> bool:
        letters = [w for w in self.words if any(c.isalnum() for c in w.text)]
        return bool(letters) and all(w.bold for w in letters)

    @property
    def bullet(self) -> str | None:
        if not self.words or len(self.words) < 2:
            return None
        first = self.words[0].text
        if first in _BULLETS or (len(first) == 1 and 0xF000 <= ord(first) < 0xF100):
            return "-"
        if _NUMBERED.match(first):
            return "1."
        return None


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(mark in name for mark in ("bold", "black", "heavy", "semibold", ",b", "-b"))


def _locked(path: Path) -> ReportInputError:
    return ReportInputError(f"{path}: is locked with a password (open it, save or print it as a PDF without a "
                            "password, or import the Word or web version instead)")


def _open(path: Path):
    """The document in PDFium (fast: words with their fonts and places, for every page)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _locked(path) from None
        raise ReportInputError(f"{path}: is not a PDF that can be read (open it and save it again as a PDF, or "
                               "import the Word or web version instead)") from None


# An SEN information report is 2 to 40 pages; a whole handbook of policies is not one, and
# reading thousands of pages would take minutes and make answers no one could check.
MAX_REPORT_PAGES = 300

_SEPARATORS = {" ", "\r", "\n", "\t", "\u00a0", "\u2002", "\u2003", "\u2009", "\ufffe"}


def _page_words(page, textpage, height: float) -> list[_Word]:
    """The page's words: characters run together until a space, a gap, a new line or a change of
    font (so a bold word and the plain comma after it are two words with no gap between them)."""
    import ctypes

    import pypdfium2.raw as raw

    words: list[_Word] = []
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    current: list = []  # [text, x0, x1, top, bottom, size, bold]
    fonts: dict[bytes, bool] = {}

    def finish() -> None:
        if current and current[0].strip():
            words.append(_Word(current[0], current[1], current[2], current[3], current[4], current[5], current[6]))
        current.clear()

    for index in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage, index) or 32)
        if char in ("\x02", "\u00ad") and current:  # PDFium's mark for a hyphen ending a line: keep it
            current[0] += "-"
            finish()
            continue
        if char in _SEPARATORS or raw.FPDFText_IsGenerated(textpage, index) == 1:
            finish()
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)  # the line's box, not the glyph's
        size = round(raw.FPDFText_GetFontSize(textpage, index), 1)
        raw.FPDFText_GetFontInfo(textpage, index, buffer, 256, ctypes.byref(flags))
        name = buffer.value
        if name not in fonts:
            fonts[name] = _is_bold(name.decode("utf-8", "replace"))
        bold = fonts[name]
        top, bottom = height - top, height - bottom
        if current and (abs(current[4] - bottom) > 2.5 or size != current[5] or bold != current[6]
                        or left - current[2] > max(size, 1.0) * 0.25 or left < current[1] - 1):
            finish()
        if not current:
            current.extend([char, left, right, top, bottom, size, bold])
        else:
            current[0] += char
            current[2] = max(current[2], right)
            current[3] = min(current[3], top)
            current[4] = max(current[4], bottom)
    finish()
    return words


def _page_links(page, height: float) -> list[tuple[float, float, float, float, str]]:
    """(x0, top, x1, bottom, address) of each link on the page (a pikepdf page: PDFium does not
    give a link's address)."""
    links = []
    try:
        annots = page.obj.get("/Annots") or []
    except Exception:  # noqa: BLE001 - a damaged annotation list only loses the links' addresses
        return []
    for annot in annots:
        try:
            action = annot.get("/A")
            if annot.get("/Subtype") != "/Link" or action is None or action.get("/URI") is None:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot.get("/Rect"))
            links.append((min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1),
                          str(action.get("/URI"))))
        except Exception:  # noqa: BLE001 - one odd annotation
            continue
    return links


def _page_tables(source, path: Path, index: int) -> list[tuple[tuple, list[list[str]]]]:
    """Ruled tables on the page, found by pdfplumber (slow, so only for pages that draw lines or
    boxes, and on a copy of just that page: pdfminer reads a whole big file first)."""
    import io

    import pdfplumber

    data = None
    if source is not None:
        import pikepdf

        single = pikepdf.new()
        single.pages.append(source.pages[index])
        buffer = io.BytesIO()
        single.save(buffer)
        data = buffer
    tables = []
    with pdfplumber.open(data or path, pages=None if data else [index + 1]) as plumber:
        page = plumber.pages[0]
        for table in page.find_tables():
            rows = [[clean(cell or "") for cell in row] for row in table.extract()]
            rows = [r for r in rows if any(r)]
            # A frame, not a table: one column reaching over half the page, as where a box at the
            # foot of the page meets the page's own background (its edges join into "cells").
            frame = all(len(r) == 1 for r in rows) and (table.bbox[3] - table.bbox[1]) > page.height * 0.5
            if rows and not frame:
                tables.append((table.bbox, rows))
    return tables


def _page_lines(words: list[_Word], tables: list, links: list, number: int) -> list[_Line]:
    placed: list[_Word] = []
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        if any(x0 <= cx <= x1 and top <= cy <= bottom for (x0, top, x1, bottom), _ in tables):
            continue
        area = next(((x1, uri) for x0, top, x1, bottom, uri in links
                     if x0 - 1 <= cx <= x1 + 1 and top - 2 <= cy <= bottom + 2), None)
        word.href = area[1] if area else None
        trailing = re.search(r"[.,;:!?)]+$", word.text)
        if area and trailing and word.x1 > area[0] + 1 and trailing.start() > 0:
            # "SENCO," with only "SENCO" linked: the punctuation is outside the link
            placed.append(_Word(word.text[:trailing.start()], word.x0, area[0], word.top, word.bottom, word.size,
                                word.bold, word.href))
            word = _Word(trailing.group(), area[0], word.x1, word.top, word.bottom, word.size, word.bold)
        placed.append(word)
    # Lines: words whose tops are within a few points of each other (baselines wobble between
    # fonts), then each line's words from left to right.
    placed.sort(key=lambda w: w.top)
    lines: list[_Line] = []
    for word in placed:
        if lines and abs(lines[-1].words[0].top - word.top) <= 2.5:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word], number))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    for (x0, top, x1, bottom), rows in tables:
        lines.append(_Line([_Word("", x0, x1, top, bottom, 0.0, False)], number, table=rows))
    lines.sort(key=lambda line: line.top)
    return [line for line in lines if line.table or not (_PAGE_NUMBER.match(line.text) or is_furniture(line.text))]


def _running_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text.lower())).strip()


def without_running_lines(pages: list[list[_Line]], heights: list[float]) -> list[_Line]:
    """The pages' lines without running headers and footers: a line near the top or the foot of
    the page whose words (numbers aside) recur there on at least half the pages."""
    if len(pages) < 2:
        return [line for page in pages for line in page]
    seen: Counter = Counter()
    for page, height in zip(pages, heights):
        edge = {_running_key(l) for l in page[:3] + page[-3:] if not l.table and
                (l.bottom < height * 0.15 or l.top > height * 0.85)}
        seen.update(edge)
    running = {key for key, n in seen.items() if key and n >= max(2, len(pages) / 2)}
    kept = []
    for page, height in zip(pages, heights):
        for line in page:
            if line.table or _running_key(line) not in running or height * 0.15 <= line.bottom and line.top <= height * 0.85:
                kept.append(line)
    return kept


def _joined(words: list[_Word]) -> str:
    """Words of one line as text: a space only where the PDF leaves a gap ("worried" and "." set
    in two fonts are still one word)."""
    text = ""
    for i, word in enumerate(words):
        if i and _space_before(words[i - 1], word):
            if text.endswith("-") and word.text[:1].islower() and word.top > words[i - 1].bottom - 1:
                pass  # "well-" at a line's end and "being" on the next are one word
            else:
                text += " "
        text += word.text
    return text


def _space_before(previous: _Word, word: _Word) -> bool:
    """A space between two words: a gap on the line, or the second on a line below the first (a
    list item or heading wrapping onto the next line: "what" / "should" are two words)."""
    return word.x0 - previous.x1 > 0.8 or word.top >= previous.bottom - 1 or word.x0 < previous.x0


def _inline(words: list[_Word], line_start: bool = True) -> str:
    """Words as Markdown: runs of bold words in **, runs of words under one link as a link."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        j = i + 1
        if word.href:
            while j < len(words) and words[j].href == word.href:
                j += 1
            markdown = link(escape_markdown(_joined(words[i:j]), line_start=line_start and not out), word.href)
        elif word.bold:
            while j < len(words) and words[j].bold and not words[j].href:
                j += 1
            text = escape_markdown(_joined(words[i:j]), line_start=line_start and not out)
            markdown = f"**{text}**" if any(c.isalnum() for c in text) else text
        else:
            while j < len(words) and not words[j].bold and not words[j].href:
                j += 1
            markdown = escape_markdown(_joined(words[i:j]), line_start=line_start and not out)
        if out and _space_before(words[i - 1], word) and not (
                out[-1].endswith("-") and word.text[:1].islower() and word.top >= words[i - 1].bottom - 1):
            out.append(" ")
        out.append(markdown)
        i = j
    return "".join(out)


def _table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    rows = [[escape_markdown(c.replace("\n", " ")) for c in r] + [""] * (width - len(r)) for r in rows]
    if width == 1:
        return "\n\n".join(r[0] for r in rows if r[0])
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])


def read(path: Path) -> list[Section]:
    import pikepdf
    import pypdfium2.raw as raw

    document = _open(path)
    annotations = None
    try:
        if len(document) == 0:
            raise ReportInputError(f"{path}: has no pages (open it and save it again as a PDF)")
        if len(document) > MAX_REPORT_PAGES:
            raise ReportInputError(
                f"{path}: has {len(document)} pages, more than an SEN information report ({MAX_REPORT_PAGES} at "
                "most): save only the report's pages as a PDF (Print, choose the pages, Save as PDF) and import that")
        try:
            annotations = pikepdf.open(path)
        except pikepdf.PasswordError:
            raise _locked(path) from None
        except Exception:  # noqa: BLE001 - PDFium read it; without pikepdf only the links' addresses are lost
            annotations = None
        pages: list[list[_Line]] = []
        heights: list[float] = []
        images = 0
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            words = _page_words(page, page.get_textpage(), height)
            graphics = sum(1 for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=2))
            images += sum(1 for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
            tables = _page_tables(annotations, path, index) if graphics >= 4 and words else []
            links = _page_links(annotations.pages[index], height) if annotations else []
            pages.append(_page_lines(words, tables, links, index + 1))
            heights.append(height)
    finally:
        document.close()
        if annotations is not None:
            annotations.close()
    lines = without_running_lines(pages, heights)
    if not any(line.text or line.table for line in lines):
        what = "it looks like a scan (pictures of pages)" if images else "it holds no text"
        raise ReportInputError(f"{path}: has no text layer, {what} (import the Word or web version of the report, "
                               "or run it through OCR, for example 'ocrmypdf', and import the result)")
    sizes = Counter()
    for line in lines:
        for word in line.words:
            sizes[word.size] += len(word.text)
    body = sizes.most_common(1)[0][0] if sizes else 11.0
    heading_sizes = sorted({line.size for line in lines if not line.table and line.size >= body * 1.15}, reverse=True)
    # Group lines into blocks: a new block after a gap, a change of size, a bullet, or a table.
    blocks: list[list[_Line]] = []
    for line in lines:
        if blocks:
            previous = blocks[-1][-1]
            gap = line.top - previous.bottom
            # a paragraph (or list item) whose sentence runs on over a page break is one block
            runs_on = line.page == previous.page + 1 and not previous.text.endswith((".", "!", "?", ":"))
            close = (not line.table and not previous.table and abs(line.size - previous.size) < 0.5
                     and (line.page == previous.page and -2 < gap < max(line.size, previous.size) * 0.45 or runs_on))
            # a bold line straight above plain text is a heading typed in bold, not part of it
            same = close and not line.bullet and line.bold == previous.bold
            # a bullet's wrapped line (indented under the item's words) stays with the item
            if (not same and not line.table and not previous.table and not line.bullet and line.page == previous.page
                    and any(l.bullet for l in blocks[-1][:1]) and line.x0 > blocks[-1][0].x0 + 4
                    and -2 < gap < line.size * 0.45):
                same = True
            if same:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    # The width of the text column: the widest ordinary line.
    column = max((line.words[-1].x1 - line.x0 for line in lines if line.words and not line.table), default=400.0)
    sections = [Section(None, 2, [], "page 1")]
    pending_list: list[str] = []
    list_where = ""

    def flush_list() -> None:
        nonlocal pending_list
        if pending_list:
            sections[-1].paragraphs.append(Paragraph("\n".join(pending_list), list_where, "list"))
            pending_list = []

    list_indent: float | None = None
    list_kind: str | None = None
    previous_table: _Line | None = None
    numbered = 0  # numbered question headings so far: then "7. Looking after ..." is one too
    for block in blocks:
        first = block[0]
        where = f"page {first.page}"
        if first.table:
            flush_list()
            if previous_table and previous_table.page == first.page - 1 and \
                    len(previous_table.table[0]) == len(first.table[0]) and sections[-1].paragraphs:
                # a table running on over a page break: one table, its rows in order
                repeated_header = first.table[0] == previous_table.table[0]
                previous_table.table.extend(first.table[1:] if repeated_header else first.table)
                sections[-1].paragraphs[-1].markdown = _table(previous_table.table)
                previous_table.page = first.page
                continue
            sections[-1].paragraphs.append(Paragraph(_table(first.table), where, "table"))
            previous_table = first
            continue
        previous_table = None
        text = clean(re.sub(r"(?<=\w-) (?=[a-z])", "", " ".join(line.text for line in block)))
        words = len(text.split())
        larger = first.size >= body * 1.15
        numbered_heading = (len(block) <= 3 and is_numbered_heading(text, alone=len(block) == 1 or larger or first.bold)
                            and (numbered or larger or first.bold or text.endswith("?")))
        bold_heading = first.bold and not re.search(r"\d{3}|@|https?:", text) and not text.endswith((".", ",", ";")) and (
            len(block) <= 2 and words <= MAX_HEADING_WORDS
            or len(block) <= 3 and (text.endswith("?") and words <= 30 or is_numbered_heading(text, True)))
        if is_lead_in(text) or is_contents_line(text) and len(block) == 1:
            numbered_heading = bold_heading = larger = False  # "These standards are:", "1. Overview 3"
        bullet_question = first.bullet == "-" and first.bold and text.endswith("?") and 4 <= words <= 30
        if bullet_question:
            text = text[len(first.words[0].text):].strip()
        if (((larger and words <= 40) or bold_heading) and (not first.bullet or bullet_question)
                or (is_question_line(text) and len(block) == 1) or numbered_heading):
            flush_list()
            if strip_question_number(text) != text:
                numbered += 1
            level = heading_sizes.index(first.size) + 1 if larger and first.size in heading_sizes else len(heading_sizes) + 1
            level = max(1, min(level, 6))
            if level == 1 and any(s.level == 1 for s in sections):
                level = 2  # one title only
            sections.append(Section(heading_text(text), level, [], where))
            continue
        if first.bullet:
            if pending_list and first.x0 <= (list_indent or 0) + 8 and list_kind != first.bullet:
                flush_list()  # a bulleted list straight after a numbered one (or the other way)
            if not pending_list:
                list_where, list_indent, list_kind = where, first.x0, first.bullet
            words_of = [w for line in block for w in line.words][1:]
            number = first.words[0].text.rstrip(".)")
            marker = "- " if first.bullet == "-" else f"{number if number.isdigit() else len(pending_list) + 1}. "
            indent = "   " if list_indent is not None and first.x0 > list_indent + 8 else ""
            pending_list.append(indent + marker + _inline(words_of))
            continue
        flush_list()
        # The PDF's line breaks are where the page ran out, except after a short line (an address,
        # a list of contacts typed one per line): those stay lines.
        markdown = ""
        for i, line in enumerate(block):
            new_line = True
            if i:  # a break is the writer's when the next word would have fitted on the line
                previous = block[i - 1]
                room = column - (previous.words[-1].x1 - previous.x0)
                new_line = room > 1.2 * (line.words[0].x1 - line.words[0].x0) + 6
                # "well-" at a line's end and "being" on the next are one word, "well-being"
                joined = not new_line and markdown.endswith("-") and line.text[:1].islower()
                markdown += "\n" if new_line else "" if joined else " "
            markdown += _inline(line.words, line_start=new_line)
        sections[-1].paragraphs.append(Paragraph(markdown, where, "paragraph"))
    flush_list()
    return sections

