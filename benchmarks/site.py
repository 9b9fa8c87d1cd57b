"""How long the council's hub takes to build: a borough of 30 settings made from the examples.

    .venv/bin/python benchmarks/site.py [--formats text,html,standard] [--offers 30] [--dask-offers 10]

Prints, from one run:
- the cold build (nothing on disk) and the no-change build (everything up to date) of the
  borough, and their ratio;
- a cold build of part of the borough on a Dask LocalCluster of 2 single-threaded worker
  processes (``--scheduler``) against 2 local worker processes, and their ratio. The cluster's
  start-up is timed separately: a council's cluster would already be running.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Making documents is what is measured: the output cache every command shares would copy them
# (and the cold runs would fill the user's cache).
os.environ["OFFERPRINT_CACHE"] = "off"

from offerprint.model import SETTING_KINDS  # noqa: E402
from offerprint.site import build_site  # noqa: E402

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "offer.yaml").is_file())
COUNCIL = ROOT / "docs" / "council.yaml"


def make_borough(folder: Path, count: int) -> list[Path]:
    """``count`` settings from the examples: every kind, a quarter past their review date."""
    offers = []
    for i in range(count):
        target = folder / f"setting-{i:02d}"
        shutil.copytree(EXAMPLES[i % len(EXAMPLES)], target)
        text = (target / "offer.yaml").read_text(encoding="utf-8")
        old = re.search(r"^  name: (.+)$", text, re.M).group(1)
        kind = SETTING_KINDS[i % len(SETTING_KINDS)]
        text = text.replace(old, f"Setting {i + 1} {kind.replace('-', ' ').title()}")
        text = re.sub(r"^  kind: .+$", f"  kind: {kind}", text, count=1, flags=re.M)
        if i % 4 == 1:
            for key, day in (("published", "2024-01-15"), ("reviewed", "2024-01-15"), ("next_review", "2025-01-15")):
                text = re.sub(rf"^  {key}: .+$", f"  {key}: {day}", text, count=1, flags=re.M)
        (target / "offer.yaml").write_text(text, encoding="utf-8")
        offers.append(target)
    return offers


def timed(label: str, call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    print(f"{label:<66} {seconds:7.1f} s   ({result.pack.rendered} documents, {result.pages_rendered} pages made)")
    return seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="text,html,standard")
    parser.add_argument("--offers", type=int, default=30)
    parser.add_argument("--dask-offers", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory(prefix="offerprint-site-bench-") as tmp:
        base = Path(tmp)
        offers = make_borough(base / "offers", args.offers)
        options = dict(council=COUNCIL, formats=formats, large_print=[18], jobs=args.jobs)
        print(f"Borough of {args.offers} settings, formats {', '.join(formats)}, {args.jobs} local worker processes")
        cold, first = timed("cold build", lambda: build_site(offers, base / "site", **options))
        warm, again = timed("no-change build", lambda: build_site(offers, base / "site", **options))
        assert again.rendered == 0, "the no-change build made something"
        print(f"{'no-change / cold':<66} {warm / cold:7.3f}")

        try:
            import distributed
        except ImportError:
            print("distributed is not installed: pip install 'offerprint[dask]' to time --scheduler")
            return 0
        part = offers[: args.dask_offers]
        local_s, _ = timed(f"cold build of {len(part)} settings, {args.jobs} local processes",
                           lambda: build_site(part, base / "local", **options))
        start = time.perf_counter()
        with distributed.LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            print(f"{'Dask LocalCluster start-up (not counted)':<66} {time.perf_counter() - start:7.1f} s")
            dask_s, _ = timed(f"cold build of {len(part)} settings, --scheduler (LocalCluster, {args.jobs} workers)",
                              lambda: build_site(part, base / "dask", scheduler=cluster.scheduler_address,
                                                 **{k: v for k, v in options.items() if k != "jobs"}))
        print(f"{'--scheduler / local processes':<66} {dask_s / local_s:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
