"""The small Markdown that answers are written in, turned into safe HTML or plain text.

Allowed: paragraphs, bullet and numbered lists, bold, links (https, http, mailto, tel) and
simple tables. Raw HTML and images are refused when the offer is loaded; the renderer never
passes them through either (HTML is parsed as text, so ``<script>`` prints as words).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_MARKDOWN = "answers may use paragraphs, '- ' lists, '1. ' lists, **bold**, [words](https://…) links and simple tables"
SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")

# Items a reader must never see split across two lines (large print rule): phone numbers,
# email and web addresses, dates.
UNBREAKABLE = re.compile(
    r"(?:\+44\s?|\b0)\d{2,4}[ ]?\d{3}[ ]?\d{3,4}\b"                      # UK phone numbers
    # The parts of email addresses and hyphenated words have a longest length (an address's
    # local part is at most 64 characters): unbounded, each try from inside one long word would
    # rescan it to its end (quadratic: a minute for a 60,000-character word).
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"                       # email addresses
    # web addresses; punctuation of other scripts after one (Urdu's "،", Chinese "，") ends it
    r"|\bhttps?://[^\s،؛؟۔，。、；：）]+[^\s.,;:!?)،؛؟۔，。、；：）]"
    r"|\b\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)(?: \d{4})?\b"                        # 1 September 2026
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"                                    # 01/09/2026
    # Hyphenated words (co-ordinator, well-being): a break after the hyphen splits a word,
    # and text extraction then drops the hyphen ("coordinator").
    # Not \w: in Bengali and other Indic scripts vowel signs and the virama are not \w, and
    # a span cut inside a syllable breaks how it is drawn.
    r"|[^\s-]{1,64}(?:-[^\s-]{1,64})+"
)


class Text(str):
    """A piece of plain text that may be in another language than its document: a unit left in
    English in a translated document. ``lang`` is that language, or None."""

    lang: str | None = None

    def __new__(cls, value: str, lang: str | None = None):
        obj = super().__new__(cls, value)
        obj.lang = lang
        return obj


class Prose(str):
    """Markdown whose units (paragraphs, list items, table cells) may be translated one by one:
    ``unit_translation(english inline source) -> translated inline Markdown or None``. Units
    without a translation stay as written, marked as ``fallback_lang`` for screen readers."""

    unit_translation = None
    fallback_lang: str | None = None

    def __new__(cls, value: str, unit_translation=None, fallback_lang: str | None = None):
        obj = super().__new__(cls, value)
        obj.unit_translation = unit_translation
        obj.fallback_lang = fallback_lang
        return obj

    def translated(self, inline_source: str) -> str | None:
        if self.unit_translation is None:
            return None
        return self.unit_translation(" ".join(inline_source.split()))

    @property
    def untranslated_units(self) -> int:
        if self.unit_translation is None:
            return 0
        return sum(1 for t in parser().parse(str(self)) if t.type == "inline" and t.content.strip()
                   and self.translated(t.content) is None)


def lang_span(text: str, inner: str | None = None) -> Markup:
    """``text`` escaped; wrapped in a span with its language when it is not the document's."""
    body = Markup(inner) if inner is not None else escape(text)
    lang = getattr(text, "lang", None)
    if lang:
        return Markup(f'<span lang="{escape(lang)}" dir="ltr">{body}</span>')
    return Markup(body)


def lang_attr(text: str) -> Markup:
    """' lang="en-GB" dir="ltr"' for text not in the document's language, else nothing."""
    lang = getattr(text, "lang", None)
    return Markup(f' lang="{escape(lang)}" dir="ltr"') if lang else Markup("")


def nowrap(text: str) -> Markup:
    """Escape ``text`` and keep phone numbers, addresses, dates and hyphenated words on one line.

    A web or email address longer than a line (36pt print fits about 25 characters) cannot
    stay whole: it carries its length as a class (``len-41``), the variant stylesheet lets the
    ones too long for its line width wrap, and ``<wbr>`` marks where (after / . @)."""
    out, last = [], 0
    for match in UNBREAKABLE.finditer(text):
        out.append(escape(text[last:match.start()]))
        item = match.group()
        # Addresses, phone numbers and dates read left to right even on a right-to-left page
        # (else "0161 496 0123" shows as "0123 496 0161"); a hyphenated word keeps its own.
        if "@" in item or "://" in item:
            pieces = re.split(r"(?<=[/.@])", item)
            inner = "<wbr>".join(str(escape(p)) for p in pieces if p)
            out.append(f'<span class="nowrap ltr len-{len(item)}" dir="ltr">{inner}</span>')
        elif re.search(r"[A-Za-z\u0600-\u06ff\u0980-\u09ff\u0a00-\u0a7f]", item) and not re.search(
                r"January|February|March|April|May|June|July|August|September|October|November|December", item):
            out.append(f'<span class="nowrap">{escape(item)}</span>')
        else:
            out.append(f'<span class="nowrap ltr" dir="ltr">{escape(item)}</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return lang_span(text, "".join(out))


# A block's last two words are kept on one line, so no block ends with a line of one word
# (WeasyPrint 70 has no text-wrap: pretty). Only when they are short enough to share any
# line, even at 48 point; never inside an item that nowrap() already keeps whole.
_TIE_LONGEST = 16


def _tie_point(text: str) -> int | None:
    """Where the last two words of ``text`` start, or None when they are not to be tied."""
    body = text.rstrip()
    last_space = body.rfind(" ")
    if last_space <= 0:
        return None
    start = body.rfind(" ", 0, last_space) + 1
    if len(body) - start > _TIE_LONGEST or not body[start:last_space].strip():
        return None
    if any(m.start() < start < m.end() or m.start() < last_space < m.end() for m in UNBREAKABLE.finditer(body)):
        return None
    return start


def tie(text: str) -> Markup:
    """Like :func:`nowrap`, with the last two words of a block's text joined by a no-break
    space (a nowrap span there makes WeasyPrint 70 break the line before too early)."""
    if _tie_point(text) is None:
        return nowrap(text)
    last_space = text.rstrip().rfind(" ")
    return nowrap(Text(text[:last_space] + "\u00a0" + text[last_space + 1:], getattr(text, "lang", None)))


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _with_scheme(url: str) -> str:
    """'www.school.org' is how people write a web address: it means https://www.school.org."""
    return "https://" + url.strip() if url.strip().lower().startswith("www.") else url


# --- line breaks a person meant ------------------------------------------------------------
#
# Markdown joins single line breaks, which is right for a paragraph wrapped to fit the editor
# and wrong for what a person pasted: a list under a sentence, a heading line above a
# paragraph, an address. Before parsing, such breaks are made explicit: a pasted list gets the
# blank line Markdown needs, a line after a list item that starts something new ends the
# list, and a short line ending a thought keeps its break (a hard line break).

_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])(\s+)\S")
_PASTED_BULLET = re.compile(r"^(\s*)[\u2022\u25e6\u25aa\u25cf\u00b7\u2023\u2043]\s*(?=\S)")  # from Word
_CONTINUES = re.compile(
    r"(?i)(?:[,;(/&+\u2013\u2014-]|\b(?:and|or|but|nor|the|a|an|to|of|with|for|in|on|at|by|from|into|our|your|their|"
    r"his|her|its|is|are|was|were|be|will|can|may|who|which|that|as|than|if|so|such|e\.g\.|i\.e\.|Mr|Mrs|Ms|Miss|Dr))$")
_STARTS_NEW = re.compile(r"^[A-Z0-9\"'\u201c\u2018(\[*\u00c0-\u024f]")
MEANT_SHORT = 0.75  # a line this much shorter than the longest of its paragraph ended on purpose
ALL_SHORT = 50  # a paragraph whose lines are all this short is lines, not wrapped prose


def _item_text(line: str) -> str:
    match = _ITEM.match(line)
    return line[match.end() - 1:] if match else line.strip()


def _meant(before: str, after: str, width: int) -> bool:
    """Is the line break between ``before`` and ``after`` one a person meant?"""
    if before.endswith(("  ", "\\")):
        return False  # already a Markdown hard break
    a, b = _item_text(before).rstrip(), after.strip()
    if not a or not _STARTS_NEW.match(b) or _CONTINUES.search(a):
        return False
    if a.endswith(":"):
        return True
    return len(a) <= MEANT_SHORT * width or width <= ALL_SHORT


def meant_line_breaks(src: str) -> list[tuple[int, str]]:
    """Where (0-based line of ``src``, what) a single line break will be kept: "list" (a list
    starts or ends there) or "line" (a line break), for `check` to report."""
    return _keep_breaks(src)[1]


def keep_meant_breaks(src: str) -> str:
    """``src`` with the line breaks a person meant made explicit Markdown."""
    return _keep_breaks(src)[0]


def _keep_breaks(src: str) -> tuple[str, list[tuple[int, str]]]:
    lines = [_PASTED_BULLET.sub(r"\1- ", line) for line in src.split("\n")]
    out: list[str] = []
    kept: list[tuple[int, str]] = []
    run: list[int] = []  # the current paragraph's line numbers
    fence = False

    def flush() -> None:
        if not run:
            return
        texts = [lines[i] for i in run]
        if any(t.lstrip().startswith(("|", ">", "#")) for t in texts) or any(t.startswith("    ") for t in texts[:1]):
            out.extend(texts)  # tables, quotes, headings and code keep Markdown's own rules
            run.clear()
            return
        width = max(len(_item_text(t)) for t in texts)
        out.append(texts[0])
        in_item = _ITEM.match(texts[0])
        for k in range(1, len(texts)):
            before, after = texts[k - 1], texts[k]
            item = _ITEM.match(after)
            if item:
                if not in_item:
                    out.append("")  # a list pasted under a line of text
                    kept.append((run[k], "list"))
                in_item = item
            elif in_item and len(after) - len(after.lstrip(" ")) < in_item.end() - 1:
                if _meant(before, after, width):  # a line after a list item that is not part of it
                    out.append("")
                    kept.append((run[k], "list"))
                    in_item = None
            elif _meant(before, after, width):
                out[-1] = out[-1].rstrip() + "  "
                kept.append((run[k - 1], "line"))
            out.append(after)
        run.clear()

    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            flush()
            fence = not fence
            out.append(line)
        elif fence:
            out.append(line)
        elif not line.strip():
            flush()
            out.append(line)
        else:
            run.append(number)
    flush()
    return "\n".join(out), kept


def _meant_breaks_rule(state) -> None:
    state.src = keep_meant_breaks(state.src)


@functools.cache
def parser(allow_html: bool = False) -> MarkdownIt:
    """The one Markdown parser (CommonMark and tables, links made safe): the renderers and the
    translation units split text as it does."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False}).enable("table")
    md.core.ruler.before("block", "meant_breaks", _meant_breaks_rule)
    normalize = md.normalizeLink
    md.normalizeLink = lambda url: normalize(_with_scheme(url))
    md.validateLink = _safe_link  # anything else stays as literal text
    return md


def unsafe_markdown(text: str) -> list[str]:
    """What in ``text`` is not allowed in an answer, in plain words (empty when fine)."""
    problems: list[str] = []
    for token in _walk(parser(allow_html=True).parse(text)):
        if token.type in {"html_block", "html_inline"}:
            if any(p.startswith("raw HTML") for p in problems):
                continue  # one line is enough: the fix is the same
            snippet = token.content.strip().splitlines()[0][:40]
            problems.append(f"raw HTML is not allowed: {snippet}")
        elif token.type == "image":
            problems.append(f"pictures cannot go inside an answer: {token.attrGet('src')}")
    for target in re.findall(r"(?<!\\)\]\(\s*<?([^)\s>]+)", text):  # "\](" is text someone escaped
        if not _safe_link(_with_scheme(target)) and not target.startswith("#"):
            problems.append(f"the link '{target[:60]}' is not a web, email or phone address")
    return list(dict.fromkeys(problems))


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


# --- HTML ----------------------------------------------------------------------------------

def _render_inline(children: list[Token]) -> str:
    out = []
    words = [i for i, tok in enumerate(children) if tok.type in {"text", "code_inline"} and tok.content.strip()]
    last_words = words[-1] if words and children[words[-1]].type == "text" else None
    for index, tok in enumerate(children):
        if tok.type == "text" and index == last_words:
            out.append(tie(tok.content))  # no single word on a block's last line
        elif tok.type == "text":
            out.append(nowrap(tok.content))
        elif tok.type in {"softbreak"}:
            out.append("\n")
        elif tok.type == "hardbreak":
            out.append("<br>")
        elif tok.type == "code_inline":
            out.append(nowrap(tok.content))
        elif tok.type in {"strong_open", "em_open"}:  # no italics in clear print: emphasis is bold
            out.append("<strong>")
        elif tok.type in {"strong_close", "em_close"}:
            out.append("</strong>")
        elif tok.type == "link_open":
            href = tok.attrGet("href") or ""
            out.append(f'<a href="{escape(href)}">')
        elif tok.type == "link_close":
            out.append("</a>")
        else:  # images, html and anything else: their source text, escaped
            out.append(escape(tok.content))
    return "".join(out)


def _inline_children(text: str, tok: Token) -> tuple[list[Token], str | None]:
    """The inline tokens to print for one unit, and the language to mark them with (when a
    translated document falls back to the English)."""
    translated = text.translated(tok.content) if isinstance(text, Prose) else None
    if translated is not None:
        # A translation is inline Markdown only: a translator cannot add blocks or HTML.
        return parser().parseInline(translated)[0].children or [], None
    fallback = text.fallback_lang if isinstance(text, Prose) and text.unit_translation else None
    return tok.children or [], fallback


_BLOCK_TAGS = {
    "paragraph": "p", "bullet_list": "ul", "ordered_list": "ol", "list_item": "li",
    "table": "table", "thead": "thead", "tbody": "tbody", "tr": "tr", "th": "th", "td": "td",
}


def _fallback_blocks(text: str, tokens: list[Token]) -> dict[int, str]:
    """Block openers (index -> language) whose content is left in the source language: the
    language goes on the block itself, so a right-to-left page sets it left to right, bullet
    and all."""
    marked: dict[int, str] = {}
    for i, tok in enumerate(tokens):
        if tok.type != "inline":
            continue
        _children, fallback = _inline_children(text, tok)
        if not fallback:
            continue
        for j in range(i - 1, -1, -1):  # the nearest visible block that holds this inline
            opener = tokens[j]
            if opener.type.endswith("_open") and not (opener.type == "paragraph_open" and opener.hidden):
                marked[j] = fallback
                break
    return marked


def to_html(text: str) -> Markup:
    """Safe HTML for an answer. Headings inside answers become bold paragraphs, so a school
    cannot break the document's heading order."""
    out = []
    tokens = parser().parse(text or "")
    fallback_at = _fallback_blocks(text, tokens)
    for index, tok in enumerate(tokens):
        if tok.type == "inline":
            children, _fallback = _inline_children(text, tok)
            out.append(_render_inline(children))
        elif tok.type in {"heading_open"}:
            lang = f' lang="{escape(fallback_at[index])}" dir="ltr"' if index in fallback_at else ""
            out.append(f'<p class="answer-heading"{lang}><strong>')
        elif tok.type in {"heading_close"}:
            out.append("</strong></p>")
        elif tok.type.endswith("_open") and tok.type[:-5] in _BLOCK_TAGS:
            tag = _BLOCK_TAGS[tok.type[:-5]]
            if tag == "p" and tok.hidden:
                continue
            attrs = ' scope="col"' if tag == "th" else ""
            if index in fallback_at:
                attrs += f' lang="{escape(fallback_at[index])}" dir="ltr"'
            out.append(f"<{tag}{attrs}>")
        elif tok.type.endswith("_close") and tok.type[:-6] in _BLOCK_TAGS:
            tag = _BLOCK_TAGS[tok.type[:-6]]
            if tag == "p" and tok.hidden:
                continue
            out.append(f"</{tag}>")
        elif tok.type in {"code_block", "fence", "html_block"}:
            out.append(f"<p>{nowrap(tok.content)}</p>")
        elif tok.type == "hr":
            continue
    return Markup("".join(out))


# --- plain text ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One unit of an answer: a paragraph, a list item or a table row, as plain text."""

    kind: str  # "paragraph", "bullet", "number", "row"
    text: str
    number: int | None = None
    # The lines of a unit whose line breaks are kept (an address, a heading line above a
    # paragraph); empty when it is one flowing paragraph. ``text`` is always one line.
    lines: tuple[str, ...] = ()


def _inline_lines(children: list[Token], links: bool) -> tuple[str, ...]:
    """The unit's text, split where a line break is kept."""
    text = _inline_text(children, links, breaks="\n")
    return tuple(text.split("\n")) if "\n" in text else ()


def _inline_text(children: list[Token], links: bool, breaks: str = " ") -> str:
    out, href = [], None
    for tok in children:
        if tok.type in {"text", "code_inline"}:
            out.append(tok.content)
        elif tok.type == "hardbreak":
            out.append(breaks)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "link_open":
            href = tok.attrGet("href")
        elif tok.type == "link_close":
            if links and href:
                address = re.sub(r"^(mailto|tel):", "", href)
                if address not in out[-1:]:
                    out.append(f" ({address})")
            href = None
        elif tok.type == "image":
            out.append(tok.content)
    if breaks == "\n":
        return "\n".join(re.sub(r"\s+", " ", line).strip() for line in "".join(out).split("\n")).strip("\n")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def blocks(text: str, links: bool = False) -> list[Block]:
    """The answer as paragraphs, list items and table rows, in order, as plain text.

    ``links=True`` writes each link's address after its words ("our policy (https://…)").
    """
    if type(text) is str:  # plain text (not Prose, which carries its translation): parsed once
        return list(_plain_blocks(text, links))
    return _blocks(text, links)


@functools.lru_cache(maxsize=1024)
def _plain_blocks(text: str, links: bool) -> tuple[Block, ...]:
    # `check` alone splits each answer five times (words, sentences, units, texts, fillers).
    return tuple(_blocks(text, links))


def _blocks(text: str, links: bool) -> list[Block]:
    result: list[Block] = []
    list_stack: list[list] = []  # [kind, next number]
    row: list[str] | None = None
    for i, tok in enumerate(parser().parse(text or "")):
        if tok.type == "bullet_list_open":
            list_stack.append(["bullet", None])
        elif tok.type == "ordered_list_open":
            list_stack.append(["number", int(tok.attrGet("start") or 1)])
        elif tok.type in {"bullet_list_close", "ordered_list_close"}:
            list_stack.pop()
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            result.append(Block("row", " | ".join(row or [])))
            row = None
        elif tok.type == "inline":
            children = _inline_children(text, tok)[0]
            content = _inline_text(children, links)
            if row is not None:
                row.append(content)
            elif list_stack:
                kind, number = list_stack[-1]
                result.append(Block(kind, content, number, _inline_lines(children, links)))
                if number is not None:
                    list_stack[-1][1] = number + 1
            elif content:
                result.append(Block("paragraph", content, None, _inline_lines(children, links)))
        elif tok.type in {"code_block", "fence"}:
            result.append(Block("paragraph", re.sub(r"\s+", " ", tok.content).strip()))
    return result


def to_plain(text: str) -> str:
    """All the words of an answer, as one string (for counting and searching)."""
    return " ".join(b.text for b in blocks(text))


def paragraphs(text: str) -> list[str]:
    """The answer's paragraphs only (list items and rows excluded), for readability checks."""
    return [b.text for b in blocks(text) if b.kind == "paragraph"]


def has_italics(text: str) -> bool:
    return any(t.type == "em_open" for t in _walk(parser().parse(text or "")))
