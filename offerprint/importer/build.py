"""The import itself: a report's sections placed under the questions they answer, and the text of
the offer.yaml made from them (nothing written here)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..model import KINDS_NEEDING_SENCO, add_months
from ..new import new_offer_yaml, question_set_for
from ..questions import tailor_wording
from ..readers import read_report
from .facts import TITLE_NOISE, find_facts
from .matching import (
    CHECK,
    S69_FIELDS,
    STOP_WORDS,
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
    words = [w for w in words if w not in STOP_WORDS] or words or ["section"]
    return "-".join(words)[:40].strip("-") or "section"


def import_report(path: str | Path, set_id: str, kind: str, name: str | None = None,
                  today: dt.date | None = None) -> ImportResult:
    """Read the report at ``path`` and make the text of an offer.yaml for it (nothing written)."""
    qset = question_set_for(set_id, kind)
    today = today or dt.date.today()
    source = Path(path)
    sections = read_report(source)
    targets = targets_for(set_id, kind)
    by_id = {t.id: t for t in targets}

    # The title (the first level-1 heading) names the setting; its paragraphs are an introduction.
    title = next((s.heading for s in sections if s.level == 1 and s.heading), None)
    links = [(m.group(1), m.group(2)) for s in sections for p in s.paragraphs
             for m in re.finditer(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)", p.markdown)]
    # Headings are read with the text: "Who is our SENCo?" over "Mrs Pack" names her.
    facts = find_facts([t for s in sections for t in ([s.heading] if s.heading and s.heading != title else [])
                        + [p.text for p in s.paragraphs]], title, links)
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

    unanswered = [q.id for q in qset.for_kind(kind) if f"answers.{q.id}" not in fill]
    for qid in unanswered:
        todo.append(f"Answer '{qid}' ({tailor_wording(qset.question(qid).question, kind)}): the report did not "
                    "answer it; its prompts are in offer.yaml.")
    for key, label in (("co_production", "how families helped write the report (co_production)"),
                       ("complaints", "how to complain (complaints)")):
        if key not in fill:
            todo.append(f"Write {label}: the report did not say.")
    if kind != "college":
        for key in S69_FIELDS:
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
