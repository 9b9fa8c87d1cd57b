"""The built-in SEND glossary, and finding which terms a document uses."""

from __future__ import annotations

import functools
import re
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


@functools.cache
def _patterns(term: Term) -> tuple[re.Pattern[str], ...]:
    return tuple(_pattern(f) for f in term.spellings)


def term_used(term: Term, text: str, folded: str | None = None) -> bool:
    """Whether a spelling of ``term`` is in ``text`` as a word. ``folded``: the text casefolded,
    when many terms are looked for: a spelling not in it is not in the text (casefolding
    covers the letters ``re.IGNORECASE`` takes as one), and that test is far cheaper than
    the search, which then runs only where a spelling might be."""
    if folded is not None and not any(form.casefold() in folded for form in term.spellings):
        return False
    return any(p.search(text) for p in _patterns(term))


def terms_used(text: str, extra: tuple[Term, ...] = ()) -> list[Term]:
    """The terms (offer's own first, then built-in) that appear in ``text``, sorted by name.

    An offer's own entry with the same name as a built-in one replaces it.
    """
    chosen: dict[str, Term] = {}
    folded = text.casefold()
    for term in (*extra, *builtin_terms()):
        key = term.term.casefold()
        if key in chosen:
            continue
        if term in extra or term_used(term, text, folded):
            chosen[key] = term
    return sorted(chosen.values(), key=lambda t: t.term.casefold())
