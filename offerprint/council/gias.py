"""Reading the DfE's "Get Information about Schools" (GIAS) establishment CSV: the settings of
one council, with the facts a started offer needs.

GIAS publishes the file in Windows-1252; a copy saved again by a spreadsheet is often UTF-8, so
UTF-8 (with or without a byte order mark) is tried first, which a Windows-1252 file with any
accent or curly quote never passes. The file is read a row at a time with the csv module and
held to limits (its size, its columns, its rows), so that a wrong or hostile file is refused with
one line rather than read into memory.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator

from ..errors import OfferInputError
from ..paths import display_path

# The whole of England's establishments (about 50,000 rows of some 130 columns) is under 100 MB.
MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000

NAME_COLUMN = "EstablishmentName"
REQUIRED = ("URN", NAME_COLUMN, "TypeOfEstablishment (name)", "PhaseOfEducation (name)",
            "EstablishmentStatus (name)", "LA (name)")
ADDRESS_COLUMNS = ("Street", "Locality", "Address3", "Town", "Postcode")
SEN_COLUMNS = tuple(f"SEN{n} (name)" for n in range(1, 14))
# A setting families can choose now; "Proposed to open" is not open yet.
OPEN_STATUSES = frozenset({"open", "open, but proposed to close"})
WHERE_FROM = "download the establishment data CSV from https://get-information-schools.service.gov.uk/Downloads"


@dataclass(frozen=True)
class GiasRow:
    """One establishment, as GIAS records it (text as given, trimmed)."""

    line: int
    urn: str
    name: str
    type: str
    phase: str
    status: str
    la: str
    address_lines: tuple[str, ...]
    phone: str
    website: str
    low_age: str
    high_age: str
    needs: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        return self.status.strip().lower() in OPEN_STATUSES


@dataclass
class GiasCouncil:
    """The rows of one council, and what else the file held (for the summary)."""

    la: str  # as GIAS spells it
    rows: list[GiasRow] = field(default_factory=list)
    file_rows: int = 0
    encoding: str = "utf-8"


def _problem(path: Path, message: str) -> OfferInputError:
    return OfferInputError(f"{display_path(path)}: {message}")


def _records(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each data row, the header checked first."""
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except csv.Error:
            header = None
        header = [cell.strip() for cell in header or []]
        missing = [column for column in REQUIRED if column not in header]
        if len(missing) == len(REQUIRED):
            raise _problem(path, f"is not a GIAS establishment CSV: it has none of the columns {', '.join(REQUIRED)} "
                                 f"({WHERE_FROM})")
        if missing:
            raise _problem(path, f"has no column {', '.join(repr(m) for m in missing)}, which a GIAS establishment "
                                 f"CSV has ({WHERE_FROM}, with every field)")
        if len(header) > MAX_COLUMNS:
            raise _problem(path, f"has {len(header)} columns, more than a GIAS CSV can have ({WHERE_FROM})")
        index = {name: i for i, name in reversed(list(enumerate(header)))}  # the first of a repeated name
        count = 0
        try:
            for cells in reader:
                count += 1
                if count > MAX_ROWS:
                    raise _problem(path, f"has more than {MAX_ROWS:,} rows, more than GIAS lists for all of "
                                         f"England ({WHERE_FROM})")
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > len(header) + 5:
                    raise _problem(path, f"line {reader.line_num}: has {len(cells)} cells for {len(header)} columns "
                                         "(the file is damaged, or a name holds an unquoted comma: save it again "
                                         "as CSV from GIAS)")
                yield reader.line_num, {name: cells[i].strip() if i < len(cells) else "" for name, i in index.items()}
        except csv.Error as exc:
            raise _problem(path, f"line {reader.line_num}: cannot be read as CSV ({exc}): {WHERE_FROM} and give "
                                 "that file as it is") from None


def _row(line: int, record: dict[str, str]) -> GiasRow:
    return GiasRow(
        line=line, urn=record["URN"], name=" ".join(record[NAME_COLUMN].split()),
        type=record["TypeOfEstablishment (name)"], phase=record["PhaseOfEducation (name)"],
        status=record["EstablishmentStatus (name)"], la=record["LA (name)"],
        address_lines=tuple(record[c] for c in ADDRESS_COLUMNS if record.get(c)),
        phone=record.get("TelephoneNum", ""), website=record.get("SchoolWebsite", ""),
        low_age=record.get("StatutoryLowAge", ""), high_age=record.get("StatutoryHighAge", ""),
        needs=tuple(dict.fromkeys(record[c] for c in SEN_COLUMNS if record.get(c))),
    )


def _normal(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def read_council(path: str | Path, la: str) -> GiasCouncil:
    """Every row of council ``la`` (GIAS's "LA (name)", any case) in the CSV at ``path``.

    Raises :class:`OfferInputError`, one line, for a file that is missing, too big, not a GIAS
    CSV or damaged, and for a council the file does not hold (naming the closest it does)."""
    path = Path(path)
    if not path.is_file():
        what = "does not exist" if not path.exists() else "is a folder, not a file"
        raise _problem(path, f"{what} (give the GIAS CSV file: {WHERE_FROM})")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _problem(path, f"is {size / 1_048_576:.0f} MB, more than the {MAX_BYTES // 1_048_576} MB GIAS's "
                             f"establishment CSV for all of England is ({WHERE_FROM})")
    if size == 0:
        raise _problem(path, f"is empty ({WHERE_FROM})")
    wanted = _normal(la)
    if not wanted:
        raise OfferInputError(f"--la: '{la}' is not a council's name (give it as GIAS writes it, for example Stockport)")
    for encoding in ("utf-8-sig", "cp1252"):
        found = GiasCouncil(la=la, encoding=encoding)
        councils: set[str] = set()
        try:
            for line, record in _records(path, encoding):
                found.file_rows += 1
                councils.add(record["LA (name)"])
                if _normal(record["LA (name)"]) == wanted:
                    found.la = record["LA (name)"]
                    found.rows.append(_row(line, record))
        except UnicodeDecodeError:
            continue  # not UTF-8: read it again as GIAS publishes it
        break
    else:
        raise _problem(path, f"is not text in Windows-1252 or UTF-8, so it is not a GIAS CSV ({WHERE_FROM})")
    if not found.rows:
        raise _problem(path, _unknown_council(la, councils))
    return found


def _unknown_council(la: str, councils: set[str]) -> str:
    names = sorted(c for c in councils if c)
    if not names:
        return f"lists no settings at all, so none of '{la}' ({WHERE_FROM})"
    by_normal = {_normal(c): c for c in names}
    close = [by_normal[c] for c in difflib.get_close_matches(_normal(la), list(by_normal), n=3, cutoff=0.6)]
    close += [c for c in names if _normal(la) in _normal(c) and c not in close][: 3 - len(close)]
    if close:
        return f"lists no settings of '{la}' (did you mean {' or '.join(repr(c) for c in close)}? give --la as written)"
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return f"lists no settings of '{la}' (its councils are {shown}: give --la as GIAS writes it)"
