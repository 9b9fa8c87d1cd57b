"""Output formats: each a plain function ``(loaded offer, options) -> bytes``, in one registry.

Adding a format is one module and one line in :data:`FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..load import LoadedOffer
from .pdf import large_print_style, render_print, render_slips, standard_style
from .braille import render_braille
from .docx import render_docx
from .epub import render_epub
from .audio import render_audio, render_talking_book
from .easy_read import render_easy_read
from .text import render_text
from .web import render_web_page


@dataclass(frozen=True)
class RenderOptions:
    """What a reader asked for. Not every format uses every option."""

    size: float | None = None  # body size in points
    paper: str = "white"  # see render.pdf.PAPERS
    preset: str | None = None  # "modified" large print: bold throughout
    lang: str | None = None  # translate into this language (BCP 47); None: the offer's own
    bilingual: bool = False  # each section in the target language, then in English
    allow_missing: bool = False  # easy read: print a note where a section has no easy read text
    wrap: int | None = None  # plain text: wrap lines at this many characters
    braille_grade: int = 2  # braille: 2 (contracted, UEB) or 1 (uncontracted)
    cells: int = 40  # braille: cells per line
    lines: int = 25  # braille: lines per page


def render_standard(loaded: LoadedOffer, options: RenderOptions = RenderOptions()) -> bytes:
    """Clear print: A4, 12pt body (14 on request), audited."""
    style = standard_style(options.size, options.paper)
    return render_print(loaded, style, name="standard print PDF", body_class="standard", lang=options.lang,
                        bilingual=options.bilingual)


def render_large_print(loaded: LoadedOffer, options: RenderOptions = RenderOptions()) -> bytes:
    """Large print: re-set at the asked size (16-48pt, default 18), nothing smaller, audited."""
    style = large_print_style(options.size, options.paper, options.preset)
    return render_print(loaded, style, name=f"large print PDF ({style.size:g}pt)", body_class="large-print",
                        lang=options.lang, bilingual=options.bilingual)


def render_request_slips(loaded: LoadedOffer, options: RenderOptions = RenderOptions()) -> bytes:
    """Two slips to print for the office counter: ask for another format, and feedback.
    14pt by default (any size from 14 to 48), so the slips are clear print too."""
    size = options.size or 14
    style = standard_style(14, options.paper) if size <= 14 else large_print_style(size, options.paper)
    return render_slips(loaded, style, options.lang)


Renderer = Callable[[LoadedOffer, RenderOptions], bytes]

FORMATS: dict[str, Renderer] = {
    "standard": render_standard,
    "large-print": render_large_print,
    "text": render_text,
    "easy-read": render_easy_read,
    "slips": render_request_slips,
    "braille": render_braille,
    "html": render_web_page,
    "docx": render_docx,
    "epub": render_epub,
    "audio": render_audio,
    "talking-book": render_talking_book,  # EPUB 3 with media overlays
}

EXTENSIONS = {"standard": ".pdf", "large-print": ".pdf", "easy-read": ".pdf", "slips": ".pdf", "text": ".txt",
              "braille": ".brf", "html": ".html", "docx": ".docx",
              "epub": ".epub", "audio": ".zip",
              "talking-book": ".epub"}


def render(loaded: LoadedOffer, fmt: str, options: RenderOptions = RenderOptions()) -> bytes:
    return FORMATS[fmt](loaded, options)
