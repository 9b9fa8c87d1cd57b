"""The print pack: manifest true to the files, nothing made twice, only what changed made
again, and a pack killed mid-run leaves no broken file and completes on the next run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest

from offerprint.pack import build_pack

from conftest import copy_example, two_offers, valid_offer_text

FAST = dict(formats=["standard", "large-print", "text", "slips"], large_print=[18], jobs=2)


@pytest.fixture(scope="module")
def first_pack(tmp_path_factory):
    base = tmp_path_factory.mktemp("pack")
    offers = two_offers(base)
    out = base / "pack"
    return offers, out, build_pack(offers, out, **FAST)


def test_pack_has_every_file_and_a_true_manifest(first_pack):
    offers, out, result = first_pack
    assert not result.failures
    manifest = json.loads((out / "manifest.json").read_text())
    paths = {f["path"] for f in manifest["files"]}
    assert paths == {
        f"{school}/en-GB/{name}"
        for school in ("testfield-primary-school", "riverside-primary-school")
        for name in ("standard-print.pdf", "large-print-18pt.pdf", "plain-text.txt", "request-and-feedback-slips.pdf")
    }
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["bytes"] == len(data)
        assert entry["inputs"] and entry["language"] == "en-GB"
        if entry["path"].endswith(".pdf"):
            assert entry["audit"] == "passed"
            with pikepdf.open(out / entry["path"]) as pdf:
                assert len(pdf.pages) == entry["pages"]
    assert manifest["offerprint"]
    readme = (out / "README.txt").read_text()
    assert "never enlarge" in readme.lower() and "A3" in readme and "matt" in readme
    assert "Large print, 18 point in English (United Kingdom)" in readme
    assert "next review due 1 September 2027" in readme


def test_second_run_makes_nothing(first_pack):
    offers, out, _ = first_pack
    again = build_pack(offers, out, **FAST)
    assert again.rendered == 0 and not again.failures


def test_one_changed_answer_remakes_only_that_offer(first_pack):
    offers, out, _ = first_pack
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    text = (offers[1] / "offer.yaml").read_text().replace("We answer this question plainly.",
                                                            "We answer this question very plainly.", 1)
    (offers[1] / "offer.yaml").write_text(text)
    result = build_pack(offers, out, **FAST)
    remade = {r.job.relpath for r in result.results if r.rendered}
    assert remade and all(p.startswith("riverside-primary-school/") for p in remade)
    assert len(remade) == 4
    for path, mtime in before.items():
        if "testfield" in str(path):
            assert path.stat().st_mtime_ns == mtime


def test_a_damaged_output_is_made_again(first_pack):
    offers, out, _ = first_pack
    target = out / "testfield-primary-school/en-GB/plain-text.txt"
    target.write_text("scribbled on")
    result = build_pack(offers, out, **FAST)
    assert {r.job.relpath for r in result.results if r.rendered} == {"testfield-primary-school/en-GB/plain-text.txt"}
    assert "Testfield Primary School" in target.read_text()


def test_zip(tmp_path):
    offers = two_offers(tmp_path)[:1]
    result = build_pack(offers, tmp_path / "p", formats=["text"], large_print=[], jobs=1, make_zip=True)
    with zipfile.ZipFile(result.zip_path) as archive:
        names = archive.namelist()
    assert "p/manifest.json" in names and "p/testfield-primary-school/en-GB/plain-text.txt" in names


def test_one_failing_job_never_loses_the_others(tmp_path, run):
    offers = two_offers(tmp_path)
    result = run("pack", *offers, "--large-print", "18,99", "--jobs", "1", "-o", tmp_path / "p")
    assert result.exit_code == 3
    assert "large-print-99pt.pdf: --size: large print is 16 to 48 point" in result.stderr
    assert (tmp_path / "p/testfield-primary-school/en-GB/large-print-18pt.pdf").is_file()
    assert "could not be made" in (tmp_path / "p/README.txt").read_text()


def test_bad_offer_stops_before_any_work(tmp_path, run):
    offers = two_offers(tmp_path)
    (offers[1] / "offer.yaml").write_text(valid_offer_text().replace("kind: primary", "kind: primry"))
    result = run("pack", *offers, "-o", tmp_path / "p")
    assert result.exit_code == 2 and "primry" in result.stderr
    assert not (tmp_path / "p").exists()


def test_pack_never_writes_into_an_offer(tmp_path, run):
    offers = two_offers(tmp_path)
    result = run("pack", offers[0], "-o", offers[0] / "pack")
    assert result.exit_code == 2 and "inside the offer folder" in result.stderr


def test_killed_pack_leaves_no_broken_file_and_rerun_completes(tmp_path):
    offers = two_offers(tmp_path)
    out = tmp_path / "p"
    command = [sys.executable, "-m", "offerprint", "pack", *map(str, offers), "--large-print", "18,24",
               "--jobs", "2", "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.rglob("*.pdf")):
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)  # the pack and its workers, mid-run
    process.wait()
    for path in out.rglob("*"):
        if path.is_file() and path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:  # every PDF under its final name is whole
                assert len(pdf.pages) > 0
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not list(out.rglob("*.part"))
    manifest = json.loads((out / "manifest.json").read_text())
    from offerprint.pack import default_formats

    per_offer = len(default_formats()) - 1 + 2  # large print at 18 and 24
    assert len(manifest["files"]) == 2 * per_offer
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def test_a_language_without_a_translation_is_noted_not_failed(tmp_path, run):
    offers = two_offers(tmp_path)[:1]
    result = run("pack", *offers, "--lang", "ur", "--large-print", "18", "--jobs", "1", "-o", tmp_path / "p")
    assert result.exit_code == 0, result.output
    assert "has no ur translation yet" in result.stdout and "translate export" in result.stdout
    readme = (tmp_path / "p/README.txt").read_text()
    assert "Languages not made" in readme and "no ur translation" in readme
    assert not (tmp_path / "p/testfield-primary-school/ur").exists()


def test_an_unknown_language_is_refused_before_any_work(tmp_path, run):
    offers = two_offers(tmp_path)[:1]
    result = run("pack", *offers, "--lang", "xx-nonsense", "-o", tmp_path / "p")
    assert result.exit_code == 2 and "--lang" in result.stderr


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_packed_files_follow_the_umask(tmp_path, umask, mode):
    """Issue 16.6: written atomically, but with the user's usual permissions (mkstemp's 0600
    kept colleagues on a shared drive and the council's web server out). Workers and the
    pack's own files (README, manifest, zip) alike."""
    offers = two_offers(tmp_path)[:1]
    previous = os.umask(umask)
    try:
        result = build_pack(offers, tmp_path / "p", formats=["text", "slips"], large_print=[], jobs=2,
                            make_zip=True)
    finally:
        os.umask(previous)
    assert not result.failures
    files = [p for p in (tmp_path / "p").rglob("*") if p.is_file()] + [result.zip_path]
    assert len(files) == 5
    assert {str(p.relative_to(tmp_path)): oct(p.stat().st_mode & 0o777) for p in files} == {
        str(p.relative_to(tmp_path)): oct(mode) for p in files}


def test_hidden_folders_are_not_part_of_the_offer(tmp_path: Path):
    """The editor keeps backups in .offer-backups/ inside the offer: saving one must not make
    every document again, while a real change (a new photo) does."""
    from offerprint.pack import offer_hash

    folder = copy_example("oakfield-primary", tmp_path)
    before = offer_hash(folder, "en-GB")
    (folder / ".offer-backups").mkdir()
    (folder / ".offer-backups" / "offer-1.yaml").write_text("setting: {}\n", encoding="utf-8")
    assert offer_hash(folder, "en-GB") == before
    (folder / "photo.png").write_bytes(b"\x89PNG not really")
    assert offer_hash(folder, "en-GB") != before


def test_a_pack_clears_what_it_no_longer_makes(tmp_path):
    """A file made last time and not this time (the audio of a run with --audio, a setting
    left out) leaves the folder and the zip with the manifest, and so does a folder it leaves
    empty; a file a person put there, or changed, stays."""
    offers = two_offers(tmp_path)
    out = tmp_path / "pack"
    build_pack(offers, out, formats=["text", "braille", "html"], jobs=1, make_zip=True)
    folder = out / "testfield-primary-school" / "en-GB"
    assert (folder / "braille-ueb-grade2.brf").is_file() and (out / "riverside-primary-school").is_dir()
    (folder / "web-page.html").write_text("the office's own notes on the web page")  # changed by a person
    (out / "office-notes.txt").write_text("put here by a person")
    build_pack(offers[:1], out, formats=["text"], jobs=1, make_zip=True)
    assert not (folder / "braille-ueb-grade2.brf").exists() and not (out / "riverside-primary-school").exists()
    assert (folder / "web-page.html").read_text() == "the office's own notes on the web page"
    assert (out / "office-notes.txt").is_file() and (folder / "plain-text.txt").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == ["testfield-primary-school/en-GB/plain-text.txt"]
    with zipfile.ZipFile(out.with_suffix(".zip")) as archive:
        names = archive.namelist()
    assert not any(name.endswith(".brf") or "riverside" in name for name in names)
    assert "pack/office-notes.txt" in names
