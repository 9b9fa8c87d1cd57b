"""What the editor's page shows about the draft as it is now (:func:`analysis`): the check's
findings by field, the four qualities, easy read, answer previews and each answer's
readability notes (:func:`answer_notes`), and how soon the offer must be reviewed."""

from __future__ import annotations

from .. import glossary
from .. import markdown as md
from .. import readability as rd
from ..check import QUALITIES
from ..council.statutory import audit_lines, offer_audit
from ..load import field_name
from .draft import Draft
from .state import Editor

REVIEW_WARNING_DAYS = 60


def _finding_text(level: str, message: str, fix: str) -> str:
    return f"{level.capitalize()}: {message}" + (f" ({fix})" if fix else "")


def answer_notes(text: str, own_terms: tuple[glossary.Term, ...]) -> str:
    """Readability and jargon of one answer, in a sentence or two."""
    if not text or not text.strip() or text.strip() == "TODO":
        return ""
    sentences = [s for block in md.blocks(text) for s in rd.sentences(block.text)]
    words = sum(len(rd.words(s)) for s in sentences)
    if not sentences:
        return ""
    average = round(words / len(sentences), 1)
    ease = rd.flesch_reading_ease(sentences)
    parts = [f"{words} words in {len(sentences)} sentence{'s' if len(sentences) != 1 else ''}, "
             f"{average:g} words a sentence on average (aim for 15 to 20)"]
    if ease is not None:
        parts.append(f"reading ease {ease:g} (60 or more is plain English)")
    plain = md.to_plain(text)
    terms = [t for t in own_terms if glossary.term_used(t, plain)]
    terms += [t for t in glossary.terms_used(plain) if t.term.casefold() not in {o.term.casefold() for o in terms}]
    note = "; ".join(parts) + "."
    if terms:
        names = ", ".join(f"{t.term} ({t.short})" if t.short else t.term for t in terms)
        note += f" Special words, explained in the glossary at the back: {names}."
    return note


def analysis(ed: Editor) -> dict:
    """Everything the page shows about the draft as it is now: findings by field, the four
    qualities, answer previews and notes."""
    draft = ed.draft
    today = ed.today()
    result = draft.check(today=today)
    findings: list[dict] = []
    summary: list[dict] = []
    notes: dict[str, str] = {}
    review = ""
    audit: list[str] = []
    if result.problems:
        for p in result.problems:
            findings.append({"field": p.field, "level": "error", "quality": "",
                             "text": _finding_text("error", p.message, p.fix)})
        headline = (f"The offer has {len(result.problems)} mistake{'s' if len(result.problems) != 1 else ''} "
                    "to put right before it can be checked or saved.")
    else:
        report = result.report
        for f in report.findings:
            findings.append({"field": f.field, "level": f.level, "quality": f.quality,
                             "text": _finding_text(f.level, f.message, f.fix)})
        for f in result.easy_read:
            findings.append({"field": f.field, "level": f.level, "quality": "easy read",
                             "text": "Easy read " + _finding_text(f.level, f.message, f.fix)})
        for quality in QUALITIES:
            found = [f for f in report.findings if f.quality == quality]
            errors = sum(f.level == "error" for f in found)
            warnings = sum(f.level == "warning" for f in found)
            mark = "FAIL" if errors else ("WARN" if warnings else "PASS")
            summary.append({"quality": quality.capitalize(), "mark": mark, "errors": errors, "warnings": warnings})
        errors, warnings = len(report.errors), len(report.warnings)
        easy = sum(f.level == "error" for f in result.easy_read)
        headline = (f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
                    f"; easy read: {easy} to fix.")
        offer = result.loaded.offer
        own = tuple(glossary.Term(term=g.term, meaning=g.meaning, short=g.short) for g in offer.glossary)
        for i, section in enumerate(offer.sections):
            notes[field_name(("sections", i, "answer"))] = answer_notes(section.answer, own)
        audit = audit_lines(offer_audit(result.loaded, report, today))  # the statutory audit's panel
        days = (offer.offer.next_review - today).days
        if 0 <= days <= REVIEW_WARNING_DAYS:
            review = (f"The offer must be reviewed by {offer.offer.next_review:%d %B %Y}, in {days} day"
                      f"{'s' if days != 1 else ''}. Review it, then change the reviewed and next review dates.")
    previews = {}
    for name, text in _markdown_fields(draft):
        previews[name] = str(md.to_html(text)) if text.strip() else ""
    return {"findings": findings, "summary": summary, "headline": headline, "valid": not result.problems,
            "previews": previews, "notes": notes, "review": review, "audit": audit, "dirty": draft.dirty,
            "disk_changed": draft.disk_changed(), "loaded": result.loaded}


def _markdown_fields(draft: Draft):
    for key in ("co_production", "complaints", "sen_definition"):
        yield key, str(draft.value((key,)) or "")
    for key in ("admissions", "less_favourable_treatment", "facilities", "accessibility_plan"):
        yield f"accessibility.{key}", str(draft.value(("accessibility", key)) or "")
    for i, _section in enumerate(draft.value(("sections",)) or []):
        yield field_name(("sections", i, "answer")), str(draft.value(("sections", i, "answer")) or "")
