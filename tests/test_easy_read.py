"""Easy read: the PDF measured (sentences back in order, every picture tagged, no row split
across pages, nothing under the size), the built-in parts, missing sections, and the lint.

Rendering is slow: each example is rendered once per session and shared; one small offer
(a missing section, a school photo, 14pt) is rendered once more."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from offerprint.audit import audit_pdf, normalise_text
from offerprint.easy_read import (
    MAX_WORDS,
    build_easy_read,
    builtin_rows,
    lint_easy_read,
    missing_sections,
    split_sentences,
    text_problems,
    word_list,
    Row,
)
from offerprint.errors import OfferInputError
from offerprint.load import load_offer
from offerprint.picture_library import CREDIT
from offerprint.formats import FORMATS
from offerprint.render import RenderOptions, render
from offerprint.render.easy_read import OPENMOJI_SCALE, PAGE_LIMIT, easy_read_style, page_count, page_warning
from offerprint.render.pdf import page_furniture

from conftest import EXAMPLES, ROOT, valid_offer_text

FIRST_ITEMS = ("    easy_read:\n      - text: We will help your child.\n        picture: teacher\n"
               "      - text: You can talk to us.\n        picture: talk\n"
               "      - text: We listen to you.\n        picture: listen\n")
PHOTO_ALT = "Our school hall, with chairs set out for assembly"


def _small_offer_text() -> str:
    """The test offer with no easy read in its first section and a school photo in its second."""
    text = valid_offer_text()
    assert text.count(FIRST_ITEMS) >= 3
    text = text.replace(FIRST_ITEMS, "", 1)
    return text.replace(
        "    easy_read:\n      - text: We will help your child.\n        picture: teacher\n",
        f"    pictures:\n      - file: hall.png\n        alt: {PHOTO_ALT}\n"
        "    easy_read:\n      - text: We will help your child in our hall.\n        picture: hall.png\n", 1)


def _write_offer(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "offer.yaml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "oakfield-primary" / "logo.png", folder / "hall.png")
    return folder


class Rendered:
    """One rendered easy read PDF with what the tests measure on it (each computed once)."""

    def __init__(self, folder: Path, options: RenderOptions):
        self.loaded = load_offer(folder)
        self.options = options
        self.pdf = render(self.loaded, "easy-read", options)
        self.doc = build_easy_read(self.loaded, allow_missing=options.allow_missing)
        self._audit = None
        self._text = None

    @property
    def size(self) -> float:
        return self.options.size or 16

    @property
    def audit(self):
        if self._audit is None:
            self._audit = audit_pdf(self.pdf, min_font_size=self.size, expected_lang=self.doc.lang,
                                    expected_title=self.doc.pdf_title, expected_texts=self.doc.sentences(),
                                    furniture=[page_furniture(self.doc.page_of)])
        return self._audit

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=self.pdf,
                                        capture_output=True, check=True).stdout.decode()
        return self._text


@pytest.fixture(scope="session")
def easy_read_pdfs() -> dict[str, Rendered]:
    return {example.name: Rendered(example, RenderOptions()) for example in EXAMPLES}


@pytest.fixture(scope="session")
def small_pdf(tmp_path_factory) -> Rendered:
    folder = _write_offer(tmp_path_factory.mktemp("easy") / "testfield", _small_offer_text())
    return Rendered(folder, RenderOptions(size=14, allow_missing=True))


def _unspaced(text: str) -> str:
    return "".join(normalise_text(text).split())


def _pages(rendered: Rendered) -> list[str]:
    """Each page's text, page label removed, without spaces (for matching)."""
    furniture = re.compile(page_furniture(rendered.doc.page_of))
    out = []
    for page in rendered.text.split("\f"):
        lines = [line for line in page.splitlines() if not furniture.search(line)]
        out.append(_unspaced(" ".join(lines)))
    return out


def _figures(pdf: bytes) -> list[tuple[str | None, int | None]]:
    """(alt text, page number) of every Figure in the structure tree, in tree order."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages, 1)}
        found: list[tuple[str | None, int | None]] = []

        def walk(node) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
                return
            if not isinstance(node, pikepdf.Dictionary):
                return
            if node.get("/S") == "/Figure":
                page = node.get("/Pg")
                alt = node.get("/Alt")
                found.append((str(alt) if alt is not None else None,
                              pages.get(page.objgen) if page is not None else None))
            if "/K" in node:
                walk(node.K)

        walk(document.Root.StructTreeRoot.get("/K"))
        return found


def _row_texts(rendered: Rendered) -> list[list[str]]:
    """The words printed beside each picture, in the order of rows()."""
    doc = rendered.doc
    texts = [doc.cover_row.plain_sentences]
    if doc.contact_row:  # who to phone, on the cover
        texts.append(doc.contact_row.plain_sentences + list(doc.contact_row.details))
    for part in doc.parts:
        texts += [row.plain_sentences + list(row.details) for row in part.rows]
    texts += [[word.display_term, *word.row.plain_sentences] for word in doc.words]
    return texts


ALL = [pytest.param(e.name, id=e.name) for e in EXAMPLES] + [pytest.param("small", id="small-14pt")]


def _get(name: str, easy_read_pdfs, small_pdf) -> Rendered:
    return small_pdf if name == "small" else easy_read_pdfs[name]


# --- the registry -----------------------------------------------------------------------------

def test_easy_read_is_a_format():
    assert "easy-read" in FORMATS and FORMATS["easy-read"].extension == ".pdf"


# --- the PDF, measured --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_passes_the_audit(name, easy_read_pdfs, small_pdf):
    rendered = _get(name, easy_read_pdfs, small_pdf)
    result = rendered.audit
    assert result.ok, result.problems
    facts = result.facts
    assert facts.title == f"Support for Learners (easy read): {rendered.loaded.offer.setting.name}"
    assert facts.lang == "en-GB"
    assert [level for level, _ in facts.headings].count(1) == 1
    assert facts.embedded_files == 0


@pytest.mark.parametrize("name", ALL)
def test_smallest_glyph_is_the_body_size_and_never_below_14(name, easy_read_pdfs, small_pdf):
    rendered = _get(name, easy_read_pdfs, small_pdf)
    smallest = rendered.audit.facts.smallest_font_size
    assert smallest >= 14 - 0.05
    assert smallest >= rendered.size - 0.05


@pytest.mark.parametrize("name", ALL)
def test_every_sentence_comes_back_in_order(name, easy_read_pdfs, small_pdf):
    rendered = _get(name, easy_read_pdfs, small_pdf)
    body = "".join(_pages(rendered))
    sentences = rendered.doc.sentences()
    assert len(sentences) > 20
    position = 0
    for sentence in sentences:
        found = body.find(_unspaced(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found


@pytest.mark.parametrize("name", ALL)
def test_every_picture_is_tagged_with_its_alt_text(name, easy_read_pdfs, small_pdf):
    rendered = _get(name, easy_read_pdfs, small_pdf)
    alts = [alt for alt, _ in _figures(rendered.pdf)]
    expected = ([rendered.doc.logo.alt] if rendered.doc.logo else []) + [row.alt for row in rendered.doc.rows()]
    assert alts == expected
    assert all(alt and alt.strip() for alt in alts)


@pytest.mark.parametrize("name", ALL)
def test_no_row_is_split_across_pages(name, easy_read_pdfs, small_pdf):
    """The page of each picture is the page of its words (first and last)."""
    rendered = _get(name, easy_read_pdfs, small_pdf)
    figures = _figures(rendered.pdf)
    if rendered.doc.logo:
        figures = figures[1:]
    rows = _row_texts(rendered)
    assert len(figures) == len(rows)
    pages = _pages(rendered)
    page, offset = 0, 0
    for (alt, picture_page), texts in zip(figures, rows):
        first, last = _unspaced(texts[0]), _unspaced(texts[-1])
        while page < len(pages):
            start = pages[page].find(first, offset)
            if start >= 0:
                break
            page, offset = page + 1, 0
        assert page < len(pages), f"row not found: {texts[0]!r}"
        end = pages[page].find(last, start)
        assert end >= 0, f"the row {texts[0]!r} is split across pages {page + 1} and {page + 2}"
        assert picture_page == page + 1, (f"the picture '{alt}' is on page {picture_page} but its words "
                                         f"{texts[0]!r} are on page {page + 1}")
        offset = end + len(last)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_every_picture_is_drawn_inside_the_page_margins(example, easy_read_pdfs):
    """A picture pushed to the next page with its row must move with it (never be drawn over the
    page label or off the page)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTCurve, LTFigure, LTImage

    style = easy_read_style(16)
    points = 72 / 25.4
    overhang = (style.picture_cm * (OPENMOJI_SCALE - 1) / 2 + 0.1) * 10 * points  # a drawing's own margin
    bottom = (style.margin_mm + style.size * 0.7) * points - overhang
    top = (297 - style.margin_mm) * points + overhang
    rendered = easy_read_pdfs[example.name]
    for number, page in enumerate(extract_pages(io.BytesIO(rendered.pdf), laparams=None), 1):
        for item in page:
            if isinstance(item, (LTCurve, LTImage, LTFigure)) and item.width < page.width * 0.8:
                assert bottom <= item.y0 and item.y1 <= top, f"a picture is drawn outside the margins on page {number}"


@pytest.mark.parametrize("name", ALL)
def test_page_n_of_m_and_page_count(name, easy_read_pdfs, small_pdf):
    rendered = _get(name, easy_read_pdfs, small_pdf)
    count = page_count(rendered.pdf)
    assert count == rendered.audit.facts.pages
    for n in range(1, count + 1):
        assert f"Page {n} of {count}" in rendered.text
    warning = page_warning(rendered.pdf)
    assert (warning is not None) == (count > PAGE_LIMIT)
    if warning:
        assert str(count) in warning


def test_each_part_starts_with_a_heading_and_a_picture(easy_read_pdfs):
    rendered = easy_read_pdfs["oakfield-primary"]
    headings = [text for level, text in rendered.audit.facts.headings if level == 2]
    expected = ["Contents"] + [part.heading for part in rendered.doc.parts] + ["Words to know"]
    assert [_unspaced(h) for h in headings] == [_unspaced(h) for h in expected]
    assert all(part.rows and part.rows[0].picture for part in rendered.doc.parts)


# --- content: built-in parts, word list, credit ---------------------------------------------------

def test_built_in_parts_are_present(easy_read_pdfs):
    for name, rendered in easy_read_pdfs.items():
        text = normalise_text(rendered.text)
        offer = rendered.loaded.offer
        for heading in ("Easy read", "Contents", "About this booklet", "What special educational needs means",
                        "Who to talk to", "The Local Offer", "If you are not happy", "Words to know"):
            assert heading in text, (name, heading)
        senco = offer.setting.senco
        assert f"You can phone {senco.name} on {senco.phone}." in text
        assert offer.offer.local_offer.website in _unspaced(rendered.text)
        assert offer.offer.local_offer.phone in text
        assert _unspaced(CREDIT) in _unspaced(rendered.text)
        # The cover: setting name, title, "Easy read", the about row, before the contents.
        assert text.index(offer.setting.name) < text.index("Support for Learners") < text.index("Contents")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_built_in_rows_keep_the_easy_read_rules(example):
    loaded = load_offer(example)
    for row in builtin_rows(loaded):
        assert text_problems(row.text) == [], row.text
        assert row.picture and row.alt


def test_word_list_collects_bold_words_with_the_next_sentence(easy_read_pdfs):
    rendered = easy_read_pdfs["oakfield-primary"]
    words = {w.term: w for w in rendered.doc.words}
    assert words["special educational needs"].explanation == "This means they need extra help to learn."
    assert "teaching assistant" in words
    terms = [w.term.casefold() for w in rendered.doc.words]
    assert terms == sorted(terms) and len(terms) == len(set(terms))
    text = normalise_text(rendered.text)
    assert text.rindex("If you are not happy") < text.rindex("Words to know") < text.index("Teaching assistant")


def test_word_list_builder():
    rows = [Row("Some children have **special educational needs**. This means they need extra help.", "", "", ""),
            Row("**The Hub** is a calm place. It has 12 places.", "", "", ""),
            Row("We use **Makaton**.", "", "", ""),
            Row("A **Special Educational Needs** note. Not the first explanation.", "", "", "")]
    words = word_list(rows)
    assert [(w.term, w.explanation) for w in words] == [
        ("special educational needs", "This means they need extra help."),
        ("The Hub", "It has 12 places."),
    ]


def test_sentences_split_around_bold():
    assert split_sentences("**The Hub** is calm. **It** has 12 places.") == ["**The Hub** is calm.", "**It** has 12 places."]
    assert split_sentences("Ask Mrs. Shah. She helps.") == ["Ask Mrs. Shah.", "She helps."]


# --- missing sections, sizes ----------------------------------------------------------------------

def test_allow_missing_prints_a_note_saying_whom_to_ask(small_pdf):
    # Issue 15 point 6: a section without easy read text is left out (no part of its own with a
    # question mark); one part at the end lists what is left out and says whom to ask.
    text = normalise_text(small_pdf.text)
    offer = small_pdf.loaded.offer
    missing = [p for p in small_pdf.doc.parts if p.missing]
    assert len(missing) == 1 and missing[0].heading == "More in our full booklet"
    assert offer.sections[0].id not in [p.section_id for p in small_pdf.doc.parts]
    assert missing[0].rows[0].details == ("How we find out your child needs help",)
    assert "How we find out your child needs help" in text
    note = f"You can ask {offer.setting.senco.name} about them. Phone {offer.setting.senco.phone}."
    assert note in text
    assert "question" not in [r.picture for r in small_pdf.doc.rows()]


def test_school_photo_is_used_with_its_alt_text(small_pdf):
    alts = [alt for alt, _ in _figures(small_pdf.pdf)]
    assert PHOTO_ALT in alts
    photo = next(r for r in small_pdf.doc.rows() if r.picture == "hall.png")
    assert not photo.library and photo.alt == PHOTO_ALT


def test_missing_sections_fail_listing_them(tmp_path):
    text = valid_offer_text().replace(FIRST_ITEMS, "", 2)
    folder = _write_offer(tmp_path / "o", text)
    loaded = load_offer(folder)
    ids = missing_sections(loaded)
    assert len(ids) == 2
    with pytest.raises(OfferInputError) as caught:
        render(loaded, "easy-read", RenderOptions())
    message = str(caught.value)
    for i, section_id in enumerate(ids):
        line, _ = loaded.position(("sections", i, "id"))
        assert f"offer.yaml:{line}:" in message and f"'{section_id}' has no easy read text" in message
    assert "--allow-missing" in message


@pytest.mark.parametrize("size", [13, 12, 49])
def test_sizes_out_of_range_are_refused(size):
    with pytest.raises(OfferInputError, match="--size"):
        render(load_offer(EXAMPLES[0]), "easy-read", RenderOptions(size=size))


# --- the lint ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_examples_pass_the_lint(example):
    findings = lint_easy_read(load_offer(example))
    assert findings == [], [str(f) for f in findings]


SEEDED = [
    # (replacement for the next "We will help your child.", expected message part, level)
    ("We will help your child with reading and writing and maths and everything else at school every day.",
     "a sentence has 18 words", "error"),
    ("We help. We listen. We care.", "3 sentences for one picture", "error"),
    ("Talk to the SENCO about help.", "SENCO is an acronym", "error"),
    ("We don't mind if you are late.", "'don't' is a contraction", "error"),
    ("Bring things, e.g. a coat.", "'e.g.' is hard to read", "error"),
    ("We have books, pens etc.", "'etc.' is hard to read", "error"),
    ("We use **Makaton** in class.", "'Makaton' is not explained", "warning"),
]


def test_the_lint_finds_seeded_mistakes(tmp_path):
    text = valid_offer_text()
    for replacement, _, _ in SEEDED:
        text = text.replace("      - text: We will help your child.\n", f"      - text: {replacement}\n", 1)
    # A photo that goes missing after the offer was loaded.
    text = text.replace("      - text: We will help your child.\n        picture: teacher\n",
                        "      - text: We will help your child.\n        picture: hall.png\n", 1)
    folder = _write_offer(tmp_path / "o", text)
    loaded = load_offer(folder)
    (folder / "hall.png").unlink()
    findings = lint_easy_read(loaded)
    lines = text.splitlines()
    for i, (replacement, message, level) in enumerate(SEEDED):
        line = next(n for n, content in enumerate(lines, 1) if content.endswith(f"- text: {replacement}"))
        found = [f for f in findings if message in f.message]
        assert len(found) == 1, (message, [str(f) for f in findings])
        finding = found[0]
        assert finding.level == level and finding.quality == "accessible"
        assert finding.line == line and finding.file == loaded.display_name
        assert finding.field == f"sections[{i + 1}].easy_read[1].text"
        assert f"{loaded.display_name}:{line}:" in str(finding)
    missing = [f for f in findings if "the picture 'hall.png' is missing" in f.message]
    assert len(missing) == 1 and missing[0].level == "error" and missing[0].field.endswith(".picture")
    assert len([f for f in findings if f.level == "error"]) == 7


def test_the_lint_reports_sections_without_easy_read(tmp_path):
    folder = _write_offer(tmp_path / "o", valid_offer_text().replace(FIRST_ITEMS, "", 1))
    loaded = load_offer(folder)
    findings = lint_easy_read(loaded)
    assert [f.message for f in findings] == [f"'{loaded.offer.sections[0].id}' has no easy read text"]
    assert findings[0].level == "error" and findings[0].line == loaded.position(("sections", 0, "id"))[0]


def test_the_lint_leaves_possessives_alone():
    assert text_problems("Your child's teacher helps. Read the children's books.") == []
    assert len(text_problems("It's fine. We're here.")) == 2


def test_sentence_limit_is_fifteen_words():
    fifteen = " ".join(["word"] * MAX_WORDS) + "."
    assert text_problems(fifteen) == []
    assert text_problems("one " + fifteen)[0][1].startswith("a sentence has 16 words")



# --- issue 15 point 6: easy read headings -----------------------------------------------------

def test_easy_read_headings_are_short_forms_of_the_questions():
    from offerprint.questions import get_question_set

    loaded = load_offer(EXAMPLES[0])
    doc = build_easy_read(loaded)
    qset = get_question_set(loaded.offer.offer.questions)
    parts = {p.section_id: p for p in doc.parts if p.section_id}
    for section in loaded.offer.sections:
        assert parts[section.id].heading == qset.question(section.id).easy
    titles = [entry["title"] for entry in doc.contents]
    assert qset.question(loaded.offer.sections[0].id).easy in titles
    assert not any(qset.question(s.id).question in titles for s in loaded.offer.sections)


def test_easy_read_headings_translated_from_the_catalogues(tmp_path):
    from offerprint import i18n
    from offerprint.easy_read import section_headings
    from offerprint.questions import get_question_set

    folder = ROOT / "examples" / "oakfield-primary"
    loaded = load_offer(folder)
    qset = get_question_set(loaded.offer.offer.questions)
    headings = section_headings(loaded, "ur")
    first = qset.question(loaded.offer.sections[0].id).easy
    assert headings[0] == i18n.interface_translations("ur").gettext(first) != first
    assert getattr(headings[0], "lang", None) is None  # in Urdu, not marked as English
    doc = build_easy_read(loaded, lang="ur")
    assert [p.heading for p in doc.parts if p.section_id][0] == headings[0]


def test_easy_read_headings_own_questions(tmp_path):
    """A question of the school's own from `new` has its easy form; one the school words
    itself is its own heading, and the lint says when that is long."""
    from offerprint.easy_read import section_headings

    own = ("  - id: checking-support-works\n    question: \"How do you check that the extra help is working?\"\n"
           "    covers: ['3a']\n    answer: |\n      We look at progress every term with the class teacher and you.\n"
           + FIRST_ITEMS +
           "  - id: our-hub\n    question: What happens in our Hub at lunchtime and after school on most days?\n"
           "    covers: ['3f']\n    answer: |\n      Children can read, play games and talk to an adult in the Hub.\n"
           + FIRST_ITEMS)
    folder = _write_offer(tmp_path / "o", valid_offer_text() + own)
    loaded = load_offer(folder)
    headings = section_headings(loaded)
    assert headings[-2] == "How we check our help works"
    assert headings[-1] == "What happens in our Hub at lunchtime and after school on most days?"
    long = [f for f in lint_easy_read(loaded) if "heading" in f.message]
    assert len(long) == 1 and "'our-hub'" in long[0].message and long[0].level == "warning"
