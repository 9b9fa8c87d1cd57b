"""`offerprint import`: a school's existing SEN information report becomes an offer.

The report is read into sections (:mod:`offerprint.readers`); each section (its heading and
its text) is matched to the question of the set it answers best (rapidfuzz on the heading
against the question and its prompts, and words of each topic in the heading and the text);
text that answers no question of the set becomes a question of the school's own, with the
Schedule 1 items it seems to cover. Nothing is dropped: every paragraph lands somewhere, and
the import report says where, how sure the match is, and what a person must still do.
The offer is written with `offerprint new`'s template, so unanswered questions keep their
prompts and TODO.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .errors import OfferInputError
from .fileio import write_atomic
from .model import KINDS_NEEDING_SENCO, add_months
from .new import new_offer_yaml, question_set_for
from .questions import get_question_set, tailor_wording
from .readers import read_report

HIGH = "high"
CHECK = "check this"

# Words and phrases that say what a part of a report is about, whatever its heading's wording.
# Matched at word starts in lower-case text ("identif" finds identify and identification).
TOPICS: dict[str, tuple[str, ...]] = {
    "identify": ("identif", "know if", "know when", "know whether", "extra help", "additional help", "spot",
                 "notice", "early sign", "concern about", "worried about my child", "screening", "first signs",
                 "need help", "needs help", "assess", "find out", "spotted", "joins us", "when a pupil joins",
                 "when a student joins", "when your child joins"),
    "first-contact": ("talk to", "speak to", "first step", "tell us", "share information", "let us know",
                      "contact the", "who should i", "what should i do", "if you are worried", "if you think", "asking",
                      "ask for", "tell you about", "how can i tell", "diary", "you know your child"),
    "teaching": ("teaching", "teach", "classroom", "quality first", "intervention", "small group",
                 "one-to-one", "1:1", "teaching assistant", "support in class", "support my child",
                 "support your child", "in lessons", "in class", "key person", "key worker", "what we do",
                 "support look like", "small groups", "support staff"),
    "curriculum": ("curriculum", "lessons", "differentiat", "adapt", "tailor", "matched", "learning environment",
                   "course", "subjects", "timetable", "personalised", "what we teach", "how we teach", "planned around",
                   "learning through play", "through play", "foundation stage", "pathway", "lessons planned"),
    "progress": ("progress", "how well", "doing", "targets", "review", "reports", "outcomes", "track",
                 "measure", "how will i know", "parents evening", "parents' evening", "up to date", "keeping you",
                 "telling you", "next steps", "daily chat",
                 "how your child is doing", "making progress", "how you are doing", "small steps",
                 "learning journal", "how is my child"),
    "wellbeing": ("wellbeing", "well-being", "well being", "emotional", "mental health", "pastoral", "social",
                  "friendship", "anxi", "nurture", "mentor", "worries", "worried", "feeling happy", "feelings",
                  "elsa", "bully", "happy and safe", "counsell", "looking after", "key worker", "restorative"),
    "behaviour": ("behaviour", "exclusion", "attendance", "conduct", "calm"),
    "medical": ("medic", "medication", "first aid", "health care plan", "healthcare plan", "nurse", "epipen",
                "inhaler", "emergency"),
    "child-views": ("views", "voice", "have their say", "have your say", "school council", "student council",
                    "one-page profile", "one page profile", "involved in planning", "your say", "pupil voice",
                    "student voice", "listen to", "what they think", "ideas", "you decide", "planning your",
                    "your support plan"),
    "specialist": ("speech and language", "educational psycholog", "occupational therap", "physiotherap",
                   "camhs", "outreach", "specialist", "external", "agencies", "health visitor", "social care",
                   "school nurse", "therapist", "services", "experts", "sensory support", "advisory", "outside school",
                   "outside college", "from outside", "professionals", "who else works", "therapy",
                   "health services", "youth justice", "social workers", "psycholog"),
    "training": ("training", "trained", "qualifi", "expertise", "cpd", "certificate", "skills", "experience",
                 "staff have", "accredit", "courses", "staff know",
                 "who understand", "specialis", "our staff", "national award", "first aid", "staff development",
                 "professional development", "inset"),
    "activities": ("trip", "visits", "clubs", "after school", "after-school", "residential", "extra-curricular",
                   "outing", "outside the classroom", "sport", "enrichment", "activities", "lunchtime", "breaktime",
                   "holiday", "join in"),
    "environment": ("accessib", "wheelchair", "ramp", "lift", "toilet", "building", "site", "disabled",
                    "hearing loop", "signage", "changing room", "changing area", "changing bed", "step-free",
                    "level access", "sensory room", "getting around", "every part", "our building", "one level",
                    "ground floor", "hoist", "wide doors"),
    "transition": ("transition", "moving", "move to", "move on", "new school", "joining", "starting", "start at",
                   "start school", "year 6", "year 7", "leaving", "next class", "settle", "visits before",
                   "changing school", "next stage", "taster", "induction", "moving up", "going back", "on to college",
                   "return to", "settling", "after meadowbank"),
    "resources": ("resources", "funding", "budget", "allocat", "notional", "money", "equipment", "funded"),
    "decisions": ("decid", "decision", "how much support", "level of support", "type of support", "ehcp",
                  "education, health and care", "education health and care", "graduated approach",
                  "assess, plan, do", "assess plan do", "who decides", "top-up", "high needs"),
    "parents": ("parents", "carers", "involve", "coffee morning", "workshop", "home learning", "work with",
                "partnership", "parent forum", "families", "at home", "working together", "involve parents",
                "family breakfast", "phone every family"),
    "contacts": ("contact", "who can i", "further information", "phone", "email", "sendiass", "information",
                 "advice", "local offer", "get in touch", "useful", "who to talk", "who's who", "contact us",
                 "who can i speak", "getting in touch", "who to contact"),
    "governors": ("governor", "governing body", "responsib", "trust board", "checks that", "good job",
                  "hold us to account", "holds us to account", "oversee"),
    "impact": ("impact", "effective", "evaluat", "monitor", "difference", "how well our", "working",
               "quality of"),
    "complaints": ("complain", "complaint", "disagree", "unhappy", "mediation", "tribunal", "dissatisf",
                   "not happy", "concerns about our", "resolve", "put things right", "complaints policy",
                   "formal complaint"),
    "co-production": ("helped write", "helped us write", "co-produc", "written with", "wrote this",
                      "this report was written", "this report was made", "drafted", "draft of this",
                      "about this report", "comments on this report", "your views on this report",
                      "feedback on this report", "how this report"),
    "admissions": ("admission", "admit", "apply for a place", "applying", "a place at", "places"),
    "less-favourable": ("less favourabl", "equality", "discriminat", "reasonable adjustment", "equal",
                        "treated fairly", "fairly"),
    "facilities": ("facilities", "wheelchair", "ramp", "lift", "accessible toilet", "parking", "hearing loop",
                   "changing", "step-free", "level access", "disabled"),
    "accessibility-plan": ("accessibility plan", "access plan", "accessibility strategy"),
    "sen-kinds": ("kinds of", "types of", "range of needs", "needs we support", "cognition", "communication and",
                  "sensory and", "physical", "social, emotional", "areas of need", "four areas", "autis",
                  "dyslexi", "who we support", "our pupils", "our learners", "our students", "our children"),
    "independence": ("independen", "employment", "job", "work experience", "apprentice", "supported internship",
                     "careers", "adulthood", "independent living", "travel training", "life skills", "work"),
    "exams": ("exam", "tests", "access arrangement", "extra time", "reader", "scribe"),
    "reviews": ("annual review", "review meeting", "ehc plan", "statement", "reviews of"),
    "breaks": ("break", "lunch", "playtime", "on duty", "supervis", "quiet space"),
    "clubs": ("clubs", "after school", "after-school", "lunchtime club", "activities we offer"),
    "inclusive": ("inclusive", "everyone can", "every child can", "every pupil can", "every student can",
                  "make sure all"),
    "leaving": ("leaving", "careers", "college", "after year 11", "post-16", "sixth form", "next steps after",
                "adult life"),
    "work-experience": ("work experience", "placement", "employer", "work taster"),
    "external-learning": ("alternative provision", "off-site", "offsite", "external course", "college course",
                          "outside teaching"),
}

# The topics of each Schedule 1 item (for questions of the school's own, and set questions).
ITEM_TOPICS: dict[str, tuple[str, ...]] = {
    "1": ("sen-kinds",), "2": ("identify",), "3a": ("impact", "governors"), "3b": ("progress",),
    "3c": ("teaching",), "3d": ("curriculum", "exams"), "3e": ("teaching",), "3f": ("activities",),
    "3g": ("wellbeing", "behaviour"), "4": ("contacts",), "5": ("training",), "6": ("resources", "environment"),
    "7": ("parents",), "8": ("child-views",), "9": ("complaints",), "10": ("specialist",), "11": ("contacts",),
    "12": ("transition", "independence"), "13": ("contacts",),
    "admissions": ("admissions",), "less-favourable-treatment": ("less-favourable",),
    "access-facilities": ("facilities",), "accessibility-plan": ("accessibility-plan",),
}

# Topics a question asks about beyond its Schedule 1 items, by id (ids are shared across sets).
QUESTION_TOPICS: dict[str, tuple[str, ...]] = {
    "identify-needs": ("identify",), "sharing-information": ("first-contact",), "asking-for-help": ("first-contact", "identify"),
    "sen-support": ("teaching", "sen-kinds"), "staff-support": ("teaching", "governors"), "classroom-support": ("teaching",),
    "curriculum": ("curriculum",), "course-work": ("curriculum",), "access-to-curriculum": ("curriculum",),
    "progress": ("progress",), "progress-and-helping": ("progress", "parents"), "sharing-progress": ("progress",),
    "progress-updates": ("progress",), "impact": ("impact", "progress"), "governors": ("governors",),
    "wellbeing": ("wellbeing",), "worries": ("wellbeing",), "help-beyond-course": ("wellbeing",),
    "making-friends": ("wellbeing",), "bullying": ("wellbeing",),
    "behaviour": ("behaviour",), "medicines": ("medical",), "medication": ("medical",), "care-plan": ("medical",),
    "medical-emergency": ("medical",), "child-views": ("child-views",), "children-have-say": ("child-views",),
    "planning-involvement": ("child-views",),
    "other-services": ("specialist",), "specialist-services": ("specialist",), "external-experts": ("specialist",),
    "health-and-therapy": ("specialist",), "other-agencies": ("specialist",),
    "staff-training": ("training",), "staff-expertise": ("training",), "staff-development": ("training",),
    "staff-trained": ("training",),
    "activities-outside": ("activities",), "clubs-and-activities": ("clubs", "activities"),
    "inclusive-clubs": ("inclusive", "activities"), "breaks-and-lunchtimes": ("breaks",),
    "external-learning": ("external-learning",), "offsite-provision": ("external-learning",),
    "taking-part": ("activities", "environment"), "safe-outside-classroom": ("activities",),
    "accessible-environment": ("environment",),
    "transition": ("transition",), "getting-ready": ("transition",), "transition-to-high-school": ("transition",),
    "joining-from-year-6": ("transition",), "leaving-school": ("leaving", "transition"),
    "preparing-for-adulthood": ("independence",), "preparing-for-employment": ("independence",),
    "independence": ("independence",), "work-experience": ("work-experience", "independence"),
    "resources": ("resources",), "decisions": ("decisions",), "sen-support-reviews": ("decisions", "progress"),
    "review-meetings": ("reviews", "decisions"),
    "parent-involvement": ("parents",), "working-together": ("parents",), "parents-have-say": ("parents",),
    "parents-get-involved": ("parents",), "parent-feedback": ("parents",),
    "contacts": ("contacts",), "who-is-who": ("contacts",), "information-and-advice": ("contacts",),
    "tests-and-exams": ("exams",),
}


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
_S69_FIELDS = {"accessibility.admissions": "admissions",
               "accessibility.less_favourable_treatment": "less-favourable-treatment",
               "accessibility.facilities": "access-facilities",
               "accessibility.accessibility_plan": "accessibility-plan"}


def _targets(set_id: str, kind: str) -> list[Target]:
    qset = get_question_set(set_id)
    targets = []
    for q in qset.for_kind(kind):
        topics = QUESTION_TOPICS.get(q.id, ()) or tuple(t for item in sorted(q.schedule1) for t in ITEM_TOPICS[item])
        targets.append(Target(q.id, tailor_wording(q.question, kind), tuple(tailor_wording(p, kind) for p in q.prompts),
                              topics))
    fields = [t for t in FIELD_TARGETS if kind != "college" or not t.id.startswith("accessibility.")]
    return targets + fields


# --- matching ------------------------------------------------------------------------------

_STOP = frozenset("""a an the and or of to in on for with at by from is are be will can do does did i my me we our
us you your it its this that these those how what who when where which why if as their they them he she his her
has have had was were about into than then so not no yes there here also all any each more most some such only own
same too very just school setting college nursery child children young people person pupil pupils student
students learner learners""".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


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

    @property
    def confidence(self) -> str:
        return HIGH if self.score >= 55 and self.score - self.second_score >= 8 else CHECK


def _heading_score(heading: str, target: Target) -> float:
    """How like the target's question (or one of its prompts) a heading is, 0-100."""
    words = " ".join(_words(heading))
    whole = _norm(heading).strip()
    if not whole:
        return 0.0
    best = max(fuzz.token_sort_ratio(words, " ".join(_words(target.question))) if words else 0,
               0.8 * fuzz.ratio(whole, _norm(target.question).strip()))
    for prompt in target.prompts:
        best = max(best, 0.85 * fuzz.token_sort_ratio(words, " ".join(_words(prompt))) if words else 0)
    return float(best)


def _score(heading: str | None, body: str, target: Target) -> float:
    heading_fuzzy = _heading_score(heading, target) if heading else 0.0
    # The first topic is what the question is about; the others count half.
    weights = [1.0] + [0.5] * (len(target.topics) - 1)
    heading_topics = sum(w * min(_topic_hits(heading, t), 2) for w, t in zip(weights, target.topics)) if heading else 0
    body_topics = sum(w * min(_topic_hits(body, t), 4) for w, t in zip(weights, target.topics)) if body else 0
    score = 0.5 * max(0.0, heading_fuzzy - 20) + 22 * min(heading_topics, 2) + 4 * min(body_topics, 8)
    if not heading:  # text without a heading is matched on its words only
        score = 8 * min(body_topics, 8)
    return score


def match_section(heading: str | None, body: str, targets: list[Target]) -> Match:
    scored = sorted(((round(_score(heading, body, t), 1), t.id) for t in targets), reverse=True)
    (best_score, best), (second_score, second) = scored[0], scored[1] if len(scored) > 1 else (0.0, None)
    return Match(best, best_score, second, second_score)


def guess_covers(heading: str | None, body: str) -> list[str]:
    """The Schedule 1 (or s.69) items a question of the school's own seems to cover, best first."""
    text = f"{heading or ''}\n{heading or ''}\n{body}"
    scores = {item: sum(_topic_hits(text, t) for t in topics) for item, topics in ITEM_TOPICS.items()}
    best = max(scores.values())
    if best == 0:
        return ["1"]  # says something about the school's SEN provision as a whole
    return [item for item, s in sorted(scores.items(), key=lambda kv: -kv[1]) if s >= max(2, best * 0.75)][:2] or \
        [max(scores, key=scores.get)]


# --- facts ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d])(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d])")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_TITLE = r"(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof)\.?"
_NAME = rf"(?:{_TITLE}\s+(?:[A-Z]\.?\s+)?[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?|[A-Z][a-z]+\s+[A-Z][A-Za-z'’-]+)"
_SENCO_WORD = r"(?i:SENCO|SENDCO|SENCo|SENDCo|SEN\s+co-?ordinator|special\s+educational\s+needs(?:\s+and\s+disabilit(?:y|ies))?\s+(?:\(SEND\)\s+)?co-?ordinator|SEN\s+lead|SEND\s+lead|inclusion\s+(?:manager|lead)|head\s+of\s+(?:learning\s+support|inclusion|additional\s+(?:learning\s+)?support)|additional\s+(?:learning\s+)?support\s+manager)"
_SENCO_NAME = (
    re.compile(rf"{_SENCO_WORD}(?:\s*\((?:SENCO|SENDCO|SENCo|SENDCo)\))?\s*(?:is|:|,|–|-)?\s*(?:is\s+)?({_NAME})"),
    re.compile(rf"({_NAME})\s*(?:,|\(|–|-)?\s*(?:is\s+)?(?:our|the)?\s*(?:school's\s+)?{_SENCO_WORD}"),
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\s+(\d{{4}})\b|\b({_MONTHS})\s+(\d{{4}})\b"
                   r"|\b(\d{1,2})/(\d{1,2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b", re.I)
_NEXT = re.compile(r"next\s+review|review\s+date|to\s+be\s+reviewed|will\s+be\s+reviewed|due\s+for\s+review|"
                   r"review\s+due|reviewed\s+again", re.I)
_REVIEWED = re.compile(r"reviewed|updated|date\s+of\s+review|written|published|last\s+review|agreed", re.I)
_SETTING_WORDS = re.compile(r"\b(?:School|Academy|College|Nursery|Pre-?school|Centre|Center|Unit|Federation|"
                            r"Trust|Infants?|Juniors?|Primary|High|Sixth Form)\b")
_TITLE_NOISE = re.compile(
    r"\b(?:SEN(?:D)?|Special\s+Educational\s+Needs(?:\s+and\s+Disabilit(?:y|ies))?)\s+(?:Information\s+)?"
    r"(?:Report|Offer|Policy)\b|\bInformation\s+Report\b|\bSchool\s+Offer\b|\bLocal\s+Offer\b|\bSEND\s+Offer\b|"
    r"\bSupport\s+for\s+Learners\b|\b(?:Our|The)\s+SEND?\s+(?:Information\s+)?(?:Report|Offer)\b|\b(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b",
    re.I)


def _date(match: re.Match) -> dt.date | None:
    g = match.groups()
    months = {m.lower(): i for i, m in enumerate(_MONTHS.split("|"), 1)}
    try:
        if g[0]:
            return dt.date(int(g[2]), months[g[1].lower()], int(g[0]))
        if g[3]:
            return dt.date(int(g[4]), months[g[3].lower()], 1)
        if g[5]:
            return dt.date(int(g[7]), int(g[6]), int(g[5]))
        return dt.date(int(g[8]), int(g[9]), int(g[10]))
    except ValueError:
        return None


def _phone(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-", " ")).strip()


def find_facts(paragraphs: list[str], title: str | None, links: list[tuple[str, str]] = ()) -> dict:
    """The setting's contact details, its SENCO and review dates, where the text states them
    (``links``: the report's (words, address) links, whose addresses the text does not show)."""
    facts: dict = {}
    text = "\n\n".join(paragraphs)
    for pattern in _SENCO_NAME:
        match = pattern.search(text)
        if match:
            name = re.sub(r"\s+", " ", match.group(1)).strip()
            if not re.search(r"\b(?:The|Our|School|SENCO|Special|Local|Offer|Phone|Email)\b", name):
                facts["senco.name"] = name
                role = re.search(_SENCO_WORD, match.group(0))
                role_words = re.sub(r"\s+", " ", role.group(0)) if role else "SENCO"
                facts["senco.role"] = ("Special educational needs co-ordinator (SENCO)"
                                       if re.search(r"co-?ordinator|^SENC|^SENDC", role_words, re.I)
                                       else role_words[:1].upper() + role_words[1:])
                break
    senco_paragraphs = [p for p in paragraphs if re.search(_SENCO_WORD, p, re.I)
                        or (facts.get("senco.name") and facts["senco.name"].split()[-1] in p)]
    emails = _EMAIL.findall(text)
    senco_emails = [e for e in emails if re.search(r"senco|send|sen\b|inclusion|learning\.?support|additional", e, re.I)]
    if not senco_emails:
        senco_emails = [e for p in senco_paragraphs for e in _EMAIL.findall(p)]
    if senco_emails:
        facts["senco.email"] = senco_emails[0].rstrip(".")
    for p in senco_paragraphs:  # the number nearest after the SENCO's name (or title)
        phones = list(_PHONE.finditer(p))
        if phones:
            mention = re.search(re.escape(facts["senco.name"]) if facts.get("senco.name") else _SENCO_WORD, p)
            mention = mention or re.search(_SENCO_WORD, p)
            at = mention.start() if mention else 0
            after = [m for m in phones if m.start() >= at] or phones
            facts["senco.phone"] = _phone(after[0].group())
            break
    office = [e for e in emails if re.search(r"^(office|admin|enquir|info|contact|reception|hello|school)", e, re.I)]
    others = [e for e in emails if e not in senco_emails]
    if office or others:
        facts["email"] = (office or others)[0].rstrip(".")
    for p in paragraphs:  # the setting's own address: a postcode not in a sentence about someone else
        if _POSTCODE.search(p) and not re.search(r"local offer|council|sendiass|town hall|ias service|civic",
                                                  p, re.I):
            facts["address"] = _address(p)
            phones = _PHONE.findall(p)
            if phones and _phone(phones[0]) != facts.get("senco.phone"):
                facts["phone"] = _phone(phones[0])
            break
    if "phone" not in facts:
        for p in paragraphs:
            if re.search(r"office|reception|call us|ring us|telephone the school|school on|main number", p, re.I):
                phones = [_phone(x) for x in _PHONE.findall(p) if _phone(x) != facts.get("senco.phone")]
                if phones:
                    facts["phone"] = phones[0]
                    break
    if "phone" not in facts:
        phones = [_phone(x) for x in _PHONE.findall(text) if _phone(x) != facts.get("senco.phone")]
        if phones:
            facts["phone"] = phones[0]
    domain = (facts.get("email") or facts.get("senco.email") or "@").split("@", 1)[1]
    urls = [("", u) for u in re.findall(r"https?://[^\s)\]>\"']+", text)] + list(links)
    for words, url in urls:
        url = url.rstrip(".,;")
        if not url.startswith(("https://", "http://")):
            continue
        if domain and domain in url and "website" not in facts:
            facts["website"] = re.sub(r"^(https?://[^/]+).*$", r"\1", url)
        if re.search(r"local-?offer", url + " " + words, re.I) and "local_offer.website" not in facts:
            facts["local_offer.website"] = url
    name = re.search(r"\b((?:[A-Z][a-z]+\s){1,2})Local Offer\b", text)
    if name and not re.match(r"(?:The|Our|Your|See|Visit|In)\s", name.group(1)):
        facts["local_offer.name"] = f"{name.group(1).strip()} Local Offer"
    found: dict[str, list[tuple[bool, dt.date]]] = {"reviewed": [], "next_review": []}
    for p in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
            for match in _DATE.finditer(sentence):
                day = _date(match)
                if day is None:
                    continue
                before = sentence[:match.start()]
                exact = not match.group(4)  # a day, not just a month
                if _NEXT.search(before):
                    found["next_review"].append((exact, day))
                elif _REVIEWED.search(before):
                    found["reviewed"].append((exact, day))
    for key, days in found.items():
        if days:  # the first exact date, else the first month named
            facts[key] = next((d for exact, d in days if exact), days[0][1])
    if title:
        name_part = _TITLE_NOISE.sub(" ", title)
        name_part = re.sub(rf"\b(?:{_MONTHS})\b", " ", name_part)
        name_part = re.sub(r"\s*([:–—|]|\s-\s)(?:\s*[:–—|-])*\s*", r" \1 ", name_part)  # "– –" is one
        name_part = re.sub(r"^[\s:–—|,-]+|[\s:–—|,-]+$", "", re.sub(r"\s+", " ", name_part))
        name_part = re.sub(r"\s*[:–—|]\s*$", "", name_part).strip()
        if name_part and len(name_part.split()) <= 10:
            facts["name"] = name_part
    return facts


def _address(paragraph: str) -> str:
    """The lines of an address, up to its postcode ("Address: 1 Road, Town AB1 2CD" → lines)."""
    text = paragraph[:_POSTCODE.search(paragraph).end()]
    lines = [l.strip() for l in text.split("\n") if l.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    lines = [re.sub(r"^(?:our\s+)?(?:postal\s+)?address\s*(?:is)?\s*:?\s*", "", l, flags=re.I) for l in lines]
    # a sentence before the address ("You can write to us at") is not part of it
    if lines and re.search(r"\b(?:write|find|visit|at)\b.*(?:at|to)\s*:?$", lines[0], re.I) and len(lines) > 1:
        lines = lines[1:]
    return "\n".join(l for l in lines if l)


# --- the import ----------------------------------------------------------------------------

@dataclass
class Placement:
    """Where one paragraph of the report went."""

    where: str
    heading: str | None
    text: str
    target: str
    confidence: str
    kind: str = "paragraph"


@dataclass
class HeadingMatch:
    heading: str | None
    where: str
    target: str
    confidence: str
    score: float
    second: str | None
    own: bool = False


@dataclass
class ImportResult:
    source: str
    set_id: str
    kind: str
    name: str
    yaml_text: str
    placements: list[Placement]
    headings: list[HeadingMatch]
    facts: dict
    todo: list[str]
    unanswered: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "source": self.source, "questions": self.set_id, "kind": self.kind, "setting": self.name,
            "paragraphs": [asdict(p) for p in self.placements],
            "headings": [asdict(h) for h in self.headings],
            "facts": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.facts.items()},
            "unanswered": self.unanswered,
            "todo": self.todo,
        }


_OWN_THRESHOLD = 25.0  # below this a heading answers no question of the set


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    words = [w for w in words if w not in _STOP] or words or ["section"]
    return "-".join(words)[:40].strip("-") or "section"


def import_report(path: str | Path, set_id: str, kind: str, name: str | None = None,
                  today: dt.date | None = None) -> ImportResult:
    """Read the report at ``path`` and make the text of an offer.yaml for it (nothing written)."""
    qset = question_set_for(set_id, kind)
    today = today or dt.date.today()
    source = Path(path)
    sections = read_report(source)
    targets = _targets(set_id, kind)
    by_id = {t.id: t for t in targets}

    # The title (the first level-1 heading) names the setting; its paragraphs are an introduction.
    title = next((s.heading for s in sections if s.level == 1 and s.heading), None)
    links = [(m.group(1), m.group(2)) for s in sections for p in s.paragraphs
             for m in re.finditer(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)", p.markdown)]
    facts = find_facts([p.text for s in sections for p in s.paragraphs], title, links)
    if "name" not in facts:  # a title with no name in it ("Support for Learners"): a line above it names the school
        before_title = [s.heading for s in sections[:next((i for i, s in enumerate(sections) if s.heading == title), 0)]
                        if s.heading]
        named = [h for h in before_title if re.search(_SETTING_WORDS, h) and len(h.split()) <= 10]
        if named:
            facts["name"] = named[0]
    setting_name = name or facts.get("name") or (title or source.stem.replace("-", " ").replace("_", " ").title())

    answers: dict[str, list[str]] = {}  # target id -> Markdown blocks, in the report's order
    wording: dict[str, str] = {}  # set question id -> the school's heading for it
    own: dict[str, dict] = {}
    placements: list[Placement] = []
    headings: list[HeadingMatch] = []
    pending_headings: list[str] = []  # headings with no text of their own (a part title): go with the next
    parent: tuple[int, str, float] | None = None  # (level, target, score) of the enclosing heading
    own_ids = set(qset.ids) | {t.id for t in targets}

    for section in sections:
        heading = section.heading if section.level > 1 or section.heading != title else None
        if section.level == 1 and section.heading == title:
            heading = None
            if not section.paragraphs:
                continue
        if not section.paragraphs:
            if heading:
                pending_headings.append(heading)
                parent = None
            continue
        body = "\n".join(p.text for p in section.paragraphs)
        match = match_section(heading, body, targets)
        # A sub-heading belongs with its parent's answer unless it clearly answers something else.
        if parent and heading and section.level > parent[0]:
            under_parent = _score(heading, body, by_id[parent[1]]) if parent[1] in by_id else _OWN_THRESHOLD + 15
            if match.score < under_parent + 15:
                match = Match(parent[1], match.score, match.target if match.target != parent[1] else match.second,
                              match.score)
        if pending_headings and heading is None:
            heading = pending_headings.pop()
        elif heading and pending_headings and match.score < _OWN_THRESHOLD:
            # a part title ("Our provision") followed by text: try the two headings together
            joined = match_section(" ".join(pending_headings + [heading]), body, targets)
            if joined.score > match.score:
                match = joined
        # Text with no heading (an introduction) answers a question only when its words clearly say so.
        threshold = _OWN_THRESHOLD if heading else 2 * _OWN_THRESHOLD
        is_own = match.score < threshold and not (parent and heading and section.level > parent[0]
                                                  and match.target == parent[1])
        if is_own:
            target_id = _own_id(heading, own_ids) if heading else _own_id("introduction", own_ids)
            wording_text = heading or ("About this report" if not own else "More about our support")
            existing = next((k for k, v in own.items() if v["question"] == wording_text), None)
            if existing:
                target_id = existing
            else:
                own[target_id] = {"id": target_id, "question": wording_text[:300],
                                  "covers": guess_covers(heading, body), "answer": "",
                                  "first": not headings}  # text before any heading: an introduction
                own_ids.add(target_id)
            confidence = CHECK
        else:
            target_id = match.target
            confidence = match.confidence
        headings.append(HeadingMatch(heading, section.where, target_id, confidence, match.score,
                                     match.second, is_own))
        blocks = answers.setdefault(target_id, [])
        lead = pending_headings + ([heading] if heading else [])
        pending_headings = []
        for i, text in enumerate(lead):
            first_for_question = (i == len(lead) - 1 and not blocks and target_id in {q.id for q in qset.questions}
                                  and target_id not in wording)
            if is_own and i == len(lead) - 1:
                continue  # the heading is the question of the school's own
            if first_for_question and text.strip():
                wording[target_id] = text[:300]
            else:
                blocks.append(f"**{_escape_heading(text)}**")
        for paragraph in section.paragraphs:
            blocks.append(paragraph.markdown)
            placements.append(Placement(paragraph.where, heading, paragraph.text[:120], target_id, confidence,
                                        paragraph.kind))
        if heading and section.level > 1 and (parent is None or section.level <= parent[0] or is_own):
            parent = (section.level, target_id, match.score)  # the title is no parent: everything is under it
    for text in pending_headings:  # a last heading with nothing under it: keep its words
        target_id = _own_id(text, own_ids)
        own[target_id] = {"id": target_id, "question": text[:300], "covers": guess_covers(text, ""),
                          "answer": "(The report had this heading with nothing under it.)"}
        headings.append(HeadingMatch(text, "", target_id, CHECK, 0.0, None, True))
    for own_id, item in own.items():
        item["answer"] = "\n\n".join(answers.pop(own_id, [])) or item["answer"]
    return _result(source, qset, kind, setting_name, title, answers, wording, own, facts, placements, headings,
                   today, name)


def _escape_heading(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _own_id(text: str, taken: set[str]) -> str:
    base = _slug(text)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _result(source: Path, qset, kind: str, setting_name: str, title: str | None, answers: dict, wording: dict,
            own: dict, facts: dict, placements: list[Placement], headings: list[HeadingMatch], today: dt.date,
            name_given: str | None) -> ImportResult:
    fill: dict = {}
    todo: list[str] = []
    set_ids = {q.id for q in qset.for_kind(kind)}
    own_sections = list(own.values())
    for target_id, blocks in answers.items():
        text = "\n\n".join(blocks)
        if target_id in set_ids:
            fill[f"answers.{target_id}"] = text
        elif target_id.startswith("accessibility.") and kind == "college":
            own_sections.append({"id": _own_id(target_id.split(".")[1], set_ids | {o["id"] for o in own_sections}),
                                 "question": target_id.split(".")[1].replace("_", " ").capitalize(),
                                 "covers": [_S69_FIELDS[target_id]], "answer": text})
        else:
            fill[target_id] = text
    for target_id, text in wording.items():
        fill[f"questions.{target_id}"] = text
    fill["own_sections"] = own_sections
    for key in ("address", "phone", "email", "website"):
        if facts.get(key):
            fill[f"setting.{key}"] = facts[key]
    for key in ("name", "role", "phone", "email"):
        if facts.get(f"senco.{key}"):
            fill[f"setting.senco.{key}"] = facts[f"senco.{key}"]
    if facts.get("senco.name") and not facts.get("senco.phone") and facts.get("phone"):
        fill["setting.senco.phone"] = facts["phone"]
        todo.append(f"The SENCO's phone number is the school's ({facts['phone']}): the report gave no other. "
                    "Check setting.senco.phone.")
    for key in ("name", "website"):
        if facts.get(f"local_offer.{key}"):
            fill[f"offer.local_offer.{key}"] = facts[f"local_offer.{key}"]
    reviewed, next_review = facts.get("reviewed"), facts.get("next_review")
    if next_review and not reviewed:
        reviewed = add_months(next_review, -12)
    if reviewed and next_review and next_review <= reviewed:
        next_review = None
    if reviewed:
        fill["offer.reviewed"] = reviewed
    if next_review:
        fill["offer.next_review"] = next_review
    remainder = _TITLE_NOISE.search(title or "")
    if title and remainder and title.strip() != setting_name:
        fill["offer.title"] = _short_title(title, setting_name)
    fill["header"] = [f"# Imported by 'offerprint import' on {today:%d %B %Y} from {source.name}: see "
                      "import-report.txt beside this file for where each paragraph went and what to check."]
    yaml_text = new_offer_yaml(qset.id, kind, setting_name, today=today, fill=fill)

    unanswered = [q.id for q in qset.for_kind(kind) if f"answers.{q.id}" not in fill]
    for qid in unanswered:
        todo.append(f"Answer '{qid}' ({tailor_wording(qset.question(qid).question, kind)}): the report did not "
                    "answer it; its prompts are in offer.yaml.")
    for key, label in (("co_production", "how families helped write the report (co_production)"),
                       ("complaints", "how to complain (complaints)")):
        if key not in fill:
            todo.append(f"Write {label}: the report did not say.")
    if kind != "college":
        for key in _S69_FIELDS:
            if key not in fill:
                todo.append(f"Fill in {key}: the report did not say.")
    for item in own_sections:
        todo.append(f"Check the question of your own '{item['id']}' (\"{item['question'][:60]}\"): it matched no "
                    f"question of the set; covers {item['covers']} was guessed.")
    for h in headings:
        if h.confidence == CHECK and not h.own:
            todo.append(f"Check that \"{(h.heading or 'the text at the start')[:60]}\" ({h.where}) answers "
                        f"'{h.target}' (it might be '{h.second}').")
    facts_needed = [("setting.address", "the school's address"), ("setting.phone", "the school's phone number"),
                    ("setting.email", "the school's email address")]
    if kind in KINDS_NEEDING_SENCO or facts.get("senco.name"):
        facts_needed += [("setting.senco.name", "the SENCO's name"), ("setting.senco.phone", "the SENCO's phone"),
                         ("setting.senco.email", "the SENCO's email")]
    facts_needed += [("offer.local_offer.name", "the Local Offer's name"),
                     ("offer.local_offer.website", "the Local Offer's web address")]
    for key, label in facts_needed:
        if not fill.get(key):
            todo.append(f"Fill in {label} ({key}): not found in the report.")
    todo.append("Fill in the Local Offer's phone number and postal address (offer.local_offer), for families "
                "without the internet.")
    if not reviewed:
        todo.append(f"The report gives no review date: offer.reviewed is set to today ({today:%d %B %Y}); "
                    "change it to when the report was last reviewed.")
    if not name_given and not facts.get("name"):
        todo.append(f"Check the setting's name (setting.name: \"{setting_name}\"): it was not clear from the title.")
    return ImportResult(str(source), qset.id, kind, setting_name, yaml_text, placements, headings,
                        facts, todo, unanswered)


def _short_title(title: str, setting_name: str) -> str:
    """The report's own title without the setting's name ("SEN Information Report 2026-27")."""
    rest = title.replace(setting_name, " ") if setting_name in title else title
    rest = re.sub(r"^[\s:–—|,-]+|[\s:–—|,-]+$", "", re.sub(r"\s+", " ", rest))
    return rest[:300] or "Support for Learners"


# --- writing -------------------------------------------------------------------------------

def format_import_report(result: ImportResult, offer_path: Path | None = None) -> str:
    lines = [f"Import of {result.source} ({result.set_id} questions, {result.kind})"
             + (f" into {offer_path}" if offer_path else ""), ""]
    answered = len({p.target for p in result.placements})
    lines.append(f"{len(result.placements)} paragraphs placed in {answered} parts of the offer; "
                 f"{sum(1 for h in result.headings if h.confidence == HIGH)} of {len(result.headings)} headings "
                 "matched with high confidence.")
    lines += ["", "Where each paragraph went (high: a sure match; check this: read it and move it if it is wrong):"]
    last_heading = object()
    for p in result.placements:
        if p.heading != last_heading:
            lines.append(f"  {p.heading or '(text before the first heading)'}")
            last_heading = p.heading
        snippet = p.text[:70].replace("\n", " ") + ("…" if len(p.text) > 70 else "")
        lines.append(f"    {p.where}: {p.target} ({p.confidence}): \"{snippet}\"")
    lines += ["", "Facts found:"]
    for key, value in result.facts.items():
        shown = value.isoformat() if isinstance(value, dt.date) else str(value).replace("\n", ", ")
        lines.append(f"  {key}: {shown}")
    lines += ["", f"To do ({len(result.todo)}), then run: offerprint check <the offer folder>"]
    lines += [f"  - {item}" for item in result.todo]
    return "\n".join(lines) + "\n"


def write_import(result: ImportResult, folder: str | Path, force: bool = False, fmt: str = "text") -> tuple[Path, Path]:
    """Write FOLDER/offer.yaml and the import report (import-report.txt, or .json); never over an
    existing offer.yaml unless ``force``."""
    folder = Path(folder)
    if folder.suffix == ".yaml":
        folder = folder.parent
    target = folder / "offer.yaml"
    if folder.exists() and not folder.is_dir():
        raise OfferInputError(f"{folder}: is a file, not a folder (give a folder for the new offer)")
    if target.exists() and not force:
        raise OfferInputError(f"{target}: already exists, so it was left as it is (add --force to replace it, "
                              "or import into another folder)")
    report_path = folder / ("import-report.json" if fmt == "json" else "import-report.txt")
    report = (json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n" if fmt == "json"
              else format_import_report(result, target))
    write_atomic(target, result.yaml_text)
    write_atomic(report_path, report)
    return target, report_path

