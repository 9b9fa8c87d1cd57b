"""`offerprint site`: the council's "Support for Learners" hub, every setting's offer published
and checked in one build.

A builder over :mod:`offerprint.pack`: the downloadable documents are a print pack in
``SITE/documents/`` (same jobs, same hash keys, same ``manifest.json``, so only what changed is
made again, on local worker processes or a Dask cluster). Over it the site adds:

* ``index.html`` and one page per kind of setting and per age range (plain links, so the
  filter works without JavaScript; a small script filters the list in place when it can);
* ``settings/<slug>.html``: the setting's accessible web page (templates/web.html.j2) with
  every document to download, each link saying format, language and size in words;
* ``report/index.html`` and ``report/report.csv`` for the Local Offer team, from
  :func:`offerprint.check.check_offer` (the figures of ``check --format json``);
* ``pagefind/``: the search index, made by Pagefind over the setting pages.

Every page says how to get the information on paper, in another format or language, by phone
or post, from the council's own contact details (``council.yaml``). Setting pages are keyed like
pack jobs (``site.json``) and made again only when their offer, the council's details or their
documents changed; the index, filter pages and report are summaries rewritten only when their
bytes change (the report counts days overdue, so it changes with the date).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pydantic import ValidationError, field_validator

from . import __version__
from .check import QUALITIES, Report
from .document import address_without_name, one_line
from .errors import MissingDependencyError, OfferInputError, OutputError, Problem, RenderError
from .fileio import write_atomic
from .formats import FORMATS, N_
from .load import LoadedOffer, control_problems, display_path, field_name, load_offer, read_yaml
from .lifetime import program
from .paths import linked_out
from .model import (
    Email,
    Phone,
    ShortText,
    Strict,
    Text,
    Website,
    valid_email,
    valid_phone,
    valid_website,
)
from .output_cache import (
    OutputCache,
    default_cache,
    document_key,
    offer_hash,
    sha256,
    unchanged,
)
from .pack import JobResult, PackResult, build_pack, setting_folders
from .render.assets import TEMPLATES
from .site_report import (  # noqa: F401 - importable from here, as before
    CSV_COLUMNS,
    checked,
    language_names,
    quality_marks,
    report_csv,
    report_rows,
)

DOCUMENTS = "documents"  # the print pack inside the site
# Every folder the site writes in (or clears): none may be a link out of the site folder.
SITE_FOLDERS = (DOCUMENTS, "settings", "report", "assets", "assets/fonts", "pagefind", ".pagefind.part", "openreferral")
SITE_STATE = "site.json"  # the setting pages' keys, like the pack's manifest.json

# Kinds of setting in the order the index lists them, with the words families use.
KIND_NAMES = {
    "early-years": ("Nurseries and early years", "Nursery or early years setting"),
    "primary": ("Primary schools", "Primary school"),
    "secondary": ("Secondary schools", "Secondary school"),
    "all-through": ("All-through schools", "All-through school"),
    "special": ("Special schools", "Special school"),
    "pru": ("Pupil referral units", "Pupil referral unit"),
    "college": ("Colleges", "College"),
}
# Each kind of setting has the age range it usually serves, for an offer that gives none.
KIND_AGES = {"early-years": (0, 5), "primary": (4, 11), "secondary": (11, 16), "all-through": (4, 18),
             "special": (2, 19), "pru": (5, 16), "college": (16, 25)}
AGE_BANDS = (("0-to-4", "Under 5", 0, 5), ("4-to-11", "4 to 11", 4, 11), ("11-to-16", "11 to 16", 11, 16),
             ("16-to-25", "16 to 25", 16, 25))


# --- the council's contact details ---------------------------------------------------------------

class Council(Strict):
    """council.yaml: who families ask for the information on paper or in another format."""

    name: ShortText
    phone: Phone
    address: Text
    email: Email
    website: Website
    settings: list[ShortText] = []  # offer folders, relative to council.yaml: built when `site` names none

    _check_phone = field_validator("phone")(lambda cls, v: valid_phone(v))
    _check_email = field_validator("email")(lambda cls, v: valid_email(v))
    _check_web = field_validator("website")(lambda cls, v: valid_website(v))

    @property
    def address_line(self) -> str:
        return ", ".join(line.strip() for line in self.address.splitlines() if line.strip())


COUNCIL_EXAMPLE = "name: Stockport Council, phone: 0161 217 6028, address, email, website"


def load_council(path: Path) -> Council:
    """Read and check council.yaml; every problem is one line naming file, line and field."""
    name = display_path(path)
    if not path.is_file():
        raise OfferInputError(Problem(name, None, None, "", "does not exist" if not path.exists() else "is not a file",
                                      "give the council's details file, like docs/council.yaml"))
    data, positions = read_yaml(path, name, what="a council file")
    if not isinstance(data, dict):
        raise OfferInputError(Problem(name, 1, 1, "", "should list the council's name, phone, address, email "
                                      "and website", f"for example {COUNCIL_EXAMPLE}"))
    control = control_problems(data, positions, name)  # no page, feed or report ever sees one
    if control:
        raise OfferInputError(control)
    try:
        return Council.model_validate(data)
    except ValidationError as exc:
        import difflib

        problems = []
        misspelt = {difflib.get_close_matches(str(e["loc"][-1]), Council.model_fields, n=1, cutoff=0.6)[0]: e["loc"]
                    for e in exc.errors() if e["type"] == "extra_forbidden"
                    and difflib.get_close_matches(str(e["loc"][-1]), Council.model_fields, n=1, cutoff=0.6)}
        for error in exc.errors():
            loc = tuple(error["loc"])
            if error["type"] == "missing" and loc[-1] in misspelt:
                continue  # said once, as the misspelling
            if error["type"] == "extra_forbidden" and loc[-1] not in Council.model_fields and any(
                    v == error["loc"] for v in misspelt.values()):
                line, col = positions.of_key(loc)
                right = next(k for k, v in misspelt.items() if v == error["loc"])
                message, fix = "is not a council detail", f"did you mean '{right}'?"
            elif error["type"] == "missing":
                line, col = positions.of_key(loc[:-1])
                message, fix = "is missing", f"add {loc[-1]}: with the council's {loc[-1]}"
            elif error["type"] == "extra_forbidden":
                line, col = positions.of_key(loc)
                message, fix = "is not a council detail", f"use only: {', '.join(Council.model_fields)}"
            else:
                line, col = positions.of_value(loc)
                message, _, fix = str(error.get("ctx", {}).get("error", error["msg"])).partition("|")
                if error["type"] == "string_type":
                    message, fix = "should be text", "write it as text, in quotes if it starts with a symbol"
                elif error["type"] == "string_too_short":
                    message, fix = "is empty", "fill it in"
            problems.append(Problem(name, line, col, field_name(loc), message, fix))
        raise OfferInputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0))) from None


def council_from_offers(offers: list[LoadedOffer]) -> Council:
    """Without council.yaml: the Local Offer contact the offers themselves give."""
    local = offers[0].offer.offer.local_offer
    return Council.model_construct(name=local.name, phone=local.phone, address=local.address,
                                   email="", website=local.website)


# --- what the site is made of ------------------------------------------------------------------

@dataclass
class Download:
    path: str  # relative to the site folder
    fmt: str
    lang: str
    language: str  # in English words
    native: str  # the language's own name for itself
    size: float | None
    words: str  # the link's words in English (beside a translated label, for the council's staff)
    pages: int | None
    kb: int
    label: str = ""  # what the link says, in the document's own language where the catalogues have it
    label_lang: str = "en-GB"  # the language of ``label``, and its direction
    label_dir: str = "ltr"


@dataclass
class SettingEntry:
    loaded: LoadedOffer
    slug: str
    report: Report
    translations: list[str] = field(default_factory=list)  # each language's status, in words
    downloads: list[Download] = field(default_factory=list)
    failed: list[JobResult] = field(default_factory=list)

    @property
    def setting(self):
        return self.loaded.offer.setting

    @property
    def page(self) -> str:
        return f"settings/{self.slug}.html"

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.setting.kind][1]

    @property
    def ages(self) -> tuple[int, int]:  # the offer's own (from the setting's registration), else its kind's
        return (self.setting.ages.youngest, self.setting.ages.oldest) if self.setting.ages else KIND_AGES[self.setting.kind]

    @property
    def bands(self) -> list[str]:
        low, high = self.ages
        return [key for key, _words, start, end in AGE_BANDS if low < end and high > start]

    @property
    def address_line(self) -> str:
        """Printed under the setting's name: without a first line that repeats it."""
        return one_line(address_without_name(self.setting.address, self.setting.name))


@dataclass
class SiteResult:
    folder: Path
    pack: PackResult
    settings: list[SettingEntry]
    pages_rendered: int = 0
    pages_total: int = 0
    search_indexed: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def rendered(self) -> int:
        """Documents and setting pages made in this build (0: nothing had changed)."""
        return self.pack.rendered + self.pages_rendered


# The download links' words, through the interface catalogues (formats.py marks each format's).
# TRANSLATORS: a size of type; {size} is a number of points, 12 to 48 (an abbreviation such as
# "pt" is fine where the word for "point" would change with the number).
SIZE_WORDS = N_("{format}, {size} point")
# TRANSLATORS: a download link on the council's site: {format} the kind of document ("Large
# print"), {language} the language's own name, {file_type} "PDF" and the like. If your word for
# "pages" changes with the number, write it as "pages: {pages}".
LINK_WITH_PAGES = N_("{format}, in {language} ({file_type}, {pages} pages, {kb} KB)")
# TRANSLATORS: a download link on the council's site, as the one above, for a file without pages.
LINK_WORDS = N_("{format}, in {language} ({file_type}, {kb} KB)")


def link_words(result: JobResult, gettext: Callable[[str], str], language: str) -> tuple[str, bool]:
    """What a download link says (format, language and size), through ``gettext``, and whether
    the catalogue had every word of it (if not, the link is in English, not half-translated)."""
    missing = []

    def say(message: str) -> str:
        said = gettext(message)
        if said == message:
            missing.append(message)
        return said

    record, size = FORMATS[result.job.fmt], result.job.options.size or FORMATS[result.job.fmt].default_size
    words = say(record.link_words)
    if result.job.fmt in ("large-print", "standard") and size:
        words = say(SIZE_WORDS).format(format=words, size=f"{size:g}")
    fields = dict(format=words, language=language, file_type=say(record.file_type),
                  pages=result.pages, kb=max(1, round(result.bytes / 1024)))
    words = say(LINK_WITH_PAGES if result.pages else LINK_WORDS).format(**fields)
    return words, not missing


def _download(result: JobResult) -> Download:
    from .i18n import interface_translations, text_direction

    job = result.job
    language, native = language_names(job.lang)
    english, _ = link_words(result, lambda message: message, language)
    translated, complete = link_words(result, interface_translations(job.lang).gettext, native)
    label, label_lang = (translated, job.lang) if complete else (english, "en-GB")
    return Download(f"{DOCUMENTS}/{job.relpath}", job.fmt, job.lang, language, native, job.options.size, english,
                    result.pages, max(1, round(result.bytes / 1024)), label, label_lang, text_direction(label_lang))


# --- pages -----------------------------------------------------------------------------------

def _env():
    from .render.web import jinja_env

    return jinja_env()


def _css(*names: str) -> str:
    return "".join((TEMPLATES / name).read_text(encoding="utf-8") for name in names)


def _hub_csp(css: str, scripts: bool) -> str:
    from .render.web import content_security_policy

    policy = content_security_policy(css).replace("; form-action 'none'", "")
    if scripts:  # search.js, and Pagefind's module, WebAssembly and index files beside it
        # blob: Pagefind's module, loaded from pagefind/offline.js when the site is opened from a file
        policy += "; script-src 'self' blob: 'wasm-unsafe-eval'; connect-src 'self'"
    return policy + "; form-action 'none'"


def _common(council: Council, root: str) -> dict:
    return {"council": council, "root": root, "kinds": KIND_NAMES, "bands": AGE_BANDS,
            "version": __version__, "today": dt.date.today()}


def render_setting_page(entry: SettingEntry, council: Council) -> bytes:
    """The setting's web page (templates/web.html.j2) with the hub's header, downloads and
    council contact; self-contained like the web page format, no scripts."""
    from .document import build_document
    from .render.web import content_security_policy, data_uri, wording
    from .tree import document_tree

    loaded = entry.loaded
    doc = build_document(loaded, draft=bool(entry.report.errors))  # marked, as the documents are left out
    css = _css("web.css", "site/site.css")
    by_language: dict[str, list[Download]] = {}
    for d in entry.downloads:
        by_language.setdefault(d.lang, []).append(d)
    logo = data_uri(doc.logo, loaded) if doc.logo else None
    pictures = {id(p): data_uri(p, loaded) for s in doc.sections for p in s.pictures}
    html = _env().get_template("site/setting.html.j2").render(
        doc=doc, parts=document_tree(doc),
        web=wording(doc), css=Markup(css), csp=content_security_policy(css), logo_src=logo,
        picture_src=lambda picture: pictures[id(picture)], entry=entry, by_language=by_language,
        **_common(council, "../"))
    return html.encode("utf-8")


def hub_page(template: str, council: Council, root: str, scripts: bool = False, **context) -> bytes:
    """A hub page from ``template`` with the hub's style, header and the council's contact
    details (``root``: the way back to the site's top folder)."""
    css = _css("web.css", "site/site.css")
    html = _env().get_template(template).render(css=Markup(css), csp=_hub_csp(css, scripts),
                                                 **_common(council, root), **context)
    return html.encode("utf-8")


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


# --- search ------------------------------------------------------------------------------------

def build_search_index(out: Path) -> None:
    """Pagefind over the setting pages, into out/pagefind (replaced whole once it is complete)."""
    try:
        import pagefind  # noqa: F401 - only to say clearly when it is missing
    except ImportError:
        raise MissingDependencyError("search: the pagefind package is missing (pip install 'pagefind[bin]')") from None
    tmp = out / ".pagefind.part"
    shutil.rmtree(tmp, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(out), "--glob", "settings/*.html",
               # the page's furniture (skip link, contents, footer) is on every page: not searched
               "--exclude-selectors", ".skip-link", "--exclude-selectors", "nav.contents",
               "--exclude-selectors", ".page-footer",
               # "ask for this in your language", in ten languages: every page has it
               "--exclude-selectors", "ul.languages",
               "--output-path", str(tmp), "--silent"]
    done = subprocess.run(program(command), capture_output=True, text=True)  # no Pagefind writing on after the site is stopped
    if done.returncode != 0 or not (tmp / "pagefind.js").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        raise RenderError(f"search: Pagefind could not index the site: {(done.stderr or done.stdout).strip()[:500]}")
    write_atomic(tmp / OFFLINE_BUNDLE, offline_bundle(tmp))
    shutil.rmtree(out / "pagefind", ignore_errors=True)
    os.replace(tmp, out / "pagefind")


OFFLINE_BUNDLE = "offline.js"


def offline_bundle(index: Path) -> str:
    """Pagefind's own files (its module, WebAssembly and index) in one classic script, for a
    site opened from a file (a USB stick, a library PC): browsers fetch nothing and load no
    module from file:// URLs, but they do run a <script src>. search.js hands these bytes to
    Pagefind in place of fetch (the same index, the same search; nothing written by hand)."""
    import base64

    files = {}
    for path in sorted(index.rglob("*")):
        name = path.relative_to(index).as_posix()
        if path.is_file() and name != OFFLINE_BUNDLE and not name.startswith(("pagefind-ui", "pagefind-component",
                                                                             "pagefind-modular", "pagefind-highlight")):
            files[name] = base64.b64encode(path.read_bytes()).decode("ascii")
    return ("/* Made by offerprint site from Pagefind's index in this folder: do not edit. */\n"
            f"window.offerprintPagefindFiles = {json.dumps(files, indent=0)};\n")


# --- the build -------------------------------------------------------------------------------

def _load_all(offer_paths: list[Path]) -> list[LoadedOffer]:
    """Every offer, or every problem of every offer at once."""
    offers, problems = [], []
    for path in offer_paths:
        try:
            offers.append(load_offer(path))
        except OfferInputError as exc:
            problems += exc.problems
    if problems:
        raise OfferInputError(problems)
    if not offers:
        raise OfferInputError("site: give at least one offer folder")
    return offers


def dask_client(address: str):
    """A Dask distributed client for ``--scheduler``; Dask is imported only here."""
    try:
        from distributed import Client
    except ImportError:
        raise MissingDependencyError("--scheduler needs Dask: pip install 'offerprint[dask]'") from None
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise OfferInputError(f"--scheduler: no Dask scheduler answers at {address} ({exc}); "
                              "start one with: dask scheduler") from None


def build_site(offer_paths: Iterable[Path], out: Path, *, council: Path | Council | None = None,
               langs: Iterable[str] = (), large_print: Iterable[float] = (18, 24),
               formats: Iterable[str] | None = None, formats_by_offer: Mapping[Path, Iterable[str]] | None = None,
               jobs: int | None = None, scheduler: str | None = None,
               progress: Callable[[int, int, JobResult], None] | None = None,
               today: dt.date | None = None, cache: OutputCache | None = None) -> SiteResult:
    """Build (or bring up to date) the hub in ``out``.

    ``formats_by_offer`` narrows the formats of some offers (by folder); ``scheduler`` is a Dask
    scheduler's address: the documents are then made on that cluster (the workers must see the
    offer folders and ``out``, e.g. on a shared drive). Documents any command made before (the
    print pack of the same offers) are copied from ``cache``, the output cache every command
    shares by default, not made again."""
    today = today or dt.date.today()
    offer_paths = [Path(p) for p in offer_paths]
    council_details = load_council(council) if isinstance(council, Path) else council
    offers = _load_all(offer_paths)
    council_details = council_details or council_from_offers(offers)
    # What a family can download (offerprint.formats: on_site); the office-counter slips stay
    # in the print pack (`offerprint pack`).
    formats = list(formats or [f.name for f in FORMATS.values() if f.on_site])
    state_path = out / SITE_STATE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        previous = {p["path"]: p for p in state["pages"]}
        previous_checks = {c["key"]: c for c in state.get("checks", [])}
    except (OSError, ValueError, KeyError, TypeError):
        previous, previous_checks = {}, {}
    notes: list[str] = []
    allowed: dict[str, set[str]] = {}
    found: list[tuple] = []  # each offer's check (offerprint.site_report.checked), in order
    for path, loaded in zip(offer_paths, offers):
        chosen = set(formats)
        for key, value in (formats_by_offer or {}).items():
            if Path(key).resolve() in (loaded.folder.resolve(), loaded.source.resolve()):
                chosen &= set(value)
        found.append(checked(loaded, today, previous_checks))
        if found[-1][1].errors:  # a family must not download a draft (offerprint.unfinished)
            chosen = set()
            notes.append(f"{loaded.offer.setting.name}: no documents to download until `offerprint check {path}` finds "
                         f"no errors ({len(found[-1][1].errors)} now); its page says \"DRAFT - not checked\"")
        if "easy-read" in chosen:
            from .easy_read import missing_sections

            missing = missing_sections(loaded)
            if missing:
                chosen.discard("easy-read")
                notes.append(f"{loaded.offer.setting.name}: no easy read version yet ({len(missing)} sections have "
                             f"no easy_read text; offerprint check --easy-read {path} says which)")
        allowed[str(loaded.folder)] = chosen

    linked = linked_out(out, SITE_FOLDERS)
    if linked:  # writing (and clearing old pages) there would happen elsewhere
        raise OutputError(f"{display_path(out / linked)}: is a link to a folder outside the site folder {display_path(out)}, "
                          "so nothing was written; make it an ordinary folder (or remove it), then build the site again")
    cache = default_cache() if cache is None else cache
    client = dask_client(scheduler) if scheduler else None
    try:
        pack = build_pack(offers, out / DOCUMENTS, langs=langs, large_print=large_print, formats=formats,
                          jobs=jobs, progress=progress, executor=client.get_executor() if client else None,
                          select=lambda job: job.fmt in allowed[job.offer], cache=cache, finished_only=False)
    finally:
        if client is not None:
            client.close()
    notes += pack.notes

    entries, checks = [], []
    for loaded, name, (key, report, translations) in zip(offers, setting_folders(offers), found):
        checks.append({"key": key, "report": report.to_dict(), "translations": translations})
        entry = SettingEntry(loaded, name, report, translations)
        for r in pack.results:
            if r.job.slug == name:
                (entry.downloads if r.ok else entry.failed).append(_download(r) if r.ok else r)
        entries.append(entry)
    result = SiteResult(out, pack, entries, notes=notes)

    # Setting pages: keyed like documents, made again only when something they show changed.
    pages = []
    for entry in entries:
        language = entry.loaded.offer.offer.language
        key = document_key(offer_hash(entry.loaded.folder, language, entry.loaded.source), "setting-page", language,
                           {"council": council_details.model_dump(exclude={"settings"}), "downloads": [vars(d) for d in entry.downloads],
                            "draft": bool(entry.report.errors)})
        target = out / entry.page
        old = previous.get(entry.page)
        if old and old["inputs"] == key and unchanged(target, old["sha256"]) is not None:
            pages.append(old)
            continue
        data = cache.made(key, lambda: render_setting_page(entry, council_details), "setting-page")
        write_atomic(target, data)
        result.pages_rendered += 1
        pages.append({"path": entry.page, "inputs": key, "sha256": sha256(data)})
    result.pages_total = len(pages)
    current = {entry.page for entry in entries}
    for stale in (out / "settings").glob("*.html"):  # a setting no longer in the borough
        if f"settings/{stale.name}" not in current:
            stale.unlink()
            result.pages_rendered += 1

    # The summaries: rewritten only when their bytes change.
    by_kind = [(kind, names, [e for e in entries if e.setting.kind == kind]) for kind, names in KIND_NAMES.items()]
    by_kind = [group for group in by_kind if group[2]]
    listing = dict(groups=by_kind, entries=entries)
    _write_if_changed(out / "index.html", hub_page("site/index.html.j2", council_details, "", scripts=True,
                                                   scope=None, **listing))
    for kind, names in KIND_NAMES.items():  # every kind, so the index's links all lead somewhere
        members = [e for e in entries if e.setting.kind == kind]
        _write_if_changed(out / f"kind-{kind}.html", hub_page(
            "site/index.html.j2", council_details, "", scope=names[0], groups=[(kind, names, members)] if members else [],
            entries=members))
    for key, words, _start, _end in AGE_BANDS:
        members = [e for e in entries if key in e.bands]
        groups = [(kind, names, [e for e in members if e.setting.kind == kind]) for kind, names in KIND_NAMES.items()]
        _write_if_changed(out / f"ages-{key}.html", hub_page(
            "site/index.html.j2", council_details, "", scope=f"Ages {words}",
            groups=[g for g in groups if g[2]], entries=members))
    rows = report_rows(entries, today)
    _write_if_changed(out / "report" / "index.html", hub_page(
        "site/report.html.j2", council_details, "../", rows=rows, entries=entries, notes=notes,
        failures=pack.failures, qualities=QUALITIES))
    _write_if_changed(out / "report" / "report.csv", report_csv(rows).encode("utf-8"))
    _write_if_changed(out / "search.js", (TEMPLATES / "site" / "search.js").read_bytes())
    from .render.web_fonts import write_site_fonts; write_site_fonts(out)

    if result.pages_rendered or not (out / "pagefind" / "pagefind.js").is_file():
        build_search_index(out)
        result.search_indexed = True
    write_atomic(state_path, json.dumps({"offerprint": __version__, "pages": pages, "checks": checks},
                                        indent=1, default=str) + "\n")
    return result
