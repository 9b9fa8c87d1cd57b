"""Content translation: PO export, merging after the English changes, status, loading back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po as babel_read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from offerprint import markdown as md
from offerprint.errors import OfferInputError
from offerprint.load import load_offer
from offerprint.translate import (
    Entry,
    PoFile,
    builtin_glossary_used,
    export_po,
    format_po,
    load_translation,
    markdown_units,
    offer_units,
    question_of,
    read_po,
    set_reviewed,
    translation_for,
    translation_status,
    units_of,
)

from conftest import EXAMPLES, copy_example

OAKFIELD = "oakfield-primary"

# Three paragraphs of three different answers in the Oakfield example, and their edits.
EDITS = {
    "sections.identify-needs.answer": (
        "About 35 of our children get extra help for SEN at the moment.",
        "About 40 of our children get extra help for SEN at the moment.",
    ),
    "sections.staff-support.answer": (
        "The class teacher plans the work and checks how it is going.",
        "The class teacher plans the work and checks how well it is going.",
    ),
    "sections.curriculum.answer": (
        "These groups usually run for 10 to 12 weeks",
        "These groups usually run for 8 to 12 weeks",
    ),
}


# --- helpers ------------------------------------------------------------------------------------

@pytest.fixture
def oakfield(tmp_path: Path) -> Path:
    return copy_example(OAKFIELD, tmp_path)


def edit_yaml(folder: Path, old: str, new: str) -> None:
    path = folder / "offer.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def export(folder: Path, lang: str = "ur") -> Path:
    return export_po(load_offer(folder), lang)


def fill(po_path: Path, translate=lambda msgid: "[ur] " + msgid) -> PoFile:
    """What a translator does: a msgstr for every entry."""
    po = read_po(po_path)
    for entry in po.live:
        entry.msgstr = translate(entry.msgid)
    po_path.write_text(format_po(po), encoding="utf-8")
    return po


def by_key(po: PoFile, obsolete: bool = False) -> dict[tuple[str | None, str], Entry]:
    return {e.key: e for e in po.entries if e.obsolete == obsolete}


def section_block(text: str, section_id: str) -> tuple[int, int]:
    start = text.index(f"  - id: {section_id}\n")
    following = text.find("\n  - id: ", start + 1)
    end = following + 1 if following != -1 else text.index("\nco_production:") + 1
    return start, end


def msgfmt_check(path: Path) -> None:
    """GNU gettext's own checker, when it is installed: the file works in every PO tool."""
    if shutil.which("msgfmt") is None:
        return
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr


# --- what is exported ---------------------------------------------------------------------------

def test_export_has_every_unit_and_the_header(oakfield: Path):
    loaded = load_offer(oakfield)
    path = export_po(loaded, "ur")
    assert path == oakfield / "translations" / "ur.po"
    po = read_po(path)
    keys = {e.key for e in po.live}

    expected = [
        ("offer.title", "Support for Learners"),
        ("setting.senco.role", "Special educational needs co-ordinator (SENCO)"),
        ("sections.identify-needs.question",
         "How does the school know if children need extra help, and what should I do if I think my "
         "child has special educational needs?"),
        ("sections.identify-needs.answer",
         "About 35 of our children get extra help for SEN at the moment. Six of them have an education, "
         "health and care (EHC) plan. An EHC plan is a legal document from Stockport Council that sets out "
         "a child's needs and the help they must get."),
        ("sections.identify-needs.answer",  # a list item
         "communication and interaction, including speech and language needs and autism"),
        ("sections.identify-needs.easy_read",  # inline Markdown kept for the translator
         "Some children have **special educational needs**. This means they need extra help to learn."),
        ("sections.identify-needs.contacts.role", "SENCO (in school Monday to Wednesday)"),
        ("sections.transition.answer", "**Moving to high school**"),
        ("sections.transition.timescales.when", "June, before your child starts in Reception"),
        ("sections.transition.timescales.what", "Some children start with shorter days, agreed with you."),
        ("co_production", "Parents asked us to use shorter sentences and fewer long words. They asked for "
                          "the dates for moving to high school, and for more about The Nest. We made all "
                          "these changes."),
        ("complaints", "Talk to your child's class teacher. Most worries are sorted out at this step."),
        ("accessibility.facilities", "We have two disabled parking bays near the main entrance. We will "
                                     "also adapt classrooms and equipment for your child's needs."),
        ("glossary.term", "The Nest"),
        ("glossary.meaning", "Our nurture group. A small, calm class where up to eight children learn "
                             "social and emotional skills, four mornings a week."),
    ]
    for key in expected:
        assert key in keys, key
    # The offer's own units, then the built-in glossary words its document prints.
    assert len(keys) == len(units_of(loaded)) == len(po.live) > len(offer_units(loaded.offer))
    assert all(not e.msgstr for e in po.live)

    # Keys name fields, never positions: inserting a paragraph must not change other keys.
    for context, _ in keys:
        assert not re.search(r"\[\d+\]|\.\d+(\.|$)", context), context

    # Names, phone numbers, email and postal addresses are not offered for translation.
    offer = loaded.offer
    people = [offer.setting.senco] + [c for s in offer.sections for c in s.contacts]
    private = {offer.setting.name, offer.setting.phone, offer.setting.email, offer.setting.address.strip(),
               offer.offer.local_offer.phone, offer.offer.local_offer.address.strip()}
    private |= {p.name for p in people} | {p.phone for p in people if p.phone} | {p.email for p in people if p.email}
    msgids = {msgid for _, msgid in keys}
    assert not msgids & private
    assert not any(re.fullmatch(r"[\d\s()+-]+|\S+@\S+", m) for m in msgids)
    fields = {re.sub(r"^sections\.[^.]+\.", "sections.*.", c) for c, _ in keys}
    assert fields <= {
        "offer.title", "setting.logo.alt", "setting.senco.role", "sections.*.question", "sections.*.answer",
        "sections.*.easy_read", "sections.*.timescales.when", "sections.*.timescales.what",
        "sections.*.contacts.role", "sections.*.pictures.alt", "co_production", "complaints",
        "sen_definition", "glossary.term", "glossary.meaning", "accessibility.admissions",
        "accessibility.less_favourable_treatment", "accessibility.facilities", "accessibility.accessibility_plan",
    }

    # Every unit of a section tells the translator which question it answers.
    for section in offer.sections:
        question = question_of(offer, section)
        for entry in po.live:
            if entry.context.startswith(f"sections.{section.id}."):
                assert f"Question: {question}" in entry.auto_comments, entry.key

    assert po.header_value("Language") == "ur"
    assert po.header_value("Project-Id-Version") == "offerprint Support for Learners (Oakfield Primary School)"
    assert po.header_value("X-Offerprint-Reviewed") == "no"
    msgfmt_check(path)


def test_links_keep_their_markdown_and_answers_split_like_blocks(tmp_path: Path):
    folder = copy_example("brinnington-high", tmp_path)
    loaded = load_offer(folder)
    msgids = [u.text for u in offer_units(loaded.offer)]
    assert any("[https://localoffer.example.org](https://localoffer.example.org)" in m for m in msgids)
    assert any("**Stockport Local Offer**" in m for m in msgids)
    # The same paragraphs and list items as the renderer's plain-text split.
    for section in loaded.offer.sections:
        plain = [b for b in md.blocks(section.answer) if b.kind != "row"]
        assert len(markdown_units(section.answer)) == len(plain), section.id


def test_table_cells_are_units_and_a_bare_phone_number_is_not(offer_dir: Path):
    text = (offer_dir / "offer.yaml").read_text(encoding="utf-8")
    table = ("      | Club | Phone |\n      | --- | --- |\n"
             "      | **Art** club on Monday | 0161 496 0001 |\n")
    marker = "      We answer this question plainly. Our staff will help you with identify needs.\n"
    assert marker in text
    (offer_dir / "offer.yaml").write_text(text.replace(marker, marker + "\n" + table), encoding="utf-8")
    units = [u for u in offer_units(load_offer(offer_dir).offer) if u.context == "sections.identify-needs.answer"]
    assert [u.text for u in units][1:] == ["Club", "Phone", "**Art** club on Monday"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_exports_a_valid_po_file(example: Path, tmp_path: Path):
    folder = copy_example(example.name, tmp_path)
    path = export(folder, "pl")
    msgfmt_check(path)
    # Other PO readers see the same entries.
    with path.open("rb") as handle:
        theirs = babel_read_po(handle)
    ours = read_po(path)
    assert {(m.context, m.id) for m in theirs if m.id} == {e.key for e in ours.live}


def test_export_twice_without_changes_writes_the_same_bytes(oakfield: Path):
    path = export(oakfield)
    fill(path)
    first = path.read_bytes()
    export(oakfield)
    assert path.read_bytes() == first


# --- after the English changed ------------------------------------------------------------------

def test_round_trip_only_the_edited_units_go_fuzzy(oakfield: Path):
    path = export(oakfield)
    fill(path)
    before = by_key(read_po(path))
    for old, new in EDITS.values():
        edit_yaml(oakfield, old, new)
    export(oakfield)
    after = read_po(path)

    fuzzy = [e for e in after.live if e.fuzzy]
    assert sorted(e.context for e in fuzzy) == sorted(EDITS)
    for entry in fuzzy:
        old, new = EDITS[entry.context]
        assert new in entry.msgid and old not in entry.msgid
        assert old in entry.previous_id  # the previous English, shown as #| msgid
        assert entry.msgstr == "[ur] " + entry.previous_id  # the old translation kept
        assert entry.previous_context is None  # same field
    assert "#, fuzzy\n#| msgid " in path.read_text(encoding="utf-8")

    unchanged = [e for e in after.live if not e.fuzzy]
    assert len(unchanged) == len(before) - 3
    for entry in unchanged:
        assert entry.key in before
        assert entry.msgstr == before[entry.key].msgstr == "[ur] " + entry.msgid
    assert not [e for e in after.entries if e.obsolete]  # the three edits found their old entries
    msgfmt_check(path)


def test_inserting_a_paragraph_changes_no_other_unit(oakfield: Path):
    path = export(oakfield)
    fill(path)
    first = "      Oakfield is a community primary school"
    edit_yaml(oakfield, first, "      We are a friendly school.\n\n" + first)
    export(oakfield)
    po = read_po(path)
    new = [e for e in po.live if not e.msgstr]
    assert [e.msgid for e in new] == ["We are a friendly school."]
    assert not [e for e in po.live if e.fuzzy]


def test_a_second_edit_keeps_the_english_the_translation_was_made_from(oakfield: Path):
    path = export(oakfield)
    fill(path)
    old, new = EDITS["sections.identify-needs.answer"]
    edit_yaml(oakfield, old, new)
    export(oakfield)
    edit_yaml(oakfield, new, new.replace("40", "45"))
    export(oakfield)
    entry = next(e for e in read_po(path).live if e.fuzzy)
    assert "45 of our children" in entry.msgid
    assert "35 of our children" in entry.previous_id
    assert entry.msgstr == "[ur] " + entry.previous_id


def test_a_removed_section_is_kept_as_obsolete_and_comes_back(oakfield: Path):
    path = export(oakfield)
    fill(path)
    text = (oakfield / "offer.yaml").read_text(encoding="utf-8")
    start, end = section_block(text, "resources")
    (oakfield / "offer.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    export(oakfield)

    po = read_po(path)
    gone = [e for e in po.entries if e.obsolete]
    assert gone and all(e.context.startswith("sections.resources.") for e in gone)
    assert all(e.msgstr == "[ur] " + e.msgid for e in gone)
    assert not any(e.context.startswith("sections.resources.") for e in po.live)
    assert "\n#~ msgctxt \"sections.resources.question\"\n" in path.read_text(encoding="utf-8")
    msgfmt_check(path)
    export(oakfield)  # obsolete entries survive any number of exports
    assert [e.key for e in read_po(path).entries if e.obsolete] == [e.key for e in gone]

    (oakfield / "offer.yaml").write_text(text, encoding="utf-8")  # the section is back
    export(oakfield)
    po = read_po(path)
    assert not [e for e in po.entries if e.obsolete]
    assert all(e.msgstr == "[ur] " + e.msgid and not e.fuzzy for e in po.live)


def test_a_renamed_section_keeps_its_translations(oakfield: Path):
    path = export(oakfield)
    fill(path)
    edit_yaml(oakfield, "  - id: resources\n", "  - id: money-and-resources\n")
    export(oakfield)
    po = read_po(path)
    moved = [e for e in po.live if e.context.startswith("sections.money-and-resources.")]
    assert len(moved) > 5
    # The English is the same, so the translations still say what it says: not fuzzy.
    assert all(e.msgstr == "[ur] " + e.msgid and not e.fuzzy for e in po.live)
    assert not [e for e in po.entries if e.obsolete]


def test_untranslated_units_that_go_away_leave_no_obsolete_clutter(oakfield: Path):
    path = export(oakfield)
    old, new = EDITS["sections.identify-needs.answer"]
    edit_yaml(oakfield, old, new)
    export(oakfield)
    po = read_po(path)
    assert not [e for e in po.entries if e.obsolete]
    assert not [e for e in po.live if e.fuzzy]


# --- nothing a translator wrote is lost ---------------------------------------------------------

def test_translator_header_fields_and_comments_survive_a_re_export(oakfield: Path):
    path = export(oakfield)
    po = fill(path)
    po.header_comments.append(" Translated by Ali Khan for Stockport EDS, 2026.")
    po.set_header("Last-Translator", "Ali Khan <ali@eds.example.org>")
    po.set_header("Language-Team", "Stockport EDS Urdu")
    po.set_header("PO-Revision-Date", "2026-10-01 10:00+0100")
    po.set_header("X-Generator", "Poedit 3.4.2")
    po.set_header("X-Offerprint-Reviewed", "yes")
    entries = by_key(po)
    changed_key = next(k for k in entries if k[0] == "sections.identify-needs.answer" and "35 of our" in k[1])
    removed_key = next(k for k in entries if k[0] == "sections.resources.question")
    kept_key = ("offer.title", "Support for Learners")
    entries[changed_key].comments.append(" SEN = خصوصی تعلیمی ضروریات")
    entries[removed_key].comments.append(" asked the SENCO about this one")
    entries[kept_key].comments += ["", " title agreed with the school"]
    path.write_text(format_po(po), encoding="utf-8")

    old, new = EDITS["sections.identify-needs.answer"]
    edit_yaml(oakfield, old, new)
    text = (oakfield / "offer.yaml").read_text(encoding="utf-8")
    start, end = section_block(text, "resources")
    (oakfield / "offer.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    export(oakfield)

    after = read_po(path)
    for name, value in [("Last-Translator", "Ali Khan <ali@eds.example.org>"), ("Language-Team", "Stockport EDS Urdu"),
                        ("PO-Revision-Date", "2026-10-01 10:00+0100"), ("X-Generator", "Poedit 3.4.2"),
                        ("X-Offerprint-Reviewed", "yes"), ("Language", "ur")]:
        assert after.header_value(name) == value, name
    assert " Translated by Ali Khan for Stockport EDS, 2026." in after.header_comments
    live = by_key(after)
    assert live[kept_key].comments == ["", " title agreed with the school"]
    changed = next(e for e in after.live if e.fuzzy)
    assert changed.comments == [" SEN = خصوصی تعلیمی ضروریات"]
    obsolete = by_key(after, obsolete=True)
    assert obsolete[removed_key].comments == [" asked the SENCO about this one"]
    assert "# asked the SENCO about this one\n" in path.read_text(encoding="utf-8")


def test_a_file_from_gettext_tools_is_read_and_kept(oakfield: Path):
    """msgmerge and Poedit write previous text for obsolete entries (#~|) and wrap strings."""
    (oakfield / "translations").mkdir()
    path = oakfield / "translations" / "ur.po"
    path.write_text(
        '# Ali Khan <ali@eds.example.org>, 2026.\n'
        'msgid ""\nmsgstr ""\n"Project-Id-Version: old title\\n"\n"Language: ur\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Generator: Poedit 3.4.2\\n"\n\n'
        '# translator note\n#. Question: old\n#, fuzzy\n#| msgctxt "offer.title"\n#| msgid ""\n'
        '#| "Support "\n#| "for Learners"\nmsgctxt "offer.title"\nmsgid "Support for all Learners"\n'
        'msgstr ""\n"[ur] Support "\n"for Learners"\n\n'
        '#, fuzzy\n#~| msgid "An old paragraph"\n#~ msgctxt "complaints"\n#~ msgid "An old paragraph."\n'
        '#~ msgstr "[ur] An old paragraph"\n',
        encoding="utf-8",
    )
    po = read_po(path)
    title = po.entries[0]
    assert (title.context, title.msgid, title.msgstr) == ("offer.title", "Support for all Learners",
                                                          "[ur] Support for Learners")
    assert title.previous_id == "Support for Learners" and title.fuzzy and title.comments == [" translator note"]
    assert po.entries[1].obsolete and po.entries[1].previous_id == "An old paragraph"

    export(oakfield)
    after = read_po(path)
    assert after.header_value("X-Generator") == "Poedit 3.4.2"
    assert after.header_value("Project-Id-Version") == "offerprint Support for Learners (Oakfield Primary School)"
    title = by_key(after)[("offer.title", "Support for Learners")]
    # The English is back to what the translation was made from; it stays fuzzy until a
    # translator confirms it (only a translator clears fuzzy).
    assert title.msgstr == "[ur] Support for Learners" and title.fuzzy
    assert title.comments == [" translator note"]
    old = by_key(after, obsolete=True)[("complaints", "An old paragraph.")]
    assert old.msgstr == "[ur] An old paragraph" and old.previous_id == "An old paragraph"
    msgfmt_check(path)


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1),
       # a translation holds no control character (refused at its line) and Word's line breaks
       # are read as line breaks (#24 point 8, tests/test_faults_24.py): any other text survives
       st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters="\n\t\r")),
       st.text(st.characters(exclude_categories=("Cs",))))
def test_any_text_survives_writing_and_reading(tmp_path_factory, msgid: str, msgstr: str, comment: str):
    comment = comment.replace("\r", " ").replace("\n", " ").replace("\x0b", " ").replace("\x0c", " ")
    comment = " ".join(comment.replace("\x00", "").split())  # a NUL is never written to a PO file
    po = PoFile(header=[("Language", "ur")],
                entries=[Entry(msgid=msgid, msgstr=msgstr, context="co_production",
                               comments=[" " + comment] if comment else [])])
    path = tmp_path_factory.mktemp("po") / "ur.po"
    path.write_text(format_po(po), encoding="utf-8")
    back = read_po(path).entries
    assert [(e.context, e.msgid, e.msgstr, e.comments) for e in back] == \
        [("co_production", msgid, msgstr, [" " + comment] if comment else [])]


# --- status and loading back --------------------------------------------------------------------

def test_status_counts(oakfield: Path):
    loaded = load_offer(oakfield)
    assert translation_status(loaded) == []
    export_po(loaded, "ur")
    export_po(loaded, "pl")
    total = len(offer_units(loaded.offer))
    ur, pl = translation_status(loaded)[1], translation_status(loaded)[0]
    assert (pl.lang, pl.translated, pl.stale, pl.missing, pl.total, pl.reviewed) == ("pl", 0, 0, total, total, False)

    po = fill(oakfield / "translations" / "ur.po")
    po.live[0].msgstr = ""  # one left to do
    (oakfield / "translations" / "ur.po").write_text(format_po(po), encoding="utf-8")
    ur = next(s for s in translation_status(loaded) if s.lang == "ur")
    assert (ur.translated, ur.stale, ur.missing, ur.total, ur.needs_export) == (total - 1, 0, 1, total, False)

    for old, new in EDITS.values():
        edit_yaml(oakfield, old, new)
    loaded = load_offer(oakfield)
    # Counted against the offer as it is now, before anyone exports again.
    ur = next(s for s in translation_status(loaded) if s.lang == "ur")
    assert (ur.translated, ur.stale, ur.missing, ur.total, ur.needs_export) == (total - 4, 3, 1, total, True)
    export_po(loaded, "ur")
    ur = next(s for s in translation_status(loaded) if s.lang == "ur")
    assert (ur.translated, ur.stale, ur.missing, ur.needs_export, ur.reviewed) == (total - 4, 3, 1, False, False)

    set_reviewed(loaded, "ur")
    assert next(s for s in translation_status(loaded) if s.lang == "ur").reviewed
    assert read_po(oakfield / "translations" / "ur.po").live[1].msgstr  # nothing else changed


def test_builtin_glossary_words_are_offered_as_optional(oakfield: Path):
    """The built-in glossary's words a document prints ("Words we use") go to the translator
    too, marked Optional: a translation without them is still complete (they print in
    English, marked as English), check says so in a note, and once translated they print
    translated."""
    from offerprint.check import check_offer
    from offerprint.document import build_document
    from offerprint.glossary import alphabetical
    from offerprint.translate import OPTIONAL_GLOSSARY, builtin_glossary_used

    loaded = load_offer(oakfield)
    builtin = builtin_glossary_used(loaded)
    names = [t.term for t in builtin]
    assert "Special educational needs co-ordinator" in names and "The Nest" not in names  # the offer's own
    po = read_po(export(oakfield))
    optional = [e for e in po.live if OPTIONAL_GLOSSARY in e.auto_comments]
    assert {(e.context, e.msgid) for e in optional} == (
        {("glossary.term", t.term) for t in builtin} | {("glossary.meaning", t.meaning) for t in builtin})
    own = [e for e in po.live if OPTIONAL_GLOSSARY not in e.auto_comments]
    assert ("glossary.term", "The Nest") in {e.key for e in own}

    for entry in own:
        entry.msgstr = "[ur] " + entry.msgid
    senco = next(t for t in builtin if t.term == "Special educational needs co-ordinator")
    for entry in optional:
        if entry.msgid in (senco.term, senco.meaning):
            entry.msgstr = "[ur] " + entry.msgid
        if entry.msgid == "Child and Adolescent Mental Health Services":
            entry.msgstr = "[ur] Child mental health services (CAMHS)"  # the acronym, as translators write it
    (oakfield / "translations" / "ur.po").write_text(format_po(po), encoding="utf-8")
    status = translation_status(loaded)[0]
    assert status.complete and (status.total, status.missing) == (len(own), 0)
    assert status.optional_to_do == len(optional) - 3
    notes = [f for f in check_offer(loaded).findings if "built-in glossary" in f.message]
    assert [f.level for f in notes] == ["note"] and notes[0].file.endswith("translations/ur.po")
    assert f"{len(optional) - 3} built-in glossary texts" in notes[0].message

    printed_glossary = build_document(loaded, translation_for(loaded, "ur")).glossary
    assert printed_glossary == sorted(printed_glossary, key=lambda t: alphabetical(t.term))  # as printed
    glossary = {t.term: t for t in printed_glossary}
    printed = glossary["[ur] " + senco.term]
    assert printed.meaning == "[ur] " + senco.meaning and getattr(printed.term, "lang", None) is None
    assert printed.short == "SENCO"
    assert glossary["[ur] Child mental health services (CAMHS)"].short is None  # never "(CAMHS) (CAMHS)"
    english = glossary["Education, health and care plan"]  # not translated: English, marked as English
    assert english.term.lang == loaded.offer.offer.language


def test_load_translation_gives_translated_non_fuzzy_units(oakfield: Path):
    path = export(oakfield)
    fill(path)
    old, new = EDITS["sections.identify-needs.answer"]
    edit_yaml(oakfield, old, new)
    loaded = load_offer(oakfield)
    export_po(loaded, "ur")
    translation = load_translation(loaded, "ur")
    assert translation.lang == "ur" and translation.reviewed is False
    assert translation.get("offer.title", "Support for Learners") == "[ur] Support for Learners"
    # Looked up with the English as the renderer has it (whitespace as written in offer.yaml).
    assert translation.get("complaints", "Talk to your child's class teacher.\n  Most worries are sorted "
                                         "out at this step.") is not None
    changed = next(u for u in offer_units(loaded.offer) if "40 of our children" in u.text)
    assert translation.get(changed.context, changed.text) is None  # fuzzy: the renderer prints English
    assert translation.get("offer.title", "Something else") is None
    assert len(translation) == len(units_of(loaded)) - 1


def test_markup_in_a_translation_loads_back_verbatim(oakfield: Path):
    path = export(oakfield)
    hostile = '<script>alert("x")</script> {{ 7*7 }} {% if %} \\ "quoted" {#'
    fill(path, lambda msgid: hostile)
    loaded = load_offer(oakfield)
    translation = load_translation(loaded, "ur")
    assert translation.get("offer.title", "Support for Learners") == hostile
    assert set(translation.messages.values()) == {hostile}
    export_po(loaded, "ur")  # and a re-export keeps it exactly
    assert load_translation(loaded, "ur").get("offer.title", "Support for Learners") == hostile


def test_a_missing_translation_is_one_clear_line(oakfield: Path):
    with pytest.raises(OfferInputError) as info:
        load_translation(load_offer(oakfield), "ur")
    assert str(info.value).startswith("--lang: there is no ur translation")
    assert "offerprint translate export" in str(info.value)


# --- bad input ----------------------------------------------------------------------------------

BROKEN = [
    ("unclosed-quote", lambda t: t.replace('msgstr "[ur] Support for Learners"', 'msgstr "[ur] Support for Learners'),
     r"expected text in double quotes"),
    ("msgstr-missing", lambda t: t.replace('msgstr "[ur] Support for Learners"\n', ""), r"this msgid has no msgstr"),
    ("typo-keyword", lambda t: t.replace('msgstr "[ur] Support for Learners"', 'msgsrt "[ur] Support for Learners"'),
     r"'msgsrt' is not a PO keyword"),
    ("plural", lambda t: t.replace('msgstr "[ur] Support for Learners"', 'msgstr[0] "[ur]"'),
     r"plural forms are not used"),
    ("not-utf8", lambda t: t.replace("[ur] Support for Learners", "caf\udce9"), r"is not UTF-8 text"),
]


@pytest.mark.parametrize("name, breaks, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_po_file_gives_one_line_with_file_and_line(oakfield: Path, name, breaks, message):
    path = export(oakfield)
    fill(path)
    text = breaks(path.read_text(encoding="utf-8"))
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if 'msgid "Support for Learners"' in line)
    if name in {"unclosed-quote", "typo-keyword", "plural", "not-utf8"}:
        expected_line += 1  # the msgstr line
    broken = path.read_bytes()
    loaded = load_offer(oakfield)
    for call in (lambda: load_translation(loaded, "ur"), lambda: export_po(loaded, "ur"),
                 lambda: translation_status(loaded)):
        with pytest.raises(OfferInputError) as info:
            call()
        lines = str(info.value).splitlines()
        assert len(lines) == 1, lines
        assert re.match(rf".*translations/ur\.po:{expected_line}: .*{message}", lines[0]), lines[0]
    assert path.read_bytes() == broken  # a file that cannot be read is never overwritten


@pytest.mark.parametrize("lang", ["xx", "../../etc/passwd", "ur_PK", "", "english"])
def test_an_unknown_language_is_refused(oakfield: Path, lang: str):
    with pytest.raises(OfferInputError) as info:
        export(oakfield, lang)
    assert str(info.value).startswith("--lang: ")
    assert not (oakfield / "translations").exists()


def test_language_tags_are_kept_in_their_usual_case(oakfield: Path):
    assert export(oakfield, "zh-hans").name == "zh-Hans.po"
    assert read_po(oakfield / "translations" / "zh-Hans.po").header_value("Language") == "zh_Hans"
    assert [s.lang for s in translation_status(load_offer(oakfield))] == ["zh-Hans"]


def test_the_offers_own_language_is_refused(oakfield: Path):
    with pytest.raises(OfferInputError, match=r"^--lang: en-GB is the language offer.yaml is written in"):
        export(oakfield, "en-GB")



def test_translation_for_gives_none_for_the_offers_own_language(oakfield: Path):
    loaded = load_offer(oakfield)
    assert translation_for(loaded, None) is None and translation_for(loaded, "") is None
    assert translation_for(loaded, loaded.offer.offer.language) is None
    export(oakfield, "ur")
    assert translation_for(loaded, "ur").lang == "ur"
    with pytest.raises(OfferInputError, match="there is no pl translation"):
        translation_for(loaded, "pl")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_builtin_glossary_used_is_what_the_english_document_prints(example: Path):
    """translate/ finds the built-in words the English document prints without building the
    document (the document layer is above it): both read the same texts, so they agree."""
    from offerprint.document import build_document

    loaded = load_offer(example)
    own = {g.term for g in loaded.offer.glossary}
    assert builtin_glossary_used(loaded) == [t for t in build_document(loaded).glossary if t.term not in own]


def test_translate_never_imports_the_document_layer():
    """Issue 23: the circle document <-> translate is gone. Documents are given their
    translation (build_document(loaded, translation)); no module of translate/ imports the
    document, a renderer or a command, not even inside a function."""
    import ast

    import offerprint.translate

    above = {"document", "easy_read", "render", "check", "cli", "pack", "site", "editor"}
    for path in Path(offerprint.translate.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2:  # from ..x import y
                names = [(node.module or "").split(".")[0]] if node.module else [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("offerprint."):
                names = [node.module.split(".")[1]]
            elif isinstance(node, ast.Import):
                names = [a.name.split(".")[1] for a in node.names if a.name.startswith("offerprint.")]
            else:
                continue
            assert not above & set(names), f"{path.name}:{node.lineno} imports {names}"
