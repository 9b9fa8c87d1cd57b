"""`offerprint import` on real schools' reports it was not written for (tests/corpus/: 68 real
settings' SEN information reports, paraphrased, each in four forms), scored against what a
careful person expected before any import was run.

Each report and form is imported once. The figures held here are floors a little under what the
importer reached when this test was written (tune half: the importer was tuned on it and its
classifier learnt from it; test half: only ever measured), so a change that makes import worse on real reports fails; the issue's aims
(85 % of headings, 80 % of facts, none misfiled on the test half) are printed by
benchmarks/import_reports.py, and not all are met yet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from offerprint.importer import import_report, write_import
from offerprint.load import load_offer

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(CORPUS))

import score as corpus  # noqa: E402

# half -> (headings, facts, most facts misfiled, words): floors a little under the figures of
# 8 December 2026, on the corpus of 88 reports, with the classifier learnt from the bank and the
# tune half and the question sets' wording, and the text reader's runs of short lines (tune 92.2 %,
# 86.6 %, 13; test 68.9 %, 82.0 %, 23)
FLOORS = {"tune": (0.89, 0.84, 16, 0.99), "test": (0.67, 0.80, 27, 0.99)}


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, list]:
    out = tmp_path_factory.mktemp("corpus")
    found: dict[str, list] = {"tune": [], "test": []}
    for half in found:
        for slug in corpus.slugs(half):
            want = corpus.expected(slug)
            for form in corpus.FORMS:
                result = import_report(corpus.BUILT / f"{slug}.{form}", want["questions"], want["kind"])
                write_import(result, out / f"{slug}-{form}")  # loads what it writes back first
                found[half].append(corpus.score(slug, form, result))
    return found


def test_the_corpus_is_real_and_split_once():
    tune, test = corpus.slugs("tune"), corpus.slugs("test")
    assert len(tune) + len(test) >= 40 and len(tune) >= 15 and len(test) >= 15
    kinds = {corpus.expected(s)["kind"] for s in tune + test}
    assert {"primary", "secondary", "special", "early-years", "college"} <= kinds
    for slug in tune + test:
        for form in corpus.FORMS:
            assert (corpus.BUILT / f"{slug}.{form}").is_file(), (slug, form)


@pytest.mark.parametrize("half", ["tune", "test"])
def test_headings_facts_and_words_on_real_reports(scores, half):
    headings, facts, misfiled, words = FLOORS[half]
    got = corpus.totals(scores[half])
    print(f"{half}: {got}")
    wrong = [(s.slug, s.form, h) for s in scores[half] for h in s.wrong_headings][:20]
    assert got["headings"] >= headings, f"{got['headings']:.1%} of headings right; some wrong: {wrong}"
    assert got["facts"] >= facts, f"{got['facts']:.1%} of facts found"
    assert got["facts_misfiled"] <= misfiled, [(s.slug, s.form, s.facts_misfiled) for s in scores[half]
                                               if s.facts_misfiled]
    assert got["words"] >= words, f"{got['words']:.1%} of words carried"
    assert got["furniture"] == 0, [(s.slug, s.form, s.furniture) for s in scores[half] if s.furniture]


def test_every_report_imports_in_every_form_and_loads(scores, tmp_path):
    assert len(scores["tune"]) + len(scores["test"]) == len(corpus.slugs()) * len(corpus.FORMS)
    slug = corpus.slugs("test")[0]
    want = corpus.expected(slug)
    result = import_report(corpus.BUILT / f"{slug}.pdf", want["questions"], want["kind"])
    write_import(result, tmp_path / "offer")
    assert load_offer(tmp_path / "offer").offer.sections
