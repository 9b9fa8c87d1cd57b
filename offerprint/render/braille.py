"""Braille (BRF): Unified English Braille through liblouis, laid out as a transcriber would.

liblouis translates; the layout is ours (braille_layout): a title page (setting, title, dates,
volume, braille pages) with the transcriber's note, a contents page with braille page numbers
(preliminary pages numbered p1, p2 ...), then the text with centred, cell-5 and cell-7
headings, 40 cells by 25 lines by default, CR LF line ends and a form feed between pages.
Every character of the offer reaches the braille: liblouis's escape character is escaped, and
a sign braille has no symbol for is written as its name.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from babel import Locale

from .. import markdown as md
from .. import tree
from ..document import Document, build_document
from ..errors import MissingDependencyError, OfferInputError, RenderError
from ..lifetime import program
from ..load import LoadedOffer
from . import braille_layout as bl
from .braille_layout import Word

TABLES = {1: "en-ueb-g1.ctb", 2: "en-ueb-g2.ctb"}
DISPLAY = "en-us-brf.dis"  # ASCII braille as BRF files expect
# The ASCII braille characters (North American Braille Computer Code), space to underscore.
ASCII_BRAILLE = {chr(c) for c in range(0x20, 0x60)}
BRF_CONTROLS = {"\r", "\n", "\f"}
# What liblouis writes for a character its tables do not define: '\x4e2d' in ASCII braille.
_UNDEFINED = re.compile(r"'\\[XY][A-J]+'")


@dataclass(frozen=True)
class Block:
    # "h1" (centred), "h2" (cell 5), "h3" (cell 7), "p" (paragraph), "li" (list item), "contents"
    kind: str
    text: str


def _markdown(text: str) -> list[Block]:
    out = []
    for b in md.blocks(text, links=True):
        lines = list(b.lines or (b.text,))  # line breaks the school meant stay
        if b.kind == "number":
            lines[0] = f"{b.number}. {lines[0]}"
        out.append(Block("p" if b.kind in ("paragraph", "row") else "li", lines[0]))
        out.extend(Block("p", line) for line in lines[1:])
    return out


def _contact(c: tree.Contact, lab: dict) -> str:
    """A contact as one sentence or two: "Name, role, address. Phone: ... Email: ..."."""
    head = ", ".join(filter(None, (c.name, c.role, c.address)))
    details = " ".join(f"{lab[key]} {value}." for key, value in
                       (("website", c.website), ("phone", c.phone), ("email", c.email), ("post", c.post)) if value)
    return f"{head}. {details}".strip() if head else details


def braille_language_lines(lines) -> tuple[list[str], list[str]]:
    """The "in your language" lines braille can write (Latin script: UEB has the accented
    letters) and the English names of the languages left out (other scripts)."""
    kept = [line["text"] for line in lines if line["script"] == "Latn"]
    left_out = [Locale.parse(line["lang"], sep="-").get_display_name("en") for line in lines if line["script"] != "Latn"]
    return kept, left_out


def _blocks(nodes, lab: dict) -> Iterator[Block]:
    """Braille leaves out what only paper or a screen has (the logo, the cut line, the slip's
    write-in lines, a pointer to a later page, the notice for a translated print) and lines in
    scripts English braille has no signs for; its contents are made from its own headings."""
    for node in nodes:
        match node:
            case tree.Part(kind="contents"):
                yield Block("contents", node.heading.text if node.heading else lab["contents"])
            case tree.Part():
                yield from _blocks(node.children, lab)
            case tree.Heading():
                yield Block(f"h{min(node.level, 3)}", node.text)
            case tree.Paragraph(role="cut-line" | "formats-pointer"):
                pass
            case tree.Paragraph():
                yield Block("p", node.text)
            case tree.Prose():
                yield from _markdown(node.text)
            case tree.Dates():
                yield from (Block("p", f"{label}: {value}") for label, value in node.entries)
            case tree.ContactBox(kind="senco" | "section" as kind):
                if node.intro or node.title:
                    yield Block("p", node.intro or f"{node.title}:")
                yield from (Block("p" if kind == "senco" else "li", _contact(c, lab)) for c in node.contacts)
            case tree.ContactBox():
                text = " ".join(_contact(c, lab) for c in node.contacts)
                yield Block("p", f"{node.intro} {text}" if node.intro else text)
            case tree.Items():
                yield from (Block("li", item) for item in node.items)
            case tree.Timescales():
                yield Block("h3", node.title)
                yield from (Block("li", f"{step.when}: {step.what}") for step in node.steps)
            case tree.Picture(role="photo") if not node.picture.decorative and node.picture.alt:
                yield Block("p", f"[{node.picture.alt}]")
            case tree.Glossary():
                yield from (Block("li", f"{t.term}{f' ({t.short})' if t.short else ''}: {t.meaning}")
                            for t in node.terms)
            case tree.LanguageLines():
                yield from (Block("p", line) for line in braille_language_lines(node.lines)[0])
            case tree.SlipField() | tree.Picture() | tree.Notice() | tree.ContentsList():
                pass


def document_blocks(doc: Document) -> list[Block]:
    """The document as headings, paragraphs and list items, in the tree's reading order; a
    "contents" block stands where the contents go."""
    return list(_blocks(tree.document_tree(doc), doc.labels))


def transcriber_note(doc: Document, blocks: list[Block], grade: int, named_signs: bool) -> list[str]:
    """What changed in transcription, one paragraph each (the braille is English only, so
    these are written in English)."""
    contracted = "grade 2 (contracted)" if grade == 2 else "grade 1 (uncontracted)"
    notes = [f"This is the school's SEN information report in Unified English Braille, {contracted}.",
             "Print page numbers are not shown: the print comes in several sizes, each with its own pages."]
    described = [p for s in doc.sections for p in s.pictures if not p.decorative and p.alt]
    notes.append("Pictures are left out. " + ("Where a picture carries meaning, its description is given in "
                                              "square brackets." if described else "They carry no meaning "
                                              "the words do not give."))
    answers = [s.answer for s in doc.sections] + [doc.sen_definition, doc.co_production, doc.complaints]
    if any(re.search(r"\*\*|__", text or "") for text in answers):
        notes.append("Bold type is not shown.")
    if any(" | " in b.text for b in blocks):
        notes.append("Tables are written out a row at a time, the cells of a row divided by a vertical line.")
    notes.append(("Web and email addresses are uncontracted. " if grade == 2 else "") +
                 "A long address is divided after a slash or before a dot or @, with no hyphen added.")
    left_out = braille_language_lines(doc.language_lines)[1]
    if left_out:
        notes.append(f"The lines asking readers to contact the setting for this information in their own "
                     f"language are left out in {', '.join(left_out)}: English braille has no signs for "
                     "their scripts.")
    if named_signs:
        notes.append("A letter with an accent braille has no sign for is written without it; any other sign "
                     "braille has no symbol for is given by its name in square brackets.")
    return notes


def name_undefined_signs(texts: list[str], grade: int) -> tuple[list[str], bool]:
    """``texts`` with each character liblouis's table does not define (it would write a
    hexadecimal escape) replaced: a letter with an accent braille has no sign for by the
    letter, anything else by its name in square brackets; and whether there was one."""
    others = sorted({c for text in texts for c in text if ord(c) > 0x7E and not c.isspace()})
    if not others:
        return texts, False
    undefined = {c for c, braille in zip(others, lou_translate(others, grade)) if _UNDEFINED.search(braille)}
    if not undefined:
        return texts, False

    def instead(c: str) -> str:
        base = unicodedata.normalize("NFD", c)[0]
        if base.isascii() and base.isalpha():
            return base
        return f" [{unicodedata.name(c, f'character {ord(c):04X}').lower()}] "

    return ["".join(instead(c) if c in undefined else c for c in text) for text in texts], True


# Email and web addresses are written uncontracted (UEB: no contractions inside them).
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+[^\s.,;:!?)]")


def _words(cells: str, is_address: list[bool]) -> list[Word]:
    """The braille split at spaces; an address may be divided after a slash (_/) or before a
    dot (4) or an at sign (@A)."""
    words, start = [], 0
    for m in re.finditer(r"[^ ]+", cells):
        start, end = m.start(), m.end()
        breaks = tuple(i - start for i in range(start + 1, end) if is_address[i - 1] and is_address[i] and (
            cells[i - 2:i] == "_/" or cells[i] == "4" or cells[i:i + 2] == "@A"))
        words.append(Word(m.group(), breaks))
    return words


def translate_blocks(texts: list[str], grade: int) -> list[list[Word]]:
    """Each text in braille words: words in the asked grade, addresses in grade 1."""
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
    words = [t for _, t, is_address in segments if not is_address]
    addresses = [t for _, t, is_address in segments if is_address]
    word_braille = iter(lou_translate(words, grade) if words else ())
    address_braille = iter(lou_translate(addresses, 1) if addresses else ())
    cells = [""] * len(texts)
    masks: list[list[bool]] = [[] for _ in texts]
    for i, text, is_address in segments:
        braille = next(address_braille if is_address else word_braille).strip()
        # lou_translate trims each line: put back the spaces that stood at the joins.
        piece = (" " if text[:1].isspace() else "") + braille + (" " if text[-1:].isspace() else "")
        cells[i] += piece
        masks[i] += [is_address and c != " " for c in piece]
    return [_words(c, m) for c, m in zip(cells, masks)]


def lou_translate(lines: list[str], grade: int = 2, backward: bool = False) -> list[str]:
    """Translate each line with liblouis's lou_translate (one process for all lines)."""
    executable = shutil.which("lou_translate")
    if executable is None:
        raise MissingDependencyError("braille needs liblouis: install the Debian package liblouis-bin "
                                     "(and liblouis-data), e.g. sudo apt-get install liblouis-bin liblouis-data")
    clean = [" ".join(line.split()) or " " for line in lines]
    # lou_translate reads backslash escapes (\x41, \n ...): a backslash of the text is "\\".
    escaped = [line.replace("\\", "\\\\") for line in clean]
    direction = "--backward" if backward else "--forward"
    done = subprocess.run(program([executable, direction, f"{DISPLAY},{TABLES[grade]}"]),
                          input="\n".join(escaped) + "\n", check=False, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0 or done.stderr.strip():
        raise RenderError(f"liblouis could not translate the text: {done.stderr.strip()[:200]}")
    result = done.stdout.split("\n")[: len(clean)]
    if len(result) != len(clean):
        raise RenderError("liblouis returned fewer lines than it was given")
    for line, braille in zip(clean, result):
        if line.strip() and not braille.strip():
            raise RenderError(f"liblouis lost the text {line[:60]!r} (please report this as a bug in offerprint)")
    return result


def _title_page(doc: Document, grade: int, volume_pages: str) -> list[tuple[str, str]]:
    lab = doc.labels
    # A draft says so first, before anything a reader could take for the finished offer.
    lines = [("centre", lab["draft"]), ("blank", "")] if doc.draft else []
    lines += [("centre", doc.setting.name), ("blank", ""), ("centre", doc.title), ("blank", ""),
             ("centre", f"{lab['last_reviewed']}: {doc.reviewed}"), ("centre", f"{lab['next_review']}: {doc.next_review}")]
    if doc.version_label:
        lines.append(("centre", f"{lab['version']}: {doc.version_label}"))
    return lines + [("blank", ""), ("centre", f"Unified English Braille, grade {grade}"),
                    ("centre", "Volume 1 of 1"), ("centre", volume_pages), ("blank", ""),
                    ("centre", "Transcribed by offerprint")]


def _body_pages(kinds: list[str], words: list[list[Word]], width: int, height: int,
                numbers: list[str]) -> list[list[bl.Line]]:
    """The body's pages, its contents (on pages of their own) giving each cell-5 heading's
    braille page: laid out again until the page numbers the contents give stay the same."""
    entries = [i for i, kind in enumerate(kinds) if kind == "h2"]
    on_page = {i: 1 for i in entries}
    for _ in range(6):
        blocks: list[tuple[str, list[Word], int | None]] = []
        for i, (kind, block_words) in enumerate(zip(kinds, words)):
            if kind != "contents":
                blocks.append((kind, block_words, i if kind == "h2" else None))
                continue
            blocks += [("page", [], None), ("h1", block_words, None)]
            blocks.append(("lines", bl.contents_lines([(words[e], numbers[on_page[e] - 1]) for e in entries], width),
                           None))
            blocks.append(("page", [], None))
        pages = bl.paginate(bl.block_lines(blocks, width), height)
        found = bl.entry_pages(pages)
        if found == on_page:
            return pages
        on_page = found
    raise RenderError("the braille contents page numbers did not settle (please report this as a bug in offerprint)")


def render_document_braille(doc: Document, grade: int = 2, width: int = 40, height: int = 25) -> str:
    body = document_blocks(doc)
    texts, named = name_undefined_signs([b.text for b in body], grade)
    notes = transcriber_note(doc, body, grade, named)
    translated = translate_blocks(texts + notes + ["Transcriber's note"], grade)
    body_words, note_words, note_heading = translated[:len(body)], translated[len(body):-1], translated[-1]
    # No more pages than lines: every number a page could need, translated at once.
    numbers = lou_translate([str(n) for n in range(1, sum(len(w) for w in body_words) + 2)], grade)
    body_pages = _body_pages([b.kind for b in body], body_words, width, height, numbers)
    note = bl.block_lines([("h1", note_heading, None)] + [("p", words, None) for words in note_words], width)

    preliminary: list[list[bl.Line]] = []
    count = 1
    for _ in range(4):  # the title page says how many preliminary pages there are: settle it
        title = _title_page(doc, grade, f"Braille pages p1 to p{count} and 1 to {len(body_pages)}")
        title_words = translate_blocks(name_undefined_signs([t for _, t in title], grade)[0], grade)
        title_lines = bl.block_lines([(k, w, None) for (k, _), w in zip(title, title_words)], width)
        # The transcriber's note follows on the title page when it fits there whole.
        fits = len(title_lines) + 1 + len(note) <= height - 1
        preliminary = bl.paginate(title_lines + ([bl.Line("", "blank")] if fits else [bl.PAGE_BREAK]) + note, height)
        if len(preliminary) == count:
            break
        count = len(preliminary)
    page_numbers = lou_translate([f"p{n}" for n in range(1, len(preliminary) + 1)], grade) + numbers[:len(body_pages)]
    brf = bl.brf(preliminary + body_pages, page_numbers, width, height)
    bad = set(brf) - ASCII_BRAILLE - BRF_CONTROLS
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
    return render_document_braille(build_document(loaded, draft=options.draft), grade, width, height).encode("ascii")
