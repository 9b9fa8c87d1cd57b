"""Merging the English into a translator's file, like ``msgmerge``: unchanged units keep their
translation, a changed unit keeps its old translation marked fuzzy with the previous English
(``#| msgid``), a removed unit is kept as obsolete (``#~``). Nothing a translator wrote (a
translation, a comment, a header field) is ever deleted.

The merge is our own: babel's and polib's ignore msgctxt when pairing a changed paragraph, and
never revive an obsolete entry.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from dataclasses import replace
from typing import Callable

from .pofile import Entry, PoFile
from .units import Unit

# Pairing a changed unit with its old translation: within the same field a looser match is
# still the same paragraph edited; across fields only a near-identical text is (a section
# renamed, a paragraph moved).
SAME_FIELD_CUTOFF = 0.5
OTHER_FIELD_CUTOFF = 0.8


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
