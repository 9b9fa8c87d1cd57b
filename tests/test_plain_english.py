"""Plain-English help (offerprint/plain_english.py): the sentences that pull an answer's reading
ease down, with suggestions (split, plainer words from data/plain_words.yaml, passive to active
when who acts is named), and how check shows them: notes, three an answer in text, all in JSON."""

from __future__ import annotations

import json

from offerprint import plain_english as pe
from offerprint import readability as rd
from offerprint.check import check_offer, format_report
from offerprint.load import load_offer

from conftest import valid_offer_text

HARD = ("In order to ensure that every pupil is able to access the curriculum, we utilise a range of strategies "
        "and interventions; these are monitored carefully throughout the academic year. "
        "The support was decided by the SENCO after a consultation with the educational psychologist. "
        "We meet you every term.")


def _kinds(sentence: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for s in pe.suggestions(sentence):
        found.setdefault(s.kind, []).append(s.text)
    return found


def test_the_plain_words_list_is_curated_data():
    words = pe.plain_words()
    assert 80 <= len(words) <= 150
    assert all(isinstance(k, str) and isinstance(v, str) and k and v and k != v.lower() for k, v in words.items())
    assert words["in order to"] == "to" and words["utilise"] == "use" and words["facilitate"].startswith("help")
    assert words["subsequently"].startswith("then")


def test_hard_sentences_worst_first_with_suggestions():
    help_ = pe.help_for(HARD)
    assert help_.ease is not None and help_.ease < pe.TARGET_EASE
    assert help_.words == sum(len(rd.words(s)) for s in rd.sentences(HARD))
    sentences = [h.sentence for h in help_.sentences]
    assert sentences[0].startswith("In order to ensure")  # the longest and hardest pulls down most
    assert "We meet you every term." not in sentences  # plain already
    first = help_.sentences[0]
    assert first.ease < pe.TARGET_EASE and first.words == len(rd.words(first.sentence))
    kinds = {s.kind for s in first.suggestions}
    assert {"split", "plainer word"} <= kinds
    assert help_.to_dict()["sentences"][0]["suggestions"][0]["kind"] in kinds


def test_split_at_the_semicolon_or_join_nearest_the_middle():
    sentence = ("We write a plan with you for your child in the first weeks of term; the class teacher then "
                "checks it with you every six weeks at a meeting.")
    split = pe.split_point(sentence)
    assert split.kind == "split" and 'at the semicolon after "weeks of term"' in split.text
    assert split.text.endswith('start a new one with "the class teacher then"')
    joined = ("Your child works in a small group with a teaching assistant in the morning because this helps them "
              "to settle and to be ready for the rest of the day with their class.")
    assert 'before "because", after "in the morning"' in pe.split_point(joined).text
    assert pe.split_point("We meet you every term; we listen.") is None  # short: nothing to split


def test_plainer_words_match_whole_terms_any_capitals():
    found = pe.plainer_words("In order to help, we Utilise apps and liaise with families; we ensure it works.")
    assert [s.text for s in found] == ['"In order to" -> "to"', '"Utilise" -> "use"',
                                       '"liaise with" -> "work with, talk to"', '"ensure" -> "make sure"']
    assert pe.plainer_words("We are reassured by the outcome.") == []  # "ensure" inside "reassured" is not the word


def test_passive_turned_round_only_when_who_acts_is_named():
    assert _kinds("The support was decided by the SENCO after a meeting.")["active"] == [
        '"was decided by the SENCO" -> "the SENCO decided"']
    assert _kinds("The report was written by Mrs Jones in June.")["active"] == [
        '"was written by Mrs Jones" -> "Mrs Jones wrote"']
    present = _kinds("Plans are reviewed by the class teacher every term.")["active"]
    assert present == ['"are reviewed by the class teacher": say who does it first ("the class teacher …")']
    for unnamed in ("Reports are sent by email to every family.", "Targets are reviewed by the end of term.",
                    "The plan is set out by the EHC plan itself.", "It was agreed by September."):
        assert "active" not in _kinds(unnamed), unnamed


def test_no_help_where_the_answer_is_plain():
    help_ = pe.help_for("We meet you every term. We talk about how your child is doing. You can ask us anything.")
    assert help_.ease >= pe.TARGET_EASE and help_.sentences == ()


def test_check_shows_the_worst_three_an_answer_in_text_and_all_in_json(offer_dir, run):
    hard_answer = " ".join(
        f"In order to facilitate communication {n}, staff utilise individualised strategies and subsequently "
        f"evaluate the effectiveness of interventions collaboratively with families." for n in
        ("daily", "weekly", "termly", "annually", "regularly"))
    text = valid_offer_text().replace("We answer this question plainly. Our staff will help you with curriculum.",
                                      hard_answer, 1)
    (offer_dir / "offer.yaml").write_text(text, encoding="utf-8")
    before = (offer_dir / "offer.yaml").read_bytes()
    report = check_offer(load_offer(offer_dir))
    notes = [f for f in report.notes if pe.NOTE_RANK.match(f.message)]
    expected = pe.help_for(hard_answer).sentences
    assert len(notes) == len(expected) == 5
    assert {f.field for f in notes} == {"sections[3].answer"} and all(f.line for f in notes)
    assert all(f.level == "note" and f.quality == "accessible" for f in notes)
    assert not report.errors and not any(pe.NOTE_RANK.match(f.message) for f in report.warnings)
    assert '"in order to" -> "to"' in notes[0].fix.lower() and '"utilise" -> "use"' in notes[0].fix
    out = format_report(report)
    assert out.count("plain English, hard sentence") == pe.SHOWN_PER_ANSWER
    assert "... and 2 more hard sentences to make plainer" in out
    data = json.loads(run("check", "--format", "json", offer_dir).stdout)
    assert sum(1 for f in data["findings"] if f["message"].startswith("plain English, hard sentence")) == 5
    curriculum = [a for a in data["audit"]["readability"]["answers"] if a["id"] == "curriculum"][0]
    assert curriculum["below_target"] and len(curriculum["sentences"]) == 5
    assert (offer_dir / "offer.yaml").read_bytes() == before  # suggestions only: nothing rewritten
