"""The document tree: an offer in reading order, as a few typed nodes every writer walks.

Pandoc's idea: readers make one tree, each writer walks it. ``document_tree(doc)`` turns the
:class:`~offerprint.document.Document` (texts resolved, translated, dates formatted) into
:class:`Part` nodes, in the order a family reads them (cover with who to talk to, contents, the
questions, what SEN means ... the other-formats notice, the reply slip), each part holding
headings, paragraphs, the school's prose, lists, contact boxes, pictures and so on.

The tree holds structure and words only, never presentation: a writer decides how a contact
box looks, and may leave out what its medium has no use for (a cut line in braille), but it
never decides what comes after what. Texts keep their language: a unit left in English in a
translated document is an ``md.Text`` whose ``lang`` says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Union

from markupsafe import Markup

from . import markdown as md
from .document import Document, FileRef


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: the title; 2: a part; 3: within a part
    anchor: str | None = None  # a heading within a part that a contents may point to


@dataclass(frozen=True)
class Paragraph:
    """A sentence or line offerprint supplies (interface wording, a name, an address).
    ``role`` says what it is, for writers that set it apart: "setting-name", "what-this-is",
    "formats-pointer", "cut-line"; empty for an ordinary paragraph."""

    text: str
    role: str = ""


@dataclass(frozen=True)
class Prose:
    """Text the school wrote, in Markdown (an answer, the complaints procedure ...)."""

    text: str

    @property
    def html(self) -> Markup:
        return md.to_html(self.text)


@dataclass(frozen=True)
class Dates:
    """Labelled values on the cover: last reviewed, next review, the version."""

    entries: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Contact:
    """One person or place to reach. ``name`` is printed strong; ``address`` is the address
    after the name; ``post`` a postal line printed with its label."""

    name: str | None = None
    role: str | None = None
    address: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    post: str | None = None


@dataclass(frozen=True)
class ContactBox:
    """Contacts set apart in a box. ``kind``: "senco", "school", "section" (a question's own
    contacts, under ``title``), "local-offer", "ask-us" (how to ask for another format) or
    "return" (where the reply slip goes)."""

    kind: str
    contacts: tuple[Contact, ...]
    intro: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Items:
    """A list of short texts offerprint supplies (the formats a family can ask for)."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Timescales:
    title: str
    steps: tuple  # each with .when and .what


@dataclass(frozen=True)
class Picture:
    picture: FileRef
    role: str = "photo"  # "logo" or "photo"


@dataclass(frozen=True)
class Notice:
    """A notice about the document itself: "not-translated" (part of this section is in
    English), or "draft" (the offer is not finished: first on the cover, and every writer shows
    it where a reader meets the document first)."""

    kind: str
    text: str


@dataclass(frozen=True)
class ContentsList:
    # each with "anchor" and "title"; a question's also with "short", its short form in the
    # document's language or None (large print lists it so: nodes.html.j2)
    entries: tuple[dict, ...]


@dataclass(frozen=True)
class Glossary:
    terms: tuple  # glossary.Term, each with .term, .short, .meaning


@dataclass(frozen=True)
class LanguageLines:
    """"If you need this in your language ..." in every catalogue language, around ``name``
    (see i18n.language_lines)."""

    lines: tuple[dict, ...]
    name: str


@dataclass(frozen=True)
class SlipField:
    """A question on the reply slip with ``lines`` lines to write on. ``role`` "name" is the
    line for the family's name (a reply by email needs none)."""

    label: str
    lines: int
    role: str = ""


Node = Union[Heading, Paragraph, Prose, Dates, ContactBox, Items, Timescales, Picture, Notice,
             ContentsList, Glossary, LanguageLines, SlipField, "Part"]


@dataclass(frozen=True)
class Part:
    """A part of the document with its own anchor: "cover", "who-to-talk-to", "contents", a
    "question", an "extra" part after the questions, "glossary", "formats" or "slip".
    ``lang`` is set on a question whose translation is missing wholly; ``original`` holds a
    bilingual document's question again in the offer's own language."""

    kind: str
    anchor: str
    children: tuple[Node, ...]
    lang: str | None = None
    original: Part | None = None

    @property
    def heading(self) -> Heading | None:
        return next((c for c in self.children if isinstance(c, Heading)), None)


def _cover(doc: Document) -> Part:
    lab = doc.labels
    children: list[Node] = [Notice("draft", lab["draft"])] if doc.draft else []
    if doc.logo:
        children.append(Picture(doc.logo, "logo"))
    children += [Paragraph(doc.setting.name, "setting-name"), Heading(doc.title, 1),
                 Paragraph(lab["what_this_is"], "what-this-is")]
    dates = [(lab["last_reviewed"], doc.reviewed), (lab["next_review"], doc.next_review)]
    if doc.version_label:
        dates.append((lab["version"], doc.version_label))
    children.append(Dates(tuple(dates)))
    children.append(_who_to_talk_to(doc))
    children.append(Paragraph(lab["other_formats"], "formats-pointer"))
    return Part("cover", "cover", tuple(children))


def _who_to_talk_to(doc: Document) -> Part:
    """Who to call is what a family needs first: on the cover, in every format and language."""
    lab = doc.labels
    children: list[Node] = [Heading(lab["who_to_talk_to"], 2)]
    if doc.senco:
        s = doc.senco
        children.append(ContactBox("senco", (Contact(s.name, s.role, phone=s.phone, email=s.email),),
                                   intro=lab["senco_intro"]))
    setting = doc.setting
    # The name once, even where the address starts with it.
    children.append(ContactBox("school", (Contact(setting.name, address=setting.after_name_line or None,
                                                  phone=setting.phone, email=setting.email),)))
    return Part("who-to-talk-to", "who-to-talk-to", tuple(children))


def _has_english(section) -> bool:
    """Whether part of a translated section is left in English (its notice says so)."""
    texts = [section.question, *(t.when for t in section.timescales), *(t.what for t in section.timescales),
             *(c.role for c in section.contacts)]
    return any(getattr(t, "lang", None) for t in texts) or getattr(section.answer, "untranslated_units", 0) > 0


def _question(doc: Document, section) -> Part:
    lab = doc.labels
    children: list[Node] = [Heading(section.question, 2)]
    if _has_english(section):
        children.append(Notice("not-translated", lab["not_translated"]))
    children.append(Prose(section.answer))
    if section.timescales:
        children.append(Timescales(lab["timescales"], tuple(section.timescales)))
    children += [Picture(p) for p in section.pictures]
    if section.contacts:
        children.append(ContactBox("section", tuple(Contact(c.name, c.role, phone=c.phone, email=c.email)
                                                    for c in section.contacts), title=lab["contacts"]))
    original = None
    if section.english:
        e = section.english
        original_children: list[Node] = [Heading(e.question, 3), Prose(e.answer)]
        if e.timescales:
            original_children.append(Timescales(lab["timescales"], tuple(e.timescales)))
        original = Part("original", section.anchor + "-original", tuple(original_children), lang=e.lang)
    return Part("question", section.anchor, tuple(children), lang=section.lang, original=original)


def _extras(doc: Document) -> Iterator[Part]:
    lab = doc.labels
    yield Part("extra", "what-sen-means", (Heading(lab["what_sen_means"], 2), Prose(doc.sen_definition)))
    yield Part("extra", "how-we-wrote-this", (Heading(lab["how_we_wrote_this"], 2), Prose(doc.co_production)))
    if doc.accessibility:
        children: list[Node] = [Heading(lab["disabled_pupils"], 2)]
        for item in doc.accessibility:
            children += [Heading(item["title"], 3, anchor=item["name"]), Prose(item["text"])]
        yield Part("extra", "disabled-pupils", tuple(children))
    lo = doc.local_offer
    yield Part("extra", "local-offer", (
        Heading(lab["local_offer"], 2), Paragraph(lab["local_offer_intro"]),
        ContactBox("local-offer", (Contact(lo.name, website=lo.website, phone=lo.phone, post=lo.address_line),)),
        Paragraph(lab["local_offer_no_internet"])))
    yield Part("extra", "complaints", (Heading(lab["complaints"], 2), Prose(doc.complaints)))
    if doc.glossary:
        yield Part("glossary", "words-we-use", (Heading(lab["glossary"], 2), Glossary(tuple(doc.glossary))))


def _formats(doc: Document) -> Part:
    lab = doc.labels
    children: list[Node] = [
        Heading(lab["other_formats"], 2), Paragraph(lab["other_formats_intro"]), Items(tuple(lab["format_list"])),
        ContactBox("ask-us", (Contact(phone=doc.setting.phone, email=doc.setting.email, post=doc.setting.postal_line),),
                   intro=lab["ask_us"])]
    if doc.language_lines:
        children.append(LanguageLines(tuple(doc.language_lines), doc.setting.name))
    return Part("formats", "other-formats", tuple(children))


def _slip(doc: Document) -> Part:
    lab = doc.labels
    return Part("slip", "tell-us", (
        Paragraph(lab["cut_here"], "cut-line"), Heading(lab["tell_us"], 2), Paragraph(lab["tell_us_intro"]),
        SlipField(lab["slip_helpful"], 1), SlipField(lab["slip_change"], 2), SlipField(lab["slip_name"], 1, "name"),
        ContactBox("return", (Contact(post=doc.feedback_address, email=doc.setting.email),), intro=lab["slip_return"])))


def document_tree(doc: Document) -> tuple[Part, ...]:
    """The document's parts in reading order. Who to talk to is on the cover, the contents
    follow it, and the other-formats notice comes at the back, before the reply slip."""
    return (_cover(doc), Part("contents", "contents", (Heading(doc.labels["contents"], 2),
                                                        ContentsList(tuple(doc.contents)))),
            *(_question(doc, s) for s in doc.sections), *_extras(doc), _formats(doc), _slip(doc))


def node_type(node: Node) -> str:
    """The node's class name ("Heading", "ContactBox" ...): templates cannot match on classes."""
    return type(node).__name__


def of_type(nodes, name: str) -> list[Node]:
    """The nodes of ``nodes`` whose class is named ``name``, for templates."""
    return [n for n in nodes if type(n).__name__ == name]


def walk(parts) -> Iterator[Node]:
    """Every node, depth first, parts included (a bilingual original after its question)."""
    for node in parts:
        yield node
        if isinstance(node, Part):
            yield from walk(node.children)
            if node.original is not None:
                yield from walk((node.original,))
