"""Fonts: every font embedded (pikepdf walks every font dictionary in the file, so fonts of
forms and annotations count too), and no text smaller than the asked size (the rendered sizes
come from the content reader, PDFium)."""

from __future__ import annotations

import re
import struct

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


# --------------------------------------------------------------------------- ToUnicode

#: Property lists in content streams (/ActualText <FEFF...> is a hex string that is no glyph).
_PROPERTIES = re.compile(rb"<<(?:[^<>]|<[^<>]*>)*>>")
_SET_FONT = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+[-+\d.]+\s+Tf")
_SHOWN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\()])*)\)", re.DOTALL)
_CMAP_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_CMAP_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
_SECTION = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def unmapped_glyphs(document: pikepdf.Pdf) -> dict[str, set[int]]:
    """Font name -> codes drawn with it that its ToUnicode map gives no text for (no entry,
    or an empty one, ``<>``): a reader cannot tell what those glyphs say. Fonts with no
    ToUnicode map are left to their encoding (simple fonts); a composite font without one
    has every drawn code unmapped. Form XObjects are read as well as the pages."""
    maps: dict[tuple[int, int], tuple[str, int, dict[int, str] | None]] = {}
    unmapped: dict[str, set[int]] = {}
    seen_forms: set[tuple[int, int]] = set()

    def font_map(font: pikepdf.Dictionary):
        key = font.objgen
        if key not in maps:
            composite = font.get("/Subtype") == "/Type0"
            to_unicode = font.get("/ToUnicode")
            table = (_read_cmap(to_unicode.read_bytes()) if isinstance(to_unicode, pikepdf.Stream)
                     else {} if composite else None)
            maps[key] = (_SUBSET_TAG.sub("", str(font.get("/BaseFont", "/unnamed")).lstrip("/")),
                         2 if composite else 1, table)
        return maps[key]

    def read(data: bytes, resources: object) -> None:
        fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
        parts = _SET_FONT.split(_PROPERTIES.sub(b" ", data))
        current = None
        for index, part in enumerate(parts):
            if index % 2:  # a font name
                font = fonts.get("/" + part.decode("latin-1")) if isinstance(fonts, pikepdf.Dictionary) else None
                current = font_map(font) if isinstance(font, pikepdf.Dictionary) else None
                continue
            if current is None or current[2] is None:
                continue
            name, width, table = current
            for code in _codes(part, width):
                if not table.get(code):
                    unmapped.setdefault(name, set()).add(code)
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        for xobject in (xobjects.values() if isinstance(xobjects, pikepdf.Dictionary) else ()):
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen_forms:
                seen_forms.add(xobject.objgen)
                read(xobject.read_bytes(), xobject.get("/Resources", resources))

    for page in document.pages:
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
        read(b"\n".join(stream.read_bytes() for stream in streams), page.obj.get("/Resources"))
    return unmapped


def _codes(shown: bytes, width: int) -> set[int]:
    """The character codes in the strings of a stretch of content stream."""
    codes: set[int] = set()
    for hex_string, literal in set(_SHOWN.findall(shown)):
        if hex_string:
            digits = hex_string.translate(None, _WHITESPACE)
            raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        elif b"\\" in literal:
            raw = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal)
        else:
            raw = literal
        # Whole codes only (a trailing odd byte of a two-byte font is no code), read in C.
        count = len(raw) // width
        codes.update(raw[:count] if width == 1 else struct.unpack(f">{count}H", raw[:2 * count]) if width == 2
                     else (int.from_bytes(raw[i:i + width], "big") for i in range(0, count * width, width)))
    return codes


_WHITESPACE = b" \t\n\r\f\v"  # what \s matches in a bytes pattern
_ESCAPE = re.compile(rb"\\([nrtbf()\\])")


def _read_cmap(data: bytes) -> dict[int, str]:
    """Code -> text of a ToUnicode CMap's bfchar and bfrange entries."""
    table: dict[int, str] = {}
    for kind, body in _SECTION.findall(data):
        if kind == b"char":
            for code, text in _CMAP_CHAR.findall(body):
                table[int(code, 16)] = _utf16(text)
            continue
        for low, high, target in _CMAP_RANGE.findall(body):
            first, last = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, text in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", target)):
                    table[first + offset] = _utf16(text)
                continue
            start = _utf16(target[1:-1])
            for offset in range(min(last - first, 0xFFFF) + 1):
                table[first + offset] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
    return table


def _utf16(digits: bytes) -> str:
    return bytes.fromhex(digits.decode()).decode("utf-16-be", "replace") if digits else ""


def unicode_problems(unmapped: dict[str, set[int]]) -> list[str]:
    return [
        f'{len(codes)} glyph(s) of the font "{name}" have no text in the PDF (ToUnicode map), so screen '
        "readers, search and copying lose them; the PDF must map every glyph it draws to its text."
        for name, codes in sorted(unmapped.items())
    ]
