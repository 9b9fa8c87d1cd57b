"""What a section of a report is about, learnt from real reports: a small linear classifier over
the words of its heading and the start of its text, giving the chance of each *concept* (a
question of the SE7 parents' set, one of the offer's own fields, or "own": about none of them).

The model is data (``offerprint/data/import_model.json``), made by
``scripts/train_import_model.py`` with scikit-learn from labelled sections of real reports (the
bank in ``tests/corpus/bank/`` and the tune half of the import corpus; never its test half).
Reading it needs nothing but the standard library, so import starts at once and nothing is
fetched at run time. The words are cut into features here, and only here, so training and use
cannot drift apart.

Question sets other than SE7's ask the same things in other words and other ids: ``CONCEPT``
says which concept each of their questions is, so one model serves every set.
"""

from __future__ import annotations

import functools
import json
import math
import re
from importlib import resources

# The SE7 parents' set's question ids are concepts themselves; other sets' ids map onto them.
CONCEPT: dict[str, str] = {
    # Stockport
    "sharing-information": "identify-needs", "sen-support": "staff-support", "governors": "staff-support",
    "working-together": "parent-involvement", "progress": "progress-and-helping", "medicines": "wellbeing",
    "behaviour": "wellbeing", "child-views": "wellbeing", "other-services": "specialist-services",
    "impact": "decisions",
    # SE7 young people
    "asking-for-help": "identify-needs", "course-work": "curriculum", "planning-involvement": "decisions",
    "independence": "transition", "worries": "wellbeing", "help-beyond-course": "wellbeing",
    "external-experts": "specialist-services", "taking-part": "activities-outside", "getting-ready": "transition",
    "preparing-for-employment": "transition",
    # Manchester
    "classroom-support": "staff-support", "access-to-curriculum": "curriculum", "staff-expertise": "staff-training",
    "staff-development": "staff-training", "tests-and-exams": "curriculum", "sharing-progress": "progress-and-helping",
    "external-learning": "curriculum", "offsite-provision": "curriculum", "work-experience": "transition",
    "review-meetings": "progress-and-helping", "sen-support-reviews": "progress-and-helping",
    "risk-assessment": "activities-outside", "handover": "wellbeing", "breaks-and-lunchtimes": "wellbeing",
    "safe-outside-classroom": "activities-outside", "bullying": "wellbeing", "medication": "wellbeing",
    "care-plan": "wellbeing", "medical-emergency": "wellbeing", "staff-trained": "staff-training",
    "health-and-therapy": "specialist-services", "who-is-who": "contacts", "meeting-staff": "parent-involvement",
    "progress-updates": "progress-and-helping", "open-days": "transition", "parent-feedback": "parent-involvement",
    "home-school-contracts": "parent-involvement", "children-have-say": "wellbeing",
    "parents-have-say": "parent-involvement", "parents-get-involved": "parent-involvement",
    "other-agencies": "specialist-services", "forms-and-paperwork": "contacts", "information-and-advice": "contacts",
    "travel": "transition", "transition-to-high-school": "transition", "joining-from-year-6": "transition",
    "leaving-school": "transition", "preparing-for-adulthood": "transition", "childcare": "activities-outside",
    "clubs-and-activities": "activities-outside", "inclusive-clubs": "activities-outside",
    "making-friends": "wellbeing",
}


def concept(question_id: str) -> str:
    return CONCEPT.get(question_id, question_id)


BODY_WORDS = 120  # the start of a section's text says what it is about; the rest adds noise and time
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
# "3.", "Q4:", "Section 2 -", "1b)": numbering says where a heading sits, not what it is about
_NUMBERING = re.compile(r"^\s*(?:(?:q(?:uestion)?|section|part|step)\s*\d+[a-z]?\s*[:.)-]?|\d{1,2}(?:\.\d{1,2})*[a-z]?"
                        r"[.):-]?|[a-z][.)]|[ivx]{1,4}[.)])\s*", re.I)


def _words(text: str) -> list[str]:
    return [w.strip("'’-") for w in _WORD.findall(text.lower().replace("’", "'")) if w.strip("'’-")]


def heading_features(heading: str | None) -> list[str]:
    """The heading's words and word pairs, numbering taken off."""
    words = _words(_NUMBERING.sub("", heading or "", count=1))
    return [f"h:{w}" for w in words] + [f"h:{a}_{b}" for a, b in zip(words, words[1:])] + (
        ["h:?"] if (heading or "").rstrip().endswith("?") else [])


def body_features(body: str | None) -> list[str]:
    """The words and word pairs of the start of a section's text."""
    words = _words(body or "")[:BODY_WORDS]
    return [f"b:{w}" for w in words] + [f"b:{a}_{b}" for a, b in zip(words, words[1:])]


def unit_tfidf(features: list[str], idf: dict[str, float]) -> dict[str, float]:
    """The features' tf-idf weights (sublinear counts), scaled to unit length; features the
    model does not know are left out. Training (scripts/train_import_model.py) uses this too."""
    counts: dict[str, int] = {}
    for f in features:
        if f in idf:
            counts[f] = counts.get(f, 0) + 1
    vector = {f: (1 + math.log(n)) * idf[f] for f, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {f: v / norm for f, v in vector.items()} if norm else {}


class Model:
    """A multinomial logistic regression over tf-idf features, the heading's and the text's each
    scaled to unit length (so a long answer does not drown its heading)."""

    def __init__(self, data: dict):
        self.labels: list[str] = data["labels"]
        self.idf: dict[str, float] = data["idf"]
        # feature -> [(label index, weight)], only the weights that matter
        self.weights: dict[str, list[list[float]]] = data["weights"]
        self.intercept: list[float] = data["intercept"]

    def probabilities(self, heading: str | None, body: str | None) -> dict[str, float]:
        logits = list(self.intercept)
        for part in (heading_features(heading), body_features(body)):
            for feature, value in unit_tfidf(part, self.idf).items():
                for index, weight in self.weights.get(feature, ()):
                    logits[int(index)] += weight * value
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps)}


MODEL_FILE = "data/import_model.json"


@functools.cache
def model() -> Model:
    """The packaged model (it ships with the package: a missing one is a packaging fault)."""
    return Model(json.loads(resources.files("offerprint").joinpath(MODEL_FILE).read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1024)  # a section is matched again with its parent's or a part title's heading
def concept_probabilities(heading: str | None, body: str) -> dict[str, float]:
    return model().probabilities(heading, body)
