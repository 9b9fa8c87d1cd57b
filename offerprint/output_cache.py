"""One cache of the documents offerprint has made, shared by every command that makes them:
``pack``, ``site`` (whose documents are a pack) and the editor's previews. A document made once
for the same offer, format, options and code is never made again, whichever command made it
and whichever folder it was written to.

A document's key is a hash of everything it is made from:

* the offer: every file of its folder (hidden folders such as the editor's backups left out),
  of its translations only the one for the document's language, the name of its YAML file,
  and, for the editor's unsaved draft, the draft in place of that file;
* the format, the language and every option (size, paper, wrap, draft...): a draft, marked
  "DRAFT - not checked", is never served for a finished document, nor the other way round;
* offerprint itself: its code (all but the import side, which never runs while a document is
  made), templates, fonts, pictures and catalogues, and the versions of Python and of the
  libraries that draw the documents.

Where: ``$OFFERPRINT_CACHE`` if set (``off`` turns the cache off), else the user's cache
folder (``$XDG_CACHE_HOME/offerprint``, ``~/.cache/offerprint``; on Windows
``%LOCALAPPDATA%\\offerprint\\cache``): one place every command finds, whatever its output folder,
and outside the offer and output folders, so a pack or site folder holds only what is handed
over. Each entry is one file (a line of JSON about it, then the document's bytes), written
atomically and checked against its sha256 when read: a damaged entry is made again, never
used. Entries unused for 60 days go, and the oldest go first once the cache passes 2 GB
(``$OFFERPRINT_CACHE_MB`` sets another size). The cache only saves time: when its folder cannot
be written, documents are made as if it were empty.

Kept free of heavy imports: the CLI's light commands import it without loading the renderers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .fileio import file_mode
from .resources import FONTS, PACKAGE, TEMPLATES, TRANSLATIONS
from .paths import inside

ENV = "OFFERPRINT_CACHE"
ENV_SIZE = "OFFERPRINT_CACHE_MB"
LAYOUT = "documents-1"  # the entries' folder: a new layout is a new folder, the old one is pruned away
MAX_MB = 2048
MAX_AGE_DAYS = 60

# The import side (a school's old report into offer.yaml) never runs while a document is made:
# a change there leaves every document as it was.
_IMPORT_SIDE = ("importer", "readers")

# The libraries whose versions can change how a document looks (Python's own version too).
_ENGINES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "Pyphen", "jinja2", "markdown-it-py",
            "babel", "pyuca", "pillow", "pikepdf", "pypdfium2", "python-docx", "lxml")


# --- hashes ------------------------------------------------------------------------------------

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_files(paths: Iterable[Path], digest, root: Path | None = None,
               replace: dict[Path, bytes] | None = None) -> None:
    """Each file's name (relative to ``root`` when given) and bytes into ``digest``, in a fixed
    order; ``replace``: bytes to hash in place of a file's own (an unsaved draft)."""
    for path in sorted(paths):
        data = (replace or {}).get(path)
        if (data is not None or path.is_file()) and "__pycache__" not in path.parts and not path.name.endswith(".part"):
            name = path.relative_to(root).as_posix() if root is not None else path.name
            content = path.read_bytes() if data is None else data
            digest.update(f"{name}\0{len(content)}\0".encode())
            digest.update(content)


@functools.cache
def code_hash() -> str:
    """offerprint's own code (all but the import side), templates, fonts, pictures and
    catalogues, and the versions of Python and of the libraries that draw documents: a change to
    any of them can change every output."""
    from importlib import metadata

    digest = hashlib.sha256(f"offerprint {__version__}; python {sys.version}".encode())
    for name in _ENGINES:
        try:
            digest.update(f"; {name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"; {name} none".encode())
    for root in (PACKAGE, TEMPLATES, FONTS, TRANSLATIONS):
        if root.is_dir():
            files = [p for p in root.rglob("*") if not (root == PACKAGE and p.relative_to(root).parts[0] in _IMPORT_SIDE)]
            hash_files(files, digest, root)
    return digest.hexdigest()


def offer_files(folder: Path) -> list[Path]:
    """Every file of an offer folder. Hidden folders (the editor's .offer-backups, a .git) hold
    no part of the offer: a save backing up the old version must not make everything again. A
    link to a file or folder outside is not the offer's: never read, not even to hash it."""
    return [p for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts[:-1])
            and inside(folder, p, relative=False) is not None]


def offer_hash(folder: Path, lang: str, source: Path | None = None, draft: bytes | None = None) -> str:
    """The offer folder's files; of its translations, only the one for ``lang``. ``source``: the
    offer's YAML file (its name counts: two offers may share a folder); ``draft``: what was read
    in its place (the editor's unsaved text)."""
    digest = hashlib.sha256()
    files = offer_files(folder)
    translations = folder / "translations"
    files = [p for p in files if translations not in p.parents or p.stem == lang]
    replace = {}
    if source is not None:
        digest.update(b"source " + source.name.encode() + b"\0")
        if draft is not None:
            own = folder / source.name  # the offer's YAML file is in its folder (load_offer)
            replace[own] = draft
            if own not in files:
                files.append(own)
    hash_files(files, digest, folder, replace)
    return digest.hexdigest()


def loaded_hash(loaded, lang: str) -> str:
    """:func:`offer_hash` of a loaded offer (a :class:`offerprint.load.LoadedOffer`), draft and all."""
    return offer_hash(loaded.folder, lang, loaded.source, loaded.draft)


def document_key(offer: str, fmt: str, lang: str, options) -> str:
    """The key of one document: the offer's hash, the format, the language, every option (a
    dataclass such as RenderOptions, or a dict) and :func:`code_hash`."""
    values = asdict(options) if is_dataclass(options) else dict(options)
    return sha256(json.dumps([code_hash(), offer, fmt, lang, values], sort_keys=True, default=str).encode())


def unchanged(path: Path, expected_sha256: str | None) -> bytes | None:
    """The bytes of ``path`` when it is there with the sha256 it was written with; None when it
    is missing, changed or damaged (so it is made again)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if expected_sha256 and sha256(data) == expected_sha256 else None


# --- the cache ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cached:
    data: bytes
    pages: int | None  # a PDF's pages, when whoever made it counted them


class OutputCache:
    """Documents by key, in ``folder`` (None: no cache; nothing is kept). Counts its hits and
    misses (what was found, what had to be made) and what it stored."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = self.misses = self.stored = 0

    def __repr__(self) -> str:
        return f"OutputCache({self.folder}, hits={self.hits}, misses={self.misses}, stored={self.stored})"

    def _path(self, key: str) -> Path:
        return self.folder / LAYOUT / key[:2] / key  # type: ignore[operator]

    def has(self, key: str) -> bool:
        return self.folder is not None and self._path(key).is_file()

    def get(self, key: str) -> Cached | None:
        """The document made for ``key`` before, or None (then it is counted as a miss)."""
        if self.folder is None:
            self.misses += 1
            return None
        path = self._path(key)
        try:
            raw = path.read_bytes()
            head, _, data = raw.partition(b"\n")
            about = json.loads(head)
            if about.get("sha256") != sha256(data):
                raise ValueError("damaged")
            os.utime(path)  # recently used: pruned last
        except (OSError, ValueError, AttributeError):
            self.misses += 1
            return None
        self.hits += 1
        return Cached(data, about.get("pages"))

    def put(self, key: str, data: bytes, pages: int | None = None, fmt: str = "") -> None:
        """Keep ``data`` under ``key``. Never fails: a cache that cannot be written only costs
        time (the document is made again next time)."""
        if self.folder is None:
            return
        path = self._path(key)
        head = json.dumps({"sha256": sha256(data), "bytes": len(data), "pages": pages, "format": fmt,
                           "offerprint": __version__}).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".part", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    os.fchmod(handle.fileno(), file_mode())  # a cache a team shares (OFFERPRINT_CACHE) is theirs too
                    handle.write(head + b"\n" + data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self.stored += 1

    def prune(self, max_bytes: int | None = None, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Remove entries unused for ``max_age_days``, then the least recently used until the
        cache holds at most ``max_bytes``; and what an older layout left. Returns how many went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        if max_bytes is None:
            try:
                max_bytes = int(float(os.environ.get(ENV_SIZE, MAX_MB)) * 1024 * 1024)
            except ValueError:
                max_bytes = MAX_MB * 1024 * 1024
        removed, now = 0, time.time()
        entries = []
        try:
            for old in self.folder.iterdir():
                if old.name.startswith("documents-") and old.name != LAYOUT and old.is_dir():
                    import shutil

                    shutil.rmtree(old, ignore_errors=True)
            for path in (self.folder / LAYOUT).glob("*/*"):
                stat = path.stat()
                stale_part = path.name.endswith(".part") and now - stat.st_mtime > 3600
                if stale_part or (not path.name.endswith(".part") and now - stat.st_mtime > max_age_days * 86400):
                    path.unlink(missing_ok=True)
                    removed += 1
                elif not path.name.endswith(".part"):
                    entries.append((stat.st_mtime, stat.st_size, path))
            total = sum(size for _, size, _ in entries)
            for _, size, path in sorted(entries):
                if total <= max_bytes:
                    break
                path.unlink(missing_ok=True)
                total -= size
                removed += 1
        except OSError:
            pass
        return removed

    def made(self, key: str, make: Callable[[], bytes], fmt: str = "") -> bytes:
        """The document for ``key``: from the cache, or made by ``make`` and kept."""
        found = self.get(key)
        if found is not None:
            return found.data
        data = make()
        self.put(key, data, fmt=fmt)
        return data


def cache_folder() -> Path | None:
    """Where the cache is (see the module's notes); None when it is turned off."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() in {"off", "0", "no", "none", "false"}:
        return None
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "offerprint" / "cache"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / "offerprint"


def default_cache() -> OutputCache:
    """The cache every command shares (read from the environment each time, so a test or a
    service can point it elsewhere)."""
    return OutputCache(cache_folder())
