"""WeasyPrint, imported without searching for its libraries under other systems' names.

WeasyPrint 70 asks cffi for each C library under several names, Windows' and macOS' first
(``libgobject-2.0-0``, ``gobject-2.0-0``, ``gobject-2.0``, ``libgobject-2.0.so.0``, ...). cffi
passes each name that does not load as it is to ``ctypes.util.find_library``, which on Linux
runs ldconfig, then gcc and ld, for it: about 0.2 s of CPU in every process that makes a PDF
(benchmarks/startup.py), more than a third of WeasyPrint's import. On Linux the soname in the
list (``libgobject-2.0.so.0``) loads as it is, from the same places, so while WeasyPrint loads
``find_library`` finds nothing and cffi goes on to it. Every module that imports WeasyPrint
imports this module first; elsewhere than Linux nothing is changed, and where a library loads
only through that search, WeasyPrint is imported again its own way.
"""

from __future__ import annotations

import sys

if sys.platform.startswith("linux") and "weasyprint" not in sys.modules:
    import ctypes.util

    _find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    except OSError:  # a system whose libraries load only by search: WeasyPrint's own way, then
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = _find_library
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = _find_library


# The hooks of render/artifacts.py, text_layer.py and pdf_links.py wrap WeasyPrint's internal
# functions, whose signatures change between majors: each checks the version it was written for.
SUPPORTED_WEASYPRINT = "70."


def require_weasyprint(hooks: str, check: str) -> None:
    """Raise RuntimeError unless WeasyPrint is the 70.x the ``hooks`` module was written against
    (``check``: the internals to read again before allowing another version)."""
    import weasyprint

    version = getattr(weasyprint, "__version__", "?")
    if not version.startswith(SUPPORTED_WEASYPRINT):
        raise RuntimeError(f"offerprint.render.{hooks} supports WeasyPrint {SUPPORTED_WEASYPRINT}x only, "
                           f"found {version}: check {check}, then update the hooks and this check")


def hook(owner: object, name: str, wrap, mark: str) -> None:
    """Replace ``owner.name`` by ``wrap(owner.name)`` unless it is already wrapped (its wrapper
    carries the attribute ``mark``): installing twice wraps once."""
    if not getattr(getattr(owner, name), mark, False):
        setattr(owner, name, wrap(getattr(owner, name)))

