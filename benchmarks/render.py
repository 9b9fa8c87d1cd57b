"""How much offerprint adds to WeasyPrint, per example: build time (render + audit) against
bare WeasyPrint rendering the same HTML with the same stylesheets, in the same process.

    .venv/bin/python benchmarks/render.py [--repeat 3]

Prints one line per example and variant: offerprint seconds, bare WeasyPrint seconds, their
ratio, pages, bytes per page; then the process's peak memory. Each timing is the best of
--repeat runs, after one warm-up render that loads the fonts (as a warm pack worker would).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from weasyprint import CSS, HTML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from offerprint.document import build_document  # noqa: E402
from offerprint.load import load_offer  # noqa: E402
from offerprint.render import RenderOptions, render  # noqa: E402
from offerprint.render import pdf as pdf_module  # noqa: E402


def _best(fn, repeat: int) -> tuple[float, bytes]:
    best, out = float("inf"), b""
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    examples = sorted(p for p in (ROOT / "examples").iterdir() if (p / "offer.yaml").is_file())
    variants = [("standard", pdf_module.standard_style(12)), ("large-print", pdf_module.large_print_style(24))]
    render(load_offer(examples[0]), "standard")  # warm-up: fonts loaded once per process
    print(f"{'example':<24} {'format':<12} {'offerprint':>10} {'bare':>8} {'ratio':>6} {'pages':>5} {'bytes/page':>10}")
    ratios = []
    for example in examples:
        loaded = load_offer(example)
        for fmt, style in variants:
            size = style.size if fmt == "large-print" else None
            ours, pdf = _best(lambda: render(loaded, fmt, RenderOptions(size=size)), args.repeat)
            doc = build_document(loaded)
            html = pdf_module.render_html(doc)
            fonts, shared = pdf_module._static_css()
            config = pdf_module.font_config()
            variant_css = CSS(string=style.css(doc.labels["page_of"]), font_config=config)
            base = loaded.folder.resolve().as_uri() + "/"

            def bare() -> bytes:
                return HTML(string=html, base_url=base).write_pdf(
                    stylesheets=[fonts, shared, variant_css], font_config=config, pdf_variant="pdf/ua-1")

            theirs, _ = _best(bare, args.repeat)
            from offerprint.audit import audit_pdf

            pages = audit_pdf(pdf, min_font_size=0).facts.pages
            ratios.append(ours / theirs)
            print(f"{example.name:<24} {fmt:<12} {ours:>9.2f}s {theirs:>7.2f}s {ours / theirs:>6.2f} "
                  f"{pages:>5} {len(pdf) // pages:>10}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mean ratio {sum(ratios) / len(ratios):.2f}; peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
