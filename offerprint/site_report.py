"""The hub's report for the Local Offer team (``SITE/report/``): one row per setting with the
figures ``check --format json`` gives, as a page and as a spreadsheet (report.csv); and the
language names the hub's pages use."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .check import QUALITIES, Finding, Report, check_offer
from .errors import OfferInputError
from .fileio import csv_cell
from .load import LoadedOffer
from .output_cache import code_hash, hash_files, offer_files
from .questions import SCHEDULE_1

if TYPE_CHECKING:
    from .site import SettingEntry


def language_names(tag: str) -> tuple[str, str]:
    from babel import Locale

    try:
        locale = Locale.parse(tag, sep="-")
        return locale.get_display_name("en") or tag, locale.get_display_name(locale) or tag
    except Exception:  # noqa: BLE001 - an unusual tag is still listed by its code
        return tag, tag


def quality_marks(report: Report) -> dict[str, str]:
    """Each quality as `check` prints it: pass, warn (warnings only) or fail (an error)."""
    marks = {}
    for quality in QUALITIES:
        found = [f for f in report.findings if f.quality == quality and f.level != "note"]
        marks[quality] = "fail" if any(f.level == "error" for f in found) else ("warn" if found else "pass")
    return marks


def status_word(report: Report) -> str:
    return "errors" if report.errors else ("warnings" if report.warnings else "passes")


def _last_change(folder: Path) -> dt.datetime:
    stamps = [p.stat().st_mtime for p in folder.rglob("*") if p.is_file()]
    return dt.datetime.fromtimestamp(max(stamps), dt.UTC)


def translation_words(loaded: LoadedOffer) -> list[str]:
    """Each translation's status as `translate status` counts it, in words."""
    from .translate import translation_status

    try:
        return [f"{language_names(s.lang)[0]}: "
                + ("complete" if s.complete else f"{s.translated} of {s.total} translated"
                   + (f", {s.stale} to check" if s.stale else ""))
                + (", reviewed" if s.reviewed else ", not reviewed")
                for s in translation_status(loaded)]
    except OfferInputError as exc:
        return [f"a translation cannot be read: {exc.format_message().splitlines()[0]}"]


def checked(loaded: LoadedOffer, today: dt.date, previous: dict) -> tuple[str, Report, list[str]]:
    """check_offer's report and the translations' status, reused from the last build when
    nothing they read has changed (the offer folder, offerprint, the date)."""
    digest = hashlib.sha256(json.dumps([code_hash(), today.isoformat()]).encode())
    hash_files(offer_files(loaded.folder), digest, loaded.folder)
    key = digest.hexdigest()
    old = previous.get(key)
    if old:
        data = old["report"]
        report = Report(data["offer"], data["setting"], [Finding(**f) for f in data["findings"]], data["stats"],
                        data["coverage"])
        return key, report, old["translations"]
    return key, check_offer(loaded, today), translation_words(loaded)


def report_rows(settings: list[SettingEntry], today: dt.date) -> list[dict]:
    """One row per setting for the Local Offer team: the figures `check --format json` gives."""
    rows = []
    for entry in settings:
        info = entry.loaded.offer.offer
        report = entry.report
        missing = [k for k, covered in report.coverage["schedule1"].items() if not covered]
        built: dict[str, int] = {}
        for d in entry.downloads:
            built[d.language] = built.get(d.language, 0) + 1
        rows.append({
            "setting": entry.setting.name,
            "kind": entry.kind_name,
            "page": entry.page,
            "status": status_word(report),
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "notes": len(report.notes),
            **quality_marks(report),
            "schedule1_missing": missing,
            "schedule1_missing_words": [f"{k} ({SCHEDULE_1[k]})" for k in missing],
            "reviewed": info.reviewed.isoformat(),
            "next_review": info.next_review.isoformat(),
            "days_overdue": max(0, (today - info.next_review).days),
            "language": language_names(info.language)[0],
            "translations": entry.translations,
            "formats_built": len(entry.downloads),
            "formats_by_language": [f"{n} in {lang}" for lang, n in built.items()],
            "formats_failed": [r.job.relpath for r in entry.failed],
            "last_change": _last_change(entry.loaded.folder).strftime("%Y-%m-%d %H:%M UTC"),
            "offer": str(entry.loaded.source),
        })
    return rows


CSV_COLUMNS = ("setting", "kind", "status", "errors", "warnings", "notes", *QUALITIES, "schedule1_missing",
               "reviewed", "next_review", "days_overdue", "language", "translations", "formats_built",
               "formats_failed", "last_change", "offer")


def report_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell("; ".join(map(str, row[c])) if isinstance(row[c], list) else row[c])
                         for c in CSV_COLUMNS])
    return out.getvalue()
