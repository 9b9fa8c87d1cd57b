"""Plain-English measures: sentences, words, syllables, Flesch reading ease, acronyms."""

from __future__ import annotations

import functools
import re

# A sentence ends at . ! or ? followed by a space and a capital, a digit or a quote, or at the end.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(\[])")
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’-][A-Za-z0-9\u00C0-\u024F]+)*")
# Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = re.compile(r"\b(Mr|Mrs|Ms|Dr|Miss|St|No|e\.g|i\.e|etc|approx)\.", re.IGNORECASE)

ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Za-z]*[A-Z][A-Za-z]*?)(s?)(?![\w-])")
# Everyday abbreviations parents know; they need no spelling out.
EVERYDAY = frozenset({"UK", "PE", "IT", "ICT", "TV", "GP", "NHS", "OK", "GCSE", "GCSEs", "BTEC", "CV", "DfE",
                      "PTA", "PSHE", "RE", "DT", "KS", "KS1", "KS2", "KS3", "KS4", "AM", "PM", "FAQ", "SATs",
                      "SAT", "ID", "DBS", "MP", "BSL", "PDF", "USB", "A4", "A3", "WiFi", "PhD", "MA", "BA",
                      "BEd", "MEd", "QTS", "NASENCO", "Ofsted", "OFSTED", "NVQ", "UCAS", "NEET"})


def sentences(text: str) -> list[str]:
    protected = _ABBREVIATIONS.sub(lambda m: m.group().replace(".", "\u2024"), text.strip())
    parts = _SENTENCE_END.split(protected)
    return [p.replace("\u2024", ".").strip() for p in parts if p.strip()]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@functools.lru_cache(maxsize=4096)  # an offer uses a few hundred words thousands of times
def syllables(word: str) -> int:
    """A close-enough English syllable count (vowel groups, silent final e)."""
    w = word.lower()
    if w.isdigit():
        return max(1, len(w) // 2)
    groups = re.findall(r"[aeiouy]+", w)
    count = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def flesch_reading_ease(all_sentences: list[str]) -> float | None:
    """Flesch reading ease (higher is easier; 60-70 is plain English)."""
    ws = [w for s in all_sentences for w in words(s)]
    if not all_sentences or not ws:
        return None
    syl = sum(syllables(w) for w in ws)
    return round(206.835 - 1.015 * (len(ws) / len(all_sentences)) - 84.6 * (syl / len(ws)), 1)


def acronyms(text: str) -> list[tuple[str, int]]:
    """Acronym-like words (two or more capitals: SENCO, SpLD, EHCPs) with their offsets."""
    found = []
    for m in ACRONYM.finditer(text):
        word = m.group(1)
        capitals = sum(c.isupper() for c in word)
        # 'SENCO', 'SpLD', 'EHCPs' are acronyms; a brand such as 'WellComm' is not.
        if capitals >= 2 and capitals * 2 >= len(word) and word not in EVERYDAY:
            found.append((word, m.start()))
    return found


def spelled_out_at(text: str, acronym: str, offset: int) -> bool:
    """True if the acronym at ``offset`` stands next to its full words:
    'special educational needs (SEN)', 'SEN (special educational needs)' or
    'SEN – special educational needs'."""
    before = text[max(0, offset - 1):offset]
    after = text[offset + len(acronym):]
    if before == "(" and re.match(r"s?( [a-z]+)?\)", after) and offset > 1:  # '(SEN)', '(EHC plan)'
        return True
    expansion = re.match(r"s?\s*\(([^)]{6,})\)", after)
    # 'MLD – Moderate Learning Disabilities', 'MLD - moderate learning difficulties',
    # 'MLD: moderate learning difficulties': two or more words after a dash or colon.
    dashed = re.match(r"s?\s*(?:[–—-]|:)\s*[A-Za-z]+(?:[ -][A-Za-z]+)+", after)
    return bool(expansion or dashed)
