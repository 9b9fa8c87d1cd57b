"""A child process that ends with the process that started it, however that one ends (SIGKILL
included): a pack's workers with the pack, the editor's pack with the editor. Nothing is
written after the parent is gone."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PARENT_PID: int | None = None


def end_with_parent(parent_pid: int) -> None:
    """Call first thing in the child: on Linux the kernel kills it when the parent dies; a
    thread checks as well (elsewhere, and for a parent that died before the call)."""
    global _PARENT_PID
    _PARENT_PID = parent_pid
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    end_if_orphaned()
    threading.Thread(target=_watch_parent, name="watch-parent", daemon=True).start()


def ends_with_me():
    """A ``preexec_fn`` for a program this process runs (the site's Pagefind): the kernel ends it
    when this process ends, however that is. None where there is no such call (not Linux: it runs
    to its end, in a temporary folder). The C function is found here, in the parent: between
    fork and exec the child makes only the system call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def set_death_signal() -> None:
        prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG

    return set_death_signal


def end_if_orphaned() -> None:
    if _PARENT_PID is not None and os.getppid() != _PARENT_PID:
        os._exit(1)  # the parent is gone: write nothing more


def _watch_parent() -> None:
    while True:
        time.sleep(0.2)
        end_if_orphaned()
