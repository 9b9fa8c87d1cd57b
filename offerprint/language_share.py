"""How much of a translated document is not in its language, and where to translate the rest.

A document in Urdu, Arabic or Bengali is measured by its letters: the share of them in Latin
script, once names, addresses, emails, web addresses, phone numbers, acronyms and the offer's
own glossary terms (which the translator may keep in English) are taken out. A document in a
Latin-script language (Polish, Romanian, Somali) cannot be measured that way, so its English
sentences are found by English's commonest small words, which none of those languages uses.

:func:`english_left` walks what offerprint builds for a language (the easy read document and
the plain text of the standard one, both cheap: nothing is rendered) and says, for each English
string, where it is translated: offerprint's interface catalogue, or the offer's PO file.
``offerprint check`` reports it; ``translate status`` counts the catalogue's part.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from . import i18n
from . import markdown as md
from .load import LoadedOffer

# Left out of the measure: what stays in Latin letters in any language.
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:org|uk|com|gov|net)(?:/\S*)?\b", re.IGNORECASE)
# an email, or the piece of one before a line break ("office@oakfield." / "example.org" at 48 pt)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\b[\w.+-]+@(?:[\w-]+\.?)*")
# An acronym or a licence name: capitals and digits (SEND, SENCO, EHCP, CC BY-SA 4.0).
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+(?:[-/][A-Z0-9]+)*s?\b")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’-]*(?:[ ,]+[A-Za-z\u00c0-\u024f][\w'’-]*)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# English's commonest small words, none of them a word of Polish, Romanian or Somali ("to",
# "a", "i", "we", "on", "do" and "no" are, so they are not here).
ENGLISH_WORDS = frozenset(
    "the and you your is are of our can with for this that if what they will have has be it who how from "
    "about please when their them there which would should been were these those us".split())
_SENTENCE = re.compile(r"[^.!?\u06d4\u061f\u0964\u3002\n]+[.!?\u06d4\u061f\u0964\u3002]?")


@dataclass(frozen=True)
class Share:
    """The letters of a text, and how many of them are not in the document's language."""

    letters: int
    foreign: int
    english: tuple[str, ...] = ()  # the English strings found, in order, each once

    @property
    def percent(self) -> float:
        return round(100 * self.foreign / self.letters, 1) if self.letters else 0.0


def kept_words(loaded: LoadedOffer) -> list[str]:
    """What a translation keeps as written: the setting's and people's names, addresses, the
    Local Offer's name and the offer's glossary terms (longest first, so each is taken whole)."""
    offer = loaded.offer
    setting = offer.setting
    kept = [setting.name, *setting.address.splitlines(), offer.offer.local_offer.name,
            *offer.offer.local_offer.address.splitlines(), "OpenMoji"]
    if setting.senco is not None:
        kept += [setting.senco.name, setting.senco.role]
    kept += [entry.term for entry in getattr(offer, "glossary", None) or [] if getattr(entry, "term", None)]
    for name in re.findall(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?", _offer_text(loaded)):
        kept.append(name)
    return sorted({k.strip().rstrip(",") for k in kept if k and k.strip()}, key=len, reverse=True)


def _offer_text(loaded: LoadedOffer) -> str:
    return loaded.source.read_text(encoding="utf-8") if loaded.source.is_file() else ""


def _without_kept(text: str, kept: list[str]) -> str:
    for pattern in (_EMAIL, _URL):
        text = pattern.sub(" ", text)
    for word in sorted(kept, key=len, reverse=True):  # longest first: each is taken whole
        text = text.replace(word, " ")
    return _ACRONYM.sub(" ", text)


def english_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that are English: four words or more, at least two of them
    (and a quarter of all) English's commonest small words."""
    found = []
    for sentence in _SENTENCE.findall(text):
        words = [w.casefold() for w in _WORD.findall(sentence)]
        common = sum(w in ENGLISH_WORDS for w in words)
        if len(words) >= 4 and common >= 2 and common * 4 >= len(words):
            found.append(" ".join(sentence.split()))
    return found


def measure(text: str, lang: str, kept: list[str] = ()) -> Share:
    """How much of ``text`` (a document in ``lang``) is not in ``lang``: in a document of
    another script, its Latin letters; in a Latin-script language, its English sentences."""
    rest = _without_kept(text, list(kept))
    letters = sum(ch.isalpha() for ch in rest)
    if i18n.script_of(lang) == "Latn":
        english = english_sentences(rest)
        foreign = sum(ch.isalpha() for sentence in english for ch in sentence)
    else:
        foreign = len(LATIN_LETTER.findall(rest))
        english = [run for run in LATIN_RUN.findall(rest) if len(_WORD.findall(run)) >= 2]
    return Share(letters, foreign, tuple(dict.fromkeys(english)))


# --- what offerprint builds for a language, and where each English string is translated ------


@dataclass
class EnglishLeft:
    """The English a translated document would print, by where it is translated."""

    lang: str
    easy_read: Share
    text: Share
    catalogue: list[str] = field(default_factory=list)  # offerprint's own wording left in English
    offer: list[str] = field(default_factory=list)  # the offer's own text left in English
    catalogue_path: str = ""

    @property
    def any(self) -> bool:
        return bool(self.catalogue or self.offer)


# Fields of the document tree's nodes that are not words a family reads.
_NOT_WORDS = {"role", "level", "anchor", "id", "url", "file", "path", "lang", "dir", "script", "kind", "size",
              "href", "target", "key", "section_id", "alt", "original"}


def _strings(node):
    """Every string the document tree prints, in reading order (the lines of the other-formats
    notice, in every language, are meant to be in theirs and left out)."""
    from . import tree

    if isinstance(node, md.Prose):  # the school's Markdown, translated unit by unit when printed
        for block in re.split(r"\n\s*\n", str(node)):
            lines = [re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+|^#+\s*|\|", " ", line) for line in block.splitlines()]
            whole = node.translated(" ".join(lines))
            if whole is not None:
                yield whole
                continue
            for line in lines:
                said = node.translated(line)
                yield line if said is None else said
    elif isinstance(node, str):
        yield node
    elif isinstance(node, tree.LanguageLines):
        return
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            if f.name not in _NOT_WORDS:
                yield from _strings(getattr(node, f.name))
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in _NOT_WORDS:
                yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _strings(item)


def standard_text(loaded: LoadedOffer, lang: str) -> str:
    """The words of the standard document in ``lang`` (its document tree; nothing rendered)."""
    from .document import build_document
    from .translate import translation_for
    from .tree import document_tree

    return "\n".join(_strings(document_tree(build_document(loaded, translation_for(loaded, lang)))))


def easy_read_text(doc) -> str:
    """The words of an easy read document (see :func:`offerprint.easy_read.build_easy_read`)."""
    return "\n".join(doc.sentences() + [str(h) for h in doc.headings.values()]
                     + [str(p.heading) for p in doc.parts])


def _plain(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def english_left(loaded: LoadedOffer, lang: str, *, standard: bool = True) -> EnglishLeft:
    """What the ``lang`` easy read and standard print would print in English (easy read's own
    wording and the offer's easy read items, and the document tree; nothing rendered), each
    string put to its source. (Not through easy_read.build_easy_read: the check, which calls
    this, is below it.)"""
    from . import easy_read_wording as wording
    from .translate import translation_for

    kept = kept_words(loaded)
    say = wording.Wording(lang, loaded.offer.offer.language)
    builtin = [wording.cover_row(loaded, say), wording.cover_contact_row(loaded, say), *wording.about_rows(loaded, say),
               *wording.sen_rows(loaded, say), *wording.contact_rows(loaded, say),
               *wording.local_offer_rows(loaded, say), *wording.complaint_rows(loaded, say)]
    headings = [say.text(message) for message in wording.HEADINGS.values()]
    content = translation_for(loaded, lang)
    items, untranslated = [], []
    for section in loaded.offer.sections:
        for item in section.easy_read:
            said = content.get(f"sections.{section.id}.easy_read", item.text) if content is not None else None
            (items if said else untranslated).append(_plain(said or item.text))
    easy_text = "\n".join([_plain(r.text) for r in builtin] + [str(h) for h in headings] + items + untranslated)
    # The standard document's measure builds the whole document: `check`, which must stay quick,
    # asks for easy read's only (standard=False), where offerprint's own English sits.
    left = EnglishLeft(lang, measure(easy_text, lang, kept),
                       measure(standard_text(loaded, lang) if standard else "", lang, kept))
    folder = i18n.catalogue_folder(lang)
    left.catalogue_path = (f"translations/{folder}/LC_MESSAGES/messages.po in offerprint" if folder
                           else f"a new interface catalogue for {lang} in offerprint's translations/")
    left.catalogue = list(dict.fromkeys([_plain(r.text) for r in builtin if r.lang]
                                        + [str(h) for h in headings if getattr(h, "lang", None)]))
    left.offer = list(dict.fromkeys(untranslated))
    return left
