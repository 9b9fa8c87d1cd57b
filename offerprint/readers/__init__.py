"""Readers: a school's existing report (Word, web page, PDF, text) as a list of sections.

One module per input kind, each a plain function ``read(path) -> list[Section]``. A section is
a heading and the paragraphs under it, each paragraph already written in the offer's small
Markdown (lists, **bold**, links and tables kept) with where it came from, so that the importer
can say where every paragraph went. Text before the first heading is a section with no heading.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReportInputError

# A report is a few pages; anything this big is a whole website or a mistake, and reading it
# would take minutes. The school can save just the page (or the text) instead.
MAX_REPORT_BYTES = 20_000_000
MIN_REPORT_WORDS = 8


@dataclass
class Paragraph:
    """One block of the source (a paragraph, a whole list or a table), as offer Markdown."""

    markdown: str
    where: str  # where it was in the source, as a person would look for it: "paragraph 12", "page 3"
    kind: str = "paragraph"  # paragraph, list or table

    @property
    def text(self) -> str:
        """The words, without Markdown (for matching and for finding facts)."""
        return plain_text(self.markdown)


@dataclass
class Section:
    heading: str | None
    # 1 for the title, 2, 3 ... as the source nests them; 0 for a web page's own <title> beside a
    # report with a title of its own (evidence of the school's name, not part of the report)
    level: int = 2
    paragraphs: list[Paragraph] = field(default_factory=list)
    where: str = ""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


READERS = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
}

_ADVICE = {
    ".doc": "open it in Word and save it as a .docx file",
    ".odt": "open it in LibreOffice and save it as a Word (.docx) file",
    ".rtf": "open it in Word and save it as a .docx file",
    ".pages": "export it from Pages as a Word (.docx) file",
    ".mhtml": "save the web page as 'Web page, HTML only' (.html)",
    ".mht": "save the web page as 'Web page, HTML only' (.html)",
}


def read_report(path: str | os.PathLike) -> list[Section]:
    """Every section of the report at ``path``; raises ReportInputError (one clear line) when the
    file cannot be read as a report."""
    source = Path(path)
    suffix = source.suffix.lower()
    kinds = ", ".join(sorted(set(READERS)))
    if not source.exists():
        raise ReportInputError(f"{source}: does not exist (give the path of your report: {kinds})")
    if source.is_dir():
        raise ReportInputError(f"{source}: is a folder (give the path of your report file)")
    if suffix not in READERS:
        advice = _ADVICE.get(suffix, f"save the report as one of: {kinds}")
        what = f"a {suffix} file" if suffix else "a file without an extension"
        raise ReportInputError(f"{source}: is {what}, which offerprint cannot import ({advice})")
    size = source.stat().st_size
    if size == 0:
        raise ReportInputError(f"{source}: is empty (save the report again and import the saved file)")
    if size > MAX_REPORT_BYTES:
        raise ReportInputError(
            f"{source}: is {size / 1e6:.0f} MB, more than a report ({MAX_REPORT_BYTES // 1_000_000} MB "
            f"at most): save only the page with the report (or copy its text into a .txt file) and import that")
    from importlib import import_module

    reader = import_module(f".{READERS[suffix]}", __name__)
    sections = [s for s in reader.read(source) if s.heading or s.paragraphs]
    if not any(s.paragraphs for s in sections):
        raise ReportInputError(f"{source}: has no text offerprint could read (check it opens and shows the report, "
                               "then save it again)")
    words = sum(len(p.text.split()) for s in sections for p in s.paragraphs)
    if words < MIN_REPORT_WORDS:  # a page of menus, a cover sheet: importing it would only make TODOs
        raise ReportInputError(f"{source}: has only {words} word{'s' if words != 1 else ''} of text, too few for a report (check it is the "
                               "report itself: for a web page, save the page that shows the report)")
    return sections


# --- helpers the readers share -------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: str) -> str:
    """One line of text with spaces made plain and control characters removed."""
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+*]\s|\d{1,9}[.)](?=\s|$)|=+\s*$|-{3,}\s*$)")


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Source text as Markdown that prints exactly that text (no accidental lists, bold or HTML).
    ``line_start``: the text begins a line (where "1." or "-" would start a list)."""
    text = _ESCAPE.sub(r"\\\1", text)
    if not line_start:
        first, _, rest = text.partition("\n")
        return first + ("\n" + escape_markdown(rest) if _ else "")

    def at_start(match: re.Match) -> str:
        lead, mark = match.group(1), match.group(2)
        if mark[0].isdigit():
            return lead + mark[:-1] + "\\" + mark[-1]
        return lead + "\\" + mark

    return _LINE_START.sub(at_start, text)


_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>|#+\-.)=!])")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")


def plain_text(markdown: str) -> str:
    """The words of a paragraph written by these readers (links keep their words, tables their cells)."""
    text = _LINK.sub(lambda m: m.group(1), markdown)
    text = re.sub(r"(?<!\\)\*\*", "", text)
    text = re.sub(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+", "", text, flags=re.M)
    text = re.sub(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$", "", text, flags=re.M)
    text = re.sub(r"(?<!\\)\|", " ", text)
    text = _UNESCAPE.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


SAFE_SCHEMES = ("https://", "http://", "mailto:", "tel:")


def link(words: str, href: str | None) -> str:
    """Markdown for a link: kept when it is a web, email or phone address the offer allows, else
    just its words (a link to a page of the old site, an anchor, javascript: ...)."""
    href = (href or "").strip()
    if not words.strip():
        return ""
    if href.lower().startswith(SAFE_SCHEMES) and not re.search(r"[\s()<>]", href):
        return f"[{words}]({href})"
    return words


# "1. ", "1b. ", "1.2 ", "Q3: ", "Question 4 -", "Section 2 - ", "Part B:" before a heading's words.
_NUMBER = (r"(?:Q(?:uestion)?\s*\d{0,2}[a-z]?\s*[:.)\-–—]|(?:Q(?:uestion)?|Section|Part|Strand|Step|Appendix|Chapter)"
           r"\s*\d{1,2}[a-z]?\s*[:.)\-–—]?"
           r"|(?:Section|Part)\s*[A-H]\s*[:.)\-–—]|\d{1,2}(?:\.\d{1,2})*[a-z]?[.):]?|\d{1,2}[.)]?\s*[a-z][.)])")
_NUMBERED = re.compile(rf"^(?:{_NUMBER}\s+(?=\S)|\d{{1,2}}\.(?=[A-Z][a-z]))", re.I)  # "1.Ethos" too
_NUMBER_ALONE = re.compile(rf"^{_NUMBER}$", re.I)


def is_question_line(text: str) -> bool:
    """A line written as one of the report's questions: "3. How do we ...?", "Q: ...", "Q4 ...?"."""
    text = text.strip()
    if len(text) > 200 or len(text.split()) > 30:
        return False
    if re.match(r"^Q(?:uestion)?\s*\d*\s*[:.)]\s*\S", text, re.I):
        return True
    return bool(re.match(r"^\d{1,2}[a-z]?[.)]\s+\S", text)) and text.endswith("?")


def is_numbered_heading(text: str, alone: bool = False) -> bool:
    """A short numbered line that reads as a heading, not a list item or a sentence: "1. Statement",
    "1b. How does the Nursery know ...?", "Section 2 - Aims", "Q3: Who can I contact?". ``alone``:
    the line stands by itself (blank lines around it), where a longer heading is still one."""
    text = text.strip()
    match = _NUMBERED.match(text)
    if not match or len(text) > 220:
        return False
    rest = text[match.end():]
    words = rest.split()
    if is_contents_line(text):
        return False
    if not words or len(words) > 30 or not rest[:1].isupper() or re.search(r"@|https?:|\d{4,}", rest):
        return False
    if rest.endswith("?"):
        return True
    if rest.endswith(":"):  # "2. Context:" is a heading, "1. We will:" leads into a list
        return len(words) <= 6 and not is_lead_in(text)
    return len(words) <= (30 if alone else 14) and not rest.endswith((".", ",", ";", "!"))


_PAGE_REF = re.compile(r"(?:\.{2,}|…+|\s{2,}|\t|\s(?:page|p\.)\s*|(?<![Yy]ear)(?<!Stage)(?<!Level)(?<!Wave)(?<!Tier)(?<!Phase)"
                       r"(?<!Key)(?<!Section)\s)\d{1,3}$", re.I)


def is_contents_line(text: str) -> bool:
    """A line of a contents list: a heading's words and its page number ("1. Overview 3",
    "Transition...... 5", "9 Monitoring and Review page 8")."""
    text = text.strip()
    return bool(_PAGE_REF.search(text)) and len(text.split()) <= 16 and bool(re.search(r"[A-Za-z]{3}", text))


def strip_question_number(text: str) -> str:
    """'3. How do we ...?', 'Q3: How ...?', '1b. Statement' without the number (the offer numbers
    questions itself)."""
    text = text.strip()
    match = _NUMBERED.match(text)
    return text[match.end():] if match and text[match.end():].strip() else text


_LEAD_IN_END = re.compile(r"\b(?:are|is|include|includes|including|following|as|will|by|to|be|can|of|for|from|that|"
                          r"these|this|with|have|has|do|does|may|should|must|below|follows|such|e\.g|eg|were|was|"
                          r"they|we|you|them|us|when|where|example|either|both)\s*:$", re.I)


def is_lead_in(text: str) -> bool:
    """A line that leads into what follows ("These standards are:", "We will:", "Parents can
    contact us by:"): ends in ':' and reads as the start of a sentence, not as a heading
    ("2. Context:", "Whole School Approach:", "PEOPLE WHO SUPPORT CHILDREN:")."""
    text = text.strip()
    if not text.endswith(":") or text.endswith("):"):
        return False
    if _NUMBERED.match(text) or text.isupper():
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if _LEAD_IN_END.search(text) or len(words) > 10:
        return True
    small = [w for w in words[1:] if w[0].islower() and w.lower() not in ("and", "of", "the", "for", "to", "in", "with",
                                                                            "a", "an", "on", "at", "our", "your")]
    return len(small) >= 2 and len(words) > 4  # "Local offer statement:" is a heading


def heading_text(line: str) -> str:
    """A heading's words as the offer keeps them: without a typed bullet, the report's own number
    ("3. How do we ...?": the offer numbers questions itself) or a closing colon ("2. Context:")."""
    text = strip_question_number(re.sub(r"^[•●▪◦‣·]\s*", "", clean(line)))
    return text[:-1].rstrip() if text.endswith(":") and not text.endswith("):") else text


# Lines of a website or a document's furniture, never part of the report: "Back to top" links,
# breadcrumbs, print and share buttons, a question number standing alone ("Q3").
_FURNITURE = re.compile(r"^(?:(?:back\s+to\s+)?top(?:\s+of\s+page)?|home(?:\s+page)?|print(?:\s+this\s+page)?|share"
                        r"|skip\s+to\s+(?:main\s+)?content|return\s+to\s+top|click\s+here|read\s+more"
                        r"|page\s+\d{1,3}(?:\s+of\s+\d{1,3})?|\d{1,3})[\s.↑^]*$", re.I)


def is_furniture(text: str) -> bool:
    text = text.strip()
    return bool(_FURNITURE.match(text) or _NUMBER_ALONE.match(text) and not text.isdigit() or text in ("↑", "^"))
