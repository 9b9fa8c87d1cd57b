"""The canonical question sets (from the Stockport guidance), as package data.

Each question maps to the Schedule 1 items (SEND Regulations 2014) and s.69 items (Children and
Families Act 2014) its answer covers, so an offer's statutory coverage can be computed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent

# Schedule 1 of the SEND Regulations 2014, in short (guidelines.md).
SCHEDULE_1: dict[str, str] = {
    "1": "the kinds of special educational needs provided for",
    "2": "how needs are identified and assessed",
    "3a": "how the effectiveness of provision is evaluated",
    "3b": "how progress is assessed and reviewed",
    "3c": "the approach to teaching",
    "3d": "how the curriculum and learning environment are adapted",
    "3e": "additional support for learning",
    "3f": "activities outside the classroom with other pupils",
    "3g": "support for emotional, mental and social development",
    "4": "the SENCO's name and contact details",
    "5": "staff expertise and training, and how specialist expertise is secured",
    "6": "how equipment and facilities are secured",
    "7": "consulting and involving parents",
    "8": "consulting and involving children and young people",
    "9": "how complaints from parents are handled",
    "10": "how health, social care, local authority support services and voluntary bodies are involved",
    "11": "contact details of support services for parents",
    "12": "arrangements for transfer between phases and preparing for adulthood",
    "13": "where the local authority's Local Offer is published",
}

# Children and Families Act 2014 s.69 items (the accessibility information).
S69: dict[str, str] = {
    "admissions": "admission arrangements for disabled pupils",
    "less-favourable-treatment": "steps to prevent disabled pupils being treated less favourably",
    "access-facilities": "facilities to help disabled pupils get into and around the school",
    "accessibility-plan": "the accessibility plan",
}

THEMES = frozenset(
    {"first-contact", "decisions", "transition", "co-production", "wellbeing", "complaints", "local-offer"}
)


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    question: str
    prompts: tuple[str, ...] = ()
    topic: str | None = None
    phases: tuple[str, ...] = ()
    schedule1: frozenset[str] = frozenset()
    s69: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()

    def applies_to(self, kind: str) -> bool:
        """Phase-flagged questions (Manchester's 'secondary phase') only apply to those phases."""
        if not self.phases:
            return True
        phase_of_kind = {"secondary": "secondary", "all-through": "secondary", "college": "college",
                         "special": "secondary", "pru": "secondary"}
        return phase_of_kind.get(kind) in self.phases


@dataclass(frozen=True)
class QuestionSet:
    id: str
    title: str
    description: str
    source: str
    audience: str
    questions: tuple[Question, ...] = field(default=())

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def for_kind(self, kind: str) -> list[Question]:
        return [q for q in self.questions if q.applies_to(kind)]


def _question_from(data: dict) -> Question:
    covers = data.get("covers") or {}
    return Question(
        id=data["id"],
        number=int(data["number"]),
        question=data["question"],
        prompts=tuple(data.get("prompts") or ()),
        topic=data.get("topic"),
        phases=tuple(data.get("phases") or ()),
        schedule1=frozenset(str(x) for x in covers.get("schedule1") or ()),
        s69=frozenset(covers.get("s69") or ()),
        themes=frozenset(covers.get("themes") or ()),
    )


@functools.cache
def question_sets() -> dict[str, QuestionSet]:
    """Every shipped question set, by id, in a stable order."""
    sets = {}
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        qs = QuestionSet(
            id=data["id"],
            title=data["title"],
            description=data.get("description", ""),
            source=data.get("source", ""),
            audience=data.get("audience", "parent"),
            questions=tuple(_question_from(q) for q in data["questions"]),
        )
        sets[qs.id] = qs
    return sets


def get_question_set(set_id: str) -> QuestionSet | None:
    return question_sets().get(set_id)


def question_text(set_id: str, section, kind: str) -> str:
    """The question a section prints: the school's own wording, else the set's said for this
    kind of setting ("the school", not "the setting / school / college"), else its id."""
    if section.question:
        return section.question
    qset = get_question_set(set_id)
    question = qset.question(section.id) if qset else None
    return tailor_wording(question.question, kind) if question else section.id


# Words the SE7 sets write for every kind of setting at once; `new` picks the one that fits.
_SETTING_WORDS = {
    "early-years": ("nursery", "child", "children"),
    "primary": ("school", "child", "children"),
    "secondary": ("school", "child", "children"),
    "all-through": ("school", "child", "children"),
    "special": ("school", "child/young person", "children and young people"),
    "pru": ("centre", "child/young person", "children and young people"),
    "college": ("college", "young person", "young people"),
}


def tailor_wording(text: str, kind: str) -> str:
    """Rewrite 'setting / school / college' and 'child/young person' for one kind of setting."""
    place, child, children = _SETTING_WORDS.get(kind, ("school", "child", "children"))
    replacements = [
        ("early years setting / school / college", place),
        ("setting's / school's / college's", f"{place}'s"),
        ("setting / school / college", place),
        ("setting /school / college", place),
        ("setting/ school / college", place),
        ("setting / school /college", place),
        ("children/young people", children),
        ("child's/young person's", f"{child}'s" if "/" not in child else "child's"),
        ("child/young person", child),
        ("children's/young people's", f"{children}'s" if " " not in children else "children's"),
    ]
    for old, new in replacements:
        text = text.replace(old, new)
    return text
