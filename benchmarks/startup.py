"""What a command costs from a standing start, in CPU seconds (user + system of the command's
process and of the processes it waited for), the least of several runs: on a shared machine
wall time measures the neighbours, CPU time measures the work.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--before GITREF]

Each command runs as `python -m offerprint ...` in a new process with PYTHONPATH set to the
tree measured. With ``--before GITREF`` the same commands also run, turn about, in a temporary
``git worktree`` of GITREF (same venv, its own examples, templates and fonts), and the table
shows both with their ratio. The aims (issue 23) are printed beside them: ``--version`` and
``check`` of an example within a fixed budget; a cold ``build --format standard`` of an English
example within half of what it cost before. The last column says whether the command imported
WeasyPrint (`--help`, `--version`, `questions`, `new` and `check` never should).

The issue's "before" is the tree before its work began: ``--before 8d9a85f``, the parent of
159860b (issue 23's first commit, the lazy imports); 1af4200^ already has them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "oakfield-primary"  # 22 pages in standard print, English


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]  # after `offerprint`; {example} and {tmp} are filled in
    aim: float | None = None  # CPU seconds; None: see ratio_aim
    ratio_aim: float | None = None  # at most this times the --before figure
    weasyprint: bool = False  # whether the command may import WeasyPrint


COMMANDS = (
    Command("--version", ("--version",), aim=0.15),
    Command("--help", ("--help",)),
    Command("questions", ("questions",)),
    Command("new", ("new", "--questions", "se7-parent", "--kind", "primary", "--name", "Startup School",
                    "--force", "{tmp}/new")),
    Command("check", ("check", "{example}"), aim=0.6),
    Command("build standard", ("build", "{example}", "--format", "standard", "-o", "{tmp}/standard.pdf"),
            ratio_aim=0.5, weasyprint=True),
)

# Run instead of `-m offerprint`: the same entry point, then say whether WeasyPrint was imported.
PROBE = ("import sys, runpy\n"
         "try:\n"
         "    runpy.run_module('offerprint', run_name='__main__', alter_sys=True)\n"
         "finally:\n"
         "    sys.stderr.write('\\nweasyprint-loaded=%s\\n' % ('weasyprint' in sys.modules))\n")


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    start = os.times()
    process = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    end = os.times()
    if process.returncode not in (0, 1):  # check exits 1 when an offer has errors: still a run
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): "
                         f"{process.stderr.decode(errors='replace')[-500:]}")
    cpu = (end.children_user - start.children_user) + (end.children_system - start.children_system)
    return cpu, process.stderr.decode(errors="replace")


class Tree:
    """A source tree to measure: the working tree, or a worktree of another commit."""

    def __init__(self, label: str, root: Path, tmp: Path) -> None:
        self.label, self.root, self.tmp = label, root, tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "PYTHONPATH": str(root)}

    def argv(self, command: Command, probe: bool = False) -> list[str]:
        fill = {"example": str(self.root / EXAMPLE), "tmp": str(self.tmp)}
        args = [a.format(**fill) for a in command.args]
        if probe:
            return [sys.executable, "-c", PROBE, *args]
        return [sys.executable, "-m", "offerprint", *args]

    def weasyprint_loaded(self, command: Command) -> bool:
        _, stderr = run_once(self.argv(command, probe=True), self.env, self.root)
        return "weasyprint-loaded=True" in stderr


def worktree(ref: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(where), ref], check=True)
    return where


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command; the least is shown (default 5)")
    parser.add_argument("--before", metavar="GITREF", help="also measure this commit, in a git worktree")
    parser.add_argument("--only", help="only the commands whose names contain this")
    args = parser.parse_args()
    commands = [c for c in COMMANDS if not args.only or args.only in c.name]

    scratch = Path(tempfile.mkdtemp(prefix="offerprint-startup-"))
    trees = [Tree("now", ROOT, scratch / "now")]
    try:
        if args.before:
            trees.insert(0, Tree(args.before, worktree(args.before, scratch / "before"), scratch / "before-out"))
        for tree in trees:  # a first run of each: byte-code compiled, file caches warm
            for command in commands:
                run_once(tree.argv(command), tree.env, tree.root)
        best: dict[tuple[str, str], float] = {}
        for _ in range(args.runs):
            for command in commands:
                for tree in trees:  # turn about, so a busy moment weighs on both alike
                    cpu, _ = run_once(tree.argv(command), tree.env, tree.root)
                    key = (tree.label, command.name)
                    best[key] = min(best.get(key, cpu), cpu)
        loaded = {(tree.label, c.name): tree.weasyprint_loaded(c) for tree in trees for c in commands}
    finally:
        if args.before:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(scratch / "before")],
                           check=False)
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"CPU seconds (user + system, least of {args.runs} runs), example {EXAMPLE}")
    header = f"{'command':<16}"
    if args.before:
        header += f"{'before':>9}"
    header += f"{'now':>9}"
    if args.before:
        header += f"{'ratio':>8}"
    header += f"  {'aim':<36}{'WeasyPrint loaded'}"
    print(header)
    failed = []
    for command in commands:
        now = best[("now", command.name)]
        line = f"{command.name:<16}"
        before = best.get((args.before, command.name)) if args.before else None
        if args.before:
            line += f"{before:>9.2f}"
        line += f"{now:>9.2f}"
        if args.before:
            line += f"{now / before:>7.2f}x"
        if command.aim is not None:
            aim, met = f"<= {command.aim:.2f} s", now <= command.aim
        elif command.ratio_aim is not None:
            aim = f"<= {command.ratio_aim:g} x before"
            met = None if before is None else now <= command.ratio_aim * before
            if before is not None:
                aim += f" ({command.ratio_aim * before:.2f} s)"
        else:
            aim, met = "-", None
        mark = "" if met is None else (" met" if met else " NOT MET")
        weasy = ("yes" if loaded[("now", command.name)] else "no")
        if args.before:
            weasy = ("yes" if loaded[(args.before, command.name)] else "no") + " -> " + weasy
        line += f"  {aim + mark:<36}{weasy}"
        if met is False or (loaded[("now", command.name)] and not command.weasyprint):
            failed.append(command.name)
        print(line)
    if failed:
        print(f"\nNot met: {', '.join(failed)}")


if __name__ == "__main__":
    main()
