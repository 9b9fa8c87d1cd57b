"""`offerprint import --into`: a school's report fills its started offer, one or a borough's
folder of them at once.

The report is imported as `offerprint import` does it; the setting's facts the started offer
holds (from GIAS, or written by the council: name, URN, kind, ages, kinds of need, address,
phone, web address, the Local Offer) are kept, and where the report says otherwise the import
report asks which is right. In a borough each report finds its setting by a URN in its file name,
else by name (the file's, then the report's own), and one summary says what each still needs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OfferInputError, ReportInputError
from ..new import new_offer_yaml
from ..paths import display_path, inside
from .borough import COUNCIL_FILE

TODO = re.compile(r"\bTODO\b")
# The setting's facts written from GIAS (or by the council) win over what a report says; the
# rest is the report's where the started offer has only TODO.
_SETTING_FACTS = ("address", "phone", "email", "website")
_SENCO_FACTS = ("name", "role", "phone", "email")
_LOCAL_OFFER_FACTS = ("name", "website", "phone", "address")


def _known(value) -> bool:
    return value is not None and not TODO.search(str(value))


def _merged_fill(started, imported) -> dict:
    """The setting and Local Offer facts of the filled offer: the started offer's, else the report's."""
    fill: dict = {"setting.urn": started.setting.urn, "setting.needs": list(started.setting.needs)}
    if started.setting.ages:
        fill["setting.ages"] = (started.setting.ages.youngest, started.setting.ages.oldest)
    for key in _SETTING_FACTS:
        mine, theirs = getattr(started.setting, key), getattr(imported.setting, key)
        fill[f"setting.{key}"] = mine if _known(mine) else theirs if _known(theirs) else None
    mine_senco, their_senco = started.setting.senco, imported.setting.senco
    for key in _SENCO_FACTS:
        mine = getattr(mine_senco, key) if mine_senco else None
        theirs = getattr(their_senco, key) if their_senco else None
        # the started role is only new's default wording: the report's own word for the role wins
        prefer_theirs = key == "role" and _known(theirs)
        fill[f"setting.senco.{key}"] = theirs if prefer_theirs else mine if _known(mine) else theirs if _known(theirs) else None
    for key in _LOCAL_OFFER_FACTS:
        mine, theirs = getattr(started.offer.local_offer, key), getattr(imported.offer.local_offer, key)
        fill[f"offer.local_offer.{key}"] = mine if _known(mine) else theirs if _known(theirs) else None
    return {key: value for key, value in fill.items() if value}


def _replace_block(text: str, donor: str, start: str, end: str) -> str:
    """``text`` with its lines from the one starting ``start`` up to the line ``end`` replaced by
    ``donor``'s (both written by new_offer_yaml, so both have them)."""
    def span(lines: list[str]) -> tuple[int, int]:
        first = next(i for i, line in enumerate(lines) if line.startswith(start))
        return first, lines.index(end, first)

    lines, donor_lines = text.split("\n"), donor.split("\n")
    (a, b), (c, d) = span(lines), span(donor_lines)
    return "\n".join(lines[:a] + donor_lines[c:d] + lines[b:])


def _same(a, b) -> bool:
    return re.sub(r"[^a-z0-9]", "", str(a).lower()) == re.sub(r"[^a-z0-9]", "", str(b).lower())


def import_into(report: str | Path, offer_folder: str | Path, *, force: bool = False, fmt: str = "text",
                today: dt.date | None = None):
    """Fill the started offer in ``offer_folder`` from the school's ``report``: the report's answers
    and details, with the setting's name, URN, kind, ages, kinds of need, address, phone and web
    address kept as the started offer gives them. An offer with answers already written is left as
    it is unless ``force``. Returns (the import's result, offer.yaml, the import report)."""
    from ..importer import import_report, write_import
    from ..load import load_offer

    folder = Path(offer_folder)
    folder = folder.parent if folder.suffix == ".yaml" else folder
    started = load_offer(folder).offer
    answered = [s.id for s in started.sections if not TODO.search(s.answer)]
    if answered and not force:
        raise OfferInputError(f"{display_path(folder / 'offer.yaml')}: already has {len(answered)} answers written, "
                              "so the report was not imported over them (add --force to replace them with the report's)")
    setting = started.setting
    result = import_report(report, started.offer.questions, setting.kind, setting.name, today=today)
    with tempfile.TemporaryDirectory() as empty:
        try:
            imported = load_offer(empty, draft=result.yaml_text.encode("utf-8")).offer
        except OfferInputError as exc:
            raise ReportInputError(f"{report}: import could not make an offer that loads ({exc.problems[0]}); "
                                   "please report this") from None
    fill = _merged_fill(started, imported)
    donor = new_offer_yaml(started.offer.questions, setting.kind, setting.name, today=today, fill=fill)
    text = _replace_block(result.yaml_text, donor, "setting:", "offer:")
    text = _replace_block(text, donor, "  local_offer:", "sections:")
    differ = [f"The report gives the setting's {words} as \"{' '.join(str(theirs).split())}\"; the offer keeps "
              f"\"{' '.join(str(mine).split())}\", as the council had it: check which is right."
              for words, mine, theirs in (("address", setting.address, imported.setting.address),
                                          ("phone number", setting.phone, imported.setting.phone),
                                          ("web address", setting.website, imported.setting.website))
              if _known(mine) and _known(theirs) and not _same(mine, theirs)]
    details = [label for key, label in (
        ("setting.address", "the setting's address"), ("setting.phone", "the setting's phone number"),
        ("setting.email", "the setting's email address"), ("setting.senco.name", "the SENCO's name"),
        ("setting.senco.phone", "the SENCO's phone number"), ("setting.senco.email", "the SENCO's email address"),
        ("offer.local_offer.name", "the Local Offer's name"), ("offer.local_offer.website", "the Local Offer's web address"),
        ("offer.local_offer.phone", "the Local Offer's phone number"),
        ("offer.local_offer.address", "the Local Offer's postal address")) if key not in fill]
    details += [d for d in result.details_missing if d.startswith("when the report was last reviewed")]
    look_first = differ + result.look_first
    result = dataclasses.replace(
        result, yaml_text=text, name=setting.name, look_first=look_first, details_missing=details,
        todo=look_first + [f"Answer \"{w}\": the report did not." for w in result.to_write]
        + [f"Fill in {d}: not found in the report or the started offer." for d in details])
    offer_path, report_path = write_import(result, folder, force=True, fmt=fmt)
    return result, offer_path, report_path


@dataclass
class SettingImport:
    """One setting of a borough, and what the import of its report did."""

    folder: Path
    name: str
    urn: str | None
    report: Path | None = None
    to_answer: int = 0  # questions the report did not answer
    to_fill: int = 0  # details neither GIAS nor the report gave
    to_check: int = 0  # what the import report asks a person to look at first
    problem: str | None = None  # why its report was not imported
    import_report: Path | None = None  # what the import says to look at, beside the offer


@dataclass
class BulkImport:
    settings: list[SettingImport] = field(default_factory=list)
    unmatched: list[tuple[Path, str]] = field(default_factory=list)  # (report, why)

    @property
    def failed(self) -> bool:
        return bool(self.unmatched) or any(s.problem for s in self.settings)


def borough_settings(borough: Path, council_file: Path | None = None) -> list[Path]:
    """The offer folders of a borough: its council.yaml's settings (relative to the borough's
    folder, where council.yaml is), else every folder in it with an offer.yaml."""
    council_file = council_file or borough / COUNCIL_FILE
    if council_file.is_file():
        from ..site import load_council

        folders = []
        for name in load_council(council_file).settings:
            folder = inside(borough, name)
            if folder is None:
                raise OfferInputError(f"{display_path(council_file)}: settings: '{name}' is outside {display_path(borough)} "
                                      "(list the offer folders beside council.yaml)")
            folders.append(folder)
        return folders
    # a folder that is a link to one elsewhere is not the borough's
    return sorted(p.parent for p in borough.glob("*/offer.yaml") if inside(borough, p.parent.name))


def _words(text: str) -> str:
    """A name or file name as words to compare: no report words, years or punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace("'", "")
    noise = {"sen", "send", "sena", "information", "info", "report", "offer", "school", "local", "final", "draft",
             "the", "and", "of", "v", "version", "policy", "updated", "copy"}
    return " ".join(w for w in re.findall(r"[a-z]+", text) if w not in noise)


def match_reports(reports: list[Path], settings: list[SettingImport]) -> tuple[dict[Path, SettingImport],
                                                                                list[tuple[Path, str]]]:
    """Each report's setting: by a URN in its file name, else by its file name against the settings'
    names (rapidfuzz), else by the name the report itself gives. A report that could be two
    settings, or none, is not matched."""
    from rapidfuzz import fuzz

    by_urn = {s.urn: s for s in settings if s.urn}
    matched: dict[Path, SettingImport] = {}
    unmatched: list[tuple[Path, str]] = []

    def by_name(text: str) -> tuple[SettingImport | None, str]:
        wanted = _words(text)
        if not wanted:
            return None, "its name says nothing of the setting"
        scored = sorted(((fuzz.token_set_ratio(wanted, _words(s.name)) + fuzz.ratio(wanted, _words(s.name)) / 10, s)
                         for s in settings), key=lambda pair: -pair[0])
        if not scored or scored[0][0] < 85:
            return None, "no setting of the borough has a name like it"
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 3:
            return None, f"it could be {scored[0][1].name} or {scored[1][1].name}"
        return scored[0][1], ""

    for report in reports:
        urns = [u for u in re.findall(r"(?<![0-9])[0-9]{5,8}(?![0-9])", report.stem) if u in by_urn]
        if urns:
            matched[report] = by_urn[urns[0]]
            continue
        setting, why = by_name(report.stem)
        if setting is None:  # the name the report gives itself (its title, address, copyright line)
            from ..importer import import_report

            try:
                said = import_report(report, "se7-parent", "primary").name
            except OfferInputError as exc:
                unmatched.append((report, exc.format_message().splitlines()[0]))
                continue
            if said != "TODO":
                setting, why_said = by_name(said)
                why = why if setting is None and why_said == "no setting of the borough has a name like it" else why_said
        if setting is None:
            unmatched.append((report, f"not matched to a setting: {why} (put the setting's URN in the file name)"))
        else:
            matched[report] = setting
    return matched, unmatched


def import_borough(reports: str | Path, borough: str | Path, *, force: bool = False, fmt: str = "text",
                   today: dt.date | None = None) -> BulkImport:
    """Each report in ``reports`` (a folder of them, or one file) into the started offer of its
    setting in ``borough``, and what each setting still needs."""
    from ..load import load_offer
    from ..readers import READERS

    reports, borough = Path(reports), Path(borough)
    if not borough.is_dir():
        raise OfferInputError(f"--into {borough}: is not a folder (give the borough's folder, which "
                              "offerprint borough made, or one setting's offer folder)")
    if not reports.exists():
        raise OfferInputError(f"{reports}: does not exist (give the folder of the schools' reports)")
    result = BulkImport()
    for folder in borough_settings(borough):
        try:
            setting = load_offer(folder).offer.setting
        except OfferInputError as exc:
            result.settings.append(SettingImport(folder, folder.name, None, problem=exc.format_message().splitlines()[0]))
            continue
        result.settings.append(SettingImport(folder, setting.name, setting.urn))
    readable = [s for s in result.settings if s.problem is None]
    if not readable:
        raise OfferInputError(f"--into {borough}: holds no offers (start them with offerprint borough first)")
    files = [reports] if reports.is_file() else sorted(p for p in reports.iterdir()
                                                      if p.is_file() and not p.name.startswith((".", "~$")))
    for path in files:
        if path.suffix.lower() not in READERS:
            result.unmatched.append((path, f"not a report offerprint reads ({', '.join(sorted(set(READERS)))})"))
    matched, unmatched = match_reports([p for p in files if p.suffix.lower() in READERS], readable)
    result.unmatched += unmatched
    claimed: dict[int, list[Path]] = {}
    for report, setting in matched.items():
        claimed.setdefault(id(setting), []).append(report)
    for setting in readable:
        found = claimed.get(id(setting), [])
        if len(found) > 1:
            setting.problem = (f"{len(found)} reports are for it ({', '.join(p.name for p in found)}): keep one in the "
                               "folder, or import it on its own with --into its folder")
            continue
        if not found:
            continue
        setting.report = found[0]
        try:
            imported, _offer, setting.import_report = import_into(found[0], setting.folder, force=force, fmt=fmt,
                                                                  today=today)
        except OfferInputError as exc:
            setting.problem = exc.format_message().splitlines()[0]
            continue
        setting.to_answer, setting.to_fill = len(imported.to_write), len(imported.details_missing)
        setting.to_check = len(imported.look_first)
    return result


def bulk_summary(result: BulkImport) -> list[str]:
    """One line per setting: the report it got and what it still needs; then what was not imported."""
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    done = [s for s in result.settings if s.report and not s.problem]
    lines = [f"Imported {count(len(done), 'report')} into {count(len(result.settings), 'setting')}:"]
    for s in done:
        lines.append(f"  {s.name}{f' (URN {s.urn})' if s.urn else ''} <- {s.report.name}: still "
                     f"{count(s.to_answer, 'question')} to answer, {count(s.to_fill, 'detail')} to fill in, "
                     f"{count(s.to_check, 'thing')} to check (see {display_path(s.import_report)})")
    for s in result.settings:
        if s.problem:
            lines.append(f"Not imported: {s.name}: {s.problem}")
    for report, why in result.unmatched:
        lines.append(f"Not imported: {report.name}: {why}")
    waiting = [s.name for s in result.settings if not s.report and not s.problem]
    if waiting:
        lines.append(f"No report yet for {count(len(waiting), 'setting')}: " + ", ".join(waiting[:10])
                     + (f" and {len(waiting) - 10} more" if len(waiting) > 10 else "")
                     + " (their offers are as offerprint borough started them).")
    return lines
