"""The curated picture library for easy read documents.

Easy read pages put a concrete picture on the left of one or two short
sentences. The pictures live in ``offerprint/pictures/``: one ``<name>.svg``
per picture, all unmodified copies of OpenMoji colour SVGs, listed in
``pictures.yaml`` with the alt text a screen reader says for them and the
OpenMoji hexcode each came from.

OpenMoji is licensed CC BY-SA 4.0, so every document that prints one of these
pictures must also print :data:`CREDIT` (see ``pictures/LICENSE.md``).
"""

from __future__ import annotations

import difflib
import functools
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import MissingDependencyError
from .resources import read_shipped_yaml

PICTURES_DIR = Path(__file__).parent / "pictures"
"""The folder holding the SVGs, ``pictures.yaml`` and ``LICENSE.md``."""

INDEX = PICTURES_DIR / "pictures.yaml"

OPENMOJI_VERSION = "17.0.0"
"""The version of the ``openmoji`` npm package the SVGs were copied from."""

CREDIT = (
    "Pictures: OpenMoji, the open-source emoji and icon project "
    "(https://openmoji.org), licensed CC BY-SA 4.0."
)
"""The attribution sentence to print in every document that uses a picture."""


class PictureLibraryError(MissingDependencyError, ValueError):
    """``pictures.yaml`` and the files beside it do not agree: offerprint's own picture library
    is not whole (reinstall offerprint). A ValueError as well, as it always was."""

    kind = "picture-library"


@dataclass(frozen=True)
class Picture:
    """One picture: its library name, its alt text and its SVG file."""

    name: str
    alt: str
    path: Path
    source: str  # "openmoji"


@functools.cache
def library() -> dict[str, Picture]:
    """Every picture in the library, by name, in the order of ``pictures.yaml``.

    Read once and cached; treat the returned dict as read-only. Raises
    :class:`PictureLibraryError` when an entry is malformed or its SVG is missing.
    """
    raw = read_shipped_yaml(INDEX)
    if not isinstance(raw, dict):
        raise PictureLibraryError(f"{INDEX}: expected a mapping of name -> entry")
    pictures: dict[str, Picture] = {}
    for name, entry in raw.items():
        if not isinstance(name, str):
            # An unquoted `yes:` or `no:` key loads as a bool in YAML 1.1.
            raise PictureLibraryError(
                f"{INDEX}: picture name {name!r} is not a string (quote it)"
            )
        if not isinstance(entry, dict):
            raise PictureLibraryError(f"{INDEX}: {name}: expected a mapping")
        alt = entry.get("alt")
        if not isinstance(alt, str) or not alt.strip():
            raise PictureLibraryError(f"{INDEX}: {name}: missing alt text")
        path = PICTURES_DIR / f"{name}.svg"
        if not path.is_file():
            raise PictureLibraryError(f"{INDEX}: {name}: no file {path.name}")
        source = "openmoji" if entry.get("openmoji") else str(entry.get("source", "unknown"))
        pictures[name] = Picture(name=name, alt=alt.strip(), path=path, source=source)
    return pictures


def get_picture(name: str) -> Picture:
    """The picture called ``name``.

    Raises ``KeyError`` naming the closest known names when there is no such
    picture, e.g. ``Unknown picture 'techer'. Did you mean 'teacher'?``
    """
    pictures = library()
    try:
        return pictures[name]
    except KeyError:
        pass
    close = difflib.get_close_matches(name.strip().lower(), list(pictures), n=3, cutoff=0.6)
    message = f"Unknown picture {name!r}."
    if close:
        message += " Did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        message += f" There are {len(pictures)} pictures; see the contact sheet for their names."
    raise KeyError(message) from None


_CONTACT_SHEET_CSS = """
@page {
  size: A4;
  margin: 1.2cm 1cm 1.8cm 1cm;
  @bottom-center { content: element(credit); }
  @top-right { content: "Page " counter(page) " of " counter(pages); font-size: 12pt; }
}
html { font-family: "Atkinson Hyperlegible", "DejaVu Sans", Arial, sans-serif; font-size: 12pt; }
body { margin: 0; }
h1 { font-size: 20pt; margin: 0 0 0.2cm 0; }
p.intro { margin: 0 0 0.4cm 0; }
footer.credit { position: running(credit); font-size: 12pt; text-align: center; }
table.sheet { width: 100%; table-layout: fixed; border-collapse: collapse; }
table.sheet td {
  width: 16.66%; vertical-align: top; text-align: center;
  padding: 0.15cm 0.05cm 0.3cm 0.05cm; border: 0.5pt solid #bbb;
  overflow-wrap: break-word; hyphens: none;
}
table.sheet tr { page-break-inside: avoid; break-inside: avoid; }
table.sheet img { width: 3cm; height: 3cm; display: block; margin: 0 auto 0.1cm auto; }
.name { font-weight: bold; font-size: 12pt; display: block; }
.alt { font-size: 12pt; display: block; }
"""


def contact_sheet_html(
    pictures: Mapping[str, Picture] | Iterable[Picture] | None = None,
    *,
    title: str = "Picture library",
    per_row: int = 6,
) -> str:
    """A complete A4 HTML page showing each picture at 3 cm with its name and alt text.

    ``pictures`` is a mapping such as :func:`library` returns, or any iterable of
    :class:`Picture`; ``None`` means the whole library. Pictures are shown
    ``per_row`` to a row, with :data:`CREDIT` at the foot of every page. All text
    is HTML-escaped. Images are referenced by absolute ``file://`` URI, so the
    page renders with WeasyPrint whatever its base URL.
    """
    if pictures is None:
        pictures = library()
    items = list(pictures.values()) if isinstance(pictures, Mapping) else list(pictures)
    esc = html.escape

    rows: list[str] = []
    for start in range(0, len(items), per_row):
        cells = []
        for pic in items[start : start + per_row]:
            cells.append(
                "<td>"
                f'<img src="{esc(pic.path.resolve().as_uri())}" alt="{esc(pic.alt)}">'
                f'<span class="name">{esc(pic.name)}</span>'
                f'<span class="alt">{esc(pic.alt)}</span>'
                "</td>"
            )
        cells.extend("<td></td>" for _ in range(per_row - len(cells)))
        rows.append("<tr>" + "".join(cells) + "</tr>")

    count = len(items)
    noun = "picture" if count == 1 else "pictures"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{_CONTACT_SHEET_CSS}</style>\n</head>\n<body>\n"
        f'<footer class="credit">{esc(CREDIT)}</footer>\n'
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="intro">{count} {noun}. Each shows its name (bold) and its alt text.</p>\n'
        '<table class="sheet">\n' + "\n".join(rows) + "\n</table>\n"
        "</body>\n</html>\n"
    )
