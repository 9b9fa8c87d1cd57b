"""Scoring an import against what a careful person expected (built/<slug>.expected.json).

Shared by benchmarks/import_reports.py (prints the figures of both halves) and
tests/test_import_corpus.py (holds them). Nothing here knows how import works: it reads the
import's result (headings and where they went, facts found, the offer's text) as a user would.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
BUILT = HERE / "built"
FORMS = ("txt", "docx", "html", "pdf")

# Words: runs of letters, and numbers of three or more digits (phone numbers, years); question
# numbers ("3.") are left out because the offer numbers its questions itself.
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d{3,}")
_NUMBERING = re.compile(r"^\s*(?:(?:(?:Q(?:uestion)?|Section|Part|Strand|Step)\s*\d+[a-z]?\s*[:.)-]?"
                        r"|\d{1,2}(?:\.\d{1,2})*[a-z]?[.):]?|[a-z][.)]|[ivx]{1,4}[.)])\s+|\d{1,2}\.(?=[a-z]))", re.I)


def words(text: str) -> Counter:
    return Counter(w.lower().replace("’", "'") for w in _WORD.findall(text))


def offer_words(offer) -> Counter:
    """Every word the offer (its YAML text, or the data read from it) holds, Markdown taken off
    (link words kept, addresses in links not)."""
    from offerprint import markdown as md

    texts: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            texts.append(md.to_plain(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(yaml.safe_load(offer) if isinstance(offer, str) else offer)
    return words("\n".join(texts))


def heading_key(text: str) -> str:
    text = _NUMBERING.sub("", text or "")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def expected(slug: str) -> dict:
    return json.loads((BUILT / f"{slug}.expected.json").read_text(encoding="utf-8"))


def slugs(which: str | None = None) -> list[str]:
    found = sorted(p.name.split(".")[0] for p in BUILT.glob("*.expected.json"))
    return [s for s in found if which is None or expected(s)["half"] == which]


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    return "0" + digits[2:] if digits.startswith("44") else digits


def _name(text: str) -> str:
    text = (text or "").lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"\bc\.?\s?of\s?e\.?\b|\bc\.e\.(?=\s)|\bchurch of england\b", "ce", text)
    text = re.sub(r"\b(?:the)\b|[^a-z0-9' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _same(key: str, want: str, got) -> bool:
    if got is None:
        return False
    got = got.isoformat() if hasattr(got, "isoformat") else str(got)
    if key.endswith("phone"):
        return _digits(want) == _digits(got)
    if key.endswith("email"):
        return want.strip().lower() == got.strip().lower()
    if key == "postcode":
        return want.replace(" ", "").upper() in got.replace(" ", "").upper()
    if key == "name" and "," in want and "," not in got:  # "Loreto High School" for "Loreto High School, Chorlton"
        return _name(want.split(",")[0]) == _name(got)
    return _name(want) == _name(got)


FACT_KEYS = ("name", "senco.name", "senco.email", "senco.phone", "phone", "email", "postcode", "reviewed",
             "next_review")


@dataclass
class Score:
    slug: str
    form: str
    headings: int = 0
    headings_right: int = 0
    wrong_headings: list = field(default_factory=list)  # (heading, wanted, got)
    facts: int = 0
    facts_right: int = 0
    facts_misfiled: list = field(default_factory=list)  # (key, wanted, got): a value under the wrong field
    facts_missed: list = field(default_factory=list)
    words: int = 0
    words_carried: int = 0
    missing_words: list = field(default_factory=list)
    furniture: list = field(default_factory=list)
    seconds: float = 0.0


def score(slug: str, form: str, result, seconds: float = 0.0) -> Score:
    """How well one import (an ``ImportResult``) did."""
    from make_corpus import FURNITURE

    want = expected(slug)
    s = Score(slug, form, seconds=seconds)
    got = [(heading_key(h.heading), h) for h in result.headings if h.heading]
    used: set[int] = set()
    start = 0
    for item in want["headings"]:
        key = heading_key(item["heading"])
        s.headings += 1
        found = None
        for i in range(start, len(got)):  # in order; a heading the reader missed is skipped over
            if i not in used and (got[i][0] == key or (len(key) > 12 and fuzz.ratio(got[i][0], key) >= 90)):
                found = i
                break
        if found is None:
            s.wrong_headings.append((item["heading"], item["expect"], "(not seen as a heading)"))
            continue
        used.add(found)
        start = found + 1
        match = got[found][1]
        answer = "own" if match.own else match.target
        if answer == item["expect"] or answer in item.get("also", []):
            s.headings_right += 1
        else:
            s.wrong_headings.append((item["heading"], item["expect"], answer))
    facts = {k: v for k, v in result.facts.items()}
    if "address" in facts:
        facts["postcode"] = facts["address"]
    stated = want["facts"]
    for key in FACT_KEYS:
        if key in stated:
            s.facts += 1
            if _same(key, stated[key], facts.get(key)):
                s.facts_right += 1
            elif facts.get(key) is not None:
                s.facts_misfiled.append((key, stated[key], str(facts.get(key))))
            else:
                s.facts_missed.append((key, stated[key]))
        elif facts.get(key) is not None:
            # found where the report states nothing of the kind: wrong when it is another fact's value
            other = [k for k in stated if k != key and _same(k, stated[k], facts[key])]
            if other:
                s.facts_misfiled.append((key, None, f"{facts[key]} (the report's {other[0]})"))
    source = words((BUILT / f"{slug}.source.txt").read_text(encoding="utf-8"))
    offer = offer_words(result.yaml_text)
    s.words = sum(source.values())
    s.words_carried = sum(min(n, offer[w]) for w, n in source.items())
    s.missing_words = sorted(w for w, n in source.items() if offer[w] < n)
    text = result.yaml_text
    s.furniture = [f for f in FURNITURE if f.lower() in text.lower()]
    return s


def totals(scores: list[Score]) -> dict:
    h = sum(x.headings for x in scores) or 1
    f = sum(x.facts for x in scores) or 1
    w = sum(x.words for x in scores) or 1
    return {
        "imports": len(scores),
        "headings": sum(x.headings_right for x in scores) / h,
        "facts": sum(x.facts_right for x in scores) / f,
        "facts_misfiled": sum(len(x.facts_misfiled) for x in scores),
        "words": sum(x.words_carried for x in scores) / w,
        "furniture": sum(len(x.furniture) for x in scores),
        "slowest": max((x.seconds for x in scores), default=0.0),
    }
