"""Plain text: UTF-8, headings underlined, lists with "- ", every contact detail in full and
links as "words (address)". Same content as the PDFs: it is built from the same Document."""

from __future__ import annotations

import textwrap

from .. import markdown as md
from .. import tree
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

    def labelled(self, label: str, value: str | None) -> None:
        if value:
            self.para(f"{label} {value}", "  ", "  ")


def _contact_box(w: _Writer, box: tree.ContactBox, lab: dict) -> None:
    if box.kind == "return":  # where the slip goes: one line, then the email
        (c,) = box.contacts
        w.blank()
        w.para(f"{box.intro} {c.post}")
        w.para(f"{lab['email']} {c.email}")
        return
    if box.kind in ("section", "local-offer", "ask-us"):
        w.blank()
    if box.title:
        w.para(box.title + ":")
    if box.intro:
        w.para(box.intro)
    for c in box.contacts:
        if c.name:
            w.para(f"{c.name}, {c.role}" if c.role else c.name)
        if c.address:
            w.para(c.address)
        for label, value in (("website", c.website), ("phone", c.phone), ("email", c.email), ("post", c.post)):
            w.labelled(lab[label], value)
    if box.kind in ("senco", "local-offer"):
        w.blank()


def _walk(w: _Writer, nodes, lab: dict) -> None:
    """Plain text leaves out what only paper or a screen has (the logo, the cut line, the
    slip's write-in lines, a pointer to a later page) and prints level-3 headings as a label."""
    for node in nodes:
        match node:
            case tree.Part():
                _walk(w, node.children, lab)
            case tree.Heading(level=1):
                w.heading(node.text, "=")
            case tree.Heading(level=2):
                w.heading(node.text, "-")
            case tree.Heading():
                w.para(node.text + ":")
            case tree.Paragraph(role="cut-line" | "formats-pointer"):
                pass
            case tree.Paragraph(role="what-this-is"):
                w.para(node.text)
                w.blank()
            case tree.Paragraph():
                w.para(node.text)
            case tree.Prose():
                w.markdown(node.text)
            case tree.Dates():
                for label, value in node.entries:
                    w.para(f"{label}: {value}")
            case tree.ContactBox():
                _contact_box(w, node, lab)
            case tree.ContentsList():
                for entry in node.entries:
                    w.para(entry["title"], "- ", "  ")
            case tree.Items():
                for item in node.items:
                    w.para(item, "- ", "  ")
            case tree.Timescales():
                w.para(node.title + ":")
                for step in node.steps:
                    w.para(f"{step.when}: {step.what}", "- ", "  ")
                w.blank()
            case tree.Picture(role="photo") if not node.picture.decorative:
                w.para(f"[{node.picture.alt}]")
            case tree.Glossary():
                for term in node.terms:
                    name = f"{term.term} ({term.short})" if term.short else term.term
                    w.para(f"{name}: {term.meaning}", "- ", "  ")
            case tree.LanguageLines():
                w.blank()
                for line in node.lines:
                    w.para(line["text"])
            case tree.Notice(kind="draft"):  # the first line: nobody mistakes it for the finished offer
                w.para(node.text)
                w.blank()
            case tree.SlipField() | tree.Picture() | tree.Notice():
                pass  # write-in lines are for paper; the notice is for a translated print


def render_document_text(doc: Document, wrap: int | None = None) -> str:
    w = _Writer(wrap)
    _walk(w, tree.document_tree(doc), doc.labels)
    while w.lines and w.lines[-1] == "":
        w.lines.pop()
    return "\n".join(w.lines) + "\n"


def render_text(loaded: LoadedOffer, options) -> bytes:
    """The offer as plain UTF-8 text; ``options.size`` is not used, ``wrap`` is."""
    wrap = options.wrap
    if wrap is not None and wrap < 30:
        raise OfferInputError(f"--wrap: {wrap} is too narrow (at least 30 characters)")
    doc = build_document(loaded, translation_for(loaded, options.lang), draft=options.draft)
    return render_document_text(doc, wrap).encode("utf-8")
