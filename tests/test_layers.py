"""The package's shape, read from its source: every module under offerprint/ is parsed with
``ast`` and each import of another offerprint module is an edge, whether it is written at the
top of the module or inside a function (a lazy import is still a dependency: it only runs
later). Imports under ``if TYPE_CHECKING:`` are left out: they never run, so they can make no
cycle and load nothing; they name the types a signature takes (``formats`` names the
``RenderOptions`` and ``LoadedOffer`` its renderers are given). Names in strings are left out
too: ``formats`` names each renderer as ``"module:function"``, imported only when a document
of that format is made, which is what lets it sit low.

* no cycle between modules, function-level imports included;
* no module imports one of a higher layer (LAYERS, lowest first; a module in a package is in
  its package's layer, and may import any module of its own layer or lower ones);
* no module is over 600 lines.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "offerprint"
MAX_LINES = 600

# Lowest first. Each entry names top-level modules and packages of offerprint ("__init__" is
# the package's own, which holds __version__).
LAYERS: list[tuple[str, set[str]]] = [
    ("foundations: errors, paths, files, shipped data, safe parsing",
     {"__init__", "errors", "paths", "fileio", "lifetime", "gc_pause", "resources", "safe_xml", "safe_yaml"}),
    ("the model and its words; the format registry (renderers named as strings)",
     {"model", "markdown", "questions", "labels", "i18n", "readability", "plain_english", "glossary", "formats"}),
    ("an offer loaded, checked against its schema; new offers; the picture library",
     {"load", "new", "picture_library"}),
    ("translation (reads a loaded offer's translations/; handed to the document)",
     {"translate"}),
    ("what is made from a loaded offer: the document tree, easy read, the check",
     {"document", "tree", "easy_read", "easy_read_text", "easy_read_wording", "language_share", "check",
      "unfinished"}),
    ("the PDF audit", {"audit"}),
    ("the writers", {"render"}),
    ("import: reading reports and mapping them onto an offer", {"readers", "importer"}),
    ("builders over the writers: the output cache, packs, the site", {"output_cache", "pack", "site", "site_report"}),
    ("the council's side: Open Referral UK feed, statutory audit, a borough from GIAS", {"council"}),
    ("the editor", {"editor"}),
    ("the command line", {"cli", "__main__"}),
]


def _modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _module_of(name: str) -> str | None:
    """The module an imported name lives in: the longest prefix that is a module
    (``offerprint.render.RenderOptions`` -> ``offerprint.render``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(module: str, tree: ast.Module | None = None) -> list[tuple[str, int]]:
    """(offerprint module imported, line) for every import in ``module``, at any depth, except
    under ``if TYPE_CHECKING:``."""
    path = MODULES[module]
    tree = tree or ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                for other in child.orelse:
                    walk(ast.Module(body=[other], type_ignores=[]))
                continue
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    source = ".".join(base + ([child.module] if child.module else []))
                else:
                    source = child.module or ""
                names = [f"{source}.{alias.name}" for alias in child.names]
            else:
                walk(child)
                continue
            for name in names:
                target = _module_of(name) if name.split(".")[0] == "offerprint" else None
                if target and target != module:
                    found.append((target, child.lineno))

    walk(tree)
    return found


def graph() -> dict[str, set[str]]:
    return {module: {target for target, _ in imports_of(module)} for module in MODULES}


def layer_of(module: str) -> int:
    """The index in LAYERS of a module's top-level name."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for index, (_, names) in enumerate(LAYERS):
        if top in names:
            return index
    raise LookupError(module)


def upward_imports(module: str, tree: ast.Module | None = None) -> list[str]:
    here = layer_of(module)
    return [f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} imports {target} "
            f"(layer {layer_of(target)}: {LAYERS[layer_of(target)][0]}) from layer {here} ({LAYERS[here][0]})"
            for target, line in imports_of(module, tree) if layer_of(target) > here]


def test_every_module_has_a_layer_and_every_layer_name_a_module():
    tops = {m.split(".")[1] if "." in m else "__init__" for m in MODULES}
    named = [name for _, names in LAYERS for name in names]
    assert len(named) == len(set(named)), "a name in two layers"
    assert tops - set(named) == set(), "modules in no layer: add each to LAYERS where it belongs"
    assert set(named) - tops == set(), "names in LAYERS that are no module of offerprint"


def test_no_import_cycle():
    """Function-level imports included: a cycle hidden inside a function is still a cycle."""
    try:
        order = list(graphlib.TopologicalSorter(graph()).static_order())
    except graphlib.CycleError as exc:
        raise AssertionError(f"import cycle: {' imports '.join(reversed(exc.args[1]))}") from None
    assert set(order) == set(MODULES)


def test_no_module_imports_a_higher_layer():
    """Where a low module needs something of a higher one, move that piece down (as
    display_path went to paths and the YAML reader to safe_yaml), rather than the layers."""
    problems = [problem for module in MODULES for problem in upward_imports(module)]
    assert not problems, "\n".join(problems)


def test_no_module_is_over_600_lines():
    long = {str(path.relative_to(PACKAGE.parent)): n for path in MODULES.values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by concern (at most {MAX_LINES} lines a module): {long}"


def test_the_walk_sees_what_it_must():
    """The checks above fail when they should: an upward import added to a low module, at the
    top or inside a function, is found, with its line; a TYPE_CHECKING one is not."""
    source = MODULES["offerprint.paths"].read_text(encoding="utf-8")
    for added in ("from .render import render\n", "import offerprint.editor.app\n",
                  "def later():\n    from .cli import main\n", "def later():\n    from . import pack\n"):
        tree = ast.parse(source + added)
        found = upward_imports("offerprint.paths", tree)
        line = len(source.splitlines()) + added.count("\n")
        assert len(found) == 1 and found[0].startswith(f"offerprint/paths.py:{line} imports"), (added, found)
    tree = ast.parse(source + "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .render import render\n")
    assert upward_imports("offerprint.paths", tree) == []
    # A relative import is read from the module's own package.
    tree = ast.parse("from ..errors import OfferInputError\nfrom . import RenderOptions, pdf\n")
    assert sorted(imports_of("offerprint.render.docx", tree)) == [
        ("offerprint.errors", 1), ("offerprint.render", 2), ("offerprint.render.pdf", 2)]
