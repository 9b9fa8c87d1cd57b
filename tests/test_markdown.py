"""The offer's small Markdown: line breaks a person meant (issue 15 point 2)."""

from __future__ import annotations

import re

import pytest

from offerprint import markdown as md
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render

from conftest import valid_offer_text

PASTED = """We offer:
- small group reading
- one-to-one help with maths
Speech and language
We work with the speech and language team, who visit every week and train our staff
in the ways that help children most.

Write to us at:
Oakfield Primary School
Oakfield Road
Stockport SK1 2AB

\u2022 Breakfast club from 8am
\u2022 Homework club on Tuesdays
"""

WRAPPED = """We watch how every child is learning, in class and at play, and we talk to you when
we notice that your child finds something hard. We then plan the next steps together, and
we check every half term that the extra help is working for your child."""


def test_pasted_line_breaks_kept_in_the_markdown():
    blocks = md.blocks(PASTED)
    assert [(b.kind, b.text) for b in blocks][:3] == [
        ("paragraph", "We offer:"), ("bullet", "small group reading"), ("bullet", "one-to-one help with maths")]
    # The heading line is not glued onto the bullet above it: it starts a paragraph of its own line.
    heading = blocks[3]
    assert heading.kind == "paragraph" and heading.lines[0] == "Speech and language"
    assert heading.lines[1].startswith("We work with the speech and language team, who visit every week and train "
                                       "our staff in the ways")  # a wrapped line is still joined
    address = blocks[4]
    assert address.lines == ("Write to us at:", "Oakfield Primary School", "Oakfield Road", "Stockport SK1 2AB")
    assert [(b.kind, b.text) for b in blocks[5:]] == [("bullet", "Breakfast club from 8am"),
                                                     ("bullet", "Homework club on Tuesdays")]


def test_pasted_line_breaks_wrapped_prose_still_flows():
    assert md.keep_meant_breaks(WRAPPED) == WRAPPED
    assert md.blocks(WRAPPED)[0].lines == ()
    assert md.meant_line_breaks(WRAPPED) == []
    # A bullet whose text wraps onto the next line is one bullet.
    wrapped_item = "- We meet you before your child starts and we agree\n  the help they need.\n- We review it."
    assert [b.text for b in md.blocks(wrapped_item)] == [
        "We meet you before your child starts and we agree the help they need.", "We review it."]
    lazy = "- We meet you before your child starts and we agree with\nyou the help they need."
    assert [b.text for b in md.blocks(lazy)] == ["We meet you before your child starts and we agree with you the help "
                                                 "they need."]


def test_pasted_line_breaks_where():
    kept = md.meant_line_breaks(PASTED)
    lines = PASTED.split("\n")
    assert (1, "list") in kept  # the list under "We offer:"
    assert (3, "list") in kept  # the heading line ends the list
    assert (3, "line") in kept  # and keeps its own line
    assert all(0 <= n < len(lines) for n, _ in kept)


@pytest.fixture
def pasted_offer(offer_dir):
    text = valid_offer_text().replace(
        "      We answer this question plainly. Our staff will help you with identify needs.\n",
        "".join(f"      {line}\n" if line else "\n" for line in PASTED.splitlines()), 1)
    (offer_dir / "offer.yaml").write_text(text, encoding="utf-8")
    return load_offer(offer_dir)


def test_pasted_line_breaks_survive_in_html_and_text(pasted_offer):
    # Spans and no-break spaces (words kept together) aside, the structure:
    html = re.sub(r"</?span[^>]*>", "", str(md.to_html(pasted_offer.offer.sections[0].answer))).replace("\xa0", " ")
    assert "<ul><li>small group reading</li>" in html
    assert "Speech and language<br>We work" in html
    assert "Write to us at:<br>Oakfield Primary School<br>Oakfield Road<br>Stockport" in html
    assert "maths Speech" not in html
    text = render(pasted_offer, "text", RenderOptions(wrap=72)).decode()
    lines = text.splitlines()
    assert "- one-to-one help with maths" in lines
    at = lines.index("Speech and language")
    assert lines[at + 1].startswith("We work with the speech and language team")
    at = lines.index("Write to us at:")
    assert lines[at + 1:at + 4] == ["Oakfield Primary School", "Oakfield Road", "Stockport SK1 2AB"]
    assert "- Breakfast club from 8am" in lines
    brf = render(pasted_offer, "braille", RenderOptions(braille_grade=1)).decode("ascii")
    assert brf  # made; the braille tests read it back
    docx = render(pasted_offer, "docx")
    assert docx[:2] == b"PK"


def test_pasted_line_breaks_survive_in_the_web_page(pasted_offer):
    page = re.sub(r"</?span[^>]*>", "", render(pasted_offer, "html").decode()).replace("\xa0", " ")
    assert "Speech and language<br>We work" in page


def test_quadratic_markdown_one_long_word():
    """#24 point 5: an answer that is one long word (60,000 characters, pasted by mistake) was
    quadratic in the unbreakable-items pattern (over a minute to preview); now it is one pass.
    Run in a child process with a generous limit, so a regression fails instead of hanging."""
    import subprocess
    import sys

    code = ("from offerprint import markdown as md; md.to_html('A' * 60000); md.to_html('ab-' * 20000); "
            "md.to_html('x.' * 30000 + '@')")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)


def test_the_bounded_unbreakable_pattern_finds_what_it_found_before():
    """Parts of addresses and hyphenated words bounded at 64 characters find the same items as
    the unbounded pattern (seeded texts of addresses, hyphens, phone numbers and dates)."""
    import random
    import re

    old = re.compile(md.UNBREAKABLE.pattern.replace("{1,64}", "+").replace("{1,63}", "+"))
    pieces = ["senco@oak.example.org", "co-ordinator", "well-being", "-", "--", "a-", "-b", "0161 496 0123",
              "1 September 2026", "https://x.example.org/a-b", "word", "x.y@z", ".", "@", "three-", "and", "ক-খ"]
    rng = random.Random(24)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "  ", "\n", "-", "."]) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in md.UNBREAKABLE.finditer(text)] == [m.span() for m in old.finditer(text)], text


def test_a_web_address_ends_before_another_scripts_punctuation():
    """An Urdu comma after an address was kept inside the address's no-break span, set in the
    Latin font, which has no "،": it was drawn in a fallback font and failed the audit."""
    from offerprint.markdown import UNBREAKABLE

    for text, address in (("دیکھیں https://school.example.org/send، پھر", "https://school.example.org/send"),
                          ("网址 https://school.example.org/a，然后", "https://school.example.org/a"),
                          ("zobacz https://szkoła.example.org/ścieżka.", "https://szkoła.example.org/ścieżka")):
        assert UNBREAKABLE.search(text).group() == address
