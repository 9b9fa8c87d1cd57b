"""Braille page layout, as a transcriber lays it out (BANA Braille Formats, UKAAF practice).

liblouis translates but does not lay out; this module takes braille already translated into
ASCII braille and makes pages of it:

- a centred heading (three blank cells kept at either side) has a blank line before and after
  it; a cell-5 heading a blank line before it; a cell-7 heading none, so a heading is told
  apart from a list item (cell 1, runovers cell 3) and a paragraph (cell 3, runovers cell 1)
  by where it starts;
- a list has a blank line before and after it (not between a heading and its list);
- a heading is never left at the foot of a page without two lines of its text under it;
- no word is divided; a web or email address longer than a line is divided only after a
  slash or before a dot or @, with no hyphen added;
- the braille page number at the right of each page's last line; CR LF line ends and a
  form feed between pages, as BRF files are written.
"""

from __future__ import annotations

from dataclasses import dataclass

CENTRED_MARGIN = 3  # blank cells kept at each side of a centred heading
GUIDE_DOT = '"'  # dot 5, leading a contents entry to its page number


@dataclass(frozen=True)
class Word:
    """One braille word; ``breaks`` are the offsets where it may be divided between lines with
    nothing added (inside web and email addresses)."""
    cells: str
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class Line:
    text: str
    kind: str  # "heading", "text", "blank" or "page" (a page break)
    entry: int | None = None  # the first line of a heading the contents lists: its entry


PAGE_BREAK = Line("", "page")


def wrap(words: list[Word], width: int, first_indent: int = 0, runover_indent: int = 0) -> list[str]:
    """Lines of at most ``width`` cells, never dividing a word except one longer than a line:
    an address at its break points, any other word (rare in braille) with a hyphen."""
    lines: list[str] = []
    current = " " * first_indent

    def room() -> int:
        return width - len(current) - (1 if current.strip() else 0)

    def put(piece: str) -> None:
        nonlocal current
        current += (" " if current.strip() else "") + piece

    def new_line() -> None:
        nonlocal current
        lines.append(current.rstrip())
        current = " " * runover_indent

    for word in words:
        cells, start = word.cells, 0
        if len(cells) > room() and current.strip() and len(cells) <= width - runover_indent:
            new_line()  # a word that fits on a line of its own goes there whole
        while len(cells) - start > room():
            space = room()
            fitting = [b for b in word.breaks if start < b <= start + space]
            if fitting:
                end, mark = max(fitting), ""
            elif not word.breaks and space >= 5:
                end, mark = start + space - 1, "-"
            elif current.strip():
                new_line()  # no break point fits here: try a fresh line
                continue
            else:
                end, mark = start + space, ""  # an address with no break point in a whole line
            put(cells[start:end] + mark)
            new_line()
            start = end
        put(cells[start:])
    if current.strip():
        lines.append(current.rstrip())
    return lines


def centred(words: list[Word], width: int) -> list[str]:
    inner = width - 2 * CENTRED_MARGIN
    return [" " * ((width - len(line)) // 2) + line for line in wrap(words, inner)]


def block_lines(blocks: list[tuple[str, list, int | None]], width: int) -> list[Line]:
    """Lines for (kind, words, contents entry) blocks: "h1" centred, "h2" cell 5, "h3" cell 7,
    "p" a paragraph (3-1), "li" a list item (1-3), "centre" a centred line of a title page,
    "blank" a blank line, "page" a page break, "lines" lines laid out already (its words are
    Lines)."""
    out: list[Line] = []
    previous = None

    def blank() -> None:
        if out and out[-1].kind not in ("blank", "page"):
            out.append(Line("", "blank"))

    def add(texts: list[str], kind: str, entry: int | None = None) -> None:
        out.extend(Line(text, kind, entry if i == 0 else None) for i, text in enumerate(texts))

    for kind, words, entry in blocks:
        if kind == "page":
            out.append(PAGE_BREAK)
        elif kind == "lines":
            out.extend(words)
        elif kind == "blank":
            blank()
        elif not words:
            continue
        elif kind == "h1":
            blank()
            add(centred(words, width), "heading", entry)
            blank()
        elif kind == "h2":
            blank()
            add(wrap(words, width, 4, 4), "heading", entry)
        elif kind == "h3":
            add(wrap(words, width, 6, 6), "heading", entry)
        elif kind == "centre":
            add(centred(words, width), "text", entry)
        elif kind == "li":
            if previous not in ("li", "h1", "h2", "h3"):
                blank()
            add(wrap(words, width, 0, 2), "text", entry)
        else:
            if previous == "li":
                blank()
            add(wrap(words, width, 2, 0), "text", entry)
        previous = kind
    return out


def contents_lines(entries: list[tuple[list[Word], str]], width: int) -> list[Line]:
    """Contents entries (cell 1, runovers cell 3), each led by guide dots to its braille page
    number at the right margin; the entry's text keeps clear of the page-number column."""
    out: list[Line] = []
    for words, number in entries:
        lines = wrap(words, width - len(number) - 5, 0, 2)
        last = lines[-1]
        dots = width - len(last) - len(number) - 2
        lines[-1] = f"{last} {GUIDE_DOT * dots} {number}"
        out.extend(Line(text, "text") for text in lines)
    return out


def _carry_from(page: list[Line]) -> int:
    """Where to end a page that more text follows: before a heading (and the blank before it)
    that would have fewer than two lines of its text under it on this page."""
    text_after, k = 0, len(page) - 1
    while k >= 0 and page[k].kind != "heading":
        text_after += page[k].kind == "text"
        k -= 1
    if k < 0 or text_after >= 2:
        return len(page)
    while k > 0 and page[k - 1].kind in ("heading", "blank"):
        k -= 1
    return k if k > 0 else len(page)


def paginate(lines: list[Line], height: int) -> list[list[Line]]:
    """Pages of ``height - 1`` lines (the last line holds the page number); no page starts or
    ends with a blank line; a page break in ``lines`` starts a new page."""
    per_page = height - 1
    pages: list[list[Line]] = []
    at = 0
    while True:
        while at < len(lines) and lines[at].kind in ("blank", "page"):
            at += 1
        if at == len(lines):
            return pages
        end = at
        while end < len(lines) and end - at < per_page and lines[end].kind != "page":
            end += 1
        if end < len(lines) and lines[end].kind != "page":
            end = at + _carry_from(lines[at:end])
        page = lines[at:end]
        at = end
        while page and page[-1].kind == "blank":
            page.pop()
        pages.append(page)


def entry_pages(pages: list[list[Line]]) -> dict[int, int]:
    """Each contents entry's page (1 for the first page)."""
    return {line.entry: n for n, page in enumerate(pages, 1) for line in page if line.entry is not None}


def brf(pages: list[list[Line]], numbers: list[str], width: int, height: int) -> str:
    """The pages as a BRF: each line ended CR LF, the page number at the right of the last
    line, a form feed between pages."""
    out = []
    for page, number in zip(pages, numbers, strict=True):
        texts = [line.text for line in page] + [""] * (height - 1 - len(page)) + [number.rjust(width)]
        out.append("".join(text.rstrip() + "\r\n" for text in texts))
    return "\f".join(out)
