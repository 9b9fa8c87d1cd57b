"""Plain text: every question and answer, headings without markup, lists with "- ",
contacts in full, links as words (address), optional wrapping."""

from __future__ import annotations

import re

import pytest

from offerprint import markdown as md
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render

from conftest import EXAMPLES, valid_offer_text


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
@pytest.mark.parametrize("wrap", [None, 60])
def test_text_holds_every_question_and_answer(example, wrap):
    loaded = load_offer(example)
    text = render(loaded, "text", RenderOptions(wrap=wrap)).decode("utf-8")
    flat = _squash(text)
    offer = loaded.offer
    for section in offer.sections:
        if section.question:
            assert _squash(section.question) in flat
        for block in md.blocks(section.answer, links=True):
            assert _squash(block.text) in flat, block.text
        for contact in section.contacts:
            assert contact.name in flat
            for detail in (contact.phone, contact.email):
                if detail:
                    assert detail in flat
        for step in section.timescales:
            assert _squash(f"{step.when}: {step.what}") in flat
    for part in (offer.co_production, offer.complaints):
        for block in md.blocks(part, links=True):
            assert _squash(block.text) in flat
    assert offer.offer.local_offer.phone in flat and offer.offer.local_offer.website in flat
    if wrap:
        for line in text.splitlines():
            assert len(line) <= wrap or " " not in line.strip(), line


def test_headings_stand_out_and_lists_use_dashes():
    text = render(load_offer(EXAMPLES[0]), "text").decode()
    assert re.search(r"^Support for Learners\n=+$", text, re.M)
    assert re.search(r"^Contents\n-{8}$", text, re.M)
    assert re.search(r"^- large print, at the size you need$", text, re.M)


def test_links_are_written_with_their_address(offer_dir):
    (offer_dir / "offer.yaml").write_text(valid_offer_text().replace(
        "We answer this question plainly.", "Read [our SEND policy](https://testfield.example.org/send).", 1))
    text = render(load_offer(offer_dir), "text").decode()
    assert "Read our SEND policy (https://testfield.example.org/send)." in text


def test_text_is_utf8(offer_dir):
    (offer_dir / "offer.yaml").write_text(valid_offer_text().replace("Mr Sam Lee", "Mr Łukasz Wiśniewski"),
                                          encoding="utf-8")
    assert "Łukasz Wiśniewski".encode("utf-8") in render(load_offer(offer_dir), "text")


def test_cli_text_and_wrap(offer_dir, run, tmp_path):
    out = tmp_path / "offer.txt"
    assert run("build", offer_dir, "--format", "text", "--wrap", "40", "-o", out).exit_code == 0
    assert max(len(l) for l in out.read_text().splitlines() if " " in l.strip()) <= 40
    bad = run("build", offer_dir, "--format", "text", "--wrap", "10", "-o", out)
    assert bad.exit_code == 2 and "--wrap" in bad.stderr
    assert run("build", offer_dir, "--format", "standard", "--wrap", "40").exit_code == 2


def test_set_wording_is_said_for_the_kind_of_setting(offer_dir):
    """A question the school did not reword prints as its set's wording for that kind of
    setting, in every format (they share questions.question_text)."""
    text = render(load_offer(offer_dir), "text").decode()
    assert "How does the school know if children need extra help" in text
    assert "setting / school / college" not in text
