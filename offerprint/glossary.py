"""The built-in SEND glossary, and finding which terms a document uses."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .resources import read_shipped_yaml

DATA = Path(__file__).parent / "data" / "glossary.yaml"


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    short: str | None = None
    also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way the term may appear in text: full name, acronym, variants."""
        forms = [self.term]
        if self.short:
            forms.append(self.short)
        forms.extend(self.also)
        return tuple(dict.fromkeys(forms))

    @property
    def acronyms(self) -> tuple[str, ...]:
        return tuple(f for f in self.spellings if is_acronym(f))


_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*s?$")


def is_acronym(word: str) -> bool:
    """'SENCO', 'SpLD', 'EHCP' are acronyms; 'Local Offer' is not."""
    return bool(_ACRONYM.match(word)) and sum(c.isupper() for c in word) >= 2 and " " not in word


@functools.cache
def builtin_terms() -> tuple[Term, ...]:
    entries = read_shipped_yaml(DATA) or []
    return tuple(
        Term(term=e["term"], meaning=e["meaning"], short=e.get("short"), also=tuple(e.get("also") or ()))
        for e in entries
    )


def _pattern(form: str) -> re.Pattern[str]:
    # Acronyms match case-sensitively (so "ot" in a word never counts); names case-insensitively.
    flags = 0 if is_acronym(form) else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", flags)


@functools.lru_cache(maxsize=1024)
def _form_pattern(form: str) -> re.Pattern[str]:
    return _pattern(form)


@functools.cache
def _patterns(term: Term) -> tuple[re.Pattern[str], ...]:
    return tuple(_pattern(f) for f in term.spellings)


def short_once(term: Term) -> Term:
    """The term, without its short form where its own words already give it (a translator
    writes "... (CAMHS)"): a glossary then never prints "(CAMHS) (CAMHS)"."""
    if term.short and _pattern(term.short).search(term.term):
        return dataclasses.replace(term, short=None)
    return term


def term_used(term: Term, text: str) -> bool:
    return any(p.search(text) for p in _patterns(term))


_WORD = re.compile(r"[\w-]+")


class _Words:
    """A text's words, for looking up many terms at once. A one-word spelling ("SENCO",
    "co-production") matches exactly where it is one of the text's words (runs of letters,
    digits and hyphens, which is where the search pattern's edges fall), as written for an
    acronym, casefolded otherwise; a longer one is searched for, only if its casefolded
    letters are in the casefolded text at all. A set lookup costs nothing; a search runs
    through the whole text."""

    def __init__(self, text: str) -> None:
        self.text, self.folded = text, text.casefold()
        self.exact = set(_WORD.findall(text))
        self.folded_words = set(_WORD.findall(self.folded))

    def have(self, term: Term) -> bool:
        """What term_used(term, text) says, without searching the text for one-word spellings."""
        return any(self._has(form) for form in term.spellings)

    def _has(self, form: str) -> bool:
        if _WORD.fullmatch(form):
            return form in self.exact if is_acronym(form) else form.casefold() in self.folded_words
        # The pattern is made only for a spelling whose letters are there (most are not).
        return form.casefold() in self.folded and _form_pattern(form).search(self.text) is not None


@functools.cache
def _collator():
    from pyuca import Collator  # the Unicode Collation Algorithm's default table: 0.2 s to load

    return Collator()


def alphabetical(word: str) -> tuple:
    """A sort key that puts words of any script in the order of its alphabet as Unicode's
    default collation gives it ("Ł" beside "L", Urdu's "ٹ" among the Arabic letters), where
    code points put them after "z" or after the last Arabic letter."""
    return _collator().sort_key(word.casefold())


def terms_used(text: str, extra: tuple[Term, ...] = ()) -> list[Term]:
    """The terms (offer's own first, then built-in) that appear in ``text``, sorted by name.

    An offer's own entry with the same name as a built-in one replaces it.
    """
    chosen: dict[str, Term] = {}
    words = _Words(text)
    for term in (*extra, *builtin_terms()):
        key = term.term.casefold()
        if key in chosen:
            continue
        if term in extra or words.have(term):
            chosen[key] = term
    return sorted(chosen.values(), key=lambda t: t.term.casefold())


def terms_printed(sections: Iterable[tuple[str, str, Iterable[str]]], after: Iterable[str],
                  own: Iterable) -> list[Term]:
    """The terms a document's glossary ("Words we use") lists: the offer's own entries (``own``:
    anything with ``term``, ``meaning`` and ``short``), then the built-in terms its text uses,
    as :func:`terms_used` gives them. The text is each section's question, answer and contact
    roles (``sections``, in order), then ``after``: the texts after the sections (the SEN
    definition, co-production, complaints, the accessibility plan's parts), as printed."""
    everything = "\n".join([question + "\n" + answer + "\n" + "\n".join(roles) for question, answer, roles in sections]
                           + list(after))
    return terms_used(everything, tuple(Term(term=g.term, meaning=g.meaning, short=g.short) for g in own))
