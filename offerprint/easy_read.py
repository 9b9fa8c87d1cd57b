"""Easy read: what the easy read document says, and the lint that holds it to the rules.

Easy read (DH 2010 "Making written information easier to understand"; Mencap "Am I making
myself clear?") puts each idea in a row: a picture on the left, one or two short sentences on
the right. This module decides the rows; :mod:`offerprint.render.easy_read` lays them out.

* Each section's ``easy_read:`` items, in the offer's order.
* Built-in rows for the standard parts every offer has (what this document is, what special
  educational needs means, who to talk to, the Local Offer, how to complain), written from the
  loaded offer so the SENCO's name and phone number are in them, in the document's language
  (:mod:`offerprint.easy_read_wording`, through the interface catalogues).
* A word list: a **bold** word in a row is a hard word, explained by the next sentence.
* :func:`lint_easy_read`: sentences over 15 words, more than two sentences for a picture,
  acronyms without their words, contractions, "e.g." and "etc.", missing pictures.

Sentences, hard words and the rules one row's text keeps are in :mod:`offerprint.easy_read_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from . import markdown as md
from . import readability as rd
from .check import Finding
# Easy read text, one row at a time; its names stay importable from here.
from .easy_read_text import (  # noqa: F401
    MAX_SENTENCES,
    MAX_WORDS,
    hard_words,
    plain,
    plain_sentences,
    sentence_html,
    split_sentences,
    text_problems,
)
# Easy read's own wording; its names stay importable from here.
from .easy_read_wording import (  # noqa: F401
    HEADINGS,
    PICTURE_CREDIT,
    Row,
    Wording,
    about_rows,
    complaint_rows,
    contact_rows,
    cover_contact_row,
    cover_row,
    library_row,
    local_offer_rows,
    missing_ask_row,
    missing_row,
    sen_rows,
)
from .load import LoadedOffer, field_name
from .paths import inside
from .picture_library import library
from .questions import easy_heading, question_text

PAGE_LIMIT = 24  # easy read documents are about 20 to 24 pages at most


# --- the document -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    """A hard word for the word list, with the picture of the row that explains it."""

    term: str
    explanation: str  # plain text: the sentence after the one with the bold word
    row: Row

    @property
    def display_term(self) -> str:
        return self.term[:1].upper() + self.term[1:]

    @property
    def context_html(self) -> list[Markup]:
        """What the word list prints under the word: the row that explains it, in full (the
        explanation alone often starts "This means ..." and needs the sentence before it)."""
        return self.row.sentences_html


@dataclass
class Part:
    """A section of the easy read document: a heading, then rows."""

    anchor: str
    heading: str
    rows: list[Row]
    section_id: str | None = None  # the offer section it comes from; None for built-in parts
    missing: bool = False  # no easy read text: the rows are the "not in easy read yet" note


@dataclass
class EasyReadDocument:
    lang: str
    dir: str  # "rtl" for Urdu, Arabic, Persian
    title: str  # "Support for Learners"
    pdf_title: str  # the PDF's title, as the audit expects it
    setting_name: str
    logo: object | None  # document.FileRef
    reviewed: str
    next_review: str
    version_label: str | None
    headings: dict
    page_of: str  # "Page {page} of {pages}"
    cover_row: Row
    parts: list[Part]
    contact_row: Row | None = None  # on the cover: who to phone, with the addresses
    words: list[Word] = field(default_factory=list)
    credit: str | None = None

    @property
    def colon(self) -> str:
        """After a label ("Last checked:"): Chinese takes the full-width colon."""
        from .i18n import script_of

        return "\uff1a" if script_of(self.lang) in {"Hans", "Hant"} else ":"

    @property
    def contents(self) -> list[dict]:
        entries = [{"anchor": p.anchor, "title": p.heading} for p in self.parts]
        if self.words:
            entries.append({"anchor": "words-to-know", "title": self.headings["words"]})
        return entries

    def rows(self) -> list[Row]:
        """Every row with a picture, in the order the pictures are printed (logo aside)."""
        cover = [self.cover_row] + ([self.contact_row] if self.contact_row else [])
        return cover + [r for p in self.parts for r in p.rows] + [w.row for w in self.words]

    def sentences(self) -> list[str]:
        """Every easy read sentence, plain, in reading order."""
        out = list(self.cover_row.plain_sentences)
        if self.contact_row:
            out += self.contact_row.plain_sentences + [" ".join(d.split()) for d in self.contact_row.details]
        for part in self.parts:
            for row in part.rows:
                out += row.plain_sentences
                out += [" ".join(d.split()) for d in row.details]
        for word in self.words:
            out += [word.display_term, *word.row.plain_sentences]
        return [s for s in out if s.strip()]


# --- the offer's own rows ------------------------------------------------------------------------

def _photo_alt(loaded: LoadedOffer, item) -> str | None:
    """Alt text for a school photo used in easy read: the item's own alt (if the model has one),
    else the alt given for the same file under any section's pictures:, or the logo's."""
    own = getattr(item, "alt", None)
    if own:
        return own
    wanted = Path(item.picture).as_posix()
    for section in loaded.offer.sections:
        for picture in section.pictures:
            if Path(picture.file).as_posix() == wanted and picture.alt:
                return picture.alt
    logo = loaded.offer.setting.logo
    if logo is not None and Path(logo.file).as_posix() == wanted:
        return logo.alt
    return None


def item_row(loaded: LoadedOffer, i: int, j: int) -> Row:
    item = loaded.offer.sections[i].easy_read[j]
    where = ("sections", i, "easy_read", j, "text")
    pictures = library()
    if item.picture in pictures:
        pic = pictures[item.picture]
        return Row(item.text, item.picture, pic.path.resolve().as_uri(), pic.alt, where)
    path = inside(loaded.folder, item.picture)
    assert path is not None, "validated by load_offer"
    # A photo without alt text: its words say what it shows (the lint warns).
    alt = _photo_alt(loaded, item) or plain(item.text)
    return Row(item.text, item.picture, path.as_uri(), alt, where, library=False)


def missing_sections(loaded: LoadedOffer) -> list[str]:
    """The ids of the sections that have no easy read text."""
    return [s.id for s in loaded.offer.sections if not s.easy_read]


def _questions(loaded: LoadedOffer) -> list[str]:
    offer = loaded.offer
    return [question_text(offer.offer.questions, s, offer.setting.kind) for s in offer.sections]


def section_headings(loaded: LoadedOffer, lang: str | None = None, translated_questions=None) -> list[str]:
    """Each section's easy read heading: its question's short easy read form (in ``lang`` from
    the interface catalogues; English, marked as such, where there is none), else (a question
    the school worded itself) its question."""
    offer = loaded.offer
    source = offer.offer.language
    english = source if lang and lang != source else None
    gettext = None
    if english:
        from .i18n import interface_translations

        gettext = interface_translations(lang).gettext
    questions = translated_questions or _questions(loaded)
    out = []
    for section, question in zip(offer.sections, questions):
        easy = easy_heading(offer.offer.questions, section, offer.setting.kind)
        if easy is None:
            out.append(question)
        elif gettext is None:
            out.append(easy)
        else:
            said = gettext(easy)
            out.append(said if said != easy else md.Text(easy, english))
    return out


# --- the word list -------------------------------------------------------------------------------

def word_list(rows: list[Row]) -> list[Word]:
    """The hard words (bold) of ``rows``, each with the sentence after it as its explanation.

    A word is listed once, with its first explanation; a bold word with no sentence after it
    is left out (the lint warns). Sorted alphabetically, as a reader looks words up.
    """
    words: dict[str, Word] = {}
    for row in rows:
        sentences = row.sentences
        for index, sentence in enumerate(sentences):
            for term in hard_words(sentence):
                key = term.casefold()
                if key in words or index + 1 >= len(sentences):
                    continue
                words[key] = Word(term, plain(sentences[index + 1]), row)
    return sorted(words.values(), key=lambda w: w.term.casefold())


# --- the whole document --------------------------------------------------------------------------

def build_easy_read(loaded: LoadedOffer, *, allow_missing: bool = False, lang: str | None = None) -> EasyReadDocument:
    """Everything the easy read document prints, in order.

    Sections without easy read text are left out when ``allow_missing``, and one part lists
    them and says whom to ask; the caller refuses them otherwise (see :func:`missing_sections`).
    With ``lang``, the offer's own easy read sentences and questions come from its translation,
    and offerprint's own wording from the interface catalogues; what is not translated is
    marked as English.
    """
    from . import i18n
    from .document import build_document  # the same dates, logo and wording as the other formats
    from .translate import translation_for

    content = translation_for(loaded, lang)
    doc = build_document(loaded, content)
    offer = loaded.offer
    source = offer.offer.language
    english = source if lang and lang != source else None
    say = Wording(lang, source)
    questions = section_headings(loaded, lang, [s.question for s in doc.sections] if english else None)
    parts = [
        Part("about", say.text(HEADINGS["about"]), about_rows(loaded, say)),
        Part("what-sen-means", say.text(HEADINGS["what_sen_means"]), sen_rows(loaded, say)),
        Part("who-to-talk-to", say.text(HEADINGS["who_to_talk_to"]), contact_rows(loaded, say)),
    ]
    for i, (section, question) in enumerate(zip(offer.sections, questions)):
        if section.easy_read:
            rows = [item_row(loaded, i, j) for j in range(len(section.easy_read))]
            if content is not None:
                context = f"sections.{section.id}.easy_read"
                rows = [replace(r, text=content.get(context, r.text)) if content.get(context, r.text)
                        else replace(r, lang=english) for r in rows]
            parts.append(Part(f"q-{section.id}", question, rows, section.id))
    not_yet = tuple(str(q) for s, q in zip(offer.sections, questions) if not s.easy_read)
    if not_yet and allow_missing:  # one part saying what is left out and whom to ask
        parts.append(Part("more", say.text(HEADINGS["not_yet"]),
                          [missing_row(loaded, not_yet, say), missing_ask_row(loaded, say)], missing=True))
    parts += [
        Part("local-offer", say.text(HEADINGS["local_offer"]), local_offer_rows(loaded, say)),
        Part("complaints", say.text(HEADINGS["complaints"]), complaint_rows(loaded, say)),
    ]
    cover, contact = cover_row(loaded, say), cover_contact_row(loaded, say)
    if i18n.script_of(doc.lang) != "Latn":  # Latin words inside other scripts: the Latin font
        cover, contact = replace(cover, mark_latin=True), replace(contact, mark_latin=True)
        for part in parts:
            part.rows = [replace(r, mark_latin=True) for r in part.rows]
    all_rows = [cover, contact] + [r for p in parts for r in p.rows]
    credit = say.text(PICTURE_CREDIT)
    return EasyReadDocument(
        lang=doc.lang,
        dir=doc.dir,
        title=doc.title,
        pdf_title=f"{doc.title} ({say.text(HEADINGS['subtitle']).lower()}): {offer.setting.name}",
        setting_name=offer.setting.name,
        logo=doc.logo,
        reviewed=doc.reviewed,
        next_review=doc.next_review,
        version_label=doc.version_label,
        headings={key: say.text(message) for key, message in HEADINGS.items()},
        page_of=doc.labels["page_of"],
        cover_row=cover,
        contact_row=contact,
        parts=parts,
        words=word_list(all_rows),
        credit=credit if any(r.library for r in all_rows) else None,
    )


def builtin_rows(loaded: LoadedOffer) -> list[Row]:
    """Every built-in row (for tests and the lint of offerprint's own wording)."""
    return ([cover_row(loaded), cover_contact_row(loaded)] + about_rows(loaded) + sen_rows(loaded) + contact_rows(loaded)
            + local_offer_rows(loaded) + complaint_rows(loaded) + [missing_row(loaded), missing_ask_row(loaded)])


# --- the lint ------------------------------------------------------------------------------------

def lint_easy_read(loaded: LoadedOffer) -> list[Finding]:
    """``offerprint check --easy-read``: every easy read item against the rules, with its line."""
    findings: list[Finding] = []
    name = loaded.display_name
    pictures = library()
    explained = {w.term.casefold() for w in word_list(builtin_rows(loaded))}
    for i, section in enumerate(loaded.offer.sections):
        for j, item in enumerate(section.easy_read):
            explained |= {w.term.casefold() for w in word_list([Row(item.text, "", "", "")])}

    def add(level: str, message: str, fix: str, where: tuple) -> None:
        line, _ = loaded.position(where)
        findings.append(Finding(level, "accessible", message, fix, name, line, field_name(where)))

    headings = section_headings(loaded)
    for i, section in enumerate(loaded.offer.sections):
        words = len(rd.words(str(headings[i])))
        if words > 8 and easy_heading(loaded.offer.offer.questions, section, loaded.offer.setting.kind) is None:
            add("warning", f"'{section.id}' is a question of your own, and its easy read heading is the question "
                f"itself: {words} words", "word the question in 8 words or fewer", ("sections", i, "question"))
        if not section.easy_read:
            line, _ = loaded.position(("sections", i, "id"))  # the section's first line
            findings.append(Finding("error", "accessible", f"'{section.id}' has no easy read text",
                                    "add easy_read: items (text and picture), or build with --allow-missing",
                                    name, line, field_name(("sections", i))))
            continue
        for j, item in enumerate(section.easy_read):
            where = ("sections", i, "easy_read", j, "text")
            for level, message, fix in text_problems(item.text):
                if "not explained" in message and any(t.casefold() in explained for t in hard_words(item.text)):
                    continue  # explained in another row: the word list has it
                add(level, message, fix, where)
            picture_where = ("sections", i, "easy_read", j, "picture")
            if item.picture in pictures:
                continue
            path = inside(loaded.folder, item.picture) if ("." in item.picture or "/" in item.picture) else None
            if path is None or not path.is_file():
                add("error", f"the picture '{item.picture}' is missing",
                    "use a name from 'offerprint pictures', or a photo file in the offer folder", picture_where)
            elif not _photo_alt(loaded, item):
                add("warning", f"the photo '{item.picture}' has no alt text",
                    f"add it under pictures: with file: {item.picture} and alt: what the photo shows", picture_where)
    findings.sort(key=lambda f: (f.line or 0, f.level != "error"))
    return findings


def format_lint(findings: list[Finding], display_name: str = "") -> str:
    """The lint as lines a school office can act on, with a summary line."""
    lines = [str(f) for f in findings]
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    head = f"Easy read check of {display_name}: " if display_name else "Easy read check: "
    lines.append(head + ("PASS" if not findings else ("FAIL" if errors else "WARN"))
                 + f" ({errors} error(s), {warnings} warning(s))")
    return "\n".join(lines)
