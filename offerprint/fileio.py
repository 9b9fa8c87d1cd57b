"""Writing outputs so that a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OfferInputError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``: an interrupted write leaves the old file (or nothing), never a broken one."""
    target = Path(path)
    if target.is_dir():
        raise OfferInputError(f"{target}: is a folder (give a file name to write)")
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
