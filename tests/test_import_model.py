"""Import's classifier (offerprint/importer/classifier.py): what it learns from, that the shipped
model is the one its data makes, and that reading it needs nothing but the standard library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from offerprint.importer import classifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

import make_corpus  # noqa: E402
import train_import_model as training  # noqa: E402

BANK = sorted(training.BANK.glob("*.yaml"))
KINDS = {"early-years", "primary", "secondary", "all-through", "special", "pru", "college"}


def _sites(source) -> set[str]:
    sources = source if isinstance(source, list) else [source]
    return {urlparse(str(s)).netloc.lower().removeprefix("www.") for s in sources if s}


@pytest.fixture(scope="module")
def examples():
    return training.examples()


def test_the_bank_is_real_labelled_sections():
    assert len(BANK) >= 100
    allowed = set(training.labels())
    for path in BANK:
        school = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert school["slug"] == path.stem, path
        assert school["source"] and school["kind"] in KINDS, path
        for section in school["sections"]:
            assert section["heading"].strip() and section.get("text", "").strip(), (path, section)
            assert section["expect"] in allowed, (path, section["expect"])
            assert set(section.get("also") or []) <= allowed, (path, section)


def _urls(source) -> set[str]:
    sources = source if isinstance(source, list) else [source]
    return {str(s).lower().split("://", 1)[-1].removeprefix("www.").rstrip("/") for s in sources if s}


def test_no_school_of_the_corpus_is_in_the_bank():
    """The corpus measures import; a school in both would let the model learn the measure. Sites
    that hold many schools' documents (found as sites named by two schools or more) are compared
    by address, schools' own sites by site."""
    corpus = {p.stem: make_corpus.load(p).get("source") for p in make_corpus.REPORTS.glob("*.yaml")}
    bank = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["source"] for p in BANK}
    schools_of_site: dict[str, set[str]] = {}
    for slug, source in (corpus | bank).items():
        for site in _sites(source):
            schools_of_site.setdefault(site, set()).add(slug)
    shared = {site for site, schools in schools_of_site.items() if len(schools) > 1}
    corpus_urls = set().union(*map(_urls, corpus.values()))
    corpus_sites = set().union(*map(_sites, corpus.values())) - shared
    for slug, source in bank.items():
        assert slug not in corpus
        assert not _urls(source) & corpus_urls, slug
        assert not _sites(source) & corpus_sites, slug


def test_the_model_never_learns_from_the_test_half(examples):
    groups = {group for group, *_ in examples}
    test_half = {slug for slug in (p.stem for p in make_corpus.REPORTS.glob("*.yaml")) if make_corpus.half(slug) == "test"}
    assert test_half and not {f"corpus:{slug}" for slug in test_half} & groups
    assert any(g.startswith("corpus:") for g in groups) and any(g.startswith("bank:") for g in groups)


def test_the_shipped_model_is_the_one_its_data_makes(examples):
    """Learnt again here from the same sections: the same weights (to rounding, whatever the
    solver's version) and the same concept for every section."""
    shipped = json.loads((ROOT / "offerprint" / classifier.MODEL_FILE).read_text(encoding="utf-8"))
    again = training.as_json(*training.fit(examples))
    assert again["labels"] == shipped["labels"]
    for feature in set(again["weights"]) ^ set(shipped["weights"]):  # only weights near the cut may come and go
        weights = again["weights"].get(feature) or shipped["weights"][feature]
        assert max(abs(w) for _, w in weights) < 2 * training.KEEP, feature
    first, second = classifier.Model(shipped), classifier.Model(again)
    differ = 0
    for _, heading, body, _ in examples:
        a, b = first.probabilities(heading, body), second.probabilities(heading, body)
        differ += max(a, key=a.get) != max(b, key=b.get)
    assert differ <= len(examples) // 100, f"{differ} sections change concept: run scripts/train_import_model.py"


def test_reading_the_model_needs_only_the_standard_library():
    code = ("import sys; from offerprint.importer import classifier; "
            "p = classifier.concept_probabilities('How do you know if my child needs extra help?', "
            "'Teachers watch how each child gets on and talk to the SENCO about any worry.'); "
            "print(max(p, key=p.get)); print(sorted(m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.split("\n")[:2] == ["identify-needs", "[]"]


@pytest.mark.parametrize("heading, body, concept", [
    ("How do you know if my child needs extra help?", "Teachers watch how each child gets on in class and "
     "raise any worry with the SENCO, who may observe or assess them.", "identify-needs"),
    ("Moving on", "Before your child joins us we visit their nursery, and in Year 6 we arrange extra visits "
     "to the high school and pass on their records.", "transition"),
    ("Who can I talk to?", "Please contact the SENCO on 01234 567890 or email senco@example.sch.uk; the "
     "Local Offer and SENDIASS can also give advice.", "contacts"),
])
def test_what_a_section_is_about(heading, body, concept):
    chances = classifier.concept_probabilities(heading, body)
    assert max(chances, key=chances.get) == concept


def test_a_question_the_bank_rarely_shows_stays_with_the_rules():
    """Staff training sits late in reports, where stored pages seldom reach: the bank has few such
    sections and the classifier leans to staff support; it is not sure enough to overrule the rules."""
    from offerprint.importer.matching import match_section, targets_for

    heading, body = "What training do staff have?", ("Teaching assistants have been trained in Team Teach, Makaton "
                                                     "and supporting pupils with autism; the SENCO holds the national "
                                                     "award.")
    match = match_section(heading, body, targets_for("se7-parent", "primary"))
    assert match.target == "staff-training" and match.learnt is None


def test_every_question_of_every_set_is_a_concept():
    from offerprint.questions import question_sets

    concepts = set(training.labels())
    for set_id, qset in question_sets().items():
        for question in qset.questions:
            assert classifier.concept(question.id) in concepts, (set_id, question.id)
