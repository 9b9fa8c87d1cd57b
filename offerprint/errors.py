"""One error type per kind of failure; the CLI renders them.

Every error offerprint raises on purpose derives from :class:`OfferprintError`, a
``click.ClickException``, so the CLI prints its message (never a traceback) and exits with the
error's own code:

* 2 - bad input (the offer, a translation or an option cannot be used);
* 3 - a render or audit failed;
* 4 - a system dependency is missing;
* 5 - an output cannot be written (a read-only or full disk, no permission).

Each class also has a ``kind``, a word naming its category, that outlives the exception: a
pack job's result carries it (:attr:`offerprint.pack.JobResult.error_kind`, across worker
processes and Dask), so what to do about a failure is decided by its kind, never by matching
the words of its message.
"""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, with where it is and how to fix it."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.fix:
            text += f" ({self.fix})"
        return text


class OfferprintError(click.ClickException):
    """Base class: a failure offerprint explains to the user itself."""

    exit_code = 1
    kind = "error"

    def show(self, file=None) -> None:  # no "Error:" prefix: our lines already say what is wrong
        click.echo(self.format_message(), err=True, file=file)


class OfferInputError(OfferprintError):
    """An input (offer, translation, option) cannot be used. Carries every problem found."""

    exit_code = 2
    kind = "input"

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ReportInputError(OfferInputError):
    """A school's existing report (to import) cannot be read: empty, damaged, locked, a scan."""

    kind = "report-input"


class MissingEasyReadError(OfferInputError):
    """Sections have no easy read text yet: the easy read is made without them only when asked
    (``--allow-missing``)."""

    kind = "missing-easy-read"


class UnsafeReferenceError(OfferprintError):
    """A document referred to something outside what offerprint may read."""

    exit_code = 2
    kind = "unsafe-reference"


class RenderError(OfferprintError):
    """A document could not be rendered."""

    exit_code = 3
    kind = "render"


class AuditError(RenderError):
    """A rendered document failed its accessibility audit."""

    kind = "audit"

    def __init__(self, output_name: str, problems: list[str]):
        self.problems = problems
        lines = [f"{output_name} failed its accessibility audit, so it was not written:"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


class MissingDependencyError(OfferprintError):
    """A program or system library offerprint needs is not installed."""

    exit_code = 4
    kind = "missing-dependency"


class OutputError(OfferprintError):
    """An output cannot be written: its folder is read-only, the disk is full, or the user may
    not write there. Says which folder and why, once; whatever was written is whole."""

    exit_code = 5
    kind = "output"


# A failure that is not one of the above: a bug, said as one line (pack jobs, the CLI's last
# line of defence); not a class, as nothing raises it on purpose.
INTERNAL = "internal"
