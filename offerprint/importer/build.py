"""The import itself: a report's sections placed under the questions they answer, and the text of
the offer.yaml made from them (nothing written here)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..model import KINDS_NEEDING_SENCO, add_months
from ..new import new_offer_yaml, question_set_for
from ..questions import S69, SCHEDULE_1, tailor_wording
from ..readers import read_report
from .facts import TITLE_NOISE, find_facts
from .matching import (
    CHECK,
    FIELD_TARGETS,
    S69_FIELDS,
    STOP_WORDS,
    explains_a_term,
    Match,
    guess_covers,
    match_section,
    score_target,
    targets_for,
)


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
    unanswered: list[str] = field(default_factory=list)  # ids of the set's questions the report did not answer
    look_first: list[str] = field(default_factory=list)  # what a person should check, the least sure first
    to_write: list[str] = field(default_factory=list)  # the questions (in words) the report did not answer
    details_missing: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)  # target id -> its question in words

    def to_dict(self) -> dict:
        return {
            "source": self.source, "questions": self.set_id, "kind": self.kind, "setting": self.name,
            "paragraphs": [asdict(p) for p in self.placements],
            "headings": [asdict(h) for h in self.headings],
            "facts": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.facts.items()},
            "unanswered": self.unanswered,
            "look_first": self.look_first,
            "to_write": self.to_write,
            "details_missing": self.details_missing,
            "todo": self.todo,
        }


_OWN_THRESHOLD = 25.0  # below this a heading answers no question of the set


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    words = [w for w in words if w not in STOP_WORDS] or words or ["section"]
    return "-".join(words)[:40].strip("-") or "section"


def import_report(path: str | Path, set_id: str, kind: str, name: str | None = None,
                  today: dt.date | None = None) -> ImportResult:
    """Read the report at ``path`` and make the text of an offer.yaml for it (nothing written)."""
    qset = question_set_for(set_id, kind)
    today = today or dt.date.today()
    source = Path(path)
    sections = read_report(source)
    # A web page's own title beside a report with a title of its own (level 0): evidence of the
    # setting's name, not part of the report.
    page_title = next((s.heading for s in sections if s.level == 0), None)
    sections = [s for s in sections if s.level > 0]
    targets = targets_for(set_id, kind)
    by_id = {t.id: t for t in targets}

    # The title (the first level-1 heading) names the setting; its paragraphs are an introduction.
    # A question is never the title: a report that starts with its first question (set in the
    # biggest type) has no title of its own.
    title = next((s.heading for s in sections if s.level == 1 and s.heading), None)
    if title and title.rstrip().endswith("?"):
        title = None
    links = [(m.group(1), m.group(2)) for s in sections for p in s.paragraphs
             for m in re.finditer(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)", p.markdown)]
    # Headings are read with the text: "Who is our SENCo?" over "Mrs Pack" names her.
    facts = find_facts([t for s in sections for t in ([s.heading] if s.heading and s.heading != title else [])
                        + [p.text for p in s.paragraphs]], title, links, page_title=page_title)
    # No name stated anywhere (the report says only "the Academy"): TODO, which `check` asks for;
    # never a generic title ("SEND Information Report") or the file's name.
    setting_name = name or facts.get("name") or "TODO"

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
        # A sub-heading belongs with its parent's answer unless it clearly answers something else;
        # under a part of the school's own ("Frequently asked questions") it goes where it fits.
        own_parent = parent is not None and parent[1] in own
        if parent and heading and section.level > parent[0] and not (own_parent and match.score >= _OWN_THRESHOLD):
            under_parent = score_target(heading, body, by_id[parent[1]]) if parent[1] in by_id else _OWN_THRESHOLD + 15
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
        # The classifier, where it is sure, says whether the text is about a question of the set at
        # all; where it is not, the rules' score does.
        below = match.learnt == "own" or (match.score < threshold and match.learnt is None)
        is_own = (below or heading is not None and explains_a_term(heading)) and not (
            parent and heading and section.level > parent[0] and match.target == parent[1])
        if is_own:
            target_id = _own_id(heading, own_ids) if heading else _own_id("introduction", own_ids)
            wording_text = heading or ("About this report" if not own else "More about our support")
            existing = next((k for k, v in own.items() if v["question"] == wording_text), None)
            if existing:
                target_id = existing
            else:
                own[target_id] = {"id": target_id, "question": wording_text[:300],
                                  "covers": [], "suggested": guess_covers(heading, body), "answer": "",
                                  "first": not headings}  # text before any heading: an introduction
                own_ids.add(target_id)
            confidence = CHECK
        else:
            target_id = match.target
            confidence = match.confidence
        for above in pending_headings:
            # a part's title with no text of its own ("Admissions" over "Admission criteria") goes with it
            headings.append(HeadingMatch(above, section.where, target_id, confidence, match.score, match.second,
                                         is_own))
        headings.append(HeadingMatch(heading, section.where, target_id, confidence, match.score,
                                     match.second, is_own or target_id in own))
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
        own[target_id] = {"id": target_id, "question": text[:300], "covers": [], "suggested": guess_covers(text, ""),
                          "answer": "(The report had this heading with nothing under it.)"}
        headings.append(HeadingMatch(text, "", target_id, CHECK, 0.0, None, True))
    for own_id, item in own.items():
        item["answer"] = "\n\n".join(answers.pop(own_id, [])) or item["answer"]
    _carry_over_long_answers(answers, own, own_ids, _question_words(qset, kind, list(own.values())))
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
                                 "covers": [S69_FIELDS[target_id]], "answer": text})
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
    remainder = TITLE_NOISE.search(title or "")
    if title and remainder and title.strip() != setting_name:
        fill["offer.title"] = _short_title(title, setting_name)
    fill["header"] = [f"# Imported by 'offerprint import' on {today:%d %B %Y} from {source.name}: see "
                      "import-report.txt beside this file for where each paragraph went and what to check."]
    yaml_text = new_offer_yaml(qset.id, kind, setting_name, today=today, fill=fill)

    words = _question_words(qset, kind, own_sections)
    unanswered = [q.id for q in qset.for_kind(kind) if f"answers.{q.id}" not in fill]
    to_write = [words[qid] for qid in unanswered]
    to_write += [words[key] for key in ("co_production", "complaints") if key not in fill]
    if kind != "college":
        to_write += [words[key] for key in S69_FIELDS if key not in fill]
    doubts: list[tuple[float, str]] = []  # (how sure, what to look at): the least sure first
    for h in headings:
        said = f"\"{_cut(h.heading)}\" ({h.where})" if h.heading else f"The text at the start ({h.where})"
        if h.own and h.target in {o["id"] for o in own_sections}:
            item = next(o for o in own_sections if o["id"] == h.target)
            if h.heading and item["question"] != h.heading:
                continue  # a sub-heading inside the school's own question: said once, for the question
            suggested = item.get("suggested") or []
            what = "; ".join(SCHEDULE_1.get(i) or S69.get(i, i) for i in suggested)
            doubts.append((h.score - 30, f"{said} answers none of the {qset.id} questions, so it is a question of "
                                         f"your own. Tick what the law asks that it covers"
                                         + (f" (it may cover {what})." if what else ".")))
        elif h.confidence == CHECK:
            other = f" It might belong under \"{_cut(words.get(h.second, h.second), 70)}\" instead." if h.second else ""
            doubts.append((h.score - 10 if h.second is None else h.score - 45,
                           f"{said} went under \"{_cut(words.get(h.target, h.target), 70)}\".{other}"))
    continued = {o["question"].rsplit(" (continued, part ", 1)[0] for o in own_sections if o.get("continued")}
    for question in sorted(continued):
        doubts.append((-50.0, f"The answer to \"{_cut(question, 70)}\" was too long for one question: the rest is in "
                              "questions of your own marked \"(continued, part 2)\" and on. Shorten it, or keep them."))
    if facts.get("senco.name") and not facts.get("senco.phone") and facts.get("phone"):
        doubts.append((40.0, f"The SENCO's phone number is set to the school's ({facts['phone']}): the report gave no "
                             "other."))
    if not name_given:
        if facts.get("name"):
            doubts.append((60.0, f"The setting's name, \"{setting_name}\", was taken from {facts.get('name.source')}."))
        else:
            doubts.append((-100.0, "The report does not say the setting's name: write it in place of TODO "
                                   "(setting: name:)."))
    look_first = [text for _, text in sorted(doubts, key=lambda d: d[0])]
    details = [label for key, label in (
        ("setting.address", "the setting's address"), ("setting.phone", "the setting's phone number"),
        ("setting.email", "the setting's email address"))
        if not fill.get(key)]
    if kind in KINDS_NEEDING_SENCO or facts.get("senco.name"):
        details += [label for key, label in (
            ("setting.senco.name", "the SENCO's name"), ("setting.senco.phone", "the SENCO's phone number"),
            ("setting.senco.email", "the SENCO's email address")) if not fill.get(key)]
    details += [label for key, label in (("offer.local_offer.name", "the Local Offer's name"),
                                         ("offer.local_offer.website", "the Local Offer's web address"))
                if not fill.get(key)]
    details.append("the Local Offer's phone number and postal address, for families without the internet")
    if not reviewed:
        details.append(f"when the report was last reviewed (set to today, {today.day} {today:%B %Y}: change it)")
    todo = look_first + [f"Answer \"{w}\": the report did not." for w in to_write] + \
        [f"Fill in {d}: not found in the report." for d in details]
    return ImportResult(str(source), qset.id, kind, setting_name, yaml_text, placements, headings,
                        facts, todo, unanswered, look_first, to_write, details, words)


MAX_ANSWER_CHARACTERS = 45_000  # an answer holds 50,000 (offerprint check): room for the offer's own escapes


def _carry_over_long_answers(answers: dict[str, list[str]], own: dict, taken: set[str], words: dict) -> None:
    """An answer longer than an answer may be (a whole policy pasted under one heading) goes on in
    questions of the school's own, "... (continued)", cut between paragraphs (or sentences, for
    one enormous paragraph): nothing is dropped, and `check` can load what import wrote."""
    for target_id in list(answers) + [o for o in own]:
        blocks = answers.get(target_id) if target_id in answers else [own[target_id]["answer"]]
        if sum(len(b) + 2 for b in blocks) <= MAX_ANSWER_CHARACTERS:
            continue
        pieces: list[str] = []
        for block in blocks:
            while len(block) > MAX_ANSWER_CHARACTERS:
                cut = max(block.rfind(". ", 0, MAX_ANSWER_CHARACTERS), block.rfind("\n", 0, MAX_ANSWER_CHARACTERS))
                cut = cut + 1 if cut > MAX_ANSWER_CHARACTERS // 2 else MAX_ANSWER_CHARACTERS
                pieces.append(block[:cut].rstrip())
                block = block[cut:].lstrip()
            pieces.append(block)
        parts: list[list[str]] = [[]]
        for piece in pieces:
            if parts[-1] and sum(len(b) + 2 for b in parts[-1]) + len(piece) > MAX_ANSWER_CHARACTERS:
                parts.append([])
            parts[-1].append(piece)
        if target_id in answers:
            answers[target_id] = parts[0]
        else:
            own[target_id]["answer"] = "\n\n".join(parts[0])
        question = words.get(target_id, target_id)
        for n, part in enumerate(parts[1:], 2):
            new_id = _own_id(f"{target_id}-continued-{n}", taken)
            taken.add(new_id)
            own[new_id] = {"id": new_id, "question": f"{question[:280]} (continued, part {n})", "covers": [],
                           "answer": "\n\n".join(part), "continued": True}


def _cut(text: str, length: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _question_words(qset, kind: str, own_sections: list[dict]) -> dict[str, str]:
    """Every place an answer can go, as the words an office worker knows it by."""
    words = {q.id: tailor_wording(q.question, kind) for q in qset.for_kind(kind)}
    words.update({t.id: t.question for t in FIELD_TARGETS})
    words.update({o["id"]: o["question"] for o in own_sections})
    return words


def _short_title(title: str, setting_name: str) -> str:
    """The report's own title without the setting's name ("SEN Information Report 2026-27")."""
    rest = title.replace(setting_name, " ") if setting_name in title else title
    rest = re.sub(r"^[\s:–—|,-]+|[\s:–—|,-]+$", "", re.sub(r"\s+", " ", rest))
    return rest[:300] or "Support for Learners"
