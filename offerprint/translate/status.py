"""How far each translation is, counted against the offer as it is now (``translate status``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import OfferInputError
from ..load import LoadedOffer
from .merge import merge
from .pofile import Entry, read_po_shared
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

    # offerprint's own wording (its interface catalogue for this language) still in English: the
    # document prints it in English however complete the offer's translation is.
    interface_to_do: int = 0
    interface_path: str = ""

    @property
    def complete(self) -> bool:
        return self.translated == self.total and not self.interface_to_do


def _counts(entries: list[Entry]) -> tuple[int, int, int]:
    translated = sum(1 for e in entries if e.msgstr and not e.fuzzy)
    stale = sum(1 for e in entries if e.msgstr and e.fuzzy)
    return translated, stale, len(entries) - translated - stale


def translation_status(loaded: LoadedOffer, *, read_interface: bool = True) -> list[LangStatus]:
    """The status of every ``translations/*.po`` of the offer, by language tag.

    Counted against the current offer.yaml (merged in memory, nothing written), so a change to
    the English shows as stale before anyone exports again. Every unreadable file is reported.
    ``read_interface=False`` leaves offerprint's own catalogues unread (interface_to_do is then 0):
    `check`, which reports their English apart (language_share), need not read them twice."""
    from .. import i18n

    paths = sorted((loaded.folder / FOLDER).glob("*.po"))
    folders = {i18n.catalogue_folder(path.stem) for path in paths} - {None}
    read = folders if read_interface else set()
    catalogues = {entry["folder"]: entry for entry in i18n.catalogue_status(read)} if read else {}
    statuses, problems = [], []
    units = units_of(loaded)
    optional = {unit.key for unit in units if unit.optional}
    for path in paths:
        try:
            old = read_po_shared(path, loaded.folder)
        except OfferInputError as exc:
            problems += exc.problems
            continue
        merged = merge(old, units)
        translated, stale, missing = _counts([e for e in merged.live if e.key not in optional])
        optional_done = sum(1 for e in merged.live if e.key in optional and e.msgstr and not e.fuzzy)
        behind = [(e.key, e.msgstr, e.flags) for e in old.live] != [(e.key, e.msgstr, e.flags) for e in merged.live]
        gone = {e.key for e in merged.entries if e.obsolete}
        unknown = tuple((e.line, e.context or "", e.msgid) for e in old.live if e.msgstr and e.key in gone)
        folder = i18n.catalogue_folder(path.stem)
        interface = catalogues.get(folder)
        # No catalogue for the language at all: every interface message is still English.
        interface_to_do = (len(interface["missing"]) + len(interface["broken"]) if interface
                           else len(i18n.template_ids()) if read_interface else 0)
        statuses.append(LangStatus(path.stem, translated, stale, missing, translated + stale + missing,
                                   old.reviewed, path, needs_export=behind, unknown=unknown,
                                   optional_to_do=len(optional) - optional_done, interface_to_do=interface_to_do,
                                   interface_path=str(i18n.catalogue_path(folder or path.stem))))
    if problems:
        raise OfferInputError(problems)
    return statuses
