"""Plain text: UTF-8, headings underlined, lists with "- ", every contact detail in full and
links as "words (address)". Same content as the PDFs: it is built from the same Document."""

from __future__ import annotations

import textwrap

from .. import markdown as md
from ..document import Document, build_document
from ..errors import OfferInputError
from ..load import LoadedOffer
from ..translate import translation_for


class _Writer:
    def __init__(self, wrap: int | None):
        self.wrap = wrap
        self.lines: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def para(self, text: str, first: str = "", rest: str = "") -> None:
        text = " ".join(text.split())
        if not self.wrap:
            self.lines.append(first + text)
            return
        # Never break inside a word, a web address or an email address.
        self.lines.extend(textwrap.wrap(text, self.wrap, initial_indent=first, subsequent_indent=rest,
                                        break_long_words=False, break_on_hyphens=False) or [first])

    def heading(self, text: str, underline: str) -> None:
        self.blank()
        width = len(text) if not self.wrap else min(len(text), self.wrap)
        self.para(text)
        self.lines.append(underline * width)
        self.lines.append("")

    def markdown(self, text: str) -> None:
        for block in md.blocks(text, links=True):
            lines = block.lines or (block.text,)  # line breaks the school meant stay
            if block.kind == "paragraph":
                self.blank()
                for line in lines:
                    self.para(line)
                self.lines.append("")
            elif block.kind == "bullet":
                self.para(lines[0], "- ", "  ")
                for line in lines[1:]:
                    self.para(line, "  ", "  ")
            elif block.kind == "number":
                marker = f"{block.number}. "
                self.para(lines[0], marker, " " * len(marker))
                for line in lines[1:]:
                    self.para(line, " " * len(marker), " " * len(marker))
            else:  # table row
                self.para(block.text, "  ", "  ")
        self.blank()

    def contact(self, name: str, role: str, phone: str | None, email: str | None, doc: Document) -> None:
        self.para(f"{name}, {role}")
        if phone:
            self.para(f"{doc.labels['phone']} {phone}", "  ", "  ")
        if email:
            self.para(f"{doc.labels['email']} {email}", "  ", "  ")


def render_document_text(doc: Document, wrap: int | None = None) -> str:
    w = _Writer(wrap)
    lab = doc.labels
    w.para(doc.setting.name)
    w.heading(doc.title, "=")
    w.para(lab["what_this_is"])
    w.blank()
    w.para(f"{lab['last_reviewed']}: {doc.reviewed}")
    w.para(f"{lab['next_review']}: {doc.next_review}")
    if doc.version_label:
        w.para(f"{lab['version']}: {doc.version_label}")

    # Who to call, on the cover as in print; the other-formats notice at the back.
    w.heading(lab["who_to_talk_to"], "-")
    if doc.senco:
        w.para(lab["senco_intro"])
        w.contact(doc.senco.name, doc.senco.role, doc.senco.phone, doc.senco.email, doc)
        w.blank()
    w.para(doc.setting.name)
    if doc.setting.after_name_line:
        w.para(doc.setting.after_name_line)
    w.para(f"{lab['phone']} {doc.setting.phone}", "  ", "  ")
    w.para(f"{lab['email']} {doc.setting.email}", "  ", "  ")

    w.heading(lab["contents"], "-")
    for entry in doc.contents:
        w.para(entry["title"], "- ", "  ")

    for section in doc.sections:
        w.heading(section.question, "-")
        w.markdown(section.answer)
        if section.timescales:
            w.para(lab["timescales"] + ":")
            for step in section.timescales:
                w.para(f"{step.when}: {step.what}", "- ", "  ")
            w.blank()
        for picture in section.pictures:
            if not picture.decorative:
                w.para(f"[{picture.alt}]")
        if section.contacts:
            w.blank()
            w.para(lab["contacts"] + ":")
            for contact in section.contacts:
                w.contact(contact.name, contact.role, contact.phone, contact.email, doc)

    w.heading(lab["what_sen_means"], "-")
    w.markdown(doc.sen_definition)
    w.heading(lab["how_we_wrote_this"], "-")
    w.markdown(doc.co_production)
    if doc.accessibility:
        w.heading(lab["disabled_pupils"], "-")
        for part in doc.accessibility:
            w.para(part["title"] + ":")
            w.markdown(part["text"])
    w.heading(lab["local_offer"], "-")
    w.para(lab["local_offer_intro"])
    w.blank()
    w.para(doc.local_offer.name)
    w.para(f"{lab['website']} {doc.local_offer.website}", "  ", "  ")
    w.para(f"{lab['phone']} {doc.local_offer.phone}", "  ", "  ")
    w.para(f"{lab['post']} {doc.local_offer.address_line}", "  ", "  ")
    w.blank()
    w.para(lab["local_offer_no_internet"])
    w.heading(lab["complaints"], "-")
    w.markdown(doc.complaints)
    if doc.glossary:
        w.heading(lab["glossary"], "-")
        for term in doc.glossary:
            name = f"{term.term} ({term.short})" if term.short else term.term
            w.para(f"{name}: {term.meaning}", "- ", "  ")
    w.heading(lab["other_formats"], "-")
    w.para(lab["other_formats_intro"])
    for item in lab["format_list"]:
        w.para(item, "- ", "  ")
    w.blank()
    w.para(lab["ask_us"])
    w.para(f"{lab['phone']} {doc.setting.phone}", "  ", "  ")
    w.para(f"{lab['email']} {doc.setting.email}", "  ", "  ")
    w.para(f"{lab['post']} {doc.setting.postal_line}", "  ", "  ")
    if doc.language_lines:
        w.blank()
        for line in doc.language_lines:
            w.para(line["text"])

    w.heading(lab["tell_us"], "-")
    w.para(lab["tell_us_intro"])
    w.blank()
    w.para(f"{lab['slip_return']} {doc.feedback_address}")
    w.para(f"{lab['email']} {doc.setting.email}")
    while w.lines and w.lines[-1] == "":
        w.lines.pop()
    return "\n".join(w.lines) + "\n"


def render_text(loaded: LoadedOffer, options) -> bytes:
    """The offer as plain UTF-8 text; ``options.size`` is not used, ``wrap`` is."""
    wrap = options.wrap
    if wrap is not None and wrap < 30:
        raise OfferInputError(f"--wrap: {wrap} is too narrow (at least 30 characters)")
    return render_document_text(build_document(loaded, translation_for(loaded, options.lang)), wrap).encode("utf-8")
