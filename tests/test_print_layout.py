"""Layout a publisher would not send back (issue 25), measured on the real PDFs: page 1 filled,
the feedback slip cut from a sheet whose back holds nothing a family needs, a 24 point contents
on two pages at most, set as a typesetter sets one (page numbers in a column of their own,
leaders that keep their entry's last word, of three dots or more, lined up), the easy read's
picture credit at the back, and default file names that tell the variants apart.

Three documents of the Oakfield example, rendered once for the module."""

from __future__ import annotations

import re
from io import BytesIO

import pdfplumber
import pytest
from click.testing import CliRunner

from offerprint.cli import main, output_suffix
from offerprint.document import build_document
from offerprint.load import load_offer
from offerprint.questions import easy_heading
from offerprint.render import RenderOptions, render

from conftest import ROOT, page_fill

OAKFIELD = ROOT / "examples" / "oakfield-primary"
DOCUMENTS = {"standard": ("standard", None), "large-print-24": ("large-print", 24), "easy-read": ("easy-read", None)}
PHONE = re.compile(r"\b0\d{3} ?\d{3} ?\d{4}\b")
PAGE_LABEL = re.compile(r"^\s*Page \d+ of \d+\s*$")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    loaded = load_offer(OAKFIELD)
    return {name: render(loaded, fmt, RenderOptions(size=size)) for name, (fmt, size) in DOCUMENTS.items()}


@pytest.fixture(scope="module")
def pages(pdfs):
    """name -> each page's lines of text (pdfplumber, page label left out) and its fill."""
    out = {}
    for name, pdf in pdfs.items():
        with pdfplumber.open(BytesIO(pdf)) as opened:
            out[name] = [([line for line in (page.extract_text() or "").splitlines() if not PAGE_LABEL.match(line)],
                          page_fill(page)) for page in opened.pages]
    return out


# --- page 1 ---------------------------------------------------------------------------------------

def test_standard_page_one_is_filled(pages):
    """The contents follow the cover on page 1 (a cover alone left page 1 40 % empty)."""
    lines, fill = pages["standard"][0]
    assert fill > 0.85, f"page 1 is {fill:.0%} filled"
    assert "Contents" in lines


# --- the feedback slip ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["standard", "large-print-24"])
def test_the_slip_is_cut_from_a_sheet_whose_back_holds_nothing_a_family_needs(pages, name):
    """Printed double-sided, page 2n is the back of page 2n - 1. The slip starts on an odd page
    and nothing follows it but its own end: cutting it out takes nothing else away."""
    doc = pages[name]
    slip = next(n for n, (lines, _) in enumerate(doc, 1) if "Cut here and return this slip" in lines)
    assert slip % 2 == 1, f"{name}: the slip is on page {slip}, the back of page {slip - 1}"
    assert any("Tell us what you think" in line for line in doc[slip - 1][0])
    for lines, _fill_ in doc[slip:]:  # the back of the slip, if it runs over
        text = " ".join(lines)
        assert not PHONE.search(text) and "@" not in text, f"{name}: the back of the slip holds {text!r}"
        assert not any(heading in text for heading in ("Contents", "This information in other formats", "Jeśli"))


def test_the_slip_fills_its_page_in_standard_print(pages):
    """A slip with a page of its own fills it (room to write), not half of it."""
    doc = pages["standard"]
    slip = next(n for n, (lines, _) in enumerate(doc, 1) if "Cut here and return this slip" in lines)
    assert doc[slip - 1][1] > 0.85, f"the slip fills {doc[slip - 1][1]:.0%} of its page"


# --- the contents at 24 point ---------------------------------------------------------------------

def _contents_lines(doc) -> list[str]:
    """The lines of the contents: from its heading to the last entry's page number line."""
    lines = [line for page_lines, _ in doc for line in page_lines]
    start = lines.index("Contents")
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("Tell us what you think"))
    return lines[start + 1:end + 1]


def test_no_contents_leader_is_shorter_than_three_dots(pages):
    leaders = [re.search(r"((?:\.\s*)+)(\d+)$", line) for line in _contents_lines(pages["large-print-24"])]
    dots = [m.group(1).count(".") for m in leaders if m]
    assert len(dots) >= 20, dots  # every entry's page number line was read
    assert min(dots) >= 3, f"a leader of {min(dots)} dots"


def test_a_contents_entry_keeps_its_last_words_with_its_leader(pages):
    """A leader follows its entry's last word on its line, never alone on a new line ('school
    trips?' had its leader alone)."""
    lines = _contents_lines(pages["large-print-24"])
    alone = [line for line in lines if re.fullmatch(r"[.\s]*\d+", line)]
    assert not alone, f"leaders alone on a line: {alone}"
    ends = [line for line in lines if re.search(r"\d$", line)]
    assert len(ends) >= 20 and all(re.search(r"[^\s.]\s+(?:\.\s*){3,}\d+$", line) for line in ends), ends


# Each entry of the 24 point contents, as a typesetter would measure it.

SIZE = 24


@pytest.fixture(scope="module")
def contents_24(pdfs) -> list[list[tuple[int, dict]]]:
    """Each entry of the 24 point contents: its lines, as (page number, pdfplumber text line).
    The contents heading's page opens the list; the line ending in a page number ends an entry."""
    entries, entry = [], None
    expected = len(build_document(load_offer(OAKFIELD)).contents)
    with pdfplumber.open(BytesIO(pdfs["large-print-24"])) as pdf:
        for page in pdf.pages:
            for line in page.extract_text_lines():
                if PAGE_LABEL.match(line["text"]) or len(entries) == expected:
                    continue
                if line["text"] == "Contents":
                    entry = [(page.page_number, line)]  # the heading goes with the first entry
                elif entry is not None:
                    entry.append((page.page_number, line))
                    if re.search(r"\d$", line["text"]):
                        entries.append(entry)
                        entry = []
    return entries


def _number_chars(entry) -> list[dict]:
    chars = entry[-1][1]["chars"]
    at = len(chars)
    while at and chars[at - 1]["text"].isdigit():
        at -= 1
    return chars[at:]


def _words_and_dots(entry) -> tuple[list[dict], list[dict]]:
    """The last line's characters before its page number: the words' and the leader's."""
    last = entry[-1][1]["chars"][:-len(_number_chars(entry))]
    dots_from = len(last)
    while dots_from and last[dots_from - 1]["text"] in ". ":
        dots_from -= 1
    return ([c for c in last[:dots_from] if c["text"].strip()],
            [c for c in last[dots_from:] if c["text"] == "."])


def test_the_contents_take_at_most_two_pages_at_24_point(contents_24):
    """At 24 point the contents took three pages (two and a bit: 26 entries, most of them two
    or three lines of a question)."""
    on = sorted({number for entry in contents_24 for number, _ in entry})
    assert len(on) <= 2, f"the contents are on pages {on}"


def test_large_print_lists_each_question_by_its_short_form(contents_24, pages):
    """Its entries in order, each once, a question by its short form (the question set's easy
    read heading), with page numbers that go up and stay inside the document."""
    loaded = load_offer(OAKFIELD)
    offer = loaded.offer
    short = {f"q-{s.id}": easy_heading(offer.offer.questions, s, offer.setting.kind) for s in offer.sections}
    expected = [short.get(e["anchor"]) or e["title"] for e in build_document(loaded).contents]
    printed, numbers = [], []
    for entry in contents_24:
        text = " ".join(line["text"] for _, line in entry if line["text"] != "Contents")
        found = re.fullmatch(r"(.*?)\s*(?:\.\s*){3,}(\d+)", text)
        assert found, f"no leader and page number in {text!r}"
        printed.append(found.group(1))
        numbers.append(int(found.group(2)))
    assert printed == expected
    assert numbers == sorted(numbers) and numbers[-1] <= len(pages["large-print-24"]), numbers


def test_page_numbers_stand_in_a_column_the_words_keep_out_of(contents_24):
    """The page numbers are right-aligned, and no line of an entry (words or dots) runs into
    their column: the words of a long entry ran on under the numbers."""
    numbers = [_number_chars(entry) for entry in contents_24]
    assert all(numbers)
    rights = [digits[-1]["x1"] for digits in numbers]
    assert max(rights) - min(rights) < 0.5, f"page numbers end at {sorted(set(round(r, 1) for r in rights))}"
    column = min(digits[0]["x0"] for digits in numbers)
    for entry, digits in zip(contents_24, numbers):
        for _, line in entry:
            inked = [c for c in line["chars"] if c["text"].strip() and c not in digits]
            if inked:
                assert max(c["x1"] for c in inked) < column - SIZE / 2, f"{line['text']!r} runs into the numbers"


def test_every_leader_is_three_or_more_evenly_spaced_dots_lined_up_with_the_others(contents_24):
    """After its last word, a space, then at least three dots, evenly spaced, ending where every
    other leader ends (one was a single dot, one touched its word: 'school use?. . .')."""
    ends = []
    for entry in contents_24:
        words, dots = _words_and_dots(entry)
        label = entry[-1][1]["text"]
        assert words, f"a leader alone on its line: {label!r}"
        assert len(dots) >= 3, f"a leader of {len(dots)} dots: {label!r}"
        assert dots[0]["x0"] - words[-1]["x1"] >= SIZE / 5, f"the leader touches its words: {label!r}"
        gaps = [b["x0"] - a["x0"] for a, b in zip(dots, dots[1:])]
        assert max(gaps) - min(gaps) < 0.5, f"unevenly spaced dots: {label!r}"
        ends.append(dots[-1]["x1"])
    assert max(ends) - min(ends) < 0.5, "the leaders do not end in line"


# --- easy read ------------------------------------------------------------------------------------

def test_the_easy_read_picture_credit_is_at_the_back(pages):
    doc = pages["easy-read"]
    credit = [n for n, (lines, _) in enumerate(doc, 1) if "OpenMoji" in " ".join(lines)]
    assert credit == [len(doc)], f"the picture credit is on pages {credit} of {len(doc)}"


# --- default file names ---------------------------------------------------------------------------

def test_default_names_carry_the_preset_size_paper_and_language():
    assert output_suffix("large-print", size=24, paper="cream") == "-24pt-cream"
    assert output_suffix("large-print", size=18) == ""  # the default size says nothing
    assert output_suffix("standard", lang="ur", bilingual=True) == "-ur-bilingual"


def test_the_readme_variants_write_three_files(tmp_path, monkeypatch):
    """`--preset modified`, `--paper cream`, `--paper high-contrast` without -o: three files."""
    import offerprint.render

    monkeypatch.setattr(offerprint.render, "render", lambda loaded, fmt, options: repr(options).encode())
    monkeypatch.chdir(tmp_path)
    for option in (["--preset", "modified"], ["--paper", "cream"], ["--paper", "high-contrast"]):
        result = CliRunner().invoke(main, ["build", str(OAKFIELD), "--format", "large-print", *option])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "oakfield-primary-school-large-print-cream.pdf", "oakfield-primary-school-large-print-high-contrast.pdf",
        "oakfield-primary-school-large-print-modified.pdf"]
