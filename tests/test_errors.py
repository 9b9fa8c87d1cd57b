"""One error tree (issue 23.5): everything offerprint raises on purpose is an OfferprintError
with a category (``kind``) and an exit code; a pack job's failure carries its kind, and what to
do about it is decided on the kind, never on the words of the message. And no module reaches
into another's private names."""

from __future__ import annotations

import ast
import importlib
import inspect
import pickle
import pkgutil
from pathlib import Path

import pytest

import offerprint
import offerprint.pack as pack_module
from offerprint.errors import INTERNAL, MissingEasyReadError, OfferprintError, OutputError, RenderError
from offerprint.load import load_offer
from offerprint.pack import JobResult, build_pack, plan_jobs, run_job

from conftest import valid_offer_text

PACKAGE = Path(offerprint.__file__).resolve().parent
FIRST_ITEMS = ("    easy_read:\n      - text: We will help your child.\n        picture: teacher\n"
               "      - text: You can talk to us.\n        picture: talk\n"
               "      - text: We listen to you.\n        picture: listen\n")


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(offerprint.__path__, "offerprint."):
        if not info.name.endswith("__main__"):  # running it is the CLI
            names.append(info.name)
    return names


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for name in _modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == name:
                found.append(value)
    return found


def test_every_error_raised_on_purpose_is_an_offerprint_error():
    """The public ones: a private exception (_TooBig, _PoSyntaxError...) never leaves its
    module, which catches it and raises an OfferprintError in its place."""
    classes = _exception_classes()
    names = {c.__name__ for c in classes}
    assert {"EditorError", "Refused", "PictureLibraryError", "AuditError", "OutputError"} <= names
    outside = [f"{c.__module__}.{c.__name__}" for c in classes
               if not c.__name__.startswith("_") and not issubclass(c, OfferprintError)]
    assert outside == []


def test_each_category_has_its_own_kind_and_an_exit_code():
    classes = [c for c in _exception_classes() if issubclass(c, OfferprintError)]
    kinds: dict[str, str] = {}
    for cls in classes:
        assert isinstance(cls.exit_code, int) and cls.exit_code > 0
        if cls is not OfferprintError:
            assert "kind" in vars(cls), f"{cls.__name__} says no kind of its own"
            assert cls.kind not in kinds, f"{cls.__name__} and {kinds.get(cls.kind)} share the kind {cls.kind}"
        kinds[cls.kind] = cls.__name__
    assert INTERNAL not in kinds


def test_the_editors_errors_keep_their_status_and_message():
    from offerprint.editor.app import Refused
    from offerprint.editor.draft import EditorError
    from offerprint.picture_library import PictureLibraryError

    refused = Refused(403, "This address is missing its key.")
    assert isinstance(refused, EditorError) and isinstance(refused, OfferprintError)
    assert (refused.status, refused.message, refused.format_message()) == (403, "This address is missing its key.",
                                                                            "This address is missing its key.")
    assert EditorError("Choose a picture file to add.").status == 400
    assert EditorError("too big", 413).status == 413 and EditorError("x").exit_code == 2
    broken = PictureLibraryError("pictures.yaml: ghost: no file ghost.svg")
    assert isinstance(broken, ValueError) and broken.exit_code == 4


def _offer(folder: Path, without_easy_read: int = 0) -> Path:
    folder.mkdir(parents=True)
    (folder / "offer.yaml").write_text(valid_offer_text().replace(FIRST_ITEMS, "", without_easy_read))
    return folder


def test_a_jobs_failure_carries_its_kind(tmp_path: Path, monkeypatch):
    folder = _offer(tmp_path / "o", without_easy_read=2)
    loaded = load_offer(folder)
    easy_read, text = plan_jobs([loaded], [], [], ["easy-read", "text"])
    missing = run_job(easy_read, str(tmp_path / "p"), loaded)
    assert not missing.ok and missing.error_kind == MissingEasyReadError.kind == "missing-easy-read"
    assert "has no easy read text" in missing.error and not missing.cannot_write

    def fails(kind):
        def render(loaded, fmt, options):
            if kind == "internal":
                raise KeyError("a bug")
            raise {"render": RenderError, "output": OutputError}[kind]("p/: cannot be written")
        return render

    for kind in ("internal", "render", "output"):
        monkeypatch.setattr(pack_module, "render", fails(kind))
        result = run_job(text, str(tmp_path / "p"), loaded)
        assert not result.ok and result.error_kind == kind
        assert result.cannot_write is (kind == "output")
        again = pickle.loads(pickle.dumps(result))  # across worker processes and Dask
        assert again.error_kind == kind and again.cannot_write is (kind == "output")


def test_the_manifest_says_each_failures_kind(tmp_path: Path):
    import json

    folder = _offer(tmp_path / "o", without_easy_read=1)
    result = build_pack([folder], tmp_path / "p", formats=["easy-read"], large_print=[], jobs=1)
    (failure,) = result.failures
    manifest = json.loads((tmp_path / "p" / "manifest.json").read_text())
    assert manifest["failed"] == [{"path": failure.job.relpath, "error": failure.error, "kind": "missing-easy-read"}]


def test_the_fix_is_chosen_by_kind_not_by_words(tmp_path: Path):
    from offerprint.cli import _fix_for

    folder = _offer(tmp_path / "o")
    job = plan_jobs([load_offer(folder)], [], [], ["easy-read"])[0]
    again = ["offerprint", "pack", str(folder), "-o", "p"]
    said_so = JobResult(job, False, error="sections[1]: 'x' has no easy read text", error_kind=RenderError.kind)
    assert _fix_for(said_so, again).startswith("put right what the message says")
    by_kind = JobResult(job, False, error="two sections want their easy read words",
                        error_kind=MissingEasyReadError.kind)
    assert "--allow-missing" in _fix_for(by_kind, again)


# --- private names stay private ------------------------------------------------------------------

def _module_file(base: Path, dotted: str) -> bool:
    target = base.joinpath(*dotted.split(".")) if dotted else base
    return target.with_suffix(".py").is_file() or (target / "__init__.py").is_file()


def _private_uses(path: Path, text: str | None = None) -> list[str]:
    """``from .x import _name``, and ``module._name`` on an offerprint module imported here."""
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    found, modules = [], set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 0 and not (node.module or "").startswith("offerprint"):
            continue
        if node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            dotted = node.module or ""
        else:
            base, dotted = PACKAGE.parent, node.module
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: imports {alias.name}")
            if _module_file(base, f"{dotted}.{alias.name}".strip(".")):
                modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: uses {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    found = [use for path in sorted(PACKAGE.rglob("*.py")) for use in _private_uses(path)]
    assert found == []


@pytest.mark.parametrize("source,expected", [
    ("from .render.pdf import _jinja as pdf_jinja\n", ["imports _jinja"]),
    ("from .render import pdf\npdf._static_css()\n", ["uses pdf._static_css"]),
    ("from . import markdown as md\nmd._parser()\n", ["uses md._parser"]),
    ("from weasyprint.pdf import tags as _tags\n_tags._build_box_tree\n", []),
    ("from .render import EXTENSIONS\nEXTENSIONS._x\n", []),
])
def test_the_private_names_check_sees_them(source: str, expected: list[str]):
    probe = PACKAGE / "probe.py"  # never written: its text is given
    assert [use.split(": ", 1)[1] for use in _private_uses(probe, source)] == expected
