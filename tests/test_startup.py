"""Commands import only what they use (issue 23): `--help`, `--version`, `questions`, `new` and
`check` never load WeasyPrint nor the renderers; the format registry names each renderer and
imports it only when a document is made. Structural tests (what is in sys.modules after a
command, in a fresh interpreter), not timings: benchmarks/startup.py measures the time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from offerprint.formats import FORMATS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "oakfield-primary"

# Run a command of the CLI in this interpreter, then list the modules it imported.
PROBE = """
import json, sys
from offerprint.cli import main
try:
    main(sys.argv[1:], prog_name="offerprint")
except SystemExit:
    pass
sys.__stdout__.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""

HEAVY = ("weasyprint", "offerprint.render.pdf", "offerprint.render.docx", "offerprint.render.audio",
         "offerprint.render.epub", "offerprint.render.web", "offerprint.document", "pikepdf", "docx")


def modules_after(*args: str, cwd: Path = ROOT) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=120, check=False)
    line = [l for l in result.stdout.splitlines() if l.startswith("MODULES ")]
    assert line, result.stdout + result.stderr
    return set(json.loads(line[-1][len("MODULES "):]))


def test_importing_the_cli_loads_no_renderer():
    result = subprocess.run([sys.executable, "-c", "import json, sys, offerprint.cli; print(json.dumps(sorted(sys.modules)))"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT, check=True)
    loaded = set(json.loads(result.stdout))
    assert not [m for m in HEAVY if m in loaded]
    # Nor the model (pydantic): --help and --version need neither.
    assert "offerprint.model" not in loaded and "pydantic" not in loaded


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("questions",), ("questions", "se7-parent"),
                                  ("build", "--help")], ids=" ".join)
def test_commands_that_make_nothing_load_no_renderer(args):
    loaded = modules_after(*args)
    assert not [m for m in HEAVY if m in loaded]


def test_check_does_not_load_weasyprint():
    loaded = modules_after("check", EXAMPLE)
    assert "offerprint.check" in loaded  # it did run
    assert not [m for m in HEAVY if m in loaded]


def test_new_does_not_load_weasyprint(tmp_path):
    loaded = modules_after("new", "--questions", "se7-parent", "--kind", "primary", "--name", "Startup School",
                           tmp_path / "offer")
    assert (tmp_path / "offer" / "offer.yaml").is_file()
    assert not [m for m in HEAVY if m in loaded]


def test_a_build_loads_only_its_own_renderer(tmp_path):
    loaded = modules_after("build", EXAMPLE, "--format", "text", "-o", tmp_path / "offer.txt")
    assert (tmp_path / "offer.txt").is_file()
    assert "offerprint.render.text" in loaded and "weasyprint" not in loaded and "offerprint.render.docx" not in loaded


# --- the registry ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_record_is_whole(name):
    record = FORMATS[name]
    assert record.name == name
    assert record.extension.startswith(".") and "/" in record.media_type
    assert callable(record.load())  # "module:function" names a function
    assert record.label and record.title.startswith(record.label) and record.for_whom and record.file_type
    if record.sizes:
        low, high = record.sizes
        assert low <= record.default_size <= high
    assert record.audited == (record.media_type == "application/pdf")


def test_registry_names_and_files_are_unique():
    assert len({f.stem for f in FORMATS.values()}) == len(FORMATS)
    assert {f.name for f in FORMATS.values() if f.on_request} == {"audio", "talking-book"}
    assert {f.name for f in FORMATS.values() if f.preview} <= {f.name for f in FORMATS.values() if f.audited}


def test_render_package_imports_no_renderer():
    """A new format is its module plus its record: render/__init__.py lists none."""
    source = (ROOT / "offerprint" / "render" / "__init__.py").read_text(encoding="utf-8")
    assert "from ." not in source.replace("from ..", "")


# --- what a build's refusal check leaves out -----------------------------------------------------

def test_a_build_checks_for_errors_without_the_notes_and_warnings_parts(tmp_path, monkeypatch):
    """`build` asks check only for errors (unfinished.check_errors): the parts it leaves out
    (plain English, translations) never give one, so its errors are the full check's, on the
    examples and on an offer with a TODO and a broken translation."""
    import datetime as dt

    from conftest import copy_example

    from offerprint import check, unfinished
    from offerprint.load import load_offer

    today = dt.date(2026, 11, 29)
    folder = copy_example("oakfield-primary", tmp_path, translations=True)
    text = (folder / "offer.yaml").read_text(encoding="utf-8")
    answer = next(line for line in text.splitlines() if line.startswith("      ") and len(line) > 60)
    (folder / "offer.yaml").write_text(text.replace(answer, "      TODO", 1), encoding="utf-8")
    (folder / "translations" / "pl.po").write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    offers = [load_offer(ROOT / "examples" / name) for name in ("oakfield-primary", "brinnington-high",
                                                               "little-acorns-nursery")]
    offers.append(load_offer(folder))
    for loaded in offers:
        full = check.check_offer(loaded, today=today)
        assert check.check_offer(loaded, today=today, errors_only=True).errors == full.errors
        assert unfinished.check_errors(loaded, today) == full.errors
    # The broken offer shows what is left out: the full check's translation and plain-English
    # findings, none of them an error.
    left_out = [f for f in full.findings if f not in check.check_offer(loaded, today=today, errors_only=True).findings]
    assert any("pl.po" in (f.file or "") or "pl.po" in f.message for f in left_out), [str(f) for f in left_out]
    assert any("plain English" in f.message for f in left_out)
    assert full.errors and not [f for f in left_out if f.level == "error"]


def test_check_runs_with_the_cycle_collector_paused_and_resumes_it(monkeypatch):
    """check_offer pauses the collector (offerprint.gc_pause) while it works, and leaves it as
    it found it: on after, and off when the program had switched it off."""
    import gc

    from offerprint import check
    from offerprint.load import load_offer

    seen = []
    real = check._transparent
    monkeypatch.setattr(check, "_transparent", lambda c, today: (seen.append(gc.isenabled()), real(c, today)))
    loaded = load_offer(EXAMPLE)
    assert gc.isenabled()
    check.check_offer(loaded, errors_only=True)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        check.check_offer(loaded, errors_only=True)
        assert not gc.isenabled()
    finally:
        gc.enable()
