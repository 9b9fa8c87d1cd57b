"""What the editor's app serves (:class:`Editor`): one offer's draft, its tokens, the hosts it
answers to, and the print pack it may be making (:class:`PackRun`)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .draft import Draft


@dataclass
class PackRun:
    """`offerprint pack` running for the page: its progress and, at the end, its files."""

    running: bool = False
    done: int = 0
    total: int = 0
    lines: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    finished: bool = False
    ok: bool = False
    process: Any = None  # the process making it


@dataclass
class Editor:
    """What the app serves: one offer, its tokens, and the hosts it answers to."""

    draft: Draft
    token: str
    csrf: str
    hosts: frozenset[str]
    pack_folder: Path
    today: Callable[[], dt.date] = dt.date.today
    flash: list[tuple[str, str]] = field(default_factory=list)  # (kind, message), shown once
    pack: PackRun = field(default_factory=PackRun)
    pack_lock: threading.Lock = field(default_factory=threading.Lock)
    pack_formats: list[str] | None = None  # None: every format a pack holds
