"""The canonical question sets (from the Stockport guidance), as package data.

Each question maps to the Schedule 1 items (SEND Regulations 2014) and s.69 items (Children and
Families Act 2014) its answer covers, so an offer's statutory coverage can be computed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..resources import read_shipped_yaml

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
    easy: str = ""  # the easy read heading: at most 8 plain words, translated in translations/

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
        easy=data.get("easy") or "",
    )


@functools.cache
def question_sets() -> dict[str, QuestionSet]:
    """Every shipped question set, by id, in a stable order."""
    sets = {}
    for path in sorted(HERE.glob("*.yaml")):
        data = read_shipped_yaml(path)
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


# --- questions of the school's own, for what a set does not ask ------------------------------
#
# Some sets leave out items the law requires (the young person's set has no question for
# Schedule 1 items 3a, 7 and 11) or never ask how decisions are made. `offerprint new` adds a
# question of the school's own for each, with prompts, so that a filled-in template can pass
# `offerprint check`. Wording for parents, then for a young person reading about themselves;
# "setting / school / college" and "child/young person" are said for the kind of setting.

def N_(text: str) -> str:
    """Marks an easy read heading for translation (Babel extracts N_ calls)."""
    return text


@dataclass(frozen=True)
class OwnQuestion:
    id: str
    covers: tuple[str, ...]  # Schedule 1 items
    question: str  # for parents
    question_young: str  # for a young person
    prompts: tuple[str, ...]
    easy: str
    easy_young: str
    decisions: bool = False  # says how decisions about support are made

    def wording(self, audience: str, kind: str) -> tuple[str, str]:
        """(question, easy read heading) for the set's audience and the kind of setting."""
        young = audience == "young-person"
        return (tailor_wording(self.question_young if young else self.question, kind),
                self.easy_young if young else self.easy)


OWN_QUESTIONS: tuple[OwnQuestion, ...] = (
    OwnQuestion("kinds-of-need", ("1",), "What kinds of special educational needs does the setting / school / college "
                "support?", "What kinds of special educational needs does the setting / school / college support?",
                ("Which needs do you have experience of?", "Is there any need you cannot meet, and what then?"),
                N_("Needs we help with"), N_("Needs we help with")),
    OwnQuestion("finding-needs", ("2",), "How do you find out if my child/young person needs extra help?",
                "How do you find out if I need extra help?",
                ("How do you notice and assess a need?", "What should a parent do if they are worried?"),
                N_("How we find out your child needs help"), N_("How we find out you need help")),
    OwnQuestion("checking-support-works", ("3a",), "How do you check that the extra help is working?",
                "How do you check that the help I get is working?",
                ("Who looks at how well the support works, and how often?", "What changes when it is not working?"),
                N_("How we check our help works"), N_("How we check our help works")),
    OwnQuestion("checking-progress", ("3b",), "How do you check and review my child's/young person's progress?",
                "How do you check how I am doing?",
                ("How often is progress reviewed, and with whom?",), N_("How your child is doing"),
                N_("How you are doing")),
    OwnQuestion("teaching", ("3c",), "How do you teach children/young people with special educational needs?",
                "How will I be taught?", ("What does good teaching for every learner look like here?",),
                N_("How we teach"), N_("How we teach")),
    OwnQuestion("adapting-learning", ("3d",), "How do you change lessons and the classroom to fit my "
                "child's/young person's needs?", "How will my course be changed to fit my needs?",
                ("How are lessons, materials and rooms adapted?",), N_("Lessons that fit your child"),
                N_("Your course and your needs")),
    OwnQuestion("extra-support", ("3e",), "What extra support for learning is there?",
                "What extra support for learning can I get?",
                ("What small group or one-to-one help is there, and who gives it?",),
                N_("Extra help with learning"), N_("Extra help with learning")),
    OwnQuestion("activities", ("3f",), "How will my child/young person join in activities outside the classroom?",
                "How can I join in activities outside lessons?",
                ("Trips, clubs and visits: how do you make sure everyone can take part?",),
                N_("Trips and activities"), N_("Trips and activities")),
    OwnQuestion("wellbeing-support", ("3g",), "How do you support my child's/young person's feelings, mental "
                "health and friendships?", "Who can help me with my feelings, worries and friendships?",
                ("Pastoral care, help with behaviour, and who a child can talk to.",),
                N_("Feeling well and happy"), N_("Feeling well and happy")),
    OwnQuestion("staff-training", ("5",), "What training do staff have, and how do you get specialist help?",
                "What training do staff have to help me?",
                ("Training staff have had, and specialists you can call on.",),
                N_("Training for our staff"), N_("Training for our staff")),
    OwnQuestion("equipment", ("6",), "How do you get the equipment and facilities my child/young person needs?",
                "How can I get the equipment I need?",
                ("Who to ask, and how equipment is paid for.",), N_("Equipment we can get"), N_("Equipment we can get")),
    OwnQuestion("working-with-parents", ("7",), "How do you talk to parents and involve them in their "
                "child's education?", "How do you work with my parents or carers?",
                ("How often you meet parents, and how parents can give their views.",),
                N_("Working with parents"), N_("Working with parents")),
    OwnQuestion("listening-to-children", ("8",), "How do you listen to my child/young person and involve them in "
                "their education?", "How will I have my say about my support?",
                ("How children and young people give their views, and what changes because of them.",),
                N_("How your child has their say"), N_("How you have your say")),
    OwnQuestion("other-services", ("10",), "Which health, social care and other services do you work with?",
                "Which other services help the setting / school / college to support me?",
                ("Health, social care, the council's support services and voluntary groups.",),
                N_("Other people who help"), N_("Other people who help")),
    OwnQuestion("support-for-parents", ("11",), "Who else can give parents advice and support?",
                "Who else can give me and my family advice?",
                ("Services for parents, such as the local SEND information, advice and support service, with their "
                 "contact details.",), N_("Help for parents"), N_("Help for your family")),
    OwnQuestion("moving-on", ("12",), "How do you help my child/young person start, move on and prepare for "
                "adult life?", "How will you help me start, move on and get ready for adult life?",
                ("Joining, moving class or school, and preparing for adulthood: who does what, and when.",),
                N_("Starting and moving on"), N_("Starting and moving on")),
    OwnQuestion("deciding-support", (), "How do you decide what support my child/young person gets, and how much?",
                "Who decides what help I get, and how?",
                ("Who decides, what they look at, and how parents and young people are part of the decision.",),
                N_("How we decide about help"), N_("How we decide about help"), decisions=True),
)

# Items an offer covers with fields of its own rather than a question: the SENCO (setting.senco),
# complaints (complaints:) and the Local Offer (offer.local_offer).
FIELD_ITEMS = frozenset({"4", "9", "13"})


def own_questions_for(qset: QuestionSet, kind: str) -> list[OwnQuestion]:
    """The questions of its own a school needs beside ``qset``: one for each Schedule 1 item
    the set does not ask (for this kind of setting), and one on decisions if it never asks."""
    asked = set().union(*(q.schedule1 for q in qset.for_kind(kind)))
    missing = set(SCHEDULE_1) - asked - FIELD_ITEMS
    decides = any("decisions" in q.themes for q in qset.for_kind(kind))
    taken = set(qset.ids)
    return [own for own in OWN_QUESTIONS
            if ((set(own.covers) & missing) or (own.decisions and not decides)) and own.id not in taken]


def own_question(section_id: str) -> OwnQuestion | None:
    return next((q for q in OWN_QUESTIONS if q.id == section_id), None)


def easy_heading(set_id: str, section, kind: str) -> str | None:
    """The easy read heading of a section: its question's short form, or None when the
    school asks a question of its own in its own words (then its question is the heading)."""
    qset = get_question_set(set_id)
    question = qset.question(section.id) if qset else None
    if question is not None and question.easy:
        return question.easy
    own = own_question(section.id)
    if own is not None and qset is not None:
        wording, easy = own.wording(qset.audience, kind)
        if not section.question or " ".join(section.question.split()) == wording:
            return easy
    return None


def extract_easy_headings(fileobj, keywords, comment_tags, options):
    """Babel extractor (see babel.cfg): the ``easy:`` headings of a question set file, each
    with its full question as a note for translators."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    lines = {}
    for question in data.get("questions") or ():
        if question.get("easy"):
            lines.setdefault(question["easy"], question["question"])
    for easy, question in lines.items():
        yield (0, None, easy, [f"Easy read heading (at most 8 words) for the question: {question}"])
