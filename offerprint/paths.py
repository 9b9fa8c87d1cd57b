"""One rule for "is this file inside that folder?", used wherever offerprint reads a file someone
named: a picture in offer.yaml, a file the editor serves, a picture a web page embeds, a
resource WeasyPrint asks for.

The path is resolved first (``..`` and symbolic links followed), then held against the root
(resolved too): a name that leads out of the root, by ``..`` or by a link pointing elsewhere, is
refused, however it is spelt.

:func:`linked_out`: which of a writer's folders a link leads out of its root (a pack's, a
site's, a borough's). And :func:`display_path`: a path as a person would type it, in messages.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_DRIVE = re.compile(r"^[a-zA-Z]+:")  # C:, and URL schemes (file:, http:) written as a name


def inside(root: str | os.PathLike, path: str | os.PathLike, *, relative: bool = True) -> Path | None:
    """``path`` resolved, when it is ``root`` or below it; None when it is anywhere else.

    ``relative`` (the default): ``path`` is a name a person wrote for a file in ``root`` (in
    offer.yaml, in an address of the editor), taken relative to ``root``; one that starts with
    ``/`` or ``\\``, or with a drive letter or a scheme (``C:``, ``file:``), or holds a NUL, is
    refused before anything is resolved. ``relative=False``: ``path`` is a path offerprint made
    itself (from a ``file:`` URL it wrote) and may be absolute.

    The caller says what it means to be refused (each in its own words) and checks that the
    path is a file: root itself is returned for an empty name or ``.``, and is not a file."""
    text = os.fspath(path)
    if "\x00" in text:
        return None
    if relative and (text.startswith(("/", "\\")) or _DRIVE.match(text)):
        return None
    try:
        base = Path(root).resolve()
        # A name written in the offer is relative to its folder; a path offerprint made is relative
        # to here (joined to the root, "folder/translations/pl.po" would be looked for in the wrong
        # place, and a link there never seen).
        candidate = (base / text).resolve() if relative else Path(text).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of symbolic links; a name the system refuses
        return None
    if candidate != base and base not in candidate.parents:
        return None
    return candidate


def inside_any(roots: list[Path], path: str | os.PathLike) -> Path | None:
    """``path`` (made by offerprint, may be absolute) resolved, when it is inside one of ``roots``."""
    for root in roots:
        found = inside(root, path, relative=False)
        if found is not None:
            return found
    return None


def linked_out(root: str | os.PathLike, folders) -> str | None:
    """The first of ``folders`` (names below ``root``, which need not exist yet) that a link
    leads out of ``root``, else None: a writer refuses to write below it (it would write, or
    clear old files, elsewhere)."""
    for name in folders:
        if inside(root, name) is None:
            parts = Path(name).parts
            # the link itself (documents/school), not the folder below it (documents/school/en-GB)
            return next(Path(*parts[:end]).as_posix() for end in range(1, len(parts) + 1)
                        if inside(root, Path(*parts[:end])) is None)
    return None


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to here if it is below here. A link is
    named as itself (translations/pl.po), not as the file it points to."""
    here = Path.cwd().resolve()
    for spelt in (Path(os.path.abspath(path)), path.resolve()):
        try:
            return str(spelt.relative_to(here))
        except ValueError:
            continue
    return str(path)
