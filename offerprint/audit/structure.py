"""The structure tree: headings (one H1 first, no level skipped), pictures (alt text, and
every image drawn inside a Figure or an Artifact), and tagged content that belongs to no part
of the document's tree. The tree is read with pikepdf (qpdf, C++); the text of the headings
and where images are drawn come from the content reader."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pikepdf

from .content import ImageUse
from .text import normalise_text, short


@dataclass
class StructElem:
    """A structure element reachable from the structure tree root."""

    role: str  # after the RoleMap
    alt: str | None
    page_id: int | None
    content: list[tuple[int | None, int]] = field(default_factory=list)  # (page id, MCID)


def structure_elements(root: pikepdf.Dictionary, reachable: set[tuple[int, int]] | None = None) -> list[StructElem]:
    """Structure elements reachable from the root, in tree (pre-)order.

    Elements only referenced from the ParentTree (WeasyPrint's margin boxes) are not part of
    the document's structure and are not returned. ``reachable``, if given, receives the
    object ids of every dictionary reachable from the root through /K (what
    :func:`orphan_elements` needs), so the tree is walked once for both.
    """
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        return []
    role_map = tree.get("/RoleMap")
    elements: list[StructElem] = []
    seen: set[tuple[int, int]] = set()
    # Kids this walk does not enter (marked-content and object references, dictionaries
    # without /S, nested arrays) are walked the generic way for ``reachable`` only.
    others: list[object] | None = [] if reachable is not None else None
    roles: dict[str, str] = {}  # structure type as written -> standard type

    def visit(node: pikepdf.Dictionary, page_id: int | None) -> list[tuple[int | None, int]]:
        if node.is_indirect:
            objgen = node.objgen
            if objgen in seen:  # a malformed tree may loop
                return []
            seen.add(objgen)
        # Look before getting: pikepdf's get() is several times slower on a missing key.
        page_id = (_page_id(node["/Pg"]) if "/Pg" in node else None) or page_id
        written = str(node.get("/S", "/NonStruct"))
        role = roles.get(written)
        if role is None:
            role = roles[written] = _role(written, role_map)
        alt = node["/Alt"] if "/Alt" in node else None
        element = StructElem(role, _clean_alt(alt), page_id)
        elements.append(element)
        content = element.content
        kids = node["/K"] if "/K" in node else None
        # _kids inline: this runs for each of the thousands of elements.
        for kid in kids if isinstance(kids, pikepdf.Array) else () if kids is None else (kids,):
            if isinstance(kid, int):
                content.append((page_id, kid))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid["/Type"] if "/Type" in kid else None
                if kind == "/MCR":
                    if "/Stm" not in kid:  # MCIDs inside form XObjects are not page MCIDs
                        content.append((_page_id(kid.get("/Pg")) or page_id, int(kid.MCID)))
                elif kind != "/OBJR" and "/S" in kid:
                    content.extend(visit(kid, page_id))
                    continue
                if others is not None:
                    others.append(kid)
            elif others is not None:
                others.append(kid)
        return content

    for top in _kids(tree.get("/K")):
        if isinstance(top, pikepdf.Dictionary) and "/S" in top:
            visit(top, None)
        elif others is not None:
            others.append(top)
    if reachable is not None:
        # Every dictionary this walk entered has had all its kids seen here or in others.
        reachable |= seen
        _reach(others, reachable)
    return elements


def _kids(value: object) -> Iterator[object]:
    """The entries of a /K value, which may be a single kid or an array of them."""
    if value is None:
        return
    if isinstance(value, pikepdf.Array):
        yield from value
    else:
        yield value


def _page_id(page: object) -> int | None:
    return page.objgen[0] if isinstance(page, pikepdf.Dictionary) and page.is_indirect else None


def _role(role: str, role_map: object) -> str:
    """The structure type, mapped to a standard one through the RoleMap if needed."""
    for _ in range(10):  # bounded: a RoleMap may be circular
        if not isinstance(role_map, pikepdf.Dictionary) or role not in role_map:
            break
        role = str(role_map[role])
    return role.lstrip("/")


def _clean_alt(value: object) -> str | None:
    # Keep "" apart from None: both fail the rule, but the facts should tell them apart.
    return None if value is None else str(value)


def headings(elements: list[StructElem], mcid_text: dict[tuple[int, int], str]) -> list[tuple[int, str]]:
    headings = []
    for element in elements:
        if re.fullmatch(r"H[1-6]", element.role):
            # Marked-content pieces are joined with a space: a heading broken over two lines
            # has no space glyph at the break, and the whitespace is collapsed afterwards.
            text = " ".join(mcid_text.get((page, mcid), "") for page, mcid in element.content if page)
            headings.append((int(element.role[1]), normalise_text(text)))
    return headings


def heading_problems(headings: Sequence[tuple[int, str]]) -> list[str]:
    """Problems with the heading outline: exactly one H1, first heading H1, no skipped level."""
    problems: list[str] = []
    h1_count = sum(1 for level, _ in headings if level == 1)
    if h1_count == 0:
        problems.append(
            "The document has no main heading (level 1); give it one heading at the top, "
            "usually the title of the report."
        )
    elif h1_count > 1:
        names = ", ".join(f'"{short(text)}"' for level, text in headings if level == 1)
        problems.append(
            f"The document has {h1_count} main headings (level 1): {names}; keep one and "
            "make the others level 2 headings."
        )
    if headings and headings[0][0] != 1:
        level, text = headings[0]
        problems.append(
            f'The first heading, "{short(text)}", is a level {level} heading; the document '
            "should start with its level 1 main heading."
        )
    previous = None
    for level, text in headings:
        # Going deeper by more than one level hides sections from heading navigation;
        # going back up any number of levels is normal.
        if previous is not None and level > previous + 1:
            problems.append(
                f'The heading "{short(text)}" jumps from level {previous} to level {level}; '
                f"make it a level {previous + 1} heading so no level is skipped."
            )
        previous = level
    return problems


def orphan_elements(root: pikepdf.Dictionary, reachable: set[tuple[int, int]] | None = None) -> int:
    """Structure elements that own marked content (in the ParentTree) but are not in the
    document's tree: a screen reader following the structure never reaches that content.
    WeasyPrint 70 makes these for running headers and footers unless they are artifacts.
    ``reachable``: the set :func:`structure_elements` filled for the same root, if at hand."""
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary) or "/ParentTree" not in tree:
        return 0
    if reachable is None:
        reachable = set()
        _reach([tree.get("/K")], reachable)
    owners: set[tuple[int, int]] = set()
    nodes = [tree.ParentTree]
    while nodes:
        node = nodes.pop()
        for kid in node.get("/Kids", []):
            nodes.append(kid)
        nums = list(node.get("/Nums", []))
        for value in nums[1::2]:
            values = value if isinstance(value, pikepdf.Array) else [value]
            owners.update(v.objgen for v in values if isinstance(v, pikepdf.Dictionary) and v.objgen != (0, 0))
    return len(owners - reachable)


def _reach(stack: list[object], reachable: set[tuple[int, int]]) -> None:
    """Add to ``reachable`` every indirect dictionary reachable through /K from the values on
    ``stack`` (arrays are entered), not going into those already in it."""
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            objgen = node.objgen
            if objgen in reachable:  # (0, 0), a direct dictionary, is never added
                continue
            if objgen != (0, 0):
                reachable.add(objgen)
            stack.append(node.get("/K"))


def orphan_problems(orphans: int) -> list[str]:
    if not orphans:
        return []
    return [f"{orphans} piece(s) of tagged content belong to no part of the document's structure, so "
            "screen readers skip them; running headers and footers must be marked as artifacts."]


def figure_problems(elements: list[StructElem], images: list[ImageUse], page_numbers: dict[int, int]) -> list[str]:
    problems = []
    figure_content: set[tuple[int | None, int]] = set()
    for element in elements:
        if element.role != "Figure":
            continue
        figure_content.update(element.content)
        if element.alt is None or not element.alt.strip():
            page = page_numbers.get(element.page_id) if element.page_id else None
            where = f"on page {page} " if page else ""
            problems.append(
                f"A picture {where}has no text description (alt text), so screen-reader users "
                "cannot know what it shows; add a short description of the picture."
            )
    # An image drawn neither inside a tagged Figure nor as an Artifact is skipped by screen
    # readers without a trace: report it too, whatever produced the PDF.
    for image in images:
        in_artifact = any(tag == "Artifact" for tag, _ in image.marks)
        in_figure = any((image.page_id, mcid) in figure_content for _, mcid in image.marks)
        if not (in_artifact or in_figure):
            problems.append(
                f"A picture on page {image.page} is not tagged as a figure, so screen readers "
                "skip it; give it a text description, or mark it as decoration."
            )
    return problems


