"""Where packaged assets live, and the @font-face rules for the shipped fonts."""

from __future__ import annotations

import bisect
import functools
import json

from ..errors import RenderError
from ..resources import FONTS, PACKAGE, TEMPLATES

PICTURES = PACKAGE / "pictures"
ASSET_ROOTS = (TEMPLATES, FONTS, PICTURES)

# Script of a language -> the families to put first for it (the Latin ones follow as fallback).
SCRIPT_FAMILIES = {
    "Latn": ["Atkinson Hyperlegible", "Noto Sans"],
    "Cyrl": ["Noto Sans"],
    "Arab": ["Noto Naskh Arabic"],
    "Aran": ["Noto Nastaliq Urdu", "Noto Naskh Arabic"],
    "Beng": ["Noto Sans Bengali"],
    "Guru": ["Noto Sans Gurmukhi"],
    "Hans": ["Noto Sans SC"],
}


@functools.cache
def font_list() -> tuple[dict, ...]:
    """The shipped fonts (fonts/fonts.json). A missing file fails now, never falls back."""
    listing = FONTS / "fonts.json"
    if not listing.is_file():
        raise RenderError(f"{listing} is missing: offerprint's fonts are not installed (reinstall from the project)")
    fonts = tuple(json.loads(listing.read_text(encoding="utf-8")))
    missing = [f["file"] for f in fonts if not (FONTS / f["file"]).is_file()]
    if missing:
        raise RenderError(f"font files are missing from {FONTS}: {', '.join(missing)} (reinstall from the project)")
    return fonts


def shipped_families() -> set[str]:
    return {f["family"] for f in font_list()}


def families() -> tuple[str, ...]:
    """Every shipped family, in fonts.json's order."""
    return tuple(dict.fromkeys(f["family"] for f in font_list()))


@functools.cache
def font_face_css(families: tuple[str, ...] | None = None) -> str:
    """The @font-face rules of the shipped fonts of ``families`` (None: of every family)."""
    rules = []
    for font in font_list():
        if families is not None and font["family"] not in families:
            continue
        url = (FONTS / font["file"]).as_uri()
        rules.append(
            "@font-face { font-family: \"%s\"; src: url(\"%s\"); font-weight: %d; font-style: %s; }"
            % (font["family"], url, font["weight"], font.get("style", "normal"))
        )
    return "\n".join(rules)


def family_stack(script: str = "Latn") -> str:
    """A CSS font-family list: the script's fonts first, then the Latin ones, then nothing else
    (no generic family, so a missing glyph shows up in the audit instead of a system font)."""
    families = SCRIPT_FAMILIES.get(script, []) + SCRIPT_FAMILIES["Latn"]
    return ", ".join(f'"{f}"' for f in dict.fromkeys(families))


# --- the fonts a document needs ------------------------------------------------------------------

@functools.cache
def _coverage() -> dict[str, tuple[list[int], list[int]]]:
    """fonts/coverage.json (written by fonts/build_fonts.py with fonts.json): each family's
    characters, as the starts and ends of ranges."""
    listing = FONTS / "coverage.json"
    if not listing.is_file():
        raise RenderError(f"{listing} is missing: offerprint's fonts are not installed (reinstall from the project)")
    coverage = {}
    for family, ranges in json.loads(listing.read_text(encoding="utf-8")).items():
        starts, ends = [], []
        for item in ranges:
            first, _, last = item[2:].partition("-")
            starts.append(int(first, 16))
            ends.append(int(last or first, 16))
        coverage[family] = (starts, ends)
    return coverage


def _has(family: str, char: int) -> bool:
    starts, ends = _coverage()[family]
    i = bisect.bisect_right(starts, char) - 1
    return i >= 0 and char <= ends[i]


def needed_families(*texts: str) -> tuple[str, ...]:
    """The shipped families a document made of ``texts`` (its HTML and stylesheets) needs: the
    Latin ones always (every font-family list ends with them), and another only when the text
    has a character that family has and the Latin ones lack. An English print has them all (the
    lines in each language at the back); an English easy read only the Latin ones.

    Any character a family could draw and the Latin ones could not loads it, wherever it is, so
    the fonts a character falls back to are those it had with every family loaded."""
    latin = SCRIPT_FAMILIES["Latn"]
    chars = set().union(*map(set, texts))
    others = {ord(c) for c in chars} - {c for c in map(ord, chars) if any(_has(f, c) for f in latin)}
    return tuple(f for f in families() if f in latin or any(_has(f, c) for c in others))
