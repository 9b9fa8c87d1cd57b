"""The statutory audit (offerprint/council/statutory.py): a borough made from the examples without
rendering anything, with settings missing each Schedule 1 item and each s.69 item; its verdicts
agree with check's coverage for every setting; partly, approval, dates, the Local Offer link;
audit.csv and audit.html written from the rows; the "audit" key of check --format json."""

from __future__ import annotations

import csv
import datetime as dt
import http.server
import io
import json
import threading
import urllib.request
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from offerprint.check import check_offer, format_report
from offerprint.council.statutory import (PARTLY_WORDS, audit_lines, offer_audit, verdicts,
                                          write_site_audit)
from offerprint.load import load_offer
from offerprint.pack import PackResult
from offerprint.questions import S69, SCHEDULE_1, get_question_set
from offerprint.site import SettingEntry, SiteResult

from conftest import copy_example

TODAY = dt.date(2026, 11, 29)
ITEMS = [*SCHEDULE_1, *S69]
_yaml = YAML()  # YAML 1.2, as the editor saves: "on:" stays a key
S69_FIELDS = {"admissions": "admissions", "less-favourable-treatment": "less_favourable_treatment",
              "access-facilities": "facilities", "accessibility-plan": "accessibility_plan"}


def _edit(folder: Path, change) -> Path:
    path = folder / "offer.yaml"
    data = _yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    out = io.StringIO()
    _yaml.dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return folder


def _without(item: str):
    """A change that leaves the offer with nothing covering ``item``."""
    qset = get_question_set("se7-parent")

    def change(data):
        for section in data["sections"]:
            question = qset.question(section["id"])
            covered = set(section.get("covers") or ()) | (question.schedule1 | question.s69 if question else set())
            if item in covered:
                section["answer"] = "TODO"
        if item == "4":  # a special school may leave it out (the loader insists for mainstream kinds)
            data["setting"]["kind"] = "special"
            del data["setting"]["senco"]
        elif item == "9":
            data["complaints"] = "TODO"
        elif item in S69_FIELDS:
            data["accessibility"][S69_FIELDS[item]] = "TODO"
    return change


@pytest.fixture(scope="module")
def borough(tmp_path_factory):
    """One setting missing each item (13, the Local Offer, is required by the schema: its website
    says TODO instead), the three examples as they are, and an offer with short answers."""
    base = tmp_path_factory.mktemp("audit")
    folders = [copy_example(name, base / "examples") for name in ("oakfield-primary", "brinnington-high",
                                                                  "little-acorns-nursery")]
    for item in ITEMS:
        folder = copy_example("oakfield-primary", base / f"without-{item}")
        if item == "13":  # the contacts answer covers it too: without it, only the Local Offer's details
            _edit(folder, lambda d: [d["offer"]["local_offer"].__setitem__("website", "TODO")]
                  + [s.__setitem__("answer", "TODO") for s in d["sections"] if s["id"] == "contacts"])
        else:
            _edit(folder, _without(item))
        folders.append(folder)
    offers = [load_offer(f) for f in folders]
    reports = [check_offer(o, today=TODAY) for o in offers]
    rows = [offer_audit(o, r, TODAY) for o, r in zip(offers, reports)]
    return folders, offers, reports, rows


def test_verdicts_agree_with_check_for_every_setting(borough):
    _folders, offers, reports, rows = borough
    assert len(rows) == 3 + len(ITEMS)
    for offer, report, row in zip(offers, reports, rows):
        for group in ("schedule1", "s69"):
            for item, covered in report.coverage[group].items():
                assert (row[group][item]["verdict"] != "missing") == covered, (offer.display_name, item)
        # And check says so in its own words, for each item it does not count.
        text = format_report(report)
        for item, covered in report.coverage["schedule1"].items():
            assert covered or f"Schedule 1 item {item} ({SCHEDULE_1[item]}) is not covered" in text


@pytest.mark.parametrize("item", [i for i in ITEMS if i != "13"])
def test_a_setting_missing_each_item(borough, item):
    folders, _offers, reports, rows = borough
    index = [f.parent.name for f in folders].index(f"without-{item}")
    group = "schedule1" if item in SCHEDULE_1 else "s69"
    verdict = rows[index][group][item]
    assert verdict["verdict"] == "missing" and verdict["where"] == "" and verdict["why"] == "no answer covers it"
    assert reports[index].coverage[group][item] is False
    assert rows[index][f"{group}_counts"]["missing"] >= 1


def test_the_local_offer_that_says_todo_is_partly_met(borough):
    folders, _offers, _reports, rows = borough
    row = rows[[f.parent.name for f in folders].index("without-13")]
    assert row["schedule1"]["13"]["verdict"] == "partly" and "TODO" in row["schedule1"]["13"]["why"]
    assert row["local_offer"]["present"] is False


def test_the_examples_meet_every_item_and_say_where(borough):
    _folders, offers, _reports, rows = borough
    for offer, row in zip(offers[:3], rows[:3]):
        assert row["schedule1_counts"] == {"met": len(SCHEDULE_1), "partly": 0, "missing": 0}, offer.display_name
        assert row["approved"] and row["approved"]["on"] == "2026-09-15"
        assert row["local_offer"] == {**row["local_offer"], "present": True, "reachable": None}
    oakfield = rows[0]
    assert oakfield["schedule1"]["4"]["why"] == "answered in 'Who can I contact for more information?' (199 words)"
    assert oakfield["schedule1"]["1"]["where"] == "How does the school know if children need extra help, and what " \
                                                  "should I do if I think my child has special educational needs?"


def test_partly_when_every_answer_covering_it_is_short(tmp_path):
    folder = copy_example("oakfield-primary", tmp_path)
    short = "Our staff look at each child's needs with the family at a meeting every term and write a plan."
    assert len(short.split()) < PARTLY_WORDS

    def change(data):
        for section in data["sections"]:
            if section["id"] == "transition":  # the only question covering item 12
                section["answer"] = short
    _edit(folder, change)
    loaded = load_offer(folder)
    report = check_offer(loaded, today=TODAY)
    found = {v.item: v for v in verdicts(loaded, report)}
    assert report.coverage["schedule1"]["12"] is True
    assert found["12"].verdict == "partly"
    assert found["12"].where == "How will the school help my child to join the school, move to a new school, or get " \
                                "ready for the next stage of life?"
    assert found["12"].why == f"answered in '{found['12'].where}' but under {PARTLY_WORDS} words ({len(short.split())})"
    # A 40-word answer meets it.
    _edit(folder, lambda d: [s.__setitem__("answer", (short + " ") * 3) for s in d["sections"] if s["id"] == "transition"])
    loaded = load_offer(folder)
    assert {v.item: v for v in verdicts(loaded, check_offer(loaded, today=TODAY))}["12"].verdict == "met"


def test_approval_dates_and_overdue(tmp_path):
    folder = copy_example("oakfield-primary", tmp_path)
    _edit(folder, lambda d: d["offer"].pop("approved"))
    loaded = load_offer(folder)
    report = check_offer(loaded, today=TODAY)
    warnings = [f for f in report.warnings if f.field == "offer" and "approved" in f.message]
    assert len(warnings) == 1 and "offer.approved" in warnings[0].fix
    row = offer_audit(loaded, report, dt.date(2027, 9, 11))
    assert row["approved"] is None and row["days_overdue"] == 10 and row["next_review"] == "2027-09-01"
    assert "Approved: not recorded (add offer.approved)." in audit_lines(row)
    # Approved before its last review: the reviewed version is not the approved one.
    _edit(folder, lambda d: d["offer"].__setitem__("approved", {"by": "Trust board", "on": dt.date(2026, 8, 1)}))
    report = check_offer(load_offer(folder), today=TODAY)
    assert any("before its last review" in f.message for f in report.warnings)


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):  # the standard library names it
        self.send_response(200 if self.path == "/local-offer" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_local_offer_link_is_tried_only_when_asked(tmp_path, monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        folder = copy_example("oakfield-primary", tmp_path)
        base = f"http://127.0.0.1:{server.server_port}"
        _edit(folder, lambda d: d["offer"]["local_offer"].__setitem__("website", f"{base}/local-offer"))
        loaded = load_offer(folder)
        report = check_offer(loaded, today=TODAY)
        assert offer_audit(loaded, report, TODAY, check_links=True)["local_offer"]["reachable"] is True
        _edit(folder, lambda d: d["offer"]["local_offer"].__setitem__("website", f"{base}/gone"))
        loaded = load_offer(folder)
        link = offer_audit(loaded, report, TODAY, check_links=True)["local_offer"]
        assert link["reachable"] is False and "404" in link["reachable_note"]
    finally:
        server.shutdown()
        server.server_close()

    def no_network(*args, **kwargs):
        raise AssertionError("the audit went to the network without being asked")
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    link = offer_audit(loaded, report, TODAY)["local_offer"]
    assert link["present"] is True and link["reachable"] is None and link["reachable_note"].startswith("not checked")


def test_check_json_carries_the_audit(borough, run):
    folders, _offers, _reports, _rows = borough
    data = json.loads(run("check", "--format", "json", folders[3]).stdout)  # without item 1
    audit = data["audit"]
    assert audit["schedule1"]["1"]["verdict"] == "missing"
    assert {k: v["verdict"] != "missing" for k, v in audit["schedule1"].items()} == data["coverage"]["schedule1"]
    assert audit["readability"]["overall"] == data["stats"]["flesch_reading_ease"]
    assert data["audit"]["other_formats"][0] == "Standard print"


def test_audit_csv_and_html_are_written_for_the_hub(borough, tmp_path):
    _folders, offers, reports, _rows = borough
    # A name a spreadsheet would run as a formula, and markup: kept as text in both files.
    folder = _edit(copy_example("oakfield-primary", tmp_path / "odd"),
                   lambda d: d["setting"].__setitem__("name", '=HYPERLINK("http://x.example") <b>'))
    odd = load_offer(folder)
    offers = [*offers, odd]
    reports = [*reports, check_offer(odd, today=TODAY)]
    entries = [SettingEntry(o, f"s{i:02d}", r, ["Polish: complete, not reviewed"] if i == 0 else [])
               for i, (o, r) in enumerate(zip(offers, reports))]
    site = tmp_path / "site"
    result = write_site_audit(SiteResult(site, PackResult(site), entries), today=TODAY)
    assert result.csv_path == site / "report" / "audit.csv" and result.html_path.is_file()
    table = list(csv.reader(io.StringIO(result.csv_path.read_text(encoding="utf-8"))))
    header, body = table[0], table[1:]
    assert len(body) == len(entries)
    assert sum(h.startswith("Schedule 1 item ") for h in header) == len(SCHEDULE_1)
    assert sum(h.startswith("s.69 ") for h in header) == len(S69)
    first = header.index("Schedule 1 item 1: " + SCHEDULE_1["1"])
    assert body[0][first].startswith("met: answered in ")
    assert body[3][first] == "missing: no answer covers it"  # the setting without item 1
    assert body[-1][0] == "'" + '=HYPERLINK("http://x.example") <b>'  # never run as a formula
    assert body[0][header.index("languages")] == "written in English (United Kingdom); Polish: complete, not reviewed"
    html = result.html_path.read_text(encoding="utf-8")
    assert "&lt;b&gt;" in html and "<b>" not in html.split("<main", 1)[1].split("</main>")[0].replace("<b>", "", 0)
    missing = sum(r["schedule1_counts"]["missing"] + r["s69_counts"]["missing"] + (not r["local_offer"]["present"])
                  for r in result.rows)
    assert missing >= len(ITEMS) - 1  # every item but 13 missing somewhere
    assert html.count('<td class="mark-fail">Missing<br>') == missing
    assert "Plain-English help" in html and 'href="audit.csv"' in html
    assert any("legal items missing" in n for n in result.notes)
    # Written again only when the bytes change.
    stamp = result.csv_path.stat().st_mtime_ns
    write_site_audit(SiteResult(site, PackResult(site), entries), today=TODAY)
    assert result.csv_path.stat().st_mtime_ns == stamp


def test_the_editor_shows_the_audit_as_you_type(tmp_path):
    import re

    from starlette.testclient import TestClient

    from offerprint.editor.app import create_app

    folder = copy_example("oakfield-primary", tmp_path)
    client = TestClient(create_app(folder, hosts={"testserver"}, token="t", pack_folder=tmp_path / "pack"))
    page = client.get("/?token=t").text
    assert '<details id="audit">' in page and "<li>Schedule 1: 19 met, 0 partly, 0 missing.</li>" in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    data = client.post("/check?token=t", data={"csrf": csrf, "sections[1].answer": "TODO"},
                       headers={"Origin": "http://testserver"}).json()
    assert data["audit"][0].startswith("Schedule 1: 17 met, 0 partly, 2 missing. 1 (missing: no answer covers it)")
