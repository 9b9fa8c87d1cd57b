"""Faults and hostile files (issue 17): a killed pack leaves no workers behind, an output
folder that cannot be written is said so in plain words, SVG with a DOCTYPE is refused in
every format, and names with < > & " ' print as written in every format."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from offerprint.formats import FORMATS
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render

from conftest import copy_example

SETTING = "Oakfield <Primary> & \"School\" 'x'"
SENCO = "Mrs <Amina> & \"Shah\" 'o'"


def _yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    """The text in content-stream order (-raw): a name laid out in the wrong direction
    comes back with its end quote or bracket moved to the front."""
    source = tmp_path / "read.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(source), "-"], capture_output=True, text=True,
                          check=True).stdout


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)


@pytest.fixture(scope="module")
def marked_offer(tmp_path_factory) -> Path:
    folder = copy_example("oakfield-primary", tmp_path_factory.mktemp("names"), translations=True)
    source = folder / "offer.yaml"
    text = source.read_text(encoding="utf-8")
    assert "  name: Oakfield Primary School\n" in text and "    name: Mrs Amina Shah\n" in text
    text = text.replace("  name: Oakfield Primary School\n", f"  name: {_yaml_quoted(SETTING)}\n", 1)
    text = text.replace("    name: Mrs Amina Shah\n", f"    name: {_yaml_quoted(SENCO)}\n", 1)
    source.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt,lang", [(f, None) for f in FORMATS] + [("standard", "ur"), ("easy-read", "ur")])
def test_17_4_markup_characters_in_names_print_as_written(marked_offer, tmp_path, fmt, lang):
    """< > & " ' in the setting's and the SENCO's names: every format renders (every PDF
    passes its audit: no glyph drawn at size 0), and the names come back as written."""
    if fmt in ("standard", "large-print", "easy-read", "slips") and not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (poppler-utils)")
    loaded = load_offer(marked_offer)
    data = render(loaded, fmt, RenderOptions(lang=lang))  # a failed audit raises
    if fmt in ("standard", "large-print", "slips", "easy-read"):
        # pdftotext -raw leaves out some spaces: compare without them (the order still counts)
        text = "".join(_pdf_text(data, tmp_path).split())
        assert "".join(SETTING.split()) in text
        if fmt in ("standard", "large-print"):
            assert "".join(SENCO.split()) in text
    elif fmt == "html":
        parser = _Text()
        parser.feed(data.decode("utf-8"))
        text = "".join(parser.parts)
        assert SETTING in text and SENCO in text
        assert "<Primary>" not in data.decode("utf-8")  # escaped, never markup
    elif fmt == "docx":
        text = _docx_text(data)
        assert SETTING in text and SENCO in text
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert "&lt;Primary&gt;" in archive.read("word/document.xml").decode("utf-8")
    elif fmt == "text":
        assert SETTING in data.decode("utf-8") and SENCO in data.decode("utf-8")
    else:  # braille: made, and non-empty (UEB has its own signs for < and >)
        assert data.strip()


def test_17_4_a_mirrored_bracket_in_a_latin_font_draws_no_zero_size_letter(tmp_path):
    """The zero-size glyph's source: right to left, a bracket is drawn mirrored, so the text
    layer gives it an /ActualText span; the span's anchor (drawn at size 0.001) must be a
    glyph that reads as nothing, and a Latin font has none: then no anchor is drawn."""
    from weasyprint import HTML

    from offerprint.audit import audit_pdf
    from offerprint.render import pdf as pdf_module, text_layer

    text_layer.install()  # as every PDF render does
    fonts, _shared = pdf_module._static_css()
    html = ('<html lang="en-GB"><head><title>Brackets</title></head><body><h1>Brackets</h1>'
            '<p lang="ur" dir="rtl" style="font-family: \'Atkinson Hyperlegible\'; font-size: 14pt">'
            '&lt;Test&gt; (Oakfield)</p></body></html>')
    target = tmp_path / "brackets.pdf"
    HTML(string=html).write_pdf(target, stylesheets=[fonts], font_config=pdf_module.font_config(),
                                pdf_variant="pdf/ua-1")
    result = audit_pdf(target, min_font_size=12)
    assert result.facts.smallest_font_size >= 13.9, result.problems
    assert not [p for p in result.problems if "smaller than" in p]


ENTITY_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY name "Oakfield">
]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><text x="5" y="30">&name;</text></svg>
"""
LAUGHS_SVG = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>
"""
PLAIN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><circle cx="25" cy="25" r="20"/></svg>\n'


@pytest.fixture
def svg_logo_offer(tmp_path) -> Path:
    folder = copy_example("oakfield-primary", tmp_path)
    source = folder / "offer.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("file: logo.png", "file: logo.svg", 1),
                      encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_17_3_svg_with_a_doctype_is_refused_in_every_format(svg_logo_offer, tmp_path, run, fmt):
    """Checked once, when the offer is loaded: every format gives the same one line (exit 2),
    naming the offer's line and field and the picture's own line; nothing is written."""
    (svg_logo_offer / "logo.svg").write_text(ENTITY_SVG, encoding="utf-8")
    target = tmp_path / f"out-{fmt}"
    result = run("build", svg_logo_offer, "--format", fmt, "-o", target)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "offer.yaml:13:" in lines[0] and "setting.logo.file" in lines[0]
    assert "'logo.svg' line 2" in lines[0] and "DOCTYPE" in lines[0] and "internal error" not in lines[0]
    assert not target.exists()


def test_17_3_entities_are_refused_wherever_a_picture_is_read(svg_logo_offer, tmp_path):
    """Billion laughs, an undefined entity: refused by the loader and by the parser the Word
    renderer uses (never expanded)."""
    from offerprint.errors import OfferInputError
    from offerprint.safe_xml import parse_svg, xml_problem

    bomb = tmp_path / "bomb.svg"
    bomb.write_text(LAUGHS_SVG, encoding="utf-8")
    line, _column, message, _fix = xml_problem(bomb)
    assert line == 2 and "DOCTYPE" in message
    with pytest.raises(OfferInputError, match="bomb.svg:2: has a DOCTYPE"):
        parse_svg(bomb)
    undefined = tmp_path / "undefined.svg"
    undefined.write_text('<svg xmlns="http://www.w3.org/2000/svg">\n<text>&name;</text></svg>', encoding="utf-8")
    assert xml_problem(undefined)[:3] == (2, 7, "is not a readable SVG picture: undefined entity")
    # an easy read picture of the offer's own is checked the same way
    picture = svg_logo_offer / "ours.svg"
    picture.write_text(LAUGHS_SVG, encoding="utf-8")
    (svg_logo_offer / "logo.svg").write_text(PLAIN_SVG, encoding="utf-8")
    source = svg_logo_offer / "offer.yaml"
    text = source.read_text(encoding="utf-8")
    assert "picture: " in text
    head, _, tail = text.partition("picture: ")
    source.write_text(head + "picture: ours.svg\n" + tail.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(OfferInputError, match=r"easy_read\[1\]\.picture: 'ours.svg' line 2: has a DOCTYPE"):
        load_offer(svg_logo_offer)


def test_17_3_a_plain_svg_logo_still_prints(svg_logo_offer):
    (svg_logo_offer / "logo.svg").write_text(PLAIN_SVG, encoding="utf-8")
    data = render(load_offer(svg_logo_offer), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())


# --- 17.1: a killed pack leaves no workers, and nothing is written after it ------------------

def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it is dead: it runs no code)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_17_1_workers_end_with_a_killed_pack(tmp_path):
    import os
    import signal
    import sys
    import time

    from conftest import valid_offer_text

    offers = []
    for name in ("Testfield", "Riverside", "Hillside"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        (folder / "offer.yaml").write_text(valid_offer_text().replace("Testfield", name), encoding="utf-8")
        offers.append(str(folder))
    out = tmp_path / "pack"
    command = [sys.executable, "-m", "offerprint", "pack", *offers, "--large-print", "18,24,36", "--jobs", "2",
               "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while time.monotonic() < deadline and not list(out.rglob("*.pdf")):
            workers = _children(process.pid) or workers
            time.sleep(0.05)
        workers = _children(process.pid) or workers
        assert len(workers) == 2 and process.poll() is None, "the pack ended before it could be killed"
        process.send_signal(signal.SIGKILL)  # the pack alone, mid-run; not its process group
        process.wait()
        after_kill = _snapshot(out)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived the pack"
        time.sleep(3)  # the old workers went on for 30 s, writing PDFs
        assert _snapshot(out) == after_kill
        assert not [p for p in out.rglob("*.part")] or all(
            str(p.relative_to(out)) in after_kill for p in out.rglob("*.part"))
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of this test's own pack
        except ProcessLookupError:
            pass


# --- 17.2: an output folder that cannot be written ---------------------------------------------

def _small_offer(tmp_path: Path) -> Path:
    from conftest import valid_offer_text

    folder = tmp_path / "testfield"
    folder.mkdir()
    (folder / "offer.yaml").write_text(valid_offer_text(), encoding="utf-8")
    return folder


def _mount(tmp_path: Path, *options: str) -> Path:
    """A real mount for the test (root only: a read-only folder via chmod does not stop root)."""
    import os

    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a test file system needs root")
    target = tmp_path / "mnt"
    target.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    return target


@pytest.fixture
def read_only_folder(tmp_path):
    target = _mount(tmp_path, "size=1m", "ro")
    yield target
    subprocess.run(["umount", str(target)], check=False)


@pytest.fixture
def full_disk(tmp_path):
    target = _mount(tmp_path, "size=300k")
    yield target
    subprocess.run(["umount", str(target)], check=False)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr and "OSError" not in stderr
    return lines[0]


def test_17_2_read_only_output_folder(tmp_path, run, read_only_folder):
    """A read-only mount: pack and build -o say once which folder and why, exit 5, and write
    nothing (the check is made before any document is made)."""
    offer = _small_offer(tmp_path)
    result = run("pack", offer, "--jobs", "2", "-o", read_only_folder / "pack")
    line = _one_line(result.stderr)
    assert result.exit_code == 5
    assert line == f"{read_only_folder}/: cannot be written: it is on a read-only drive (choose another folder; " \
                   "nothing was half-written)"
    assert not result.stdout.strip()  # no document listed as FAILED: nothing was tried
    result = run("build", offer, "--format", "text", "-o", read_only_folder / "offer.txt")
    assert result.exit_code == 5 and "read-only drive" in _one_line(result.stderr)
    assert not list(read_only_folder.iterdir())


def test_17_2_full_disk(tmp_path, run, full_disk):
    """ENOSPC mid-run on a 300 KB tmpfs: said once, exit 5; every file left is whole and no
    temporary file is left behind."""
    import pikepdf

    offer = _small_offer(tmp_path)
    out = full_disk / "pack"
    result = run("pack", offer, "--large-print", "18,24,36", "--jobs", "2", "-o", out)
    assert result.exit_code == 5, result.output
    line = _one_line(result.stderr)
    assert "cannot be written: the disk is full (free some space, or choose another folder" in line
    assert not list(full_disk.rglob("*.part"))
    for pdf in out.rglob("*.pdf"):
        with pikepdf.open(pdf) as document:
            assert len(document.pages) > 0
    result = run("build", offer, "--format", "large-print", "--size", "36", "-o", full_disk / "big.pdf")
    assert result.exit_code == 5 and "the disk is full" in _one_line(result.stderr)
    assert not (full_disk / "big.pdf").exists() and not list(full_disk.glob(".*.part"))


@pytest.mark.parametrize("code,why", [(28, "the disk is full"), (30, "it is on a read-only drive"),
                                      (13, "you do not have permission to write there")])
def test_17_2_write_errors_simulated(tmp_path, run, monkeypatch, code, why):
    """The same messages without root: the error raised where the file is written (ENOSPC,
    EROFS, EACCES), in the pack's own process (--jobs 1) and for build -o."""
    import os

    import offerprint.fileio as fileio

    offer = _small_offer(tmp_path)
    out = tmp_path / "pack"
    real_fsync, calls = os.fsync, []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) > 2:  # the probe and the first document are written; then the disk fails
            raise OSError(code, os.strerror(code))
        return real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", failing_fsync)
    result = run("pack", offer, "--large-print", "18", "--jobs", "1", "-o", out)
    assert result.exit_code == 5
    line = _one_line(result.stderr)
    assert line.startswith(f"{out}/") and f"cannot be written: {why}" in line
    assert not list(out.rglob("*.part"))
    calls.extend([0, 0, 0])
    result = run("build", offer, "--format", "text", "-o", tmp_path / "offer.txt")
    assert result.exit_code == 5 and why in _one_line(result.stderr)
    assert not (tmp_path / "offer.txt").exists() and not list(tmp_path.glob(".*.part"))
