"""Content translation: the offer's own words out to PO files for translators, and back.

Translators (the council's Ethnic Diversity Service) work in Poedit or Weblate, never in YAML.
``export_po`` writes ``<offer folder>/translations/<LANG>.po`` with one entry per translatable
unit; running it again after the English changed merges like ``msgmerge``: unchanged units keep
their translation, a changed unit keeps its old translation marked fuzzy with the previous
English (``#| msgid``), a removed unit is kept as obsolete (``#~``). Nothing a translator wrote
(a translation, a comment, a header field) is ever deleted.

Keys. msgctxt names the field and never a position ("sections.identify-needs.answer"), so
inserting a paragraph changes no other unit's key; msgid is the English unit itself:

    offer.title                      setting.logo.alt          setting.senco.role
    sections.<id>.question           sections.<id>.answer      sections.<id>.easy_read
    sections.<id>.timescales.when    sections.<id>.timescales.what
    sections.<id>.contacts.role      sections.<id>.pictures.alt
    sen_definition   co_production   complaints   accessibility.<field>
    glossary.term    glossary.meaning

A Markdown field (answers, co_production ...) gives one unit per paragraph, list item, heading
and table cell: the same split as :func:`offerprint.markdown.blocks`, but each msgid keeps its
inline Markdown source (``**bold**``, ``[words](https://…)``), so a translation can keep the bold
and the links. The renderer looks each unit up with :meth:`ContentTranslation.get` and must
render a translation as inline Markdown only, through the same safe parser as the English.

Names, phone numbers, email and postal addresses are never offered for translation.

PO files are read and written by polib, which keeps what translators write: header fields it
does not know (``X-Offerprint-Reviewed``, Poedit's ``X-*``), previous msgids (``#|``), flags and
obsolete entries. Around it, this module adds only what polib lacks: line checks that name the
line and the fix (polib says "Syntax error" or quietly accepts a missing quote), the previous
text of obsolete entries (``#~|``) and comments after the last entry, which polib skips, and
comments written one line each as they were read. The merge is our own (babel's and polib's
ignore msgctxt when pairing a changed paragraph, and never revive an obsolete entry); babel is
used for locales and plural forms.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from . import markdown as md
from .errors import OfferInputError, Problem
from .fileio import write_atomic
from .glossary import Term
from .load import LoadedOffer, display_path
from .model import Offer, Section
from .questions import question_text

FOLDER = "translations"
REVIEWED = "X-Offerprint-Reviewed"
WIDTH = 79  # the line width msgmerge and Poedit write, so diffs of the PO files stay small

# Pairing a changed unit with its old translation: within the same field a looser match is
# still the same paragraph edited; across fields only a near-identical text is (a section
# renamed, a paragraph moved).
SAME_FIELD_CUTOFF = 0.5
OTHER_FIELD_CUTOFF = 0.8


# --- languages -------------------------------------------------------------------------------

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def language(lang: str) -> tuple[str, Locale]:
    """``lang`` as a BCP 47 tag in its usual case ("zh-hans" -> "zh-Hans"), with its locale.

    The tag names the file, so it is checked before it touches a path."""
    bad = OfferInputError(f"--lang: '{lang}' is not a language offerprint knows "
                          "(use a BCP 47 tag such as ur, pl, bn, zh-Hans)")
    if not _TAG.match(lang or ""):
        raise bad
    tag = "-".join(_tag_case(part, i) for i, part in enumerate(lang.split("-")))
    try:
        return tag, Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        raise bad from None


def _tag_case(part: str, index: int) -> str:
    if index == 0:
        return part.lower()
    if len(part) == 4 and part.isalpha():
        return part.title()  # script: Hans, Latn
    if len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
        return part.upper()  # region: GB, 419
    return part.lower()


def po_path(loaded: LoadedOffer, tag: str) -> Path:
    return loaded.folder / FOLDER / f"{tag}.po"


# --- the units to translate -----------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """One thing a translator translates, with where it is and what to tell them."""

    context: str
    text: str
    comments: tuple[str, ...] = ()
    markdown: bool = False
    optional: bool = False  # left empty, the English prints (marked as English); not counted as to do

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.text)


def normalize_text(text: str) -> str:
    """One line, single spaces: re-wrapping a paragraph in offer.yaml must not change its key."""
    return " ".join((text or "").split())


def markdown_units(text: str) -> list[str]:
    """The paragraphs, headings, list items and table cells of a Markdown field, each as its
    inline Markdown source (bold and links kept), in reading order.

    Uses the renderer's own parser, so the split is the one :func:`markdown.blocks` makes."""
    units = []
    for token in md._parser().parse(text or ""):
        if token.type == "inline" or token.type in {"code_block", "fence"}:
            unit = normalize_text(token.content)
            if unit:
                units.append(unit)
    return units


# A unit made only of phone numbers, email or web addresses and figures has nothing to
# translate (a table cell "0161 496 0123"): it is printed as it is.
_NOT_WORDS = re.compile(r"https?://\S+|mailto:\S+|tel:\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d+")


def _has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]", _NOT_WORDS.sub("", text)) is not None


def question_of(offer: Offer, section: Section) -> str:
    """The question a section prints (the same wording as every document)."""
    return question_text(offer.offer.questions, section, offer.setting.kind)


def _markup_hints(text: str) -> list[str]:
    hints = []
    if "**" in text or "__" in text:
        hints.append("Keep the ** marks around the words in bold.")
    if "](" in text:
        hints.append("Links are [words](address): translate the words, keep the address.")
    return hints


def _markdown_field(context: str, text: str | None, about: list[str]) -> list[Unit]:
    return [Unit(context, unit, tuple(about + _markup_hints(unit)), markdown=True)
            for unit in markdown_units(text or "")]


def _plain(context: str, text: str | None, about: list[str]) -> list[Unit]:
    unit = normalize_text(text or "")
    return [Unit(context, unit, tuple(about + _markup_hints(unit)))] if unit else []


def _section_units(offer: Offer, section: Section) -> list[Unit]:
    base = f"sections.{section.id}"
    asked = [f"Question: {question_of(offer, section)}"]
    units = _plain(f"{base}.question", question_of(offer, section),
                   asked + ["A heading: one of the questions families ask."])
    units += _markdown_field(f"{base}.answer", section.answer,
                             asked + ["One paragraph, heading or list item of the answer."])
    for step in section.timescales:
        units += _plain(f"{base}.timescales.when", step.when, asked + ["A timescale: when this happens."])
        units += _plain(f"{base}.timescales.what", step.what, asked + ["A timescale: what happens then."])
    for contact in section.contacts:
        units += _plain(f"{base}.contacts.role", contact.role,
                        asked + ["A contact's job, or what to contact them about (their name, phone "
                                 "and email are printed as they are)."])
    for picture in section.pictures:
        units += _plain(f"{base}.pictures.alt", picture.alt,
                        asked + ["Read aloud by screen readers in place of a photo."])
    for item in section.easy_read:
        units += _plain(f"{base}.easy_read", item.text,
                        asked + ["Easy read: short sentences beside a picture. Keep them as simple as the English."])
    return units


#: Said to translators on the built-in glossary's entries.
OPTIONAL_GLOSSARY = ("Optional: a word from offerprint's own glossary that this document uses. Left empty, "
                     "the English prints here, marked as English.")


def offer_units(offer: Offer, builtin_glossary: Sequence[Term] = ()) -> list[Unit]:
    """Every translatable unit of the offer, in reading order, each key once.
    ``builtin_glossary``: the built-in glossary's words the document prints (see
    :func:`builtin_glossary_used`), offered last and as optional."""
    setting = offer.setting
    units = _plain("offer.title", offer.offer.title, ["The title of the whole document."])
    if setting.logo:
        units += _plain("setting.logo.alt", setting.logo.alt,
                        ["Read aloud by screen readers in place of the school's logo."])
    if setting.senco:
        units += _plain("setting.senco.role", setting.senco.role,
                        ["The job title of the special educational needs co-ordinator."])
    for section in offer.sections:
        units += _section_units(offer, section)
    if offer.sen_definition:
        units += _markdown_field("sen_definition", offer.sen_definition,
                                 ["What special educational needs means (the legal definition)."])
    units += _markdown_field("co_production", offer.co_production,
                             ["How families and children helped write this document."])
    units += _markdown_field("complaints", offer.complaints, ["What to do if you are not happy."])
    if offer.accessibility:
        for name in type(offer.accessibility).model_fields:
            units += _markdown_field(f"accessibility.{name}", getattr(offer.accessibility, name),
                                     [f"Disabled pupils: {name.replace('_', ' ')}."])
    for entry in offer.glossary:
        units += _plain("glossary.term", entry.term, ["A word from the glossary (words we use)."])
        units += _plain("glossary.meaning", entry.meaning, [f"What this glossary word means: {entry.term}"])
    for term in builtin_glossary:
        units += [replace(u, optional=True) for u in
                  _plain("glossary.term", term.term, [OPTIONAL_GLOSSARY])
                  + _plain("glossary.meaning", term.meaning, [OPTIONAL_GLOSSARY, f"What this word means: {term.term}"])]
    unique: dict[tuple[str, str], Unit] = {}
    for unit in units:
        if _has_words(unit.text):
            unique.setdefault(unit.key, unit)  # the same sentence twice in a field is one unit
    return list(unique.values())


# --- PO files: entries, reading, writing ------------------------------------------------------

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
        body = re.sub(r"^#~\s*", "", line)
        rest = re.sub(r"^#?\|\s*", "", body)
        keyword = re.match(r'[^\s"]*', rest).group(0)
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
        if re.match(r"^(#~\s*)?(msgctxt|msgid)\s", lines[number - 1].strip()):
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


def read_po(path: Path) -> PoFile:
    """Read a PO file, or raise OfferInputError naming its file and line."""
    name = display_path(path)
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
        return _from_polib(_parse(lines, name), lines)
    except _PoSyntaxError as exc:
        raise OfferInputError(Problem(name, exc.line, None, "", exc.message, exc.fix)) from None


def _comment_line(comment: str) -> str:
    """A translator comment as '#' + its text; a space keeps one beginning with . : , | ~
    from turning into another kind of line."""
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


# --- merging the English into a translator's file ----------------------------------------------

def _fresh_header(loaded: LoadedOffer, locale: Locale) -> PoFile:
    offer = loaded.offer
    po = PoFile()
    po.header_comments = [
        f" {locale.english_name} translation of {offer.offer.title}, {offer.setting.name}.",
        " Made by 'offerprint translate export' from offer.yaml: translate each msgstr.",
        " Keep the ** marks around bold words, and in a link [words](address) translate",
        " the words and keep the address. When a second translator has checked the whole",
        f" file, change the header line {REVIEWED}: no to yes.",
    ]
    po.header = [
        ("Project-Id-Version", ""),
        ("Report-Msgid-Bugs-To", offer.setting.email),
        ("PO-Revision-Date", ""),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", str(locale)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", get_plural(locale).plural_forms),
        (REVIEWED, "no"),
    ]
    return po


def _update_header(po: PoFile, loaded: LoadedOffer, locale: Locale) -> None:
    """Our fields describe the English and the file's encoding; every other field, and every
    value a translator set, is theirs and stays."""
    offer = loaded.offer
    po.set_header("Project-Id-Version", f"offerprint {offer.offer.title} ({offer.setting.name})")
    po.set_header("MIME-Version", "1.0")
    po.set_header("Content-Type", "text/plain; charset=UTF-8")  # this module writes UTF-8
    po.set_header("Content-Transfer-Encoding", "8bit")
    for name in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
        po.set_header(name, "", keep=True)  # for translation tools to fill in
    po.set_header("Language", str(locale), keep=True)
    po.set_header("Plural-Forms", get_plural(locale).plural_forms, keep=True)
    po.set_header(REVIEWED, "no", keep=True)


def _carry(unit: Unit, old: Entry) -> Entry:
    """The unit's entry keeping everything the translator wrote on ``old`` (same English)."""
    return Entry(
        msgid=unit.text, context=unit.context, msgstr=old.msgstr, comments=list(old.comments),
        auto_comments=list(unit.comments), references=list(old.references), flags=list(old.flags),
        # A translation still fuzzy keeps the English it was made from; a confirmed one needs none.
        previous_id=old.previous_id if old.fuzzy else None,
        previous_context=_previous_context(unit, old) if old.fuzzy and old.previous_id is not None else None,
    )


def _previous_context(unit: Unit, old: Entry) -> str | None:
    """The msgctxt of the English the old translation was made from, shown only if it differs."""
    context = old.previous_context if old.fuzzy and old.previous_context is not None else old.context
    return context if context != unit.context else None


def _carry_changed(unit: Unit, old: Entry) -> Entry:
    """The unit's entry when its English changed: the old translation, fuzzy, with the English
    it was translated from (the oldest one, if it was already fuzzy)."""
    entry = _carry(unit, old)
    if not old.msgstr:
        return entry  # only comments to keep: nothing to review
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if old.fuzzy and old.previous_id is not None:
        entry.previous_id = old.previous_id
        entry.previous_context = _previous_context(unit, old)
    else:
        entry.previous_id = old.msgid
        entry.previous_context = old.context if old.context != unit.context else None
    return entry


def _new_entry(unit: Unit) -> Entry:
    return Entry(msgid=unit.text, context=unit.context, auto_comments=list(unit.comments))


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+|[^\w\s]", text.lower()))


@functools.lru_cache(maxsize=8192)
def _bag(text: str) -> Counter[str]:
    return Counter(_words(text))


def _similarity(a: str, b: str, cutoff: float) -> float:
    """How alike two texts are, word by word (0 to 1), or 0 when they cannot reach ``cutoff``.

    Words, not characters: any two English paragraphs share most letters, so a character
    ratio calls them alike, and it is slow. The cheap upper bounds (lengths, then the words in
    common) come first, so a whole file of another offer's units still merges in a moment."""
    wa, wb = _words(a), _words(b)
    total = len(wa) + len(wb)
    if not total or 2 * min(len(wa), len(wb)) / total < cutoff:
        return 0.0
    if 2 * sum((_bag(a) & _bag(b)).values()) / total < cutoff:
        return 0.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


_SECTION_FIELD = re.compile(r"^sections\..+\.(question|answer|easy_read|timescales\.when|timescales\.what"
                            r"|contacts\.role|pictures\.alt)$")


def _field_kind(context: str | None) -> str | None:
    """The field without its section ("sections.*.answer"): a section's id may be renamed."""
    match = _SECTION_FIELD.match(context or "")
    return f"sections.*.{match.group(1)}" if match else context


def _same_words_same_kind(unit: Unit, old: Entry, cutoff: float) -> float:
    return 1.0 if unit.text == old.msgid and _field_kind(unit.context) == _field_kind(old.context) else 0.0


def _same_field(unit: Unit, old: Entry, cutoff: float) -> float:
    return _similarity(unit.text, old.msgid, cutoff) if unit.context == old.context else 0.0


def _any_field(unit: Unit, old: Entry, cutoff: float) -> float:
    return _similarity(unit.text, old.msgid, cutoff)


# How a unit with a new key finds the old entry it was, tried in this order:
# - the same English in the same kind of field (a section's id renamed): the translation
#   still says exactly what the English says, so it stays translated;
# - similar English in the same field (a paragraph edited): fuzzy;
# - near-identical English in another field (moved to another section, or to easy read): fuzzy.
_Score = Callable[[Unit, Entry, float], float]
_PASSES: tuple[tuple[_Score, float, Callable[[Unit, Entry], Entry]], ...] = (
    (_same_words_same_kind, 1.0, _carry),
    (_same_field, SAME_FIELD_CUTOFF, _carry_changed),
    (_any_field, OTHER_FIELD_CUTOFF, _carry_changed),
)


def _pair(units: list[Unit], olds: list[Entry], score: _Score, cutoff: float) -> dict[int, int]:
    """Pair each unit with the old entry it most likely was (best score first), each old
    entry used once. Returns {unit index: old index}."""
    scores = []
    for i, unit in enumerate(units):
        for j, old in enumerate(olds):
            value = score(unit, old, cutoff)
            if value >= cutoff:
                scores.append((value, -i, -j, i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for *_, i, j in sorted(scores, reverse=True):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def merge(old: PoFile, units: list[Unit]) -> PoFile:
    """``old`` brought up to date with the offer's units, like msgmerge: never loses a
    translation or a translator's comment."""
    live = {e.key: e for e in old.live}
    obsolete = {e.key: e for e in old.entries if e.obsolete}
    entries: list[Entry | None] = []
    used: set[int] = set()  # ids of old entries whose work went into a live entry
    changed: list[tuple[int, Unit]] = []
    for unit in units:
        found = live.get(unit.key) or obsolete.get(unit.key)  # an obsolete unit that came back revives
        if found is not None:
            entries.append(_carry(unit, found))
            used.add(id(found))
        else:
            changed.append((len(entries), unit))
            entries.append(None)
    # A unit whose English changed is a new key: find the old entry it was.
    candidates = [e for e in old.live if id(e) not in used and e.has_work]
    for score, cutoff, carry in _PASSES:
        todo = [(slot, unit) for slot, unit in changed if entries[slot] is None]
        free = [e for e in candidates if id(e) not in used]
        for i, j in _pair([u for _, u in todo], free, score, cutoff).items():
            slot, unit = todo[i]
            entries[slot] = carry(unit, free[j])
            used.add(id(free[j]))
    result = [e if e is not None else _new_entry(u) for e, u in zip(entries, units)]
    # Removed units: kept as obsolete if a translator wrote anything on them.
    for entry in old.entries:
        if id(entry) in used or not (entry.obsolete or entry.has_work):
            continue
        result.append(replace(entry, obsolete=True, auto_comments=list(entry.auto_comments)))
    return PoFile(header=list(old.header), header_comments=list(old.header_comments),
                  header_flags=list(old.header_flags), entries=result,
                  trailing_comments=list(old.trailing_comments))


def builtin_glossary_used(loaded: LoadedOffer) -> list[Term]:
    """The built-in glossary's words that the offer's document prints ("Words we use"), found
    as the English document finds them; the offer's own glossary words are its own units."""
    from .document import build_document

    own = {normalize_text(g.term) for g in loaded.offer.glossary}
    return [t for t in build_document(loaded).glossary if normalize_text(t.term) not in own]


def units_of(loaded: LoadedOffer) -> list[Unit]:
    """What a translation of the offer holds: its own words, then the built-in glossary's."""
    return offer_units(loaded.offer, builtin_glossary_used(loaded))


def _merged(loaded: LoadedOffer, locale: Locale, path: Path) -> PoFile:
    old = read_po(path) if path.exists() else _fresh_header(loaded, locale)
    po = merge(old, units_of(loaded))
    _update_header(po, loaded, locale)
    return po


def _not_own_language(loaded: LoadedOffer, tag: str, locale: Locale) -> None:
    try:
        own = Locale.parse(loaded.offer.offer.language, sep="-")
    except (ValueError, UnknownLocaleError):
        return
    if own == locale:
        raise OfferInputError(f"--lang: {tag} is the language offer.yaml is written in "
                              "(give the language to translate into, such as ur or pl)")


def export_po(loaded: LoadedOffer, lang: str) -> Path:
    """Write (or bring up to date) ``translations/<LANG>.po`` for the offer. Returns its path.

    An existing file that cannot be read is left exactly as it is (and the error names its
    line): rewriting it could lose a translator's work."""
    tag, locale = language(lang)
    _not_own_language(loaded, tag, locale)
    path = po_path(loaded, tag)
    text = format_po(_merged(loaded, locale, path))
    try:
        return write_atomic(path, text)
    except OSError as exc:
        raise OfferInputError(f"{display_path(path)}: cannot be written ({exc.strerror or exc})") from None


# --- status and loading back -------------------------------------------------------------------

@dataclass(frozen=True)
class LangStatus:
    """How far one translation is, for the offer as it is now (what an export would give)."""

    lang: str
    translated: int
    stale: int  # translated from English that has changed since (fuzzy): needs a look
    missing: int
    total: int  # the offer's own words; the optional built-in glossary words are counted apart
    reviewed: bool
    path: Path
    needs_export: bool = False  # the English changed since the last export: export again
    optional_to_do: int = 0  # built-in glossary words (term or meaning) the document prints in English
    # Translations whose English is not in the offer and is not an earlier version of any
    # paragraph in it (a msgid mistyped, or copied from another file): (line, msgctxt, msgid).
    unknown: tuple[tuple[int, str, str], ...] = ()

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def _counts(entries: list[Entry]) -> tuple[int, int, int]:
    translated = sum(1 for e in entries if e.msgstr and not e.fuzzy)
    stale = sum(1 for e in entries if e.msgstr and e.fuzzy)
    return translated, stale, len(entries) - translated - stale


def translation_status(loaded: LoadedOffer) -> list[LangStatus]:
    """The status of every ``translations/*.po`` of the offer, by language tag.

    Counted against the current offer.yaml (merged in memory, nothing written), so a change to
    the English shows as stale before anyone exports again. Every unreadable file is reported."""
    statuses, problems = [], []
    units = units_of(loaded)
    optional = {unit.key for unit in units if unit.optional}
    for path in sorted((loaded.folder / FOLDER).glob("*.po")):
        try:
            old = read_po(path)
        except OfferInputError as exc:
            problems += exc.problems
            continue
        merged = merge(old, units)
        translated, stale, missing = _counts([e for e in merged.live if e.key not in optional])
        optional_done = sum(1 for e in merged.live if e.key in optional and e.msgstr and not e.fuzzy)
        behind = [(e.key, e.msgstr, e.flags) for e in old.live] != [(e.key, e.msgstr, e.flags) for e in merged.live]
        gone = {e.key for e in merged.entries if e.obsolete}
        unknown = tuple((e.line, e.context or "", e.msgid) for e in old.live if e.msgstr and e.key in gone)
        statuses.append(LangStatus(path.stem, translated, stale, missing, translated + stale + missing,
                                   old.reviewed, path, needs_export=behind, unknown=unknown,
                                   optional_to_do=len(optional) - optional_done))
    if problems:
        raise OfferInputError(problems)
    return statuses


@dataclass(frozen=True)
class ContentTranslation:
    """The translated units of one language: (msgctxt, English) -> translation.

    Only translated, non-fuzzy entries: a stale translation would say something the English no
    longer says, so the renderer prints the English there instead. A translation is the
    translator's text, verbatim: the renderer escapes it like any other text."""

    lang: str
    reviewed: bool
    messages: dict[tuple[str, str], str]
    path: Path

    def get(self, context: str, english: str) -> str | None:
        return self.messages.get((context, normalize_text(english)))

    def __getitem__(self, key: tuple[str, str]) -> str:
        return self.messages[key]

    def __contains__(self, key: object) -> bool:
        return key in self.messages

    def __len__(self) -> int:
        return len(self.messages)


def load_translation(loaded: LoadedOffer, lang: str) -> ContentTranslation:
    """Read ``translations/<LANG>.po`` for the renderer."""
    tag, _ = language(lang)
    path = po_path(loaded, tag)
    if not path.is_file():
        raise OfferInputError(f"--lang: there is no {tag} translation ({display_path(path)} does not exist; "
                              f"make it with: offerprint translate export {display_path(loaded.folder)} --lang {tag})")
    po = read_po(path)
    messages = {(e.context or "", e.msgid): e.msgstr for e in po.live if e.msgstr and not e.fuzzy}
    return ContentTranslation(tag, po.reviewed, messages, path)


def set_reviewed(loaded: LoadedOffer, lang: str, reviewed: bool = True) -> Path:
    """Set ``X-Offerprint-Reviewed`` (translation tools do not show custom header fields, so
    a reviewer may not find it); nothing else in the file changes."""
    tag, _ = language(lang)
    path = po_path(loaded, tag)
    po = read_po(path)
    po.set_header(REVIEWED, "yes" if reviewed else "no")
    return write_atomic(path, format_po(po))
