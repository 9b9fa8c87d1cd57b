"""The units to translate: every translatable piece of an offer, keyed by its field.

msgctxt names the field and never a position ("sections.identify-needs.answer"), so inserting
a paragraph changes no other unit's key; msgid is the English unit itself:

    offer.title                      setting.logo.alt          setting.senco.role
    sections.<id>.question           sections.<id>.answer      sections.<id>.easy_read
    sections.<id>.timescales.when    sections.<id>.timescales.what
    sections.<id>.contacts.role      sections.<id>.pictures.alt
    sen_definition   co_production   complaints   accessibility.<field>
    glossary.term    glossary.meaning

A Markdown field (answers, co_production ...) gives one unit per paragraph, list item, heading
and table cell: the same split as :func:`offerprint.markdown.blocks`, but each msgid keeps its
inline Markdown source (``**bold**``, ``[words](https://…)``), so a translation can keep the bold
and the links.

Names, phone numbers, email and postal addresses are never offered for translation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .. import glossary as gl
from .. import i18n
from .. import markdown as md
from ..glossary import Term
from ..labels import labels
from ..load import LoadedOffer
from ..model import Offer, Section
from ..questions import question_text


@dataclass(frozen=True)
class Unit:
    """One thing a translator translates, with where it is and what to tell them."""

    context: str
    text: str
    comments: tuple[str, ...] = ()
    markdown: bool = False
    optional: bool = False  # left empty, the English prints (marked as English); not counted as to do

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.text)


def normalize_text(text: str) -> str:
    """One line, single spaces: re-wrapping a paragraph in offer.yaml must not change its key."""
    return " ".join((text or "").split())


def markdown_units(text: str) -> list[str]:
    """The paragraphs, headings, list items and table cells of a Markdown field, each as its
    inline Markdown source (bold and links kept), in reading order.

    Uses the renderer's own parser, so the split is the one :func:`markdown.blocks` makes."""
    units = []
    for token in md.parser().parse(text or ""):
        if token.type == "inline" or token.type in {"code_block", "fence"}:
            unit = normalize_text(token.content)
            if unit:
                units.append(unit)
    return units


# A unit made only of phone numbers, email or web addresses and figures has nothing to
# translate (a table cell "0161 496 0123"): it is printed as it is.
_NOT_WORDS = re.compile(r"https?://\S+|mailto:\S+|tel:\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d+")


def _has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]", _NOT_WORDS.sub("", text)) is not None


def question_of(offer: Offer, section: Section) -> str:
    """The question a section prints (the same wording as every document)."""
    return question_text(offer.offer.questions, section, offer.setting.kind)


def _markup_hints(text: str) -> list[str]:
    hints = []
    if "**" in text or "__" in text:
        hints.append("Keep the ** marks around the words in bold.")
    if "](" in text:
        hints.append("Links are [words](address): translate the words, keep the address.")
    return hints


def _markdown_field(context: str, text: str | None, about: list[str]) -> list[Unit]:
    return [Unit(context, unit, tuple(about + _markup_hints(unit)), markdown=True)
            for unit in markdown_units(text or "")]


def _plain(context: str, text: str | None, about: list[str]) -> list[Unit]:
    unit = normalize_text(text or "")
    return [Unit(context, unit, tuple(about + _markup_hints(unit)))] if unit else []


def _section_units(offer: Offer, section: Section) -> list[Unit]:
    base = f"sections.{section.id}"
    asked = [f"Question: {question_of(offer, section)}"]
    units = _plain(f"{base}.question", question_of(offer, section),
                   asked + ["A heading: one of the questions families ask."])
    units += _markdown_field(f"{base}.answer", section.answer,
                             asked + ["One paragraph, heading or list item of the answer."])
    for step in section.timescales:
        units += _plain(f"{base}.timescales.when", step.when, asked + ["A timescale: when this happens."])
        units += _plain(f"{base}.timescales.what", step.what, asked + ["A timescale: what happens then."])
    for contact in section.contacts:
        units += _plain(f"{base}.contacts.role", contact.role,
                        asked + ["A contact's job, or what to contact them about (their name, phone "
                                 "and email are printed as they are)."])
    for picture in section.pictures:
        units += _plain(f"{base}.pictures.alt", picture.alt,
                        asked + ["Read aloud by screen readers in place of a photo."])
    for item in section.easy_read:
        units += _plain(f"{base}.easy_read", item.text,
                        asked + ["Easy read: short sentences beside a picture. Keep them as simple as the English."])
    return units


#: Said to translators on the built-in glossary's entries.
OPTIONAL_GLOSSARY = ("Optional: a word from offerprint's own glossary that this document uses. Left empty, "
                     "the English prints here, marked as English.")


def offer_units(offer: Offer, builtin_glossary: Sequence[Term] = ()) -> list[Unit]:
    """Every translatable unit of the offer, in reading order, each key once.
    ``builtin_glossary``: the built-in glossary's words the document prints (see
    :func:`builtin_glossary_used`), offered last and as optional."""
    setting = offer.setting
    units = _plain("offer.title", offer.offer.title, ["The title of the whole document."])
    if setting.logo:
        units += _plain("setting.logo.alt", setting.logo.alt,
                        ["Read aloud by screen readers in place of the school's logo."])
    if setting.senco:
        units += _plain("setting.senco.role", setting.senco.role,
                        ["The job title of the special educational needs co-ordinator."])
    for section in offer.sections:
        units += _section_units(offer, section)
    if offer.sen_definition:
        units += _markdown_field("sen_definition", offer.sen_definition,
                                 ["What special educational needs means (the legal definition)."])
    units += _markdown_field("co_production", offer.co_production,
                             ["How families and children helped write this document."])
    units += _markdown_field("complaints", offer.complaints, ["What to do if you are not happy."])
    if offer.accessibility:
        for name in type(offer.accessibility).model_fields:
            units += _markdown_field(f"accessibility.{name}", getattr(offer.accessibility, name),
                                     [f"Disabled pupils: {name.replace('_', ' ')}."])
    for entry in offer.glossary:
        units += _plain("glossary.term", entry.term, ["A word from the glossary (words we use)."])
        units += _plain("glossary.meaning", entry.meaning, [f"What this glossary word means: {entry.term}"])
    for term in builtin_glossary:
        units += [replace(u, optional=True) for u in
                  _plain("glossary.term", term.term, [OPTIONAL_GLOSSARY])
                  + _plain("glossary.meaning", term.meaning, [OPTIONAL_GLOSSARY, f"What this word means: {term.term}"])]
    unique: dict[tuple[str, str], Unit] = {}
    for unit in units:
        if _has_words(unit.text):
            unique.setdefault(unit.key, unit)  # the same sentence twice in a field is one unit
    return list(unique.values())


def builtin_glossary_used(loaded: LoadedOffer) -> list[Term]:
    """The built-in glossary's words that the offer's document prints ("Words we use"), found
    as the English document finds them (:func:`offerprint.glossary.terms_printed` over the
    same texts); the offer's own glossary words are its own units."""
    offer = loaded.offer
    words = labels(i18n.interface_translations(offer.offer.language).gettext, setting=offer.setting.name)
    sections = [(question_of(offer, s), s.answer, [c.role for c in s.contacts]) for s in offer.sections]
    after = [offer.sen_definition or words["sen_definition"], offer.co_production, offer.complaints]
    if offer.accessibility:
        after += [getattr(offer.accessibility, name) for name in type(offer.accessibility).model_fields]
    own = {normalize_text(g.term) for g in offer.glossary}
    return [gl.short_once(t) for t in gl.terms_printed(sections, after, offer.glossary)
            if normalize_text(t.term) not in own]


def units_of(loaded: LoadedOffer) -> list[Unit]:
    """What a translation of the offer holds: its own words, then the built-in glossary's."""
    return offer_units(loaded.offer, builtin_glossary_used(loaded))

