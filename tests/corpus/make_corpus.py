"""Make the import forms of every corpus report (tests/corpus/reports/*.yaml, see FORMAT.md):

- built/<slug>.txt   the text as a person copies it out of a page or a Word file (bullets as
                     "•", "●", "-" or "o", nested ones indented; headings as plain lines);
- built/<slug>.docx  Word: headings in heading styles, or (every other report) typed as bold
                     lines; a running header and a "Page N of M" footer;
- built/<slug>.html  the report inside a school website's page (menus, cookie banner, sidebar,
                     footer), as the browser's "Save page as" keeps it;
- built/<slug>.pdf   LibreOffice's PDF of the Word file (headers and footers on every page);
- built/<slug>.expected.json  what a careful person expects (from the YAML, written before
                     any import), and built/<slug>.source.txt, the report's own words.

Run from the repository root (needs LibreOffice: soffice):
    .venv/bin/python tests/corpus/make_corpus.py
Which half each report is in (tune or test) is fixed by its slug (:func:`half`), once.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
BUILT = HERE / "built"
HEADING_KINDS = ("h1", "h2", "h3", "h4", "bold")
_INLINE = re.compile(r"\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)]+)\)")


def half(slug: str) -> str:
    """'tune' or 'test', by the slug's hash: fixed once, whoever adds reports later."""
    return "tune" if hashlib.sha256(slug.encode()).digest()[0] % 2 == 0 else "test"


def load(path: Path) -> dict:
    report = yaml.safe_load(path.read_text(encoding="utf-8"))
    blocks = []
    for raw in report["blocks"]:
        kind = next(k for k in raw if k not in ("expect", "also", "heading-in-table"))
        blocks.append({"kind": kind, "value": raw[kind], "expect": raw.get("expect"),
                       "also": raw.get("also") or [], "heading_in_table": raw.get("heading-in-table", False)})
    report["blocks"] = blocks
    report["facts"] = {k: (v.isoformat() if hasattr(v, "isoformat") else str(v))
                       for k, v in (report.get("facts") or {}).items()}
    return report


def reports() -> list[dict]:
    return [load(p) for p in sorted(REPORTS.glob("*.yaml"))]


def plain(text: str) -> str:
    return _INLINE.sub(lambda m: m.group(1) or m.group(2), str(text))


def _items(items, depth: int = 0):
    """(depth, text) for each list item; a nested list is a list inside the items."""
    for item in items:
        if isinstance(item, list):
            yield from _items(item, depth + 1)
        else:
            yield depth, str(item)


def _variant(report: dict) -> int:
    return hashlib.sha256(report["slug"].encode()).digest()[1]


def setting_name(report: dict) -> str:
    return report["facts"].get("name") or "Our School"


# --- plain text ----------------------------------------------------------------------------

def make_text(report: dict) -> str:
    v = _variant(report)
    bullet = ("•", "●", "-", "o", "▪")[v % 5]
    gap = bool(v % 3)  # some copies keep blank lines between paragraphs, some lose them
    out: list[str] = []
    for b in report["blocks"]:
        kind, value = b["kind"], b["value"]
        if kind in ("title", "p", "leadin", "motto") or kind in HEADING_KINDS:
            out.append(plain(value))
        elif kind == "ul":
            out.extend(f"{'    ' * d}{bullet if not d else 'o'} {plain(t)}" for d, t in _items(value))
        elif kind == "ol":
            counters: dict[int, int] = {}
            lines = []
            for d, t in _items(value):
                counters[d] = counters.get(d, 0) + 1
                for deeper in [k for k in counters if k > d]:
                    del counters[deeper]
                mark = f"{counters[d]}." if d == 0 else f"{'abcdefghijklmnopqrstuvwxyz'[counters[d] - 1]})"
                lines.append(f"{'    ' * d}{mark} {plain(t)}")
            out.extend(lines)
        elif kind == "lines":
            out.extend(plain(line) for line in value)
        elif kind == "table":
            out.extend("\t".join(plain(c) for c in row) for row in value)
        if gap:
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- Word ----------------------------------------------------------------------------------

def _add_hyperlink(paragraph, url: str, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _runs(paragraph, text: str, bold: bool = False) -> None:
    pos = 0
    text = str(text)
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos:m.start()]).bold = bold or None
        if m.group(1):
            paragraph.add_run(m.group(1)).bold = True
        else:
            _add_hyperlink(paragraph, m.group(3), m.group(2))
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:]).bold = bold or None


def _field(run, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def make_docx(report: dict, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styled = _variant(report) % 2 == 0  # every other report types its headings as bold lines
    doc = Document()
    title = next((b["value"] for b in report["blocks"] if b["kind"] == "title"), "SEND Information Report")
    doc.core_properties.title = plain(title)
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]
    section.header.paragraphs[0].text = f"{setting_name(report)} - SEND Information Report"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer.add_run(), "PAGE")
    footer.add_run(" of ")
    _field(footer.add_run(), "NUMPAGES")
    for b in report["blocks"]:
        kind, value = b["kind"], b["value"]
        if kind == "title":
            if styled:
                doc.add_paragraph(plain(value), style="Title")
            else:
                p = doc.add_paragraph()
                run = p.add_run(plain(value))
                run.bold, run.font.size = True, Pt(16)
        elif kind in ("h1", "h2", "h3", "h4"):
            if styled:
                doc.add_heading(plain(value), level=int(kind[1]))
            else:
                doc.add_paragraph().add_run(plain(value)).bold = True
        elif kind == "bold":
            doc.add_paragraph().add_run(plain(value)).bold = True
        elif kind in ("p", "leadin"):
            _runs(doc.add_paragraph(), value)
        elif kind == "motto":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(plain(value)).italic = True
        elif kind in ("ul", "ol"):
            base = "List Bullet" if kind == "ul" else "List Number"
            for d, t in _items(value):
                _runs(doc.add_paragraph(style=base if d == 0 else f"{base} {min(d + 1, 3)}"), t)
        elif kind == "lines":
            paragraph = doc.add_paragraph()
            for i, line in enumerate(value):
                run = paragraph.add_run(plain(line))
                if i < len(value) - 1:
                    run.add_break()
        elif kind == "table":
            width = max(len(r) for r in value)
            table = doc.add_table(rows=len(value), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell_text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = ""
                    _runs(cell.paragraphs[0], cell_text, bold=r == 0 or (b["heading_in_table"] and c == 0))
    doc.save(path)


# --- the saved web page --------------------------------------------------------------------

def _inline_html(text: str) -> str:
    out, pos = [], 0
    text = str(text)
    for m in _INLINE.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        if m.group(1):
            out.append(f"<strong>{html.escape(m.group(1))}</strong>")
        else:
            out.append(f'<a href="{html.escape(m.group(3))}">{html.escape(m.group(2))}</a>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _list_html(tag: str, items) -> str:
    parts = []
    for item in items:
        if isinstance(item, list):
            if parts:  # a nested list belongs inside the item before it
                parts[-1] = parts[-1][:-len("</li>")] + _list_html(tag, item) + "</li>"
            else:
                parts.append("<li>" + _list_html(tag, item) + "</li>")
        else:
            parts.append(f"<li>{_inline_html(item)}</li>")
    return f"<{tag}>" + "".join(parts) + f"</{tag}>"


def make_html(report: dict, path: Path) -> None:
    name = setting_name(report)
    v = _variant(report)
    body: list[str] = []
    for b in report["blocks"]:
        kind, value = b["kind"], b["value"]
        if kind == "title":
            body.append(f"<h1>{html.escape(plain(value))}</h1>")
        elif kind in ("h1", "h2", "h3", "h4"):
            tag = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4"}[kind]
            body.append(f"<{tag}>{html.escape(plain(value))}</{tag}>")
        elif kind == "bold":
            body.append(f"<p><strong>{html.escape(plain(value))}</strong></p>")
        elif kind in ("p", "leadin"):
            body.append(f"<p>{_inline_html(value)}</p>")
        elif kind == "motto":
            body.append(f'<p class="strapline"><em>{html.escape(plain(value))}</em></p>')
        elif kind in ("ul", "ol"):
            body.append(_list_html(kind, value))
        elif kind == "lines":
            body.append("<p>" + "<br>".join(_inline_html(line) for line in value) + "</p>")
        elif kind == "table":
            head = "".join(f"<th>{_inline_html(c)}</th>" for c in value[0])
            rest = "".join("<tr>" + "".join(
                (f"<th scope=\"row\">{_inline_html(c)}</th>" if b["heading_in_table"] and i == 0
                 else f"<td>{_inline_html(c)}</td>") for i, c in enumerate(r)) + "</tr>" for r in value[1:])
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rest}</tbody></table>")
    menu = "".join(f'<li><a href="/{slug}">{label}</a></li>' for slug, label in (
        ("", "Home"), ("about", "About Us"), ("news", "News and Events"), ("parents", "Parents"),
        ("curriculum", "Curriculum"), ("send", "SEND"), ("vacancies", "Vacancies"), ("contact", "Contact Us")))
    page_title = (f"SEND Information Report | {name}", f"{name} - SEN Information Report",
                  f"SEND - {name}", "SEND Information Report")[v % 4]
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{html.escape(page_title)}</title>
<link rel="stylesheet" href="/assets/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="page-template">
<div id="cookie-notice" class="cookie-banner" role="dialog">
  <p>This website uses cookies to improve your experience. By continuing to browse you agree to our use
  of cookies. <a href="/cookie-policy">Read our cookie policy</a>.</p>
  <button class="accept">Accept all cookies</button> <button class="reject">Reject non-essential cookies</button>
</div>
<header class="site-header">
  <a class="logo" href="/"><img src="/assets/logo.png" alt="{html.escape(name)} logo"></a>
  <nav class="main-menu" aria-label="Main menu"><ul>{menu}</ul></nav>
  <form class="search" action="/search"><input name="q" placeholder="Search this site"><button>Search</button></form>
</header>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/parents">Parents</a> &gt; <a href="/send">SEND</a></div>
<div class="layout">
<main id="content">
<div class="page-content">
{chr(10).join(body)}
</div>
</main>
<aside class="sidebar">
  <h2>Latest news</h2>
  <ul><li><a href="/news/sports-day">Sports day results are in</a></li>
  <li><a href="/news/harvest">Thank you for your harvest donations</a></li>
  <li><a href="/news/term-dates">Term dates for next year published</a></li></ul>
  <h2>Quick links</h2>
  <ul><li><a href="/lunch-menu">Lunch menu</a></li><li><a href="/uniform">Uniform</a></li>
  <li><a href="/letters">Letters home</a></li></ul>
</aside>
</div>
<footer class="site-footer">
  <p>&copy; 2026 {html.escape(name)}. All rights reserved.</p>
  <p><a href="/privacy">Privacy notice</a> | <a href="/accessibility">Website accessibility statement</a> |
  <a href="/sitemap">Sitemap</a></p>
  <p>Website designed and hosted by Example School Websites Ltd.</p>
</footer>
<script src="/assets/site.js"></script>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


# Words of the site around the report: none may reach the offer.
FURNITURE = ("cookies", "Accept all", "Latest news", "harvest donations", "Lunch menu", "All rights reserved",
             "Privacy notice", "Sitemap", "Example School Websites", "Search this site", "Vacancies")


# --- expected results ----------------------------------------------------------------------

def source_words(report: dict) -> str:
    lines: list[str] = []
    for b in report["blocks"]:
        kind, value = b["kind"], b["value"]
        if kind in ("ul", "ol"):
            lines.extend(plain(t) for _, t in _items(value))
        elif kind == "lines":
            lines.extend(plain(x) for x in value)
        elif kind == "table":
            lines.extend(" ".join(plain(c) for c in row) for row in value)
        else:
            lines.append(plain(value))
    return "\n".join(lines) + "\n"


def _expected_headings(block: dict) -> list[dict]:
    if not block["expect"]:
        return []
    if block["kind"] == "table" and block["heading_in_table"]:  # one expectation per body row
        wanted = block["expect"] if isinstance(block["expect"], list) else [block["expect"]]
        return [{"heading": plain(row[0]), "expect": want, "also": []}
                for row, want in zip(block["value"][1:], wanted) if want]
    return [{"heading": plain(block["value"]), "expect": block["expect"], "also": block["also"]}]


def expected(report: dict) -> dict:
    return {
        "slug": report["slug"], "half": half(report["slug"]), "kind": report["kind"],
        "questions": report["questions"], "layout": report.get("layout", ""),
        "headings": [heading for b in report["blocks"] for heading in _expected_headings(b)],
        "facts": report["facts"],
    }


def write_readme(all_reports: list[dict]) -> None:
    """README.md: what the corpus is, and where each report came from."""
    lines = ["# Real SEN information reports, paraphrased: the import corpus", "",
             "Each file in `reports/` is a close paraphrase of one real English setting's SEN information report",
             "(or of the opening of it: the stored copies of public pages reached only its first pages), made by",
             "hand from the public pages listed below: headings kept with their wording, order and numbering,",
             "list shapes, tables, role names and the formats of phones, emails and dates; sentences rewritten;",
             "people's names invented. What a careful person expects of each (the question each heading belongs",
             "under, the facts it states) was written in the same file before any import was run on it.",
             "The format is in FORMAT.md; `make_corpus.py` makes `built/` (plain text, Word with heading styles",
             "or bold lines and running headers and footers, a saved web page inside a school site's menus, and",
             "LibreOffice's PDF). `benchmarks/import_reports.py` prints the figures of both halves;",
             "`tests/test_import_corpus.py` holds them.", "",
             "The split into a **tune** half (the importer may be tuned on it) and a **test** half (only measured)",
             "is fixed by a hash of each slug (`make_corpus.half`).", "",
             "| report | kind | questions | half | layout | source |", "|---|---|---|---|---|---|"]
    for r in all_reports:
        sources = r.get("source") or []
        sources = [sources] if isinstance(sources, str) else sources
        lines.append(f"| {r['slug']} | {r['kind']} | {r['questions']} | {half(r['slug'])} | {r.get('layout', '')} | "
                     + "<br>".join(sources) + " |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    BUILT.mkdir(exist_ok=True)
    write_readme(reports())
    todo = reports()
    only = set(sys.argv[1:])
    if only:
        todo = [r for r in todo if r["slug"] in only]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        for report in todo:
            slug = report["slug"]
            (BUILT / f"{slug}.txt").write_text(make_text(report), encoding="utf-8")
            make_docx(report, BUILT / f"{slug}.docx")
            make_html(report, BUILT / f"{slug}.html")
            shutil.copy(BUILT / f"{slug}.docx", tmp_dir / f"{slug}.docx")
            (BUILT / f"{slug}.source.txt").write_text(source_words(report), encoding="utf-8")
            (BUILT / f"{slug}.expected.json").write_text(
                json.dumps(expected(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if todo:
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_dir}/profile",
                            "--convert-to", "pdf", "--outdir", str(tmp_dir),
                            *[str(tmp_dir / f"{r['slug']}.docx") for r in todo]],
                           check=True, capture_output=True, timeout=900)
        for report in todo:
            shutil.copy(tmp_dir / f"{report['slug']}.pdf", BUILT / f"{report['slug']}.pdf")
    print(f"Made {len(todo)} reports in {BUILT} (txt, docx, html, pdf, expected, source words).")


if __name__ == "__main__":
    main()
