"""How import fares on the tune half's reports typed other ways: each report rebuilt as every
variant tests/corpus/make_corpus.py makes (plain text with each bullet, with and without blank
lines between paragraphs; Word with heading styles and with bold lines), not only the one its
slug's hash picks.

    .venv/bin/python benchmarks/import_variants.py [--forms txt,docx] [-v]

Tune half only: the test half stays measured in the one form each report has. A variant that
scores below the others points at a reader's weakness that no single report shows (this is how
text copied without blank lines was found to lose eight points of headings). -v lists the
headings a variant gets wrong and its siblings get right.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

import make_corpus  # noqa: E402
import score as corpus  # noqa: E402

VARIANTS = range(6)  # covers every bullet (v % 5), blank lines or none (v % 3) and Word's two styles (v % 2)


def main() -> None:
    from offerprint.importer import import_report

    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", default="txt,docx")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    forms = args.forms.split(",")
    scores: dict[tuple[str, int], list] = collections.defaultdict(list)
    wrong: dict[tuple, set[int]] = collections.defaultdict(set)
    with tempfile.TemporaryDirectory() as tmp:
        for report in make_corpus.reports():
            slug = report["slug"]
            if make_corpus.half(slug) != "tune":
                continue
            want = corpus.expected(slug)
            for v in VARIANTS:
                make_corpus._variant = lambda _report, v=v: v  # the variant to make, whatever the slug
                for form in forms:
                    path = Path(tmp) / f"{slug}.v{v}.{form}"
                    if form == "txt":
                        path.write_text(make_corpus.make_text(report), encoding="utf-8")
                    elif form == "docx":
                        make_corpus.make_docx(report, path)
                    else:
                        raise SystemExit(f"--forms: txt and docx have variants, not {form}")
                    s = corpus.score(slug, form, import_report(path, want["questions"], want["kind"]))
                    scores[(form, v)].append(s)
                    for heading, wanted, got in s.wrong_headings:
                        wrong[(form, slug, heading, wanted, got)].add(v)
    print(f"{'form':<5} {'variant':<34} {'headings':>9}")
    for (form, v), part in sorted(scores.items()):
        what = (f"bullet {'•●-o▪'[v % 5]}, {'blank lines' if v % 3 else 'no blank lines'}" if form == "txt"
                else ("heading styles" if v % 2 == 0 else "bold lines"))
        print(f"{form:<5} {v} {what:<32} {corpus.totals(part)['headings']:>9.1%}")
    if args.verbose:
        for (form, slug, heading, wanted, got), where in sorted(wrong.items()):
            if len(where) < len(VARIANTS):
                print(f"  {slug}.{form} variants {sorted(where)}: {heading!r}: wanted {wanted}, got {got}")


if __name__ == "__main__":
    main()
