"""Easy read text, one row at a time: its sentences (aware of **bold** marks), its hard words
(the bold ones), and the rules one row's text keeps (:func:`text_problems`: sentences of at most
15 words, one or two sentences for a picture, no acronyms, contractions, "e.g." or "etc.", no
italics, a hard word explained by the next sentence). :mod:`offerprint.easy_read` builds the
document's rows from these and lints the whole offer."""

from __future__ import annotations

import re

from markupsafe import Markup

from . import markdown as md
from . import readability as rd

MAX_WORDS = 15  # words in one sentence (10 to 15 is the aim)
MAX_SENTENCES = 2  # sentences beside one picture

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# A sentence ends at . ! ? (perhaps inside a bold span or quotes) followed by a space and what
# can start a sentence: a capital, a letter of a script without capitals (Arabic, Bengali), a
# digit, a quote or a bold span; and at the full stops of other scripts (Urdu ۔, Arabic ؟,
# Bengali and Gurmukhi ।, Chinese 。！？), after which any text starts the next sentence.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[\u06d4\u061f\u0964\u0965\u3002\uff01\uff1f]))"
                           r"((?:\*\*)?[\"')\]’”」』]*(?:\*\*)?)(\s*)")
_CJK_STOPS = "\u3002\uff01\uff1f"
_OWN_STOPS = "\u06d4\u061f\u0964\u0965" + _CJK_STOPS
_OPENING = "\"'([‘“「『"
_ABBREVIATION = re.compile(r"\b(Mr|Mrs|Ms|Dr|Miss|St|No|e\.g|i\.e|etc|approx)\.", re.IGNORECASE)
_CONTRACTION = re.compile(
    r"(?i)(?<![\w'’])(?:\w+n['’]t|\w+['’](?:re|ve|ll|d|m)"
    r"|(?:it|that|there|here|what|who|where|he|she|let|how|when|why|everyone|nobody)['’]s)(?![\w'’])"
)
_LATIN = re.compile(r"(?i)(?<![\w.])(e\.\s?g\b\.?|eg\b\.?|i\.\s?e\b\.?|etc\b\.?)")
_ITALIC = re.compile(r"(?<![*\w])[*_](?![*_\s])[^*_]+?(?<![\s*_])[*_](?![*\w])")


# --- text helpers --------------------------------------------------------------------------------

def plain(text: str) -> str:
    """The words without bold marks."""
    return " ".join(text.replace("**", "").split())


def _starts_sentence(text: str) -> bool:
    """Whether ``text`` (after a full stop and a space) can begin a sentence."""
    rest = text.lstrip("*").lstrip(_OPENING)
    if not rest:
        return bool(text)
    first = rest[0]
    return first.isupper() or first.isdigit() or text[0] in _OPENING or (
        first.isalpha() and not first.islower())  # a script without capitals


def split_sentences(text: str) -> list[str]:
    """The sentences of an easy read text, bold marks kept (each sentence's ** balanced), in
    any catalogue language: Latin and Cyrillic sentences end at . ! ? before a capital, Arabic
    script, Bengali and Chinese ones at their own full stops too."""
    protected = _ABBREVIATION.sub(lambda m: m.group().replace(".", "\u2024"), " ".join(text.split()))
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(protected):
        stop, closing, space = protected[match.start() - 1], match.group(1), match.group(2)
        after = protected[match.end():]
        if not after:
            break
        if stop in _CJK_STOPS or (stop in _OWN_STOPS and space) or (space and _starts_sentence(after)):
            out.append(protected[start:match.start()] + closing)
            start = match.end()
    out.append(protected[start:])
    out = [s.replace("\u2024", ".").strip() for s in out]
    out = [s for s in out if s]
    # A bold span across a sentence end (rare): close it and reopen it in the next sentence.
    for i, sentence in enumerate(out):
        if sentence.count("**") % 2 and i + 1 < len(out):
            out[i] = sentence + "**"
            out[i + 1] = "**" + out[i + 1]
    return out


def plain_sentences(text: str) -> list[str]:
    return [plain(s) for s in split_sentences(text)]


# A run of Latin-script words (with the numbers and marks between them: "CC BY-SA 4.0" is one
# run, so a right-to-left line keeps it in order) in escaped HTML text,
# never inside an entity such as &amp; (hence the look-behind).
_LATIN_RUN = re.compile(r"(?<![&#\w])[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’.\-]*"
                        r"(?:[ ,/]+[A-Za-z\u00c0-\u024f0-9][A-Za-z\u00c0-\u024f0-9'’.\-]*)*")
_TEXT_BETWEEN_TAGS = re.compile(r"(?<=>)[^<]+|^[^<]+")


def latin_runs(html: str) -> Markup:
    """Each run of Latin letters in the text of ``html`` in a ``span.latn``: inside Urdu or
    Arabic words, "(SEND)" and "SENCO" are set in the body's Latin font (the stylesheet's
    span.latn rule), not in the Latin letters of the Nastaliq or Naskh font."""
    def mark(text: re.Match) -> str:
        return _LATIN_RUN.sub(lambda m: f'<span class="latn">{m.group()}</span>', text.group())
    return Markup(_TEXT_BETWEEN_TAGS.sub(mark, str(html)))


def sentence_html(sentence: str, mark_latin: bool = False) -> Markup:
    """One sentence as HTML: escaped, **bold** as <strong>, phone numbers and addresses kept
    whole; with ``mark_latin`` (a document in another script), Latin runs marked for the Latin font."""
    out, last = [], 0
    for match in _BOLD.finditer(sentence):
        out.append(md.nowrap(sentence[last:match.start()].replace("**", "")))
        out.append(Markup("<strong>") + md.nowrap(match.group(1)) + Markup("</strong>"))
        last = match.end()
    out.append(md.nowrap(sentence[last:].replace("**", "")))
    html = Markup("").join(out)
    return latin_runs(html) if mark_latin else html


def hard_words(text: str) -> list[str]:
    """The bold words of a text, in order."""
    return [" ".join(m.group(1).split()) for m in _BOLD.finditer(text)]


# --- the rules for one row's text ------------------------------------------------------------

def text_problems(text: str) -> list[tuple[str, str, str]]:
    """What breaks the easy read rules in one row's text, as (level, message, fix)."""
    problems: list[tuple[str, str, str]] = []
    sentences = split_sentences(text)
    for sentence in sentences:
        n = len(rd.words(plain(sentence)))
        if n > MAX_WORDS:
            problems.append(("error", f"a sentence has {n} words: \"{_short(plain(sentence))}\"",
                             f"easy read sentences have {MAX_WORDS} words at most: split it or say less"))
    if len(sentences) > MAX_SENTENCES:
        problems.append(("error", f"{len(sentences)} sentences for one picture: \"{_short(plain(text))}\"",
                         "one or two sentences for each picture: make another item for the rest"))
    words = plain(text)
    seen: set[str] = set()
    for acronym, offset in rd.acronyms(words):
        if acronym in seen or rd.spelled_out_at(words, acronym, offset):
            continue
        seen.add(acronym)
        problems.append(("error", f"{acronym} is an acronym",
                         "write the words in full; easy read readers may not know the letters"))
    for match in _CONTRACTION.finditer(words):
        problems.append(("error", f"'{match.group()}' is a contraction",
                         "write it in full (for example 'do not' for 'don't', 'we will' for 'we'll')"))
    for match in _LATIN.finditer(words):
        problems.append(("error", f"'{match.group().strip()}' is hard to read",
                         "say 'for example' or 'and other things', or name the things"))
    if _ITALIC.search(_BOLD.sub("", text)):
        problems.append(("warning", "italics are hard to read", "use **bold** for a hard word, never italics"))
    for index, sentence in enumerate(sentences):
        if hard_words(sentence) and index + 1 >= len(sentences):
            for term in hard_words(sentence):
                problems.append(("warning", f"the hard word '{term}' is not explained in the next sentence",
                                 "explain it in a second sentence, for example 'This means ...'"))
    return problems


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
