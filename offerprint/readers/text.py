"""Plain text (.txt) and Markdown (.md) reports, such as a letter to parents.

Headings are Markdown '#' lines; in plain text, lines ending in '?', 'Q:' lines, numbered
lines standing alone, underlined lines and short lines with a blank line after them. The first
short line is the title. Bullet ('-', '*', '•', Word's 'o') and numbered lines become lists.
Text copied with no blank lines (a paragraph a line) is cut before the lines that head parts:
short lines after a finished line and before text, a list or a table, unless they are an
address, names and roles, or the items of a list typed without bullets (see _run_headings).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReportInputError
from ..markdown import unsafe_markdown
from . import (Paragraph, Section, clean, escape_markdown, is_contents_line, is_furniture, is_lead_in,
               heading_text, is_numbered_heading, is_question_line)

# "o" is Word's second bullet (Courier New's letter) as it comes out when a list is copied as text
_BULLET = re.compile(r"^\s*([-*•●◦▪‣–o]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$")
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


def _starts_part(lines: list[str], i: int, opening: bool = False) -> bool:
    """Line ``i`` of a block (text copied with no blank lines, a paragraph a line) heads a part:
    a question or numbered heading line, a title over a bulleted list, or a heading among a run
    of short lines (see _run_headings). ``opening``: the block opens the report."""
    line = lines[i].strip()
    words = len(line.split())
    if not line or words > 30 or is_lead_in(line) or is_contents_line(line) or _ADDRESS.search(line):
        return False
    previous = lines[i - 1].strip()
    following = lines[i + 1].strip() if i + 1 < len(lines) else ""
    ended = _ends_paragraph(lines, i - 1)
    numbered_alone = is_numbered_heading(line, alone=not _BULLET.match(following))
    if _BULLET.match(lines[i]) and not numbered_alone:
        return _bullet_question(lines[i], following)
    if is_question_line(line) or numbered_alone or line.endswith("?") and words >= 3:
        return True
    if not line[:1].isupper() or line.endswith((".", ",", ";", "!")) or re.search(r"@|https?:|\d{3}", line):
        return False
    if ended and line.isupper() and words <= 20 and not _in_run(lines[i]):
        return True  # capitals: "PEOPLE WHO SUPPORT CHILDREN WITH SEND IN THIS SCHOOL:"
    if _in_run(lines[i]):
        start = i
        while start > 0 and _in_run(lines[start - 1]):
            start -= 1
        end = i + 1
        while end < len(lines) and _in_run(lines[end]):
            end += 1
        return i in _run_headings(lines, start, end, opening)
    if line.casefold().rstrip(":") in SECTION_WORDS and len(following.split()) >= 4:
        return True  # "Introduction", "Mission Statement": what a report's parts are called
    finished_item = not _BULLET.match(previous) or previous.endswith((".", "!", "?", ")"))
    return (ended and _BULLET.match(following) and finished_item and words <= 12
            and not line.endswith(":") and not _reads_as_sentence(line) and not _LEADS_ON.search(line))


def _ends_paragraph(lines: list[str], i: int) -> bool:
    """Line ``i`` finishes what it says, so the next line starts afresh: a sentence, a list item,
    a heading, a line of a contents list; in text typed a paragraph a line (some line longer than
    a typed line wraps at), any line of ten words or more, full stop or not ("... for lifelong
    learning" under a school's name, a paragraph whose full stop was left off)."""
    line = lines[i].strip()
    if not line or line.endswith((".", "!", "?", ":", ")", "…", "”", '"', "’")) or _BULLET.match(lines[i]):
        return True
    if _TABLE_ROW.search(lines[i]) or _DATE_LINE.match(line):
        return True  # a table's row; a title's date ("2019 - 2020", "Updated May 2024")
    if is_contents_line(line) or is_question_line(line) or is_numbered_heading(line):
        return True
    return len(line.split()) >= 10 and any(len(other) > _WRAP_WIDTH for other in lines)


_TABLE_ROW = re.compile(r"\S\t|\t.*\t|^\t+\S")  # cells copied from a table, tab between them
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"^(?:(?:updated|reviewed|revised|written|approved|published|(?:next\s+)?review(?:\s+date)?|date)\b[\s:,-]*)?"
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?|{_MONTH}|(?:19|20)\d\d(?:\s*[-–/]\s*\d{{2,4}})?|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    rf"[\s,–/-]*)+$", re.I)
_WRAP_WIDTH = 100  # text wrapped by hand or by email wraps at 72-80 characters


def _in_run(line: str) -> bool:
    """A short line that is not a sentence, a list item or a question: one of a run of such lines
    (a heading and its sub-heading, a title over a list typed without bullets, an address)."""
    text = line.strip()
    return (bool(text) and len(text.split()) <= 14 and not text.rstrip("'\"’”").endswith((".", ",", ";", "!", "?"))
            and not _TABLE_ROW.search(line) and not _DATE_LINE.match(text) and not _BULLET.match(line)
            and not is_lead_in(text) and not is_contents_line(text) and not is_question_line(text)
            and not (is_numbered_heading(text) and not _ADDRESS.search(text)))


# What an address, a contact or a person's name looks like: a line of such a run is not a heading.
_ADDRESS = re.compile(
    r"@|https?:|www\.|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"  # email, web, postcode
    r"|(?:\+44\s?|\(?0)\d{2,4}\)?[\s-]?\d{3}"  # a phone number
    r"|^\s*\d{1,4}[a-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:Road|Rd|Street|St|Lane|Avenue|Ave|Green|Close|Drive|Way|"
    r"Place|Hill|Court|Crescent|Gardens|Terrace|Walk|Row|Park|Square|Grove|Mews)\b"  # "32 Rushey Green"
    r"|^\s*(?:Tel|Telephone|Phone|Fax|Mobile|E-?mail|Website)\b|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z]")
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z]")
_FIELD = re.compile(r"^[A-Z][^:]{0,30}:\s*\S")  # "Committee: Quality and Monitoring", "SENCO: ..."


def _run_headings(lines: list[str], start: int, end: int, opening: bool) -> set[int]:
    """Which lines of the run of short lines ``lines[start:end]`` head parts. After a finished
    line, before text: a heading alone or a heading and its sub-heading ("School Organisation" /
    "Class Groups"); in a longer run only the first, a title over a list typed without bullets,
    and a line naming a part of a report ("Introduction") straight above its text. At the top of
    the report the lines above the last are the report's title. None after a line leading into
    the run ("We offer:"), nor in an address or a list of names and roles, up to its last line
    that looks like one, though a title over names and roles ("Personnel" / "SENCO: Mrs X") is one."""
    after = lines[end] if end < len(lines) else ""
    following = after.strip()
    if not following or _in_run(after) or _ADDRESS.search(after) and not _BULLET.match(after) \
            and len(following.split()) <= 14:
        return set()  # the end of the text, or an address line ending in a full stop
    if _BULLET.match(after) and not is_numbered_heading(following):
        kind = "list"
    elif _TABLE_ROW.search(after) or is_question_line(following) or is_numbered_heading(following) \
            or following.endswith("?") or following.isupper():
        kind = "part"  # a table, or the next heading
    elif not following[:1].islower() and (
            len(following.split()) >= max(4, len(lines[end - 1].split()) + 1) or is_lead_in(following)):
        kind = "text"  # (a line going on in small letters carries on a sentence wrapped by hand)
    elif _DATE_LINE.match(following):
        kind = "date"  # a title with its date under it
    else:
        return set()
    heads: set[int] = set()
    contact = [k for k in range(start, end) if _ADDRESS.search(lines[k])]
    fields = [k for k in range(start, end) if _FIELD.match(lines[k].strip())]
    if len(fields) >= 2:
        contact = sorted(set(contact + fields))
    if contact:
        if contact[0] == start + 1 and _PERSON.search(lines[contact[0]]) and (
                not start or _ends_paragraph(lines, start - 1)):
            heads.add(start)  # "Personnel" / "SENCO: Mrs X": a title over names and roles
        start = contact[-1] + 1  # what follows an address starts afresh
    elif start and not _ends_paragraph(lines, start - 1):
        return set()
    elif start and is_lead_in(lines[start - 1].strip()) and not (
            end - start == 1 and (kind == "list" or kind == "text" and _is_title_line(lines[start].strip()))):
        return set()  # the items of "We offer:", unless one title over a bulleted list or over text
    if any(_carries_on(lines, k) for k in range(start, end - 1)):
        return heads  # a sentence wrapped over lines ("... take part, and" / "Teaching Assistants work ...")
    count = end - start
    if not count:
        pass
    elif opening and start == 0 and count >= 2:
        heads.add(end - 1)  # the report's title above (read() takes it), then a heading
    elif count == 1:
        line = lines[start].strip()
        if kind == "list" and (is_lead_in(line) or _LEADS_ON.search(line.rstrip(":"))):
            return heads
        if kind == "part" and not _TABLE_ROW.search(after) and not (
                _is_title_line(line) or line.casefold() in SECTION_WORDS):
            return heads  # a title over the next heading, not any short line
        heads.add(start)
    elif count == 2:
        heads |= {start, start + 1}
    else:
        heads.add(start)
        if lines[end - 1].strip().casefold().rstrip(":") in SECTION_WORDS and kind == "text":
            heads.add(end - 1)  # "Introduction" after the lines of a web page's top
    return {k for k in heads if _heading_shaped(lines[k])}


def _carries_on(lines: list[str], i: int) -> bool:
    """Line ``i`` stops mid-sentence: it ends in a word that leads on ("and", "the", "to"), or in
    text wrapped by hand it is a line of prose, not a title."""
    line = lines[i].strip()
    return bool(_LEADS_ON.search(line)) or (len(line.split()) >= 9 and not _is_title_line(line)
                                            and not any(len(other) > _WRAP_WIDTH for other in lines))


def _heading_shaped(line: str) -> bool:
    text = line.strip()
    return (text[:1].isupper() and len(text.split()) <= (14 if text.isupper() else MAX_HEADING_WORDS)
            and not _reads_as_sentence(text)
            and not re.search(r"@|https?:|\d{3}", text) and not _ADDRESS.search(text))


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


def _split_at_headings(start: int, block: list[str], markdown: bool, first: int = 1):
    """A block cut before each line that heads a part (text copied without blank lines), and
    whether it was cut so (its first line then heads it)."""
    if markdown or len(block) < 2:
        yield start, block, False
        return
    cut = 0
    for i in range(1, len(block)):
        if _starts_part(block, i, opening=start == first):
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
    opening = next((start for start, block in blocks if block), 1)
    blocks = [part for start, block in blocks if block for part in _split_at_headings(start, block, markdown, opening)]
    for index, (start, block, headed) in enumerate(blocks):
        following = blocks[index + 1][1][0] if index + 1 < len(blocks) else ""
        if _BULLET.match(block[0]) and _bullet_question(block[0], block[1] if len(block) > 1 else following):
            sections.append(Section(clean(_BULLET.match(block[0]).group(2)), 2, [], f"line {start}"))
            first = False
            _add_paragraphs(sections[-1], block[1:], start + 1, markdown)
            continue
        if _BULLET.match(block[0]) and not _heads_a_part(block[0], block[1] if len(block) > 1 else following):
            # a list item, even when it is a short numbered line: "1. Reading" / "2. Writing"
            _add_paragraphs(sections[-1], block, start, markdown)
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
                                                   and not _ADDRESS.search(line) for line in block):
            # a title on two or three lines: "St Bede's Primary School" / "SEN Information Report 2026"
            sections.append(Section(clean(" – ".join(clean(line) for line in block)), 1, [], where))
            first = False
            continue
        elif first and len(block) > 1 and not markdown and _heading_shaped(block[0]) and not _BULLET.match(block[0]):
            # text copied with no blank lines opens with the report's title: the lines under it are
            # its details (an address, dates), the first heading comes later
            sections.append(Section(heading_text(block[0]), 1, [], where))
            first = False
            block = block[1:]
            start += 1
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
        _add_paragraphs(sections[-1], block, start, markdown)
    return sections


def _add_paragraphs(section: Section, block: list[str], start: int, markdown: bool) -> None:
    """The block's lines as paragraphs: in plain text a list and the lines around it apart, as
    text copied without blank lines runs a lead-in, its list and the next paragraph together."""
    parts: list[tuple[int, list[str]]] = []
    listed = None
    for offset, line in enumerate(block):
        in_list = bool(_BULLET.match(line)) or bool(listed) and (line[:1] in (" ", "\t") or line[:1].islower())
        if not parts or not markdown and in_list != listed:
            parts.append((start + offset, []))
        parts[-1][1].append(line)
        listed = in_list
    for where, lines in parts:
        paragraph = _paragraph(lines, markdown)
        if paragraph:
            _add_to_list(section, Paragraph(paragraph[0], f"line {where}", paragraph[1]))


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _paragraph(block: list[str], markdown: bool) -> tuple[str, str] | None:
    if markdown:
        joined = "\n".join(block)
        if not unsafe_markdown(joined):
            kind = "list" if _BULLET.match(block[0]) else "table" if block[0].lstrip().startswith("|") else "paragraph"
            return joined.strip(), kind
    if all(_BULLET.match(line) or line.startswith((" ", "\t")) or line[:1].islower() for line in block) \
            and _BULLET.match(block[0]):
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
