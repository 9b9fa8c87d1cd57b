"""Word (DOCX): read back with python-docx. Real heading styles (one Heading 1, no skipped
levels, every question a Heading 2 in order), list styles, bold, real hyperlinks, language and
core properties, alt text on every picture, nothing under the asked size, right to left, the
same content as the other formats, and LibreOffice opening and converting it.

Each document is rendered once per module and shared."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from offerprint import markdown as md
from offerprint.document import build_document, document_texts
from offerprint.errors import OfferInputError
from offerprint.load import load_offer
from offerprint.formats import FORMATS
from offerprint.render import RenderOptions, render
from offerprint.render.docx import (DECORATIVE_EXT_URI, DECORATIVE_NS, LATIN_FONT, render_document_docx)

from conftest import EXAMPLES, ROOT, valid_offer_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PHOTO_ALT = "Children reading together on beanbags in the library"
SVG_ALT = "A drawing of a teacher"
LINK = "https://testfield.example.org/send-policy"


def _squash(text: str) -> str:
    return " ".join(text.split())  # also turns the no-break spaces in phone numbers into spaces


# --- the documents, made once -------------------------------------------------------------------

@dataclasses.dataclass
class Built:
    loaded: object
    doc: object  # the offerprint Document
    data: bytes
    word: docx.document.Document


def _build(folder: Path, size: float | None = None) -> Built:
    loaded = load_offer(folder)
    data = render(loaded, "docx", RenderOptions(size=size))
    return Built(loaded, build_document(loaded), data, docx.Document(io.BytesIO(data)))


@pytest.fixture(scope="module")
def examples() -> dict[str, Built]:
    return {e.name: _build(e) for e in EXAMPLES}


def _rich_offer_text() -> str:
    """The small test offer with bold, a link, two numbered lists, a table, a timescale, and
    three pictures in its first section: a photo, an SVG drawing and a decorative one."""
    text = valid_offer_text()
    first = "We answer this question plainly."
    assert first in text
    answer = (
        f"We answer this question **plainly**. Read [our SEND policy]({LINK}).\n\n"
        "      1. First we meet you.\n"
        "      2. Then we make a plan.\n\n"
        "      Between the lists.\n\n"
        "      3. We check the plan.\n"
        "      4. We change it if it is not working.\n\n"
        "      | Day | Club |\n"
        "      | --- | --- |\n"
        "      | Monday | Art club |\n\n"
        "     "
    )
    text = text.replace(first, answer, 1)
    return text.replace(
        "    easy_read:\n",
        "    timescales:\n      - when: Autumn term\n        what: We meet you to plan the year.\n"
        f"    pictures:\n      - file: reading.png\n        alt: {PHOTO_ALT}\n"
        f"      - file: teacher.svg\n        alt: {SVG_ALT}\n"
        "      - file: border.png\n        decorative: true\n"
        "    easy_read:\n", 1)


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Built:
    folder = tmp_path_factory.mktemp("rich") / "testfield"
    folder.mkdir()
    (folder / "offer.yaml").write_text(_rich_offer_text(), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "oakfield-primary" / "logo.png", folder / "reading.png")
    shutil.copy(ROOT / "examples" / "oakfield-primary" / "logo.png", folder / "border.png")
    shutil.copy(ROOT / "offerprint" / "pictures" / "teacher.svg", folder / "teacher.svg")
    return _build(folder)


@pytest.fixture(scope="module")
def large(examples) -> Built:
    return _build(EXAMPLES[0], size=24)


URDU_TITLE = "سیکھنے والوں کے لیے مدد"
URDU_QUESTION = "اسکول کیسے جانتا ہے کہ بچوں کو اضافی مدد کی ضرورت ہے؟"


@pytest.fixture(scope="module")
def rtl(examples) -> Built:
    """An Urdu document: the Document with lang and dir set (the translations work fills them
    in), the title and first question in Urdu."""
    base = examples[EXAMPLES[0].name]
    doc = build_document(base.loaded)
    sections = [dataclasses.replace(doc.sections[0], question=URDU_QUESTION), *doc.sections[1:]]
    doc = dataclasses.replace(doc, lang="ur", dir="rtl", title=URDU_TITLE, sections=sections)
    data = render_document_docx(doc, 12, reviewed=base.loaded.offer.offer.reviewed)
    return Built(base.loaded, doc, data, docx.Document(io.BytesIO(data)))


# --- reading it back ----------------------------------------------------------------------------

def _body_paragraphs(word) -> list:
    """Every paragraph of the body in order, table cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for block in word.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(block)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    out.extend(cell.paragraphs)
    return out


def _text(paragraph) -> str:
    """All of a paragraph's words, hyperlinks included."""
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))


def _headings(word) -> list[tuple[int, str]]:
    out = []
    for p in word.paragraphs:
        m = re.fullmatch(r"Heading (\d)", p.style.name)
        if m:
            out.append((int(m.group(1)), _squash(_text(p))))
    return out


def _all_text(word) -> str:
    return _squash(" ".join(_text(p) for p in _body_paragraphs(word)))


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _default_rpr(word):
    return word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def _effective(word, run_el, paragraph_style, tag: str):
    """A run property as Word resolves it: the run, its character style, the paragraph style
    and the styles it is based on, then the document defaults."""
    rpr = run_el.find(qn("w:rPr"))
    chain = [rpr]
    if rpr is not None and rpr.find(qn("w:rStyle")) is not None:
        char_style = word.styles.get_by_id(rpr.find(qn("w:rStyle")).get(qn("w:val")),
                                           docx.enum.style.WD_STYLE_TYPE.CHARACTER)
        chain += [s.element.rPr for s in _style_chain(char_style)]
    chain += [s.element.rPr for s in _style_chain(paragraph_style)]
    chain.append(_default_rpr(word))
    for props in chain:
        if props is not None and props.find(qn(tag)) is not None:
            return props.find(qn(tag))
    return None


def _all_runs(word):
    """(run element, paragraph style) for every run: body, tables, links, footers."""
    stories = [word.element.body] + [s.footer._element for s in word.sections]
    for story in stories:
        for p in story.iter(qn("w:p")):
            p_style = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else None
            style = word.styles.get_by_id(p_style, docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
            for r in p.iter(qn("w:r")):
                yield r, style


# --- structure ----------------------------------------------------------------------------------

def test_registered_in_formats():
    assert "docx" in FORMATS and FORMATS["docx"].extension == ".docx"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_headings_one_h1_and_no_skipped_levels(examples, example):
    built = examples[example.name]
    headings = _headings(built.word)
    assert headings[0] == (1, _squash(built.doc.title))
    assert [level for level, _ in headings].count(1) == 1
    for (before, _), (after, text) in zip(headings, headings[1:]):
        assert after <= before + 1, f"heading level skipped before '{text}'"
    # The navigation pane reads outline levels: each heading style carries its own.
    for level in (1, 2, 3):
        outline = built.word.styles[f"Heading {level}"].element.pPr.find(qn("w:outlineLvl"))
        assert outline is not None and outline.get(qn("w:val")) == str(level - 1)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_every_question_is_a_heading_2_in_order(examples, example):
    built = examples[example.name]
    lab = built.doc.labels
    h2 = [text for level, text in _headings(built.word) if level == 2]
    questions = [_squash(s.question) for s in built.doc.sections]
    assert [t for t in h2 if t in questions] == questions
    # Every heading the contents lists, in the contents' order; the feedback slip last.
    assert [t for t in h2 if t != lab["contents"]] == [_squash(e["title"]) for e in built.doc.contents]
    assert h2[-1] == lab["tell_us"]
    if any(s.timescales for s in built.doc.sections):
        assert (3, lab["timescales"]) in _headings(built.word)


def test_contents_entries_link_to_their_headings(examples):
    word = examples[EXAMPLES[0].name].word
    body = word.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert len(anchors) == len(examples[EXAMPLES[0].name].doc.contents)
    assert set(anchors) <= bookmarks
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name) for name in bookmarks)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_markdown_lists_use_list_styles(examples, example):
    built = examples[example.name]
    styles = {}
    for p in _body_paragraphs(built.word):
        styles.setdefault(_squash(_text(p)), p.style.name)
    seen = 0
    for section in built.doc.sections:
        for block in md.blocks(section.answer):
            if block.kind in ("bullet", "number"):
                expected = "List Bullet" if block.kind == "bullet" else "List Number"
                assert styles[_squash(block.text)].startswith(expected), block.text
                seen += 1
    assert seen


def test_numbered_lists_restart_and_keep_their_numbers(rich):
    word = rich.word
    numbering = word.part.numbering_part.element
    nums = {}
    for p in word.paragraphs:
        if p.style.name == "List Number" and _text(p).startswith(("First", "Then", "We check", "We change")):
            num_id = p._p.pPr.numPr.numId.val
            nums.setdefault(num_id, []).append(_text(p))
    assert list(nums.values()) == [["First we meet you.", "Then we make a plan."],
                                   ["We check the plan.", "We change it if it is not working."]]
    starts = []
    for num_id in nums:
        override = numbering.num_having_numId(num_id).find(qn("w:lvlOverride"))
        starts.append(override.find(qn("w:startOverride")).get(qn("w:val")))
    assert starts == ["1", "3"]


def test_bold_links_and_tables(rich):
    word = rich.word
    paragraph = next(p for p in word.paragraphs if _text(p).startswith("We answer this question"))
    assert _text(paragraph) == "We answer this question plainly. Read our SEND policy."
    bold = [r.text for r in paragraph.runs if r.bold]
    assert bold == ["plainly"]
    links = paragraph._p.findall(qn("w:hyperlink"))
    assert len(links) == 1 and "".join(t.text for t in links[0].iter(qn("w:t"))) == "our SEND policy"
    rel = word.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == LINK
    # Email addresses in the contact boxes are links too.
    targets = {r.target_ref for r in word.part.rels.values() if r.is_external}
    assert "mailto:office@testfield.example.org" in targets
    # A Markdown table is a Word table with a header row that repeats.
    assert len(word.tables) == 1
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Day", "Club"]
    assert [c.text for c in table.rows[1].cells] == ["Monday", "Art club"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # No italics anywhere: not in a run, not in a style.
    assert not any(r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:i")) is not None
                   and r.find(qn("w:rPr")).find(qn("w:i")).get(qn("w:val")) not in ("0", "false")
                   for r, _ in _all_runs(word))


def test_timescales_are_a_list(rich):
    paragraph = next(p for p in rich.word.paragraphs if _text(p).startswith("Autumn term"))
    assert _text(paragraph) == "Autumn term: We meet you to plan the year."
    assert paragraph.style.name == "List Bullet"
    assert paragraph.runs[0].bold and paragraph.runs[0].text == "Autumn term:"


# --- language, properties, fonts ----------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_language_and_core_properties(examples, example):
    built = examples[example.name]
    word, doc, offer = built.word, built.doc, built.loaded.offer
    lang = word.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB" == doc.lang
    props = word.core_properties
    assert props.language == "en-GB"
    assert props.title == f"{doc.title}: {offer.setting.name}"
    assert props.author == offer.setting.name
    assert props.subject == doc.subject
    assert offer.setting.name in props.keywords and "SEND" in props.keywords
    reviewed = offer.offer.reviewed
    assert props.created == props.modified == dt.datetime(reviewed.year, reviewed.month, reviewed.day,
                                                          tzinfo=dt.timezone.utc)
    assert "python-docx" not in (props.author + props.comments + props.last_modified_by)


def test_fonts_named_embedded_and_sizes(examples):
    built = examples[EXAMPLES[0].name]
    word = built.word
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
        fonts = word.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == LATIN_FONT and fonts.get(qn("w:hAnsi")) == LATIN_FONT
        assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over the named one
    assert word.styles["Normal"].font.size.pt == 12
    sizes = [word.styles[f"Heading {n}"].font.size.pt for n in (1, 2, 3)]
    assert sizes[0] > sizes[1] > sizes[2] > 12
    assert all(word.styles[f"Heading {n}"].font.bold for n in (1, 2, 3))
    # The fonts are embedded (render/docx_fonts.py; tests/test_fonts_offline.py shows LibreOffice uses them).
    assert any(name.startswith("word/fonts/") and name.endswith(".odttf") for name in _zip_names(built.data))
    with zipfile.ZipFile(io.BytesIO(built.data)) as package:
        settings = package.read("word/settings.xml")
    assert b"<w:embedTrueTypeFonts" in settings and b"<w:saveSubsetFonts" in settings
    # Left aligned: never justified.
    assert not any(p.alignment is not None and p.alignment.name in ("JUSTIFY", "DISTRIBUTE")
                   for p in word.paragraphs)


def _zip_names(data: bytes) -> list[str]:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_large_print_has_nothing_under_the_size(large):
    word = large.word
    assert word.styles["Normal"].font.size.pt == 24
    checked = 0
    for run, style in _all_runs(word):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        for tag in ("w:sz", "w:szCs"):
            size = _effective(word, run, style, tag)
            assert size is not None and int(size.get(qn("w:val"))) >= 48, (tag, style.name)
        checked += 1
    assert checked > 200
    # The page numbers too (the footer), and the headings are larger still.
    assert word.styles["Footer"].font.size.pt >= 24
    assert word.styles["Heading 3"].font.size.pt > 24


def test_sizes_outside_12_to_48_are_refused(examples):
    loaded = examples[EXAMPLES[0].name].loaded
    for size in (10, 11.5, 50):
        with pytest.raises(OfferInputError, match="12 to 48"):
            render(loaded, "docx", RenderOptions(size=size))


def test_same_bytes_every_time(examples):
    built = examples[EXAMPLES[0].name]
    assert render(built.loaded, "docx", RenderOptions()) == built.data


# --- pictures ---------------------------------------------------------------------------------

def _pictures(word) -> list:
    return list(word.element.body.iter(f"{{{WP}}}docPr"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_logo_has_its_alt_text(examples, example):
    built = examples[example.name]
    pictures = _pictures(built.word)
    assert [p.get("descr") for p in pictures] == [built.loaded.offer.setting.logo.alt]
    assert pictures[0].get("title") == built.loaded.offer.setting.logo.alt


def test_every_picture_has_alt_text_or_is_decorative(rich):
    pictures = _pictures(rich.word)
    assert [p.get("descr") for p in pictures] == [PHOTO_ALT, SVG_ALT, ""]
    for picture in pictures:
        assert picture.get("descr") is not None
        # The picture's own properties agree (some readers look there).
        inline = picture.getparent()
        c_nv_pr = next(inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"))
        assert c_nv_pr.get("descr") == picture.get("descr")
    decorative = pictures[2].find(".//{%s}decorative" % DECORATIVE_NS)
    assert decorative is not None and decorative.get("val") == "1"
    assert decorative.getparent().get("uri") == DECORATIVE_EXT_URI
    assert pictures[0].find(".//{%s}decorative" % DECORATIVE_NS) is None
    # The SVG went in as a PNG Word can show.
    assert sum(name.endswith(".png") for name in _zip_names(rich.data)) == 2  # one file per picture


# --- right to left ------------------------------------------------------------------------------

def test_rtl_document_sets_bidi_and_rtl(rtl):
    word = rtl.word
    assert word.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ur"
    assert word.core_properties.language == "ur"
    paragraphs = [p for p in _body_paragraphs(rtl.word) if _text(p).strip()]
    # Every paragraph of the document is right to left (except the other-formats notice's
    # lines in left-to-right languages, which keep their own direction).
    ltr_lines = {_squash(line["text"]) for line in rtl.doc.language_lines if line["dir"] != "rtl"}
    for p in paragraphs:
        if _squash(_text(p)) in ltr_lines:
            continue
        assert p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None, _text(p)
    footer = word.sections[0].footer.paragraphs[0]
    assert footer._p.pPr.find(qn("w:bidi")) is not None
    # Urdu runs are marked right to left; a phone number is never (its digit groups would swap).
    for text in (URDU_TITLE, URDU_QUESTION):
        p = next(p for p in word.paragraphs if _text(p) == text)
        assert all(r._r.rPr is not None and r._r.rPr.find(qn("w:rtl")) is not None for r in p.runs)
    phone = rtl.loaded.offer.setting.phone.replace(" ", "\u00a0")
    phone_runs = [r for r in word.element.body.iter(qn("w:r"))
                  if "".join(t.text or "" for t in r.iter(qn("w:t"))) == phone]
    assert phone_runs and all(r.rPr is None or r.rPr.find(qn("w:rtl")) is None for r in phone_runs)
    # Headings and everything else as before.
    assert _headings(word)[0] == (1, URDU_TITLE)
    assert (2, URDU_QUESTION) in _headings(word)


# --- same content as the other formats -----------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_holds_everything_the_document_prints(examples, example):
    built = examples[example.name]
    doc, offer = built.doc, built.loaded.offer
    text = _all_text(built.word)
    for item in document_texts(doc):
        assert _squash(item) in text, item
    lab = doc.labels
    for section in offer.sections:
        for contact in section.contacts:
            assert contact.name in text
            for detail in (contact.phone, contact.email):
                if detail:
                    assert detail in text
        for step in section.timescales:
            assert _squash(f"{step.when}: {step.what}") in text
    for term in doc.glossary:
        assert _squash(term.meaning) in text
    for value in (offer.setting.phone, offer.setting.email, offer.offer.local_offer.phone,
                  offer.offer.local_offer.website, doc.reviewed, doc.next_review, lab["what_this_is"],
                  lab["local_offer_no_internet"], *lab["format_list"]):
        assert _squash(value) in text, value
    if offer.setting.senco:
        assert offer.setting.senco.name in text and offer.setting.senco.phone in text
    for line in doc.language_lines:
        assert _squash(line["text"]) in text
    # The feedback slip comes last.
    tail = text[text.rindex(lab["tell_us"]):]
    for words in (lab["slip_helpful"], lab["slip_change"], lab["slip_return"], doc.feedback_address):
        assert _squash(words) in tail
    # Page numbers in the footer, as fields.
    footer = built.word.sections[0].footer._element
    assert {f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))} == {"PAGE", "NUMPAGES"}


def test_contact_boxes_are_bordered(examples):
    word = examples[EXAMPLES[0].name].word
    box = word.styles["Contact Box"]
    borders = box.element.pPr.find(qn("w:pBdr"))
    assert {child.tag.split("}")[1] for child in borders} == {"top", "left", "bottom", "right"}
    senco = examples[EXAMPLES[0].name].loaded.offer.setting.senco
    boxed = [_text(p) for p in word.paragraphs if p.style.name == "Contact Box"]
    assert any(senco.name in t for t in boxed)


def test_cli_builds_docx(examples, run, tmp_path):
    out = tmp_path / "offer.docx"
    result = run("build", EXAMPLES[0], "--format", "docx", "--size", "16", "-o", out)
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).styles["Normal"].font.size.pt == 16


# --- LibreOffice opens it and converts it ---------------------------------------------------------

def test_libreoffice_converts_it_with_every_question(examples, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
                    "(scripts/system-deps.sh installs it)")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    built = examples[EXAMPLES[0].name]
    source = tmp_path / "offer.docx"
    source.write_bytes(built.data)
    profile = tmp_path / "profile"  # its own profile: no clash with another running LibreOffice
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "offer.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    text = _squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout)
    for section in built.doc.sections:
        assert _squash(section.question) in text, section.question
    assert _squash(built.doc.title) in text and _squash(built.doc.labels["tell_us"]) in text


def test_a_267_character_setting_name(offer_dir):
    """#24 point 10: Word's 255-character property limit; the name is cut at a word in the
    properties and kept whole in the document."""
    name = ("The Very Long Name Federation of Church of England Primary Schools and Nursery " * 4)[:267].strip()
    (offer_dir / "offer.yaml").write_text(valid_offer_text().replace("Testfield Primary School", name, 1),
                                          encoding="utf-8")
    data = render(load_offer(offer_dir), "docx", RenderOptions())
    word = docx.Document(io.BytesIO(data))
    props = word.core_properties
    for value in (props.title, props.author, props.keywords, props.last_modified_by):
        assert len(value) <= 255 and value.endswith("…") or len(value) <= 255, value
    assert props.author.endswith("…") and props.author[:-1].strip() in name
    assert name in "\n".join(p.text for p in word.paragraphs)
