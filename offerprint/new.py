"""`offerprint new`: a ready-to-fill offer.yaml that explains itself."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from .errors import OfferInputError
from .model import KINDS_NEEDING_SENCO, SETTING_KINDS, add_months
from .questions import (
    S69,
    SCHEDULE_1,
    get_question_set,
    own_questions_for,
    question_sets,
    tailor_wording,
)


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str, width: int = 96) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width - len(indent) - 2)]


def _filled(fill: dict, key: str, default: str = "TODO") -> str:
    """A known value as a YAML scalar, else the placeholder."""
    value = fill.get(key)
    return _q(str(value)) if value else default


def _block(fill: dict, key: str, indent: str) -> list[str]:
    """The lines of a ``|`` block: the known text (Markdown, an address), else TODO."""
    text = str(fill.get(key) or "TODO").replace("\t", "    ")
    return [f"{indent}{line.rstrip()}" if line.strip() else "" for line in text.strip("\n").split("\n")]


def _own_questions(qset, kind: str, given: list[dict]) -> list[str]:
    """Questions of the school's own, with prompts, for the Schedule 1 items the set does not ask
    (and how decisions are made, if it never asks): without them a filled-in offer cannot pass
    `offerprint check`. Items the ``given`` sections (imported) already cover are left out."""
    covered = {str(item) for own in given for item in own.get("covers", [])}
    taken = {own["id"] for own in given}
    own = [q for q in own_questions_for(qset, kind)
           if q.id not in taken and not (q.covers and set(q.covers) <= covered)]
    if not own:
        return []
    lines = ["", *_comment(f"Questions of your own: the {qset.id} questions do not ask about these, which an "
                           "offer must cover (SEND Regulations 2014, Schedule 1). Reword a question if you "
                           "like; keep its id and covers.", "  ")]
    for question in own:
        wording, _easy = question.wording(qset.audience, kind)
        lines += ["", f"  - id: {question.id}", f"    question: {_q(wording)}"]
        if question.covers:
            lines.append(f"    covers: [{', '.join(_q(item) for item in question.covers)}]   # "
                         + "; ".join(SCHEDULE_1[item] for item in question.covers))
        lines.append("    # Things to cover:")
        for prompt in question.prompts:
            lines.extend(_comment("- " + tailor_wording(prompt, kind), "    "))
        lines += ["    answer: |", "      TODO",
                  "    easy_read:     # short sentences with a picture each, for the easy-read version",
                  "      - text: TODO", "        picture: information   # a picture from 'offerprint pictures'"]
    return lines


def _registered(fill: dict) -> list[str]:
    """The setting's URN, ages and kinds of need, where its registration (GIAS) gave them."""
    lines = []
    if fill.get("setting.urn"):
        lines.append(f"  urn: {_q(str(fill['setting.urn']))}   # DfE's Unique Reference Number")
    if fill.get("setting.ages"):
        youngest, oldest = fill["setting.ages"]
        lines.append(f"  ages: {{youngest: {youngest}, oldest: {oldest}}}")
    if fill.get("setting.needs"):
        lines.append("  needs:                # the kinds of special educational need provided for")
        lines += [f"    - {_q(need)}" for need in fill["setting.needs"]]
    return lines


def question_set_for(set_id: str, kind: str):
    """The question set ``set_id``, once ``set_id`` and ``kind`` are known to be real (the
    options of `new` and `import`)."""
    qset = get_question_set(set_id)
    if qset is None:
        raise OfferInputError(f"--questions: '{set_id}' is not a question set (use one of: {', '.join(question_sets())})")
    if kind not in SETTING_KINDS:
        raise OfferInputError(f"--kind: '{kind}' is not a kind of setting (use one of: {', '.join(SETTING_KINDS)})")
    return qset


def new_offer_yaml(set_id: str, kind: str, name: str, today: dt.date | None = None,
                   fill: dict | None = None) -> str:
    """The text of a new offer.yaml for ``name``, answering every question of ``set_id``.

    ``fill`` (from `offerprint import`) holds what is already known, by field path:
    "setting.address", "setting.phone", "setting.email", "setting.website", "setting.senco.name"
    (.phone, .email), "offer.title", "offer.reviewed", "offer.next_review", "offer.local_offer.name"
    (.website, .phone, .address), "setting.urn", "setting.ages" ((youngest, oldest)), "setting.needs"
    (a list: the kinds of need provided for), "co_production", "complaints", "accessibility.<field>",
    "answers.<question id>" (Markdown), "questions.<question id>" (the school's own wording),
    "own_sections" (dicts with id, question, covers, answer, and first: true to go before the set's
    questions) and "header" (comment lines).
    Everything not known stays TODO, as in a new offer.
    """
    fill = fill or {}
    qset = question_set_for(set_id, kind)
    today = today or dt.date.today()
    senco = [
        "  senco:",
        f"    name: {_filled(fill, 'setting.senco.name')}",
        "    role: Special educational needs co-ordinator (SENCO)",
        f"    phone: {_filled(fill, 'setting.senco.phone')}",
        f"    email: {_filled(fill, 'setting.senco.email')}",
    ]
    if kind not in KINDS_NEEDING_SENCO:
        # Not required by law for this kind of setting, but families need a name to contact
        # (Schedule 1 item 4): the SEN lead.
        senco[0] = "  senco:                # your special educational needs lead"
        senco[2] = "    role: TODO          # for example: Special educational needs lead"
    if fill.get("setting.senco.role"):  # imported: the report named the role
        senco[2] = f"    role: {_q(fill['setting.senco.role'])}"
    lines = [
        f"# {name}: information for families about special educational needs and disability (SEND).",
        f"# Made by 'offerprint new' on {today:%d %B %Y} from the {qset.id} questions ({qset.title}).",
        "# Replace every TODO, then run: offerprint check <this folder>",
        "# The format is described in docs/offer-format.md.",
        *fill.get("header", []),
        "",
        "setting:",
        f"  name: {_q(name)}",
        f"  kind: {kind}",
        *_registered(fill),
        "  address: |",
        *_block(fill, "setting.address", "    "),
        f"  phone: {_filled(fill, 'setting.phone')}",
        f"  email: {_filled(fill, 'setting.email')}",
        f"  website: {_q(fill['setting.website'])}" if fill.get("setting.website") else "  # website: https://...",
        "  # logo: {file: logo.png, alt: Our school logo}",
        *senco,
        "",
        "offer:",
        f"  title: {_filled(fill, 'offer.title', 'Support for Learners')}",
        "  language: en-GB",
        f"  published: {fill.get('offer.reviewed', today).isoformat()}",
        f"  reviewed: {fill.get('offer.reviewed', today).isoformat()}",
        f"  next_review: {fill.get('offer.next_review', add_months(fill.get('offer.reviewed', today), 12)).isoformat()}",
        "  version: \"1\"",
        "  # approved: {by: Governing body, on: YYYY-MM-DD}   # once the governors (or proprietor) approve it",
        f"  questions: {qset.id}",
        "  local_offer:          # your council's Local Offer, including how to get it without the internet",
        f"    name: {_filled(fill, 'offer.local_offer.name')}",
        f"    website: {_filled(fill, 'offer.local_offer.website')}",
        f"    phone: {_filled(fill, 'offer.local_offer.phone')}",
        "    address: |",
        *_block(fill, "offer.local_offer.address", "      "),
        "",
        "sections:",
    ]

    def own_lines(own: dict) -> list[str]:  # a question of the school's own (imported text)
        lines = ["", f"  - id: {own['id']}", f"    question: {_q(own['question'])}"]
        if own.get("suggested") and not own.get("covers"):
            # import's guess counts for nothing until a person confirms it by writing it in covers
            lines += _comment(f"import suggests it covers {', '.join(_q(i) for i in own['suggested'])} ("
                              + "; ".join(SCHEDULE_1.get(i) or S69.get(i, i) for i in own["suggested"])
                              + "): once you have checked, write them in covers, e.g. covers: ["
                              + ", ".join(_q(i) for i in own["suggested"]) + "]", "    ")
        return lines + [f"    covers: [{', '.join(_q(item) for item in own['covers'])}]", "    answer: |",
                        *_block(own, "answer", "      ")]

    for own in fill.get("own_sections", []):
        if own.get("first"):  # the report's introduction comes before the questions
            lines += own_lines(own)
    for question in qset.for_kind(kind):
        lines.append("")
        if question.topic:
            lines.append(f"  # Topic: {question.topic}")
        lines.append(f"  - id: {question.id}")
        answered = bool(fill.get(f"answers.{question.id}"))
        if fill.get(f"questions.{question.id}"):  # the school's own wording of the question
            lines += _comment("The question set asks: " + tailor_wording(question.question, kind), "    ")
            lines.append(f"    question: {_q(fill[f'questions.{question.id}'])}")
        else:
            lines.append(f"    question: {_q(tailor_wording(question.question, kind))}")
        if fill.get("setting.needs") and "1" in question.schedule1:
            lines += _comment("The setting's registration records provision for: " + "; ".join(fill["setting.needs"])
                              + " (setting: needs:). Say how you provide for each.", "    ")
        if question.prompts:
            lines.append("    # Things to cover:")
            for prompt in question.prompts:
                lines.extend(_comment("- " + tailor_wording(prompt, kind), "    "))
        lines += ["    answer: |", *_block(fill, f"answers.{question.id}", "      ")]
        if answered:  # an imported answer: the extras are suggestions, not TODOs to fail check
            if "transition" in question.themes:
                lines.append("    # timescales: [{when: ..., what: ...}]   # when each step happens")
            lines.append("    # easy_read: [{text: ..., picture: question}]   # for the easy-read version")
            continue
        if "transition" in question.themes:
            lines += ["    timescales:   # when each step happens", "      - when: TODO", "        what: TODO"]
        lines += [
            "    easy_read:     # short sentences with a picture each, for the easy-read version",
            "      - text: TODO",
            "        picture: information   # a picture from 'offerprint pictures'",
        ]
    for own in fill.get("own_sections", []):
        if not own.get("first"):
            lines += own_lines(own)
    lines += _own_questions(qset, kind, fill.get("own_sections", []))
    lines += [
        "",
        "# How parents, carers, children and young people helped write this offer (essential).",
        "co_production: |",
        *_block(fill, "co_production", "  "),
        "",
        "# How to raise a concern or complain, and how disagreements are resolved.",
        "complaints: |",
        *_block(fill, "complaints", "  "),
    ]
    if kind != "college":
        lines += [
            "",
            "# Children and Families Act 2014 s.69: what the school does for disabled pupils.",
            "accessibility:",
            "  admissions: |",
            *_block(fill, "accessibility.admissions", "    "),
            "  less_favourable_treatment: |",
            *_block(fill, "accessibility.less_favourable_treatment", "    "),
            "  facilities: |",
            *_block(fill, "accessibility.facilities", "    "),
            "  accessibility_plan: |",
            *_block(fill, "accessibility.accessibility_plan", "    "),
        ]
    lines += [
        "",
        "# Words of your own to explain (SEND terms such as SENCO are explained automatically).",
        "glossary: []",
        "",
    ]
    return "\n".join(lines)
