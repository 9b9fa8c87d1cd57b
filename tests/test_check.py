"""The litmus test: comprehensive, accessible, collaborative, transparent."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from offerprint.check import check_offer
from offerprint.load import load_offer
from offerprint.plain_english import NOTE_RANK

from conftest import EXAMPLES, valid_offer_text

TODAY = dt.date(2026, 11, 29)


def _check(folder, text=None, today=TODAY):
    if text is not None:
        (folder / "offer.yaml").write_text(text, encoding="utf-8")
    return check_offer(load_offer(folder), today=today)


def _messages(report, level=None):
    # Plain-English notes quote the answers' own sentences (tests/test_plain_english.py): only when asked.
    return [f.message for f in report.findings if f.level == level or (
        level is None and not NOTE_RANK.match(f.message))]


def test_valid_offer_has_no_errors(offer_dir):
    report = _check(offer_dir)
    assert report.errors == [], [str(f) for f in report.errors]
    assert all(report.coverage["schedule1"].values())
    assert all(report.coverage["s69"].values())


def test_todo_answer_is_an_error_with_its_line(offer_dir):
    text = valid_offer_text().replace("We answer this question plainly.", "TODO", 1)
    report = _check(offer_dir, text)
    todo = [f for f in report.errors if "not answered yet" in f.message]
    assert len(todo) == 1
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip().startswith("TODO"))
    assert todo[0].line == line - 1  # the 'answer: |' line above the text
    assert todo[0].field == "sections[1].answer"


def test_missing_question_and_uncovered_items_are_named(offer_dir):
    text = valid_offer_text()
    # Drop every section after the first: most Schedule 1 items are then uncovered.
    head, sections = text.split("sections:\n")
    first = "  - id:" + sections.split("  - id:")[1]
    report = _check(offer_dir, head + "sections:\n" + first)
    messages = _messages(report, "error")
    assert any(m.startswith("question '") and "has no section" in m for m in messages)
    assert any(re.match(r"Schedule 1 item 3g \(support for emotional", m) for m in messages)


def test_long_sentence_and_paragraph_are_warnings(offer_dir):
    long_sentence = " ".join(["word"] * 30) + "."
    text = valid_offer_text().replace("We answer this question plainly.",
                                      f"{long_sentence} One. Two. Three.", 1)
    report = _check(offer_dir, text)
    warnings = _messages(report, "warning")
    assert any("a sentence has 30 words" in m for m in warnings)
    assert any("a paragraph has 5 sentences" in m for m in warnings)
    finding = next(f for f in report.warnings if "30 words" in f.message)
    assert text.splitlines()[finding.line - 1].strip().startswith("word word")


def test_acronym_before_spelling_out_is_a_warning(offer_dir):
    text = valid_offer_text().replace("We answer this question plainly.", "Your CAMHS worker can help.", 1)
    report = _check(offer_dir, text)
    assert "CAMHS is used before it is spelled out" in _messages(report, "warning")
    assert "CAMHS" in report.stats["acronyms"]


def test_acronym_spelled_out_first_is_fine(offer_dir):
    text = valid_offer_text().replace(
        "We answer this question plainly.",
        "Child and adolescent mental health services (CAMHS) can help. CAMHS visit us.", 1)
    report = _check(offer_dir, text)
    assert not any("CAMHS" in m for m in _messages(report))


def test_co_production_must_be_real(offer_dir):
    text = re.sub(r"co_production: \|\n(  .*\n)+", "co_production: |\n  We wrote it.\n", valid_offer_text())
    report = _check(offer_dir, text)
    messages = _messages(report, "warning")
    assert "the co-production statement is very short" in messages
    assert "the co-production statement does not mention parents" in messages


def test_past_review_date_is_an_error(offer_dir):
    report = _check(offer_dir, today=dt.date(2027, 10, 1))
    assert any("has passed" in m for m in _messages(report, "error"))
    assert [f.quality for f in report.errors] == ["transparent"]


def test_review_over_a_year_ago_is_an_error(offer_dir):
    text = valid_offer_text().replace("next_review: 2027-09-01", "next_review: 2028-01-01")
    report = _check(offer_dir, text, today=dt.date(2027, 10, 1))
    assert any("over 12 months ago" in m for m in _messages(report, "error"))


def test_transition_without_timescales_is_a_warning(offer_dir):
    text = valid_offer_text()
    text = re.sub(r"    timescales:\n      - when: Summer term\n        what: .*\n", "", text)
    report = _check(offer_dir, text)
    assert any("gives no timescales" in m for m in _messages(report, "warning"))


def test_cli_exit_codes_and_json(offer_dir, run):
    assert run("check", offer_dir).exit_code == 0
    text = valid_offer_text().replace("We answer this question plainly.", "TODO", 1)
    (offer_dir / "offer.yaml").write_text(text)
    result = run("check", "--format", "json", offer_dir)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] >= 1 and data["findings"][0]["level"] == "error"


def test_strict_fails_on_warnings(offer_dir, run):
    text = valid_offer_text().replace("We answer this question plainly.", "Your CAMHS worker can help.", 1)
    (offer_dir / "offer.yaml").write_text(text)
    assert run("check", offer_dir).exit_code == 0
    assert run("check", "--strict", offer_dir).exit_code == 1


def test_report_reads_like_a_report(offer_dir, run):
    out = run("check", offer_dir).stdout
    for quality in ("Comprehensive", "Accessible", "Collaborative", "Transparent"):
        assert re.search(rf"^{quality} \(.*\): (PASS|WARN|FAIL)$", out, re.M)
    assert "reading ease" in out


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_examples_pass_strict(example, run):
    result = run("check", "--strict", example)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_unreviewed_catalogues_are_reported_but_do_not_fail(offer_dir, run):
    # Point 3 of issue 15: the note is only for the languages the offer is translated into.
    (offer_dir / "translations").mkdir()
    (offer_dir / "translations" / "ur.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    report = _check(offer_dir)
    notes = [f.message for f in report.notes]
    assert any("no native speaker has reviewed" in m and "ur" in m for m in notes)
    assert not any(re.search(r"\bpl\b", m) for m in notes)
    assert report.notes and not any(f.level == "note" for f in report.warnings + report.errors)
    assert run("check", "--strict", EXAMPLES[0]).exit_code == 0


# --- issue 15 -------------------------------------------------------------------------------

PLAIN = "We answer this question plainly. Our staff will help you with "


def _answer_of(text: str, section_id: str, new: str) -> str:
    old = f"      {PLAIN}{section_id.replace('-', ' ')}."
    assert old in text, section_id
    return text.replace(old, f"      {new}", 1)


def test_filler_passes_as_an_answer(offer_dir):
    """Point 1: placeholders, answers too short to answer, and copies of another section's
    answer are errors, and cover no Schedule 1 item."""
    text = valid_offer_text()
    text = _answer_of(text, "wellbeing", "Please ask the school office about this.")  # the only 3g question
    text = _answer_of(text, "curriculum", "TBC")
    text = _answer_of(text, "staff-support", "See website.")
    text = _answer_of(text, "specialist-services", "We help.")
    copied = "We work with every family to plan the right help, and we review it each term together."
    text = _answer_of(text, "accessible-environment", copied)
    text = _answer_of(text, "resources", copied)
    report = _check(offer_dir, text)
    errors = {f.message: f for f in report.errors}
    assert "'wellbeing' is not answered: \"Please ask the school office about this.\" is a placeholder" in errors
    assert "'curriculum' is not answered: \"TBC\" is a placeholder" in errors
    assert "'staff-support' is not answered: \"See website.\" is a placeholder" in errors
    assert "'specialist-services' is not answered: \"We help.\" is too short to answer it (2 words)" in errors
    duplicate = next(f for m, f in errors.items() if "has the same answer as" in m)
    assert duplicate.message.startswith("'resources' has the same answer as 'accessible-environment'")
    assert text.splitlines()[duplicate.line - 1].strip() == "answer: |"
    assert duplicate.field.endswith(".answer")
    # Not answers, so they cover nothing: 3g (wellbeing only) is missing; the counts drop.
    assert report.coverage["schedule1"]["3g"] is False
    assert any(m.startswith("Schedule 1 item 3g") for m in errors)
    assert report.coverage["questions_answered"] == 14 - 5
    # A question asked as yes or no can be answered in a few words; a placeholder still cannot.
    text = valid_offer_text() + ("  - id: open-days\n    question: Do you offer open days for families?\n"
                                 "    answer: |\n      Yes, every October and June.\n")
    report = _check(offer_dir, text)
    assert not any("open-days" in f.message for f in report.errors)
    report = _check(offer_dir, text.replace("Yes, every October and June.", "Yes."))
    assert any(f.message.startswith("'open-days' is not answered") for f in report.errors)
    # A long answer that points to the website is an answer.
    text = _answer_of(valid_offer_text(), "wellbeing", "Our school nurse and learning mentor support children "
                      "who feel anxious; see our website for the wellbeing policy.")
    assert not _check(offer_dir, text).errors


def test_filler_in_the_offers_own_parts(offer_dir):
    text = valid_offer_text().replace(
        "  Talk to your child's teacher first. If you are still worried, talk to the special\n"
        "  educational needs co-ordinator (SENCO), then the head teacher.\n", "  Ask the office.\n")
    text = re.sub(r"co_production: \|\n(  .*\n)+", "co_production: |\n  TBC\n", text)
    report = _check(offer_dir, text)
    messages = _messages(report, "error")
    assert any(m.startswith("the complaints part is a placeholder") for m in messages)
    assert report.coverage["schedule1"]["9"] is False
    assert any(f.quality == "collaborative" and "placeholder" in f.message for f in report.errors)


def test_false_alarms_question_set_wording_is_not_the_schools(offer_dir, run):
    """Point 3: no readability or acronym findings about the set's own wording (which `new`
    writes into question:), only about what the school wrote."""
    from offerprint.questions import get_question_set, tailor_wording

    text = valid_offer_text().replace("questions: se7-parent", "questions: stockport")
    head, _ = text.split("sections:\n")
    from conftest import sections_yaml

    sections = sections_yaml("stockport")
    for q in get_question_set("stockport").questions:  # as `offerprint new` writes them
        sections = sections.replace(f"  - id: {q.id}\n",
                                    f"  - id: {q.id}\n    question: \"{tailor_wording(q.question, 'primary')}\"\n", 1)
    report = _check(offer_dir, head + sections)
    assert "SEN is used before it is spelled out" not in _messages(report)
    assert not [f for f in report.findings if f.field.endswith(".question")]
    # A question the school words itself is the school's text, and is checked.
    reworded = (head + sections).replace(
        'question: "How does the school support a child with SEN?"',
        "question: How does the school support a child with SEN and what does the SENCO plan with "
        "the class teacher and the family and other staff each term and year?")
    report = _check(offer_dir, reworded)
    assert any(f.field.endswith(".question") and "words" in f.message for f in report.warnings)


@pytest.mark.parametrize("spelled", ["MLD \u2013 Moderate Learning Disabilities", "MLD - moderate learning difficulties",
                                     "MLD (moderate learning difficulties)", "moderate learning difficulties (MLD)",
                                     "Moderate Learning Difficulties (MLD)"])
def test_false_alarms_acronym_spelled_out_any_usual_way(offer_dir, spelled):
    text = _answer_of(valid_offer_text(), "curriculum", f"We teach children with {spelled} in every class. "
                      "Children with MLD get extra reading time.")
    report = _check(offer_dir, text)
    assert not any("MLD" in m for m in _messages(report)), _messages(report)


def test_false_alarms_senco_and_send_are_explained_by_offerprint(offer_dir, run):
    text = _answer_of(valid_offer_text(), "curriculum", "Our SENCO plans SEND support with each class teacher "
                      "every term, and tells you what is planned.")
    report = _check(offer_dir, text)
    assert not any("SENCO" in m or "SEND" in m for m in _messages(report))
    # Not explained anywhere: still a warning.
    text = _answer_of(valid_offer_text(), "curriculum", "Your CAMHS worker and our SENCO plan the support "
                      "with you every term.")
    assert "CAMHS is used before it is spelled out" in _messages(_check(offer_dir, text), "warning")


def test_false_alarms_no_translation_note_without_translations_and_strict_passes(offer_dir, run):
    report = _check(offer_dir)
    assert report.notes == []
    result = run("check", "--strict", offer_dir)
    assert result.exit_code == 0, result.stdout
    assert "Result: 0 error(s), 0 warning(s), 0 note(s)." in result.stdout


def test_wrong_sums_and_states(offer_dir, run):
    """Point 4: questions of the school's own are counted apart from the set's; a TODO in
    co_production fails the collaborative quality."""
    own = "".join(
        f"  - id: own-{n}\n    question: What else do parents ask us, number {n}?\n    covers: ['7']\n"
        f"    answer: |\n      We hold a coffee morning each half term where parents tell us what they need {n}.\n"
        "    easy_read:\n      - text: We meet parents.\n        picture: meeting\n" for n in range(3))
    text = valid_offer_text() + own
    text = _answer_of(text, "curriculum", "TODO")
    (offer_dir / "offer.yaml").write_text(text)
    out = run("check", offer_dir).stdout
    assert "Questions answered: 13 of the 14 in the se7-parent set, and 3 of 3 questions of your own." in out
    text = re.sub(r"co_production: \|\n(  .*\n)+", "co_production: |\n  TODO\n", valid_offer_text())
    (offer_dir / "offer.yaml").write_text(text)
    out = run("check", offer_dir).stdout
    assert re.search(r"^Collaborative \(.*\): FAIL$", out, re.M), out
    assert "co_production: the co-production statement still says TODO" in out
    report = _check(offer_dir)
    assert report.coverage["questions_answered"] <= report.coverage["questions_in_set"]


def test_easy_read_missing_is_said_up_front(offer_dir, run):
    """Point 5: check says which sections have no easy read text, before pack finds out."""
    text = valid_offer_text()
    text = text.replace("    easy_read:\n      - text: We will help your child.\n        picture: teacher\n"
                        "      - text: You can talk to us.\n        picture: talk\n"
                        "      - text: We listen to you.\n        picture: listen\n", "", 2)
    report = _check(offer_dir, text)
    found = [f for f in report.warnings if "no easy read text" in f.message]
    assert len(found) == 1
    assert found[0].message.startswith("2 sections have no easy read text ('identify-needs', 'staff-support')")
    assert "--allow-missing" in found[0].fix
    assert text.splitlines()[found[0].line - 1].strip() == "- id: identify-needs"
    assert run("check", "--strict", offer_dir).exit_code == 1
