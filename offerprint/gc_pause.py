"""Python's cycle collector paused while a big piece of work builds objects that live until it
ends: a render (tens of thousands of boxes), the PDF audit, `check` (the model, every PO file
and catalogue, Markdown token trees).

The collector, run every few hundred allocations, walks those live objects again and again:
10 to 20 % of WeasyPrint's time (benchmarks/pack.py prints WeasyPrint both ways), about 8 %
of `offerprint check` (benchmarks/startup.py). Memory barely moves: the objects are alive
anyway, and reference counting frees the rest; the work's cycles go in one young-generation
collection as it resumes. Nested and concurrent pauses (the editor works in threads) share one;
a collector the host program switched off stays off."""

from __future__ import annotations

import contextlib
import gc
import threading

_LOCK = threading.Lock()
_pauses = 0  # pieces of work running with the collector paused
_was_enabled = True


@contextlib.contextmanager
def cyclic_gc_paused():
    """The collector paused for the ``with`` block (see the module's notes)."""
    global _pauses, _was_enabled
    with _LOCK:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _LOCK:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()  # far past its threshold: it collects at the next allocation, here
