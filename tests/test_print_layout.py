"""Layout a publisher would not send back (issue 25), measured on the real PDFs: page 1 filled,
the feedback slip cut from a sheet whose back holds nothing a family needs, contents leaders
that keep their entry's last words and are never one dot, the easy read's picture credit at
the back, and default file names that tell the variants apart.

Three documents of the Oakfield example, rendered once for the module."""

from __future__ import annotations

import re
from io import BytesIO

import pdfplumber
import pytest
from click.testing import CliRunner

from offerprint.cli import main, output_suffix
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render

from conftest import ROOT

OAKFIELD = ROOT / "examples" / "oakfield-primary"
DOCUMENTS = {"standard": ("standard", None), "large-print-24": ("large-print", 24), "easy-read": ("easy-read", None)}
PHONE = re.compile(r"\b0\d{3} ?\d{3} ?\d{4}\b")
PAGE_LABEL = re.compile(r"^\s*Page \d+ of \d+\s*$")


@pytest.fixture(scope="module")
def pages():
    """name -> each page's lines of text (pdfplumber, page label left out) and its fill."""
    loaded = load_offer(OAKFIELD)
    out = {}
    for name, (fmt, size) in DOCUMENTS.items():
        with pdfplumber.open(BytesIO(render(loaded, fmt, RenderOptions(size=size)))) as pdf:
            out[name] = [([line for line in (page.extract_text() or "").splitlines() if not PAGE_LABEL.match(line)],
                          _fill(page)) for page in pdf.pages]
    return out


def _fill(page) -> float:
    """How far down its text area a page is filled (0 to 1): from the top of the first thing
    on it to the bottom of the last, over the height down to the page number line."""
    items = [(c["top"], c["bottom"]) for c in page.chars if c["text"].strip()]
    items += [(o["top"], o["bottom"]) for o in page.rects + page.lines + page.images
              if o["bottom"] - o["top"] < 0.6 * float(page.height)]
    footer = max(top for top, _ in items)  # the page number line is the lowest text
    body = [(t, b) for t, b in items if t < footer - 1]
    if not body:
        return 0.0
    top = min(t for t, _ in body)
    return (max(b for _, b in body) - top) / (footer - top)


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
    """'school trips?' and its leader on one line, never a leader alone on a new line."""
    lines = _contents_lines(pages["large-print-24"])
    alone = [line for line in lines if re.fullmatch(r"[.\s]*\d+", line)]
    assert not alone, f"leaders alone on a line: {alone}"
    assert any(re.search(r"trips\?\s*(?:\.\s*){3,}\d+$", line) for line in lines)


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
