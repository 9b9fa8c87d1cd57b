"""HTML (from a web page's main content, or from a Word file via mammoth) as sections.

Headings are h1-h6, and also paragraphs that are a short bold line or a numbered question
("3. How do we know ...?"), as office-made reports often have. Paragraphs, lists and tables
become the offer's Markdown, keeping bold and web, email and phone links.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from . import (Paragraph, Section, clean, escape_markdown, is_contents_line, is_furniture, is_lead_in,
               heading_text, is_numbered_heading, is_question_line, link, strip_question_number)

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol"}
_CONTAINERS = {"div", "section", "article", "main", "body", "html", "blockquote", "figure", "header",
               "aside", "form", "center", "dd", "details", "summary", "span", "font", "doc", "main-content"}
_SKIP = {"script", "style", "noscript", "template", "svg", "button", "select", "nav", "head", "title", "img",
         "iframe", "object", "embed", "canvas", "video", "audio", "map", "input", "textarea"}
_BOLD = {"strong", "b"}
_BLOCKS = {"p", "pre", "address", "dl", "dt", "table", "hr", "li", "tr", "caption", *_HEADINGS, *_LISTS}
MAX_HEADING_WORDS = 15


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def inline_markdown(element) -> str:
    """An element's inline content as Markdown: text escaped, bold and safe links kept."""
    parts: list[str] = []
    if element.text:
        parts.append(escape_markdown(element.text))
    for child in element:
        tag = _tag(child)
        if tag in _SKIP:
            pass  # scripts, forms, pictures: no words of the report (a picture's alt text is not its text)
        elif tag == "br":
            parts.append("\n")
        elif tag in _BOLD:
            inner = inline_markdown(child)
            parts.append(_bold(inner))
        elif tag == "a":
            inner = inline_markdown(child)
            words = inner.strip()
            parts.append(_around(inner, link(words, child.get("href")) if "](" not in words else words))
        elif tag in _LISTS or tag == "table":
            parts.append(" " + " ".join(clean(t) for t in child.itertext() if clean(t)) + " ")
        elif tag:
            parts.append(inline_markdown(child))
        if child.tail:
            parts.append(escape_markdown(child.tail))
    return "".join(parts)


def _around(inner: str, core: str) -> str:
    """``core`` with the spaces ``inner`` had around it (so words never run together)."""
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{core}{trail}" if core else inner


def _bold(inner: str) -> str:
    words = inner.strip()
    if not words or words.startswith("**"):
        return inner
    return _around(inner, f"**{words}**")


def tidy_inline(markdown: str) -> str:
    """Spaces made single, lines trimmed, bold markers next to each other merged."""
    markdown = markdown.replace("****", "").replace("** **", " ")
    lines = [clean(line) for line in markdown.split("\n")]
    return "\n".join(line for line in lines if line)


def _whole_bold(element) -> bool:
    """All of the paragraph's words are bold (a heading typed as a bold line)."""
    text = clean("".join(element.itertext()))
    if not text:
        return False
    bold = clean(" ".join("".join(b.itertext()) for b in element.iter() if _tag(b) in _BOLD
                          and not any(_tag(a) in _BOLD for a in b.iterancestors())))
    return bold.replace(" ", "") == text.replace(" ", "")


def list_markdown(element, depth: int = 0) -> str:
    ordered = _tag(element) == "ol"
    lines: list[str] = []
    number = int(element.get("start") or 1) if ordered and (element.get("start") or "").isdigit() else 1
    for item in element:
        if _tag(item) in _LISTS:  # a list directly inside a list (some editors write that)
            lines.append(list_markdown(item, depth + 1))
            continue
        if _tag(item) != "li":
            continue
        marker = f"{number}. " if ordered else "- "
        number += 1
        indent = "   " * depth
        nested = [c for c in item if _tag(c) in _LISTS or _tag(c) == "table"]
        for c in nested:  # the item's own words first, its sub-list after
            c_tail = c.tail
            c.tail = None
            item.remove(c)
            if c_tail:
                item.text = (item.text or "") + c_tail
        words = tidy_inline(inline_markdown(item)).replace("\n", " ")
        if words:
            lines.append(f"{indent}{marker}{words}")
        for c in nested:
            if _tag(c) == "table":
                lines.append(f"{indent}   " + " ".join(clean(t) for t in c.itertext() if clean(t)))
            else:
                lines.append(list_markdown(c, depth + 1))
    return "\n".join(line for line in lines if line)


def table_markdown(element) -> str:
    rows: list[list[str]] = []
    for row in element.iter("tr"):
        if any(_tag(a) == "table" for a in row.iterancestors() if a is not element and a in element.iterdescendants()):
            continue
        cells = [tidy_inline(inline_markdown(cell)).replace("\n", " ") for cell in row if _tag(cell) in ("td", "th")]
        if any(cells):
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if width == 1:  # a one-column table is a list of paragraphs in a box
        return "\n\n".join(r[0] for r in rows if r[0])
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _bullet_question(element, text: str) -> bool:
    """A question typed after a bullet character and set in bold or alone ("• How will the
    Nursery support my child?")."""
    return bool(re.match(r"^[•●▪◦‣·]\s*\S", text)) and text.endswith("?") and len(text.split()) >= 5


def question_rows(table) -> list[tuple[str, list]]:
    """(question, answer cell's elements) for each row of a table that sets a report out as
    questions and answers (two or three columns; most rows' first cell a question, or a bold or
    header cell of a few words); [] for any other table."""
    rows = []
    for row in table.iter("tr"):
        cells = [c for c in row if _tag(c) in ("td", "th")]
        if len(cells) < 2:
            continue
        rows.append(cells)
    if len(rows) < 2:
        return []
    heads = []
    for cells in rows:
        first = clean("".join(cells[0].itertext()))
        words = len(first.split())
        heading_like = bool(first) and words <= 30 and (
            first.endswith("?") or (words <= 10 and (_tag(cells[0]) == "th" or _whole_bold(cells[0]))
                                    and not first.endswith((".", ",", ";"))))
        answer = " ".join(clean("".join(c.itertext())) for c in cells[1:])
        heads.append((heading_like, first, cells, len(answer.split())))
    body = heads[1:] if not heads[0][0] or heads[0][3] <= 6 else heads  # the header row ("Question | Answer")
    questions = [h for h in body if h[0] and h[3] >= 4]
    if len(questions) < max(2, 0.6 * len(body)):
        return []
    out: list[tuple[str, list]] = []
    for heading_like, first, cells, _ in body:
        answer = [_moved_into(cell, "div") for cell in cells[1:]]
        if heading_like:
            out.append((first, answer))
        elif out:  # a row without a question carries on the answer above it
            out[-1][1].extend([_moved_into(cells[0], "p")] + answer)
    return out


def _moved_into(cell, tag: str):
    """A cell's content as a new block element (walked like any other block)."""
    holder = lxml.html.fromstring(f"<{tag}></{tag}>")
    holder.text = cell.text
    for child in list(cell):
        holder.append(child)
    return holder


class _Walker:
    def __init__(self, where_word: str):
        self.sections: list[Section] = [Section(None, 2, [], f"{where_word} 1")]
        self.where_word = where_word
        self.count = 0
        self.numbered = 0  # numbered headings so far: then "7. Looking after ..." is one too

    def where(self) -> str:
        return f"{self.where_word} {self.count}"

    def heading(self, text: str, level: int) -> None:
        text = clean(text)
        if is_furniture(text):
            return
        if strip_question_number(text) != text:  # a numbered heading: then "7. Looking after ..." is one too
            self.numbered += 1
        text = heading_text(text)
        if text:
            self.sections.append(Section(text, level, [], self.where()))

    def add(self, markdown: str, kind: str) -> None:
        if markdown.strip():
            self.sections[-1].paragraphs.append(Paragraph(markdown.strip(), self.where(), kind))

    def walk(self, element) -> None:
        tag = _tag(element)
        if not tag or tag in _SKIP:
            return
        self.count += 1 if tag in _BLOCKS or tag in _HEADINGS else 0
        if tag in _HEADINGS:
            self.heading("".join(element.itertext()), _HEADINGS[tag])
        elif tag in _LISTS:
            items = [c for c in element if _tag(c) == "li"]
            text = clean("".join(items[0].itertext())) if len(items) == 1 else ""
            if (text.endswith("?") and len(text.split()) <= 30 and len(element) == 1
                    and not any(_tag(c) in _LISTS for c in items[0].iter())):
                # Word's auto-numbered question ("1. How do you ...?") is a list of one item
                self.heading(text, 3)
            else:
                self.add(list_markdown(element), "list")
        elif tag == "table":
            rows = question_rows(element)
            if rows:  # a report set out as a table of question | answer: each row is a part of it
                for question, answer in rows:
                    self.heading(question, 3)
                    for part in answer:
                        self.walk(part)
            else:
                self.add(table_markdown(element), "table")
        elif tag in ("p", "pre", "address", "dt", "caption", "li", "summary") or (
                tag in _CONTAINERS and not any(_tag(c) in _BLOCKS or _tag(c) in _CONTAINERS for c in element)):
            self.paragraph(element)
        elif tag == "dl":
            for child in element:
                self.walk(child)
        elif tag == "hr":
            pass
        else:  # a container: its own loose text is a paragraph too
            if element.text and clean(element.text):
                self.add(escape_markdown(clean(element.text)), "paragraph")
            for child in element:
                self.walk(child)
                if child.tail and clean(child.tail):
                    self.add(escape_markdown(clean(child.tail)), "paragraph")

    def paragraph(self, element) -> None:
        text = clean("".join(element.itertext()))
        if not text or is_furniture(text):
            return
        words = len(text.split())
        if is_lead_in(text) or is_contents_line(text):  # "These standards are:", "1. Overview 3": never headings
            self.add(tidy_inline(inline_markdown(element)), "paragraph")
            return
        if is_question_line(text) or (self.numbered and is_numbered_heading(text)):
            self.heading(text, 3)
            return
        bold = _whole_bold(element) or _bullet_question(element, text)
        if bold and (words <= MAX_HEADING_WORDS or text.endswith("?") and words <= 30 or is_numbered_heading(text, True))\
                and not text.endswith((".", ",", ";")) and not re.search(r"\d{3}|@|https?:", text):
            self.heading(text, 3)
            return
        self.add(tidy_inline(inline_markdown(element)), "paragraph")


def sections_from_html(html: str | bytes, where_word: str = "paragraph") -> list[Section]:
    """The sections of an HTML fragment or page (the whole of it: pick the main content first)."""
    if isinstance(html, str):
        html = html.encode("utf-8")
    if not html.strip():
        return []
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    root = lxml.html.document_fromstring(html, parser=parser)
    etree.strip_elements(root, "script", "style", with_tail=False)
    walker = _Walker(where_word)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    return walker.sections
