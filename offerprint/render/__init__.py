"""Output formats: each a plain function ``(loaded offer, options) -> bytes`` in a module of this
package, listed in the registry :data:`offerprint.formats.FORMATS`.

Adding a format is one module and one record in the registry. Nothing here imports a renderer:
:func:`render` imports the one it is asked for (so commands that make nothing never load
WeasyPrint, and a command that makes a Word file never loads it either).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import OfferInputError
from ..formats import FORMATS

if TYPE_CHECKING:
    from ..load import LoadedOffer

# Paper tints (UKAAF/RNIB: black on white by default; pale tints or yellow on black on request):
# name -> (background, ink).
PAPERS: dict[str, tuple[str, str]] = {
    "white": ("#ffffff", "#000000"),
    "cream": ("#fff8e1", "#000000"),
    "yellow": ("#fff59d", "#000000"),
    "blue": ("#dceefb", "#000000"),
    "pink": ("#fde4ec", "#000000"),
    "high-contrast": ("#000000", "#ffff00"),
}


@dataclass(frozen=True)
class RenderOptions:
    """What a reader asked for. Not every format uses every option."""

    size: float | None = None  # body size in points
    paper: str = "white"  # see PAPERS
    preset: str | None = None  # "modified" large print: bold throughout
    lang: str | None = None  # translate into this language (BCP 47); None: the offer's own
    bilingual: bool = False  # each section in the target language, then in English
    allow_missing: bool = False  # easy read: print a note where a section has no easy read text
    wrap: int | None = None  # plain text: wrap lines at this many characters
    braille_grade: int = 2  # braille: 2 (contracted, UEB) or 1 (uncontracted)
    cells: int = 40  # braille: cells per line
    lines: int = 25  # braille: lines per page
    draft: bool = False  # marked "DRAFT - not checked" (an offer `check` finds errors in); part of the cache key


def render(loaded: LoadedOffer, fmt: str, options: RenderOptions = RenderOptions()) -> bytes:
    """``loaded`` as a document of format ``fmt`` (a name in the registry)."""
    record = FORMATS.get(fmt)
    if record is None:
        raise OfferInputError(f"--format: '{fmt}' is not a format (use one of: {', '.join(FORMATS)})")
    return record.render(loaded, options)
