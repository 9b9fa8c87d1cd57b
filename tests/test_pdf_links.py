"""Links and ToUnicode in the print PDFs, checked independently of offerprint's own audit:
pikepdf reads the raw objects, as a PDF/UA checker would (ISO 14289-1, 7.18.5 and 7.21.7).

Six renders, shared by the module: standard, large print and easy read of an English example
and of a right-to-left translation (Urdu)."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from offerprint.load import load_offer
from offerprint.render import RenderOptions, render

from conftest import ROOT

BRINNINGTON = ROOT / "examples" / "brinnington-high"
OAKFIELD = ROOT / "examples" / "oakfield-primary"
DOCUMENTS = {
    "en-standard": (BRINNINGTON, "standard", None),
    "en-large-print": (BRINNINGTON, "large-print", None),
    "en-easy-read": (BRINNINGTON, "easy-read", None),
    "ur-standard": (OAKFIELD, "standard", "ur"),
    "ur-large-print": (OAKFIELD, "large-print", "ur"),
    "ur-easy-read": (OAKFIELD, "easy-read", "ur"),
}
#: An id as HTML writes one: no spaces, words joined by - or _ ("q-curriculum").
ID_LIKE = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: render(load_offer(folder), fmt, RenderOptions(lang=lang))
            for name, (folder, fmt, lang) in DOCUMENTS.items()}


def _kids(element) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]


def _parent_tree(root) -> dict[int, object]:
    found, stack = {}, [root.StructTreeRoot.ParentTree]
    while stack:
        node = stack.pop()
        stack.extend(node.get("/Kids", []))
        nums = list(node.get("/Nums", []))
        found.update((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    return found


def _has_content(element) -> bool:
    """Marked content anywhere under the element (an MCID, or an MCR)."""
    for kid in _kids(element):
        if isinstance(kid, int):
            return True
        if isinstance(kid, pikepdf.Dictionary) and (
                kid.get("/Type") == "/MCR" or ("/S" in kid and _has_content(kid))):
            return True
    return False


def link_structure_faults(pdf: bytes) -> list[str]:
    """Every way the link annotations break PDF/UA 7.18.5, one line each."""
    faults = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        parents = _parent_tree(document.Root)
        for number, page in enumerate(document.pages, 1):
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                where = f"page {number}, link {annotation.get('/Contents')!s:.40}"
                if "/StructParent" not in annotation:
                    faults.append(f"{where}: no /StructParent")
                    continue
                element = parents.get(int(annotation.StructParent))
                if not isinstance(element, pikepdf.Dictionary) or element.get("/S") != "/Link":
                    faults.append(f"{where}: /StructParent leads to {element.get('/S') if element else None}")
                    continue
                held = [kid.Obj.objgen for kid in _kids(element)
                        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"]
                if annotation.objgen not in held:
                    faults.append(f"{where}: its /Link holds no /OBJR for it")
                for objgen in held:  # each annotation the /Link holds points back at it
                    other = document.get_object(objgen)
                    if parents.get(int(other.get("/StructParent", -1))) != element:
                        faults.append(f"{where}: its /Link holds {objgen}, whose /StructParent is elsewhere")
                if not _has_content(element) and not str(element.get("/Alt", "")).strip():
                    faults.append(f"{where}: its /Link has no text and no /Alt")
                parent = element.get("/P")
                while isinstance(parent, pikepdf.Dictionary) and "/S" in parent:
                    if parent.S == "/Link":
                        faults.append(f"{where}: a /Link inside a /Link")
                    parent = parent.get("/P")
                contents = str(annotation.get("/Contents", ""))
                dest = str(annotation.get("/Dest", ""))
                if not contents.strip() or contents == dest or ID_LIKE.fullmatch(contents):
                    faults.append(f"{where}: /Contents is {contents!r}, not words")
        # No structure element, anywhere in the tree, is a /Link inside a /Link.
        stack = [(document.Root.StructTreeRoot, False)]
        while stack:
            node, in_link = stack.pop()
            for kid in _kids(node):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    is_link = kid.S == "/Link"
                    if is_link and in_link:
                        faults.append("a /Link element inside a /Link element")
                    stack.append((kid, in_link or is_link))
    return faults


def empty_to_unicode(pdf: bytes) -> list[str]:
    """Fonts whose ToUnicode map gives a glyph no text (``<>``)."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
                empties = re.findall(rb"<[0-9A-Fa-f]+>\s*<>", obj.ToUnicode.read_bytes())
                if empties:
                    found.append(f"{obj.BaseFont}: {len(empties)}")
    return found


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_links_are_tagged_as_pdf_ua_asks(pdfs, name):
    pdf = pdfs[name]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        links = [a for page in document.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    assert links, "the example has links (contents, other formats): the check must see some"
    assert link_structure_faults(pdf) == []


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_glyph_maps_to_text(pdfs, name):
    assert empty_to_unicode(pdfs[name]) == []


def test_internal_links_say_the_heading_they_go_to(pdfs):
    with pikepdf.open(io.BytesIO(pdfs["en-standard"])) as document:
        contents = {str(a.Dest): str(a.Contents) for page in document.pages
                    for a in page.obj.get("/Annots", []) if "/Dest" in a}
    assert contents["q-curriculum"] == "How will the curriculum be matched to my child's needs?"
    assert contents["who-to-talk-to"] == "Who to talk to"


def test_an_address_link_is_one_annotation(pdfs):
    """An email address is an <a> round a <span> with <wbr>s: one annotation, not one per box."""
    with pikepdf.open(io.BytesIO(pdfs["en-standard"])) as document:
        mail = [a for page in document.pages for a in page.obj.get("/Annots", [])
                if "/A" in a and str(a.A.get("/URI", "")) == "mailto:senco@brinningtonpark.example.org"]
    assert len(mail) == 1
    assert str(mail[0].Contents) == "senco@brinningtonpark.example.org"


def test_the_check_finds_what_weasyprint_writes_alone(pdfs):
    """The check fails on a PDF tagged the way WeasyPrint 70 tags links: annotation under a
    /Span, a /Link inside a /Link, an id for /Contents (rebuilt here from a good PDF)."""
    with pikepdf.open(io.BytesIO(pdfs["en-standard"])) as document:
        parents = _parent_tree(document.Root)
        first, second = [a for page in document.pages for a in page.obj.get("/Annots", []) if "/Dest" in a][:2]
        parents[int(first.StructParent)].S = pikepdf.Name.Span
        second.Contents = pikepdf.String(str(second.Dest))
        link = parents[int(second.StructParent)]
        inner = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link,
                                                          P=link, K=pikepdf.Array()))
        link.K = pikepdf.Array([*_kids(link), inner])
        out = io.BytesIO()
        document.save(out)
    faults = link_structure_faults(out.getvalue())
    assert any("leads to /Span" in fault for fault in faults)
    assert any("/Contents is" in fault for fault in faults)
    assert any("inside a /Link" in fault for fault in faults)
