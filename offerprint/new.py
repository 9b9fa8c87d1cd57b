"""`offerprint new`: a ready-to-fill offer.yaml that explains itself."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from .errors import OfferInputError
from .model import KINDS_NEEDING_SENCO, SETTING_KINDS, add_months
from .questions import get_question_set, question_sets, tailor_wording


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str, width: int = 96) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width - len(indent) - 2)]


def new_offer_yaml(set_id: str, kind: str, name: str, today: dt.date | None = None) -> str:
    """The text of a new offer.yaml for ``name``, answering every question of ``set_id``."""
    qset = get_question_set(set_id)
    if qset is None:
        raise OfferInputError(f"--questions: '{set_id}' is not a question set (use one of: {', '.join(question_sets())})")
    if kind not in SETTING_KINDS:
        raise OfferInputError(f"--kind: '{kind}' is not a kind of setting (use one of: {', '.join(SETTING_KINDS)})")
    today = today or dt.date.today()
    senco = [
        "  senco:",
        "    name: TODO",
        "    role: Special educational needs co-ordinator (SENCO)",
        "    phone: TODO",
        "    email: TODO",
    ]
    if kind not in KINDS_NEEDING_SENCO:
        senco = ["  # senco: name, role, phone and email of your SEN lead (recommended)"]
    lines = [
        f"# {name}: information for families about special educational needs and disability (SEND).",
        f"# Made by 'offerprint new' on {today:%d %B %Y} from the {qset.id} questions ({qset.title}).",
        "# Replace every TODO, then run: offerprint check <this folder>",
        "# The format is described in docs/offer-format.md.",
        "",
        "setting:",
        f"  name: {_q(name)}",
        f"  kind: {kind}",
        "  address: |",
        "    TODO",
        "  phone: TODO",
        "  email: TODO",
        "  # website: https://...",
        "  # logo: {file: logo.png, alt: Our school logo}",
        *senco,
        "",
        "offer:",
        "  title: Support for Learners",
        "  language: en-GB",
        f"  published: {today.isoformat()}",
        f"  reviewed: {today.isoformat()}",
        f"  next_review: {add_months(today, 12).isoformat()}",
        "  version: \"1\"",
        f"  questions: {qset.id}",
        "  local_offer:          # your council's Local Offer, including how to get it without the internet",
        "    name: TODO",
        "    website: TODO",
        "    phone: TODO",
        "    address: |",
        "      TODO",
        "",
        "sections:",
    ]
    for question in qset.for_kind(kind):
        lines.append("")
        if question.topic:
            lines.append(f"  # Topic: {question.topic}")
        lines.append(f"  - id: {question.id}")
        lines.append(f"    question: {_q(tailor_wording(question.question, kind))}")
        if question.prompts:
            lines.append("    # Things to cover:")
            for prompt in question.prompts:
                lines.extend(_comment("- " + tailor_wording(prompt, kind), "    "))
        lines += ["    answer: |", "      TODO"]
        if "transition" in question.themes:
            lines += ["    timescales:   # when each step happens", "      - when: TODO", "        what: TODO"]
        lines += [
            "    easy_read:     # short sentences with a picture each, for the easy-read version",
            "      - text: TODO",
            "        picture: question",
        ]
    lines += [
        "",
        "# How parents, carers, children and young people helped write this offer (essential).",
        "co_production: |",
        "  TODO",
        "",
        "# How to raise a concern or complain, and how disagreements are resolved.",
        "complaints: |",
        "  TODO",
    ]
    if kind != "college":
        lines += [
            "",
            "# Children and Families Act 2014 s.69: what the school does for disabled pupils.",
            "accessibility:",
            "  admissions: |",
            "    TODO",
            "  less_favourable_treatment: |",
            "    TODO",
            "  facilities: |",
            "    TODO",
            "  accessibility_plan: |",
            "    TODO",
        ]
    lines += [
        "",
        "# Words of your own to explain (SEND terms such as SENCO are explained automatically).",
        "glossary: []",
        "",
    ]
    return "\n".join(lines)
