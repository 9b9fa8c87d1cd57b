"""Language tags: the BCP 47 tag of a translation, which names its file
(``<offer folder>/translations/<LANG>.po``), so it is checked before it touches a path."""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale, UnknownLocaleError

from ..errors import OfferInputError
from ..load import LoadedOffer

FOLDER = "translations"

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
