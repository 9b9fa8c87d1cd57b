"""The view of an offer that documents print: texts resolved, dates formatted, the glossary
narrowed to the terms used. One builder for every format, so all formats say the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

from babel.dates import format_date

from . import __version__, i18n
from . import glossary as gl
from . import markdown as md
from .labels import labels
from .load import LoadedOffer
from .paths import inside
from .questions import easy_heading, question_text
from .translate import ContentTranslation


@dataclass
class FileRef:
    url: str
    alt: str = ""
    decorative: bool = False


@dataclass
class DocSection:
    anchor: str
    id: str
    question: str
    answer: str  # Markdown
    contacts: list = field(default_factory=list)
    timescales: list = field(default_factory=list)
    pictures: list[FileRef] = field(default_factory=list)
    easy_read: list = field(default_factory=list)
    lang: str | None = None
    english: object | None = None  # bilingual documents: the section in the offer's own words


@dataclass
class Document:
    lang: str
    dir: str
    title: str
    subject: str
    setting: object
    senco: object | None
    logo: FileRef | None
    reviewed: str
    next_review: str
    version_label: str | None
    version: str
    created: str
    labels: dict
    sections: list[DocSection]
    sen_definition: str
    co_production: str
    complaints: str
    accessibility: list[dict]
    local_offer: object
    glossary: list[gl.Term]
    feedback_address: str
    contents: list[dict]
    language_lines: list[dict] = field(default_factory=list)
    source_lang: str = "en-GB"  # the language the offer is written in (names, addresses)
    body_class: str = ""
    draft: bool = False  # made although `check` finds errors: every writer marks it (labels["draft"])


def draft_mark(lang: str) -> str:
    """The draft mark ("DRAFT - not checked") in ``lang``, for a document not made from
    :class:`Document` (the easy read)."""
    return labels(i18n.interface_translations(lang).gettext, setting="")["draft"]


def one_line(address: str) -> str:
    return ", ".join(line.strip().rstrip(",") for line in address.strip().splitlines() if line.strip())


def address_without_name(address: str, name: str) -> str:
    """The address without its first line when that line is the setting's name (schools often
    write it so): printed under the name, the name would otherwise be printed twice."""
    lines = [line for line in address.strip().splitlines() if line.strip()]
    if lines and " ".join(lines[0].strip().rstrip(",").split()).casefold() == " ".join(name.split()).casefold():
        lines = lines[1:]
    return "\n".join(lines)


def _file_url(loaded: LoadedOffer, relative: str) -> str:
    path = inside(loaded.folder, relative)
    assert path is not None, "validated by load_offer"
    return path.as_uri()


def build_document(
    loaded: LoadedOffer,
    translation: ContentTranslation | None = None,
    *,
    bilingual: bool = False,
    today: dt.date | None = None,
    draft: bool = False,
) -> Document:
    """Everything a document prints, in reading order: in the offer's own language, or in the
    language of ``translation`` (what :func:`offerprint.translate.translation_for` gives for a
    ``--lang``), with what it does not translate left in English and marked as English.
    ``draft``: the document is a draft (the offer is not finished), marked as one in every format."""
    offer = loaded.offer
    info = offer.offer
    content = translation
    target = content.lang if content is not None else info.language
    # Interface wording, dates and direction follow the document's language.
    _ = i18n.interface_translations(target).gettext
    locale = i18n.babel_locale(target)
    direction = i18n.text_direction(target)
    # In a right-to-left sentence the (English) name is isolated (FSI...PDI): otherwise a
    # bracket or quote at its ends takes the sentence's direction and is drawn mirrored.
    words = labels(_, setting=f"\u2068{offer.setting.name}\u2069" if direction == "rtl" else offer.setting.name)

    def text(context: str, english: str | None) -> md.Text | None:
        """A plain unit in the document's language, or the English marked as English."""
        if english is None or content is None:
            return english if english is None else md.Text(english)
        translated = content.get(context, english)
        return md.Text(translated) if translated is not None else md.Text(english, info.language)

    def prose(context: str, english: str) -> md.Prose:
        if content is None:
            return md.Prose(english)
        return md.Prose(english, lambda unit: content.get(context, unit), info.language)

    sections = []
    for section in offer.sections:
        base = f"sections.{section.id}"
        question = text(f"{base}.question", question_text(info.questions, section, offer.setting.kind))
        answer = prose(f"{base}.answer", section.answer)
        sections.append(DocSection(
            anchor=f"q-{section.id}",
            id=section.id,
            question=question,
            answer=answer,
            contacts=[SimpleNamespace(name=c.name, role=text(f"{base}.contacts.role", c.role), phone=c.phone,
                                      email=c.email) for c in section.contacts],
            timescales=[SimpleNamespace(when=text(f"{base}.timescales.when", t.when),
                                        what=text(f"{base}.timescales.what", t.what)) for t in section.timescales],
            pictures=[FileRef(_file_url(loaded, p.file), text(f"{base}.pictures.alt", p.alt) or "", p.decorative)
                      for p in section.pictures],
            easy_read=list(section.easy_read),
        ))
        if bilingual and content is not None:  # each section again in the offer's own words
            sections[-1].english = SimpleNamespace(
                lang=info.language, question=question_text(info.questions, section, offer.setting.kind),
                answer=section.answer, timescales=section.timescales)
    accessibility = []
    if offer.accessibility:
        for name in type(offer.accessibility).model_fields:
            body = prose(f"accessibility.{name}", getattr(offer.accessibility, name))
            accessibility.append({"name": name, "title": words[name], "text": body})
    # The school's own definition is translated with its content; the built-in one comes from
    # the interface catalogue, already in the document's language where a catalogue has it.
    sen_definition = prose("sen_definition", offer.sen_definition) if offer.sen_definition else \
        md.Prose(words["sen_definition"])
    glossary = gl.terms_printed([(s.question, s.answer, [c.role for c in s.contacts]) for s in sections],
                                [sen_definition, offer.co_production, offer.complaints]
                                + [a["text"] for a in accessibility], offer.glossary)
    if content is not None:
        # The offer's own glossary is translated; built-in terms are not (yet): they print in
        # English, marked as English.
        glossary = [gl.Term(term=text("glossary.term", t.term), meaning=text("glossary.meaning", t.meaning),
                            short=t.short, also=t.also) for t in glossary]
        # In the order of the words as printed: a reader looks an Urdu word up by its Urdu spelling.
        glossary.sort(key=lambda t: gl.alphabetical(t.term))
    glossary = [gl.short_once(t) for t in glossary]

    def short_title(section) -> str | None:
        """The question's short form (its set's easy read heading) in the document's language,
        for a contents that must be short (large print); None where there is none in it."""
        easy = easy_heading(info.questions, section, offer.setting.kind)
        if easy is None:
            return None
        said = _(easy)  # the question sets are English: a catalogue that lacks it gives it back
        return said if said != easy or target.lower().startswith("en") else None

    # What a family came for first: who to talk to is on the cover, the contents follow it,
    # and the other-formats notice comes at the back, before the reply slip.
    contents = [{"anchor": "who-to-talk-to", "title": words["who_to_talk_to"]}]
    contents += [{"anchor": s.anchor, "title": s.question, "short": short_title(section)}
                 for s, section in zip(sections, offer.sections)]
    contents += [
        {"anchor": "what-sen-means", "title": words["what_sen_means"]},
        {"anchor": "how-we-wrote-this", "title": words["how_we_wrote_this"]},
    ]
    if accessibility:
        contents.append({"anchor": "disabled-pupils", "title": words["disabled_pupils"]})
    contents += [
        {"anchor": "local-offer", "title": words["local_offer"]},
        {"anchor": "complaints", "title": words["complaints"]},
    ]
    if glossary:
        contents.append({"anchor": "words-we-use", "title": words["glossary"]})
    contents.append({"anchor": "other-formats", "title": words["other_formats"]})
    contents.append({"anchor": "tell-us", "title": words["tell_us"]})

    setting = offer.setting
    # address_line: the address as written; after_name_line: the address to print under the
    # name (without a first line that repeats it); postal_line: name and address, name once.
    after_name = address_without_name(setting.address, setting.name)
    setting_view = SimpleNamespace(**setting.model_dump(include={"name", "kind", "address", "phone", "email", "website"}),
                                   address_line=one_line(setting.address), after_name_line=one_line(after_name),
                                   postal_line=one_line(f"{setting.name}\n{after_name}"))
    local_offer = info.local_offer
    local_view = SimpleNamespace(**local_offer.model_dump(), address_line=one_line(local_offer.address))

    senco = offer.setting.senco
    if senco is not None and content is not None:
        senco = SimpleNamespace(name=senco.name, role=text("setting.senco.role", senco.role), phone=senco.phone,
                                email=senco.email)
    return Document(
        lang=target,
        dir=direction,
        title=text("offer.title", info.title),
        subject=words["subject"],
        setting=setting_view,
        senco=senco,
        logo=FileRef(_file_url(loaded, setting.logo.file), text("setting.logo.alt", setting.logo.alt))
        if setting.logo else None,
        reviewed=format_date(info.reviewed, "long", locale=locale),
        next_review=format_date(info.next_review, "long", locale=locale),
        version_label=info.version,
        version=__version__,
        created=(today or dt.date.today()).isoformat(),
        labels=words,
        sections=sections,
        sen_definition=sen_definition,
        co_production=prose("co_production", offer.co_production),
        complaints=prose("complaints", offer.complaints),
        accessibility=accessibility,
        local_offer=local_view,
        glossary=glossary,
        feedback_address=one_line(info.feedback_address or f"{setting.name}\n{after_name}"),
        contents=contents,
        language_lines=i18n.language_lines(offer.setting.name),
        source_lang=info.language,
        draft=draft,
    )


def document_texts(doc: Document) -> list[str]:
    """The words a reader must get back from any output: every question and answer unit, in
    order (link addresses aside, which print as their words)."""
    texts = []
    for section in doc.sections:
        texts.append(section.question)
        # Table cells are left out: text extraction reads a wrapped cell line by line across
        # the row, so a cell's words need not come back in one run.
        texts.extend(b.text for b in md.blocks(section.answer) if b.kind != "row")
        texts.extend(step.what for step in section.timescales)
    # In the order the documents print them.
    for text in (doc.sen_definition, doc.co_production, *[a["text"] for a in doc.accessibility], doc.complaints):
        texts.extend(b.text for b in md.blocks(text) if b.kind != "row")
    return [t for t in texts if t.strip()]
