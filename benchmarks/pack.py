"""Print pack performance, measured in one run (ratios, not absolute times):

- cold pack against the sum of bare WeasyPrint renders of the same documents (aim <= 1.15);
- a no-change rebuild against the cold pack (aim <= 3 %);
- --jobs 2 against --jobs 1 on a batch of 10 offers (aim >= 1.7x);
- peak memory of a worker.

    .venv/bin/python benchmarks/pack.py
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import CSS, HTML  # noqa: E402

from offerprint.document import build_document  # noqa: E402
from offerprint.load import load_offer  # noqa: E402
from offerprint.pack import build_pack  # noqa: E402
from offerprint.render import FORMATS  # noqa: E402
from offerprint.render import pdf as pdf_module  # noqa: E402

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "offer.yaml").is_file())
PDF_FORMATS = ["standard", "large-print"]


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bare_weasyprint_seconds(offers: list[Path], sizes: list[float]) -> float:
    """The same HTML and stylesheets through WeasyPrint alone, no audit, one process."""
    config = pdf_module.font_config()
    fonts, shared = pdf_module._static_css()
    total = 0.0
    for folder in offers:
        loaded = load_offer(folder)
        doc = build_document(loaded)
        html = pdf_module.render_html(doc)
        styles = [pdf_module.standard_style(12)] + [pdf_module.large_print_style(s) for s in sizes]
        for style in styles:
            css = CSS(string=style.css(doc.labels["page_of"]), font_config=config)
            seconds, _ = _timed(lambda: HTML(string=html, base_url=folder.resolve().as_uri() + "/").write_pdf(
                stylesheets=[fonts, shared, css], font_config=config, pdf_variant="pdf/ua-1"))
            total += seconds
    return total


def main() -> None:
    sizes = [18, 24]
    work = Path(tempfile.mkdtemp(prefix="offerprint-bench-"))
    try:
        pdf_module._static_css()  # both sides start with fonts loaded
        bare = bare_weasyprint_seconds(EXAMPLES, sizes)
        cold, result = _timed(lambda: build_pack(EXAMPLES, work / "cold", formats=PDF_FORMATS,
                                                 large_print=sizes, jobs=1))
        again, result2 = _timed(lambda: build_pack(EXAMPLES, work / "cold", formats=PDF_FORMATS,
                                                   large_print=sizes, jobs=1))
        print(f"cold pack (PDFs, 1 job): {cold:.1f}s; bare WeasyPrint, same documents: {bare:.1f}s; "
              f"ratio {cold / bare:.2f} (aim <= 1.15)")
        print(f"no-change rebuild: {again:.2f}s = {100 * again / cold:.1f}% of cold (aim <= 3%); "
              f"made {result2.rendered} documents")
        batch = []
        for i in range(10):
            target = work / "batch" / f"school-{i}"
            shutil.copytree(EXAMPLES[i % len(EXAMPLES)], target)
            text = (target / "offer.yaml").read_text().replace("  name: ", f"  name: School {i} ", 1)
            (target / "offer.yaml").write_text(text)
            batch.append(target)
        formats = [f for f in ("standard", "large-print", "text") if f in FORMATS]
        one, _ = _timed(lambda: build_pack(batch, work / "j1", formats=formats, large_print=[18], jobs=1))
        two, _ = _timed(lambda: build_pack(batch, work / "j2", formats=formats, large_print=[18], jobs=2))
        print(f"10 offers: --jobs 1 {one:.1f}s, --jobs 2 {two:.1f}s: speed-up {one / two:.2f}x (aim >= 1.7x)")
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory: worker {child:.0f} MB, main process {own:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
