"""The language finding of a translated PDF: is its text in its language? (issue #26)

After a translated PDF is rendered, the text the audit already extracted (pdftotext) is
measured with :func:`offerprint.language_share.measure`. Left out of the measure, as there:
names, addresses, emails, web addresses, acronyms and the offer's glossary terms; here also

* English the document prints on purpose and marks as English (a unit the PO file has no
  translation for yet, under its "not translated yet" notice; the line in every language);
  `check` and `translate status` count those, and a reader is told;
* English a translator chose to keep inside a translation ("(SENCO)", "(Local Offer)" after
  the Urdu words), the words of their msgstr.

What remains is English nobody marked: a translation that is English (a translator copied
the msgid), or wording of offerprint's own that reached the page without its catalogue. Above
:data:`THRESHOLD` per cent of the letters, or any whole English sentence, is a finding naming
a few of the strings and where each is translated.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import i18n
from ..language_share import ENGLISH_WORDS, LATIN_LETTER, LATIN_RUN, english_sentences, kept_words, measure

#: Per cent of a translated document's letters that may be in English nobody marked (the
#: issue's measure for easy read: at most 2 %).
THRESHOLD = 2.0
_NAMED = 3  # strings named in the finding: a few, the rest counted
# Direction marks pdftotext and the text layer put around runs of the other direction.
_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"\*\*|__|`|!?\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class LanguageExpectation:
    """What a translated PDF's text is measured against."""

    lang: str
    kept: tuple[str, ...]  # left out: names, addresses, glossary terms, translators' own Latin words
    marked: tuple[str, ...]  # English the document prints on purpose, marked as English
    offer_po: str  # where the offer's own text is translated ("translations/ur.po")
    export_command: str  # the command that brings the offer's PO file up to date
    catalogue_path: str  # where offerprint's own wording is translated


def _plain(text: str) -> str:
    return " ".join(_MARKDOWN.sub(lambda m: m.group(1) or "", text).split())


def _language_name(lang: str) -> str:
    from babel import Locale

    try:
        return Locale.parse(i18n.babel_locale(lang)).get_display_name("en") or lang
    except (ValueError, TypeError):
        return lang


@functools.lru_cache(maxsize=32)
def _catalogue_pairs(lang: str) -> tuple[tuple[str, str], ...]:
    """(English, translation) of every message of offerprint's catalogue for ``lang``."""
    say = i18n.interface_translations(lang).gettext
    return tuple((message, say(message)) for message in i18n.template_ids())


def _translators_latin(pairs: Iterable[tuple[str, str]]) -> set[str]:
    """The Latin runs a translator kept inside a translation that is mostly in its own script
    (a translation that is itself English is not the translator's choice: it is left over)."""
    runs = set()
    for english, said in pairs:
        letters = sum(ch.isalpha() for ch in said)
        if said == english or not letters or 2 * len(LATIN_LETTER.findall(said)) >= letters:
            continue
        for run in LATIN_RUN.findall(_plain(said)):
            runs.add(run.strip(" ,"))
            # and its own words (not offerprint's, not English's commonest): a line break inside
            # a right-to-left line moves a run's words apart ("(higher" ... "level teaching
            # assistant)" at 48 pt), and each must still count as the translator's
            runs.update(word for word in re.findall(r"[A-Za-z\u00c0-\u024f][\w'’-]{3,}", run)
                        if word.casefold() not in _catalogue_words())
    return runs


@functools.lru_cache(maxsize=1)
def _catalogue_words() -> frozenset[str]:
    """Every word of offerprint's own English wording, and English's commonest small words."""
    words = {w for english in i18n.template_ids() for w in _words(english)}
    return frozenset(words | set(ENGLISH_WORDS))


def expectation(loaded, lang: str, marked: Iterable[str]) -> LanguageExpectation | None:
    """The expectation for ``loaded`` in ``lang`` (None for the offer's own language), with
    ``marked``: the strings the document prints as English on purpose."""
    from ..translate import translation_for

    content = translation_for(loaded, lang)
    if content is None:  # the offer's own language
        return None
    folder = i18n.catalogue_folder(lang)
    if folder is None:
        # No interface catalogue for the language (offerprint has ten): its own wording can only be
        # English, which no school can change, and a finding would stop every document in it.
        # `check` and `translate status` still count the offer's own untranslated text.
        return None
    pairs = [(english, said) for (_, english), said in content.messages.items()]
    kept = set(kept_words(loaded))
    if i18n.script_of(lang) != "Latn":  # a Latin-script translation is all Latin runs
        kept |= _translators_latin(pairs + list(_catalogue_pairs(lang)))
    lines = [line["text"] for line in i18n.language_lines(loaded.offer.setting.name)]
    offer_folder = loaded.folder.name
    return LanguageExpectation(
        lang=lang,
        kept=tuple(sorted({k for k in kept if k}, key=len, reverse=True)),
        marked=tuple(dict.fromkeys(_plain(m) for m in [*marked, *lines] if m and m.strip())),
        offer_po=f"{offer_folder}/translations/{content.path.name}",
        export_command=f"offerprint translate export {offer_folder} --lang {content.lang}",
        catalogue_path=f"offerprint's translations/{folder}/LC_MESSAGES/messages.po")


def print_marked(doc) -> list[str]:
    """The strings a standard or large print document prints in English on purpose and marks
    so (see :mod:`offerprint.tree`): a unit without its translation, a label a catalogue lacks."""
    from .. import markdown as md
    from ..tree import document_tree

    marked: list[str] = []

    def walk(node) -> None:
        if isinstance(node, md.Prose):
            if node.unit_translation is not None:
                marked.extend(line for line in str(node).splitlines()
                              if line.strip() and node.translated(line) is None)
        elif isinstance(node, str):
            if getattr(node, "lang", None):
                marked.append(node)
        else:
            for child in _children(node):
                walk(child)

    walk(document_tree(doc))
    return marked


def _children(node):
    import dataclasses

    if dataclasses.is_dataclass(node):
        return [getattr(node, f.name) for f in dataclasses.fields(node)]
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, (list, tuple)):
        return list(node)
    return []


def easy_read_marked(doc) -> list[str]:
    """The strings an easy read prints in English on purpose, marked so (a row, heading or
    the credit whose words a catalogue or the PO file lacks)."""
    marked = [s for row in doc.rows() if row.lang for s in [*row.plain_sentences, *row.details]]
    marked += [str(h) for h in doc.headings.values() if getattr(h, "lang", None)]
    marked += [str(p.heading) for p in doc.parts if getattr(p.heading, "lang", None)]
    if doc.credit and getattr(doc.credit, "lang", None):
        marked.append(str(doc.credit))
    return marked


def _without_marked(text: str, marked: Iterable[str]) -> str:
    """``text`` without the marked strings, matched word by word (a line break, a page's
    furniture or a direction mark may stand between two words of the PDF's text)."""
    for string in sorted(marked, key=len, reverse=True):
        words = re.findall(r"\w+", string)
        if words:
            text = re.sub(r"\W+".join(re.escape(w) for w in words), " ", text)
    return text


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)s|%s")


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(text))


@functools.lru_cache(maxsize=32)
def _catalogue_pieces(lang: str, kept: tuple[str, ...] = ()) -> tuple[frozenset, frozenset, frozenset]:
    """The word runs of offerprint's messages between their placeholders ("Page {page} of
    {pages}": "page", "of") with every run of three words or more inside them (pdftotext cuts
    a message where a blank or a line break sits: "The size I need" of "Large print. The size I
    need: ____ point"), and the runs' beginnings and ends (a string cut mid-message). Words the
    measure leaves out (``kept``: "name", "email" in "Your name and phone number or email") are
    left out of the runs too, as they are of the strings."""
    whole, starts, ends = set(), set(), set()
    left_out = {w for k in kept for w in _words(k)}
    for english, _ in _catalogue_pairs(lang):
        for segment in _PLACEHOLDER.split(english):
            words = tuple(w for w in _words(segment) if w not in left_out)
            if words:
                whole.add(words)
                whole.update(words[i:j] for i in range(len(words)) for j in range(i + 3, len(words) + 1))
                starts.update(words[:k] for k in range(1, len(words)))
                ends.update(words[k:] for k in range(1, len(words)))
    return frozenset(whole), frozenset(starts), frozenset(ends)


def _where(string: str, expected: LanguageExpectation) -> str:
    """The catalogue when ``string`` is made wholly of offerprint's own English wording (pdftotext
    runs labels together, with page numbers, write-in blanks and kept words between them), else
    the offer's PO file."""
    words = _words(string)
    whole, starts, ends = _catalogue_pieces(expected.lang, expected.kept)
    kept = {w for k in expected.kept for w in _words(k)}
    words = tuple(w for w in words if w not in kept)
    n = len(words)
    covered = [True] + [False] * n
    for i in range(n):
        if not covered[i]:
            continue
        for j in range(i + 1, n + 1):
            piece = words[i:j]
            if piece in whole or (i == 0 and piece in ends) or (j == n and piece in starts):
                covered[j] = True
    return "catalogue" if n and covered[n] else "offer"


def language_problems(text: str, expected: LanguageExpectation | None, threshold: float = THRESHOLD) -> list[str]:
    """The finding for ``text`` (the PDF's extracted text), or none."""
    if expected is None:
        return []
    flat = " ".join(_MARKS.sub("", text).split())
    share = measure(_without_marked(flat, expected.marked), expected.lang, expected.kept)
    # A whole English sentence is a finding however long the document (in a Latin-script
    # language, measure's English is made of sentences already).
    latin_script = i18n.script_of(expected.lang) == "Latn"
    sentences = share.english if latin_script else english_sentences(". ".join(share.english))
    if share.percent <= threshold and not sentences:
        return []
    english = list(share.english)
    by_place: dict[str, list[str]] = {"offer": [], "catalogue": []}
    for string in english:
        by_place[_where(string, expected)].append(string)
    # Whole sentences first: they say most plainly what was left in English.
    named = sorted(english, key=lambda s: s not in sentences)[:_NAMED]
    quoted = ", ".join(f'"{s if len(s) <= 80 else s[:77] + "..."}"' for s in named)
    more = f" and {len(english) - len(named)} more" if len(english) > len(named) else ""
    fixes = []
    if by_place["offer"]:
        fixes.append(f"the offer's own text in {expected.offer_po} (a translator's msgstr there is English; "
                     f"{expected.export_command} lists every text)")
    if by_place["catalogue"]:
        fixes.append(f"offerprint's own wording in {expected.catalogue_path}")
    name = _language_name(expected.lang)
    return [f"{share.percent} % of the {expected.lang} document's letters are not {name} and not marked as "
            f"English (at most {threshold:g} %; names, addresses, emails, web addresses and glossary terms "
            f"aside): {quoted}{more} are English; translate "
            + " and ".join(fixes)]
