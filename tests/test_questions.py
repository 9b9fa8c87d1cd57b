"""The question sets: counts from the guidance, unique ids, a complete coverage map."""

from __future__ import annotations

import re

import pytest

from offerprint.questions import S69, SCHEDULE_1, THEMES, question_sets, tailor_wording

EXPECTED_COUNTS = {"se7-parent": 14, "se7-young-person": 13, "stockport": 19}


def test_all_four_sets_ship():
    assert set(question_sets()) == {"se7-parent", "se7-young-person", "manchester", "stockport"}


@pytest.mark.parametrize("set_id,count", EXPECTED_COUNTS.items())
def test_counts_match_the_guidance(set_id, count):
    assert len(question_sets()[set_id].questions) == count


def test_manchester_has_topics_and_phase_flags():
    manchester = question_sets()["manchester"]
    assert len(manchester.questions) >= 40
    assert all(q.topic for q in manchester.questions)
    flagged = [q for q in manchester.questions if q.phases]
    assert flagged and all(set(q.phases) <= {"secondary", "college"} for q in flagged)
    assert any("work experience" in q.question.lower() for q in flagged)
    # A primary school is not asked the secondary-phase questions.
    assert len(manchester.for_kind("primary")) == len(manchester.questions) - len(flagged)
    assert len(manchester.for_kind("secondary")) == len(manchester.questions)


@pytest.mark.parametrize("set_id", ["se7-parent", "se7-young-person", "manchester", "stockport"])
def test_ids_unique_and_covers_valid(set_id):
    qs = question_sets()[set_id]
    ids = [q.id for q in qs.questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert [q.number for q in qs.questions] == sorted(q.number for q in qs.questions)
    for q in qs.questions:
        assert q.question.strip()
        assert q.schedule1 <= set(SCHEDULE_1), q.id
        assert q.s69 <= set(S69), q.id
        assert q.themes <= THEMES, q.id
    # A few questions (Manchester's travel plans) cover no statutory item; nearly all do.
    mapped = [q for q in qs.questions if q.schedule1 or q.s69 or q.themes]
    assert len(mapped) >= 0.9 * len(qs.questions)


@pytest.mark.parametrize("set_id,uncovered", [("se7-parent", set()), ("stockport", set()),
                                              ("manchester", {"1", "2", "3a"}),
                                              ("se7-young-person", {"3a", "7", "11"})])
def test_coverage_map_matches_the_guidance(set_id, uncovered):
    """Items 4 (SENCO), 9 (complaints) and 13 (Local Offer) have offer fields of their own. The
    SE7 parent and Stockport sets ask about every other item; the young person's set and
    Manchester's topics leave some out, which a school answers in sections of its own."""
    covered = set().union(*(q.schedule1 for q in question_sets()[set_id].questions))
    assert set(SCHEDULE_1) - covered - {"4", "9", "13"} == uncovered


def test_se7_parent_prompts_kept():
    first = question_sets()["se7-parent"].questions[0]
    assert first.prompts and "identify" in first.prompts[0].lower()


def test_every_set_asks_how_decisions_are_made_or_says_so():
    for qs in question_sets().values():
        if qs.id in {"se7-parent", "stockport"}:
            assert any("decisions" in q.themes for q in qs.questions), qs.id


def test_tailor_wording_for_each_kind():
    text = "How does the setting / school / college know if children/young people need extra help?"
    assert tailor_wording(text, "primary") == "How does the school know if children need extra help?"
    assert tailor_wording(text, "early-years") == "How does the nursery know if children need extra help?"
    assert tailor_wording(text, "college") == "How does the college know if young people need extra help?"


# --- issue 15 point 6: easy read headings ---------------------------------------------------

def _catalogue_ids() -> set[str]:
    from babel.messages.pofile import read_po

    from offerprint import i18n

    with i18n.template_path().open("rb") as fp:
        return {m.id for m in read_po(fp) if m.id}


@pytest.mark.parametrize("set_id", ["se7-parent", "se7-young-person", "manchester", "stockport"])
def test_easy_read_headings_are_short_plain_and_translatable(set_id):
    from offerprint import readability as rd
    from offerprint.questions import OWN_QUESTIONS

    ids = _catalogue_ids()
    forms = [(q.id, q.easy) for q in question_sets()[set_id].questions]
    forms += [(o.id, o.easy) for o in OWN_QUESTIONS] + [(o.id, o.easy_young) for o in OWN_QUESTIONS]
    for qid, easy in forms:
        assert easy, qid
        assert len(rd.words(easy)) <= 8, (qid, easy)
        assert not rd.acronyms(easy), (qid, easy)
        assert "/" not in easy and "(" not in easy and not easy.endswith("?"), (qid, easy)
        assert easy[0].isupper() and easy == " ".join(easy.split()), (qid, easy)
        assert easy in ids, f"{easy!r} is not in translations/messages.pot: run scripts/update-catalogues.sh"


def test_young_person_headings_speak_to_the_young_person():
    for q in question_sets()["se7-young-person"].questions:
        assert "your child" not in q.easy, q.id
