"""A picture uploaded in the editor, checked (a PNG or JPEG image of sensible size) and saved
in the offer folder without replacing a file (:func:`store_image`)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from .draft import EditorError

MAX_UPLOAD = 5 * 1024 * 1024
MAX_UPLOAD_PIXELS = 40_000_000


def store_image(folder: Path, filename: str, data: bytes, subfolder: str) -> str:
    """Save an uploaded picture in the offer folder, after checking it is a PNG or JPEG image
    of sensible size. Never replaces a file: a name already taken gets a number. Returns the
    path relative to the folder."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_UPLOAD:
        raise EditorError(f"That picture is bigger than {MAX_UPLOAD // 1_048_576} MB: make it smaller first.", 413)
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if width * height > MAX_UPLOAD_PIXELS:
                raise EditorError("That picture has too many pixels: make it smaller first.", 413)
            image.verify()
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours: the same answer
        raise EditorError("That picture has too many pixels: make it smaller first.", 413) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise EditorError("That file is not a picture offerprint can use: choose a PNG or JPEG image.", 415) from None
    if kind not in {"PNG", "JPEG"}:
        raise EditorError("Choose a PNG or JPEG image (this one is a different kind of picture).", 415)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(filename.replace("\\", "/")).stem).strip("-_").lower()[:60] or "picture"
    suffix = ".png" if kind == "PNG" else ".jpg"
    target_dir = folder / subfolder if subfolder else folder
    from ..paths import inside

    if inside(folder, subfolder or ".") is None:  # photos/ a link to a folder elsewhere: never written through
        raise EditorError(f"The {subfolder}/ folder of this offer is a link to a folder outside it, so the picture "
                          f"was not saved: make {subfolder}/ an ordinary folder inside the offer's folder.", 409)
    target_dir.mkdir(exist_ok=True)
    target = target_dir / f"{stem}{suffix}"
    number = 2
    while target.exists():
        target = target_dir / f"{stem}-{number}{suffix}"
        number += 1
    from ..fileio import write_atomic

    write_atomic(target, data)
    return target.relative_to(folder).as_posix()
