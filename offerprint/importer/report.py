"""Writing an import: offer.yaml and the import report beside it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import OfferInputError, ReportInputError
from ..fileio import write_atomic
from .build import ImportResult
from .matching import HIGH


_FACT_WORDS = {"name": "Setting's name", "address": "Address", "phone": "Phone", "email": "Email",
               "website": "Website", "senco.name": "SENCO", "senco.role": "SENCO's role",
               "senco.phone": "SENCO's phone", "senco.email": "SENCO's email",
               "local_offer.name": "Local Offer", "local_offer.website": "Local Offer's website",
               "reviewed": "Last reviewed", "next_review": "Next review"}


def format_import_report(result: ImportResult, offer_path: Path | None = None) -> str:
    """The import report, for the office worker who finishes the offer: what to look at first
    (the least sure first), what the report did not answer, the details found and not found,
    then where every paragraph went, by the questions' own words."""
    name = Path(result.source).name
    lines = [f"Import of {name}" + (f" into {offer_path}" if offer_path else ""),
             f"Questions: {result.set_id}, for a {result.kind.replace('-', ' ')} setting. "
             f"{len(result.placements)} paragraphs went into {len({p.target for p in result.placements})} parts of "
             "the offer; nothing was left out.", ""]
    lines.append("Look at these first" + (" (the least sure first):" if result.look_first else ": nothing."))
    lines += [f"  {i}. {item}" for i, item in enumerate(result.look_first, 1)]
    lines += ["", "What the report did not answer" + (
        " (write these in the offer; offer.yaml lists what to cover for each):" if result.to_write else ": nothing.")]
    lines += [f"  - {item}" for item in result.to_write]
    lines += ["", "Details found (check them):"]
    for key, label in _FACT_WORDS.items():
        value = result.facts.get(key)
        if value is None:
            continue
        shown = value.strftime("%d %B %Y").lstrip("0") if isinstance(value, dt.date) else str(value).replace("\n", ", ")
        source = f" (from {result.facts['name.source']})" if key == "name" and result.facts.get("name.source") else ""
        lines.append(f"  {label}: {shown}{source}")
    if result.details_missing:
        lines += ["", "Details not in the report (fill them in):"]
        lines += [f"  - {item}" for item in result.details_missing]
    lines += ["", "Where each paragraph went (sure: the heading and text clearly answer that question; "
                  "check: read it and move it if it is wrong):"]
    last = object()
    for p in result.placements:
        if (p.heading, p.target) != last:
            question = result.words.get(p.target, p.target)
            under = f"\"{p.heading}\"" if p.heading else "The text before the first heading"
            lines.append(f"  {under} -> {question}")
            last = (p.heading, p.target)
        sure = "sure" if p.confidence == HIGH else "check"
        snippet = p.text[:70].replace("\n", " ") + ("…" if len(p.text) > 70 else "")
        lines.append(f"    {p.where} ({sure}): \"{snippet}\"")
    lines += ["", f"Then run: offerprint check {offer_path.parent if offer_path else '<the offer folder>'}"]
    return "\n".join(lines) + "\n"


def _check_loadable(result: ImportResult) -> None:
    """What import writes, `offerprint check` can load: the offer is read back (from memory, in an
    empty folder) before anything is written; a report too big for an offer is refused here."""
    import tempfile

    from ..load import MAX_BYTES, load_offer

    size = len(result.yaml_text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ReportInputError(f"{result.source}: holds too much text for one offer ({size / 1_048_576:.1f} MB of "
                               f"text; an offer is at most {MAX_BYTES // 1_048_576} MB): import only the SEN "
                               "information report, not the whole policy folder or website")
    with tempfile.TemporaryDirectory() as empty:
        try:
            load_offer(empty, draft=result.yaml_text.encode("utf-8"))
        except OfferInputError as exc:
            first = exc.problems[0] if getattr(exc, "problems", None) else exc
            instead = ("" if str(result.source).lower().endswith((".txt", ".md")) else
                       ", and copy the report's text into a .txt file to import that instead")
            raise ReportInputError(f"{result.source}: import could not make an offer that loads ({first}); please "
                                   f"report this{instead}") from None


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
    _check_loadable(result)
    report_path = folder / ("import-report.json" if fmt == "json" else "import-report.txt")
    report = (json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n" if fmt == "json"
              else format_import_report(result, target))
    write_atomic(target, result.yaml_text)
    write_atomic(report_path, report)
    return target, report_path
