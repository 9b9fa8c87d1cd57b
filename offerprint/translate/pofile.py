"""PO files: entries, reading, writing.

PO files are read and written by polib, which keeps what translators write: header fields it
does not know (``X-Offerprint-Reviewed``, Poedit's ``X-*``), previous msgids (``#|``), flags and
obsolete entries. Around it, this module adds only what polib lacks: line checks that name the
line and the fix (polib says "Syntax error" or quietly accepts a missing quote), the previous
text of obsolete entries (``#~|``) and comments after the last entry, which polib skips, and
comments written one line each as they were read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..errors import OfferInputError, Problem
from ..load import display_path
from ..paths import inside
from ..safe_yaml import CONTROL, LINE_BREAKS

REVIEWED = "X-Offerprint-Reviewed"
WIDTH = 79  # the line width msgmerge and Poedit write, so diffs of the PO files stay small


@dataclass
class Entry:
    """One PO entry, with everything a translator or a tool may have written on it."""

    msgid: str
    msgstr: str = ""
    context: str | None = None
    comments: list[str] = field(default_factory=list)  # translator comments: the text after '#'
    auto_comments: list[str] = field(default_factory=list)  # '#.': ours, rewritten on export
    references: list[str] = field(default_factory=list)  # '#:'
    flags: list[str] = field(default_factory=list)
    previous_id: str | None = None  # '#| msgid': the English the fuzzy translation was made from
    previous_context: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def has_work(self) -> bool:
        """Whether a translator wrote anything on it (so it must never be dropped)."""
        return bool(self.msgstr or self.comments)


@dataclass
class PoFile:
    header: list[tuple[str, str]] = field(default_factory=list)  # in order, as written
    header_comments: list[str] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    trailing_comments: list[str] = field(default_factory=list)  # comments after the last entry

    def header_value(self, name: str) -> str | None:
        return next((v for n, v in self.header if n.lower() == name.lower()), None)

    def set_header(self, name: str, value: str, *, keep: bool = False) -> None:
        """Set a header field in place (``keep``: only add it when it is not there)."""
        for i, (n, _) in enumerate(self.header):
            if n.lower() == name.lower():
                if not keep:
                    self.header[i] = (n, value)
                return
        self.header.append((name, value))

    @property
    def live(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    @property
    def reviewed(self) -> bool:
        return (self.header_value(REVIEWED) or "").strip().lower() == "yes"


class _PoSyntaxError(Exception):
    def __init__(self, line: int, message: str, fix: str = ""):
        self.line, self.message, self.fix = line, message, fix


# polib reads and writes the files; it is given the file's lines itself (not a path, not a
# string): a path would be read again, and a string is split with str.splitlines(), which also
# breaks lines inside a translation at U+2028, \x1c or \x85.
MAX_PO_BYTES = 10 * 1024 * 1024  # an offer's translation is well under 1 MB

_KEYWORDS = {"msgctxt", "msgid", "msgstr"}
# One message line: an optional obsolete or previous-text mark, a keyword or nothing (a
# continuation), then one string in double quotes.
_MESSAGE_LINE = re.compile(r'^(?:#~\s*)?(?:#~?\|\s*)?(?:(?P<keyword>\S+)\s+)?"(?:[^"\\]|\\.)*"$')
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_OBSOLETE_MARK = re.compile(r"^#~\s*")
_PREVIOUS_MARK = re.compile(r"^#?\|\s*")
_KEYWORD = re.compile(r'[^\s"]*')
_ENTRY_START = re.compile(r"^(#~\s*)?(msgctxt|msgid)\s")


def _check_lines(lines: list[str]) -> None:
    """polib's own errors say only "Syntax error (line N)" and it quietly accepts a string
    whose closing quote is missing or a msgid with no msgstr: these checks give the translator
    the line, what is wrong and the fix."""
    pending_msgid = None  # the line of a msgid still waiting for its msgstr
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#") and not line.startswith(("#~", "#|")):
            if line and pending_msgid:
                raise _PoSyntaxError(pending_msgid, "this msgid has no msgstr", "add a msgstr line after it")
            continue
        previous = line.lstrip("#~ ").startswith("|")
        # Most lines are msgid/msgstr lines and continuations: only a '#' or '|' line has a mark.
        rest = _PREVIOUS_MARK.sub("", _OBSOLETE_MARK.sub("", line)) if line[0] in "#|" else line
        keyword = _KEYWORD.match(rest).group(0)
        if keyword == "msgid_plural" or keyword.startswith("msgstr["):
            raise _PoSyntaxError(number, "plural forms are not used in offerprint translations",
                                 "write one msgstr for each msgid")
        if keyword and keyword not in _KEYWORDS:
            raise _PoSyntaxError(number, f"'{keyword[:30]}' is not a PO keyword",
                                 "a line starts with msgctxt, msgid, msgstr, # or \"")
        if not _MESSAGE_LINE.match(line):
            raise _PoSyntaxError(number, "expected text in double quotes, found "
                                 f"{rest[len(keyword):].strip()[:40]!r}",
                                 'put the text in "double quotes"; write a " inside the text as \\"')
        if previous:
            continue
        if keyword in {"msgctxt", "msgid"} and pending_msgid:
            raise _PoSyntaxError(pending_msgid, "this msgid has no msgstr", "add a msgstr line after it")
        if keyword == "msgid":
            pending_msgid = number
        elif keyword == "msgstr":
            pending_msgid = None
    if pending_msgid:
        raise _PoSyntaxError(pending_msgid, "this msgid has no msgstr", "add a msgstr line after it")


_EMPTY = "\x00"  # stands for an empty comment line while polib reads the file


def _for_polib(line: str) -> str:
    # polib skips the previous text of an obsolete entry (#~|, as msgmerge writes it): read it
    # as #| (the #~ of the msgid marks the entry obsolete). And it drops the first character of
    # a comment written without a space after '#': add one. An empty comment line ('#') it
    # reads as nothing, so one empty line among others vanishes: mark it.
    if line.strip() == "#":
        return "# " + _EMPTY
    if line.startswith("#~|"):
        return "#|" + line[3:]
    if line.startswith("#") and line[1:2] not in {"", " ", ".", ":", ",", "|", "~"}:
        return "# " + line[1:]
    return line


def _parse(lines: list[str], name: str) -> polib.POFile:
    parser = polib._POFileParser("", encoding="utf-8")
    parser.fhandle = [_for_polib(line) for line in lines]
    try:
        return parser.parse()
    except OSError as exc:
        found = _POLIB_LINE.search(str(exc))
        raise _PoSyntaxError(int(found.group(1)) if found else 0,
                             "this line is not where a PO file can have it",
                             "compare it with the entries around it: comments, msgctxt, msgid, msgstr") from None


def _comments(text: str) -> list[str]:
    """polib's comment text (one line each, its leading space dropped) as ours (after '#')."""
    return [f" {c}" if c and c != _EMPTY else "" for c in text.split("\n")] if text else []


def _trailing_comments(lines: list[str]) -> list[str]:
    """Translator comments after the last entry (polib drops them)."""
    trailing = []
    for line in reversed(lines):
        line = line.strip()
        if not line:
            continue
        if not line.startswith("#") or line.startswith(("#~", "#|", "#.", "#:", "#,")):
            break
        trailing.append(line)
    return _comments("\n".join(_for_polib(c)[2:] for c in reversed(trailing)))


def _from_polib(parsed: polib.POFile, lines: list[str]) -> PoFile:
    po = PoFile(header=list(parsed.metadata.items()), header_comments=_comments(parsed.header),
                header_flags=list(parsed.metadata_is_fuzzy or []),
                trailing_comments=_trailing_comments(lines))
    seen: dict[tuple[str | None, str], int] = {}
    for item in parsed:
        entry = Entry(msgid=item.msgid, msgstr=item.msgstr, context=item.msgctxt,
                      comments=_comments(item.tcomment), auto_comments=item.comment.split("\n") if item.comment else [],
                      references=[f"{f}:{n}" if n else f for f, n in item.occurrences],
                      flags=list(item.flags), previous_id=item.previous_msgid,
                      previous_context=item.previous_msgctxt, obsolete=bool(item.obsolete),
                      line=_message_line(lines, item.linenum))
        if not entry.obsolete:
            if entry.key in seen:
                raise _PoSyntaxError(entry.line, f"this msgctxt and msgid are already at line {seen[entry.key]}",
                                     "keep one of the two entries")
            seen[entry.key] = entry.line
        po.entries.append(entry)
    return po


def _message_line(lines: list[str], start: int) -> int:
    """The line of an entry's msgctxt or msgid (polib counts from its first comment)."""
    for number in range(max(start, 1), len(lines) + 1):
        if _ENTRY_START.match(lines[number - 1].strip()):
            return number
    return start


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (what Poedit and Weblate write), or the charset the header declares."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = re.search(rb"charset=([A-Za-z0-9_.:-]+)", raw)
        if declared:
            try:
                return raw.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        line = raw[: exc.start].count(b"\n") + 1
        raise OfferInputError(Problem(name, line, None, "", "is not UTF-8 text",
                                      "save it as UTF-8, as Poedit and Weblate do")) from None


def read_po_shared(path: Path, root: Path | None = None) -> PoFile:
    """:func:`read_po`, read once per process while the file is unchanged (`check` reads each
    translation for its status, its units and its English left): callers must not change it."""
    stat = path.stat() if path.is_file() else None
    return _read_po_cached(path, root, (stat.st_mtime_ns, stat.st_size, stat.st_ino) if stat else None)


@functools.lru_cache(maxsize=64)
def _read_po_cached(path: Path, root: Path | None, _version: tuple | None) -> PoFile:
    return read_po(path, root)


def read_po(path: Path, root: Path | None = None) -> PoFile:
    """Read a PO file, or raise OfferInputError naming its file and line. ``root``: the offer's
    folder, which the file must really be in (a link to a file elsewhere is not read)."""
    name = display_path(path)
    outside_root(path, root, name)
    try:
        size = path.stat().st_size
        if size > MAX_PO_BYTES:
            raise OfferInputError(Problem(
                name, None, None, "", f"is {size / 1048576:.0f} MB, more than the {MAX_PO_BYTES // 1048576} MB "
                "a translation may be", "an offer's translation is well under 1 MB: check this is the right file"))
        raw = path.read_bytes()
    except OSError as exc:
        raise OfferInputError(Problem(name, None, None, "", f"cannot be read ({exc.strerror or exc})", "")) from None
    # Only \n ends a line: str.splitlines() would also split inside a translation.
    lines = [line.rstrip("\r") for line in _decode(raw, name).split("\n")]
    try:
        _check_lines(lines)
        return _without_control(_from_polib(_parse(lines, name), lines))
    except _PoSyntaxError as exc:
        raise OfferInputError(Problem(name, exc.line, None, "", exc.message, exc.fix)) from None


def _without_control(po: PoFile) -> PoFile:
    """Word's line breaks in a translation made line breaks; any other control character (a
    bell, an escape, pasted from Word or a web page) refused at its line, as offer.yaml does, so
    no writer (DOCX, EPUB) ever sees one."""
    for entry in po.entries:
        entry.msgstr = entry.msgstr.translate(LINE_BREAKS)
        found = CONTROL.search(entry.msgstr)
        if found and not entry.obsolete:
            raise _PoSyntaxError(entry.line, f"the msgstr of this entry holds a control character "
                                 f"(U+{ord(found.group()):04X}) that no document can print",
                                 "delete it: it usually comes from text pasted from Word or a web page")
    return po


def outside_root(path: Path, root: Path | None, name: str) -> None:
    """Raise when ``path``, links followed, is not inside ``root`` (the offer's folder)."""
    if root is not None and inside(root, path, relative=False) is None:
        kind = "folder" if path.is_dir() else "file"
        raise OfferInputError(Problem(name, None, None, "", f"is a link to a {kind} outside the offer's folder, so it "
                                      "was not used", "put the translation file itself in the offer's translations "
                                      "folder (an ordinary folder, not a link)"))


def _comment_line(comment: str) -> str:
    """A translator comment as '#' + its text; a space keeps one beginning with . : , | ~
    from turning into another kind of line. A NUL (no PO tool reads one; the reader uses it for
    an empty comment line) is left out."""
    comment = comment.replace(_EMPTY, "")
    return f"# {comment}" if comment[:1] in {".", ":", ",", "|", "~"} else f"#{comment}"


def _to_polib(entry: Entry) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.context, flags=list(entry.flags),
        occurrences=[tuple(r.rsplit(":", 1)) if re.search(r":\d+$", r) else (r, "") for r in entry.references],
        previous_msgid=entry.previous_id, previous_msgctxt=entry.previous_context, obsolete=entry.obsolete)


def format_po(po: PoFile) -> str:
    """The file in gettext's layout, written by polib. Comments are written here, one line each
    as they were read: polib would re-wrap a long comment into several."""
    out = polib.POFile(wrapwidth=WIDTH)
    out.metadata = dict(po.header)
    out.metadata_is_fuzzy = list(po.header_flags)
    head = "\n".join(_comment_line(c) for c in po.header_comments)
    parts = [(head + "\n" if head else "") + out.metadata_as_entry().__unicode__(WIDTH)]
    for entry in po.entries:
        comments = [_comment_line(c) for c in entry.comments]
        comments += [f"#. {c}".rstrip() for c in entry.auto_comments]
        parts.append("".join(c + "\n" for c in comments) + _to_polib(entry).__unicode__(WIDTH))
    text = "\n".join(parts)
    if po.trailing_comments:
        text += "\n" + "\n".join(_comment_line(c) for c in po.trailing_comments) + "\n"
    return text
