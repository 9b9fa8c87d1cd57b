"""Issue #24, faults and attacks round 2: what the first tests of each point left out.

Point 1 over every kind of file an offer folder (and a pack, a site, a borough) holds, each linked
to a file or folder outside, through every reader and writer, with the folder named both as
a relative and an absolute path: nothing outside is shown, written or deleted, and each says
why in one line. Point 3 for the pack and the site (the editor's is in test_editor.py). Points
4-6: every parser and server bounded (Markdown over many pathological inputs, Word's XML by
its element count, the Open Referral API never reading a body). Point 8: control characters
in every kind of field, a translation and council.yaml included.

Tiny offers, no PDF renders: the whole file runs in a few seconds.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from offerprint.cli import main
from offerprint.errors import OfferInputError, OfferprintError

from conftest import ROOT, valid_offer_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx versions
    from starlette.testclient import TestClient

SECRET = "root:x:0:0:SECRETLINE:/root:/bin/bash"
TOKEN = "faults-24-token"


@pytest.fixture
def place(tmp_path: Path, monkeypatch) -> dict:
    """An offer folder, a folder outside it holding a secret file, and here = tmp_path (so the
    offer can be named by a relative path, as a person types it)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "offer.yaml").write_text(valid_offer_text(), encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return {"folder": folder, "outside": outside, "secret": outside / "secret.txt"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


def _cli(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def _one_plain_line(code: int, output: str) -> str:
    assert code == 2 and "Traceback" not in output and "internal error" not in output, output
    assert SECRET not in output and "SECRETLINE" not in output, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


def _png() -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(data, "PNG")
    return data.getvalue()


# --- point 1: files of the offer folder ----------------------------------------------------------

@pytest.mark.parametrize("named", ["relative", "absolute"])
def test_24_point1_offer_yaml_linked_outside(place, named):
    """offer.yaml itself a link to a file elsewhere (a valid offer there, or a secret): no command
    reads it; each says so in one line naming offer.yaml."""
    folder, outside = place["folder"], place["outside"]
    name = "school" if named == "relative" else str(folder)
    for target in (place["secret"], outside / "offer.yaml"):
        if target.name == "offer.yaml":
            target.write_text(valid_offer_text(), encoding="utf-8")
        (folder / "offer.yaml").unlink()
        (folder / "offer.yaml").symlink_to(target)
        before = _files(outside)
        for args in (["check", name], ["build", name, "--format", "text", "-o", "out.txt"],
                     ["translate", "status", name], ["translate", "export", name, "--lang", "pl"],
                     ["import", "--into", name, place["secret"]]):
            line = _one_plain_line(*_cli(*args))
            assert "school/offer.yaml" in line and "is a link to a file outside its folder" in line, (args, line)
        assert _files(outside) == before and not Path("out.txt").exists()
        assert not (folder / "translations").exists()


@pytest.mark.parametrize("named", ["relative", "absolute"])
def test_24_point1_translation_linked_outside(place, named):
    """translations/pl.po a link to a file elsewhere: check, translate status, build --lang and the
    editor's download never show it. Named by a relative path (offerprint check school) the
    link was followed: the check joined 'school/translations/pl.po' to the folder a second time."""
    folder = place["folder"]
    name = "school" if named == "relative" else str(folder)
    (folder / "translations").mkdir()
    (folder / "translations" / "pl.po").symlink_to(place["secret"])
    code, output = _cli("check", name)
    assert SECRET[:20] not in output and "school/translations/pl.po" in output, output
    assert "is a link to a file outside the offer's folder" in output, output
    for args in (["translate", "status", name], ["build", name, "--format", "text", "--lang", "pl", "-o", "pl.txt"],
                 ["translate", "export", name, "--lang", "pl"]):
        line = _one_plain_line(*_cli(*args))
        assert "school/translations/pl.po: is a link to a file outside" in line, (args, line)
    assert place["secret"].read_text() == SECRET + "\n" and not Path("pl.txt").exists()
    client = _client(folder)
    assert client.get(f"/translations/pl.po?token={TOKEN}").status_code == 404


def test_24_point1_translations_folder_linked_outside(place):
    """translations/ a link to a folder elsewhere holding a pl.po: it is not read, and export
    writes nothing there (the message says folder, not file)."""
    folder, outside = place["folder"], place["outside"]
    elsewhere = outside / "translations"
    elsewhere.mkdir()
    (elsewhere / "pl.po").write_text(f'msgid ""\nmsgstr ""\n\n{SECRET}\n', encoding="utf-8")
    (folder / "translations").symlink_to(elsewhere, target_is_directory=True)
    before = _files(outside)
    code, output = _cli("check", "school")
    assert SECRET[:20] not in output and "link to a file outside" in output, output
    line = _one_plain_line(*_cli("translate", "export", "school", "--lang", "ur"))
    assert "school/translations: is a link to a folder outside the offer's folder" in line, line
    line = _one_plain_line(*_cli("build", "school", "--format", "text", "--lang", "pl", "-o", "pl.txt"))
    assert "link to a file outside" in line
    assert _files(outside) == before


def test_24_point1_pictures_linked_outside(place):
    """The logo, a photo and an easy read picture each a link to a picture elsewhere, and photos/
    a link to a folder elsewhere: check refuses each by its field; the editor neither lists nor
    serves them, and saves no upload through the linked folder."""
    folder, outside = place["folder"], place["outside"]
    (outside / "logo.png").write_bytes(_png())
    (outside / "photos").mkdir()
    (outside / "photos" / "hall.png").write_bytes(_png())
    text = valid_offer_text().replace(
        "  website: https://testfield.example.org\n",
        "  website: https://testfield.example.org\n  logo:\n    file: logo.png\n    alt: Our logo\n", 1)
    first = text.index("    easy_read:\n")
    text = (text[:first] + "    pictures:\n      - file: photos/hall.png\n        alt: Our hall\n"
            + text[first:].replace("picture: teacher", "picture: own/teacher.png", 1))
    (folder / "offer.yaml").write_text(text, encoding="utf-8")
    (folder / "logo.png").symlink_to(outside / "logo.png")
    (folder / "own").mkdir()
    (folder / "own" / "teacher.png").symlink_to(outside / "logo.png")
    (folder / "photos").symlink_to(outside / "photos", target_is_directory=True)
    code, output = _cli("check", "school")
    assert code == 2
    for field in ("setting.logo.file: 'logo.png'", "sections[1].pictures[1].file: 'photos/hall.png'",
                  "sections[1].easy_read[1].picture: 'own/teacher.png'"):
        assert f"{field} is outside the offer folder" in output, (field, output)
    before = _files(outside)
    from offerprint.editor.app import _photos

    assert _photos(folder) == []
    client = _client(folder)
    for path in ("logo.png", "own/teacher.png", "photos/hall.png"):
        assert client.get(f"/file/{path}?token={TOKEN}").status_code == 404, path
    answer = client.post(f"/upload?token={TOKEN}", data={"purpose": "photo", "csrf": client.app.state.editor.csrf},
                         files={"file": ("new.png", _png())})
    assert answer.status_code == 409 and "link to a folder outside" in answer.text
    assert _files(outside) == before


def test_24_point1_editor_backups_and_lock_linked_outside(place):
    """.offer-backups/save.lock a link to a file elsewhere: the lock was opened through it,
    making a file there. Now the save, the undo and 'take the version on disk' write nothing
    outside and say why; .offer-backups/ linked out is refused by 'take the version on disk' too."""
    from offerprint.editor.draft import BACKUPS, SAVE_LOCK, Draft

    folder, outside = place["folder"], place["outside"]
    (folder / BACKUPS).mkdir()
    (folder / BACKUPS / SAVE_LOCK).symlink_to(outside / "made-by-the-lock")
    draft = Draft(folder)
    draft.apply_form({"setting.phone": ["0161 496 0999"]})
    result = draft.save()
    assert not result.saved and f"{BACKUPS}/{SAVE_LOCK} is a link to a file outside" in result.message
    assert not (outside / "made-by-the-lock").exists() and "0161 496 0999" not in (folder / "offer.yaml").read_text()
    (folder / BACKUPS / SAVE_LOCK).unlink()
    assert draft.save().saved  # an ordinary lock file: saved
    draft.apply_form({"setting.phone": ["0161 496 0998"]})
    assert draft.save().saved
    (folder / BACKUPS / SAVE_LOCK).unlink()
    (folder / BACKUPS / SAVE_LOCK).symlink_to(outside / "made-by-the-lock")
    undone = draft.undo()
    assert not undone.saved and "link to a file outside" in undone.message
    assert not (outside / "made-by-the-lock").exists()
    backups = outside / "backups"
    backups.mkdir()
    for path in list((folder / BACKUPS).iterdir()):
        path.unlink()
    (folder / BACKUPS).rmdir()
    (folder / BACKUPS).symlink_to(backups, target_is_directory=True)
    taken = draft.take_disk_version()
    assert not taken.saved and "link to a folder outside" in taken.message
    assert list(backups.iterdir()) == []


def test_24_point1_import_writes_no_file_through_a_link(place):
    """import -o FOLDER --force where FOLDER/offer.yaml and import-report.txt are links to files
    elsewhere: the links are replaced by the new files; the files elsewhere stay as they were."""
    folder, outside = place["folder"], place["outside"]
    report = Path("report.txt")
    report.write_text("How does the school know if my child needs extra help?\n\nWe watch how every child "
                      "learns and talk to you.\n", encoding="utf-8")
    (folder / "offer.yaml").unlink()
    (folder / "offer.yaml").symlink_to(place["secret"])
    (folder / "import-report.txt").symlink_to(outside / "report-elsewhere.txt")
    before = _files(outside)
    code, output = _cli("import", report, "--questions", "se7-parent", "--kind", "primary", "-o", "school", "--force")
    assert code == 0, output
    assert not (folder / "offer.yaml").is_symlink() and (folder / "import-report.txt").is_file()
    assert _files(outside) == before


# --- point 1: folders offerprint writes ----------------------------------------------------------

def test_24_point1_pack_folder_with_a_link_outside(place, tmp_path):
    """A setting's folder in the pack a link to a folder elsewhere: the pack wrote every document
    there (and would clear old ones). Now nothing is written and one line names the link; a
    file of the pack linked elsewhere is never put in its zip."""
    from offerprint.pack import _write_zip, build_pack

    outside = place["outside"]
    pack = tmp_path / "pack"
    pack.mkdir()
    (outside / "folder").mkdir()
    (pack / "testfield-primary-school").symlink_to(outside / "folder", target_is_directory=True)
    with pytest.raises(OfferprintError) as refused:
        build_pack([place["folder"]], pack, formats=["text"], jobs=1)
    message = refused.value.format_message()
    assert "pack/testfield-primary-school: is a link to a folder outside the pack folder" in message, message
    assert "\n" not in message and list((outside / "folder").iterdir()) == []
    (pack / "testfield-primary-school").unlink()
    (pack / "notes.txt").symlink_to(place["secret"])
    (pack / "README.txt").write_text("the pack's own\n")
    with zipfile.ZipFile(_write_zip(pack)) as archive:
        assert archive.namelist() == ["pack/README.txt"]


@pytest.mark.parametrize("folder_name", ["settings", "report", "documents", "pagefind", "assets"])
def test_24_point1_site_folder_with_a_link_outside(place, tmp_path, folder_name):
    """A folder of the site a link to a folder elsewhere: the site wrote its pages there and
    deleted the .html files it did not make. Now nothing is made, one line names the link."""
    from offerprint.site import build_site

    outside = place["outside"] / folder_name
    outside.mkdir()
    (outside / "someone-elses.html").write_text("kept\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / folder_name).symlink_to(outside, target_is_directory=True)
    with pytest.raises(OfferprintError) as refused:
        build_site([place["folder"]], site, formats=["text"], jobs=1)
    message = refused.value.format_message()
    assert f"site/{folder_name}: is a link to a folder outside the site folder" in message, message
    assert [p.name for p in outside.iterdir()] == ["someone-elses.html"]
    assert sorted(p.name for p in site.iterdir()) == [folder_name]


def test_24_point1_open_referral_feed_folder_with_a_link_outside(tmp_path):
    from offerprint.council.openreferral import FEED, write_feed

    site, outside = tmp_path / "site", tmp_path / "elsewhere"
    (site / FEED).mkdir(parents=True)
    outside.mkdir()
    (site / FEED / "services").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OfferprintError) as refused:
        write_feed(site, [])
    assert "site/openreferral/services: is a link to a folder outside the site folder" in refused.value.format_message()
    assert list(outside.iterdir()) == []


def test_24_point1_council_file_and_borough_folders_linked_outside(place, tmp_path):
    """council.yaml a link to a file elsewhere is not read; a borough's setting folder a link to
    one elsewhere is not one of its settings, and `borough --force` writes no offer.yaml there."""
    from offerprint.council.borough import start_borough
    from offerprint.council.borough_import import borough_settings

    borough = tmp_path / "borough"
    borough.mkdir()
    (borough / "council.yaml").symlink_to(place["secret"])
    line = _one_plain_line(*_cli("site", "-o", "site", "--council", "borough/council.yaml"))
    assert "borough/council.yaml: is a link to a file outside its folder" in line, line
    (borough / "council.yaml").unlink()
    (borough / "linked").symlink_to(place["folder"], target_is_directory=True)
    assert borough_settings(borough) == []

    gias = ROOT / "tests" / "fixtures" / "gias" / "establishments.csv"
    started = start_borough(gias, "Stockport", borough)
    first = started.started[0].folder
    elsewhere = place["outside"] / "setting"
    elsewhere.mkdir()
    for path in first.iterdir():
        path.unlink()
    first.rmdir()
    first.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OfferInputError) as refused:
        start_borough(gias, "Stockport", borough, force=True)
    assert f"{first.name}: is a link to a folder outside the borough's folder" in refused.value.format_message()
    assert list(elsewhere.iterdir()) == []
    with pytest.raises(OfferInputError) as listed:  # council.yaml lists it: named, not followed
        borough_settings(borough)
    assert f"'{first.name}' is outside borough" in listed.value.format_message()


def _client(folder: Path) -> TestClient:
    from offerprint.editor.app import create_app

    app = create_app(folder, hosts={"testserver"}, token=TOKEN, pack_folder=folder.parent / "pack")
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


# --- point 3: child work ends with its parent --------------------------------------------------------

def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("command", ["pack", "site"])
def test_24_point3_pack_and_site_killed_take_their_workers(place, tmp_path, command):
    """`offerprint pack` and `offerprint site` killed (SIGKILL) while their workers make documents:
    every worker ends too, and nothing is written after."""
    out = tmp_path / "out"
    args = [sys.executable, "-m", "offerprint", command, str(place["folder"]), "-o", str(out), "--jobs", "2",
            "--large-print", "18,20,22,24,26,28"]
    parent = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            workers = {pid for pid in _children(parent.pid) if _alive(pid)}
            time.sleep(0.05)
        assert len(workers) >= 2, "the workers never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        alive = [pid for pid in workers if _alive(pid)]
        for pid in alive:
            os.kill(pid, signal.SIGKILL)
        assert not alive, f"{command}'s workers lived on after it was killed"
        made = {p: p.stat().st_mtime_ns for p in out.rglob("*")} if out.exists() else {}
        time.sleep(0.3)
        assert ({p: p.stat().st_mtime_ns for p in out.rglob("*")} if out.exists() else {}) == made
    finally:
        if parent.poll() is None:
            parent.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_24_point3_a_program_offerprint_runs_ends_with_it(tmp_path):
    """A program run through lifetime.program (Pagefind, espeak-ng, ffmpeg, lou_translate,
    pdftotext, pdftoppm) ends when whoever ran it is killed, even when it was started from a
    thread (audio makes its parts on a thread pool)."""
    marker = tmp_path / "child.pid"
    script = (f"import subprocess, sys, pathlib, threading\nfrom offerprint.lifetime import program\n"
              f"def run():\n"
              f"    child = subprocess.Popen(program([sys.executable, '-c', 'import time; time.sleep(60)']))\n"
              f"    pathlib.Path({str(marker)!r}).write_text(str(child.pid))\n    child.wait()\n"
              f"thread = threading.Thread(target=run); thread.start(); thread.join()\n")
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(marker.read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(child):
            os.kill(child, signal.SIGKILL)
            raise AssertionError("the program lived on after its parent was killed")
    finally:
        if parent.poll() is None:
            parent.kill()


def test_24_point3_every_program_offerprint_runs_goes_through_lifetime_program():
    """subprocess.run / Popen anywhere in the package: the command is lifetime.program(...), so no
    program outlives a killed pack, site or editor (the rerun counts such orphans)."""
    import ast

    package = ROOT / "offerprint"
    bare = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("run", "Popen", "call", "check_call", "check_output")
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "subprocess"):
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Call) and getattr(first.func, "id", None) == "program"):
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []


# --- points 4-6: every server input and every parser bounded -------------------------------------------

def test_24_point4_the_open_referral_api_never_reads_a_body(tmp_path):
    """The Open Referral API answers GET only: a POST (or a GET) with an endless chunked body is
    answered without the body being read."""
    import asyncio
    import json

    from offerprint.council.openreferral import FEED
    from offerprint.council.openreferral_api import create_app

    (tmp_path / FEED).mkdir()
    (tmp_path / FEED / "index.json").write_text(json.dumps({"version": "3.0"}))
    app = create_app(tmp_path)
    for method, path in (("POST", "/services"), ("GET", "/"), ("PUT", "/")):
        reads, sent = 0, []

        async def receive():
            nonlocal reads
            reads += 1
            return {"type": "http.request", "body": b"0" * (1024 * 1024), "more_body": True}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
                 "headers": [(b"host", b"localhost"), (b"transfer-encoding", b"chunked")], "scheme": "http",
                 "server": ("localhost", 8000), "client": ("127.0.0.1", 1), "root_path": "", "http_version": "1.1"}
        asyncio.run(app(scope, receive, send))
        status = next(m["status"] for m in sent if m["type"] == "http.response.start")
        assert status == (200 if method == "GET" else 405) and reads <= 1, (method, status, reads)


PATHOLOGICAL = {  # each about 2,500 characters; four times as long in the second measure
    "one long word": "A" * 2_500,
    "underscores": "_a" * 1_250,
    "stars": "*a" * 1_250,
    "double stars": "**a" * 850,
    "open brackets": "[" * 2_500,
    "links never closed": "[a](" * 625,
    "backticks": "`a" * 1_250,
    "at signs": "a@" * 1_250,
    "hyphens": "a-" * 1_250,
    "dotted address": "www." * 625,
    "angle brackets": "<" * 2_500,
    "table pipes": "|a" * 1_250,
    "a mixture": "a-b@c.d_e*f[g](h)" * 150,
    "nested lists": "".join("  " * (i % 40) + "- a\n" for i in range(600)),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_24_point5_markdown_is_linear(name):
    """Point 5 was one input (a long word); the preview and check walk every answer, so each of
    these grows linearly too: four times the text takes well under sixteen times as long (and
    under a second)."""
    from offerprint import markdown as md

    def cost(text: str) -> float:
        start = time.process_time()
        md.to_html(text)
        list(md.unsafe_markdown(text))
        return time.process_time() - start

    small = min(cost(PATHOLOGICAL[name]) for _ in range(2))
    large = min(cost(PATHOLOGICAL[name] * 4) for _ in range(2))  # the least of two: a pause is not the parser
    assert large < 1.0 and large < 10 * small + 0.05, (name, small, large)


def test_24_point6_word_xml_element_count_capped(tmp_path):
    """A .docx under the unpacked-size cap whose document.xml holds 600,000 elements (mammoth
    took about 45 s for 630,000) is refused at once, counted as it streams."""
    from offerprint.errors import ReportInputError
    from offerprint.readers import docx

    path = tmp_path / "many.docx"
    body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 200_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                         f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    start = time.monotonic()
    with pytest.raises(ReportInputError) as refused:
        docx.read(path)
    assert time.monotonic() - start < 5
    assert "more than 500,000 parts in its text" in str(refused.value) and "\n" not in str(refused.value)


# --- point 8: control characters in every kind of field ----------------------------------------------

FIELDS = {
    "a list item (timescales)": ("        what: We visit the new school with your child.",
                                 '        what: "We visit\\a the new school."', "timescales[1].what"),
    "a contact": ("    answer: |", '    contacts:\n      - name: "Mrs\\x1b Shah"\n        phone: 0161 496 0124\n'
                  "    answer: |", "contacts[1].name"),
    "a glossary term": ("  - term: Rainbow Room", '  - term: "Rainbow\\0 Room"', "glossary[1].term"),
    "the Local Offer's name": ("    name: Stockport Local Offer", '    name: "Stockport\\x7f Local Offer"',
                               "offer.local_offer.name"),
}


@pytest.mark.parametrize("kind", list(FIELDS))
def test_24_point8_control_characters_in_every_kind_of_field(offer_dir, kind):
    from offerprint.load import load_offer

    old, new, field = FIELDS[kind]
    text = valid_offer_text()
    assert old in text
    (offer_dir / "offer.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(OfferInputError) as refused:
        load_offer(offer_dir)
    line = str(refused.value.problems[0])
    assert re.search(rf"offer\.yaml:\d+:\d+: .*{re.escape(field)}: holds a control character", line), line


def test_24_point8_control_characters_in_a_translation(offer_dir, monkeypatch):
    """A translator's bell or escape in a msgstr made DOCX exit 70 ("internal error: All strings
    must be XML compatible") and EPUB exit 3: refused with the file and line; Word's line break in
    a translation becomes a line break."""
    from offerprint.load import load_offer
    from offerprint.translate import export_po, read_po

    monkeypatch.chdir(offer_dir.parent)
    path = export_po(load_offer(offer_dir), "pl")
    text = path.read_text(encoding="utf-8")
    head, rest = text.split('msgstr ""', 1)  # the header's
    filled = head + 'msgstr ""' + rest.replace('msgstr ""', 'msgstr "Dzie\u0144 dobry\x07 wszystkim"', 1)
    path.write_text(filled, encoding="utf-8")
    line = _one_plain_line(*_cli("build", "testfield", "--format", "docx", "--lang", "pl", "-o", "pl.docx"))
    assert re.match(r"testfield/translations/pl\.po:\d+: the msgstr of this entry holds a control character "
                    r"\(U\+0007\)", line), line
    path.write_text(filled.replace("\x07", "\v"), encoding="utf-8")
    assert any(e.msgstr == "Dzie\u0144 dobry\n wszystkim" for e in read_po(path).entries)


def test_24_point8_control_characters_in_council_yaml(tmp_path):
    from offerprint.site import load_council

    council = tmp_path / "council.yaml"
    council.write_text('name: "Stockport\\e Council"\nphone: 0161 217 6028\naddress: Town Hall\n'
                       "email: sen@stockport.example.org\nwebsite: https://stockport.example.org\n", encoding="utf-8")
    with pytest.raises(OfferInputError) as refused:
        load_council(council)
    line = str(refused.value.problems[0])
    assert re.search(r"council\.yaml:1:\d+: name: holds a control character \(U\+001B\)", line), line


def test_24_point1_the_output_cache_never_reads_a_linked_file_outside(tmp_path):
    """Hashing an offer folder for the output cache read every file in it, links included: a link to
    a file (or a folder) outside was read (and a link to a huge or endless file would stall build,
    pack and site). Now only the folder's own files count."""
    from offerprint.output_cache import offer_files, offer_hash

    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("not the offer's", encoding="utf-8")
    (outside / "folder" / "more.txt").write_text("nor this", encoding="utf-8")
    offer = tmp_path / "offer"
    offer.mkdir()
    (offer / "offer.yaml").write_text("setting: {}\n", encoding="utf-8")
    before = offer_hash(offer, "en")
    (offer / "notes.txt").symlink_to(outside / "secret.txt")
    (offer / "photos").symlink_to(outside / "folder", target_is_directory=True)
    assert [p.name for p in offer_files(offer)] == ["offer.yaml"]
    assert offer_hash(offer, "en") == before
