"""The document's own description: tagged, language, title (shown in the window bar), the
PDF/UA-1 claim in its XMP metadata, and attached files. Read with pikepdf (qpdf, C++)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pikepdf

from .text import normalise_text, short

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


@dataclass
class Metadata:
    title: str | None
    lang: str | None
    display_doc_title: bool
    tagged: bool
    pdfua_part: int | None
    embedded_files: int


def read_metadata(document: pikepdf.Pdf) -> Metadata:
    root = document.Root
    xmp_title, pdfua_part = _read_xmp(root)
    return Metadata(
        title=xmp_title or _info_title(document),
        lang=_catalog_lang(root),
        display_doc_title=_is_true(get(root, "/ViewerPreferences", "/DisplayDocTitle")),
        tagged=_is_true(get(root, "/MarkInfo", "/Marked")) and "/StructTreeRoot" in root,
        pdfua_part=pdfua_part,
        embedded_files=_count_embedded_files(document),
    )


def get(dictionary: pikepdf.Dictionary, *keys: str) -> object:
    """Follow nested dictionary keys, None as soon as one is missing."""
    value: object = dictionary
    for key in keys:
        if not isinstance(value, pikepdf.Dictionary) or key not in value:
            return None
        value = value[key]
    return value


def _is_true(value: object) -> bool:
    # pikepdf hands PDF booleans over as Python bools; anything else (a name, a string
    # "true") is not a valid PDF true.
    return value is True


def _clean(value: object) -> str | None:
    """A PDF text string as a stripped str, None when absent or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _catalog_lang(root: pikepdf.Dictionary) -> str | None:
    # WeasyPrint writes an empty /Lang when <html> has no lang, so blank counts as missing.
    return _clean(root.get("/Lang"))


def _info_title(document: pikepdf.Pdf) -> str | None:
    # Read the trailer directly: pikepdf's docinfo would create an /Info it cannot find.
    info = document.trailer.get("/Info")
    return _clean(info.get("/Title")) if isinstance(info, pikepdf.Dictionary) else None


def _read_xmp(root: pikepdf.Dictionary) -> tuple[str | None, int | None]:
    """dc:title and pdfuaid:part from the XMP packet, either of them None if absent."""
    metadata = root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return None, None
    try:
        xml = ET.fromstring(metadata.read_bytes().strip())
    except ET.ParseError:
        return None, None
    title = part = None
    part_key = f"{{{_NS['pdfuaid']}}}part"
    title_key = f"{{{_NS['dc']}}}title"
    for description in xml.iter(f"{{{_NS['rdf']}}}Description"):
        # XMP allows both forms: pdfuaid:part="1" (WeasyPrint) and <pdfuaid:part>1</...>.
        raw_part = description.get(part_key)
        if raw_part is None and (child := description.find(part_key)) is not None:
            raw_part = child.text or ""
        if raw_part is not None and part is None:
            try:
                part = int(raw_part.strip())
            except ValueError:
                pass
        if title is None:
            title = _clean(description.get(title_key)) or _xmp_lang_alt(description.find(title_key))
    return title, part


def _xmp_lang_alt(element: ET.Element | None) -> str | None:
    """The x-default (else first) entry of an rdf:Alt, e.g. dc:title."""
    if element is None:
        return None
    items = list(element.iter(f"{{{_NS['rdf']}}}li"))
    for item in items:
        if item.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
            return _clean(item.text)
    return _clean(items[0].text) if items else _clean(element.text)


def _count_embedded_files(document: pikepdf.Pdf) -> int:
    count = 0
    tree = get(document.Root, "/Names", "/EmbeddedFiles")
    if isinstance(tree, pikepdf.Dictionary):
        count += len(pikepdf.NameTree(tree))
    for page in document.pages:
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, pikepdf.Dictionary) and annotation.get("/Subtype") == "/FileAttachment":
                count += 1
    return count


def metadata_problems(
    facts: Metadata, expected_lang: str | None, expected_title: str | None
) -> list[str]:
    problems = []
    if not facts.tagged:
        problems.append(
            "The PDF is not tagged, so screen readers cannot follow its headings, lists and "
            "pictures; it must be produced again in accessible (PDF/UA) mode."
        )
    if facts.lang is None:
        problems.append(
            "The PDF does not say which language it is written in, so screen readers may read "
            "it with the wrong voice; set the report's language (for example en-GB)."
        )
    elif expected_lang is not None and facts.lang.casefold() != expected_lang.strip().casefold():
        problems.append(
            f'The PDF says its language is "{facts.lang}" but the report is in '
            f'"{expected_lang}"; correct the report\'s language setting.'
        )
    if facts.title is None:
        problems.append(
            "The PDF has no title, so screen readers and PDF viewers show its file name "
            "instead; give the report a title."
        )
    elif expected_title is not None and normalise_text(facts.title) != normalise_text(expected_title):
        problems.append(
            f'The PDF\'s title is "{short(facts.title)}" but should be '
            f'"{short(expected_title)}"; correct the report\'s title.'
        )
    if not facts.display_doc_title:
        problems.append(
            "The PDF does not ask viewers to show its title in the window bar (DisplayDocTitle); "
            "it must be produced again in accessible (PDF/UA) mode."
        )
    if facts.pdfua_part != 1:
        found = "nothing" if facts.pdfua_part is None else f"part {facts.pdfua_part}"
        problems.append(
            f"The PDF does not declare that it meets PDF/UA-1 (its metadata says {found}); "
            "it must be produced again in accessible (PDF/UA) mode."
        )
    return problems


def attachment_problems(count: int) -> list[str]:
    if not count:
        return []
    files = "an attached file" if count == 1 else f"{count} attached files"
    return [
        f"The PDF contains {files}, which many readers and screen readers cannot open; link to "
        "the file on the school website instead of attaching it."
    ]


