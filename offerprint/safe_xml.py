"""Reading SVG (and any XML) from an offer folder with a hardened parser.

A picture comes from many hands. An XML DOCTYPE can declare entities that expand a few bytes
into gigabytes ("billion laughs") or pull in other files (external entities), and parsers
disagree about them: Python's ElementTree stops at an undefined entity, WeasyPrint's SVG
reader skips it. So offerprint reads no SVG with a DOCTYPE or an entity declaration at all:
:func:`xml_problem` finds one when the offer is loaded (every format then agrees), and
:func:`parse_svg` refuses one wherever a renderer reads a picture itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .errors import OfferInputError, Problem

MAX_SVG_BYTES = 5 * 1024 * 1024  # a logo or a photo's outline, not a map

_FIX = "save it again without the DOCTYPE: in Inkscape, Save As Plain SVG; or save it as a PNG"


class _Enough(Exception):
    pass


def more_elements_than(stream, limit: int) -> bool:
    """Whether the XML read from ``stream`` (a binary file) has more than ``limit`` elements,
    counted as it streams and stopped at the first one past it, so a reader that takes time or
    memory for each (mammoth's, for a Word document) is never handed millions. A document that
    is not well-formed is not judged here: its own reader says what is wrong."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    count = 0

    def start(_name, _attributes):
        nonlocal count
        count += 1
        if count > limit:
            raise _Enough

    parser.StartElementHandler = start
    try:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        return True
    except expat.ExpatError:
        return False
    return False


def looks_like_xml(path: Path, head: bytes | None = None) -> bool:
    """An SVG or XML file, by its name or its first bytes."""
    if path.suffix.lower() in (".svg", ".xml"):
        return True
    if head is None:
        with open(path, "rb") as handle:
            head = handle.read(512)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<?xml", b"<svg", b"<!DOCTYPE")) or b"<svg" in head[:512]


def _line_of(data: bytes, marker: bytes) -> int | None:
    found = re.search(re.escape(marker), data, re.IGNORECASE)
    return data.count(b"\n", 0, found.start()) + 1 if found else None


def xml_problem(path: Path) -> tuple[int | None, int | None, str, str] | None:
    """What stops offerprint reading this SVG/XML file, as (line, column, what is wrong, how
    to fix it); None when it can be read."""
    size = path.stat().st_size
    if size > MAX_SVG_BYTES:
        return (None, None, f"is {size / 1_048_576:.0f} MB, too big for an SVG picture "
                f"(at most {MAX_SVG_BYTES // 1_048_576} MB)", "simplify it, or save it as PNG")
    data = path.read_bytes()
    try:
        fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        # A DOCTYPE (forbid_dtd stops at it, before any entity is read).
        line = _line_of(data, b"<!DOCTYPE") or _line_of(data, b"<!ENTITY")
        return (line, None, "has a DOCTYPE, which offerprint never reads in a picture: it can declare "
                "entities or pull in other files", _FIX)
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        reason = str(exc).split(":")[0]
        return (line, column + 1 if column is not None else None,
                f"is not a readable SVG picture: {reason}", "open it in a drawing program and save it again, "
                "or use a PNG or JPEG")
    return None


def parse_svg(path: Path) -> Element:
    """The SVG's root element, read with entities and DOCTYPEs refused."""
    problem = xml_problem(path)
    if problem is not None:
        line, column, message, fix = problem
        raise OfferInputError(Problem(str(path), line, column, "", message, fix))
    return fromstring(path.read_bytes(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
