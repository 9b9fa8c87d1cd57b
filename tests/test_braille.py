"""Braille (BRF): 40 cells by 25 lines, ASCII braille only, words never broken, and the
words come back when liblouis translates it back."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from offerprint.document import build_document
from offerprint.errors import MissingDependencyError, OfferInputError
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render
from offerprint.render import braille as braille_module
from offerprint.render.braille import ASCII_BRAILLE, document_blocks, lou_translate

from conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden" / "oakfield-primary.brf"


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
    return [page.rstrip("\n").split("\n") for page in text.split("\f")]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_pages_are_40_by_25_in_ascii_braille(brf, example):
    text = brf(example)
    assert set(text) <= ASCII_BRAILLE | {"\n", "\f"}
    pages = _pages(text)
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        assert len(page) <= 25
        assert all(len(line) <= 40 for line in page)
        expected = lou_translate([str(number)])[0]
        assert page[-1] == expected.rjust(40), (number, page[-1])


def test_custom_page_size(brf):
    pages = _pages(brf(EXAMPLES[0], cells=32, lines=20))
    assert all(len(page) <= 20 and all(len(line) <= 32 for line in page) for page in pages)


def _body_lines(text: str) -> list[str]:
    return [line for page in _pages(text) for line in page[:-1]]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_grade_1_reads_back_word_for_word(brf):
    example = EXAMPLES[0]
    back = lou_translate(_body_lines(brf(example, braille_grade=1)), 1, backward=True)
    source = " ".join(b.text for b in document_blocks(build_document(load_offer(example))))
    assert _words(" ".join(back)) == _words(source)


def test_grade_2_reads_back_closely(brf):
    """liblouis's back-translation of contracted braille is lossy; the words still mostly return."""
    example = EXAMPLES[0]
    back = lou_translate(_body_lines(brf(example)), 2, backward=True)
    source = " ".join(b.text for b in document_blocks(build_document(load_offer(example))))
    ratio = difflib.SequenceMatcher(None, _words(source), _words(" ".join(back)), autojunk=False).ratio()
    assert ratio >= 0.85


def test_no_word_is_broken_across_lines(brf):
    """Every line of grade 1 braille back-translates to whole words of the source."""
    example = EXAMPLES[0]
    source_words = set(_words(" ".join(b.text for b in document_blocks(build_document(load_offer(example))))))
    for line in lou_translate(_body_lines(brf(example, braille_grade=1)), 1, backward=True):
        for word in _words(line):
            assert word in source_words, word


def test_golden_brf(brf):
    """A change in the braille is deliberate: regenerate with
    offerprint build examples/oakfield-primary --format braille -o tests/golden/oakfield-primary.brf"""
    example = next(e for e in EXAMPLES if e.name == "oakfield-primary")
    assert brf(example) == GOLDEN.read_text(encoding="ascii")


def test_addresses_are_uncontracted(brf):
    assert "OFFICE@AOAKFIELD4EXAMPLE4ORG" in brf(next(e for e in EXAMPLES if e.name == "oakfield-primary"))


def test_missing_liblouis_names_the_package(monkeypatch):
    monkeypatch.setattr(braille_module.shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="liblouis-bin"):
        lou_translate(["x"])


def test_bad_page_size_is_refused():
    with pytest.raises(OfferInputError, match="--cells"):
        render(load_offer(EXAMPLES[0]), "braille", RenderOptions(cells=5))
