"""Web pages saved from a school's website (.html, .htm). trafilatura finds the main content
(leaving out the site menu, cookie banner, sidebars and footer) and gives it back as HTML with
headings, lists, tables, bold and links; the shared HTML walker makes sections of it."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..errors import ReportInputError
from . import Section, clean
from .html_blocks import sections_from_html


# A school's report page saved from the browser is well under 2 MB; reading one of 20 MB takes
# trafilatura minutes and most of a gigabyte.
MAX_PAGE_BYTES = 5_000_000
# libxml2, under trafilatura, stops at 256 levels of elements inside elements and gives back nothing.
MAX_NESTING = 255
_VOID = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source",
         b"track", b"wbr", b"param", b"keygen"}


def nesting_depth(raw: bytes) -> int:
    """How deeply the page's elements sit inside each other (a rough count of open tags, enough
    to tell a page libxml2 gives up on)."""
    import re

    depth = deepest = 0
    for match in re.finditer(rb"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>", raw):
        closing, tag, self_closing = match.groups()
        if tag.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def read(path: Path) -> list[Section]:
    import trafilatura

    raw = path.read_bytes()
    if len(raw) > MAX_PAGE_BYTES:
        raise ReportInputError(
            f"{path}: is a web page of {len(raw) / 1e6:.0f} MB, more than a report's page ({MAX_PAGE_BYTES // 1_000_000} "
            "MB at most; pictures saved inside it make it big): save the page as 'Web page, HTML only', or copy "
            "the report's text into a .txt file, and import that")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportInputError(f"{path}: is not a web page (it holds binary data; save the page from the browser "
                               "as 'Web page, HTML only' and import that)")
    content = trafilatura.extract(raw, output_format="html", include_formatting=True, include_links=True,
                                  include_tables=True, include_images=False, include_comments=False,
                                  favor_recall=True, deduplicate=False)
    if not content:
        if nesting_depth(raw) > MAX_NESTING:
            raise ReportInputError(f"{path}: is nested too deeply to read (more than {MAX_NESTING} boxes inside "
                                   "each other): copy the report's text into a .txt file and import that")
        raise ReportInputError(f"{path}: has no readable text in it (save the web page again with 'Save page as', "
                               "or copy the report's text into a .txt file and import that)")
    sections = sections_from_html(content, "paragraph")
    title = _page_title(raw)
    if title:
        # No title in the content: the page's own title is the report's. Otherwise it is kept
        # beside the report (level 0), where it may still name the school ("Gloucester House -
        # SEN Information Report").
        sections.insert(0, Section(title, 0 if any(s.level == 1 for s in sections) else 1, [], "the page title"))
    return sections


_TITLE = re.compile(rb"<title[^>]*>([^<]{1,600})</title>", re.I)


def _page_title(raw: bytes) -> str:
    """The page's <title> as the browser shows it (trafilatura's metadata prefers the first
    heading, which is the report's own title, not the page's)."""
    found = _TITLE.search(raw[:200_000])
    return clean(html.unescape(found.group(1).decode("utf-8", "replace"))) if found else ""
