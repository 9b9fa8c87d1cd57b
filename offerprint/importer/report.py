"""Writing an import: offer.yaml and the import report beside it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import OfferInputError
from ..fileio import write_atomic
from .build import ImportResult
from .matching import HIGH


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
