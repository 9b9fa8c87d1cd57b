"""Braille (BRF): Unified English Braille through liblouis, laid out by offerprint.

liblouis translates but does not wrap lines, so the page layout is ours: 40 cells by 25 lines
by default, never breaking a word, headings set apart, a braille page number at the right of
each page's last line, a form feed between pages, and nothing but ASCII braille.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable

from .. import markdown as md
from ..document import Document, build_document
from ..errors import MissingDependencyError, OfferInputError, RenderError
from ..load import LoadedOffer

TABLES = {1: "en-ueb-g1.ctb", 2: "en-ueb-g2.ctb"}
DISPLAY = "en-us-brf.dis"  # ASCII braille as BRF files expect
# The ASCII braille characters (North American Braille Computer Code), space to underscore.
ASCII_BRAILLE = {chr(c) for c in range(0x20, 0x60)}


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "h3", "p", "li"
    text: str


def document_blocks(doc: Document) -> list[Block]:
    """The document as headings, paragraphs and list items, in reading order."""
    lab = doc.labels
    out = [Block("p", doc.setting.name), Block("h1", doc.title), Block("p", lab["what_this_is"]),
           Block("p", f"{lab['last_reviewed']}: {doc.reviewed}"), Block("p", f"{lab['next_review']}: {doc.next_review}")]

    def markdown(text: str) -> None:
        for b in md.blocks(text, links=True):
            lines = list(b.lines or (b.text,))  # line breaks the school meant stay
            if b.kind == "number":
                lines[0] = f"{b.number}. {lines[0]}"
            out.append(Block("p" if b.kind in ("paragraph", "row") else "li", lines[0]))
            out.extend(Block("p", line) for line in lines[1:])

    out.append(Block("h2", lab["other_formats"]))
    out.append(Block("p", lab["other_formats_intro"]))
    out.extend(Block("li", item) for item in lab["format_list"])
    out.append(Block("p", f"{lab['ask_us']} {lab['phone']} {doc.setting.phone}. {lab['email']} "
                          f"{doc.setting.email}. {lab['post']} {doc.setting.address_line}."))
    if doc.senco:
        out.append(Block("h2", lab["who_to_talk_to"]))
        out.append(Block("p", lab["senco_intro"]))
        out.append(Block("p", f"{doc.senco.name}, {doc.senco.role}. {lab['phone']} {doc.senco.phone}. "
                              f"{lab['email']} {doc.senco.email}."))
    for section in doc.sections:
        out.append(Block("h2", section.question))
        markdown(section.answer)
        if section.timescales:
            out.append(Block("h3", lab["timescales"]))
            out.extend(Block("li", f"{s.when}: {s.what}") for s in section.timescales)
        for c in section.contacts:
            details = "".join(f" {label} {value}." for label, value in
                              ((lab["phone"], c.phone), (lab["email"], c.email)) if value)
            out.append(Block("p", f"{lab['contacts']}: {c.name}, {c.role}.{details}"))
    out.append(Block("h2", lab["what_sen_means"]))
    markdown(doc.sen_definition)
    out.append(Block("h2", lab["how_we_wrote_this"]))
    markdown(doc.co_production)
    if doc.accessibility:
        out.append(Block("h2", lab["disabled_pupils"]))
        for part in doc.accessibility:
            out.append(Block("h3", part["title"]))
            markdown(part["text"])
    out.append(Block("h2", lab["local_offer"]))
    out.append(Block("p", lab["local_offer_intro"]))
    lo = doc.local_offer
    out.append(Block("p", f"{lo.name}. {lab['website']} {lo.website}. {lab['phone']} {lo.phone}. "
                          f"{lab['post']} {lo.address_line}."))
    out.append(Block("p", lab["local_offer_no_internet"]))
    out.append(Block("h2", lab["complaints"]))
    markdown(doc.complaints)
    if doc.glossary:
        out.append(Block("h2", lab["glossary"]))
        out.extend(Block("li", f"{t.term}{f' ({t.short})' if t.short else ''}: {t.meaning}") for t in doc.glossary)
    out.append(Block("h2", lab["tell_us"]))
    out.append(Block("p", lab["tell_us_intro"]))
    out.append(Block("p", f"{lab['slip_return']} {doc.feedback_address}. {lab['email']} {doc.setting.email}."))
    return out


# Email and web addresses are written uncontracted (UEB: no contractions inside them).
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?://\S+[^\s.,;:!?)]")


def translate_blocks(texts: list[str], grade: int) -> list[str]:
    """Each text in braille: words in the asked grade, addresses in grade 1."""
    segments: list[tuple[int, str, bool]] = []  # (block, text, is address)
    for i, text in enumerate(texts):
        last = 0
        for m in _ADDRESS.finditer(text):
            if m.start() > last:
                segments.append((i, text[last:m.start()], False))
            segments.append((i, m.group(), True))
            last = m.end()
        if last < len(text) or not text:
            segments.append((i, text[last:], False))
    words = [s for s in segments if not s[2]]
    addresses = [s for s in segments if s[2]]
    word_braille = iter(lou_translate([t for _, t, _ in words], grade)) if words else iter(())
    address_braille = iter(lou_translate([t for _, t, _ in addresses], 1)) if addresses else iter(())
    out = [""] * len(texts)
    for i, text, is_address in segments:
        braille = next(address_braille if is_address else word_braille)
        # lou_translate trims each line: put back the spaces that stood at the joins.
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        out[i] += lead + braille.strip() + trail
    return [" ".join(b.split()) for b in out]


def lou_translate(lines: list[str], grade: int = 2, backward: bool = False) -> list[str]:
    """Translate each line with liblouis's lou_translate (one process for all lines)."""
    program = shutil.which("lou_translate")
    if program is None:
        raise MissingDependencyError("braille needs liblouis: install the Debian package liblouis-bin "
                                     "(and liblouis-data), e.g. sudo apt-get install liblouis-bin liblouis-data")
    clean = [" ".join(line.split()) or " " for line in lines]
    direction = "--backward" if backward else "--forward"
    done = subprocess.run([program, direction, f"{DISPLAY},{TABLES[grade]}"], input="\n".join(clean) + "\n",
                          capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise RenderError(f"liblouis could not translate the text: {done.stderr.strip()[:200]}")
    result = done.stdout.split("\n")[: len(clean)]
    if len(result) != len(clean):
        raise RenderError("liblouis returned fewer lines than it was given")
    return result


def _wrap(words: list[str], width: int, first_indent: int, runover_indent: int) -> list[str]:
    """Fill lines of at most ``width`` cells without breaking a word (a word longer than a
    whole line, rare in braille, is split with a hyphen as the only way to keep it)."""
    lines: list[str] = []
    current = " " * first_indent
    for word in words:
        while len(word) > width - runover_indent:
            room = width - len(current) - (1 if current.strip() else 0) - 1
            if room < 4:
                lines.append(current.rstrip())
                current = " " * runover_indent
                continue
            piece, word = word[:room], word[room:]
            lines.append((current + (" " if current.strip() else "") + piece + "-").rstrip())
            current = " " * runover_indent
        candidate = current + (" " if current.strip() else "") + word
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current.rstrip())
            current = " " * runover_indent + word
    if current.strip():
        lines.append(current.rstrip())
    return lines


def layout(blocks: list[tuple[str, str]], width: int = 40, height: int = 25,
           page_number: Callable[[int], str] = str) -> str:
    """Pages of ``height`` lines of at most ``width`` cells; the last line of each page carries
    the braille page number at the right."""
    body: list[tuple[str, str]] = []  # (line, kind)
    for kind, braille in blocks:
        words = braille.split()
        if not words:
            continue
        if kind == "h1":
            if body:
                body.append(("", "blank"))
            body.extend((line.center(width).rstrip(), "heading") for line in _wrap(words, width, 0, 0))
            body.append(("", "blank"))
        elif kind in ("h2", "h3"):
            if body and body[-1][0] != "":
                body.append(("", "blank"))
            indent = 0 if kind == "h2" else 2
            body.extend((line, "heading") for line in _wrap(words, width, indent, indent))
        elif kind == "li":
            body.extend((line, "text") for line in _wrap(words, width, 0, 2))  # cell 1, runovers cell 3
        else:
            body.extend((line, "text") for line in _wrap(words, width, 2, 0))  # paragraphs indented 2 cells
    per_page = height - 1  # the last line is for the page number
    pages: list[list[str]] = []
    rest = body
    while rest:
        page, rest = rest[:per_page], rest[per_page:]
        # A heading never ends a page: carry it (and the blank before it) over.
        while rest and len(page) > 1 and page[-1][1] in ("heading", "blank"):
            rest = [page.pop()] + rest
        while page and page[-1][1] == "blank":
            page.pop()
        while rest and rest[0][1] == "blank":
            rest = rest[1:]
        pages.append([line for line, _ in page])
    out = []
    for number, lines in enumerate(pages, 1):
        lines = lines + [""] * (per_page - len(lines)) + [page_number(number).rjust(width)]
        out.append("\n".join(line.rstrip() for line in lines))
    return "\f".join(out) + "\n"


def render_document_braille(doc: Document, grade: int = 2, width: int = 40, height: int = 25) -> str:
    blocks = document_blocks(doc)
    translated = translate_blocks([b.text for b in blocks], grade)
    pages_guess = 1 + len(" ".join(translated)) // (width * (height - 1) // 2)
    numbers = lou_translate([str(n) for n in range(1, pages_guess * 3 + 2)], grade)
    brf = layout(list(zip([b.kind for b in blocks], translated)), width, height,
                 page_number=lambda n: numbers[n - 1] if n <= len(numbers) else lou_translate([str(n)], grade)[0])
    bad = set(brf) - ASCII_BRAILLE - {"\n", "\f"}
    if bad:
        raise RenderError(f"the braille has characters that are not ASCII braille: {''.join(sorted(bad))!r}")
    return brf


def render_braille(loaded: LoadedOffer, options) -> bytes:
    grade, width, height = options.braille_grade, options.cells, options.lines
    if options.lang:
        raise OfferInputError("--lang: braille is made in English (Unified English Braille) only, for now")
    if grade not in TABLES:
        raise OfferInputError("--grade: braille is grade 1 (uncontracted) or grade 2 (contracted)")
    if not 20 <= width <= 60 or not 10 <= height <= 40:
        raise OfferInputError("--cells must be 20 to 60 and --lines 10 to 40")
    return render_document_braille(build_document(loaded), grade, width, height).encode("ascii")
