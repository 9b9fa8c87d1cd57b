"""A translation as the documents use it: the translated units of one language, looked up by
field and English text.

The document builders are given a :class:`ContentTranslation` (see :func:`translation_for`)
and never read a PO file themselves. The renderer looks each unit up with
:meth:`ContentTranslation.get` and must render a translation as inline Markdown only, through
the same safe parser as the English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import OfferInputError
from ..load import LoadedOffer, display_path
from .pofile import read_po_shared
from .tags import language, po_path
from .units import normalize_text


@dataclass(frozen=True)
class ContentTranslation:
    """The translated units of one language: (msgctxt, English) -> translation.

    Only translated, non-fuzzy entries: a stale translation would say something the English no
    longer says, so the renderer prints the English there instead. A translation is the
    translator's text, verbatim: the renderer escapes it like any other text."""

    lang: str
    reviewed: bool
    messages: dict[tuple[str, str], str]
    path: Path

    def get(self, context: str, english: str) -> str | None:
        return self.messages.get((context, normalize_text(english)))

    def __getitem__(self, key: tuple[str, str]) -> str:
        return self.messages[key]

    def __contains__(self, key: object) -> bool:
        return key in self.messages

    def __len__(self) -> int:
        return len(self.messages)


def load_translation(loaded: LoadedOffer, lang: str) -> ContentTranslation:
    """Read ``translations/<LANG>.po`` for the renderer."""
    tag, _ = language(lang)
    path = po_path(loaded, tag)
    if not path.is_file():
        raise OfferInputError(f"--lang: there is no {tag} translation ({display_path(path)} does not exist; "
                              f"make it with: offerprint translate export {display_path(loaded.folder)} --lang {tag})")
    po = read_po_shared(path, loaded.folder)
    messages = {(e.context or "", e.msgid): e.msgstr for e in po.live if e.msgstr and not e.fuzzy}
    return ContentTranslation(tag, po.reviewed, messages, path)


def translation_for(loaded: LoadedOffer, lang: str | None) -> ContentTranslation | None:
    """The translation a document in ``lang`` is given: None for the offer's own language (or
    no ``lang``), else ``translations/<LANG>.po`` as :func:`load_translation` reads it."""
    if not lang or lang == loaded.offer.offer.language:
        return None
    return load_translation(loaded, lang)
