"""Braille (BRF) as a transcriber lays it out: 40 cells by 25 lines in ASCII braille, CR LF
line ends and a form feed between pages; a title page with the transcriber's note, a contents
page whose braille page numbers are right; centred, cell-5 and cell-7 headings; every
character of the offer reaches the braille; and the words come back when liblouis translates
it back."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import EXAMPLES, valid_offer_text
from rapidfuzz.distance import LCSseq

from offerprint.document import build_document
from offerprint.errors import MissingDependencyError, OfferInputError, RenderError
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render
from offerprint.render import braille as braille_module
from offerprint.render import braille_layout as bl
from offerprint.render.braille import (
    ASCII_BRAILLE,
    document_blocks,
    lou_translate,
    translate_blocks,
)

GOLDEN = Path(__file__).parent / "golden" / "oakfield-primary.brf"
OAKFIELD = next(e for e in EXAMPLES if e.name == "oakfield-primary")
BRINNINGTON = next(e for e in EXAMPLES if e.name == "brinnington-high")


@pytest.fixture(scope="module")
def brf():
    cache = {}

    def get(example: Path, **options) -> str:
        key = (example.name, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = render(load_offer(example), "braille", RenderOptions(**options)).decode("ascii")
        return cache[key]

    return get


def _pages(text: str) -> list[list[str]]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return [page.removesuffix("\r\n").split("\r\n") for page in text.split("\f")]


def _body_lines(text: str) -> list[str]:
    return [line for page in _pages(text) for line in page[:-1]]


def _preliminary_count(pages: list[list[str]]) -> int:
    return sum(1 for page in pages if page[-1].strip().startswith("P#"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_pages_are_40_by_25_in_ascii_braille_with_crlf_and_form_feeds(brf, example):
    text = brf(example)
    assert set(text) <= ASCII_BRAILLE | {"\r", "\n", "\f"}
    pages = _pages(text)
    preliminary = _preliminary_count(pages)
    assert preliminary >= 1 and len(pages) - preliminary > 5
    numbers = [f"p{n}" for n in range(1, preliminary + 1)] + [str(n) for n in range(1, len(pages) - preliminary + 1)]
    expected = lou_translate(numbers)
    for page, number in zip(pages, expected, strict=True):
        assert len(page) == 25
        assert all(len(line) <= 40 for line in page)
        assert page[-1] == number.rjust(40), (number, page[-1])
        assert page[0].strip(), "a page starts with a blank line"


def test_custom_page_size(brf):
    pages = _pages(brf(EXAMPLES[0], cells=32, lines=20))
    assert all(len(page) == 20 and all(len(line) <= 32 for line in page) for page in pages)


# --- every character reaches the braille -------------------------------------------------

# UEB's own symbols for what liblouis's back-translation does not give back (it reads a
# lower sign next to letters as a contraction, and has one sign for both dashes and quotes);
# a grade 1 indicator (;) may stand before a lower sign between letters.
UEB_SIGNS = {"!": ("6",), ",": ("1",), ":": ("3",), ";": ("2",), "\u2013": (",-",), "\u2014": ('",-', ",-"),
             "\u2018": (",8",), "\u2019": ("'", ",0"), "\u201c": ("8",), "\u201d": ("0",), "\u00a0": (" ",)}
CHARACTERS = [chr(c) for c in range(0x21, 0x7F)] + list("\u2013\u2014\u2018\u2019\u201c\u201d\u2026£€•°\u00a0")


@pytest.mark.parametrize("grade", [1, 2])
def test_every_character_comes_back_or_is_its_ueb_sign(grade):
    # A letter or digit stands alone (between letters grade 2 would contract it with them).
    texts = [f"cat {c} dog" if c.isalnum() else f"cat{c}dog" for c in CHARACTERS]
    cells = [" ".join(w.cells for w in words) for words in translate_blocks(texts, grade)]
    back = lou_translate(cells, grade, backward=True)
    for c, source, braille, text in zip(CHARACTERS, texts, cells, back):
        if c.isalnum():
            assert text == source, (c, braille, text)
            continue
        between = braille.removeprefix("CAT").removesuffix("DOG")
        assert braille.startswith("CAT") and braille.endswith("DOG") and between, (c, braille)
        assert c in text or between.removeprefix(";") in UEB_SIGNS.get(c, ()), (c, braille, text)


def test_a_backslash_paragraph_reaches_the_brf(tmp_path):
    """liblouis reads backslash escapes: a path like S:\\SEN\\Policies made the paragraph vanish."""
    folder = tmp_path / "slashfield"
    folder.mkdir()
    text = valid_offer_text().replace(
        "We answer this question plainly.", r"Our policies are in S:\SEN\Policies on the office computer. "
        "We answer this question plainly. Ask us about \u4e2d and \U0001F600 too.", 1)
    assert "S:\\SEN" in text
    (folder / "offer.yaml").write_text(text, encoding="utf-8")
    brf = render(load_offer(folder), "braille", RenderOptions(braille_grade=1)).decode("ascii")
    back = " ".join(lou_translate(_body_lines(brf), 1, backward=True))
    assert "S:\\SEN\\Policies" in back
    assert "office computer" in back
    # Signs braille has none for are named, not written as liblouis's hexadecimal escapes.
    assert "[cjk unified ideograph-4e2d]" in back and "[grinning face]" in back


@pytest.mark.parametrize("stdout, stderr", [("A\n\nC\n", ""), ("A\nB\nC\n", "error: invalid escape sequence")])
def test_text_liblouis_loses_is_an_error_not_a_gap(monkeypatch, stdout, stderr):
    """A line liblouis returns empty, or an error it reports while exiting 0, stops the build."""
    def fake_run(*args, **kwargs):
        return subprocess.CompletedProcess(args, 0, stdout=stdout, stderr=stderr)

    monkeypatch.setattr(braille_module.subprocess, "run", fake_run)
    with pytest.raises(RenderError):
        lou_translate(["a", "b", "c"])


# --- layout -------------------------------------------------------------------------------

def _words(text: str) -> list[bl.Word]:
    return [bl.Word(w) for w in text.split()]


def test_heading_positions_and_blank_lines():
    blocks = [("p", _words("AB CD"), None), ("h1", _words("TITLE"), None), ("p", _words("EF"), None),
              ("h2", _words("CELL FIVE"), 1), ("h3", _words("CELL SEVEN"), None), ("li", _words("ONE"), None),
              ("li", _words("TWO"), None), ("p", _words("GH"), None), ("h2", _words("NEXT"), 2), ("li", _words("X"), None)]
    lines = [(line.text, line.kind) for line in bl.block_lines(blocks, 20)]
    assert lines == [("  AB CD", "text"), ("", "blank"), ("       TITLE", "heading"), ("", "blank"),
                     ("  EF", "text"), ("", "blank"), ("    CELL FIVE", "heading"), ("      CELL SEVEN", "heading"),
                     ("ONE", "text"), ("TWO", "text"), ("", "blank"), ("  GH", "text"), ("", "blank"),
                     ("    NEXT", "heading"), ("X", "text")]


def test_a_heading_keeps_two_lines_of_its_text_on_its_page():
    lines = [bl.Line(f"  T{n}", "text") for n in range(5)] + [bl.Line("", "blank"), bl.Line("    HEAD", "heading")]
    lines += [bl.Line(f"  U{n}", "text") for n in range(5)]
    pages = bl.paginate(lines, 9)  # 8 lines a page: the heading would have one line under it
    assert [line.text for line in pages[0]] == [f"  T{n}" for n in range(5)]
    assert pages[1][0].text == "    HEAD"


def test_a_long_address_is_divided_only_at_its_break_points_with_no_hyphen():
    cells = "HTTPS3_/_/WWW4BRINNINGTONPARK4EXAMPLE4ORG_/SEND_/POLICIES"
    address = braille_module._words(cells, [True] * len(cells))[0]
    lines = bl.wrap([bl.Word("SEE"), address], 24, 2, 0)
    assert "".join(line.strip().removeprefix("SEE ") for line in lines) == cells
    for line in lines[:-1]:
        assert not line.endswith("-")
        assert line.endswith("_/") or cells[cells.index(line.split()[-1]) + len(line.split()[-1])] in "4@"
    # An ordinary word longer than a line is still hyphenated (there is no other way).
    assert bl.wrap([bl.Word("A" * 30)], 20)[0].endswith("-")


def test_no_line_ends_with_an_added_hyphen(brf):
    for example in (OAKFIELD, BRINNINGTON):
        body = _body_lines(brf(example, braille_grade=1))
        assert not [line for line in body if line.endswith("-")]


def test_title_page_and_transcribers_note(brf):
    pages = _pages(brf(OAKFIELD, braille_grade=1))
    title_lines = lou_translate(pages[0][:-1], 1, backward=True)
    title = " ".join(" ".join(title_lines).split())
    doc = build_document(load_offer(OAKFIELD))
    assert title_lines[0].strip() == doc.setting.name and doc.title in title_lines
    assert f"Last reviewed: {doc.reviewed}" in title and "Volume 1 of 1" in title
    preliminary = _preliminary_count(pages)
    assert f"Braille pages p1 to p{preliminary} and 1 to {len(pages) - preliminary}" in title
    note = " ".join(lou_translate([line for page in pages[:preliminary] for line in page[:-1]], 1, backward=True))
    assert "Transcriber's note" in note.replace("\u2019", "'")
    assert "Pictures are left out" in note and "Urdu" in note  # what changed, said


def test_contents_page_numbers_are_where_the_headings_are(brf):
    pages = _pages(brf(OAKFIELD))
    body = pages[_preliminary_count(pages):]
    listed, found, previous = [], [], ""
    for number, page in enumerate(body, 1):
        for line in page[:-1]:
            entry = re.fullmatch(r'.* "{2,} (#[A-J]+)', line)
            if entry:
                listed.append(entry.group(1))
            elif re.match(r"    \S", line) and not re.match(r"    \S", previous):
                found.append(lou_translate([str(number)])[0])  # the first line of a cell-5 heading
            previous = line
    assert len(listed) > 10
    assert listed == found


# --- the words come back ------------------------------------------------------------------

def _normalised(text: str) -> list[str]:
    """Words lowercased, accents folded and punctuation stripped; words with no Latin letter or
    digit are left out (English braille has no signs for their scripts: see the test below)."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").lower())
    words = ("".join(c for c in word if c.isalnum() and not unicodedata.combining(c)) for word in text.split())
    return [w for w in words if re.search(r"[a-z0-9]", w)]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_braille_back_translates_to_98_percent_of_the_plain_text(brf, example):
    """liblouis's back-translation (grade 2) of the whole BRF holds >= 98 % of the words of the
    plain text of the same offer, in order (a longest common subsequence of normalised words).

    The remainder can differ because: liblouis cannot undo some contractions cleanly (a lone
    "enough" comes back as "en", "https:" as "httpscc:", "it" after "without" as "x"); a web or
    email address longer than a line is divided, so it comes back as two words; letters with
    accents UEB has no sign for (Polish a-ogonek) are written without the accent; and the "in
    your language" lines in Urdu, Arabic, Bengali, Punjabi, Chinese, Ukrainian and Persian are
    left out (the transcriber's note says so), so words in those scripts are not counted.
    Braille's own title page, note, contents and page numbers are extra words, not counted."""
    plain = _normalised(render(load_offer(example), "text", RenderOptions()).decode("utf-8"))
    lines = [line for page in _pages(brf(example)) for line in page]
    back = _normalised(" ".join(lou_translate(lines, 2, backward=True)))
    found = LCSseq.similarity(plain, back)
    assert found / len(plain) >= 0.98, f"{found / len(plain):.1%}"


def test_grade_1_reads_back_word_for_word(brf):
    """Grade 1 has no contractions to undo: every word of the text comes back, in order."""
    blocks = [b.text for b in document_blocks(build_document(load_offer(OAKFIELD))) if b.kind != "contents"]
    source = _normalised(" ".join(blocks))
    back = _normalised(" ".join(lou_translate(_body_lines(brf(OAKFIELD, braille_grade=1)), 1, backward=True)))
    assert LCSseq.similarity(source, back) == len(source)


def test_golden_brf(brf):
    """A change in the braille is deliberate: regenerate with
    offerprint build examples/oakfield-primary --format braille -o tests/golden/oakfield-primary.brf"""
    assert brf(OAKFIELD) == GOLDEN.read_bytes().decode("ascii")


def test_addresses_are_uncontracted(brf):
    assert "OFFICE@AOAKFIELD4EXAMPLE4ORG" in brf(OAKFIELD)


def test_missing_liblouis_names_the_package(monkeypatch):
    monkeypatch.setattr(braille_module.shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="liblouis-bin"):
        lou_translate(["x"])


def test_bad_page_size_is_refused():
    with pytest.raises(OfferInputError, match="--cells"):
        render(load_offer(EXAMPLES[0]), "braille", RenderOptions(cells=5))
