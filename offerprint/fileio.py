"""Writing outputs so that a reader never sees half a file, with the user's usual permissions,
and a plain answer when the folder cannot be written."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
from pathlib import Path

from .errors import OfferInputError, OutputError

# Why a folder cannot be written, in an office worker's words, with what to do about it.
_WHY = {
    errno.ENOSPC: ("the disk is full", "free some space, or choose another folder"),
    errno.EDQUOT: ("your disk quota is used up", "free some space, or choose another folder"),
    errno.EROFS: ("it is on a read-only drive", "choose another folder"),
    errno.EACCES: ("you do not have permission to write there", "choose another folder, or ask for write access"),
    errno.EPERM: ("you do not have permission to write there", "choose another folder, or ask for write access"),
    errno.ENOTDIR: ("part of its path is a file, not a folder", "choose another folder"),
    errno.EEXIST: ("part of its path is a file, not a folder", "choose another folder"),
}


def _shown(folder: Path) -> str:
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve())) or "."
    except (ValueError, OSError):
        return str(folder)


def output_error(folder: Path, exc: OSError) -> OutputError:
    """``exc`` (raised writing into ``folder``) as one plain line: which folder, why, what to do."""
    why, fix = _WHY.get(exc.errno, (exc.strerror or "the system refused", "choose another folder"))
    return OutputError(f"{_shown(folder)}/: cannot be written: {why} ({fix}; nothing was half-written)")


def _umask() -> int:
    """The process's umask, read without changing it (os.umask sets it, which other threads
    could see); Linux shows it in /proc/self/status."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets from open(): 0666 less the umask (mkstemp's own is 0600, which
    would keep colleagues and a web server out)."""
    return 0o666 & ~_umask()


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``: an interrupted write leaves the old file (or nothing), never a broken one.

    The file gets the user's usual permissions (umask). A folder that cannot be written (read
    only, full, no permission) raises :class:`OutputError` saying which and why, and leaves no
    temporary file behind."""
    target = Path(path)
    if target.is_dir():
        raise OfferInputError(f"{target}: is a folder (give a file name to write)")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _folder_error(folder, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), file_mode())
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(folder, exc) from None
        raise
    return target


def _folder_error(folder: Path, exc: OSError) -> OutputError:
    """The first folder on the way to ``folder`` that exists names the place refused."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    return output_error(existing if not folder.exists() else folder, exc)


def check_writable(folder: Path) -> None:
    """Make ``folder`` (and its parents) and prove a file can be written and removed in it,
    before any work: a read-only or unwritable folder is said once, up front."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".offerprint-", suffix=".part", dir=folder)
        try:
            os.write(fd, b"offerprint")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise _folder_error(folder, exc) from None


def csv_cell(value) -> object:
    """A cell a spreadsheet shows as text: one starting with = + - @, a tab or a carriage return
    would be run as a formula (OWASP's CSV injection), so it gets a leading apostrophe. Numbers
    stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@contextlib.contextmanager
def locked(lock_file: Path):
    """Hold an exclusive lock on ``lock_file`` (made if missing) across processes: two editors
    saving the same offer at once take turns. Where the system has no file locks (not POSIX),
    the lock covers this process only."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: one process at a time is all that can be promised
        with _PROCESS_LOCK:
            yield
        return
    with open(lock_file, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


_PROCESS_LOCK = threading.Lock()
