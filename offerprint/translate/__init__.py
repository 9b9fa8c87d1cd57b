"""Content translation: the offer's own words out to PO files for translators, and back.

Translators (the council's Ethnic Diversity Service) work in Poedit or Weblate, never in YAML.
:func:`export_po` writes ``<offer folder>/translations/<LANG>.po`` with one entry per
translatable unit; running it again after the English changed merges like ``msgmerge``, and
nothing a translator wrote is ever deleted. babel is used for locales and plural forms.

One module per concern, as in Babel's ``messages/``; each imports only those above it here:

    tags        a language tag, checked before it names a file (``language``, ``po_path``)
    units       what there is to translate, keyed by field (``Unit``, ``units_of``)
    pofile      PO files read and written through polib (``Entry``, ``PoFile``, ``read_po``)
    merge       the English merged into a translator's file (``merge``)
    export      the translator's file written (``export_po``, ``set_reviewed``)
    status      how far each translation is (``translation_status``)
    catalogue   a translation as documents use it (``ContentTranslation``, ``translation_for``)

The document layer is given a :class:`ContentTranslation` by its callers; nothing here
imports it.
"""

from __future__ import annotations

from .catalogue import ContentTranslation, load_translation, translation_for
from .export import export_po, set_reviewed
from .merge import OTHER_FIELD_CUTOFF, SAME_FIELD_CUTOFF, merge
from .pofile import MAX_PO_BYTES, REVIEWED, WIDTH, Entry, PoFile, format_po, read_po
from .status import LangStatus, translation_status
from .tags import FOLDER, language, po_path
from .units import (
    OPTIONAL_GLOSSARY,
    Unit,
    builtin_glossary_used,
    markdown_units,
    normalize_text,
    offer_units,
    question_of,
    units_of,
)

__all__ = [
    "FOLDER", "MAX_PO_BYTES", "OPTIONAL_GLOSSARY", "OTHER_FIELD_CUTOFF", "REVIEWED", "SAME_FIELD_CUTOFF",
    "WIDTH", "ContentTranslation", "Entry", "LangStatus", "PoFile", "Unit", "builtin_glossary_used",
    "export_po", "format_po", "language", "load_translation", "markdown_units", "merge", "normalize_text",
    "offer_units", "po_path", "question_of", "read_po", "set_reviewed", "translation_for",
    "translation_status", "units_of",
]
