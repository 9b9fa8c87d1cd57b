"""A child process that ends with the process that started it, however that one ends (SIGKILL
included): a pack's workers with the pack, the editor's pack with the editor, and every program
offerprint runs (espeak-ng, ffmpeg, lou_translate, pdftotext, pdftoppm, Pagefind) with whoever
runs it. Nothing is written after the parent is gone."""

from __future__ import annotations

import os
import shutil
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


def program(command: list[str]) -> list[str]:
    """``command`` made to end with this process, however this one ends (SIGKILL included): on
    Linux it is run through util-linux's ``setpriv --pdeathsig KILL`` (an essential package on
    Debian), which sets the death signal and then becomes the program. No ``preexec_fn``: that
    runs Python between fork and exec, which is unsafe where threads run (audio makes its parts
    on a thread pool). Elsewhere the command is left as it is and runs to its end, writing only
    to pipes and temporary files."""
    setpriv = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    return [setpriv, "--pdeathsig", "KILL", "--", *command] if setpriv else list(command)


def end_if_orphaned() -> None:
    if _PARENT_PID is not None and os.getppid() != _PARENT_PID:
        os._exit(1)  # the parent is gone: write nothing more


def _watch_parent() -> None:
    while True:
        time.sleep(0.2)
        end_if_orphaned()
