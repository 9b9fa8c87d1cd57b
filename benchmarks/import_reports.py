"""How long `offerprint import` takes per report: each fixture report (Word, saved web page,
PDF) read, mapped to its question set and written as offer.yaml, against the aim of 2 s a report.

    .venv/bin/python benchmarks/import_reports.py [--repeat 3]

Prints one line per report and form: seconds for the whole import (read + map + write; best of
--repeat runs, after one warm-up import that loads the libraries), the share of that spent
reading the file, and paragraphs; then the same for a long report: an example offer printed by
offerprint as Word and as a standard-print PDF (over 20 pages); then a first (cold) import's
time, as a school office's single `offerprint import` run sees it, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "import"
AIM_SECONDS = 2.0


def _time(path: Path, info: dict, repeat: int, out: Path, import_report, write_import, read_report) -> float:
    best = best_read = float("inf")
    for i in range(repeat):
        t0 = time.perf_counter()
        sections = read_report(path)
        best_read = min(best_read, time.perf_counter() - t0)
        t0 = time.perf_counter()
        result = import_report(path, info["questions"], info["kind"])
        write_import(result, out / f"{path.name}-{i}")
        best = min(best, time.perf_counter() - t0)
    paragraphs = sum(len(s.paragraphs) for s in sections)
    print(f"{path.name:<34} {best:8.3f} {best_read / best:6.0%} {paragraphs:>10}  {best / AIM_SECONDS:5.2f} of the aim")
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    from offerprint.importer import import_report, write_import  # noqa: E402 - timed: the cold start
    from offerprint.readers import read_report  # noqa: E402

    reports = sorted(FIXTURES.glob("*.expected.json"))
    first = reports[0].name.split(".")[0]
    info = json.loads(reports[0].read_text())
    with tempfile.TemporaryDirectory() as tmp:
        write_import(import_report(FIXTURES / f"{first}.docx", info["questions"], info["kind"]), Path(tmp) / "cold")
        cold = time.perf_counter() - start
        for form in ("html", "pdf"):  # warm every reader's libraries once
            import_report(FIXTURES / f"{first}.{form}", info["questions"], info["kind"])
        print(f"{'report':<34} {'import s':>8} {'read':>6} {'paragraphs':>10}  vs aim {AIM_SECONDS:g} s")
        slowest = 0.0
        for expected in reports:
            slug = expected.name.split(".")[0]
            info = json.loads(expected.read_text())
            for form in ("docx", "html", "pdf"):
                slowest = max(slowest, _time(FIXTURES / f"{slug}.{form}", info, args.repeat, Path(tmp),
                                             import_report, write_import, read_report))
        from offerprint.load import load_offer
        from offerprint.render import RenderOptions, render

        example = load_offer(ROOT / "examples" / "oakfield-primary")
        info = {"questions": example.offer.offer.questions, "kind": example.offer.setting.kind}
        for fmt, suffix in (("docx", ".docx"), ("standard", ".pdf")):
            path = Path(tmp) / f"oakfield-primary-printed{suffix}"
            path.write_bytes(render(example, fmt, RenderOptions()))
            slowest = max(slowest, _time(path, info, args.repeat, Path(tmp), import_report, write_import, read_report))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nslowest warm import {slowest:.3f} s ({slowest / AIM_SECONDS:.2f} of the aim); first import in a new "
          f"process (libraries loading) {cold:.2f} s; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
