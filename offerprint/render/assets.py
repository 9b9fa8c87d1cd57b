"""Where packaged assets live, and the @font-face rules for the shipped fonts."""

from __future__ import annotations

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


@functools.cache
def font_face_css() -> str:
    rules = []
    for font in font_list():
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
