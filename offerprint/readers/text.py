"""Plain text (.txt) and Markdown (.md) reports, such as a letter to parents.

Headings are Markdown '#' lines; in plain text, lines ending in '?', 'Q:' lines, numbered
lines standing alone, underlined lines and short lines with a blank line after them. The first
short line is the title. Bullet ('-', '*', '•') and numbered lines become lists.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReportInputError
from ..markdown import unsafe_markdown
from . import (Paragraph, Section, clean, escape_markdown, is_contents_line, is_furniture, is_lead_in,
               heading_text, is_numbered_heading, is_question_line)

_BULLET = re.compile(r"^\s*([-*•●◦▪‣–]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
MAX_HEADING_WORDS = 12


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportInputError(f"{path}: is not a text file (it holds binary data; open the report and save it as "
                               "plain text, .txt)")
    text = None
    for encoding in ("utf-8-sig", "utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        text = raw.decode("cp1252", errors="replace")  # Windows Notepad's older default
    if not _reads_as_text(text):
        raise ReportInputError(f"{path}: is not a text file (most of it is not letters, spaces or punctuation; "
                               "open the report and save it as plain text, .txt)")
    return text


def _reads_as_text(text: str) -> bool:
    """Text a person wrote is mostly letters, digits and spaces (in any script); binary data
    (random bytes, a renamed picture) decoded as text is mostly symbols and control characters."""
    sample = text[:20_000]
    if not sample:
        return True
    plain = sum(1 for c in sample if c.isalnum() or c.isspace() or c in ".,;:'\"!?()-/&%£@–—‘’“”•")
    return plain / len(sample) >= 0.85


def _blocks(lines: list[str]):
    """(first line number, lines) for each run of non-blank lines."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                start = number
            block.append(line.rstrip())
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _is_heading_line(line: str, alone: bool) -> bool:
    text = line.strip()
    words = len(text.split())
    if not text or words > 30 or _BULLET.match(line) and not is_numbered_heading(text, alone):
        return False
    if is_lead_in(text) or is_contents_line(text):  # "These standards are:", "1. Overview 3": never headings
        return False
    if is_question_line(text) or (text.endswith("?") and words <= 25) or is_numbered_heading(text, alone):
        return True
    if text.casefold().rstrip(":") in SECTION_WORDS:
        return True
    if alone and text.isupper() and words <= 20 and not text.endswith((".", ",", ";", "!")):
        return True  # a line in capitals standing alone: "PEOPLE WHO SUPPORT CHILDREN WITH SEND IN THIS SCHOOL:"
    if not alone or words > MAX_HEADING_WORDS or text.endswith((".", ",", ";", "!")) or _reads_as_sentence(text):
        return False
    return not re.search(r"@|https?:|\d{3}", text)


def _reads_as_sentence(text: str) -> bool:
    """'The School SENCO is Mr T J Harding': a sentence with its full stop left off, not a heading
    ('How the school is organised', 'Spotting needs early: what parents can do' are headings)."""
    return len(text.split()) >= 5 and bool(re.match(
        r"(?:The|Our|This|These|All|Every|Each|We|You|Your|He|She|They|It|There)\b[^:]*?\b"
        r"(?:is|are|was|were|has|have|will|can|may|should|must)\b", text))


def _leads_text(block: list[str]) -> bool:
    """A short line straight above a sentence ("What happens in class" / "Every class has ..."):
    a heading, unless the lines are all short (an address, a list of names)."""
    if len(block) < 2 or _BULLET.match(block[0]):
        return False
    head, following = block[0].strip(), block[1].strip()
    return (len(head.split()) <= 8 and head[:1].isupper() and not head.endswith((".", ",", ";", ":"))
            and not re.search(r"@|https?:|\d{3}", head) and len(following.split()) >= 6)


def _starts_part(lines: list[str], i: int) -> bool:
    """Line ``i`` of a block (text copied with no blank lines, a paragraph a line) heads a part:
    a question or numbered heading line, or a short title-like line between a finished sentence
    (or a list) and a longer line."""
    line = lines[i].strip()
    words = len(line.split())
    if not line or words > 30 or is_lead_in(line) or is_contents_line(line):
        return False
    previous = lines[i - 1].strip()
    following = lines[i + 1].strip() if i + 1 < len(lines) else ""
    ended = (previous.endswith((".", "!", "?", ":", ")", "…", "”", '"', "’")) or bool(_BULLET.match(lines[i - 1]))
             or len(previous.split()) <= 6 or is_contents_line(previous) or _is_title_line(previous))
    numbered_alone = is_numbered_heading(line, alone=not _BULLET.match(following))
    if _BULLET.match(lines[i]) and not numbered_alone:
        return _bullet_question(lines[i], following)
    if is_question_line(line) or numbered_alone or line.endswith("?") and words >= 3:
        return True
    if ended and line.isupper() and words <= 20 and not line.endswith((".", ",", ";", "!")):
        return True  # capitals: "PEOPLE WHO SUPPORT CHILDREN WITH SEND IN THIS SCHOOL:"
    if not line[:1].isupper() or line.endswith((".", ",", ";", "!")) or re.search(r"@|https?:|\d{3}", line):
        return False
    if line.casefold().rstrip(":") in SECTION_WORDS and len(following.split()) >= 4:
        return True  # "Introduction", "Mission Statement": what a report's parts are called
    finished_item = not _BULLET.match(previous) or previous.endswith((".", "!", "?", ")"))
    if ended and _BULLET.match(following) and finished_item and words <= 12 \
            and not line.endswith(":") and not _reads_as_sentence(line) and not _LEADS_ON.search(line):
        return True  # a title over a list: "Contact details for the SEND team" / "- SENCO: ..."
    return (ended and words <= 8 and len(following.split()) >= max(4, words + 1)
            and not _BULLET.match(lines[i + 1] if i + 1 < len(lines) else ""))


# What a report's parts are called, whatever comes before them.
SECTION_WORDS = frozenset((
    "introduction", "overview", "background", "aims", "our aims", "objectives", "purpose", "vision", "our vision",
    "mission statement", "our mission", "values", "our values", "ethos", "our ethos", "glossary", "glossary of terms",
    "definitions", "contact details", "contacts", "useful contacts", "key contacts", "useful links",
    "roles and responsibilities", "legislation", "monitoring and evaluation", "policy review"))
_LEADS_ON = re.compile(r"\b(?:following|include|includes|including|such as|are|is|will|can|by|to|as|and|or|the|a|an|of|"
                       r"with|for|our|these|this)$", re.I)


def _is_title_line(line: str) -> bool:
    """A line of capitalised words, not a sentence: a title, a motto ("Everyone Included |
    Everyone Challenged"), a name; what follows it starts afresh."""
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    return (2 <= len(words) <= 14 and not line.endswith((",", ";"))
            and all(w[0].isupper() or w.lower() in ("and", "of", "the", "for", "in", "at", "to", "a", "with", "our")
                    for w in words))


def _bullet_question(line: str, following: str) -> bool:
    """'• How will the Nursery support my child?' followed by an answer (not by more bullets):
    the report's questions typed as a bulleted list of headings."""
    match = _BULLET.match(line)
    if not match or match.group(1)[0].isdigit() or not following or _BULLET.match(following):
        return False
    question = match.group(2).strip()
    return question.endswith("?") and len(question.split()) >= 4


def _split_at_headings(start: int, block: list[str], markdown: bool):
    """A block cut before each line that heads a part (text copied without blank lines), and
    whether it was cut so (its first line then heads it)."""
    if markdown or len(block) < 2:
        yield start, block, False
        return
    cut = 0
    for i in range(1, len(block)):
        if _starts_part(block, i):
            yield start + cut, block[cut:i], cut > 0
            cut = i
    yield start + cut, block[cut:], cut > 0


def _heads_a_part(line: str, following: str) -> bool:
    """A numbered line alone ("3. Who can I contact?", "1b. Statement") heads a part of the report
    unless the next block carries on the numbering as a list ("1. Reading" then "2. Writing")."""
    if not is_numbered_heading(line, alone=True) or (_BULLET.match(following) and not re.match(r"^\s*\d", following)
                                                          and not line.rstrip().endswith("?")):
        return False  # a numbered line over bullets is a list item with its sub-items
    number = re.match(r"^\s*(\d{1,2})[.)]", line)
    after = re.match(r"^\s*(\d{1,2})[.)]\s", following)
    return not (number and after and int(after.group(1)) == int(number.group(1)) + 1 and not is_numbered_heading(following))


def _add_to_list(section: Section, paragraph: Paragraph) -> None:
    """A list item after a blank line carries on the list before it (copied lists often have
    a blank line between items)."""
    last = section.paragraphs[-1] if section.paragraphs else None
    if last is not None and last.kind == "list" and paragraph.kind == "list":
        last.markdown += "\n" + paragraph.markdown
    else:
        section.paragraphs.append(paragraph)


def read(path: Path) -> list[Section]:
    text = _decode(path.read_bytes(), path).replace("\r\n", "\n").replace("\r", "\n")
    markdown = path.suffix.lower() in (".md", ".markdown")
    sections = [Section(None, 2, [], "line 1")]
    first = True
    blocks = [(start, [line for line in block if not is_furniture(line)]) for start, block in _blocks(text.split("\n"))]
    blocks = [part for start, block in blocks if block for part in _split_at_headings(start, block, markdown)]
    for index, (start, block, headed) in enumerate(blocks):
        following = blocks[index + 1][1][0] if index + 1 < len(blocks) else ""
        if _BULLET.match(block[0]) and _bullet_question(block[0], block[1] if len(block) > 1 else following):
            sections.append(Section(clean(_BULLET.match(block[0]).group(2)), 2, [], f"line {start}"))
            first = False
            if len(block) > 1:
                paragraph = _paragraph(block[1:], markdown)
                if paragraph:
                    sections[-1].paragraphs.append(Paragraph(paragraph[0], f"line {start + 1}", paragraph[1]))
            continue
        if _BULLET.match(block[0]) and not _heads_a_part(block[0], block[1] if len(block) > 1 else following):
            # a list item, even when it is a short numbered line: "1. Reading" / "2. Writing"
            paragraph = _paragraph(block, markdown)
            if paragraph:
                _add_to_list(sections[-1], Paragraph(paragraph[0], f"line {start}", paragraph[1]))
            first = False
            continue
        where = f"line {start}"
        if markdown and block[0].lstrip().startswith("#"):
            level = len(block[0].lstrip()) - len(block[0].lstrip().lstrip("#"))
            sections.append(Section(clean(block[0].lstrip().lstrip("#").strip().rstrip("#")), min(level, 6), [], where))
            block = block[1:]
            start += 1
            if not block:
                first = False
                continue
        elif len(block) == 2 and _UNDERLINE.match(block[1]) and not _BULLET.match(block[0]):
            sections.append(Section(clean(block[0]), 1 if block[1].strip()[0] == "=" else 2, [], where))
            first = False
            continue
        elif first and 1 < len(block) <= 3 and all(len(line.split()) <= 12 and not line.strip().endswith((".", ","))
                                                   and not re.search(r"@|https?:", line) for line in block):
            # a title on two or three lines: "St Bede's Primary School" / "SEN Information Report 2026"
            sections.append(Section(clean(" – ".join(clean(line) for line in block)), 1, [], where))
            first = False
            continue
        elif (headed or _is_heading_line(block[0], alone=len(block) == 1) or _leads_text(block)) and not (
                markdown and _BULLET.match(block[0]) and not is_question_line(block[0])):
            level = 1 if first and not block[0].strip().endswith("?") else 2
            sections.append(Section(heading_text(block[0]), level, [], where))
            first = False
            block = block[1:]  # a question line with its answer straight under it
            start += 1
            if not block:
                continue
        first = False
        paragraph = _paragraph(block, markdown)
        if paragraph:
            sections[-1].paragraphs.append(Paragraph(paragraph[0], f"line {start}", paragraph[1]))
    return sections


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _paragraph(block: list[str], markdown: bool) -> tuple[str, str] | None:
    if markdown:
        joined = "\n".join(block)
        if not unsafe_markdown(joined):
            kind = "list" if _BULLET.match(block[0]) else "table" if block[0].lstrip().startswith("|") else "paragraph"
            return joined.strip(), kind
    if all(_BULLET.match(line) or line.startswith((" ", "\t")) for line in block) and _BULLET.match(block[0]):
        items: list[str] = []
        base = _indent(block[0])  # a list copied with every item indented is not nested
        for line in block:
            match = _BULLET.match(line)
            if match and _indent(line) <= base + 1 or match and not items:
                marker = match.group(1)
                prefix = f"{len(items) + 1}. " if marker[0].isdigit() else "- "
                items.append(prefix + escape_markdown(clean(match.group(2))))
            elif match:  # an indented bullet: a sub-item
                items.append("   - " + escape_markdown(clean(match.group(2))))
            else:
                items[-1] += " " + escape_markdown(clean(line))
        return "\n".join(items), "list"
    # Lines stay lines: an address or a list of contacts is written one per line.
    lines = [escape_markdown(clean(line)) for line in block if clean(line)]
    return ("\n".join(lines), "paragraph") if lines else None
