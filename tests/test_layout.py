"""The printed documents' layout, page by page (issue 16, and 15.10), measured on the PDFs.

What a family holds: a cover that says what this is, who to call and the date; the contents on
page 2; no page left nearly empty; Latin lines in Urdu blocks at their own line height; phone
numbers grouped in every script; the school's name printed once.

Each document is rendered once per session and shared by the tests below."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from io import BytesIO
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from offerprint import i18n
from offerprint.document import build_document
from offerprint.easy_read import build_easy_read
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render
from offerprint.translate import translation_for

from conftest import ROOT, copy_example, page_fill

OAKFIELD = ROOT / "examples" / "oakfield-primary"
SENCO_PHONE, SENCO_EMAIL, SCHOOL_PHONE = "0161 496 0124", "senco@oakfield.example.org", "0161 496 0123"

# name -> (format, size, lang, bilingual)
DOCUMENTS = {
    "standard": ("standard", None, None, False),
    "large-print-24": ("large-print", 24, None, False),
    "large-print-36": ("large-print", 36, None, False),
    "easy-read": ("easy-read", None, None, False),
    "urdu": ("standard", None, "ur", False),
    "urdu-bilingual": ("standard", None, "ur", True),
    "arabic": ("standard", None, "ar", False),
}
PRINT = [n for n, d in DOCUMENTS.items() if d[0] != "easy-read"]
# Direction marks (pdftotext puts them round right-to-left runs): read as word breaks.
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")


@pytest.fixture(scope="session")
def layout_pdf():
    """name (a DOCUMENTS key) -> PDF bytes, rendered on first use."""
    cache: dict[str, bytes] = {}

    def get(name: str) -> bytes:
        if name not in cache:
            fmt, size, lang, bilingual = DOCUMENTS[name]
            cache[name] = render(load_offer(OAKFIELD), fmt, RenderOptions(size=size, lang=lang, bilingual=bilingual))
        return cache[name]

    return get


def _size(name: str) -> float:
    fmt, size, _lang, _bi = DOCUMENTS[name]
    return size or (16 if fmt == "easy-read" else 12)


def _page_texts(pdf: bytes) -> list[str]:
    """Each page's text (pdftotext, reading order), direction marks removed."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [page.translate(MARKS) for page in out.split("\f")[:-1]]


def _headings(pdf: bytes) -> list[tuple[str, int]]:
    """(title, page) of every heading, in order, from the PDF's outline (bookmarks): whatever
    the script, without reading the page's text back."""
    with pikepdf.open(BytesIO(pdf)) as document:
        pages = {page.objgen: number for number, page in enumerate(document.pages, 1)}
        out: list[tuple[str, int]] = []
        with document.open_outline() as outline:
            def walk(items):
                for item in items:
                    out.append((_flat(str(item.title)), pages[item.destination[0].objgen]))
                    walk(item.children)
            walk(outline.root)
    return out


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _labels(name: str) -> dict:
    return _document(name).labels


def _document(name: str):
    _fmt, _size, lang, bilingual = DOCUMENTS[name]
    loaded = load_offer(OAKFIELD)
    return build_document(loaded, translation_for(loaded, lang), bilingual=bilingual)


def _contents_heading(name: str) -> str:
    return "Contents" if DOCUMENTS[name][0] == "easy-read" else _labels(name)["contents"]


def _contents_page(name: str, pdf: bytes) -> int:
    """The page (1-based) the contents heading is on."""
    heading = _flat(_contents_heading(name))
    return next(page for title, page in _headings(pdf) if title == heading)


def _first_line(text: str) -> str:
    return next((_flat(line) for line in text.splitlines() if line.strip()), "")


# --- 1. the cover ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in DOCUMENTS if n != "large-print-36"])
def test_first_page_says_who_to_call_and_the_date(layout_pdf, name):
    """Page 1: the setting, what this is, the SENCO's name, phone and email, the school's phone,
    and the review dates, in the document's own language and script."""
    pages = _page_texts(layout_pdf(name))
    first = _flat(pages[0])
    doc = _document(name)
    for wanted in ("Oakfield Primary School", "Mrs Amina Shah", SENCO_PHONE):
        assert wanted in first, f"{name}: page 1 lacks {wanted!r}"
    assert _has_date(first, doc.reviewed) and _has_date(first, doc.next_review), f"{name}: no dates on page 1"
    assert _squash(SENCO_EMAIL) in _squash(first)
    if DOCUMENTS[name][0] != "easy-read":
        assert _flat(doc.title) in first and _flat(doc.labels["who_to_talk_to"]) in first
        # The school's own phone and address close the cover (page 2 at 24 point and over).
        cover = _flat(" ".join(pages[:_contents_page(name, layout_pdf(name))]))
        assert SCHOOL_PHONE in cover and "Oakfield Road" in cover


def _squash(text: str) -> str:
    return "".join(text.split())


def _has_date(text: str, date: str) -> bool:
    """Whether ``date`` is in ``text``: word by word, since a right-to-left date reads back in
    the order its runs are drawn ("1 ستمبر، 2026")."""
    words = set(_flat(text).replace("،", " ").split())
    return all(word in words for word in _flat(date).replace("،", " ").split())


def test_36_point_cover_holds_the_contacts_before_the_contents(layout_pdf):
    """At 36 point the cover cannot fit on one page (three pages): it runs on, and everything a
    family needs first still comes before the contents, with the date on page 1."""
    pages = _page_texts(layout_pdf("large-print-36"))
    contents = _contents_page("large-print-36", layout_pdf("large-print-36"))
    cover = _flat(" ".join(pages[:contents]))
    doc = _document("large-print-36")
    assert _has_date(pages[0], doc.reviewed)
    for wanted in ("Mrs Amina Shah", SENCO_PHONE, SCHOOL_PHONE, "Oakfield Road"):
        assert wanted in cover
    assert _squash(SENCO_EMAIL) in _squash(cover)
    # The contents straight after the cover: on the page its last line (the pointer to the
    # other-formats notice) is on, or the next.
    pointer = next(n for n, text in enumerate(pages, 1) if _flat(_labels("large-print-36")["other_formats"]) in _flat(text))
    assert pointer <= contents <= pointer + 1


# --- 2. reading order -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in DOCUMENTS if n != "large-print-36"])
def test_contents_on_page_two(layout_pdf, name):
    assert _contents_page(name, layout_pdf(name)) <= 2


@pytest.mark.parametrize("name", PRINT)
def test_other_formats_notice_comes_after_the_sections(layout_pdf, name):
    """The notice stays (with the lines in every language), at the back, before the slip."""
    pdf = layout_pdf(name)
    labels = _labels(name)
    titles = [title for title, _page in _headings(pdf)]
    pages = dict(_headings(pdf))
    notice, slip = _flat(labels["other_formats"]), _flat(labels["tell_us"])
    assert titles[-2:] == [notice, slip]
    assert pages[notice] > pages[_flat(labels["local_offer"])] > pages[_flat(labels["contents"])]
    back = _flat(" ".join(_page_texts(pdf)[pages[notice] - 1:]))
    assert "Jeśli potrzebują" in back and SCHOOL_PHONE in back  # the language lines and the phone


# --- 3. no near-empty pages -----------------------------------------------------------------------

@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_no_page_is_left_nearly_empty(layout_pdf, name):
    """No page but the last is filled less than a third of the way down, unless the next page
    starts what must start a page (the contents after the cover, the slip to cut out)."""
    pdf = layout_pdf(name)
    texts = _page_texts(pdf)
    starts = {_flat(_contents_heading(name))}
    if DOCUMENTS[name][0] != "easy-read":
        starts.add(_flat(_labels(name)["cut_here"]))
    must_start = {n for n, t in enumerate(texts, 1) if _first_line(t) in starts}
    with pdfplumber.open(BytesIO(pdf)) as document:
        short = [n for n, page in enumerate(document.pages, 1)
                 if n < len(document.pages) and n + 1 not in must_start and page_fill(page) < 1 / 3]
    assert not short, f"{name}: pages {short} are less than a third full"


def _heading_lines(page, size: float) -> list[tuple[float, float]]:
    """(top, bottom) of each line set at ``size`` in bold (a heading), top to bottom."""
    lines: dict[int, list] = {}
    for c in page.chars:
        if abs(c["size"] - size) < 0.2 and "Bold" in c["fontname"] and c["text"].strip():
            lines.setdefault(round(c["top"]), []).append(c)
    return sorted((min(c["top"] for c in cs), max(c["bottom"] for c in cs)) for cs in lines.values())


def _pictures(page) -> list[tuple[float, float]]:
    """(top, bottom) of each picture in the easy read picture column: OpenMoji pictures are
    drawings (curves), photos images; each is a cluster of objects left of the words."""
    column = 15 / 25.4 * 72 + 3.5 * 1.3 / 2.54 * 72  # margin + the drawn picture's width
    objects = [o for o in page.curves + page.rects + page.images if o["x1"] < column + 2]
    clusters: list[list[float]] = []
    for o in sorted(objects, key=lambda o: o["top"]):
        if clusters and o["top"] <= clusters[-1][1] + 5:
            clusters[-1][1] = max(clusters[-1][1], o["bottom"])
        else:
            clusters.append([o["top"], o["bottom"]])
    return [(top, bottom) for top, bottom in clusters]


def test_easy_read_parts_start_with_two_pictures(layout_pdf):
    """No easy read part starts at the foot of a page with one picture: every part heading has
    two pictures (or its only one) below it on its page."""
    pdf = layout_pdf("easy-read")
    doc = build_easy_read(load_offer(OAKFIELD))
    rows = [len(p.rows) for p in doc.parts] + ([len(doc.words)] if doc.words else [])
    first_part_page = _contents_page("easy-read", pdf)
    headings = []
    with pdfplumber.open(BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            if number < first_part_page:
                continue
            for top, bottom in _heading_lines(page, 16 * 1.3):
                if headings and headings[-1][0] == number and top - headings[-1][2] < 16 * 1.3:
                    headings[-1] = (number, headings[-1][1], bottom)  # a heading on two lines
                    continue
                below = [p for p in _pictures(page) if p[0] > bottom]
                # The next heading on the same page ends this part's pictures.
                headings.append((number, below, bottom))
    # The contents heading is not a part.
    headings = [h for h in headings if not (h[0] == first_part_page and not h[1] and h is headings[0])]
    assert len(headings) >= len(rows) - 1
    for (page, below, bottom), count in zip(headings[-len(rows):], rows):
        assert len(below) >= min(2, count), f"a part starts on page {page} with {len(below)} picture(s)"


@pytest.mark.parametrize("name", ["standard", "large-print-24", "large-print-36"])
def test_a_heading_keeps_its_first_two_lines(layout_pdf, name):
    """A section heading at the foot of a page has at least two lines of its text under it."""
    size = _size(name)
    h2 = round(size * (1.3 if name == "standard" else 1.25), 1)
    with pdfplumber.open(BytesIO(layout_pdf(name))) as document:
        for number, page in enumerate(document.pages, 1):
            if number == 1:
                continue
            headings = _heading_lines(page, h2)
            if not headings:
                continue
            last = headings[-1][1]
            body_lines = {round(c["top"]) for c in page.chars
                          if c["top"] > last and abs(c["size"] - size) < 0.2 and c["text"].strip()}
            body_lines.discard(max({round(c["top"]) for c in page.chars}))  # the page number
            assert len(body_lines) >= 2, f"{name}: page {number} ends with a heading and {len(body_lines)} line(s)"


# --- 4. mixed scripts -----------------------------------------------------------------------------

def _line_pitch(pdf: bytes, first_word: str) -> tuple[float, float]:
    """(body size, distance from the line starting ``first_word`` to the next line of the same
    font) in the first page that has it."""
    with pdfplumber.open(BytesIO(pdf)) as document:
        for page in document.pages:
            words = page.extract_words(extra_attrs=["fontname", "size"])
            start = next((w for w in words if w["text"] == first_word), None)
            if start is None:
                continue
            below = [w["top"] for w in words if w["fontname"] == start["fontname"] and w["top"] > start["top"] + 1]
            return start["size"], min(below) - start["top"]
    raise AssertionError(f"{first_word!r} not found")


@pytest.mark.parametrize("name", ["urdu", "urdu-bilingual"])
def test_latin_lines_inside_urdu_take_the_body_line_height(layout_pdf, name):
    """The Romanian line of the "in your language" block wraps; in an Urdu document its lines
    are 1.4 lines apart, not the 2.3 Nastaliq needs."""
    size, pitch = _line_pitch(layout_pdf(name), "Dacă")
    assert pitch < 1.6 * size, f"Latin lines {pitch:.1f}pt apart at {size}pt"


def test_english_in_the_bilingual_urdu_is_set_at_the_body_line_height(layout_pdf):
    size, pitch = _line_pitch(layout_pdf("urdu-bilingual"), "community")  # "Oakfield is a community ..."
    assert pitch < 1.6 * size


@pytest.mark.parametrize("name", ["standard", "urdu", "arabic"])
def test_no_language_line_ends_with_one_word_on_its_line(layout_pdf, name):
    """"If you need this in your language ..." in every script: a wrapped line never leaves its
    last word alone on the last line."""
    pages = _page_texts(layout_pdf(name))
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines() if line.strip()]
    for language in i18n.language_lines("Oakfield Primary School"):
        last = language["text"].split()[-1]
        alone = [line for line in lines if line == last]
        assert not alone, f"{language['lang']}: {last!r} alone on a line"


# --- 5. numbers in right-to-left documents --------------------------------------------------------

def _phone_gaps(pdf: bytes) -> list[tuple[float, float]]:
    """(gap between digit groups, font size) for every grouped phone number drawn."""
    gaps = []
    with pdfplumber.open(BytesIO(pdf)) as document:
        for page in document.pages:
            lines: dict[int, list] = {}
            for c in page.chars:
                if c["text"].isdigit():
                    lines.setdefault(round(c["top"]), []).append(c)
            for chars in lines.values():
                chars.sort(key=lambda c: c["x0"])
                digits = "".join(c["text"] for c in chars)
                if "0161496" not in digits:
                    continue
                for a, b in zip(chars, chars[1:]):
                    gap = b["x0"] - a["x1"]
                    if gap > 0.5 and a["text"] + b["text"] in ("14", "60"):  # 0161|496|0123
                        gaps.append((gap, a["size"]))
    return gaps


@pytest.mark.parametrize("name", ["standard", "urdu", "arabic"])
def test_phone_numbers_keep_their_grouping(layout_pdf, name):
    """"0161 496 0123" in every language: in the text read back and on the page (a space as
    wide as the English one, not the Nastaliq font's sliver)."""
    text = _flat(" ".join(_page_texts(layout_pdf(name))))
    for phone in (SENCO_PHONE, SCHOOL_PHONE, "0161 496 0500"):
        assert phone in text
    assert "01614960" not in text.replace(" ", " ")
    gaps = _phone_gaps(layout_pdf(name))
    assert gaps
    assert all(gap >= 0.25 * size for gap, size in gaps), sorted(gaps)[:3]


# --- 15.10: the school's name once ----------------------------------------------------------------

def test_the_schools_name_is_not_printed_twice(layout_pdf):
    """Oakfield's address starts with the school's name: printed under the name, it is left out."""
    text = _flat(" ".join(_page_texts(layout_pdf("standard"))))
    assert not re.search(r"Oakfield Primary School[,\s]+Oakfield Primary School", text)
    assert "Oakfield Primary School Oakfield Road, Stockport, SK1 2AB" in text  # the cover's box


def test_default_return_address_has_the_name_once(tmp_path):
    """Without a feedback_address the slip returns to the school: its name once."""
    folder = copy_example("oakfield-primary", tmp_path)
    offer = folder / "offer.yaml"
    text = offer.read_text(encoding="utf-8")
    text = re.sub(r"  feedback_address: \|\n    .*\n", "", text)
    offer.write_text(text, encoding="utf-8")
    doc = build_document(load_offer(folder))
    assert doc.feedback_address == "Oakfield Primary School, Oakfield Road, Stockport, SK1 2AB"
    assert doc.setting.postal_line == doc.feedback_address
    assert doc.setting.after_name_line == "Oakfield Road, Stockport, SK1 2AB"


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_other_formats_print_the_name_once(fmt):
    out = render(load_offer(OAKFIELD), fmt, RenderOptions()).decode("utf-8")
    flat = _flat(re.sub(r"<[^>]+>", " ", out))
    assert not re.search(r"Oakfield Primary School[,\s]+Oakfield Primary School", flat)
