"""Plain-English help where an answer reads hard: the sentences that pull its reading ease
(Flesch, :mod:`offerprint.readability`) below the target, worst first, each with concrete
suggestions: where to split it, a plainer word for a listed term (offerprint/data/
plain_words.yaml), and a passive to turn round when it names who acts ("was decided by the
SENCO" -> "the SENCO decided"). Suggestions only: nothing here changes an offer's text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass

from . import markdown as md
from . import readability as rd
from .resources import PACKAGE, read_shipped_yaml

TARGET_EASE = 60  # Flesch 60-70 is plain English
SPLIT_WORDS = 20  # a sentence longer than this is offered a place to split it
MIN_HALF = 5  # neither part of a split may be shorter than this (in words)
MIN_SENTENCE_WORDS = 5  # shorter sentences' scores swing on one long word: not judged alone
# A sentence of fewer words is listed only for a listed term or a passive: its long words alone
# pull the answer down little.
MIN_LONG_WORDS_SENTENCE = 10
LONG_SYLLABLES = 3
LONG_LETTERS = 7  # with the syllables: the rough syllable count makes "every" three
SHOWN_PER_ANSWER = 3  # check's text output shows the worst three of an answer; its JSON, all
# check's notes start so: "plain English, hard sentence 2 of 5 in this answer (reading ease 31): ..."
NOTE_RANK = re.compile(r"^plain English, hard sentence (\d+) of (\d+)\b")
PLAIN_WORDS_FILE = PACKAGE / "data" / "plain_words.yaml"


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "split", "plainer word", "active", "long words"
    text: str


@dataclass(frozen=True)
class HardSentence:
    sentence: str
    ease: float
    words: int
    suggestions: tuple[Suggestion, ...]

    def to_dict(self) -> dict:
        return asdict(self)

    def advice(self) -> str:
        return "; ".join(s.text for s in self.suggestions)


@dataclass(frozen=True)
class AnswerHelp:
    ease: float | None  # the whole answer's reading ease (None: no words)
    words: int
    sentences: tuple[HardSentence, ...]  # those that pull it down most first; empty at or above target

    def to_dict(self) -> dict:
        return {"ease": self.ease, "words": self.words, "sentences": [s.to_dict() for s in self.sentences]}


@functools.cache
def plain_words() -> dict[str, str]:
    """Term -> plainer words, from the shipped list."""
    return {str(k).lower(): str(v) for k, v in read_shipped_yaml(PLAIN_WORDS_FILE).items()}


@functools.cache
def _plain_words_pattern() -> re.Pattern:
    terms = sorted(plain_words(), key=len, reverse=True)  # "in addition to" before "in addition"
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms) + r")(?![\w-])",
                      re.I)


def note_message(hard: HardSentence, rank: int, total: int, quoted: str) -> str:
    """check's note for one hard sentence (NOTE_RANK reads its rank back)."""
    return f"plain English, hard sentence {rank} of {total} in this answer (reading ease {hard.ease:g}): {quoted}"


def sentence_ease(sentence: str) -> float | None:
    return rd.flesch_reading_ease([sentence])


def answer_sentences(text: str) -> list[str]:
    """The sentences of a Markdown answer, as check counts them (each block on its own)."""
    return [s for block in md.blocks(text) for s in rd.sentences(block.text)]


def help_for(text: str, target: float = TARGET_EASE) -> AnswerHelp:
    """What pulls a Markdown answer's reading ease below ``target``, worst first."""
    found = answer_sentences(text)
    ease = rd.flesch_reading_ease(found)
    count = sum(len(rd.words(s)) for s in found)
    if ease is None or ease >= target:
        return AnswerHelp(ease, count, ())
    hard = []
    for sentence in found:
        n = len(rd.words(sentence))
        score = sentence_ease(sentence)
        if score is None or score >= target or n < MIN_SENTENCE_WORDS:
            continue
        advice = suggestions(sentence)
        if n < MIN_LONG_WORDS_SENTENCE:
            advice = [a for a in advice if a.kind != "long words"]
        if advice:
            hard.append(HardSentence(sentence, score, n, tuple(advice)))
    # How far each pulls the answer down: how far below the target, times how many words it has.
    hard.sort(key=lambda h: (-(target - h.ease) * h.words, h.ease))
    return AnswerHelp(ease, count, tuple(hard))


def suggestions(sentence: str) -> list[Suggestion]:
    """Every concrete suggestion for one sentence; the long words are named when nothing else is
    to be said, or when there are many of them."""
    found = [s for s in (split_point(sentence),) if s] + plainer_words(sentence) + passive_with_agent(sentence)
    # Names (capitals after the first word: "National Award", "Stockport") are not the school's to change.
    words = rd.words(sentence)
    long_words = [w for i, w in enumerate(dict.fromkeys(words))
                  if rd.syllables(w) >= LONG_SYLLABLES and len(w) >= LONG_LETTERS and (i == 0 or not w[0].isupper())
                  and w.lower() not in plain_words()]
    if long_words and (not found or len(long_words) >= 4):
        shown = ", ".join(f'"{w}"' for w in long_words[:4])
        found.append(Suggestion("long words", f"long words ({shown}): use shorter ones where you can"))
    return found


# Where a long sentence can end and a new one begin: a semicolon, or a word that joins two
# clauses. The new sentence starts with the words after it.
_JOINS = re.compile(r";|(?<=,)\s(?:and|but|so|which|as|while|whilst|although|because)\b"
                    r"|\s(?:and then|and we|and they|and this|but|because|so that|although|whereas|which)\b", re.I)


def split_point(sentence: str) -> Suggestion | None:
    """Where to split a long sentence: the join nearest its middle that leaves two real parts."""
    total = len(rd.words(sentence))
    if total <= SPLIT_WORDS:
        return None
    best = None
    for match in _JOINS.finditer(sentence):
        before = len(rd.words(sentence[:match.start()]))
        if before < MIN_HALF or total - before < MIN_HALF:
            continue
        distance = abs(before - total / 2)
        if best is None or distance < best[0]:
            best = (distance, match)
    if best is None:
        return None
    match = best[1]
    joiner = match.group().strip()
    lead = " ".join(rd.words(sentence[:match.start()])[-3:])
    follow = " ".join(sentence[match.end():].split()[:4]).rstrip(",.;")
    if joiner == ";":
        return Suggestion("split", f'split it at the semicolon after "{lead}": end the sentence there and start '
                                   f'a new one with "{follow}"')
    return Suggestion("split", f'split it before "{joiner}", after "{lead}": end the sentence there and make '
                               f'"{joiner} {follow} …" a new sentence')


def plainer_words(sentence: str) -> list[Suggestion]:
    found, seen = [], set()
    for match in _plain_words_pattern().finditer(sentence):
        term = " ".join(match.group().split())
        key = term.lower()
        if key in seen:
            continue
        seen.add(key)
        found.append(Suggestion("plainer word", f'"{term}" -> "{plain_words()[key]}"'))
    return found


# The simple past of participles whose past is not the participle itself ("was written by" ->
# "wrote"); regular "-ed" verbs are the same in both.
_PAST = {"written": "wrote", "given": "gave", "taken": "took", "chosen": "chose", "seen": "saw", "known": "knew",
         "drawn": "drew", "shown": "showed", "done": "did", "run": "ran", "spoken": "spoke", "driven": "drove",
         "undertaken": "undertook", "overseen": "oversaw", "begun": "began", "forgotten": "forgot"}
_SAME = {"made", "led", "held", "set", "kept", "sent", "taught", "met", "told", "brought", "paid", "put", "read",
         "built", "found", "sought", "bought", "heard", "understood", "lent", "spent", "left", "won", "chaired"}
_AUXILIARY = (r"(?P<aux>is|are|was|were|will be|would be|can be|could be|may be|might be|must be|should be|be"
              r"|has been|have been|had been|being)")
_PASSIVE = re.compile(_AUXILIARY + r"\s+(?:(?:also|then|usually|often|always|regularly|carefully|normally|"
                      r"first|all|each)\s+)?(?P<verb>[A-Za-z]+)\s+by\s+(?P<rest>.+)$", re.I | re.S)
_DETERMINERS = {"the", "our", "a", "an", "your", "their", "his", "her", "its", "each", "every", "this", "that",
                "my", "both", "all"}
# Who can act: a passive whose "by" names one of these (or a name: capitals) is safe to turn round.
# "by the end", "by phone", "by email" name no one.
_PEOPLE = {"senco", "sendco", "teacher", "teachers", "staff", "school", "parents", "parent", "carers", "carer",
           "governors", "governor", "head", "headteacher", "headteachers", "team", "leader", "leaders", "lead",
           "therapist", "therapists", "psychologist", "psychologists", "nurse", "nurses", "council", "authority",
           "service", "services", "assistant", "assistants", "co-ordinator", "coordinator", "pupils", "pupil",
           "children", "child", "students", "student", "family", "families", "professionals", "specialist",
           "specialists", "practitioner", "practitioners", "keyworker", "key", "worker", "workers", "board",
           "trust", "panel", "doctor", "doctors", "paediatrician", "officer", "mentor", "mentors", "tutor",
           "tutors", "class", "form", "inclusion", "pastoral", "learning", "support", "body", "manager"}


def _participle(verb: str) -> bool:
    word = verb.lower()
    return word in _PAST or word in _SAME or (word.endswith("ed") and len(word) > 4 and word not in {"need", "feed"})


# Words that may follow the one who acts (anything else may make it part of a longer noun:
# "by the EHC plan" names no person).
_AFTER_AGENT = {"and", "or", "to", "at", "in", "on", "with", "for", "who", "when", "if", "as", "after", "before",
                "during", "each", "every", "so", "but", "because", "from", "about", "through", "using", "within",
                "where", "while", "termly", "weekly", "regularly", "together", "once", "twice"}
# Capitalised words after "by" that name a time, not a person.
_TIMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
          "christmas", "easter", "summer", "autumn", "spring", "half", "year", "term", "email", "phone"}
_ROLE_WORDS_ONLY_BEFORE_A_NOUN = {"support", "learning", "class", "form", "key", "pastoral", "inclusion"}


def _agent(rest: str) -> str | None:
    """The one who acts, from the words after "by": a name, or a determiner and a role."""
    tokens = re.findall(r"[A-Za-z][A-Za-z'’-]*|\S", rest)
    start = 1 if tokens and tokens[0].lower() in _DETERMINERS else 0
    end = start
    while end < len(tokens) and tokens[end][0].isalpha() and tokens[end].lower() not in _TIMES \
            and (tokens[end][0].isupper() or tokens[end].lower() in _PEOPLE):
        end += 1
    if end == start or tokens[end - 1].lower() in _ROLE_WORDS_ONLY_BEFORE_A_NOUN:
        return None
    if end < len(tokens) and tokens[end][0].isalpha() and tokens[end].lower() not in _AFTER_AGENT:
        return None  # "by the EHC plan": part of a longer noun
    return " ".join(tokens[:end])


def passive_with_agent(sentence: str) -> list[Suggestion]:
    """A passive that names who acts: say who acts first. Only the simple past is rewritten in
    full ("was decided by the SENCO" -> "the SENCO decided"); other tenses are only flagged,
    because turning them round needs the verb's other forms."""
    found = []
    for start in re.finditer(r"\b(?=" + _AUXILIARY + r"\b)", sentence, re.I):
        match = _PASSIVE.match(sentence, start.start())
        if not match or not _participle(match.group("verb")):
            continue
        agent = _agent(match.group("rest"))
        if not agent:
            continue
        verb = match.group("verb")
        passive = f"{match.group('aux')} {verb} by {agent}"
        agent_first = agent[0].lower() + agent[1:] if agent.split()[0].lower() in _DETERMINERS else agent
        if match.group("aux").lower() in ("was", "were"):
            active = f"{agent_first} {_PAST.get(verb.lower(), verb.lower())}"
            found.append(Suggestion("active", f'"{passive}" -> "{active}"'))
        else:
            found.append(Suggestion("active", f'"{passive}": say who does it first ("{agent_first} …")'))
    return found
