"""The Open Referral UK feed (offerprint/council/openreferral.py) and its read-only API
(openreferral_api.py): a 30-setting borough made from the examples, its feed written without
rendering anything (the documents are the pack's plan), every file and every API answer checked
against the UK profile's schemas, resolved here on their own from offerprint/data/oruk/ (not
with the module's resolver, so a mistake there cannot hide itself)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from starlette.testclient import TestClient

from offerprint.cli import main
from offerprint.council.openreferral import (FEED, FeedError, FeedSetting, needs_of, postal_address, problems_in,
                                             stable_id, write_feed)
from offerprint.council.openreferral_api import create_app
from offerprint.errors import OfferInputError
from offerprint.load import load_offer
from offerprint.model import SETTING_KINDS, Setting
from offerprint.pack import PackResult, plan_jobs, setting_folders

from conftest import EXAMPLES, ROOT

SCHEMAS = ROOT / "offerprint" / "data" / "oruk"
BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PER_PAGE = 12  # the feed's page files: 30 settings make three pages
HAS_URN = "urn" in Setting.model_fields  # the GIAS fields (another part of issue 27)
NO_POSTCODE = 7
TRANSLATED = (5, 8)
FORMATS = ["standard", "large-print", "text", "html"]


def _make_offer(i: int, folder: Path) -> str:
    shutil.copytree(EXAMPLES[i % len(EXAMPLES)], folder)
    if i not in TRANSLATED:
        shutil.rmtree(folder / "translations", ignore_errors=True)
    text = (folder / "offer.yaml").read_text(encoding="utf-8")
    old_name = re.search(r"^  name: (.+)$", text, re.M).group(1)
    name = f"Setting {i:02d} {old_name}"
    text = text.replace(old_name, name)
    kind = SETTING_KINDS[i % len(SETTING_KINDS)]
    extra = f"  kind: {kind}\n"
    if HAS_URN and i % 3 == 0:
        extra += f"  urn: '{100100 + i}'\n  ages: {{youngest: 3, oldest: 11}}\n"
        extra += "  needs: ['ASD - Autistic Spectrum Disorder', 'HI - Hearing Impairment']\n" if i == 3 else ""
    text = re.sub(r"^  kind: .+\n", extra, text, count=1, flags=re.M)
    if i == NO_POSTCODE:
        text = re.sub(r"^(  address: \|\n)((?:    .+\n)+)", r"\1    1 Somewhere Road\n    Stockport\n", text,
                      count=1, flags=re.M)
    (folder / "offer.yaml").write_text(text, encoding="utf-8")
    return name


@pytest.fixture(scope="module")
def borough(tmp_path_factory):
    """30 settings, the documents the pack would make of each (planned, not made), the feed."""
    base = tmp_path_factory.mktemp("oruk")
    folders = []
    for i in range(30):
        folders.append(base / "offers" / f"s{i:02d}")
        _make_offer(i, folders[-1])
    offers = [load_offer(f) for f in folders]
    jobs = plan_jobs(offers, ["pl", "ur"], [18, 24], FORMATS)
    documents: dict[str, list] = {}
    for job in jobs:
        documents.setdefault(job.slug, []).append((job.fmt, job.lang))
    settings = [FeedSetting(o, s, tuple(documents.get(s, ()))) for o, s in zip(offers, setting_folders(offers))]
    site = base / "site"
    result = write_feed(site, settings, per_page=PER_PAGE)
    return site, settings, result


# --- the profile's schemas, resolved by the test itself --------------------------------------

def _registry() -> Registry:
    resources = [(BASE + p.relative_to(SCHEMAS).as_posix(), DRAFT202012.create_resource(json.loads(p.read_text())))
                 for p in SCHEMAS.rglob("*.json")]
    return Registry().with_resources(resources)


REGISTRY = _registry()
OPENAPI = json.loads((SCHEMAS / "openapi.json").read_text())


def _schema(endpoint: str) -> dict:
    if endpoint == "/service_at_locations/{id}":  # the profile's openapi.json names service.json here by mistake
        return {"$ref": BASE + "compiled/service_at_location.json"}
    assert endpoint in OPENAPI["paths"]
    pointer = "/".join(p.replace("~", "~0").replace("/", "~1") for p in
                       ("paths", endpoint, "get", "responses", "200", "content", "application/json", "schema"))
    return {"$ref": f"{BASE}openapi.json#/{pointer}"}


def assert_valid(document, endpoint: str) -> None:
    validator = Draft202012Validator(_schema(endpoint), registry=REGISTRY,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, (endpoint, errors[:5])


def _endpoint(relative: str) -> str:
    if relative == "index.json":
        return "/"
    folder, name = relative.split("/")
    return f"/{folder}" if name.startswith("page-") else f"/{folder}/{{id}}"


def _files(site: Path) -> dict[str, dict]:
    feed = site / FEED
    return {p.relative_to(feed).as_posix(): json.loads(p.read_text()) for p in sorted(feed.rglob("*.json"))}


# --- the files --------------------------------------------------------------------------------

def test_every_file_of_the_feed_follows_the_profile(borough):
    site, _, result = borough
    files = _files(site)
    for relative, document in files.items():
        assert_valid(document, _endpoint(relative))
        assert problems_in(document, _endpoint(relative)) == []
    services = {k: v for k, v in files.items() if re.fullmatch(r"services/[0-9a-f-]{36}\.json", k)}
    assert len(services) == 30 == result.services
    assert [files[f"services/page-{n}.json"]["size"] for n in (1, 2, 3)] == [12, 12, 6]
    assert "services/page-4.json" not in files
    listed = [s["id"] for n in (1, 2, 3) for s in files[f"services/page-{n}.json"]["contents"]]
    assert sorted(listed) == sorted(s["id"] for s in services.values())
    for service in services.values():  # fields HSDS 3.0 gives that the profile's tables leave out
        for contact in service.get("contacts", []):
            for phone in contact["phones"]:
                Draft202012Validator({"$ref": BASE + "phone.json"}, registry=REGISTRY).validate(phone)
        assert all(re.fullmatch(r"[a-z]{2,3}", lang["code"]) for lang in service["languages"])
    assert (site / FEED / "README.txt").read_text().count("page-N.json") >= 2


def _service_of(site: Path, settings, index: int) -> dict:
    name = settings[index].loaded.offer.setting.name
    found = [d for k, d in _files(site).items() if k.startswith("services/") and d.get("organization", {}).get("name") == name]
    assert len(found) == 1
    return found[0]


def test_a_setting_is_an_organization_and_its_sen_support_a_service(borough):
    site, settings, _ = borough
    oakfield = next(i for i, s in enumerate(settings) if "Oakfield" in s.loaded.offer.setting.name and i in TRANSLATED)
    service = _service_of(site, settings, oakfield)
    offer = settings[oakfield].loaded.offer
    assert service["status"] == "active" and service["assured_date"] == offer.offer.reviewed.isoformat()
    assert service["url"] == offer.setting.website
    assert service["description"].startswith("Oakfield is a community primary school")
    [contact] = service["contacts"]
    assert (contact["name"], contact["email"], contact["phones"][0]["number"]) == (
        offer.setting.senco.name, offer.setting.senco.email, offer.setting.senco.phone)
    [link] = service["service_at_locations"]
    [address] = link["location"]["addresses"]
    assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == (
        "Oakfield Road", "Stockport", "SK1 2AB", "GB")
    [access] = link["location"]["accessibility"]
    assert access["description"].startswith("Our main building is on one floor, with ramps at every outside door.")
    languages = {lang["code"]: lang["note"] for lang in service["languages"]}
    assert set(languages) >= {"en", "pl", "ur"}
    assert "written in this language" in languages["en"] and "plain text" in languages["ur"]
    terms = {a["link_type"]: set() for a in service["attributes"]}
    for attribute in service["attributes"]:
        assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
        terms[attribute["link_type"]].add(attribute["taxonomy_term"]["term"])
    assert terms["format"] == set(FORMATS)
    assert {"CI", "CL", "SEMH", "SP", "ASD", "SpLD", "SLCN", "HI", "VI", "PD"} <= terms["need"]
    # The organization: its identifier from the URN where the offer has one, else none.
    with_urn = [i for i, s in enumerate(settings) if getattr(s.loaded.offer.setting, "urn", None)]
    assert bool(with_urn) == HAS_URN
    for i in range(30):
        organization = _service_of(site, settings, i)["organization"]
        identifiers = [x["identifier"] for x in organization.get("organization_identifiers", [])]
        assert identifiers == ([f"GB-EDU-{100100 + i}"] if i in with_urn else [])


def test_ages_and_recorded_needs_come_from_the_offer_when_it_has_them(borough):
    site, settings, _ = borough
    primary = next(i for i, s in enumerate(settings) if s.loaded.offer.setting.kind == "college" and i % 3)
    assert (_service_of(site, settings, primary)["minimum_age"], _service_of(site, settings, primary)["maximum_age"]) \
        == (16, 25)  # a college's usual ages, without ages in the offer
    if not HAS_URN:
        pytest.skip("the offer model has no urn, ages or needs yet")
    service = _service_of(site, settings, 3)
    assert (service["minimum_age"], service["maximum_age"]) == (3, 11)
    assert needs_of(settings[3].loaded) == (["CI", "SP", "ASD", "HI"], "setting.needs")
    assert {a["taxonomy_term"]["term"] for a in service["attributes"] if a["link_type"] == "need"} == {
        "CI", "SP", "ASD", "HI"}


def test_an_address_without_a_postcode_is_left_out_with_a_note(borough):
    site, settings, result = borough
    location = _service_of(site, settings, NO_POSTCODE)["service_at_locations"][0]["location"]
    assert "addresses" not in location and location["name"] == settings[NO_POSTCODE].loaded.offer.setting.name
    [note] = result.notes
    assert "s07/offer.yaml: setting.address: has no UK postcode" in note and "\n" not in note


@pytest.mark.parametrize("address, parts", [
    ("Oakfield Primary School\nOakfield Road\nStockport\nSK1 2AB", ("Oakfield Road", "Stockport", "SK1 2AB")),
    ("1 High Street,\nBramhall,\nStockport SK7 1aa", ("1 High Street, Bramhall", "Stockport", "SK7 1AA")),
    ("Park Way, Brinnington, Stockport, SK58ZZ", ("Park Way, Brinnington", "Stockport", "SK5 8ZZ")),
    ("Stockport\nSK1 2AB", ("Stockport", "Stockport", "SK1 2AB")),
    ("1 Somewhere Road\nStockport", None),
])
def test_postal_address(address, parts):
    found = postal_address(address, "Oakfield Primary School")
    assert (found and (found["address_1"], found["city"], found["postal_code"])) == (parts or None)


def test_the_checks_refuse_what_the_profile_does_not_allow(borough, tmp_path, monkeypatch):
    site, settings, _ = borough
    service = _service_of(site, settings, 0)
    assert problems_in({k: v for k, v in service.items() if k != "status"}, "/services/{id}")
    assert problems_in({**service, "id": "setting-00"}, "/services/{id}")  # ids are UUIDs
    assert problems_in({**service, "status": "open"}, "/services/{id}")
    page = json.loads((site / FEED / "services" / "page-1.json").read_text())
    assert problems_in({**page, "total_items": "30"}, "/services")
    # A file that would not follow the profile stops the feed before anything is written.
    import offerprint.council.openreferral as feed

    real = feed.build_setting
    monkeypatch.setattr(feed, "build_setting", lambda entry, notes: {**real(entry, notes), "status": "open"})
    with pytest.raises(FeedError, match=r"^openreferral/services/page-1.json: does not follow .*status: 'open' is not one of"):
        write_feed(tmp_path, settings[:2])
    assert not (tmp_path / FEED).exists()


def test_ids_stay_the_same_and_a_rebuild_rewrites_only_what_changed(borough, tmp_path):
    site, settings, _ = borough
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    again = write_feed(copy, settings, per_page=PER_PAGE)
    assert (again.written, again.removed) == (0, 0)
    fewer = write_feed(copy, settings[:20], per_page=PER_PAGE)
    assert fewer.removed == 10 * 2 + 1 * 2  # ten services and their links; the third page of each list
    assert not (copy / FEED / "services" / "page-3.json").exists()
    assert _files(copy)["services/page-1.json"]["total_items"] == 20
    assert stable_id("a", "b") == stable_id("a", "b") != stable_id("a", "c")


# --- the API ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api(borough):
    return TestClient(create_app(borough[0]))


def _get(api, path: str, status: int = 200) -> dict:
    answer = api.get(path)
    assert answer.status_code == status, (path, answer.text[:300])
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["content-type"].startswith("application/json")
    return answer.json()


def test_the_api_root(api):
    root = _get(api, "/")
    assert_valid(root, "/")
    assert root["version"] == "3.0" and root["openapi_url"].endswith("openapi.json")


@pytest.mark.parametrize("endpoint, total", [("services", 30), ("service_at_locations", 30), ("taxonomies", 2),
                                             ("taxonomy_terms", None)])
def test_every_list_pages_and_every_item_is_served(api, borough, endpoint, total):
    site = borough[0]
    whole = _get(api, f"/{endpoint}?per_page=1000")
    assert_valid(whole, f"/{endpoint}")
    total = total or len(list((site / FEED / endpoint).glob("*-*-*-*-*.json")))
    assert whole["total_items"] == total == whole["size"] and whole["total_pages"] == 1
    per_page = max(1, total // 2 - 1)  # three pages at least
    seen = []
    pages = -(-total // per_page)
    for page in sorted({1, 2, pages, pages + 1}):
        answer = _get(api, f"/{endpoint}?page={page}&per_page={per_page}")
        assert_valid(answer, f"/{endpoint}")
        expected = min(per_page, max(0, total - (page - 1) * per_page))
        assert (answer["page_number"], answer["size"], answer["total_pages"], answer["total_items"]) == (
            page, expected, pages, total)
        assert (answer["first_page"], answer["last_page"], answer["empty"]) == (page == 1, page >= pages, expected == 0)
        if page <= 2:
            seen += [item["id"] for item in answer["contents"]]
    assert seen == [item["id"] for item in whole["contents"]][:2 * per_page]
    default = _get(api, f"/{endpoint}")
    assert default["contents"] == whole["contents"][:50]
    for item in whole["contents"]:
        one = _get(api, f"/{endpoint}/{item['id']}")
        assert_valid(one, f"/{endpoint}/{{id}}")
        assert one == json.loads((site / FEED / endpoint / f"{item['id']}.json").read_text())


def test_what_is_not_there_is_a_404_in_json(api):
    for path in ("/services/00000000-0000-4000-8000-000000000000", "/services/page-1", "/services/..%2F..%2Fetc",
                 "/taxonomy_terms/not-an-id", "/organizations", "/index.json"):
        answer = _get(api, path, 404)
        assert answer["status"] == 404 and answer["message"]
    assert _get(api, "/services?page=0", 400)["message"].startswith("page:")
    assert "per_page" in _get(api, "/services?per_page=many", 400)["message"]
    assert _get(api, "/services?per_page=5000", 400)["status"] == 400
    posted = api.post("/services")
    assert posted.status_code == 405 and posted.headers["access-control-allow-origin"] == "*"


def test_nothing_outside_the_feed_is_read(borough, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(borough[0], site)
    secret = tmp_path / "secret.json"
    secret.write_text('{"secret": true}')
    some_id = "11111111-1111-4111-8111-111111111111"
    (site / FEED / "services" / f"{some_id}.json").symlink_to(secret)
    client = TestClient(create_app(site))
    assert _get(client, f"/services/{some_id}", 404)["status"] == 404
    elsewhere = tmp_path / "elsewhere"
    shutil.move(site / FEED, elsewhere)
    (site / FEED).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OfferInputError, match=r"openreferral/: has no Open Referral feed"):
        create_app(site)


def test_the_command_line(borough, tmp_path, monkeypatch):
    runner = CliRunner()
    missing = runner.invoke(main, ["openreferral", str(tmp_path)])
    assert missing.exit_code == 2 and len(missing.output.strip().splitlines()) == 1
    assert "has no Open Referral feed (build the site first" in missing.output
    # `offerprint site` writes the feed after the hub (the hub itself is tests/test_site.py's).
    import offerprint.site as site_module

    settings = borough[1][:3]

    def hub(offers, out, **options):
        from offerprint.check import check_offer

        # the statutory audit (council/statutory.py), written after the feed, reads each report
        entries = [site_module.SettingEntry(s.loaded, s.slug, report=check_offer(s.loaded)) for s in settings]
        return site_module.SiteResult(out, PackResult(out / "documents"), entries)

    monkeypatch.setattr(site_module, "build_site", hub)
    built = runner.invoke(main, ["site", str(settings[0].loaded.folder), "-o", str(tmp_path / "hub")])
    assert built.exit_code == 0, built.output
    assert f"{tmp_path / 'hub'}/openreferral/" in built.output
    assert len(list((tmp_path / "hub" / FEED / "services").glob("*-*-*-*-*.json"))) == 3
