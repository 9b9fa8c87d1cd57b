"""Where offerprint's time goes beyond bare WeasyPrint, in CPU seconds (the process's own and
its children's, so pdftotext counts): on a shared machine, wall time measures the neighbours,
CPU time measures the work.

    .venv/bin/python benchmarks/overhead.py [--lang ar]

For the documents of benchmarks/pack.py's cold pack (each example in standard print and large
print at 18 and 24pt), after a warm-up round: bare WeasyPrint on the same HTML and stylesheets,
offerprint's render, their ratio (the pack benchmark's aim is <= 1.15), the same against bare
WeasyPrint with the cycle collector paused as offerprint pauses it (offerprint's own cost), and
the shares of the audit and of the text layer (/ActualText) in offerprint's render.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import CSS, HTML  # noqa: E402

from benchmarks.pack import weasyprint_unhooked  # noqa: E402  (before anything hooks WeasyPrint)

from offerprint.document import build_document  # noqa: E402
from offerprint.load import load_offer  # noqa: E402
from offerprint.render import RenderOptions, render, text_layer  # noqa: E402
from offerprint.render import pdf as pdf_module  # noqa: E402
from offerprint.translate import translation_for  # noqa: E402

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "offer.yaml").is_file())


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Meter:
    """CPU seconds spent inside a module-level function, counted while it is wrapped."""

    def __init__(self, module, name: str) -> None:
        self.module, self.name, self.seconds = module, name, 0.0
        self.original = getattr(module, name)

        def measured(*args, **kwargs):
            start = cpu()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += cpu() - start

        setattr(module, name, measured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", help="translate the documents (needs examples/*/translations/LANG.po)")
    lang = parser.parse_args().lang
    config = pdf_module.font_config()
    fonts, shared = pdf_module._static_css()
    audit_meter = Meter(pdf_module, "audit_pdf")
    layer_meter = Meter(text_layer, "_add_actual_text")
    variants = [("standard", None, pdf_module.standard_style(12)),
                ("large-print", 18, pdf_module.large_print_style(18)),
                ("large-print", 24, pdf_module.large_print_style(24))]
    examples = [e for e in EXAMPLES if not lang or (e / "translations" / f"{lang}.po").is_file()]
    bare = paused = ours = 0.0
    for round_ in range(2):  # the first warms the caches on both sides
        audit_meter.seconds = layer_meter.seconds = 0.0
        for folder in examples:
            loaded = load_offer(folder)
            doc = build_document(loaded, translation_for(loaded, lang))
            html = pdf_module.render_html(doc)
            for fmt, size, style in variants:
                css = CSS(string=style.css(doc.labels["page_of"]), font_config=config)
                times = [cpu()]
                for pause in (contextlib.nullcontext, pdf_module.cyclic_gc_paused):
                    with weasyprint_unhooked(), pause():  # after the first render, offerprint's hooks are in
                        HTML(string=html, base_url=folder.resolve().as_uri() + "/").write_pdf(
                            stylesheets=[fonts, shared, css], font_config=config, pdf_variant="pdf/ua-1")
                    times.append(cpu())
                render(loaded, fmt, RenderOptions(size=size, lang=lang))
                times.append(cpu())
                if round_:
                    bare += times[1] - times[0]
                    paused += times[2] - times[1]
                    ours += times[3] - times[2]
    print(f"{len(examples)} offers x {len(variants)} PDFs{f' in {lang}' if lang else ''}: bare WeasyPrint "
          f"{bare:.1f} CPU-s, offerprint {ours:.1f} CPU-s, ratio {ours / bare:.2f} (aim <= 1.15)")
    print(f"  bare WeasyPrint with the cycle collector paused, as offerprint renders: {paused:.1f} CPU-s; "
          f"offerprint's own cost against it: {ours / paused:.2f}x")
    print(f"  of offerprint's render: audit {100 * audit_meter.seconds / ours:.1f}%, text layer "
          f"{100 * layer_meter.seconds / ours:.1f}%")


if __name__ == "__main__":
    main()
