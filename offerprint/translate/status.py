"""How far each translation is, counted against the offer as it is now (``translate status``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import OfferInputError
from ..load import LoadedOffer
from .merge import merge
from .pofile import Entry, read_po
from .tags import FOLDER
from .units import units_of


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
            old = read_po(path, loaded.folder)
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
