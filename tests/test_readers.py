"""The readers: a report file as sections (heading, paragraphs in offer Markdown, where)."""

from __future__ import annotations

from pathlib import Path

import pytest

from offerprint import markdown as md
from offerprint.errors import ReportInputError
from offerprint.readers import Section, escape_markdown, plain_text, read_report

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture(scope="session")
def read():
    cache: dict = {}

    def get(name: str) -> list[Section]:
        if name not in cache:
            cache[name] = read_report(FIXTURES / name)
        return cache[name]

    return get


def _section(sections: list[Section], heading: str) -> Section:
    return next(s for s in sections if s.heading == heading)


def _all_markdown(sections: list[Section]) -> str:
    return "\n\n".join(p.markdown for s in sections for p in s.paragraphs)


@pytest.mark.parametrize("form", ["docx", "html", "pdf"])
def test_headings_and_levels(read, form):
    sections = [s for s in read(f"brookside-primary.{form}") if s.level > 0]
    assert sections[0].level == 1 and sections[0].heading == "Brookside Primary School: SEN Information Report 2026-27"
    assert _section(sections, "How we know if a child needs extra help").level == 2
    assert _section(sections, "Our governors").level == 3


@pytest.mark.parametrize("form", ["docx", "html", "pdf"])
def test_bold_lines_and_numbered_questions_are_headings(read, form):
    hollins = [s.heading for s in read(f"hollins-high.{form}")]
    assert "Help in lessons" in hollins and "Annual reviews of EHC plans" in hollins
    meadowbank = [s.heading for s in read(f"meadowbank-special.{form}")]
    assert "How do you find out what my child needs?" in meadowbank  # "1." taken off: the offer numbers them
    assert "Looking after my child's health and feelings" in meadowbank  # numbered, without a "?"


@pytest.mark.parametrize("form", ["docx", "html", "pdf"])
def test_lists_bold_and_tables_kept(read, form):
    sections = read(f"brookside-primary.{form}")
    identify = _section(sections, "How we know if a child needs extra help")
    assert [p.kind for p in identify.paragraphs] == ["paragraph", "list", "paragraph"]
    assert identify.paragraphs[1].markdown.splitlines() == [
        "- A teacher notices that a child is finding some things hard.",
        "- A parent or carer tells us they are **worried**.",
        "- A nursery or another school passes on information when a child joins us.",
    ]
    table = next(p for p in _section(sections, "Keeping you up to date").paragraphs if p.kind == "table")
    rows = table.markdown.splitlines()
    assert len(rows) == 5 and rows[1] == "|---|---|"
    assert rows[-1] == "| Summer term | Written report and third review |"
    contacts = _section(sections, "Who to talk to")
    address = next(p for p in contacts.paragraphs if "Brook Lane" in p.markdown)
    assert "Brook Lane\nHeaton Mersey" in address.markdown  # lines of an address stay lines


@pytest.mark.parametrize("form", ["docx", "html"])
def test_links_kept(read, form):
    text = _all_markdown(read(f"brookside-primary.{form}"))
    assert "[accessibility plan](https://brookside.example.org/accessibility-plan)" in text
    assert "[Stockport Local Offer](https://www.stockport.example.org/localoffer)" in text


def test_pdf_links_kept_when_the_pdf_has_them(tmp_path):
    from weasyprint import HTML

    pdf = tmp_path / "linked.pdf"
    HTML(string="<h1>Ash Grove School SEN Report</h1><h2>Who to contact</h2><p>Read the "
                "<a href='https://ashgrove.example.org/send'>SEND page</a> or email "
                "<a href='mailto:senco@ashgrove.example.org'>our SENCO</a>, <b>any day</b>.</p>").write_pdf(pdf)
    sections = read_report(pdf)
    assert sections[0].heading == "Ash Grove School SEN Report" and sections[0].level == 1
    paragraph = _section(sections, "Who to contact").paragraphs[0].markdown
    assert "[SEND page](https://ashgrove.example.org/send)" in paragraph
    assert "[our SENCO](mailto:senco@ashgrove.example.org)" in paragraph
    assert "**any day**." in paragraph


def test_pdf_lines_are_rejoined_into_paragraphs(read):
    sections = read("brookside-primary.pdf")
    paragraph = _section(sections, "Help from outside school").paragraphs[0].markdown
    assert "\n" not in paragraph and paragraph.startswith("We work with the speech and language therapy service")
    assert [p.where for p in sections[1].paragraphs][0].startswith("page ")


def test_web_page_menus_cookie_banner_and_footer_left_out(read):
    text = _all_markdown(read("brookside-primary.html")).lower()
    for boilerplate in ("cookie", "latest news", "vacancies", "all rights reserved", "example school websites",
                        "search this site", "lunch menu", "learning together, growing together"):
        assert boilerplate not in text
    assert "teaching assistants work with small groups" in text


def test_text_report_headings(tmp_path):
    report = tmp_path / "letter.txt"
    report.write_text(
        "Oak Lane Primary School\n\n"
        "Dear parents and carers,\nThis letter is our SEN report.\n\n"
        "How do we know if your child needs help?\nWe watch and listen.\n\n"
        "Q: Who is the SENCO?\nMrs Jo Bell.\n\n"
        "2. What support is there in class?\n\n"
        "- Small groups\n- Reading help\n  every day\n\n"
        "Our clubs\n\nEvery club is free.\n\n"
        "Contact\n=======\n\nPhone 0161 496 0100.\n", encoding="utf-8")
    sections = read_report(report)
    assert [(s.heading, s.level) for s in sections] == [
        ("Oak Lane Primary School", 1), ("How do we know if your child needs help?", 2), ("Who is the SENCO?", 2),
        ("What support is there in class?", 2), ("Our clubs", 2), ("Contact", 1)]
    assert sections[0].paragraphs[0].markdown == "Dear parents and carers,\nThis letter is our SEN report."
    assert sections[3].paragraphs[0].markdown == "- Small groups\n- Reading help every day"
    assert sections[0].paragraphs[0].where == "line 3"


def test_source_text_that_looks_like_markdown_or_html_stays_text(tmp_path):
    raw = "Not a list, *not italic*, <script>alert(1)</script>, [not a link], # and a | pipe"
    report = tmp_path / "odd.txt"
    report.write_text(f"Odd things\n\n{raw}\n", encoding="utf-8")
    paragraph = read_report(report)[-1].paragraphs[0]
    assert md.unsafe_markdown(paragraph.markdown) == []
    assert md.to_plain(paragraph.markdown) == raw
    assert plain_text(paragraph.markdown) == raw
    assert escape_markdown("Year 6.", line_start=False) == "Year 6."


@pytest.mark.parametrize("name,message", [
    ("bad/empty.docx", "is empty"),
    ("bad/renamed-zip.docx", "is a zip file but not a Word document"),
    ("bad/encrypted.pdf", "is locked with a password"),
    ("bad/scanned.pdf", "has no text layer, it looks like a scan"),
    ("bad/report.xyz", "is a .xyz file, which offerprint cannot import"),
])
def test_bad_files(name, message):
    with pytest.raises(ReportInputError, match=message) as error:
        read_report(FIXTURES / name)
    assert str(error.value.problems[0]).startswith(str(FIXTURES / name))


def test_old_word_and_other_formats_get_advice(tmp_path):
    for suffix, advice in ((".doc", "save it as a .docx"), (".odt", r"Word \(\.docx\)"), ("", "without an extension")):
        path = tmp_path / f"report{suffix}"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
        with pytest.raises(ReportInputError, match=advice):
            read_report(path)
    docx = tmp_path / "locked.docx"
    docx.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ReportInputError, match="password-protected Word file"):
        read_report(docx)
    binary = tmp_path / "page.html"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(ReportInputError, match="not a web page"):
        read_report(binary)


def test_word_auto_numbered_questions_are_headings(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("Ash Tree Infant School SEN Information Report", style="Title")
    for question, answer in [("How does the school know if my child needs extra help?", "We check reading."),
                             ("Who will support my child in class?", "The class teacher.")]:
        document.add_paragraph(question, style="List Number")  # Word numbers it: a list of one item
        document.add_paragraph(answer)
    document.add_paragraph("Things we do every day", style="List Bullet")
    document.save(tmp_path / "numbered.docx")
    sections = read_report(tmp_path / "numbered.docx")
    assert [s.heading for s in sections] == ["Ash Tree Infant School SEN Information Report",
                                             "How does the school know if my child needs extra help?",
                                             "Who will support my child in class?"]
    assert [p.markdown for p in sections[2].paragraphs] == ["The class teacher.", "- Things we do every day"]


def test_a_page_of_menus_is_not_a_report(tmp_path):
    page = tmp_path / "home.html"
    page.write_text("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
                    "<a href='/send'>SEND</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(ReportInputError, match=r"has only \d words? of text, too few for a report"):
        read_report(page)


def test_plain_text_headings_as_schools_copy_them(tmp_path):
    report = tmp_path / "copied.txt"
    report.write_text(
        "Oak Lane Primary School\n\n"
        "Back to top\n\n"
        "1b. How does the school know if my child needs help?\n\n"
        "We check reading every term.\n\n"
        "These standards are:\n\n"
        "  • Reading\n  • Writing\n\n"
        "The School SENCO is Mr T J Harding\n\n"
        "Contents\n1. Overview 3\n2. Aims 4\n\n"
        "2. Context:\n\nWe are a small school.\n", encoding="utf-8")
    sections = read_report(report)
    headings = [s.heading for s in sections]
    assert headings == ["Oak Lane Primary School", "How does the school know if my child needs help?", "Context"], \
        headings
    body = [p.markdown for s in sections for p in s.paragraphs]
    assert "These standards are:" in body  # a lead-in, not a heading
    assert "- Reading\n- Writing" in body  # every item indented alike: not nested
    assert "The School SENCO is Mr T J Harding" in body  # a sentence without its full stop
    assert not any("top" in h.lower() for h in headings)  # furniture left out
    assert any("Overview 3" in b for b in body)  # a contents list stays text


def test_messages_a_page_nested_too_deeply_says_so(tmp_path):
    """#24 point 12: 10,000 boxes inside each other are not "no text": the line says why."""
    page = tmp_path / "deep.html"
    page.write_text("<html><head><title>SEND</title></head><body>" + "<div>" * 10_000
                    + "<h2>How do we know?</h2><p>We watch every child carefully and talk to you about what we see."
                    "</p>" + "</div>" * 10_000 + "</body></html>", encoding="utf-8")
    with pytest.raises(ReportInputError) as caught:
        read_report(page)
    assert "nested too deeply" in str(caught.value) and "no readable text" not in str(caught.value)


def test_a_docx_whose_document_unpacks_to_1_gb(tmp_path):
    """#24 point 6: a small .docx whose document.xml unpacks to 1 GB is refused at once, with a
    line saying so, before anything reads it."""
    import time
    import zipfile

    bomb = tmp_path / "report.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:t>" + b"A" * (1 << 20) + b"</w:t>"
            for _ in range(1024):
                part.write(chunk)
    assert bomb.stat().st_size < 5_000_000
    started = time.monotonic()
    with pytest.raises(ReportInputError, match="unpacks to 1074 MB, far more than a report"):
        read_report(bomb)
    assert time.monotonic() - started < 30  # refused from the archive's own list, nothing unpacked


def test_random_bytes_are_not_a_text_report(tmp_path):
    """#24 point 7: random bytes without a NUL were imported as an offer (exit 0)."""
    import random

    junk = tmp_path / "report.txt"
    rng = random.Random(7)
    junk.write_bytes(bytes(rng.randrange(1, 256) for _ in range(20_000)))
    with pytest.raises(ReportInputError, match="is not a text file"):
        read_report(junk)
    windows = tmp_path / "letter.txt"  # a real letter saved by old Notepad (cp1252) still reads
    windows.write_bytes("Oak School\n\nOur SENCO, Mrs Zoë Brontë, costs nothing: £0 — ask her.\n".encode("cp1252") * 3)
    assert any("Brontë" in p.markdown for s in read_report(windows) for p in s.paragraphs)


def test_a_web_pages_own_title_is_kept_beside_the_reports(tmp_path):
    """trafilatura's metadata gives the first heading as the title; the browser's <title> often
    names the school where the report's own title does not ("SEN information")."""
    from offerprint.importer.facts import find_facts

    page = tmp_path / "report.html"
    page.write_text("<html><head><title>Gloucester House - SEN Information Report</title></head><body><main>"
                    "<h1>SEN information</h1><h2>Which needs do we meet?</h2><p>" + "We teach children with social, "
                    "emotional and mental health needs in small classes. " * 5 + "</p></main></body></html>")
    sections = read_report(page)
    assert [(s.level, s.heading) for s in sections[:2]] == [(0, "Gloucester House - SEN Information Report"),
                                                          (1, "SEN information")]
    facts = find_facts([p.text for s in sections for p in s.paragraphs], "SEN information",
                       page_title=sections[0].heading)
    assert facts["name"] == "Gloucester House"


def test_a_pdf_of_thousands_of_pages_is_refused_with_its_page_count(tmp_path):
    """#24 point 7: a 2,000-page PDF gave answers over 50,000 characters, after minutes."""
    import time

    import pikepdf

    from offerprint.readers.pdf import MAX_REPORT_PAGES

    book = tmp_path / "policies.pdf"
    pdf = pikepdf.new()
    for _ in range(MAX_REPORT_PAGES + 1):
        pdf.add_blank_page()
    pdf.save(book)
    started = time.monotonic()
    with pytest.raises(ReportInputError, match=rf"has {MAX_REPORT_PAGES + 1} pages, more than an SEN information "
                                               "report .*save only the report's pages"):
        read_report(book)
    assert time.monotonic() - started < 10


def test_a_web_page_too_big_for_a_report_is_refused_before_it_is_read(tmp_path):
    """#24 point 7: a 19 MB page (under the 20 MB file cap) took trafilatura 159 s and 888 MB."""
    import time

    from offerprint.readers.html import MAX_PAGE_BYTES

    page = tmp_path / "report.html"
    page.write_bytes(b"<html><body><main>" + b"<p>We help every child.</p>" * (MAX_PAGE_BYTES // 27 + 1)
                     + b"</main></body></html>")
    started = time.monotonic()
    with pytest.raises(ReportInputError, match=r"is a web page of \d+ MB, more than a report's page"):
        read_report(page)
    assert time.monotonic() - started < 5


# --- plain text copied without blank lines (a paragraph a line, as from a web page or a PDF) -----

_LONG = ("Every class has a teacher and a teaching assistant, and the SENCO visits each class at least once a week "
         "to see how the children who need extra help are getting on")


def _read_lines(tmp_path, *lines: str) -> list[Section]:
    report = tmp_path / "copied.txt"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_report(report)


def _headings(sections: list[Section]) -> list[str]:
    return [s.heading for s in sections if s.heading]


def test_no_blank_lines_headings_sub_headings_and_one_word_headings(tmp_path):
    sections = _read_lines(
        tmp_path, "Elm Street Infant School", "Happy, curious and kind in everything we do together each day",
        "Welcome", _LONG + ".",
        "How the School Is Run", "Class Sizes", _LONG + ".",  # a heading and its sub-heading
        "Contents", "1 Welcome page 2", "2 Staff page 3",
        "Staff", _LONG,  # one word after a contents list; its paragraph's full stop left off
        "Moving on", _LONG + ".",  # after a line ending without punctuation
        "Accessibility Plan", "2025 - 2026", "How to reach us", _LONG + ".")  # a title, its date, a heading
    assert _headings(sections) == [
        "Elm Street Infant School – Happy, curious and kind in everything we do together each day", "Welcome",
        "How the School Is Run", "Class Sizes", "Contents", "Staff", "Moving on", "Accessibility Plan",
        "How to reach us"]
    assert sections[0].level == 1 and _section(sections, "Class Sizes").paragraphs[0].markdown.startswith("Every class")
    assert _section(sections, "Contents").paragraphs[0].markdown == "1 Welcome page 2\n2 Staff page 3"
    assert "2025 - 2026" in _section(sections, "Accessibility Plan").paragraphs[0].markdown


def test_no_blank_lines_a_title_over_a_list_typed_without_bullets(tmp_path):
    sections = _read_lines(
        tmp_path, "Elm Street Infant School", _LONG + ".",
        "The three kinds of help", "Help in class", "Help in small groups", "Help from outside the school",
        "How do we know if your child needs help?", _LONG + ".")
    assert _headings(sections) == ["Elm Street Infant School", "The three kinds of help",
                                   "How do we know if your child needs help?"]
    assert _section(sections, "The three kinds of help").paragraphs[0].markdown == \
        "Help in class\nHelp in small groups\nHelp from outside the school"  # the items stay text


def test_no_blank_lines_an_address_block_stays_text(tmp_path):
    address = ["Northbrook SEN Service", "Willow Tree Family Centre", "14 Mill Lane", "Tel: 0161 496 0123",
               "Email: sen@northbrook.example.org"]
    sections = _read_lines(tmp_path, "Elm Street Infant School", _LONG + ".",
                           "Advice from outside the school comes from the council's own team of specialists.",
                           *address, _LONG + ".")
    assert _headings(sections) == ["Elm Street Infant School"]
    assert "\n".join(address) in sections[0].paragraphs[0].markdown.replace("\\@", "@")


def test_no_blank_lines_names_and_roles_stay_text_under_their_title(tmp_path):
    roles = ["SENCO: Mrs Ann Lee", "Headteacher: Mr Tom Hart", "SEN governor: Dr Ravi Shah"]
    sections = _read_lines(tmp_path, "Elm Street Infant School", _LONG + ".", *roles, _LONG + ".",
                           "Our SEN team", *roles, _LONG + ".")
    assert _headings(sections) == ["Elm Street Infant School", "Our SEN team"]
    assert _section(sections, "Our SEN team").paragraphs[0].markdown.startswith("\n".join(roles))


def test_no_blank_lines_list_items_and_sentences_without_full_stops_stay_text(tmp_path):
    sections = _read_lines(
        tmp_path, "Elm Street Infant School", _LONG + ".",
        "Children can get help with:", "Reading and spelling", "Handwriting", "Making friends", _LONG + ".",
        "The SENCO is Mrs Ann Lee", _LONG + ".",
        "Our door is always open to parents who want to talk", _LONG + ".")
    assert _headings(sections) == ["Elm Street Infant School"]


def test_word_second_bullets_become_a_list_apart_from_the_text_after_it(tmp_path):
    sections = _read_lines(tmp_path, "Elm Street Infant School", _LONG + ".", "Contact details for the SEN team",
                           "o Mrs Ann Lee, SENCO", "o Mr Tom Hart, headteacher and", "designated teacher",
                           "We reply to every message within five school days.")
    team = _section(sections, "Contact details for the SEN team")
    assert [(p.kind, p.markdown) for p in team.paragraphs] == [
        ("list", "- Mrs Ann Lee, SENCO\n- Mr Tom Hart, headteacher and designated teacher"),
        ("paragraph", "We reply to every message within five school days.")]


def test_text_wrapped_by_hand_has_no_headings(tmp_path):
    wrapped = ["Our teachers plan lessons so that every child can take part, and",
               "Teaching Assistants work with small groups in every class each day",
               "So that nobody is left behind when the class moves on to new work."]
    for gap in (["Elm Street Infant School"], ["Elm Street Infant School", ""]):
        sections = _read_lines(tmp_path, *gap, *wrapped)
        assert _headings(sections) == ["Elm Street Infant School"]
        assert sections[-1].paragraphs[-1].markdown == "\n".join(wrapped)
