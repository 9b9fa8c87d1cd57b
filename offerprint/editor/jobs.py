"""The print pack the editor makes for the page: offerprint's own build_pack, run in a process
of its own, its progress followed for the page to poll (:class:`~.state.PackRun`)."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

from ..errors import OfferprintError
from .draft import EditorError
from .state import Editor, PackRun


def _pack_worker(folder: str, out: str, sizes: list[float], formats: list[str] | None, queue,
                 editor_pid: int | None = None) -> None:
    """In its own process: :func:`offerprint.pack.build_pack`, telling the editor how far it is.
    It ends with the editor, however the editor ends (and its workers with it)."""
    from ..lifetime import end_with_parent
    from ..pack import build_pack

    if editor_pid is not None:
        end_with_parent(editor_pid)

    def progress(done: int, total: int, result) -> None:
        state = "made" if result.rendered else ("unchanged" if result.ok else "could not be made")
        queue.put(("progress", done, total, f"{result.job.relpath}: {state}"))

    try:
        pack = build_pack([Path(folder)], Path(out), large_print=sizes, formats=formats, progress=progress)
        files = [r.job.relpath for r in pack.results if r.ok]
        problems = [f"{r.job.relpath}: {r.error}" for r in pack.failures]
        queue.put(("done", not pack.failures, files, [*problems, *pack.notes]))
    except OfferprintError as exc:
        queue.put(("error", exc.format_message()))
    except Exception as exc:  # noqa: BLE001 - said on the page, never lost
        queue.put(("error", f"internal error: {type(exc).__name__}: {exc}"))


def start_pack(ed: Editor, sizes: str) -> None:
    """Make the print pack from the saved offer with offerprint's own build_pack, in the
    background; the page polls its progress. It runs in a fresh process ("spawn"): pack starts
    worker processes, and forking a server that has threads is not safe."""
    import multiprocessing

    if not re.fullmatch(r"\s*\d{2}(\s*,\s*\d{2}){0,5}\s*", str(sizes)):
        raise EditorError("Large print sizes: give point sizes separated by commas, such as 18,24.")
    large_print = [float(size) for size in str(sizes).split(",")]
    with ed.pack_lock:
        if ed.pack.running:
            raise EditorError("The print pack is already being made.", 409)
        ed.pack = run = PackRun(running=True)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    # Not a daemon: pack starts worker processes of its own. It is stopped with the editor.
    process = context.Process(target=_pack_worker,
                              args=(str(ed.draft.folder), str(ed.pack_folder), large_print, ed.pack_formats, queue,
                                    os.getpid()))
    run.process = process

    def follow() -> None:
        import queue as queues

        try:
            process.start()
            while True:
                try:
                    message = queue.get(timeout=1)
                except queues.Empty:
                    if not process.is_alive():
                        run.lines.append("The pack stopped before it finished.")
                        break
                    continue
                if message[0] == "progress":
                    _, run.done, run.total, line = message
                    run.lines.append(line)
                elif message[0] == "done":
                    run.ok, files, notes = message[1], message[2], message[3]
                    run.files = (["README.txt"] if (ed.pack_folder / "README.txt").is_file() else []) + files
                    run.lines += notes
                    run.lines.append(f"Pack in {ed.pack_folder}: {len(files)} documents ready.")
                    break
                else:
                    run.lines.append(f"The pack could not be made: {message[1]}")
                    break
            process.join(timeout=30)
        except Exception as exc:  # noqa: BLE001 - said on the page, never lost
            run.lines.append(f"The pack could not be made: {exc}")
        finally:
            run.running = False
            run.finished = True

    threading.Thread(target=follow, daemon=True).start()


def stop_pack(ed: Editor) -> None:
    """When the editor stops, a pack still being made stops too."""
    process = getattr(ed.pack, "process", None)
    if process is not None and process.is_alive():
        process.terminate()
        process.join(timeout=10)
