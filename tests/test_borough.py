"""A borough started from Get Information about Schools, and the schools' reports imported into
it (issue #27, points 4 and 5).

The GIAS CSV is tests/fixtures/gias/make_gias.py's: 200 rows over five councils, with closed
and not-yet-open settings, a university and Windows-1252 names; the generator also says which
rows `offerprint borough --la Stockport` must start, and with what kind, ages and needs.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from offerprint.check import check_offer
from offerprint.cli import main
from offerprint.council import gias as gias_module
from offerprint.council.borough import ages_for, kind_for, phone_for, start_borough, website_for
from offerprint.council.borough_import import borough_settings, import_borough, import_into
from offerprint.council.gias import GiasRow, read_council
from offerprint.errors import OfferInputError
from offerprint.load import load_offer
from offerprint.model import json_schema
from offerprint.new import new_offer_yaml
from offerprint.site import KIND_AGES, SettingEntry, hub_page, load_council

HERE = Path(__file__).parent
REPORTS = HERE / "fixtures" / "import"
TODAY = dt.date(2026, 9, 1)

_spec = importlib.util.spec_from_file_location("make_gias", HERE / "fixtures" / "gias" / "make_gias.py")
make_gias = sys.modules["make_gias"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_gias)
ROWS = make_gias.make_rows()
EXPECTED = {r.values["EstablishmentName"]: r for r in ROWS if r.starts}


@pytest.fixture(scope="module")
def gias_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gias") / "edubasealldata.csv"
    path.write_bytes(make_gias.csv_bytes(ROWS))
    return path


@pytest.fixture(scope="module")
def borough(gias_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("borough") / "stockport"
    result = start_borough(gias_csv, "Stockport", out, today=TODAY)
    return result, {s.row.name: load_offer(s.folder) for s in result.started}


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


# --- the fixture ------------------------------------------------------------------------------

def test_the_fixture_is_the_generators_and_as_gias_publishes_it():
    data = make_gias.CSV_FILE.read_bytes()
    assert data == make_gias.csv_bytes(ROWS), "run tests/fixtures/gias/make_gias.py again"
    assert len(ROWS) == 200 and len({r.values["LA (name)"] for r in ROWS}) == 5
    assert b"St Mary\x92s" in data and b"Ren\xe9e" in data  # Windows-1252, not UTF-8
    stockport = [r for r in ROWS if r.values["LA (name)"] == "Stockport"]
    assert {r.values["EstablishmentStatus (name)"] for r in stockport} == set(make_gias.STATUS_CODES)


# --- starting the borough ----------------------------------------------------------------------

def test_it_starts_exactly_the_open_settings_of_the_council(borough):
    result, offers = borough
    assert len(EXPECTED) == 36
    assert sorted(offers) == sorted(EXPECTED)  # no closed, proposed, university or other council's row
    assert "St Mary\u2019s Catholic Primary School" in offers and "Renée Lewis Nursery School" in offers
    assert {row.name for row, _ in result.left_out} >= {"Hazel Grove Primary School", "Cale Green Primary School",
                                                        "University of Stockport"}
    for name, loaded in offers.items():
        row, setting = EXPECTED[name], loaded.offer.setting
        assert setting.urn == row.values["URN"]
        assert setting.kind == row.kind, name
        assert (setting.ages.youngest, setting.ages.oldest) if setting.ages else None == row.ages, name
        needs = [row.values[f"SEN{n} (name)"] for n in range(1, 14) if row.values[f"SEN{n} (name)"]]
        assert setting.needs == needs, name
        assert setting.address.splitlines()[0] == row.values["Street"]
        assert setting.address.splitlines()[-1] == row.values["Postcode"]
    highfields = offers["Highfields Special School"].offer.setting
    assert highfields.phone == "0161 483 1006" and highfields.website == "https://www.highfields.example.sch.uk"
    assert len(highfields.needs) == 4
    assert offers["Stockport Sixth Form College"].offer.setting.ages.oldest == 25  # GIAS's 99
    assert offers["Reddish Vale Technology College"].offer.setting.ages is None  # GIAS gives no ages
    assert offers["Lyme Independent School"].offer.setting.kind == "primary"  # from its ages, phase not applicable
    assert offers["Oakwood Independent Special School"].offer.setting.phone == "TODO"  # GIAS's "not known"
    assert {s.folder.name for s in result.started} >= {"st-marys-catholic-primary-school-106002",
                                                        "renee-lewis-nursery-school-106005"}


def test_started_offers_check_only_for_what_is_still_to_write(borough):
    """Each started offer gets the findings of an offer `new` starts, less the facts GIAS gave."""
    _result, offers = borough
    for name in ("Highfields Special School", "Abbey Hey Primary School", "Stockport Sixth Form College",
                 "Heaton Learning Centre", "Renée Lewis Nursery School"):
        loaded = offers[name]
        setting = loaded.offer.setting
        plain_dir = loaded.folder.parent.parent / f"plain-{setting.kind}"
        plain_dir.mkdir(exist_ok=True)
        (plain_dir / "offer.yaml").write_text(new_offer_yaml("se7-parent", setting.kind, name, today=TODAY))
        findings = {(f.level, f.quality, f.field, f.message) for f in check_offer(loaded, TODAY).findings}
        plain = {(f.level, f.quality, f.field, f.message)
                 for f in check_offer(load_offer(plain_dir), TODAY).findings}
        assert findings <= plain, findings - plain
        filled = {f for f in plain - findings}
        assert ("error", "comprehensive", "setting.address", "still says TODO") in filled
        odd = [(level, message) for level, _q, _f, message in findings
               if not (level == "note" or "TODO" in message or "not covered" in message or "missing" in message
                       or "easy read" in message or "no timescales" in message or "does not say how" in message
                       or "who approved it" in message)]
        assert not odd, odd


def test_council_yaml_lists_them_for_the_hub(borough):
    result, offers = borough
    council = load_council(result.council_file)
    assert council.name == "Stockport" and council.phone == "TODO"
    assert sorted(council.settings) == sorted(s.folder.name for s in result.started)
    folders = borough_settings(result.folder)
    assert sorted(p.name for p in folders) == sorted(council.settings)
    assert all((folder / "offer.yaml").is_file() for folder in folders)


def test_the_hub_shows_them_with_their_own_ages(borough):
    _result, offers = borough
    entries = [SettingEntry(loaded, loaded.folder.name, check_offer(loaded, TODAY)) for loaded in offers.values()
               if loaded.offer.setting.kind in {"special", "secondary"}]
    by_name = {e.setting.name: e for e in entries}
    assert by_name["Highfields Special School"].ages == (2, 19)
    assert by_name["Reddish Vale Technology College"].ages == KIND_AGES["secondary"]
    assert "0-to-4" not in by_name["Bramhall High School"].bands
    council = load_council(_result.council_file)
    groups = [("special", ("Special schools", "Special school"),
               [e for e in entries if e.setting.kind == "special"]),
              ("secondary", ("Secondary schools", "Secondary school"),
               [e for e in entries if e.setting.kind == "secondary"])]
    page = hub_page("site/index.html.j2", council, "", scripts=True, scope=None, groups=groups, entries=entries)
    text = page.decode()
    for group in groups:
        for entry in group[2]:
            assert html.escape(entry.setting.name) in text
    assert "Special school, ages 2 to 19" in text  # from GIAS
    assert "Secondary school, usually ages 11 to 16" in text  # Reddish Vale: GIAS gives no ages


def test_existing_offers_are_kept_unless_forced(borough, gias_csv):
    result, _offers = borough
    target = result.started[0].folder / "offer.yaml"
    council_file = result.council_file
    target.write_text(target.read_text() + "# the school's own edit\n")
    again = run("borough", "--gias", gias_csv, "--la", "stockport", "-o", result.folder)
    assert again.exit_code == 0, again.output
    assert "Kept 36 offers" in again.output and "Started 0 offers" in again.output
    assert target.read_text().endswith("# the school's own edit\n")
    assert load_council(council_file).settings  # kept
    forced = run("borough", "--gias", gias_csv, "--la", "Stockport", "-o", result.folder, "--force")
    assert forced.exit_code == 0 and "Started 36 offers" in forced.output
    assert "the school's own edit" not in target.read_text()


# --- what GIAS says, mapped ----------------------------------------------------------------------

def _row(type_: str, phase: str, low: str = "", high: str = "", phone: str = "", website: str = "") -> GiasRow:
    return GiasRow(2, "100001", "A School", type_, phase, "Open", "Stockport", (), phone, website, low, high, ())


def test_kinds_ages_phones_and_websites():
    cases = [(("Community school", "Primary"), "primary"), (("Academy converter", "Secondary"), "secondary"),
             (("Foundation special school", "Not applicable"), "special"),
             (("Academy alternative provision converter", "Not applicable"), "pru"),
             (("Local authority nursery school", "Nursery"), "early-years"),
             (("Further education", "16 plus"), "college"), (("Academy 16-19 converter", "16 plus"), "college"),
             (("Free schools", "All-through"), "all-through"), (("Online provider", "Not applicable"), None),
             (("Other independent school", "Not applicable"), None)]
    for (type_, phase), kind in cases:
        assert kind_for(_row(type_, phase), None) == kind, type_
    assert kind_for(_row("Other independent school", "Not applicable"), (11, 18)) == "secondary"
    assert kind_for(_row("Other independent school", "Not applicable"), (3, 18)) == "all-through"
    assert ages_for(_row("x", "y", "16", "99")) == (16, 25)
    assert ages_for(_row("x", "y", "11", "4")) is None and ages_for(_row("x", "y", "", "11")) is None
    assert phone_for("01614771234") == "0161 477 1234" and phone_for("02079460000") == "020 7946 0000"
    assert phone_for("01625123456") == "01625 123456" and phone_for("1614771234") == "0161 477 1234"
    assert phone_for("not known") is None and phone_for("") is None
    assert website_for("www.school.example.org") == "https://www.school.example.org"
    assert website_for("http://school.example.org/") == "http://school.example.org/"
    assert website_for("none") is None and website_for("") is None


def test_a_utf8_copy_reads_the_same(tmp_path):
    path = tmp_path / "saved-by-excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + make_gias.csv_bytes(ROWS, "utf-8"))
    council = read_council(path, "STOCKPORT")
    assert council.la == "Stockport" and council.encoding == "utf-8-sig"
    assert "St Mary\u2019s Catholic Primary School" in {r.name for r in council.rows}
    cp1252 = tmp_path / "gias.csv"
    cp1252.write_bytes(make_gias.csv_bytes(ROWS))
    assert read_council(cp1252, "Stockport").encoding == "cp1252"
    assert [r.name for r in read_council(cp1252, "Stockport").rows] == [r.name for r in council.rows]


# --- files that are not right: one plain line, exit 2 -----------------------------------------------

def test_bad_files_get_one_plain_line(tmp_path, gias_csv, monkeypatch):
    out = tmp_path / "out"
    line = one_line(run("borough", "--gias", gias_csv, "--la", "Stockprt", "-o", out))
    assert "lists no settings of 'Stockprt'" in line and "did you mean 'Stockport'" in line
    assert "'Bristol, City of'" in one_line(run("borough", "--gias", gias_csv, "--la", "Bristol", "-o", out))
    line = one_line(run("borough", "--gias", gias_csv, "--la", "Westminster", "-o", out))
    assert "its councils are" in line and "Tameside" in line

    missing = tmp_path / "no-la.csv"
    text = make_gias.csv_bytes(ROWS).decode("cp1252").replace("LA (name)", "Local authority", 1)
    missing.write_bytes(text.encode("cp1252"))
    line = one_line(run("borough", "--gias", missing, "--la", "Stockport", "-o", out))
    assert "has no column 'LA (name)'" in line and "no-la.csv" in line

    report = tmp_path / "report.csv"
    report.write_text("setting,status\nOakfield,passes\n")
    assert "is not a GIAS establishment CSV" in one_line(run("borough", "--gias", report, "--la", "x", "-o", out))
    picture = tmp_path / "logo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert "not text in Windows-1252 or UTF-8" in one_line(run("borough", "--gias", picture, "--la", "x", "-o", out))
    assert "does not exist" in one_line(run("borough", "--gias", tmp_path / "nope.csv", "--la", "x", "-o", out))

    damaged = tmp_path / "damaged.csv"
    damaged.write_bytes(make_gias.csv_bytes(ROWS[:3]) + b"1,2,3" + b",x" * 200 + b"\r\n")
    assert "line 5: has 203 cells" in one_line(run("borough", "--gias", damaged, "--la", "Stockport", "-o", out))
    monkeypatch.setattr(gias_module, "MAX_BYTES", 1000)
    assert "more than the 0 MB" in one_line(run("borough", "--gias", gias_csv, "--la", "Stockport", "-o", out))
    monkeypatch.setattr(gias_module, "MAX_BYTES", 200 * 1024 * 1024)
    monkeypatch.setattr(gias_module, "MAX_ROWS", 50)
    assert "more than 50 rows" in one_line(run("borough", "--gias", gias_csv, "--la", "Stockport", "-o", out))
    assert not out.exists()  # nothing was started from a file that was refused


def test_the_model_takes_urn_ages_and_needs_and_says_plainly_when_wrong(tmp_path):
    base = new_offer_yaml("se7-parent", "primary", "Oakfield Primary School", today=TODAY)
    properties = json_schema()["$defs"]["Setting"]["properties"]
    assert {"urn", "ages", "needs"} <= set(properties)
    for given, expected in (('  urn: "12AB"', "setting.urn: is not a URN"),
                            ("  ages: {youngest: 11, oldest: 4}", "setting.ages: has the youngest age above the oldest"),
                            ("  ages: {youngest: 4, oldest: 40}", "setting.ages.oldest: is not an age in years"),
                            ("  ages: {youngst: 4, oldest: 11}", "did you mean 'youngest'?")):
        (tmp_path / "offer.yaml").write_text(base.replace("  kind: primary\n", f"  kind: primary\n{given}\n"))
        with pytest.raises(OfferInputError) as caught:
            load_offer(tmp_path)
        assert expected in str(caught.value), (given, str(caught.value))
    (tmp_path / "offer.yaml").write_text(base.replace(
        "  kind: primary\n", "  kind: primary\n  urn: 106123\n  ages: {youngest: 3, oldest: 11}\n"))
    setting = load_offer(tmp_path).offer.setting
    assert setting.urn == "106123" and (setting.ages.youngest, setting.ages.oldest) == (3, 11)


# --- the schools' reports into the borough ----------------------------------------------------------

@pytest.fixture()
def small_borough(borough, tmp_path):
    """A copy of three of the borough's started offers (imports change them)."""
    result, _offers = borough
    out = tmp_path / "borough"
    names = ["Abbey Hey Primary School", "Bramhall High School", "Highfields Special School"]
    folders = [s.folder for s in result.started if s.row.name in names]
    for folder in folders:
        shutil.copytree(folder, out / folder.name)
    return out


def test_import_into_keeps_the_settings_facts_and_takes_the_answers(small_borough):
    folder = next(small_borough.glob("abbey-hey-*"))
    before = load_offer(folder).offer.setting
    result, offer_path, report_path = import_into(REPORTS / "brookside-primary.docx", folder, today=TODAY)
    after = load_offer(folder).offer
    for field in ("name", "kind", "urn", "ages", "address", "phone", "website", "needs"):
        assert getattr(after.setting, field) == getattr(before, field), field
    assert after.setting.email == "office@brookside.example.org"  # GIAS has none: the report's
    assert after.setting.senco.name == "Mrs Helen Okafor"
    answered = [s.id for s in after.sections if "TODO" not in s.answer]
    assert len(answered) >= 10
    report = report_path.read_text()
    assert "The report gives the setting's address as \"Brookside Primary School Brook Lane" in report
    assert f'the offer keeps "{" ".join(before.address.split())}"' in report
    assert "the setting's address" not in result.details_missing
    assert "the Local Offer's postal address" in result.details_missing  # neither GIAS nor the report gave it
    again = run("import", "--into", folder, REPORTS / "brookside-primary.docx")
    assert "already has" in one_line(again) and "--force" in one_line(again)
    assert "--questions" in one_line(run("import", "--into", folder, REPORTS / "brookside-primary.docx",
                                         "--questions", "se7-parent"))


def test_a_folder_of_reports_goes_into_the_borough_in_one_command(small_borough, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(REPORTS / "brookside-primary.docx", reports / "106001 SEN information report.docx")
    shutil.copy(REPORTS / "hollins-high.html", reports / "Bramhall-High-SEND-report-2026.html")
    shutil.copy(REPORTS / "parkfield-academy.md", reports / "parkfield.md")  # names no setting of the borough
    (reports / "minutes.xlsx").write_bytes(b"PK\x03\x04")
    outcome = run("import", "--into", small_borough, reports)
    assert outcome.exit_code == 2, outcome.output
    lines = outcome.output.splitlines()
    assert lines[0] == "Imported 2 reports into 3 settings:"
    abbey = next(line for line in lines if line.startswith("  Abbey Hey Primary School (URN 106001)"))
    assert "<- 106001 SEN information report.docx: still" in abbey and "questions to answer" in abbey
    assert any(line.startswith("  Bramhall High School (URN 106003) <- Bramhall-High-SEND") for line in lines)
    assert any(line.startswith("Not imported: parkfield.md: not matched") for line in lines)
    assert any(line.startswith("Not imported: minutes.xlsx: not a report") for line in lines)
    assert lines[-1].startswith("No report yet for 1 setting: Highfields Special School")
    bramhall = load_offer(next(small_borough.glob("bramhall-high-*"))).offer
    assert bramhall.setting.name == "Bramhall High School" and bramhall.setting.urn == "106003"
    assert sum("TODO" not in s.answer for s in bramhall.sections) >= 5
    highfields = load_offer(next(small_borough.glob("highfields-*"))).offer
    assert all("TODO" in s.answer for s in highfields.sections)  # no report: as started

    # Two reports for one setting: neither goes in; the counts come from each import's report.
    shutil.copy(REPORTS / "meadowbank-special.html", reports / "highfields 106006.html")
    shutil.copy(REPORTS / "meadowbank-special.docx", reports / "Highfields Special School.docx")
    result = import_borough(reports, small_borough, force=True, today=TODAY)
    highfields = next(s for s in result.settings if s.name == "Highfields Special School")
    assert highfields.problem and "2 reports are for it" in highfields.problem
    abbey = next(s for s in result.settings if s.urn == "106001")
    assert abbey.problem is None and abbey.to_answer == len(
        [line for line in abbey.import_report.read_text().split("What the report did not answer")[1]
         .split("Details found")[0].splitlines() if line.startswith("  - ")])
