"""The command line: a thin click layer over the library (every command's work is a function
that tests call directly).

Each command imports what it uses when it runs: `--help`, `--version`, `questions`, `new` and
`check` never load WeasyPrint (tests/test_startup.py; benchmarks/startup.py measures them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import OfferInputError
from .fileio import write_atomic
from .formats import FORMATS, size_help
from .questions import question_sets, tailor_wording
from .render import PAPERS

OFFER_ARG = click.argument("offer", type=click.Path(path_type=Path))


class _SettingKinds(click.Choice):
    """The kinds of setting (offerprint.model's), looked up when a command needs them: the
    model and pydantic are not loaded for `offerprint --help` or `--version`."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        from .model import SETTING_KINDS

        return SETTING_KINDS


SETTING_KIND = _SettingKinds()
DRAFT_HELP = ("Make it although `offerprint check` finds errors (a TODO, a question not answered): a draft, "
              "marked \"DRAFT - not checked\" on every page. Without it, such an offer is refused.")


class _Main(click.Group):
    """Turns any unexpected exception into one line (a traceback only with --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            raise  # the reader went away (`offerprint ... | head`): click ends quietly
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"offerprint: internal error: {type(exc).__name__}: {exc} "
                       "(please report it; run with --debug to see the details)", err=True)
            sys.exit(70)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="offerprint")
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """offerprint: a school's SEN information report, from one offer.yaml, in every format
    families ask for."""
    ctx.obj = {"debug": debug}


@main.command()
@click.option("--questions", "set_id", required=True, help="The question set: " + ", ".join(question_sets()) + ".")
@click.option("--kind", required=True, type=SETTING_KIND, help="The kind of setting.")
@click.option("--name", required=True, help="The setting's name, as families know it.")
@click.option("--force", is_flag=True, help="Overwrite an existing offer.yaml.")
@click.argument("path", type=click.Path(path_type=Path))
def new(set_id: str, kind: str, name: str, force: bool, path: Path) -> None:
    """Start a new offer at PATH (a folder or FOLDER/offer.yaml) with every question of a set."""
    from .new import new_offer_yaml

    target = path / "offer.yaml" if path.is_dir() or not path.suffix else path
    if target.exists() and not force:
        raise OfferInputError(f"{target}: already exists, so it was left as it is (add --force to replace it)")
    write_atomic(target, new_offer_yaml(set_id, kind, name))
    click.echo(f"Wrote {target}. Replace every TODO, then run: offerprint check {target.parent}")


@main.command("import")
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--questions", "set_id", help="The question set: " + ", ".join(question_sets()) + ".")
@click.option("--kind", type=SETTING_KIND, help="The kind of setting.")
@click.option("--name", help="The setting's name (default: from the report's title).")
@click.option("--force", is_flag=True, help="Overwrite an existing offer.yaml in FOLDER.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="The import report: import-report.txt, or import-report.json.")
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path),
              help="The folder for the new offer (offer.yaml and the import report).")
@click.option("--into", type=click.Path(path_type=Path),
              help="Fill a started offer (its folder) instead, keeping its setting's facts; or a borough's folder "
                   "(offerprint borough), REPORT then a folder of reports, each matched by URN or name.")
def import_(report: Path, set_id: str | None, kind: str | None, name: str | None, force: bool, fmt: str,
            folder: Path | None, into: Path | None) -> None:
    """Make an offer from the school's existing SEN information report (REPORT: .docx, .html,
    .pdf, .txt or .md). Every paragraph goes to the question it answers best, or to a question of
    the school's own; the import report says where each went and what to check."""
    from .importer import import_report, write_import

    if into is not None:
        _import_into(report, into, force, fmt, given=[o for o, v in (("--questions", set_id), ("--kind", kind),
                                                                    ("--name", name), ("-o", folder)) if v])
        return
    missing = [o for o, v in (("--questions", set_id), ("--kind", kind), ("-o", folder)) if not v]
    if missing:
        raise OfferInputError(f"offerprint import: give {', '.join(missing)} (or --into a started offer's folder)")

    folder = folder.parent if folder.suffix == ".yaml" else folder
    if (folder / "offer.yaml").exists() and not force:  # before reading: nothing is done twice
        raise OfferInputError(f"{folder / 'offer.yaml'}: already exists, so it was left as it is "
                              "(add --force to replace it, or import into another folder)")
    result = import_report(report, set_id, kind, name)
    offer_path, report_path = write_import(result, folder, force=force, fmt=fmt)
    placed = {p.target for p in result.placements}
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    click.echo(f"Wrote {offer_path}: {count(len(result.placements), 'paragraph')} of {report.name} in "
               f"{count(len(placed), 'part')} of the offer; {count(len(result.unanswered), 'question')} still to "
               f"answer. What to look at first, and where everything went: {report_path}. Then run: offerprint "
               f"check {folder}")


def _import_into(report: Path, into: Path, force: bool, fmt: str, given: list[str]) -> None:
    """`import --into`: one report into a started offer, or a folder of them into a borough."""
    from .council.borough_import import bulk_summary, import_borough, import_into

    if given:
        raise OfferInputError(f"{', '.join(given)}: not used with --into (the started offer says its questions, kind "
                              "and name)")
    if (into / "offer.yaml").is_file() or into.suffix == ".yaml":
        result, offer_path, report_path = import_into(report, into, force=force, fmt=fmt)
        click.echo(f"Wrote {offer_path}: {len(result.to_write)} questions still to answer, "
                   f"{len(result.details_missing)} details to fill in. What to look at first: {report_path}. "
                   f"Then run: offerprint check {offer_path.parent}")
        return
    result = import_borough(report, into, force=force, fmt=fmt)
    for line in bulk_summary(result):
        click.echo(line)
    if result.failed:
        sys.exit(2)


@main.command()
@click.option("--gias", type=click.Path(path_type=Path), required=True,
              help="The establishment data CSV from Get Information about Schools.")
@click.option("--la", required=True, help="The council, as GIAS names it in 'LA (name)' (e.g. Stockport).")
@click.option("--questions", "set_id", default="se7-parent", show_default=True,
              help="The question set: " + ", ".join(question_sets()) + ".")
@click.option("--council", type=click.Path(path_type=Path),
              help="A council.yaml with the council's details, for council.yaml and each offer's Local Offer.")
@click.option("--force", is_flag=True, help="Start again the offers (and council.yaml) already in FOLDER.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The borough's folder.")
def borough(gias: Path, la: str, set_id: str, council: Path | None, force: bool, output: Path) -> None:
    """Start an offer for every open setting of a council from Get Information about Schools (name,
    URN, address, phone, website, kind, ages, kinds of need), and council.yaml listing them for
    `offerprint site`. Then `offerprint import --into FOLDER REPORTS` fills them from the schools'
    reports."""
    from .council.borough import start_borough, summary

    for line in summary(start_borough(gias, la, output, set_id=set_id, council=council, force=force)):
        click.echo(line)


@main.command()
@OFFER_ARG
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Report format.")
@click.option("--easy-read", "easy_read", is_flag=True,
              help="Check the easy read text instead: short sentences, pictures, no jargon.")
def check(offer: Path, strict: bool, fmt: str, easy_read: bool) -> None:
    """Check an offer: complete, accessible, collaborative, transparent.

    Exit 0 when there are no errors, 1 when the content has errors (or warnings with --strict),
    2 when the file cannot be read or is not a valid offer.
    """
    from .check import check_offer, format_report
    from .load import load_offer

    loaded = load_offer(offer)
    if easy_read:
        from dataclasses import asdict

        from .easy_read import format_lint, lint_easy_read

        findings = lint_easy_read(loaded)
        if fmt == "json":
            click.echo(json.dumps([asdict(f) for f in findings], indent=2, default=str))
        else:
            click.echo(format_lint(findings, loaded.display_name))
        if any(f.level == "error" for f in findings) or (strict and findings):
            sys.exit(1)
        return
    report = check_offer(loaded)
    if fmt == "json":
        from .council.statutory import offer_audit

        report.audit = offer_audit(loaded, report)  # the statutory audit's row (offerprint site: report/audit.html)
        click.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        click.echo(format_report(report))
    if report.errors or (strict and report.warnings):
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of offer.yaml (for editors' autocompletion)."""
    from .model import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@main.command()
@click.argument("set_id", required=False)
@click.option("--kind", type=SETTING_KIND, help="Word the questions for this kind of setting.")
def questions(set_id: str | None, kind: str | None) -> None:
    """List the question sets, or the questions (ids and prompts) of one set."""
    sets = question_sets()
    if set_id is None:
        for qs in sets.values():
            click.echo(f"{qs.id:<18} {len(qs.questions):>3} questions  {qs.title}")
        return
    if set_id not in sets:
        raise OfferInputError(f"'{set_id}' is not a question set (use one of: {', '.join(sets)})")
    for q in sets[set_id].questions:
        text = tailor_wording(q.question, kind) if kind else q.question
        phase = f" [{', '.join(q.phases)} only]" if q.phases else ""
        click.echo(f"{q.id}{phase}\n  {text}\n  (easy read heading: {q.easy})")
        for prompt in q.prompts:
            click.echo(f"    - {tailor_wording(prompt, kind) if kind else prompt}")


@main.command()
@OFFER_ARG
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="standard", show_default=True,
              help="Which document to make.")
@click.option("--size", type=float, help=f"Body text size in points: {size_help()}.")
@click.option("--paper", type=click.Choice(list(PAPERS)), default="white", show_default=True,
              help="Paper colour (high-contrast is yellow on black).")
@click.option("--preset", type=click.Choice(["modified"]), help="modified: large print in bold throughout.")
@click.option("--lang", help="Make it in this language (BCP 47, e.g. ur, pl), from OFFER/translations/LANG.po.")
@click.option("--bilingual", is_flag=True, help="With --lang: each section in that language, then in English.")
@click.option("--allow-missing", is_flag=True,
              help="Easy read: print a short note for sections that have no easy read text yet.")
@click.option("--wrap", type=int, help="Plain text: wrap lines at this many characters.")
@click.option("--grade", type=click.IntRange(1, 2), default=2, show_default=True,
              help="Braille: 2 (contracted UEB) or 1 (uncontracted).")
@click.option("--cells", type=int, default=40, show_default=True, help="Braille: cells per line.")
@click.option("--lines", type=int, default=25, show_default=True, help="Braille: lines per page.")
@click.option("--draft", is_flag=True, help=DRAFT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write (default: the setting's name and format, in this folder).")
def build(offer: Path, fmt: str, size: float | None, paper: str, preset: str | None, lang: str | None,
          bilingual: bool, allow_missing: bool,
          wrap: int | None, grade: int, cells: int, lines: int, draft: bool, output: Path | None) -> None:
    """Build one document from an offer. PDFs are audited before they are written.

    Exit 2 when the offer cannot be used (or `check` finds errors in it, without --draft), 3 when
    the document failed, 5 when the file cannot be written (read-only or full disk, no permission).
    """
    if preset and fmt != "large-print":
        raise OfferInputError("--preset modified is a kind of large print: add --format large-print")
    if wrap is not None and fmt != "text":
        raise OfferInputError("--wrap is for plain text: add --format text")
    from .load import load_offer
    from .render import RenderOptions, render

    loaded = load_offer(offer)
    if not draft:
        from .unfinished import refuse_unfinished

        refuse_unfinished(loaded)
    if lang and lang == loaded.offer.offer.language:
        lang = None  # the offer's own language: nothing to translate
    options = RenderOptions(size=size, paper=paper, preset=preset, wrap=wrap, braille_grade=grade,
                            cells=cells, lines=lines, allow_missing=allow_missing, lang=lang,
                            bilingual=bilingual, draft=draft)
    data = render(loaded, fmt, options)
    if fmt == "easy-read":
        from .render.easy_read import page_warning

        warning = page_warning(data)
        if warning:
            click.echo(warning, err=True)
    if output is None:
        suffix = output_suffix(fmt, size=size, paper=paper, preset=preset, lang=lang, bilingual=bilingual)
        suffix += "-draft" if draft else ""  # never mistaken for (or written over) the finished file
        from .pack import slug

        output = Path(f"{slug(loaded.offer.setting.name)}-{fmt}{suffix}{FORMATS[fmt].extension}")
    write_atomic(output, data)
    checked = "; it passed the accessibility audit" if FORMATS[fmt].audited else ""
    marked = ", a draft marked \"DRAFT - not checked\"" if draft else ""
    click.echo(f"Wrote {output} ({max(1, len(data) // 1024)} KB{marked}){checked}.")


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("--size", "min_size", type=float, default=12, show_default=True,
              help="The smallest text size allowed, in points.")
@click.option("--lang", help="The language the PDF should declare (e.g. en-GB).")
def audit(pdf: Path, min_size: float, lang: str | None) -> None:
    """Audit a PDF: tagged, language, title, headings, alt text, fonts, no attachments, text size.

    Exit 0 when it passes, 1 when it does not, 2 when the file cannot be read.
    """
    from .audit import audit_pdf

    if not pdf.is_file():
        raise OfferInputError(f"{pdf}: does not exist (give the path of a PDF)")
    try:
        result = audit_pdf(pdf, min_font_size=min_size, expected_lang=lang)
    except Exception as exc:  # a damaged or non-PDF file
        raise OfferInputError(f"{pdf}: is not a PDF that can be read ({type(exc).__name__})") from None
    facts = result.facts
    click.echo(f"{pdf}: {facts.pages} pages, language {facts.lang}, title '{facts.title}', "
               f"smallest text {facts.smallest_font_size}pt, {len(facts.headings)} headings, "
               f"{len(facts.figures)} figures")
    if result.ok:
        click.echo("PASS")
        return
    for problem in result.problems:
        click.echo(f"  - {problem}")
    click.echo("FAIL")
    sys.exit(1)


@main.command()
@click.option("--sheet", type=click.Path(path_type=Path),
              help="Also write a contact sheet PDF of every picture (to print and choose from).")
def pictures(sheet: Path | None) -> None:
    """List the easy-read picture library: each picture's name and its alt text."""
    from .picture_library import CREDIT, contact_sheet_html, library
    from .render.pdf import render_library_sheet

    for picture in library().values():
        click.echo(f"{picture.name:<16} {picture.alt}")
    click.echo(f"\n{len(library())} pictures. {CREDIT}")
    if sheet:
        write_atomic(sheet, render_library_sheet(contact_sheet_html(title="offerprint picture library")))
        click.echo(f"Wrote {sheet}.")


def output_suffix(fmt: str, *, size: float | None = None, paper: str = "white", preset: str | None = None,
                  lang: str | None = None, bilingual: bool = False) -> str:
    """`build`'s default name carries each option not at its default ("-modified-24pt-cream"):
    two variants never write the same file, the second replacing the first."""
    sized = f"{size:g}pt" if size and size != FORMATS[fmt].default_size else None
    parts = [preset, sized, None if paper == "white" else paper, lang, "bilingual" if bilingual and lang else None]
    return "".join(f"-{part}" for part in parts if part)


def _number_list(value: str | None, what: str) -> list[float]:
    if not value:
        return []
    try:
        return [float(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise OfferInputError(f"{what}: '{value}' should be sizes separated by commas, for example 18,24") from None


@main.command()
@click.argument("offers", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", "langs", help="Also make these languages, separated by commas (e.g. ur,pl).")
@click.option("--large-print", "large_print", default="18,24", show_default=True,
              help="Large print sizes in points, separated by commas.")
@click.option("--jobs", type=int, help="Documents made at once (default: the number of cores).")
@click.option("--zip", "make_zip", is_flag=True, help="Also put the whole pack in one .zip file.")
@click.option("--audio", "with_audio", is_flag=True,
              help="Also make the audio (MP3s read by a computer voice) and the talking book (EPUB with "
                   "that audio): slower than everything else.")
@click.option("--allow-missing", "allow_missing", is_flag=True,
              help="Make the easy read even where sections have no easy read text yet (it lists them, with whom "
                   "to ask).")
@click.option("--draft", is_flag=True, help=DRAFT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The pack folder.")
def pack(offers: tuple[Path, ...], langs: str | None, large_print: str, jobs: int | None, make_zip: bool,
         with_audio: bool, allow_missing: bool, draft: bool, output: Path) -> None:
    """Build everything an office hands over: every format, size and language, with a
    README.txt saying what to print for whom and a manifest.json. Only what changed since the
    last run is made again.

    Exit 0 when every document was made, 2 when `check` finds errors in an offer (without --draft),
    3 when any failed (the others are still made), 5 when the pack folder cannot be written.
    """
    from .pack import build_pack, default_formats

    sizes = _number_list(large_print, "--large-print")
    languages = [l.strip() for l in (langs or "").split(",") if l.strip()]
    if jobs is not None and jobs < 1:
        raise OfferInputError("--jobs: give 1 or more")
    bar = None

    def progress(done: int, total: int, result) -> None:
        nonlocal bar
        if sys.stdout.isatty():
            if bar is None:
                bar = click.progressbar(length=total, label="Making the pack", show_pos=True)
                bar.__enter__()
            bar.update(1)
        else:
            state = ("copied from the cache" if result.cached else "made") if result.rendered else (
                "unchanged" if result.ok else "FAILED")
            click.echo(f"[{done}/{total}] {result.job.relpath}: {state}")

    result = build_pack(list(offers), output, langs=languages, large_print=sizes, jobs=jobs,
                        formats=default_formats() + (["audio", "talking-book"] if with_audio else []),
                        make_zip=make_zip, progress=progress, allow_missing=allow_missing, draft=draft)
    if bar is not None:
        bar.__exit__(None, None, None)
    made, total = result.rendered, len(result.results)
    click.echo(f"\nPack in {output}/: {total - len(result.failures)} of {total} documents ready "
               f"({_made_words(result)}, {total - made - len(result.failures)} unchanged). See {output}/README.txt.")
    if result.zip_path:
        click.echo(f"Zip file: {result.zip_path}")
    for note in result.notes:
        click.echo(f"Note: {note}")
    if result.failures:
        again = ["offerprint", "pack", *map(str, offers), "-o", str(output)]
        if langs:
            again += ["--lang", langs]
        if large_print != "18,24":
            again += ["--large-print", large_print]
        again += (["--zip"] if make_zip else []) + (["--audio"] if with_audio else [])
        again += (["--allow-missing"] if allow_missing else []) + (["--draft"] if draft else [])
        click.echo(f"{len(result.failures)} document(s) could not be made:", err=True)
        for failure in result.failures:
            click.echo(f"  - {failure.job.relpath}: {failure.error}", err=True)
            click.echo(f"    To fix it: {_fix_for(failure, again)}", err=True)
        sys.exit(3)


def _made_words(pack) -> str:
    """How many documents a pack made now, and how many of those it copied from the output
    cache (made before by any command: the site after the pack) instead of making them again."""
    copied = pack.from_cache
    return f"{pack.rendered - copied} made now" + (f", {copied} copied from the cache of documents made before"
                                                   if copied else "")


def _fix_for(failure, again: list[str]) -> str:
    """The one thing to do about a document the pack could not make: chosen by the error's
    kind, never by the words of its message."""
    import shlex

    from .errors import MissingEasyReadError

    if failure.error_kind == MissingEasyReadError.kind:
        command = again if "--allow-missing" in again else [*again, "--allow-missing"]
        return (f"add easy_read: text to those sections, or make it now without them: {shlex.join(command)}")
    return f"put right what the message says, then run the same command again: {shlex.join(again)}"


@main.command()
@click.argument("offers", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The site folder.")
@click.option("--council", type=click.Path(path_type=Path),
              help="council.yaml: the council's name, phone, address, email and website (default: each offer's Local Offer contact).")
@click.option("--large-print", "large_print", default="18,24", show_default=True,
              help="Large print sizes in points, separated by commas.")
@click.option("--lang", "langs", help="Also publish these languages, separated by commas (e.g. ur,pl).")
@click.option("--scheduler", help="Make the documents on this Dask cluster (e.g. tcp://10.0.0.5:8786).")
@click.option("--jobs", type=int, help="Documents made at once on this computer (default: the number of cores).")
@click.option("--check-links", "check_links", is_flag=True,
              help="In the statutory audit, also try each offer's Local Offer link over the internet.")
def site(offers: tuple[Path, ...], output: Path, council: Path | None, large_print: str, langs: str | None,
         scheduler: str | None, jobs: int | None, check_links: bool) -> None:
    """Build the council's "Support for Learners" site: every setting's offer, documents to
    download, search that needs no server software, and a report for the Local Offer team.
    Only what changed since the last build is made again.

    Exit 0 when everything was made, 3 when any document failed (the rest is still built)."""
    from .site import build_site

    if jobs is not None and jobs < 1:
        raise OfferInputError("--jobs: give 1 or more")
    if not offers:  # a borough: the offers council.yaml lists (offerprint borough writes it)
        from .council.borough_import import borough_settings

        if council is None:
            raise OfferInputError("offerprint site: give the offer folders, or --council with a council.yaml that lists "
                                  "its settings (offerprint borough writes one)")
        offers = tuple(borough_settings(council.parent, council))
        if not offers:
            raise OfferInputError(f"{council}: lists no settings (add settings: with the offer folders, or name them)")
    result = build_site(list(offers), output, council=council, large_print=_number_list(large_print, "--large-print"),
                        langs=[l.strip() for l in (langs or "").split(",") if l.strip()], jobs=jobs, scheduler=scheduler)
    from .council.openreferral import write_site_feed

    result.notes += write_site_feed(result).notes  # SITE/openreferral/: the council directory's Open Referral UK feed
    from .council.statutory import write_site_audit

    result.notes += write_site_audit(result, council, check_links=check_links).notes  # SITE/report/audit.html, .csv
    click.echo(f"Site in {output}/: {len(result.settings)} settings, {len(result.pack.results) - len(result.pack.failures)} "
               f"documents ({_made_words(result.pack)}), {result.pages_rendered} setting pages made now.")
    click.echo(f"Open {output}/index.html; the Local Offer team's report is {output}/report/index.html "
               f"(and report.csv), the statutory audit {output}/report/audit.html (and audit.csv). "
               f"Copy the whole folder: search works from a USB stick too.")
    click.echo(f"The Open Referral UK feed for the council's directory is {output}/openreferral/ "
               f"(serve its API with: offerprint openreferral {output}).")
    for note in result.notes:
        click.echo(f"Note: {note}")
    if result.pack.failures:
        click.echo(f"{len(result.pack.failures)} document(s) could not be made:", err=True)
        for failure in result.pack.failures:
            click.echo(f"  - {failure.job.relpath}: {failure.error}", err=True)
        sys.exit(3)


@main.command()
@click.argument("site_folder", metavar="SITE", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every network this computer is on).")
def openreferral(site_folder: Path, port: int, host: str) -> None:
    """Serve the Open Referral UK API (read only, open to all, no keys) from the feed that
    offerprint site wrote in SITE/openreferral/, for the council's service directory."""
    from .council.openreferral_api import run_api

    run_api(site_folder, host=host, port=port, echo=click.echo)


@main.command()
@OFFER_ARG
@click.option("--port", type=click.IntRange(1, 65535), help="The port to listen on (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; just print the address.")
def edit(offer: Path, port: int | None, no_browser: bool) -> None:
    """Open OFFER in a page in the browser: write each answer, see what check says as you type,
    preview and print, without opening offer.yaml. Runs on this computer only (127.0.0.1)."""
    from .editor import run_editor

    run_editor(offer, port=port, open_browser=not no_browser, echo=click.echo)


@main.group()
def translate() -> None:
    """Translations of the offer's own words, in PO files for translators (Poedit, Weblate)."""


@translate.command("export")
@OFFER_ARG
@click.option("--lang", required=True, help="The language to translate into (BCP 47): ur, pl, zh-Hans.")
def translate_export(offer: Path, lang: str) -> None:
    """Write (or bring up to date) OFFER/translations/LANG.po. Translations already made are
    kept; where the English changed they are marked for checking, never deleted."""
    from .load import load_offer
    from .translate import export_po

    click.echo(f"Wrote {export_po(load_offer(offer), lang)}. Give it to the translator; when it comes back, "
               f"put it in the same place and run: offerprint build {offer} --lang {lang}")


@translate.command("status")
@OFFER_ARG
def translate_status(offer: Path) -> None:
    """For each language: how much is translated, to check (the English changed) and to do."""
    from .load import display_path, load_offer
    from .translate import translation_status

    statuses = translation_status(load_offer(offer))
    if not statuses:
        click.echo(f"No translations yet. Start one with: offerprint translate export {offer} --lang ur")
    for s in statuses:
        click.echo(f"{s.lang}: {s.translated} of {s.total} translated, {s.stale} to check, {s.missing} to do, "
                   f"{'reviewed' if s.reviewed else 'not reviewed'}"
                   + (f"; optional: {s.optional_to_do} built-in glossary texts to do (words we use, and their meanings: "
                      "they print in English until then)"
                      if s.optional_to_do else "")
                   + (" (the English changed: run translate export again)" if s.needs_export else "")
                   + (f"; offerprint's own wording: {s.interface_to_do} texts still in English (translated in "
                      f"{s.interface_path})" if s.interface_to_do else "")
                   + ("; complete" if s.complete else "; not complete"))
        for line, context, msgid in s.unknown:
            click.echo(f"  warning: {display_path(s.path)}:{line}: msgctxt {context!r} msgid {msgid[:50]!r} is not "
                       "English in this offer, so its translation is never printed (copy the msgid exactly from "
                       "offer.yaml, or run translate export to keep it at the end of the file)")
