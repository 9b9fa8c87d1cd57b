"""Running page furniture ("Page 3 of 20") as PDF artifacts, as PDF/UA asks.

WeasyPrint 70 marks the text of margin boxes as tagged content and builds structure elements
for it that it then leaves out of the document's tree (its comment: an Artifact there "is only
allowed in PDF 2.0"), so a checker finds marked content that belongs to no element. Here the
margin boxes' content is drawn inside ``/Artifact BMC ... EMC`` instead and never enters the
structure tree. Like text_layer, this hooks WeasyPrint internals, so it checks the version.
"""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager

from . import engine  # first: it imports WeasyPrint (see there); its hook() installs ours
from weasyprint import document as _document
from weasyprint.formatting_structure import boxes as _boxes
from weasyprint.pdf import stream as _stream
from weasyprint.pdf import tags as _tags

_MARK = "_offerprint_artifacts"
_page = threading.local()  # ids of the boxes inside the margin boxes of the page being drawn


def install() -> None:
    """Hook page drawing, marked content and tagging; safe to call any number of times."""
    engine.require_weasyprint("artifacts", "document.draw_page, Stream.marked and tags._build_box_tree")
    engine.hook(_document, "draw_page", _wrap_draw_page, _MARK)
    engine.hook(_stream.Stream, "marked", _wrap_marked, _MARK)
    engine.hook(_tags, "_build_box_tree", _wrap_build_box_tree, _MARK)


def _descendants(box) -> set[int]:
    found = {id(box)}
    for child in getattr(box, "children", ()) or ():
        found |= _descendants(child)
    return found


def _wrap_draw_page(original):
    @functools.wraps(original)
    def draw_page(page, stream):
        furniture: set[int] = set()
        for child in page.children:
            if isinstance(child, _boxes.MarginBox):
                furniture |= _descendants(child)
        _page.furniture = furniture
        try:
            return original(page, stream)
        finally:
            _page.furniture = set()

    setattr(draw_page, _MARK, True)
    return draw_page


def _wrap_marked(original):
    @contextmanager
    def marked(self, box, tag):
        if id(box) in getattr(_page, "furniture", ()):
            with self.artifact():  # page furniture: not part of the document's structure
                yield
            return
        with original(self, box, tag):
            yield

    setattr(marked, _MARK, True)
    return marked


def _wrap_build_box_tree(original):
    @functools.wraps(original)
    def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        real = box._box if hasattr(box, "_box") else box
        if isinstance(real, _boxes.MarginBox):
            return  # drawn as artifacts: nothing was marked for the structure tree
        yield from original(box, parent, pdf, page_number, nums, annotations, tags)

    setattr(_build_box_tree, _MARK, True)
    return _build_box_tree
