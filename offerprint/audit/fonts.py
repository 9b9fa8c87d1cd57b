"""Fonts: every font embedded (pikepdf walks every font dictionary in the file, so fonts of
forms and annotations count too), and no text smaller than the asked size (the rendered sizes
come from the content reader, PDFium)."""

from __future__ import annotations

import re

import pikepdf

from .content import Content
from .text import normalise_text, short

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def embedded_fonts(document: pikepdf.Pdf) -> list[tuple[str, bool]]:
    """Every font dictionary in the file with whether its program is embedded.

    Walking all objects (not only page resources) also catches fonts used by annotation
    appearances, form XObjects and Type3 glyphs.
    """
    fonts = []
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        subtype = obj.get("/Subtype")
        if subtype in ("/CIDFontType0", "/CIDFontType2"):
            continue  # reported through the Type0 font that uses it
        if subtype == "/Type3":
            # Type3 glyphs are content streams inside the PDF: always embedded.
            fonts.append((str(obj.get("/Name", obj.get("/BaseFont", "/Type3"))).lstrip("/"), True))
            continue
        descriptor_owner = obj
        if subtype == "/Type0":
            descendants = obj.get("/DescendantFonts")
            has_descendant = isinstance(descendants, pikepdf.Array) and len(descendants) > 0
            descriptor_owner = descendants[0] if has_descendant else None
        descriptor = descriptor_owner.get("/FontDescriptor") if descriptor_owner is not None else None
        embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        fonts.append((str(obj.get("/BaseFont", "/unnamed")).lstrip("/"), embedded))
    return fonts


def font_problems(fonts: list[tuple[str, bool]]) -> list[str]:
    missing = sorted({_SUBSET_TAG.sub("", name) for name, embedded in fonts if not embedded})
    return [
        f'The font "{name}" is not embedded in the PDF, so the text may look different or be '
        "unreadable on other computers; use a font that offerprint can embed."
        for name in missing
    ]


def size_problems(content: Content, min_font_size: float) -> list[str]:
    small = content.small
    if not small:
        return []
    smallest = min(small, key=lambda run: run.size)
    pages = sorted({run.page for run in small})
    page_list = ", ".join(str(page) for page in pages)
    return [
        f"Some text is smaller than the {min_font_size:g}pt minimum for this "
        f"document: the smallest is {smallest.size:.1f}pt "
        f'("{short(normalise_text(smallest.text), 40)}" on page {smallest.page}); small text '
        f"appears on page{'s' if len(pages) > 1 else ''} {page_list}. Make all text at least "
        f"{min_font_size:g}pt."
    ]
