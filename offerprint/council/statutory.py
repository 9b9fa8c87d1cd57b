"""The statutory audit a Local Offer team and a parent carer forum make of each setting's SEN
information report: one row per setting, one verdict per Schedule 1 item (SEND Regulations 2014)
and per s.69 item (Children and Families Act 2014), plus the Local Offer link, the dates, who
approved it, how readable it is (with plain-English help), other formats and languages.

Written by ``offerprint site`` as ``SITE/report/audit.csv`` and ``audit.html``; the same row for
one offer is the "audit" key of ``check --format json`` and a panel in the editor.

The verdicts come from ``check``'s own coverage (``report.coverage``: which items are covered,
and by which texts), so they cannot disagree with it:

* **missing**: check does not count the item as covered (no real answer covers it);
* **met**: covered, and at least one text covering it is complete: an answer of
  :data:`PARTLY_WORDS` words or more, the SENCO with name, phone and email, the Local Offer with
  its web address;
* **partly**: covered, but every text covering it is shorter than :data:`PARTLY_WORDS` words,
  or the details it needs still say TODO. A 40-word answer is about three plain sentences: what
  the school does, who does it, how a family takes part; less rarely says all three.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import markdown as md
from .. import plain_english as pe
from .. import readability as rd
from ..fileio import csv_cell, write_atomic
from ..formats import FORMATS
from ..load import field_name
from ..questions import S69, SCHEDULE_1, question_text

if TYPE_CHECKING:
    from ..check import Report
    from ..load import LoadedOffer
    from ..site import SettingEntry, SiteResult

PARTLY_WORDS = 40
TARGET_EASE = pe.TARGET_EASE
VERDICTS = ("met", "partly", "missing")
SHOWN_SENTENCES = 3  # the hardest sentences a setting's row lists in the CSV and on the page
LINK_TIMEOUT = 10  # seconds, when the Local Offer link's reachability is checked
_TODO = "TODO"


@dataclass(frozen=True)
class Verdict:
    item: str  # "1" ... "13", or an s.69 key ("admissions" ...)
    law: str  # "Schedule 1" or "s.69"
    words: str  # what the item asks, in short
    verdict: str  # met, partly or missing
    where: str  # the question (or part of the offer) that meets it; "" when missing
    why: str

    def cell(self) -> str:
        """The verdict as one spreadsheet cell: "partly: answered in '...' but under 40 words"."""
        return f"{self.verdict}: {self.why}"


def _words(text: str) -> int:
    return len(rd.words(md.to_plain(text)))


def _todo(*values) -> bool:
    return any(value is not None and _TODO in str(value) for value in values)


def _source(loaded: LoadedOffer, path: list) -> tuple[str, bool, str]:
    """(what it is, complete?, why) for one text check counted as covering an item."""
    offer = loaded.offer
    if path[0] == "sections":
        section = offer.sections[path[1]]
        asked = question_text(offer.offer.questions, section, offer.setting.kind)
        n = _words(section.answer)
        if n >= PARTLY_WORDS:
            return asked, True, f"answered in '{asked}' ({n} words)"
        return asked, False, f"answered in '{asked}' but under {PARTLY_WORDS} words ({n})"
    if path == ["setting", "senco"]:
        senco = offer.setting.senco
        if _todo(senco.name, senco.phone, senco.email):
            return "the SENCO's details", False, "setting.senco is there but still says TODO"
        return "the SENCO's details", True, f"setting.senco names {senco.name}, with phone and email"
    if path == ["offer", "local_offer"]:
        local = offer.offer.local_offer
        if _todo(local.website, local.phone, local.address):
            return "the Local Offer's details", False, "offer.local_offer still says TODO"
        return "the Local Offer's details", True, f"offer.local_offer links to {local.website}"
    value = offer
    for part in path:
        value = getattr(value, part)
    name = field_name(tuple(path))
    n = _words(value)
    if n >= PARTLY_WORDS:
        return name, True, f"written in {name} ({n} words)"
    return name, False, f"written in {name} but under {PARTLY_WORDS} words ({n})"


def verdicts(loaded: LoadedOffer, report: Report) -> list[Verdict]:
    """Every Schedule 1 and s.69 item, met / partly / missing, from check's coverage."""
    found = []
    sources = report.coverage.get("sources", {})
    for law, key, items in (("Schedule 1", "schedule1", SCHEDULE_1), ("s.69", "s69", S69)):
        for item, words in items.items():
            if not report.coverage[key][item]:
                found.append(Verdict(item, law, words, "missing", "", "no answer covers it"))
                continue
            judged = [_source(loaded, path) for path in sources.get(item, [])]
            complete = [j for j in judged if j[1]]
            where, _, why = (complete or judged or [("", False, "covered")])[0]
            found.append(Verdict(item, law, words, "met" if complete else "partly", where, why))
    return found


# --- readability, formats, languages, the link ----------------------------------------------

def readability(loaded: LoadedOffer, stats: dict) -> dict:
    """Reading ease overall (check's figure) and per answer, with the sentences to make plainer."""
    offer = loaded.offer
    answers = []
    for i, section in enumerate(offer.sections):
        if _TODO in section.answer:
            continue
        help_ = pe.help_for(section.answer)
        answers.append({"field": field_name(("sections", i, "answer")), "id": section.id,
                        "question": question_text(offer.offer.questions, section, offer.setting.kind),
                        "ease": help_.ease, "words": help_.words,
                        "below_target": help_.ease is not None and help_.ease < TARGET_EASE,
                        "sentences": [s.to_dict() for s in help_.sentences]})
    hardest = sorted(((s, a["id"]) for a in answers for s in a["sentences"]), key=lambda p: p[0]["ease"])
    return {"overall": stats.get("flesch_reading_ease"), "target": TARGET_EASE, "answers": answers,
            "answers_below_target": sum(a["below_target"] for a in answers),
            "hardest": [{"answer": sid, **s} for s, sid in hardest[:SHOWN_SENTENCES]]}


def formats_offered(loaded: LoadedOffer, documents: list[tuple[str, str, float | None]] | None) -> list[str]:
    """The formats families can have: those the hub made (``documents``: format, language tag,
    size), else those offerprint can make of the offer as it is."""
    if documents is None:
        from ..easy_read import missing_sections

        names = [f.name for f in FORMATS.values() if f.on_site]
        if missing_sections(loaded):
            names.remove("easy-read")
        return [FORMATS[n].label for n in names]
    offered: dict[str, set[float]] = {}
    for fmt, _lang, size in documents:
        offered.setdefault(fmt, set()).update({size} if size and fmt == "large-print" else set())
    return [FORMATS[f].label + (f" ({', '.join(f'{s:g}' for s in sorted(offered[f]))} point)" if offered[f] else "")
            for f in FORMATS if f in offered]


def languages(loaded: LoadedOffer, translations: list[str] | None = None) -> list[str]:
    """The language the offer is written in, then each translation's status in words."""
    from ..site_report import language_names, translation_words

    written = f"written in {language_names(loaded.offer.offer.language)[0]}"
    return [written, *(translation_words(loaded) if translations is None else translations)]


def link_reachable(url: str, timeout: float = LINK_TIMEOUT) -> tuple[bool, str]:
    """Whether a web address answers (only when asked: it goes over the network)."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "offerprint statutory audit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # http(s) only: the model checks the address
            return True, f"answers ({answer.status})"
    except urllib.error.HTTPError as exc:
        if exc.code in (405, 501):  # HEAD not allowed: the page is there
            return True, f"answers ({exc.code} to HEAD)"
        return False, f"the server says {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, f"no answer ({getattr(exc, 'reason', exc)})"


def local_offer_link(loaded: LoadedOffer, check_links: bool = False) -> dict:
    local = loaded.offer.offer.local_offer
    present = bool(local.website) and not _todo(local.website)
    link = {"name": local.name, "website": local.website, "present": present, "reachable": None,
            "reachable_note": "not checked (offerprint site --check-links checks it)"}
    if present and check_links:
        link["reachable"], link["reachable_note"] = link_reachable(local.website)
    return link


# --- the row ---------------------------------------------------------------------------------

def offer_audit(loaded: LoadedOffer, report: Report, today: dt.date | None = None, *,
                documents: list[tuple[str, str, float | None]] | None = None, translations: list[str] | None = None,
                check_links: bool = False) -> dict:
    """One setting's row of the statutory audit (JSON-ready)."""
    today = today or dt.date.today()
    offer = loaded.offer
    info = offer.offer
    found = verdicts(loaded, report)
    approved = info.approved
    return {
        "setting": offer.setting.name,
        "kind": offer.setting.kind,
        "urn": offer.setting.urn,
        "offer": str(loaded.source),
        "schedule1": {v.item: asdict(v) for v in found if v.law == "Schedule 1"},
        "s69": {v.item: asdict(v) for v in found if v.law == "s.69"},
        "schedule1_counts": {word: sum(v.verdict == word for v in found if v.law == "Schedule 1") for word in VERDICTS},
        "s69_counts": {word: sum(v.verdict == word for v in found if v.law == "s.69") for word in VERDICTS},
        "local_offer": local_offer_link(loaded, check_links),
        "published": info.published.isoformat(),
        "reviewed": info.reviewed.isoformat(),
        "next_review": info.next_review.isoformat(),
        "days_overdue": max(0, (today - info.next_review).days),
        "approved": {"by": approved.by, "on": approved.on.isoformat()} if approved else None,
        "readability": readability(loaded, report.stats),
        "other_formats": formats_offered(loaded, documents),
        "languages": languages(loaded, translations),
    }


def site_rows(entries: list[SettingEntry], today: dt.date, check_links: bool = False) -> list[dict]:
    rows = []
    for entry in entries:
        documents = [(d.fmt, d.lang, d.size) for d in entry.downloads]
        row = offer_audit(entry.loaded, entry.report, today, documents=documents, translations=entry.translations,
                          check_links=check_links)
        row["page"] = entry.page
        rows.append(row)
    return rows


def _columns() -> list[tuple[str, object]]:
    """(heading, how to get the cell from a row), in the spreadsheet's order."""
    def verdict(group: str, item: str):
        return lambda row: f"{row[group][item]['verdict']}: {row[group][item]['why']}"

    def hardest(row: dict) -> str:
        return " | ".join(f"{s['ease']:g} in '{s['answer']}': {s['sentence']}" for s in row["readability"]["hardest"])

    columns: list[tuple[str, object]] = [("setting", lambda r: r["setting"]), ("kind", lambda r: r["kind"]),
                                         ("urn", lambda r: r["urn"] or "")]
    columns += [(f"Schedule 1 item {k}: {words}", verdict("schedule1", k)) for k, words in SCHEDULE_1.items()]
    columns += [(f"s.69 {words}", verdict("s69", k)) for k, words in S69.items()]
    columns += [
        ("Local Offer link", lambda r: r["local_offer"]["website"] if r["local_offer"]["present"] else "missing"),
        ("Local Offer link reachable", lambda r: r["local_offer"]["reachable_note"]),
        ("published", lambda r: r["published"]), ("reviewed", lambda r: r["reviewed"]),
        ("next review", lambda r: r["next_review"]), ("days overdue", lambda r: r["days_overdue"]),
        ("approved by", lambda r: r["approved"]["by"] if r["approved"] else "not recorded"),
        ("approved on", lambda r: r["approved"]["on"] if r["approved"] else ""),
        ("reading ease (target 60)", lambda r: r["readability"]["overall"]),
        ("answers below 60", lambda r: r["readability"]["answers_below_target"]),
        ("hardest sentences", hardest),
        ("other formats", lambda r: "; ".join(r["other_formats"])),
        ("languages", lambda r: "; ".join(r["languages"])),
        ("offer", lambda r: r["offer"]),
    ]
    return columns


def audit_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = _columns()
    writer.writerow([heading for heading, _ in columns])
    for row in rows:
        writer.writerow([csv_cell(get(row)) for _, get in columns])
    return out.getvalue()


def audit_html(rows: list[dict], council, today: dt.date) -> bytes:
    from ..site import hub_page

    return hub_page("site/audit.html.j2", council, "../", rows=rows, schedule1=SCHEDULE_1, s69=S69,
                     partly_words=PARTLY_WORDS, target=TARGET_EASE, shown=pe.SHOWN_PER_ANSWER, audit_day=today)


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)


@dataclass
class AuditResult:
    rows: list[dict]
    csv_path: Path
    html_path: Path
    notes: list[str]


def write_site_audit(result: SiteResult, council: Path | None = None, today: dt.date | None = None,
                     check_links: bool = False) -> AuditResult:
    """SITE/report/audit.csv and audit.html for the hub just built (``council``: its council.yaml,
    else the offers' own Local Offer contact, as the hub's pages)."""
    from ..site import council_from_offers, load_council

    today = today or dt.date.today()
    rows = site_rows(result.settings, today, check_links)
    details = load_council(council) if council else council_from_offers([e.loaded for e in result.settings])
    folder = result.folder / "report"
    csv_path, html_path = folder / "audit.csv", folder / "audit.html"
    _write_if_changed(csv_path, audit_csv(rows).encode("utf-8"))
    _write_if_changed(html_path, audit_html(rows, details, today))
    notes = []
    missing = sum(1 for r in rows if r["schedule1_counts"]["missing"] or r["s69_counts"]["missing"])
    if missing:
        notes.append(f"the statutory audit ({html_path}) finds legal items missing in {missing} of {len(rows)} "
                     "settings' offers")
    return AuditResult(rows, csv_path, html_path, notes)


def audit_lines(row: dict) -> list[str]:
    """The row in a few plain lines (the editor's panel)."""
    lines = []
    for law, group in (("Schedule 1", "schedule1"), ("s.69", "s69")):
        counts = row[f"{group}_counts"]
        line = f"{law}: {counts['met']} met, {counts['partly']} partly, {counts['missing']} missing"
        gaps = [f"{v['item'] if group == 'schedule1' else v['words']} ({v['verdict']}: {v['why']})"
                for v in row[group].values() if v["verdict"] != "met"]
        lines.append(line + (". " + "; ".join(gaps) if gaps else "."))
    link = row["local_offer"]
    lines.append(f"Local Offer link: {link['website']} ({link['reachable_note']})." if link["present"]
                 else "Local Offer link: missing (offer.local_offer.website).")
    lines.append(f"Reviewed {row['reviewed']}, next review {row['next_review']}"
                 + (f", {row['days_overdue']} days overdue." if row["days_overdue"] else "."))
    approved = row["approved"]
    lines.append(f"Approved by {approved['by']} on {approved['on']}." if approved
                 else "Approved: not recorded (add offer.approved).")
    reading = row["readability"]
    lines.append(f"Reading ease {reading['overall']} (target {reading['target']}); "
                 f"{reading['answers_below_target']} answer(s) under {reading['target']}.")
    lines.append("Other formats: " + (", ".join(row["other_formats"]) or "none") + ".")
    lines.append("Languages: " + "; ".join(row["languages"]) + ".")
    return lines
