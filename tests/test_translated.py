"""Translated documents: the real words come back out of the PDF in every script, the
language is declared, English fallbacks are marked as English, and a translation is only
ever text."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pikepdf
import pytest

from offerprint import markdown as md
from offerprint.document import build_document, document_texts
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render
from offerprint.render.pdf import page_furniture
from offerprint.translate import format_po, read_po, translation_for

from conftest import ROOT, copy_example

OAKFIELD = ROOT / "examples" / "oakfield-primary"
LANGS = ["ur", "pl", "ar", "bn"]
_MARKS = dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _flat(text: str) -> str:
    """For comparing: NFKC, no direction marks, no whitespace (line breaks differ)."""
    return "".join(unicodedata.normalize("NFKC", text).translate(_MARKS).split())


@pytest.fixture(scope="session")
def translated_pdf():
    cache: dict = {}

    def get(lang: str, fmt: str = "standard", **options) -> bytes:
        key = (lang, fmt, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = render(load_offer(OAKFIELD), fmt, RenderOptions(lang=lang, **options))
        return cache[key]

    return get


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_is_fully_translated(lang):
    po = read_po(OAKFIELD / "translations" / f"{lang}.po")
    live = [e for e in po.live if e.msgid]
    assert live and all(e.msgstr and not e.fuzzy for e in live)


def _document(lang: str):
    loaded = load_offer(OAKFIELD)
    return build_document(loaded, translation_for(loaded, lang))


def _extracted_without_furniture(pdf: bytes, lang: str) -> str:
    doc = _document(lang)
    furniture = re.compile(page_furniture(doc.labels["page_of"]))
    # The page number between two halves of a paragraph is page furniture, not its words.
    return "\n".join(line for line in _text(pdf).splitlines() if not furniture.match(line))


def _script_letters(text: str, lang: str) -> str:
    """The letters of the translation's own script (no digits or punctuation; for the other
    scripts, no Latin either)."""
    lowest = 0 if lang == "pl" else 0x250
    return "".join(ch for ch in unicodedata.normalize("NFC", text)
                   if unicodedata.category(ch)[0] in "LM" and ord(ch) >= lowest)


@pytest.mark.parametrize("lang", LANGS)
def test_the_translation_reads_back_from_the_pdf(translated_pdf, lang):
    """Text truth: pdftotext gives back the translated words in every script."""
    import difflib

    from offerprint.audit import _text_problems

    pdf = translated_pdf(lang)
    extracted = _extracted_without_furniture(pdf, lang)
    units = document_texts(_document(lang))
    # Every unit is found: verbatim (whitespace and direction marks aside) in left-to-right
    # scripts; in right-to-left ones, where pdftotext reorders numbers, English words and
    # neutral punctuation by its own rules, every word of the unit together.
    assert _text_problems(extracted, units, []) == []
    if lang in ("pl", "bn"):
        flat = _flat(extracted)
        assert [u for u in units if _flat(u) not in flat] == []
    # And the script's own letters come back in order: similarity >= 0.99.
    wanted = _script_letters(" ".join(units), lang)
    body = _script_letters(extracted, lang)
    matched = sum(block.size for block in difflib.SequenceMatcher(None, wanted, body, autojunk=False)
                  .get_matching_blocks())
    assert matched / len(wanted) >= 0.99, matched / len(wanted)


# Share of units that come back verbatim (whitespace and direction marks aside) from
# pdftotext; measured on the Oakfield example (188 units, many mixing English names, brackets
# and numbers into right-to-left lines): 66 % Arabic, 71 % Urdu before right-to-left
# punctuation carried right-to-left marks (actual_text._neutral); 98.9 % and 99.5 % after.
VERBATIM = {"ar": 0.98, "ur": 0.98}


@pytest.mark.parametrize("lang", sorted(VERBATIM))
def test_mixed_right_to_left_lines_read_back_verbatim(translated_pdf, lang):
    """Issue 14.5: English words, numbers and brackets inside Arabic and Urdu lines come back
    in reading order, so whole units match as the translator wrote them."""
    extracted = _flat(_extracted_without_furniture(translated_pdf(lang), lang))
    units = document_texts(_document(lang))
    mixed = [u for u in units if re.search(r"[A-Za-z0-9()]", u)]
    assert len(mixed) > 50  # the measure is about mixed lines: there are plenty
    verbatim = [u for u in units if _flat(u) in extracted]
    assert len(verbatim) / len(units) >= VERBATIM[lang], (len(verbatim), len(units))


def _langs_in_tree(pdf: bytes) -> tuple[str, set[str]]:
    with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
        catalog_lang = str(document.Root.get("/Lang", ""))
        found: set[str] = set()
        stack = [document.Root.StructTreeRoot]
        seen = set()
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen and node.objgen != (0, 0):
                continue
            seen.add(node.objgen)
            if "/Lang" in node:
                found.add(str(node.Lang))
            if "/K" in node:
                stack.append(node.K)
        return catalog_lang, found


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_declares_its_language(translated_pdf, lang):
    catalog_lang, _ = _langs_in_tree(translated_pdf(lang))
    assert catalog_lang == lang


def test_untranslated_units_fall_back_to_english_marked_as_english(tmp_path):
    folder = copy_example("oakfield-primary", tmp_path, translations=True)
    po_file = folder / "translations" / "pl.po"
    po = read_po(po_file)
    dropped = [e for e in po.live if e.context == "sections.staff-support.answer"]
    assert dropped
    for entry in dropped:
        entry.msgstr = ""
    po_file.write_text(format_po(po), encoding="utf-8")
    pdf = render(load_offer(folder), "standard", RenderOptions(lang="pl"))
    text = _text(pdf)
    assert "Część tej sekcji nie została jeszcze przetłumaczona" in text
    english = md.blocks(dropped[0].msgid)[0].text
    assert _flat(english) in _flat(text)
    _, langs = _langs_in_tree(pdf)
    assert "en-GB" in langs


def test_a_translation_is_only_ever_text(tmp_path):
    folder = copy_example("oakfield-primary", tmp_path, translations=True)
    po_file = folder / "translations" / "pl.po"
    po = read_po(po_file)
    entry = next(e for e in po.live if e.context == "sections.staff-support.answer")
    entry.msgstr = "Uwaga <script>alert(1)</script> {{ 7*7 }} {% if x %}tak{% endif %} <img src=x onerror=y>"
    po_file.write_text(format_po(po), encoding="utf-8")
    text = _text(render(load_offer(folder), "standard", RenderOptions(lang="pl")))
    assert "Uwaga <script>alert(1)</script> {{ 7*7 }} {% if x %}tak{% endif %} <img src=x onerror=y>" in \
        " ".join(text.split())


def test_bilingual_has_both_languages(translated_pdf):
    text = _flat(_text(translated_pdf("pl", "standard", bilingual=True)))
    loaded = load_offer(OAKFIELD)
    section = loaded.offer.sections[1]
    assert _flat(md.blocks(section.answer)[0].text) in text
    polish = build_document(loaded, translation_for(loaded, "pl")).sections[1]
    assert _flat(md.blocks(polish.answer)[0].text) in text


def test_missing_translation_is_a_clear_error(tmp_path, run):
    folder = copy_example("oakfield-primary", tmp_path)
    result = run("build", folder, "--lang", "so", "--format", "standard", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "there is no so translation" in result.stderr and "translate export" in result.stderr


@pytest.mark.parametrize("lang", ["ur", "bn"])
def test_easy_read_and_large_print_in_other_scripts(translated_pdf, lang):
    assert translated_pdf(lang, "large-print", size=24).startswith(b"%PDF")
    assert translated_pdf(lang, "easy-read").startswith(b"%PDF")


@pytest.mark.parametrize("lang", LANGS)
def test_the_lines_in_each_language_stay_together_before_the_slip(translated_pdf, lang):
    """"This information in your language", line by language, is on one page, the one before
    the slip: not a line or two of it alone on a page of their own (Urdu did that)."""
    doc = _document(lang)
    pages = [_flat(page) for page in _text(translated_pdf(lang)).split("\f")]
    # The left-to-right lines: pdftotext keeps their words in order whatever the page's direction.
    lines = [_flat(line["before"]) for line in doc.language_lines if line["dir"] == "ltr" and line["before"].strip()]
    found = [next(i for i, page in enumerate(pages) if line in page) for line in lines]
    slip = next(i for i, page in enumerate(pages) if _flat(doc.labels["tell_us"]) in page and i > found[0])
    assert len(lines) >= 4 and set(found) == {slip - 1}, (found, slip)
