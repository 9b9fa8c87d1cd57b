"""`offerprint pack`: everything a school office hands over, for one or more offers, in one
command.

Each output is a job keyed by a hash of everything it depends on (the offer folder, the
translation, templates, fonts, pictures, offerprint's own code, the options: see
:mod:`offerprint.output_cache`). A job whose output is on disk with the same key (checked
against the manifest and the file's own sha256) is not rendered again; nor is one that any
command made before into another folder (the site after the pack, the editor's pack after a
preview): it is copied from the output cache. Jobs run in worker processes that stay warm
(fonts loaded once). Every file is written atomically, so a pack stopped at any moment leaves
no broken file under its final name, and the next run completes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import time
import zipfile
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .errors import INTERNAL, OfferInputError, OfferprintError, OutputError
from .fileio import check_writable, output_error, write_atomic
from .formats import FORMATS, PDF
from .lifetime import end_if_orphaned, end_with_parent
from .load import LoadedOffer, load_offer
from .paths import display_path, linked_out
from .output_cache import OutputCache, default_cache, document_key, offer_hash, sha256, unchanged
from .render import RenderOptions, render

MANIFEST = "manifest.json"
TEXT_WRAP = 72  # plain text in the pack: lines of at most 72 characters


def default_formats() -> list[str]:
    """The formats a pack holds unless told otherwise (in offerprint.formats: not on_request)."""
    return [f.name for f in FORMATS.values() if not f.on_request]


@dataclass(frozen=True)
class Job:
    offer: str  # path of the offer folder
    slug: str  # the setting's folder name in the pack
    fmt: str
    lang: str
    options: RenderOptions
    relpath: str  # where the output goes, relative to the pack folder
    inputs: str  # hash of everything the output depends on

    @property
    def label(self) -> str:
        return self.relpath


@dataclass
class JobResult:
    job: Job
    ok: bool
    rendered: bool = False  # written in this run (made, or copied from the cache); False: already in the folder
    pages: int | None = None
    bytes: int = 0
    sha256: str = ""
    error: str = ""
    error_kind: str = ""  # the error's category (OfferprintError.kind, or "internal"): what to do is decided on it
    cached: bool = False  # copied from the output cache: made before (by any command), not made again
    # Where the time went (benchmarks/pack.py): the worker's pid and when the job ran there.
    worker: int = 0
    started: float = 0.0
    finished: float = 0.0
    cpu: float = 0.0  # seconds of the worker's CPU the job took

    @property
    def cannot_write(self) -> bool:
        """The pack folder cannot be written: the pack stops."""
        return self.error_kind == OutputError.kind


@dataclass
class PackResult:
    folder: Path
    results: list[JobResult] = field(default_factory=list)
    zip_path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]

    @property
    def rendered(self) -> int:
        """Documents written in this run (made, or copied from the output cache)."""
        return sum(1 for r in self.results if r.ok and r.rendered)

    @property
    def from_cache(self) -> int:
        """Of those, the ones copied from the output cache (made before, not made again)."""
        return sum(1 for r in self.results if r.ok and r.rendered and r.cached)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "offer"


def setting_folders(offers: list[LoadedOffer]) -> list[str]:
    """Each offer's folder in a pack: its setting's name as a slug, and -2, -3... for a second
    and third setting of the same name."""
    used, names = set(), []
    for loaded in offers:
        base = slug(loaded.offer.setting.name)
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names.append(name)
    return names


def plan_jobs(offers: list[LoadedOffer], langs: list[str], large_print: list[float],
              formats: list[str], notes: list[str] | None = None, allow_missing: bool = False,
              draft: bool = False) -> list[Job]:
    """Every output of the pack, in a stable order. A language an offer has no translation
    for is left out, with a note saying how to start one. Plain text is wrapped at 72
    characters (what an email or a braille display expects); ``allow_missing`` makes the easy
    read without the parts that have no easy read text yet; ``draft`` marks every document a draft."""
    from .translate import language, po_path

    jobs = []
    for loaded, name in zip(offers, setting_folders(offers)):
        for lang in [loaded.offer.offer.language, *[l for l in langs if l != loaded.offer.offer.language]]:
            translated = lang != loaded.offer.offer.language
            if translated:
                lang, _locale = language(lang)  # a clear error for a tag nobody knows
                if not po_path(loaded, lang).is_file():
                    if notes is not None:
                        notes.append(f"{loaded.offer.setting.name} has no {lang} translation yet (start one with: "
                                     f"offerprint translate export {loaded.folder} --lang {lang})")
                    continue
            inputs = offer_hash(loaded.folder, lang, loaded.source)
            variants: list[tuple[str, RenderOptions, str]] = []
            for fmt in formats:
                if translated and not FORMATS[fmt].translatable:
                    continue  # braille is English (UEB) only for now
                if FORMATS[fmt].spoken and not _has_voice(lang):
                    if notes is not None and fmt == "audio":  # one note for both
                        notes.append(f"{loaded.offer.setting.name}: no audio in {lang}, as espeak-ng has no voice "
                                     f"for it (the EPUB and the web page can be read aloud by a screen reader)")
                    continue
                lang_option = lang if translated else None
                stem = FORMATS[fmt].stem
                if fmt == "large-print":
                    for size in large_print:
                        variants.append((fmt, RenderOptions(size=size, lang=lang_option, draft=draft),
                                         f"{stem}-{size:g}pt"))
                else:
                    variants.append((fmt, RenderOptions(lang=lang_option, wrap=TEXT_WRAP if fmt == "text" else None,
                                                        allow_missing=allow_missing and fmt == "easy-read",
                                                        draft=draft), stem))
            for fmt, options, stem in variants:
                key = document_key(inputs, fmt, lang, options)
                jobs.append(Job(str(loaded.folder), name, fmt, lang, options,
                                f"{name}/{lang}/{stem}{FORMATS[fmt].extension}", key))
    return jobs


def _has_voice(lang: str) -> bool:
    """Whether espeak-ng can read ``lang`` (when espeak-ng is missing the job says so itself)."""
    from .errors import MissingDependencyError
    from .render.audio import voice_for

    try:
        return voice_for(lang) is not None
    except MissingDependencyError:
        return True


def audio_tracks(path: Path) -> list[tuple[str, int, str]]:
    """(file, seconds, title) of each track of an audio zip in the pack."""
    from .render.audio import read_playlist

    try:
        with zipfile.ZipFile(path) as archive:
            return read_playlist(archive.read("playlist.m3u8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []


# --- workers ---------------------------------------------------------------------------------

def _warm_worker() -> None:
    """Load fonts and templates once per worker, before the first job."""
    from .render import pdf

    pdf.warm_up()




def _start_worker(pack_pid: int) -> None:
    """A worker's first step: end with the pack, however the pack ends, then warm up."""
    end_with_parent(pack_pid)
    _warm_worker()


@functools.lru_cache(maxsize=16)
def _load(folder: str, inputs: str) -> LoadedOffer:
    return load_offer(folder)


def run_job(job: Job, out_dir: str, loaded: LoadedOffer | None = None) -> JobResult:
    """Render one output and write it atomically. Never raises: a failure is a result.
    ``loaded``: the offer as the pack loaded it (sent along, so a worker need not load it again)."""
    timing = dict(worker=os.getpid(), started=time.time())
    cpu = time.process_time()
    try:
        loaded = loaded or _load(job.offer, job.inputs)
        data = render(loaded, job.fmt, job.options)
        target = Path(out_dir) / job.relpath
        end_if_orphaned()
        write_atomic(target, data)
        pages = _count_pages(data) if FORMATS[job.fmt].media_type == PDF else None
        return JobResult(job, True, True, pages, len(data), sha256(data), finished=time.time(),
                         cpu=time.process_time() - cpu, **timing)
    except OfferprintError as exc:  # OutputError among them: the pack stops (JobResult.cannot_write)
        return JobResult(job, False, error=exc.format_message(), error_kind=exc.kind, finished=time.time(), **timing)
    except Exception as exc:  # noqa: BLE001 - one failing job never loses the others
        return JobResult(job, False, error=f"internal error: {type(exc).__name__}: {exc}", error_kind=INTERNAL,
                         finished=time.time(), **timing)


def _count_pages(pdf: bytes) -> int:
    # PDFium reads the page count from the page tree without building pikepdf's objects:
    # under a millisecond against about ten for a 20-page print.
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


# --- the pack ------------------------------------------------------------------------------

def _previous(out: Path) -> dict[str, dict]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {entry["path"]: entry for entry in data.get("files", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _reusable(out: Path, job: Job, previous: dict[str, dict], cache: OutputCache) -> JobResult | None:
    """The job's output as a previous run left it in ``out``, when it is there unchanged (and
    then in the cache too, for other folders and commands); None: make or copy it."""
    entry = previous.get(job.relpath)
    if not entry or entry.get("inputs") != job.inputs:
        return None
    data = unchanged(out / job.relpath, entry.get("sha256"))
    if data is None:
        return None  # missing, changed or damaged on disk: make it again
    if not cache.has(job.inputs):
        cache.put(job.inputs, data, entry.get("pages"), job.fmt)
    return JobResult(job, True, False, entry.get("pages"), len(data), entry["sha256"])


def _from_cache(out: Path, job: Job, cache: OutputCache) -> JobResult | None:
    """The job's output copied from the output cache, when any command made it before."""
    found = cache.get(job.inputs)
    if found is None:
        return None
    pages = found.pages
    if pages is None and FORMATS[job.fmt].media_type == PDF:
        pages = _count_pages(found.data)  # made by a command that did not count them (a preview)
    write_atomic(out / job.relpath, found.data)  # a folder that cannot be written stops the pack here
    return JobResult(job, True, True, pages, len(found.data), sha256(found.data), cached=True)


def _keep(out: Path, result: JobResult, cache: OutputCache) -> None:
    """A document just made, into the cache (read back from the pack: a worker may have made it
    on another machine of a Dask cluster)."""
    if result.ok and result.rendered and not result.cached:
        data = unchanged(out / result.job.relpath, result.sha256)
        if data is not None:
            cache.put(result.job.inputs, data, result.pages, result.job.fmt)


def _clean_partials(out: Path) -> None:
    """Temporary files of a pack that was stopped mid-write."""
    for part in out.rglob(".*.part"):
        try:
            part.unlink(missing_ok=True)
        except OSError as exc:
            raise output_error(part.parent, exc) from None


def _cost(job: Job) -> float:
    """A job's expected render time, to start the long ones first."""
    try:
        size = (Path(job.offer) / "offer.yaml").stat().st_size
    except OSError:
        size = 1
    cost = FORMATS[job.fmt].cost * size  # the format's render time per byte of offer
    if job.fmt == "large-print" and job.options.size:
        cost *= 1 + max(0.0, job.options.size - 18) / 48  # more pages
    if job.options.lang:
        cost *= 1.5  # other scripts: more shaping, and the text layer
    return cost


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill this pack's own worker processes now (shutdown would let running jobs finish)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError):
            pass


def build_pack(offer_paths: list[Path], out: Path, *, langs: Iterable[str] = (),
               large_print: Iterable[float] = (18, 24), formats: Iterable[str] | None = None,
               jobs: int | None = None, make_zip: bool = False,
               progress: Callable[[int, int, JobResult], None] | None = None,
               executor: Executor | None = None, select: Callable[[Job], bool] | None = None,
               allow_missing: bool = False, cache: OutputCache | None = None, draft: bool = False,
               finished_only: bool = True) -> PackResult:
    """Build (or complete) a pack in ``out``. Returns every job's result; never stops at the
    first failure. ``executor`` (e.g. a Dask cluster's) runs the jobs instead of local worker
    processes; ``select`` leaves out planned outputs it returns False for; ``cache``: the
    output cache (default: the one every command shares, see :mod:`offerprint.output_cache`).
    An offer `check` finds errors in is refused (:mod:`offerprint.unfinished`) unless ``draft``
    (every document marked "DRAFT - not checked"); ``finished_only=False``: the caller has left
    such offers out itself (the site)."""
    formats = list(formats or default_formats())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OfferInputError(f"formats: {', '.join(unknown)} cannot go in a pack (use: {', '.join(FORMATS)})")
    # Bad input stops here, before any work. Offers already loaded (offerprint site) are used as they are.
    offers = [p if isinstance(p, LoadedOffer) else load_offer(p) for p in offer_paths]
    if out.exists() and not out.is_dir():
        raise OfferInputError(f"{out}: is a file; give a folder for the pack")
    # The pack folder must not be an offer folder (or inside one): a rebuild never touches inputs.
    for loaded in offers:
        folder = loaded.folder.resolve()
        if out.resolve() == folder or folder in out.resolve().parents:
            raise OfferInputError(f"{out}: is inside the offer folder {loaded.folder}; choose another folder")
    if finished_only and not draft:
        from .unfinished import refuse_unfinished

        for loaded in offers:
            refuse_unfinished(loaded)
    check_writable(out)  # a read-only or unwritable folder is said once, before any work
    _clean_partials(out)
    notes: list[str] = []
    planned = plan_jobs(offers, list(langs), list(large_print), formats, notes, allow_missing, draft)
    if allow_missing and "easy-read" in formats:
        from .easy_read import missing_sections

        for loaded in offers:
            if missing_sections(loaded):
                notes.append(f"the easy read of {loaded.offer.setting.name} leaves out {len(missing_sections(loaded))} "
                             f"part(s) with no easy read text yet ({', '.join(missing_sections(loaded))}); it lists "
                             f"them and says whom to ask (see: offerprint check --easy-read {loaded.folder})")
    if select is not None:
        planned = [job for job in planned if select(job)]
    linked = linked_out(out, sorted({str(Path(job.relpath).parent) for job in planned}))
    if linked:  # writing (and clearing old files) there would happen elsewhere
        raise OutputError(f"{display_path(out / linked)}: is a link to a folder outside the pack folder {display_path(out)}, "
                          "so nothing was written; make it an ordinary folder (or remove it), then run the pack again")
    previous = _previous(out)
    cache = default_cache() if cache is None else cache
    results: dict[str, JobResult] = {}
    todo = []
    for job in planned:
        reused = _reusable(out, job, previous, cache) or _from_cache(out, job, cache)
        if reused:
            results[job.relpath] = reused
        else:
            todo.append(job)
    done = len(results)
    if progress:
        for r in results.values():
            progress(done, len(planned), r)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    by_folder = {str(loaded.folder): loaded for loaded in offers}
    if todo and workers == 1 and executor is None:
        _warm_worker()
        for job in todo:
            result = run_job(job, str(out), by_folder.get(job.offer))
            if result.cannot_write:
                raise OutputError(result.error)  # the disk filled up or went read-only mid-run
            _keep(out, result, cache)
            results[job.relpath] = result
            done += 1
            if progress:
                progress(done, len(planned), result)
    elif todo:
        pool = executor or ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(os.getpid(),))
        futures = []
        try:
            # Longest first: the jobs left at the end are short ones, so neither worker waits
            # long for the other to finish.
            futures = [pool.submit(run_job, job, str(out), by_folder.get(job.offer))
                       for job in sorted(todo, key=_cost, reverse=True)]
            for future in as_completed(futures):
                result = future.result()
                if result.cannot_write:
                    raise OutputError(result.error)  # said once; the other jobs are stopped
                _keep(out, result, cache)
                results[result.job.relpath] = result
                done += 1
                if progress:
                    progress(done, len(planned), result)
        except BaseException:
            # Stopped (Ctrl-C, a full disk): no worker goes on writing after the pack.
            for future in futures:
                future.cancel()
            if executor is None:
                _stop_workers(pool)
            raise
        finally:
            if executor is None:
                pool.shutdown(wait=True, cancel_futures=True)
    if cache.stored:
        cache.prune()
    ordered = [results[j.relpath] for j in planned]
    pack = PackResult(out, ordered, notes=notes)
    _clear_stale(out, previous, pack)
    _write_extras(out, offers, pack)
    _write_manifest(out, pack)
    if make_zip:
        pack.zip_path = _write_zip(out)
    return pack


def _clear_stale(out: Path, previous: dict[str, dict], pack: PackResult) -> None:
    """Remove what the last run made and this one did not (the audio of a run with --audio):
    left there, it went into pack.zip unlisted. Only files of the last manifest, unchanged since
    (a file a person put there or edited is theirs), and the folders they leave empty."""
    from .paths import inside

    made = {r.job.relpath for r in pack.results if r.ok}
    for relpath, entry in previous.items():
        path = inside(out, relpath)
        if relpath in made or path is None or path == out.resolve() or unchanged(path, entry.get("sha256")) is None:
            continue
        try:
            path.unlink()
            for folder in path.parents:
                if folder == out.resolve() or any(folder.iterdir()):
                    break
                folder.rmdir()
        except OSError as exc:
            raise output_error(path.parent, exc) from None


def _write_manifest(out: Path, pack: PackResult) -> None:
    files = []
    for r in pack.results:
        if not r.ok:
            continue
        files.append({
            "path": r.job.relpath,
            "format": r.job.fmt,
            "language": r.job.lang,
            "size": r.job.options.size,
            "pages": r.pages,
            "bytes": r.bytes,
            "sha256": r.sha256,
            "inputs": r.job.inputs,
            "audit": "passed" if FORMATS[r.job.fmt].audited else "not applicable",
        })
        if r.job.fmt == "audio":
            files[-1]["tracks"] = [{"file": f, "seconds": s, "title": t} for f, s, t in audio_tracks(out / r.job.relpath)]
            files[-1]["seconds"] = sum(track["seconds"] for track in files[-1]["tracks"])
    manifest = {
        "offerprint": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "files": files,
        "failed": [{"path": r.job.relpath, "error": r.error, "kind": r.error_kind} for r in pack.failures],
    }
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")




def _write_extras(out: Path, offers: list[LoadedOffer], pack: PackResult) -> None:
    """README.txt for the office (what each file is, for whom, how to print it)."""
    from babel import Locale

    lines = [
        "PRINT PACK: what each file is and how to print it",
        "=" * 49,
        "",
        f"Made by offerprint {__version__} on {_day(dt.date.today())}.",
        "",
        *(["DRAFTS: made with --draft, though `offerprint check` finds errors in the offer. Every file",
           "says \"DRAFT - not checked\": do not hand them to families.", ""]
          if any(r.job.options.draft for r in pack.results) else []),
        "Printing advice",
        "---------------",
        "- Print on A4, single-sided for large print, on matt (not glossy) paper to avoid glare.",
        "- Never enlarge a page to A3 on the photocopier: print the large-print file at the size",
        "  the reader asked for instead. Ask us for a size that is not here.",
        "- Coloured paper: large print can be made on cream, yellow, blue or pink, or yellow on",
        "  black (offerprint build --paper ...).",
        "- Staple in the top left corner; do not bind in a way that stops pages lying flat.",
        "",
    ]
    by_setting: dict[str, list[JobResult]] = {}
    for r in pack.results:
        by_setting.setdefault(r.job.slug, []).append(r)
    for loaded, (setting_slug, results) in zip(offers, by_setting.items()):
        info = loaded.offer.offer
        lines += [f"{loaded.offer.setting.name} (folder {setting_slug}/)", "-" * 60,
                  f"Last reviewed {_day(info.reviewed)}; next review due {_day(info.next_review)}.", ""]
        for r in results:
            title, whom = FORMATS[r.job.fmt].title, FORMATS[r.job.fmt].for_whom
            if r.job.fmt == "large-print":
                title += f", {r.job.options.size:g} point"
            try:
                language = Locale.parse(r.job.lang, sep="-").get_display_name("en")
            except Exception:  # noqa: BLE001 - an unusual tag still gets listed
                language = r.job.lang
            if r.ok:
                pages = f", {r.pages} pages" if r.pages else ""
                lines.append(f"- {r.job.relpath}")
                lines.append(f"  {title} in {language}{pages}: for {whom}.")
                if r.job.fmt == "audio":
                    tracks = audio_tracks(out / r.job.relpath)
                    total = sum(seconds for _, seconds, _ in tracks)
                    lines.append(f"  {len(tracks)} tracks, {_minutes(total)} in all; play playlist.m3u8 for all in order:")
                    lines += [f"    {name}  {_minutes(seconds)}" for name, seconds, _ in tracks]
            else:
                lines.append(f"- {r.job.relpath}: NOT MADE, see the error below.")
        lines.append("")
    if pack.notes:
        lines += ["Languages not made", "-" * 18] + [f"- {note}" for note in pack.notes] + [""]
    if pack.failures:
        lines += ["Files that could not be made", "-" * 28]
        lines += [f"- {r.job.relpath}: {r.error.splitlines()[0]}" for r in pack.failures]
        lines.append("")
    lines += [
        "manifest.json lists every file with its size, pages, checksum and audit result.",
        "Every PDF passed offerprint's accessibility audit when it was made.",
    ]
    write_atomic(out / "README.txt", "\n".join(lines) + "\n")


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _write_zip(out: Path) -> Path:
    from .paths import inside

    target = out.with_suffix(".zip")
    tmp = target.with_name(f".{target.name}.part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(out.rglob("*")):
                # a link to a file elsewhere is not part of the pack: it is never put in the zip
                if path.is_file() and not path.name.endswith(".part") and inside(out, path.relative_to(out)):
                    archive.write(path, Path(out.name) / path.relative_to(out))
        os.replace(tmp, target)  # ZipFile opened it with open(): the user's umask applies
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise output_error(target.parent, exc) from None
    return target
