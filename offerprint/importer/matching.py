"""Matching a section of a report (its heading and its text) to where it belongs: a question of
the set, or one of the offer's own fields; and guessing the legal items a question of the
school's own covers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..questions import get_question_set, question_sets, tailor_wording
from .classifier import concept, concept_probabilities
from .topics import ITEM_TOPICS, QUESTION_TOPICS, TOPICS

HIGH = "high"
CHECK = "check this"


@dataclass(frozen=True)
class Target:
    """Somewhere an answer can go: a question of the set, or one of the offer's own fields."""

    id: str  # a question id, or a field path: co_production, complaints, accessibility.admissions ...
    question: str
    prompts: tuple[str, ...]
    topics: tuple[str, ...]


FIELD_TARGETS = (
    Target("co_production", "How parents, carers, children and young people helped write this report", (),
           ("co-production",)),
    Target("complaints", "How to raise a concern or make a complaint", (), ("complaints",)),
    Target("accessibility.admissions", "Admission arrangements for disabled pupils", (), ("admissions",)),
    Target("accessibility.less_favourable_treatment", "Preventing disabled pupils being treated less favourably",
           (), ("less-favourable",)),
    Target("accessibility.facilities", "Facilities for disabled pupils to get into and around the school", (),
           ("facilities",)),
    Target("accessibility.accessibility_plan", "Our accessibility plan", (), ("accessibility-plan",)),
)
S69_FIELDS = {"accessibility.admissions": "admissions",
               "accessibility.less_favourable_treatment": "less-favourable-treatment",
               "accessibility.facilities": "access-facilities",
               "accessibility.accessibility_plan": "accessibility-plan"}


# Questions of different sets that ask the same thing (by id). A report answers in words of its
# own, often those of another set than the one its office imports with: each question is also
# matched on the wording of its kin in the other sets, where the set has no question of that id.
KIN = (
    ("identify-needs", "asking-for-help", "sharing-information"),
    ("staff-support", "sen-support", "classroom-support", "governors"),
    ("curriculum", "course-work", "access-to-curriculum", "tests-and-exams"),
    ("progress-and-helping", "progress", "sharing-progress", "progress-updates", "impact"),
    ("wellbeing", "worries", "help-beyond-course", "behaviour", "child-views", "children-have-say", "bullying",
     "medicines", "medication", "care-plan", "medical-emergency"),
    ("specialist-services", "other-services", "external-experts", "health-and-therapy", "other-agencies",
     "staff-expertise"),
    ("staff-training", "staff-trained", "staff-development"),
    ("activities-outside", "taking-part", "clubs-and-activities", "safe-outside-classroom", "breaks-and-lunchtimes",
     "risk-assessment"),
    ("transition", "getting-ready", "transition-to-high-school", "joining-from-year-6", "leaving-school",
     "preparing-for-adulthood", "preparing-for-employment", "independence"),
    ("decisions", "sen-support-reviews", "review-meetings"),
    ("parent-involvement", "working-together", "parents-have-say", "parents-get-involved", "parent-feedback",
     "meeting-staff"),
    ("contacts", "who-is-who", "information-and-advice", "forms-and-paperwork"),
)


@functools.cache
def _kin_wording(set_id: str, kind: str, question_id: str) -> tuple[str, ...]:
    """The wording (questions and prompts) of ``question_id``'s kin in the other question sets,
    leaving out kin the set ``set_id`` asks as questions of their own."""
    own_ids = {q.id for q in get_question_set(set_id).questions}
    group = next((g for g in KIN if question_id in g), (question_id,))
    wording = []
    for other_id, other in question_sets().items():
        if other_id == set_id:
            continue
        for q in other.questions:
            if q.id in group and (q.id == question_id or q.id not in own_ids):
                wording += [tailor_wording(q.question, kind), *(tailor_wording(p, kind) for p in q.prompts)]
    return tuple(dict.fromkeys(wording))


def targets_for(set_id: str, kind: str) -> list[Target]:
    qset = get_question_set(set_id)
    targets = []
    for q in qset.for_kind(kind):
        topics = QUESTION_TOPICS.get(q.id, ()) or tuple(t for item in sorted(q.schedule1) for t in ITEM_TOPICS[item])
        prompts = tuple(tailor_wording(p, kind) for p in q.prompts) + _kin_wording(set_id, kind, q.id)
        targets.append(Target(q.id, tailor_wording(q.question, kind), prompts, topics))
    fields = [t for t in FIELD_TARGETS if kind != "college" or not t.id.startswith("accessibility.")]
    return targets + fields


STOP_WORDS = frozenset("""a an the and or of to in on for with at by from is are be will can do does did i my me we our
us you your it its this that these those how what who when where which why if as their they them he she his her
has have had was were about into than then so not no yes there here also all any each more most some such only own
same too very just school setting college nursery child children young people person pupil pupils student
students learner learners""".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


@functools.lru_cache(maxsize=4096)  # each section's text is matched against every question
def _norm(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower().replace("’", "'"))) + " "


def _topic_hits(text: str, topic: str) -> int:
    normed = _norm(text)
    return sum(1 for phrase in TOPICS[topic] if " " + phrase in normed)


@dataclass
class Match:
    target: str
    score: float
    second: str | None
    second_score: float
    learnt: str | None = None  # the classifier's concept where it is sure of one ("own" included)

    @property
    def confidence(self) -> str:
        return _confidence(self.score, self.second_score)


def _confidence(score: float, second_score: float) -> str:
    return HIGH if score >= 55 and score - second_score >= 8 else CHECK


def _heading_score(heading: str, target: Target) -> float:
    """How like the target's question (or one of its prompts) a heading is, 0-100."""
    words = " ".join(_words(heading))
    whole = _norm(heading).strip()
    if not whole:
        return 0.0
    question_words = " ".join(_words(target.question))
    best = max(fuzz.token_sort_ratio(words, question_words) if words else 0,
               0.8 * fuzz.ratio(whole, _norm(target.question).strip()))
    if len(set(_words(heading))) >= 3:  # a heading asking part of the question ("What should I do if ...?")
        best = max(best, 0.85 * fuzz.token_set_ratio(words, question_words))
    for prompt in target.prompts:
        best = max(best, 0.85 * fuzz.token_sort_ratio(words, " ".join(_words(prompt))) if words else 0)
    return float(best)


def score_target(heading: str | None, body: str, target: Target) -> float:
    heading_fuzzy = _heading_score(heading, target) if heading else 0.0
    # The first topic is what the question is about; the others count three quarters.
    weights = [1.0] + [0.75] * (len(target.topics) - 1)
    # A heading naming any of the question's topics says what it is about: full weight.
    heading_topics = sum(min(_topic_hits(heading, t), 2) for t in target.topics) if heading else 0
    body_topics = sum(w * min(_topic_hits(body, t), 4) for w, t in zip(weights, target.topics)) if body else 0
    score = 0.5 * max(0.0, heading_fuzzy - 20) + 22 * min(heading_topics, 2) + 4 * min(body_topics, 8)
    if not heading:  # text without a heading is matched on its words only
        score = 8 * min(body_topics, 8)
    return score


# How sure the classifier must be of a concept to overrule the rules (heading likeness and topic
# words): chosen on sections the rules were never tuned on (the bank), with models that had not
# learnt from them, and checked on the tune half with a model learnt from the bank alone.
LEARNT_SURE = 0.45
# Filing text as the school's own takes it out of the set's questions: the classifier must be
# surer of that (on the bank, 0.6 cost a tenth of a point against 0.45).
LEARNT_SURE_OWN = 0.6
LEARNT_VETO = 0.2


def match_section(heading: str | None, body: str, targets: list[Target]) -> Match:
    scored = sorted(((round(score_target(heading, body, t), 1), t.id) for t in targets), reverse=True)
    chances = concept_probabilities(heading, body)
    learnt = max(chances, key=chances.get)
    rules_sure = _confidence(scored[0][0], scored[1][0] if len(scored) > 1 else 0.0) == HIGH
    # a heading in the set's own words ("How does the school support a child with SEN?") is the
    # rules' to place: the classifier knows concepts, not the set's finer questions
    # nor does it overrule a choice it finds likely itself ("Deciding on the right support" over the
    # graduated approach: decisions, though staff support is likelier to it)
    rules_likely = chances.get(concept(scored[0][1]), 0.0) >= LEARNT_VETO
    sure_enough = chances[learnt] >= (LEARNT_SURE_OWN if learnt == "own" else LEARNT_SURE)
    learnt = learnt if sure_enough and not rules_sure and not rules_likely else None
    if learnt and learnt != "own":
        # the set's question of that concept the rules like best goes first
        of_concept = [pair for pair in scored if concept(pair[1]) == learnt]
        if of_concept:
            scored.remove(of_concept[0])
            scored.insert(0, of_concept[0])
        else:
            learnt = None  # a concept this set (or kind) does not ask about: the rules decide
    (best_score, best), (second_score, second) = scored[0], scored[1] if len(scored) > 1 else (0.0, None)
    return Match(best, best_score, second, second_score, learnt)


# "What is the Local Offer?", "What are special educational needs (SEN) or a disability?": a
# heading that explains one of the words every report uses answers no question of the set.
_EXPLAINS = re.compile(
    r"^(?:q\d+[:.]?\s*|\d+[a-z]?[.)]\s*)?what (?:is|are|does) (?:the |a |an )?['‘\"]?(?:the )?(?:local offer|sen|send|"
    r"special educational needs?(?: and(?:/or)? disabilit(?:y|ies))?|sen information report|send information report|"
    r"(?:a )?disability|sen support)['’\"]?(?: \((?:sen|send|sen ?d)\))?(?: or (?:a )?disability)?(?: mean)?\s*\??$", re.I)


def explains_a_term(heading: str) -> bool:
    return bool(_EXPLAINS.match(" ".join(heading.split())))


def guess_covers(heading: str | None, body: str) -> list[str]:
    """The Schedule 1 (or s.69) items a question of the school's own seems to cover, best first."""
    text = f"{heading or ''}\n{heading or ''}\n{body}"
    scores = {item: sum(_topic_hits(text, t) for t in topics) for item, topics in ITEM_TOPICS.items()}
    best = max(scores.values())
    if best == 0:
        return ["1"]  # says something about the school's SEN provision as a whole
    return [item for item, s in sorted(scores.items(), key=lambda kv: -kv[1]) if s >= max(2, best * 0.75)][:2] or \
        [max(scores, key=scores.get)]
