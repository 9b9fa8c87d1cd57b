"""Every output format, one record each: what the pack, the site, the editor and the command
line know about a format, in one place.

A format is a plain function ``(loaded offer, RenderOptions) -> bytes`` in a module of its own
(plus its templates), and one :class:`Format` record in :data:`FORMATS`. The record names its
function as ``"module:function"``, imported only when a document of that format is made, so
reading the registry loads nothing: ``offerprint --help``, ``check`` and the rest never load
WeasyPrint. :data:`FORMATS` is in the order the pack's README lists the formats.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .load import LoadedOffer
    from .render import RenderOptions

PDF = "application/pdf"


def N_(message: str) -> str:
    """Marks a format's words for the interface catalogues (translations/messages.pot): the
    site's download links say them in the document's own language (offerprint.site)."""
    return message


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str  # the --format value
    extension: str  # of the file made, with its dot
    media_type: str
    renderer: str  # "module:function", imported when a document is made
    label: str  # in words, short ("Large print")
    title: str  # in the pack's README: the label, and what it is made as
    for_whom: str  # in the pack's README: who to give it to
    stem: str  # the file's name in a pack (large print adds its size)
    file_type: str  # in words, in a download link ("PDF", "Word file")
    link: str = ""  # the site's words for a download link, where they are not the title
    sizes: tuple[float, float] | None = None  # the body sizes it can be made at, in points
    default_size: float | None = None
    audited: bool = False  # checked for accessibility each time it is made (the PDFs)
    on_request: bool = False  # made only when asked for (slower than everything else)
    cost: float = 1.0  # its render time per byte of offer, against standard print's
    translatable: bool = True  # made in other languages too (--lang)
    spoken: bool = False  # read aloud by espeak-ng: made only in languages it has a voice for
    on_site: bool = False  # downloadable from the council's site
    preview: bool = False  # the editor previews it

    @property
    def link_words(self) -> str:
        return self.link or self.title

    def load(self) -> Callable[[LoadedOffer, RenderOptions], bytes]:
        """The format's function, imported now (the first time)."""
        return _function(self.renderer)

    def render(self, loaded: LoadedOffer, options: RenderOptions) -> bytes:
        return self.load()(loaded, options)


@functools.cache
def _function(renderer: str) -> Callable:
    module, _, name = renderer.partition(":")
    return getattr(importlib.import_module(module), name)


_FOR_LOW_VISION = "readers with low vision: give the size they asked for"

FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("standard", ".pdf", PDF, "offerprint.render.pdf:render_standard", "Standard print", N_("Standard print"),
           "most families; A4, 12 point clear print", "standard-print", N_("PDF"),
           sizes=(12, 14), default_size=12, audited=True, on_site=True, preview=True),
    Format("large-print", ".pdf", PDF, "offerprint.render.pdf:render_large_print", "Large print", N_("Large print"),
           _FOR_LOW_VISION, "large-print", "PDF",
           sizes=(16, 48), default_size=18, audited=True, on_site=True, preview=True),
    Format("easy-read", ".pdf", PDF, "offerprint.render.easy_read:render_easy_read", "Easy read", "Easy read",
           "readers with a learning disability or who find reading hard: pictures and short sentences",
           "easy-read", "PDF", link=N_("Easy read (pictures and short sentences)"),
           sizes=(14, 48), default_size=16, audited=True, cost=1.2, on_site=True, preview=True),
    Format("text", ".txt", "text/plain; charset=utf-8", "offerprint.render.text:render_text", "Plain text",
           "Plain text", "screen reader and braille display users, or to paste into an email", "plain-text",
           N_("text file"), link=N_("Plain text (for screen readers and braille displays)"), cost=0.05, on_site=True),
    Format("braille", ".brf", "text/plain; charset=us-ascii", "offerprint.render.braille:render_braille", "Braille",
           "Braille (Unified English Braille, grade 2, 40 cells by 25 lines)",
           "braille readers: send the .brf file to a braille embosser, or give it for a braille display",
           "braille-ueb-grade2", "braille file (BRF)", link="Braille (Unified English Braille, grade 2)",
           cost=0.1, translatable=False, on_site=True),  # UEB: English only for now
    Format("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "offerprint.render.docx:render_docx", "Word document", N_("Word document"),
           "the school to edit, or a family who reads on screen with their own settings", "word", N_("Word file"),
           sizes=(12, 48), default_size=12, cost=0.4, on_site=True),
    Format("html", ".html", "text/html; charset=utf-8", "offerprint.render.web:render_web_page", "Web page",
           "Web page (one self-contained file)", "the school website's Support for Learners page, or to email",
           "web-page", N_("web page"), link=N_("Web page (one file to save or email)"), cost=0.2, on_site=True),
    Format("epub", ".epub", "application/epub+zip", "offerprint.render.epub:render_epub", "EPUB e-book",
           N_("EPUB e-book"), "e-readers and reading apps (Apple Books, Google Play Books, Thorium), in the reader's "
           "own font and size; screen reader users can move from question to question", "ebook", "EPUB e-book",
           cost=0.3, on_site=True),
    Format("audio", ".zip", "application/zip", "offerprint.render.audio:render_audio", "Audio",
           N_("Audio (an MP3 for each part and a playlist, in one zip file)"),
           "families who would rather listen: copy the MP3s to a phone, a USB stick or a CD; read by a computer "
           "voice", "audio", N_("zip file of MP3s"), on_request=True, cost=3.0, spoken=True),
    Format("talking-book", ".epub", "application/epub+zip", "offerprint.render.audio:render_talking_book",
           "Talking book", N_("Talking book (EPUB 3 with the text highlighted as it is read aloud)"),
           "families who like to read and listen at once, in a reading app that plays EPUB audio (Thorium Reader, "
           "Apple Books); read by a computer voice", "talking-book", N_("EPUB e-book with audio"),
           on_request=True, spoken=True),
    Format("slips", ".pdf", PDF, "offerprint.render.pdf:render_request_slips", "Request and feedback slips",
           "Request and feedback slips",
           "the office counter: families tick the format they need, or tell us what they think",
           "request-and-feedback-slips", "PDF", sizes=(14, 48), default_size=14, audited=True, cost=0.3),
)}


def size_help() -> str:
    """What --size accepts, format by format (the command line's help)."""
    return "; ".join(f"{f.name} {f.sizes[0]:g}-{f.sizes[1]:g}, default {f.default_size:g}"
                     for f in FORMATS.values() if f.sizes)
