"""The pack's plain text and easy read choices, and what its summary tells the office
(issue 15 points 5 and 10). Kept apart from test_pack.py, which renders whole packs."""

from __future__ import annotations

from pathlib import Path

import pytest

import offerprint.pack as pack_module
from offerprint.errors import MissingEasyReadError
from offerprint.load import load_offer
from offerprint.pack import JobResult, PackResult, build_pack, plan_jobs

from conftest import valid_offer_text

FIRST_ITEMS = ("    easy_read:\n      - text: We will help your child.\n        picture: teacher\n"
               "      - text: You can talk to us.\n        picture: talk\n"
               "      - text: We listen to you.\n        picture: listen\n")


def _offer(folder: Path, without_easy_read: int = 0) -> Path:
    folder.mkdir(parents=True)
    (folder / "offer.yaml").write_text(valid_offer_text().replace(FIRST_ITEMS, "", without_easy_read))
    return folder


def test_pack_text_is_wrapped_at_72(tmp_path):
    folder = _offer(tmp_path / "o")
    jobs = plan_jobs([load_offer(folder)], [], [18], ["text", "easy-read", "standard"])
    options = {job.fmt: job.options for job in jobs}
    assert options["text"].wrap == 72 and options["standard"].wrap is None
    result = build_pack([folder], tmp_path / "p", formats=["text"], large_print=[], jobs=1)
    text = (tmp_path / "p/testfield-primary-school/en-GB/plain-text.txt").read_text()
    assert max(len(line) for line in text.splitlines()) <= 72
    assert result.failures == []


def test_easy_read_missing_pack_allow_missing(tmp_path, run):
    """Point 5: pack --allow-missing makes the easy read without the parts that have no easy
    read text, and says so; without it, the summary names the document not made and the one
    command that makes it."""
    folder = _offer(tmp_path / "o", without_easy_read=2)
    jobs = plan_jobs([load_offer(folder)], [], [], ["easy-read", "text"], allow_missing=True)
    assert {job.fmt: job.options.allow_missing for job in jobs} == {"easy-read": True, "text": False}
    result = build_pack([folder], tmp_path / "p", formats=["easy-read"], large_print=[], jobs=1,
                        allow_missing=True)
    assert result.failures == []
    assert (tmp_path / "p/testfield-primary-school/en-GB/easy-read.pdf").is_file()
    assert any("leaves out 2 part(s) with no easy read text yet (identify-needs, staff-support)" in n
               for n in result.notes)


def test_easy_read_missing_pack_summary_names_the_fix(tmp_path, run, monkeypatch):
    folder = _offer(tmp_path / "o", without_easy_read=2)
    job = plan_jobs([load_offer(folder)], [], [], ["easy-read"])[0]
    failed = JobResult(job, False, error=f"{folder}/offer.yaml:57:5: sections[1]: 'identify-needs' has no easy "
                                         "read text (add easy_read: items (text and picture), or build with "
                                         "--allow-missing to print a note saying whom to ask)",
                       error_kind=MissingEasyReadError.kind)  # what the CLI decides on: the kind, not the words
    monkeypatch.setattr(pack_module, "build_pack", lambda *a, **k: PackResult(tmp_path / "p", [failed]))
    result = run("pack", folder, "--lang", "ur", "-o", tmp_path / "p")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    at = next(i for i, line in enumerate(lines) if "easy-read.pdf" in line)
    assert lines[at].startswith("  - testfield-primary-school/en-GB/easy-read.pdf: ")
    assert lines[at + 1] == (f"    To fix it: add easy_read: text to those sections, or make it now without them: "
                             f"offerprint pack {folder} -o {tmp_path / 'p'} --lang ur --allow-missing")
