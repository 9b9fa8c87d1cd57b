"""The translator's file written: ``translate export`` makes or brings up to date
``<offer folder>/translations/<LANG>.po`` (the header, then the units merged in), and a
reviewer's mark is set in its header."""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from ..errors import OfferInputError
from ..fileio import write_atomic
from ..load import LoadedOffer, display_path
from .merge import merge
from .pofile import REVIEWED, PoFile, format_po, outside_root, read_po
from .tags import language, po_path
from .units import units_of


def _fresh_header(loaded: LoadedOffer, locale: Locale) -> PoFile:
    offer = loaded.offer
    po = PoFile()
    po.header_comments = [
        f" {locale.english_name} translation of {offer.offer.title}, {offer.setting.name}.",
        " Made by 'offerprint translate export' from offer.yaml: translate each msgstr.",
        " Keep the ** marks around bold words, and in a link [words](address) translate",
        " the words and keep the address. When a second translator has checked the whole",
        f" file, change the header line {REVIEWED}: no to yes.",
    ]
    po.header = [
        ("Project-Id-Version", ""),
        ("Report-Msgid-Bugs-To", offer.setting.email),
        ("PO-Revision-Date", ""),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", str(locale)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", get_plural(locale).plural_forms),
        (REVIEWED, "no"),
    ]
    return po


def _update_header(po: PoFile, loaded: LoadedOffer, locale: Locale) -> None:
    """Our fields describe the English and the file's encoding; every other field, and every
    value a translator set, is theirs and stays."""
    offer = loaded.offer
    po.set_header("Project-Id-Version", f"offerprint {offer.offer.title} ({offer.setting.name})")
    po.set_header("MIME-Version", "1.0")
    po.set_header("Content-Type", "text/plain; charset=UTF-8")  # this module writes UTF-8
    po.set_header("Content-Transfer-Encoding", "8bit")
    for name in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
        po.set_header(name, "", keep=True)  # for translation tools to fill in
    po.set_header("Language", str(locale), keep=True)
    po.set_header("Plural-Forms", get_plural(locale).plural_forms, keep=True)
    po.set_header(REVIEWED, "no", keep=True)


def _merged(loaded: LoadedOffer, locale: Locale, path: Path) -> PoFile:
    old = read_po(path, loaded.folder) if path.exists() else _fresh_header(loaded, locale)
    po = merge(old, units_of(loaded))
    _update_header(po, loaded, locale)
    return po


def _not_own_language(loaded: LoadedOffer, tag: str, locale: Locale) -> None:
    try:
        own = Locale.parse(loaded.offer.offer.language, sep="-")
    except (ValueError, UnknownLocaleError):
        return
    if own == locale:
        raise OfferInputError(f"--lang: {tag} is the language offer.yaml is written in "
                              "(give the language to translate into, such as ur or pl)")


def export_po(loaded: LoadedOffer, lang: str) -> Path:
    """Write (or bring up to date) ``translations/<LANG>.po`` for the offer. Returns its path.

    An existing file that cannot be read is left exactly as it is (and the error names its
    line): rewriting it could lose a translator's work."""
    tag, locale = language(lang)
    _not_own_language(loaded, tag, locale)
    path = po_path(loaded, tag)
    outside_root(path.parent, loaded.folder, display_path(path.parent))  # never written through a link
    text = format_po(_merged(loaded, locale, path))
    try:
        return write_atomic(path, text)
    except OSError as exc:
        raise OfferInputError(f"{display_path(path)}: cannot be written ({exc.strerror or exc})") from None


def set_reviewed(loaded: LoadedOffer, lang: str, reviewed: bool = True) -> Path:
    """Set ``X-Offerprint-Reviewed`` (translation tools do not show custom header fields, so
    a reviewer may not find it); nothing else in the file changes."""
    tag, _ = language(lang)
    path = po_path(loaded, tag)
    po = read_po(path, loaded.folder)
    po.set_header(REVIEWED, "yes" if reviewed else "no")
    return write_atomic(path, format_po(po))
