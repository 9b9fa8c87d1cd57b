"""How well and how fast `offerprint import` reads real schools' reports it was not written for.

    .venv/bin/python benchmarks/import_reports.py [--half tune|test|both] [--forms txt,docx,html,pdf] [-v]
        [--slugs FILE]

The corpus is tests/corpus/ (real reports, paraphrased; see its README): each report in four forms
(plain text, Word, a saved web page, LibreOffice's PDF), with what a careful person expected
written before any import. It is split once into a tune half (the matching may be tuned on it)
and a test half (only measured). For each half and form this prints:
- headings filed under the expected question (aim: >= 85 % on the test half);
- stated facts found (aim: >= 80 %) and facts filed under the wrong field (aim: none);
- words of the report carried into the offer (aim: >= 97 %); site furniture carried (aim: none);
- the slowest import (read, map and write offer.yaml), and a cold `offerprint import` of the
  longest PDF as a separate process (aim: < 1 s for a 10-page report).
-v lists every wrong heading and fact.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

import score as corpus  # noqa: E402


def run_half(half: str, forms: list[str], verbose: bool, tmp: Path, only: set[str] | None = None) -> list:
    from offerprint.importer import import_report, write_import

    scores = []
    chosen = [slug for slug in corpus.slugs(half) if only is None or slug in only]
    for slug in chosen:
        want = corpus.expected(slug)
        for form in forms:
            t0 = time.perf_counter()
            result = import_report(corpus.BUILT / f"{slug}.{form}", want["questions"], want["kind"])
            write_import(result, tmp / f"{half}-{slug}-{form}", force=True)
            scores.append(corpus.score(slug, form, result, time.perf_counter() - t0))
    print(f"\n{half} half: {len(chosen)} reports" + (" (the classifier learnt from these: not a measure of unseen "
                                                      "reports)" if half == "tune" else " (never seen by import)"))
    print(f"{'form':<6} {'headings':>9} {'facts':>7} {'misfiled':>9} {'words':>7} {'furniture':>10} {'slowest s':>10}")
    for form in forms + ["all"]:
        part = [s for s in scores if form in ("all", s.form)]
        t = corpus.totals(part)
        print(f"{form:<6} {t['headings']:>9.1%} {t['facts']:>7.1%} {t['facts_misfiled']:>9} {t['words']:>7.1%} "
              f"{t['furniture']:>10} {t['slowest']:>10.3f}")
    if verbose:
        for s in scores:
            for h, wanted, got in s.wrong_headings:
                print(f"  {s.slug}.{s.form}: heading {h!r}: wanted {wanted}, got {got}")
            for key, wanted, got in s.facts_misfiled:
                print(f"  {s.slug}.{s.form}: fact {key}: wanted {wanted!r}, got {got!r}")
            for key, wanted in s.facts_missed:
                print(f"  {s.slug}.{s.form}: fact {key} missed: {wanted!r}")
            if s.words_carried < s.words:
                print(f"  {s.slug}.{s.form}: words {s.words_carried / s.words:.1%}, missing {s.missing_words[:12]}")
            if s.furniture:
                print(f"  {s.slug}.{s.form}: furniture {s.furniture}")
    return scores


def cold_import(tmp: Path) -> None:
    pdfs = sorted(corpus.BUILT.glob("*.pdf"), key=lambda p: p.stat().st_size)
    if not pdfs:
        return
    from pypdfium2 import PdfDocument

    path = pdfs[-1]
    slug = path.name.split(".")[0]
    want = corpus.expected(slug)
    pages = len(PdfDocument(str(path)))
    best = float("inf")
    for i in range(3):
        t0 = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "offerprint"), "import", str(path), "--questions",
                        want["questions"], "--kind", want["kind"], "-o", str(tmp / f"cold-{i}")],
                       check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    print(f"\ncold `offerprint import` of the longest PDF ({slug}, {pages} pages): {best:.2f} s "
          f"(best of 3; aim < 1 s for 10 pages)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=("tune", "test", "both"), default="both")
    parser.add_argument("--forms", default=",".join(corpus.FORMS))
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--slugs", type=Path, help="Only the reports named in this file, one slug a line "
                                                   "(to compare before and after while the corpus grows).")
    args = parser.parse_args()
    only = set(args.slugs.read_text().split()) if args.slugs else None
    forms = args.forms.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        for half in (("tune", "test") if args.half == "both" else (args.half,)):
            run_half(half, forms, args.verbose, Path(tmp), only)
        cold_import(Path(tmp))


if __name__ == "__main__":
    main()
