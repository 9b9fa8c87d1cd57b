"""`offerprint borough`: a council's settings started as offers from Get Information about Schools,
and council.yaml for the hub listing them.

Each open setting of the council gets a folder holding the offer `offerprint new` would write,
with what GIAS knows filled in: name, URN, address, phone, website, kind (from the type of
establishment and phase), the ages it takes and the kinds of need it provides for. Closed
settings, those not open yet and establishments no family chooses (a university, an online
provider) are left out, and the summary says so. Nothing existing is replaced without
``force``. Then the schools' reports fill the started offers (`offerprint import --into`), one
or a whole folder of them at once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OfferInputError
from ..fileio import check_writable, write_atomic
from ..model import OLDEST_AGE, PLACEHOLDER, valid_phone, valid_website
from ..new import new_offer_yaml, question_set_for
from ..pack import slug
from ..paths import display_path, linked_out
from .gias import GiasCouncil, GiasRow, read_council

COUNCIL_FILE = "council.yaml"


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)

# Establishments GIAS lists that publish no SEN information report for families to choose by.
NOT_SETTINGS = frozenset({
    "higher education institutions", "welsh establishment", "offshore schools", "british schools overseas",
    "service children's education", "online provider", "miscellaneous", "secure units",
    "institution funded by other government department",
})


def kind_for(row: GiasRow, ages: tuple[int, int] | None) -> str | None:
    """The kind of setting from GIAS's type of establishment and phase (the ages where the phase
    says nothing, as for most independent schools); None where it is no setting of ours."""
    kind, phase = row.type.strip().lower(), row.phase.strip().lower()
    if kind in NOT_SETTINGS:
        return None
    if "special" in kind:  # maintained, academy, free, non-maintained and independent special schools
        return "special"
    if "referral" in kind or "alternative provision" in kind:
        return "pru"
    if "nursery" in kind or phase == "nursery":
        return "early-years"
    if phase == "16 plus" or kind in {"further education", "sixth form centres"} or re.search(r"16.(19|to 19)", kind):
        return "college"
    by_phase = {"all-through": "all-through", "primary": "primary", "middle deemed primary": "primary",
                "secondary": "secondary", "middle deemed secondary": "secondary"}
    if phase in by_phase:
        return by_phase[phase]
    if ages is None:
        return None
    youngest, oldest = ages
    if oldest <= 5:
        return "early-years"
    if youngest >= 16:
        return "college"
    if oldest <= 11:
        return "primary"
    return "secondary" if youngest >= 10 else "all-through"


def ages_for(row: GiasRow) -> tuple[int, int] | None:
    """GIAS's statutory low and high ages, when both are given and make sense. A college's "99"
    (no upper age) is the end of SEND support, 25."""
    if not (row.low_age.isdigit() and row.high_age.isdigit()):
        return None
    youngest, oldest = int(row.low_age), min(int(row.high_age), OLDEST_AGE)
    return (youngest, oldest) if youngest <= oldest else None


def phone_for(text: str) -> str | None:
    """GIAS's number ("01614771234") as people read it ("0161 477 1234"); None if it is none."""
    digits = re.sub(r"[^0-9+]", "", text)
    if len(digits) == 10 and not digits.startswith("0"):
        digits = "0" + digits  # a spreadsheet took the leading 0 off
    if len(digits) == 11 and digits.startswith("0"):
        if digits.startswith("02"):
            text = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        elif digits[:3] == "011" or digits[3] == "1" or digits[1] in "389":
            text = f"{digits[:4]} {digits[4:7]} {digits[7:]}"
        else:
            text = f"{digits[:5]} {digits[5:]}"
    try:
        return valid_phone(text) if text.strip() else None
    except ValueError:
        return None


def website_for(text: str) -> str | None:
    """GIAS's web address in full ("www.school.org.uk" -> "https://www.school.org.uk"); None if it is none."""
    text = text.strip()
    if text and not re.match(r"(?i)^https?://", text):
        text = "https://" + text.lstrip("/")
    try:
        return valid_website(text) if text else None
    except ValueError:
        return None


def folder_name(row: GiasRow) -> str:
    """The setting's offer folder: its name in plain letters ("St Mary’s" -> st-marys, "Renée" ->
    renee) and its URN, which keeps two settings of the same name apart."""
    letters = unicodedata.normalize("NFKD", row.name).encode("ascii", "ignore").decode()
    plain = slug(letters.replace("'", "").replace("\u2019", ""))
    return f"{plain[:60].rstrip('-')}-{row.urn}"


@dataclass
class Started:
    row: GiasRow
    kind: str
    folder: Path
    kept: bool = False  # an offer was there already: left as it was


@dataclass
class BoroughResult:
    council: GiasCouncil
    folder: Path
    started: list[Started] = field(default_factory=list)
    left_out: list[tuple[GiasRow, str]] = field(default_factory=list)  # (row, why)
    notes: list[str] = field(default_factory=list)
    council_file: Path | None = None
    council_kept: bool = False
    council_details: bool = False  # council.yaml has the council's details (else TODO)

    @property
    def settings(self) -> list[str]:
        """The offer folders, relative to the borough folder, as council.yaml lists them."""
        return [s.folder.name for s in self.started]


def _fill(row: GiasRow, ages: tuple[int, int] | None, source: Path, local_offer: dict) -> tuple[dict, list[str]]:
    """What the started offer knows from GIAS, and a note for each fact GIAS gave that cannot be used."""
    fill: dict = {"setting.urn": row.urn, "setting.needs": list(row.needs), **local_offer,
                  "header": [f"# Started by 'offerprint borough' from Get Information about Schools (URN {row.urn}, "
                             f"{source.name} line {row.line}): its name, address, phone, web address, ages and kinds "
                             "of need are GIAS's."]}
    notes = []
    if ages:
        fill["setting.ages"] = ages
    if row.address_lines:
        fill["setting.address"] = "\n".join(row.address_lines)
    phone, website = phone_for(row.phone), website_for(row.website)
    if phone:
        fill["setting.phone"] = phone
    elif row.phone:
        notes.append(f"{row.name}: GIAS's phone number '{row.phone}' is not one, so the offer says TODO")
    if website:
        fill["setting.website"] = website
    elif row.website:
        notes.append(f"{row.name}: GIAS's web address '{row.website}' is not one, so the offer leaves it out")
    return fill, notes


def _local_offer(council_details, la: str) -> dict:
    """The Local Offer's contact, from the council's details when given."""
    if council_details is None:
        return {}
    return {"offer.local_offer.name": f"{la} Local Offer", "offer.local_offer.website": council_details.website,
            "offer.local_offer.phone": council_details.phone, "offer.local_offer.address": council_details.address}


def _check_started(text: str, name: str) -> None:
    """A started offer loads in `offerprint check` (read from memory, in an empty folder)."""
    from ..load import load_offer

    with tempfile.TemporaryDirectory() as empty:
        try:
            load_offer(empty, draft=text.encode("utf-8"))
        except OfferInputError as exc:
            raise OfferInputError(f"{name}: the offer started from GIAS does not load ({exc.problems[0]}); please "
                                  "report this, and start this setting with offerprint new") from None


def start_borough(gias: str | Path, la: str, out: str | Path, *, set_id: str = "se7-parent",
                  council: Path | None = None, force: bool = False, today: dt.date | None = None) -> BoroughResult:
    """Start one offer in ``out`` per open setting of council ``la`` in the GIAS CSV ``gias``, and
    ``out``/council.yaml listing them (details from the ``council`` file when given, else TODO).

    An existing offer.yaml is kept as it is unless ``force`` (and said so); so is council.yaml."""
    gias, out = Path(gias), Path(out)
    question_set_for(set_id, "primary")  # a wrong --questions is said before the file is read
    details = None
    if council is not None:
        from ..site import load_council

        details = load_council(council)
    found = read_council(gias, la)
    today = today or dt.date.today()
    result = BoroughResult(found, out, council_details=details is not None)
    seen: set[str] = set()
    for row in found.rows:
        if not row.is_open:
            result.left_out.append((row, row.status.lower() or "no status"))
            continue
        if not row.urn.isdigit() or row.urn in seen:
            why = f"URN '{row.urn}' is not a URN" if not row.urn.isdigit() else f"URN {row.urn} is listed twice"
            result.left_out.append((row, why))
            continue
        ages = ages_for(row)
        kind = kind_for(row, ages)
        if kind is None:
            result.left_out.append((row, "not a school or college that publishes an SEN information report"
                                    if row.type.strip().lower() in NOT_SETTINGS else
                                    "of a kind that cannot be told from GIAS (start it with offerprint new)"))
            continue
        if not row.name:
            result.left_out.append((row, "it has no name"))
            continue
        seen.add(row.urn)
        result.started.append(Started(row, kind, out / folder_name(row)))
    if not result.started:
        raise OfferInputError(f"{display_path(gias)}: lists no open setting of {found.la} "
                              f"({len(found.rows)} closed or not yet open): check --la, or download the file again")
    check_writable(out)
    linked = linked_out(out, [s.folder.name for s in result.started])
    if linked:  # its offer.yaml would be written elsewhere
        raise OfferInputError(f"{display_path(out / linked)}: is a link to a folder outside the borough's folder "
                              f"{display_path(out)}, so nothing was written; make it an ordinary folder (or remove it) "
                              "and run borough again")
    for started in result.started:
        target = started.folder / "offer.yaml"
        if target.exists() and not force:
            started.kept = True
            continue
        fill, notes = _fill(started.row, ages_for(started.row), gias, _local_offer(details, found.la))
        result.notes += notes
        text = new_offer_yaml(set_id, started.kind, started.row.name, today=today, fill=fill)
        _check_started(text, started.row.name)
        write_atomic(target, text)
    result.council_file = out / COUNCIL_FILE
    if result.council_file.exists() and not force:
        result.council_kept = True
        from ..site import load_council

        listed = set(load_council(result.council_file).settings)
        missing = [name for name in result.settings if name not in listed]
        if missing:
            result.notes.append(f"{display_path(result.council_file)} was kept as it was; add to its settings: "
                                + ", ".join(missing) + " (or add --force to write it again)")
    else:
        write_atomic(result.council_file, council_yaml(result, details, gias, today))
    return result


def council_yaml(result: BoroughResult, details, gias: Path, today: dt.date) -> str:
    """council.yaml for the hub: the council's contact details (TODO until the Local Offer team
    writes them) and its settings' offer folders."""
    name = details.name if details else result.council.la
    lines = [f"# {name}: the council's details for its \"Support for Learners\" hub, and its settings' offers.",
             f"# Started by 'offerprint borough' on {today:%d %B %Y} from {gias.name} (Get Information about "
             f"Schools): {len(result.started)} open settings.",
             *((["# Replace every TODO with the Local Offer team's details (families phone or write here for any "
                 "setting's", "# information on paper, in large print, easy read, braille or another language)."])
               if details is None else []),
             "# Then build the hub: offerprint site --council THIS-FILE -o SITE-FOLDER",
             "", f"name: {_q(name)}",
             f"phone: {_q(details.phone) if details else PLACEHOLDER}",
             "address: |", *[f"  {line}" for line in (details.address if details else PLACEHOLDER).strip().splitlines()],
             f"email: {_q(details.email) if details else PLACEHOLDER}",
             f"website: {_q(details.website) if details else PLACEHOLDER}",
             "", "# The offer folders, beside this file: one per open setting.", "settings:"]
    lines += [f"  - {_q(folder)}" for folder in result.settings]
    return "\n".join(lines) + "\n"


def row_status(reason: str) -> bool:
    """Whether a reason for leaving a row out is its status (closed ...), said as a count only."""
    return reason in {"closed", "proposed to open", "no status"}


def summary(result: BoroughResult) -> list[str]:
    """What `offerprint borough` says it did, in a few lines."""
    written = [s for s in result.started if not s.kept]
    kinds = Counter(s.kind for s in written)
    lines = [f"Started {len(written)} offers for {result.council.la} in {display_path(result.folder)}/"
             + (f" ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})" if kinds else "") + "."]
    kept = [s for s in result.started if s.kept]
    if kept:
        lines.append(f"Kept {len(kept)} offers already there as they were (add --force to start them again).")
    if result.left_out:
        why: dict[str, list[str]] = {}
        for row, reason in result.left_out:
            why.setdefault(reason, []).append(row.name)
        lines.append(f"Left out {len(result.left_out)} of the council's {len(result.council.rows)} establishments: "
                     + "; ".join(f"{len(names)} {reason}" + ("" if row_status(reason) else f" ({', '.join(names)})")
                                 for reason, names in sorted(why.items(), key=lambda item: -len(item[1]))) + ".")
    lines += [f"Note: {note}" for note in result.notes]
    council_file = display_path(result.council_file) if result.council_file else COUNCIL_FILE
    todo = "" if result.council_kept or result.council_details else "fill in its TODOs, then "
    lines.append(f"{council_file} lists them" + (" (kept as it was)" if result.council_kept else "")
                 + f". Next: {todo}run: offerprint site --council {council_file} -o site; the schools' reports go in "
                 f"with: offerprint import --into {display_path(result.folder)} REPORTS-FOLDER")
    return lines

