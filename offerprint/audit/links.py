"""Links as PDF/UA asks (ISO 14289-1, 7.18.5), read with pikepdf from the objects themselves:
each link annotation's /StructParent leads, through the parent tree, to a /Link structure
element that holds it as an /OBJR kid; no /Link inside another; each /Link has text (marked
content) or an /Alt; each annotation's /Contents says in words where it goes, not an id.
The text of a /Link's marked content comes from the content reader (PDFium)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

from .text import normalise_text, short


@dataclass
class LinkFacts:
    """One link annotation and what the structure tree says about it."""

    page: int  # 1-based
    contents: str | None
    target: str | None  # the Dest name of an internal link, or the URI of an external one
    role: str | None = None  # /S of the element its /StructParent leads to (None: leads nowhere)
    held: bool = False  # that element has an /OBJR kid for this annotation
    nested: bool = False  # that element is inside another /Link
    alt: str | None = None
    content: list[tuple[int | None, int]] = field(default_factory=list)  # (page id, MCID) under it


def read_links(document: pikepdf.Pdf) -> list[LinkFacts]:
    """Every /Link annotation of every page, with its structure element's facts."""
    tree = document.Root.get("/StructTreeRoot")
    parents = _parent_tree(tree.get("/ParentTree")) if isinstance(tree, pikepdf.Dictionary) else {}
    role_map = tree.get("/RoleMap") if isinstance(tree, pikepdf.Dictionary) else None
    links = []
    for number, page in enumerate(document.pages, 1):
        for annotation in page.obj.get("/Annots", ()):
            if not isinstance(annotation, pikepdf.Dictionary) or annotation.get("/Subtype") != "/Link":
                continue
            facts = LinkFacts(number, _text(annotation.get("/Contents")), _target(annotation))
            links.append(facts)
            key = annotation.get("/StructParent")
            element = parents.get(int(key)) if key is not None else None
            if not isinstance(element, pikepdf.Dictionary):
                continue
            facts.role = _role(element, role_map)
            facts.held = any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                             and kid.get("/Obj") is not None and kid.Obj.objgen == annotation.objgen
                             for kid in _kids(element))
            facts.nested = _within_a_link(element, role_map)
            facts.alt = _text(element.get("/Alt"))
            facts.content = _marked_content(element, page.obj.objgen[0])
    return links


def _parent_tree(node: object) -> dict[int, object]:
    found: dict[int, object] = {}
    stack = [node]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        stack.extend(node.get("/Kids", ()))
        nums = list(node.get("/Nums", ()))
        for index in range(0, len(nums) - 1, 2):
            found[int(nums[index])] = nums[index + 1]
    return found


def _kids(element: pikepdf.Dictionary) -> list[object]:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]


def _role(element: pikepdf.Dictionary, role_map: object) -> str:
    role = str(element.get("/S", "/NonStruct"))
    for _ in range(10):
        if not isinstance(role_map, pikepdf.Dictionary) or role not in role_map:
            break
        role = str(role_map[role])
    return role.lstrip("/")


def _within_a_link(element: pikepdf.Dictionary, role_map: object) -> bool:
    parent, seen = element.get("/P"), set()
    while isinstance(parent, pikepdf.Dictionary) and "/S" in parent and parent.objgen not in seen:
        seen.add(parent.objgen)
        if _role(parent, role_map) == "Link":
            return True
        parent = parent.get("/P")
    return False


def _marked_content(element: pikepdf.Dictionary, page_id: int) -> list[tuple[int | None, int]]:
    """(page id, MCID) of the marked content under ``element``, in reading order."""
    found: list[tuple[int | None, int]] = []
    seen: set[tuple[int, int]] = set()

    def visit(node: pikepdf.Dictionary, page: int | None, depth: int) -> None:
        if depth > 50 or (node.objgen != (0, 0) and node.objgen in seen):
            return  # a malformed tree may loop
        seen.add(node.objgen)
        pg = node.get("/Pg")
        page = pg.objgen[0] if isinstance(pg, pikepdf.Dictionary) else page
        for kid in _kids(node):
            if isinstance(kid, int):
                found.append((page, kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                if "/Stm" not in kid:
                    kid_page = kid.get("/Pg")
                    found.append((kid_page.objgen[0] if isinstance(kid_page, pikepdf.Dictionary) else page,
                                  int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid, page, depth + 1)

    visit(element, page_id, 0)
    return found


def _target(annotation: pikepdf.Dictionary) -> str | None:
    dest = annotation.get("/Dest")
    action = annotation.get("/A")
    if dest is None and isinstance(action, pikepdf.Dictionary):
        dest = action.get("/D") if action.get("/S") == "/GoTo" else action.get("/URI")
    if isinstance(dest, pikepdf.String):
        return str(dest)
    if isinstance(dest, pikepdf.Name):
        return str(dest).lstrip("/")
    return None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, pikepdf.String) else None


def _squashed(text: str) -> str:
    return "".join(text.split())


def link_problems(links: list[LinkFacts], mcid_text: dict[tuple[int, int], str]) -> list[str]:
    """One sentence per kind of fault, naming the pages and a few of the links."""
    faults: dict[str, list[LinkFacts]] = {}
    for link in links:
        text = normalise_text(" ".join(mcid_text.get(key, "") for key in link.content if key[0] is not None))
        contents = normalise_text(link.contents or "")
        if link.role != "Link":
            faults.setdefault("untagged", []).append(link)
        else:
            if not link.held:
                faults.setdefault("unheld", []).append(link)
            if link.nested:
                faults.setdefault("nested", []).append(link)
            if not text and not (link.alt or "").strip():
                faults.setdefault("silent", []).append(link)
        # An address shown as the link's text is its words (pieces broken at / . @ rejoined).
        if not contents or (link.target and contents == link.target
                            and _squashed(contents) != _squashed(text)):
            faults.setdefault("contents", []).append(link)
    sentences = {
        "untagged": "are not tagged as links (their /StructParent does not lead to a /Link structure element), "
                    "so screen readers do not announce them as links",
        "unheld": "lead to a /Link structure element that does not hold them (no /OBJR kid for the annotation)",
        "nested": "are tagged as a link inside another link, which screen readers read as two links",
        "silent": "are tagged as links with no text and no alternative text, so a screen reader says only \"link\"",
        "contents": "describe themselves with an address or id instead of words (/Contents), "
                    "which screen readers read out instead of the link's words",
    }
    problems = []
    for kind, sentence in sentences.items():
        found = faults.get(kind)
        if not found:
            continue
        pages = ", ".join(str(page) for page in sorted({link.page for link in found}))
        examples = ", ".join(f'"{short(link.contents or link.target or "?", 30)}"' for link in found[:3])
        problems.append(f"{len(found)} link(s) on page(s) {pages} {sentence} (for example {examples}); "
                        "links must be tagged one /Link element per link, with its words.")
    return problems
