"""Links tagged as PDF/UA asks (ISO 14289-1, 7.18.5): one /Link structure element per link.

WeasyPrint 70 makes a link annotation for every box inside an ``<a>`` (the inline box on each
line, each ``<span>``, each ``<wbr>``, the ``::after`` leader and page number of a contents
entry) and hangs each one's object reference on the structure element built for that box: a
/Span, a /NonStruct, or a /Link nested in the link's own /Link (``a::after`` is tagged like
``a``). Its /Contents is the link's target, an id such as ``q-curriculum`` for an internal link.

:func:`install` wraps ``weasyprint.pdf.add_tags`` and, once WeasyPrint has built the tree,
rewrites the link parts of it in the PDF objects it is about to write:

* the pieces of one link that WeasyPrint tagged as separate /Link elements (an ``<a>`` broken
  over two lines, or over a page break, where they sit in two copies of the paragraph) become
  one element;
* a /Link inside a /Link becomes a /Span: the outer one is the link;
* every annotation of the link hangs on the /Link, as an /OBJR kid, and its /StructParent
  entry in the parent tree points there; an annotation with no area (a ``<wbr>``), or lying
  inside another of the same link on the same page (the ``<span>`` inside the ``<a>``), is
  dropped: it only repeated the other;
* /Contents is the link's words ("Who to talk to", the email address), or where the link has
  no words, those of what it points to; a /Link with no text of its own gets them as /Alt.

It also wraps ``_build_box_tree`` to note which HTML element each /Link was built for, which
is what tells the pieces of one link apart from the next link, and where its words are.
"""

from __future__ import annotations

import functools
import re

import pydyf
from . import engine  # first: it imports WeasyPrint (see there); its hook() installs ours
from weasyprint import pdf as _pdf
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as _tags

_MARK = "_offerprint_links"
#: Set on a /Link element's dictionary: the HTML element its box was made for.
_SOURCE = "_offerprint_source"
#: Set on the pydyf PDF: the root of the HTML it is made from.
_HTML = "_offerprint_html"
#: Rectangles closer than this (points) count as the same edge.
_SLACK = 0.01


def install() -> None:
    """Hook tagging; safe to call any number of times."""
    engine.require_weasyprint("pdf_links", "pdf.add_tags, tags._build_box_tree and pdf/anchors.add_links")
    engine.hook(_pdf, "add_tags", _wrap_add_tags, _MARK)
    engine.hook(_tags, "_build_box_tree", _wrap_build_box_tree, _MARK)


def _wrap_build_box_tree(original):
    @functools.wraps(original)
    def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        real = box._box if isinstance(box, AbsolutePlaceholder) else box
        if real.element is not None and real.element_tag == "html":
            setattr(pdf, _HTML, real.element)  # where an internal link's target is found
        for element in original(box, parent, pdf, page_number, nums, annotations, tags):
            if element.get("S") == "/Link" and real.element is not None:
                setattr(element, _SOURCE, real.element)
            yield element

    setattr(_build_box_tree, _MARK, True)
    return _build_box_tree


def _wrap_add_tags(original):
    @functools.wraps(original)
    def add_tags(pdf, document, pdf_version, page_streams):
        original(pdf, document, pdf_version, page_streams)
        _LinkTagger(pdf).run()

    setattr(add_tags, _MARK, True)
    return add_tags


class _LinkTagger:
    """The rewrite described in the module's docstring, over pydyf's objects."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        self.objects = pdf.objects
        root = self.get(pdf.catalog["StructTreeRoot"])
        nums = self.get(root["ParentTree"])["Nums"]
        # Nums is [page index, [element per MCID], ..., annotation key, element, ...]
        self.nums = nums
        self.page_count = len(pdf.page_references)
        self.key_at = {nums[i]: i for i in range(2 * self.page_count, len(nums), 2)}
        self.top = self.get(root["K"][0])
        self.page_index = {ref: index for index, ref in enumerate(pdf.page_references)}
        self.html = getattr(pdf, _HTML, None)
        self._ids: dict[str, object] | None = None
        self.page_of = {annotation: page for page in pdf.page_references
                        for annotation in self.get(page).get("Annots", ())}

    def get(self, reference: bytes) -> pydyf.Object:
        return self.objects[int(reference.split()[0])]

    def run(self) -> None:
        for link in self._merge_pieces(list(self._outer_links(self.top))):
            self._gather(link)

    def _link_words(self, source, annotations: list[tuple[bytes, pydyf.Dictionary]]) -> str:
        """The words a reader hears for the link: its own text; for a link with none, the
        text of the element it points to (an internal link), else its address."""
        words = _text_of(source)
        if words:
            return words
        dest = next((a["Dest"] for _, a in annotations if "Dest" in a), None)
        if isinstance(dest, pydyf.String) and self.html is not None:
            if self._ids is None:
                self._ids = {e.get("id"): e for e in self.html.iter() if e.get("id")}
            words = _text_of(self._ids.get(dest.string))
            if words:
                return words
        uri = next((a["A"].get("URI") for _, a in annotations if "A" in a), None)
        return uri.string if isinstance(uri, pydyf.String) else ""

    # -- finding the links ---------------------------------------------------------------

    def _outer_links(self, element: pydyf.Dictionary):
        """(parent, link) for every /Link not inside a /Link, in reading order."""
        for kid in element.get("K", ()):
            if not isinstance(kid, bytes) or not kid.endswith(b" R"):
                continue
            child = self.get(kid)
            if child.get("Type") != "/StructElem":
                continue
            if child.get("S") == "/Link":
                yield element, child
            else:
                yield from self._outer_links(child)

    def _merge_pieces(self, placed: list[tuple[pydyf.Dictionary, pydyf.Dictionary]]) -> list[pydyf.Dictionary]:
        """Fold each /Link made for the same HTML element as the /Link before it, in reading
        order, into that one; the links that remain, in order. WeasyPrint builds each page's
        tree on its own, so a link broken over a page break is two /Links under two copies of
        its paragraph: the second piece joins the first, its text held by page (/MCR)."""
        kept: list[pydyf.Dictionary] = []
        for parent, link in placed:
            source = getattr(link, _SOURCE, None)
            if kept and source is not None and getattr(kept[-1], _SOURCE, None) is source:
                self._fold(link, into=kept[-1], parent=parent)
            else:
                kept.append(link)
        return kept

    def _fold(self, piece: pydyf.Dictionary, into: pydyf.Dictionary, parent: pydyf.Dictionary) -> None:
        page = self.page_index.get(piece.get("Pg"))
        same_page = piece.get("Pg") == into.get("Pg")
        for kid in piece["K"]:
            if isinstance(kid, int):  # an MCID on the piece's page
                if page is not None:
                    self.nums[2 * page + 1][kid] = into.reference
                if same_page:
                    into["K"].append(kid)
                else:
                    into["K"].append(pydyf.Dictionary({"Type": "/MCR", "Pg": piece["Pg"], "MCID": kid}))
                continue
            child = self.get(kid)
            if child.get("Type") == "/StructElem":
                child["P"] = into.reference
            into["K"].append(kid)
        parent["K"] = pydyf.Array(k for k in parent["K"] if k != piece.reference)
        _empty(piece)

    # -- one link ------------------------------------------------------------------------

    def _gather(self, link: pydyf.Dictionary) -> None:
        """Bring every annotation in ``link``'s subtree onto it, drop the repeats, and give
        each annotation the link's words."""
        references: list[bytes] = []
        has_text = self._collect(link, references, outer=True)
        annotations = [(ref, self.get(self.get(ref)["Obj"])) for ref in references]
        kept = _without_repeats([(ref, annotation, self.page_of.get(annotation.reference))
                                 for ref, annotation in annotations])
        for ref, annotation in annotations:
            if ref not in kept:
                self._drop(ref, annotation)
        link["K"] = pydyf.Array([*[ref for ref in references if ref in kept], *link["K"]])
        words = self._link_words(getattr(link, _SOURCE, None), annotations)
        for ref in kept:
            annotation = self.get(self.get(ref)["Obj"])
            position = self.key_at.get(annotation.get("StructParent"))
            if position is not None:
                self.nums[position + 1] = link.reference
            if words:
                annotation["Contents"] = pydyf.String(words)
        if not has_text and words:
            link["Alt"] = pydyf.String(words)

    def _collect(self, element: pydyf.Dictionary, references: list[bytes], outer: bool) -> bool:
        """Take the /OBJR kids out of ``element`` and the elements under it, into
        ``references``; an inner /Link becomes a /Span. Whether any MCID is under it."""
        if not outer and element.get("S") == "/Link":
            element["S"] = "/Span"
        has_text = False
        remaining = pydyf.Array()
        for kid in element.get("K", ()):
            if isinstance(kid, int):
                has_text = True
            elif isinstance(kid, bytes) and kid.endswith(b" R"):
                child = self.get(kid)
                kind = child.get("Type")
                if kind == "/OBJR" and self.get(child["Obj"]).get("Subtype") == "/Link":
                    references.append(kid)
                    continue
                if kind == "/StructElem":
                    has_text = self._collect(child, references, outer=False) or has_text
            elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
                has_text = True
            remaining.append(kid)
        element["K"] = remaining
        return has_text

    def _drop(self, objr: bytes, annotation: pydyf.Dictionary) -> None:
        """Take an annotation off its page and out of the parent tree."""
        page = self.page_of.get(annotation.reference)
        if page is not None:
            page_dict = self.get(page)
            page_dict["Annots"] = pydyf.Array(a for a in page_dict["Annots"] if a != annotation.reference)
        position = self.key_at.pop(annotation.get("StructParent"), None)
        if position is not None:
            # Left as a key to nothing would be a dangling entry: point it at the link's
            # element is wrong too, so the pair goes (keys stay in ascending order).
            del self.nums[position:position + 2]
            self.key_at = {key: (at - 2 if at > position else at) for key, at in self.key_at.items()}
        _empty(annotation)
        _empty(self.get(objr))


def _without_repeats(annotations: list[tuple[bytes, pydyf.Dictionary, bytes | None]]) -> set[bytes]:
    """The annotations worth keeping: each with an area, and not inside another one on the
    same page (WeasyPrint writes one per box of the link, nested boxes inside each other)."""
    rects = [(ref, _rect(annotation), page) for ref, annotation, page in annotations]
    kept: set[bytes] = set()
    for index, (ref, rect, page) in enumerate(rects):
        x0, y0, x1, y1 = rect
        if x1 - x0 <= _SLACK or y1 - y0 <= _SLACK:
            continue
        inside = any(other_index != index and other_page == page and _area(other) > 0
                     and _contains(other, rect) and (not _contains(rect, other) or other_index < index)
                     for other_index, (_, other, other_page) in enumerate(rects))
        if not inside:
            kept.add(ref)
    if not kept and annotations:  # every one had no area: keep one, the link still works
        kept.add(annotations[0][0])
    return kept


def _empty(obj: pydyf.Dictionary) -> None:
    """Leave an object nothing: it is still written (pydyf cannot free an object kept in an
    object stream) but no longer says it is a structure element or an annotation."""
    obj.clear()


def _rect(annotation: pydyf.Dictionary) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in annotation["Rect"])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _area(rect: tuple[float, float, float, float]) -> float:
    return max(rect[2] - rect[0], 0) * max(rect[3] - rect[1], 0)


def _contains(outer: tuple[float, float, float, float], inner: tuple[float, float, float, float]) -> bool:
    return (outer[0] - _SLACK <= inner[0] and outer[1] - _SLACK <= inner[1]
            and inner[2] <= outer[2] + _SLACK and inner[3] <= outer[3] + _SLACK)


def _text_of(element) -> str:
    if element is None:
        return ""
    # <wbr> splits an address into pieces: they are joined as written, with no space.
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


