"""The Open Referral UK feed: every setting of the hub as the council's service directory takes
it in (the UK profile of HSDS 3.0), written by ``offerprint site`` into ``SITE/openreferral/``
and served by ``offerprint openreferral`` (:mod:`.openreferral_api`).

Each setting is an ``organization`` (identifier ``GB-EDU-<URN>`` where the offer gives its URN);
its SEN support is a ``service``: a description from the answer on the kinds of need provided
for, the school's website, the SENCO as its contact, the setting as its location and address,
``assured_date`` the offer's review date, ages, a taxonomy term for each kind of need it
provides for (the SEND Code of Practice's four areas and the DfE's types of need), and the
languages and formats the report is available in.

The layout, one JSON file per API answer, so that a plain web server can serve the folder as it
is and a directory can harvest it without running anything::

    openreferral/index.json                      GET /  (version, profile, openapi_url)
    openreferral/services/page-1.json ...        GET /services?page=N  (PER_PAGE a page)
    openreferral/services/<id>.json              GET /services/{id}  (fully nested)
    openreferral/service_at_locations/page-N.json, <id>.json
    openreferral/taxonomies/page-N.json, <id>.json
    openreferral/taxonomy_terms/page-N.json, <id>.json
    openreferral/README.txt                      this layout, for whoever takes the feed in

Ids are UUIDs (the profile's format) made from the setting's URN, else its folder name on the
site, so they stay the same from build to build. Every file is checked against the profile's
schemas (shipped in offerprint/data/oruk/) before it is written, and rewritten only when its
bytes change; files of settings no longer in the borough are removed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import markdown as md
from ..document import one_line
from ..errors import OfferprintError, OutputError
from ..fileio import write_atomic
from ..formats import FORMATS
from ..output_cache import offer_files
from ..paths import display_path, inside, linked_out
from ..questions import get_question_set
from ..resources import PACKAGE
from ..site import KIND_AGES, KIND_NAMES
from ..translate import language

if TYPE_CHECKING:
    from ..load import LoadedOffer
    from ..site import SiteResult

FEED = "openreferral"
PER_PAGE = 50  # items in each page file (the API pages as it is asked)
HSDS_VERSION = "3.0"
SCHEMAS = PACKAGE / "data" / "oruk"
# Where the profile's schemas live; their $refs name these addresses, resolved to SCHEMAS.
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PROFILE_URL = "https://open-referral-uk-profile.readthedocs.io/en/latest/"
OPENAPI_URL = SCHEMA_BASE + "openapi.json"
ENDPOINTS = ("services", "service_at_locations", "taxonomies", "taxonomy_terms")
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://offerprint.example/openreferral")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.I)
_TODO = re.compile(r"\bTODO\b")


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


# --- the taxonomies ----------------------------------------------------------------------------

# The SEND Code of Practice (2015, 6.28) names four broad areas of need; the DfE's school census
# and Get Information about Schools record the type of need (SEN1..SEN13), each under one area
# (its SEMH type is the area itself). Words an answer uses for each: phrases case-insensitive,
# abbreviations as written.
NEEDS = {  # code: (area it is under, name, phrases, abbreviations)
    "CI": (None, "Communication and interaction", r"communication and interaction", r"(?!)"),
    "CL": (None, "Cognition and learning", r"cognition and learning", r"(?!)"),
    "SEMH": (None, "Social, emotional and mental health", r"social,? emotional and mental health|anxiety|"
             r"attention difficult\w*|attention deficit", r"SEMH|ADHD"),
    "SP": (None, "Sensory and/or physical needs", r"sensory and(?:/or)? physical", r"(?!)"),
    "SLCN": ("CI", "Speech, language and communication needs", r"speech(?:,| and)? language|language and "
             r"communication|speech therapy", r"SLCN"),
    "ASD": ("CI", "Autistic spectrum disorder", r"autism|autistic|asperger", r"ASD|ASC"),
    "SpLD": ("CL", "Specific learning difficulty", r"specific learning difficult\w*|dyslexi\w*|dyscalculi\w*|"
             r"dyspraxi\w*", r"SpLD"),
    "MLD": ("CL", "Moderate learning difficulty", r"moderate learning difficult\w*", r"MLD"),
    "SLD": ("CL", "Severe learning difficulty", r"severe learning difficult\w*", r"SLD"),
    "PMLD": ("CL", "Profound and multiple learning difficulty", r"profound and multiple learning", r"PMLD"),
    "HI": ("SP", "Hearing impairment", r"hearing (?:loss|impairment)|deaf\b", r"HI"),
    "VI": ("SP", "Visual impairment", r"sight loss|visual impairment|visually impaired|blind\b", r"VI"),
    "MSI": ("SP", "Multi-sensory impairment", r"multi-?sensory|deafblind", r"MSI"),
    "PD": ("SP", "Physical disability", r"physical disabilit\w*|cerebral palsy|wheelchair", r"PD"),
    "OTH": (None, "Other difficulty or disability", r"(?!)", r"OTH"),
}
NEEDS_TAXONOMY = ("send-needs", "SEND areas and types of need",
                  "The four broad areas of need of the SEND Code of Practice (2015, 6.28) and, under them, the types "
                  "of special educational need the DfE records (school census; Get Information about Schools).")
FORMATS_TAXONOMY = ("document-formats", "Formats of the SEN information report",
                    "The formats a family can have the setting's SEN information report in, made by offerprint.")


def _term(taxonomy: tuple, code: str, name: str, description: str, parent: str | None = None) -> dict:
    term = {"id": stable_id("taxonomy", taxonomy[0], code), "name": name, "description": description,
            "taxonomy": taxonomy[1], "taxonomy_id": stable_id("taxonomy", taxonomy[0]), "term": code}
    if parent:
        term["parent_id"] = stable_id("taxonomy", taxonomy[0], parent)
    return term


@functools.cache
def taxonomy_terms() -> dict[tuple[str, str], dict]:
    """Every term, by (taxonomy key, code)."""
    terms = {}
    for code, (area, name, _words, _abbr) in NEEDS.items():
        words = f"The type of need the DfE records as {code}." if area or code in ("SEMH", "OTH") else \
            f"The broad area of need: {name.lower()}."
        terms[NEEDS_TAXONOMY[0], code] = _term(NEEDS_TAXONOMY, code, name, words, area)
    for fmt in FORMATS.values():
        terms[FORMATS_TAXONOMY[0], fmt.name] = _term(FORMATS_TAXONOMY, fmt.name, fmt.label, f"For {fmt.for_whom}.")
    return terms


def taxonomies() -> list[dict]:
    return [{"id": stable_id("taxonomy", key), "name": name, "description": words,
             "taxonomy_terms": [t for (k, _code), t in taxonomy_terms().items() if k == key]}
            for key, name, words in (NEEDS_TAXONOMY, FORMATS_TAXONOMY)]


def needs_of(loaded: LoadedOffer) -> tuple[list[str], str]:
    """The kinds of need a setting provides for, as codes, and where they came from: the offer's
    own list (``setting.needs``, as GIAS records them) when it has one, else the words of the
    answers that cover Schedule 1 item 1 (the kinds of SEN provided for)."""
    recorded = getattr(loaded.offer.setting, "needs", None) or []
    if recorded:
        codes = []
        for need in recorded:
            head = re.split(r"\s+-\s+|\s*\(", need.strip(), maxsplit=1)[0].strip()
            code = next((c for c in NEEDS if c.casefold() == head.casefold()), None)
            codes += [code, NEEDS[code][0]] if code else _needs_in(need)
        return [code for code in NEEDS if code in codes], "setting.needs"
    return _needs_in(" ".join(md.to_plain(s.answer) for s in _kinds_of_need_sections(loaded))), "answers"


def _needs_in(text: str) -> list[str]:
    found = set()
    for code, (area, _name, words, abbr) in NEEDS.items():
        if re.search(rf"\b(?:{words})", text, re.I) or re.search(rf"\b(?:{abbr})\b", text):
            found |= {code, area}
    return [code for code in NEEDS if code in found]


def _kinds_of_need_sections(loaded: LoadedOffer) -> list:
    qset = get_question_set(loaded.offer.offer.questions)
    found = []
    for section in loaded.offer.sections:
        question = qset.question(section.id) if qset else None
        if ("1" in (question.schedule1 if question else ()) or "1" in section.covers) and not _TODO.search(
                section.answer):
            found.append(section)
    return found


# --- one setting -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedSetting:
    """What the feed says of one setting: its offer, its folder name on the site, and the
    documents made of it ((format, language tag) each)."""

    loaded: LoadedOffer
    slug: str
    documents: tuple[tuple[str, str], ...] = ()


def _given(value: str | None) -> str | None:
    return value if value and not _TODO.search(value) else None


def postal_address(address: str, name: str) -> dict | None:
    """The parts the profile asks for (address_1, city, postal_code) from an address as schools
    write it, the name on its first line or not; None without a UK postcode or a town."""
    lines = [line.strip().rstrip(",") for line in address.strip().splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    if lines and " ".join(lines[0].split()).casefold() == " ".join(name.split()).casefold():
        lines = lines[1:]
    at = next((i for i in range(len(lines) - 1, -1, -1) if _POSTCODE.search(lines[i])), None)
    if at is None:
        return None
    found = _POSTCODE.search(lines[at])
    postcode = f"{found.group(1)} {found.group(2)}".upper()
    before, rest = lines[:at], lines[at][:found.start()].strip().rstrip(",")
    town, street = (rest, before) if rest else (before[-1] if before else "", before[:-1])
    if not town:
        return None
    return {"address_1": ", ".join(street) or town, "city": town, "postal_code": postcode}


def _ages(setting) -> tuple[int, int]:
    ages = getattr(setting, "ages", None)
    if ages is not None and getattr(ages, "youngest", None) is not None:
        return ages.youngest, ages.oldest
    return KIND_AGES[setting.kind]


def _description(loaded: LoadedOffer) -> str:
    """The answer on the kinds of need provided for, its first paragraphs (about 600 characters)."""
    text = ""
    for section in _kinds_of_need_sections(loaded):
        for paragraph in md.paragraphs(section.answer):
            if len(text) >= 600:
                break
            if paragraph.rstrip().endswith(":"):
                continue  # leads into a list the description leaves out
            text = f"{text} {paragraph}".strip()
    setting = loaded.offer.setting
    return text or (f"The support {setting.name} gives children and young people with special educational needs "
                    "and disabilities, as its SEN information report describes it.")


def _language_entry(service_id: str, tag: str, own: bool, formats: list[str]) -> dict:
    from babel import Locale

    base = tag.split("-")[0].lower()
    try:
        name = Locale.parse(base).get_display_name("en") or base
    except Exception:  # noqa: BLE001 - an unusual tag is still listed by its code
        name = base
    note = "The SEN information report is written in this language." if own else \
        "The SEN information report is translated into this language."
    if formats:
        note += " Documents: " + ", ".join(FORMATS[f].label.lower() for f in formats) + "."
    elif not own:
        note += " Ask the school or the council's Local Offer team for it in this language."
    return {"id": stable_id(service_id, "language", tag), "service_id": service_id, "name": name, "code": base,
            "note": note}


def _translations(loaded: LoadedOffer) -> list[str]:
    """The languages the offer has a translation file for (translations/<tag>.po)."""
    tags = []
    for path in sorted((loaded.folder / "translations").glob("*.po")):
        if inside(loaded.folder, path.relative_to(loaded.folder)) is None:
            continue  # a link out of the offer folder is no translation of it
        try:
            tags.append(language(path.stem)[0])
        except OfferprintError:
            continue  # not named with a language tag: `translate status` and `check` say so
    return tags


def _attribute(link_id: str, link_type: str, term: dict) -> dict:
    return {"id": stable_id(link_id, "attribute", term["id"]), "link_id": link_id, "link_type": link_type,
            "taxonomy_term_id": term["id"], "taxonomy_term": term}


def build_setting(entry: FeedSetting, notes: list[str]) -> dict:
    """The fully nested service for one setting (with its organization)."""
    loaded = entry.loaded
    setting, info = loaded.offer.setting, loaded.offer.offer
    urn = getattr(setting, "urn", None)
    key = f"urn/{urn}" if urn else f"setting/{entry.slug}"
    organization_id, service_id = stable_id(key, "organization"), stable_id(key, "service")
    organization = {"id": organization_id, "name": setting.name,
                    "description": f"{KIND_NAMES[setting.kind][1]}, {one_line(setting.address)}"}
    if _given(setting.email):
        organization["email"] = setting.email
    if _given(setting.website):
        organization["website"] = setting.website
    if urn:
        organization["organization_identifiers"] = [{
            "id": stable_id(key, "identifier"), "organization_id": organization_id, "identifier_scheme": "GB-EDU",
            "identifier_type": "Unique Reference Number (URN), Get Information about Schools",
            "identifier": f"GB-EDU-{urn}"}]
    youngest, oldest = _ages(setting)
    service = {"id": service_id, "organization_id": organization_id,
               "name": f"Special educational needs support at {setting.name}", "description": _description(loaded),
               "status": "active", "minimum_age": youngest, "maximum_age": oldest,
               "assured_date": info.reviewed.isoformat(),
               "last_modified": dt.datetime.fromtimestamp(max(p.stat().st_mtime for p in offer_files(loaded.folder)),
                                                          dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if _given(setting.website):
        service["url"] = setting.website
    senco = setting.senco
    email = senco.email if senco and _given(senco.email) else _given(setting.email)
    if email:
        service["email"] = email
    if senco and _given(senco.name):
        contact_id = stable_id(key, "contact", "senco")
        contact = {"id": contact_id, "service_id": service_id, "name": senco.name, "title": senco.role}
        if _given(senco.email):
            contact["email"] = senco.email
        if _given(senco.phone):
            contact["phones"] = [{"id": stable_id(contact_id, "phone"), "contact_id": contact_id,
                                  "number": senco.phone}]
        service["contacts"] = [contact]
    location_id = stable_id(key, "location")
    location = {"id": location_id, "location_type": "physical", "name": setting.name}
    if urn:
        location |= {"external_identifier": urn, "external_identifier_type": "URN"}
    parts = postal_address(setting.address, setting.name)
    if parts:
        location["addresses"] = [{"id": stable_id(key, "address"), "location_id": location_id, **parts,
                                  "state_province": "England", "country": "GB", "address_type": "physical"}]
    else:
        notes.append(f"{loaded.display_name}: setting.address: has no UK postcode on its last lines, so the Open "
                     "Referral feed gives no address for it (write the town and the postcode on the last lines)")
    access = loaded.offer.accessibility
    if access and _given(access.facilities):
        location["accessibility"] = [{"id": stable_id(key, "accessibility"), "location_id": location_id,
                                      "description": md.to_plain(access.facilities)}]
    service["service_at_locations"] = [{"id": stable_id(key, "service-at-location"), "service_id": service_id,
                                        "location_id": location_id, "location": location}]
    by_language: dict[str, list[str]] = {}
    for fmt, lang in entry.documents:
        by_language.setdefault(lang, [])
        if fmt not in by_language[lang]:
            by_language[lang].append(fmt)
    tags = [info.language, *[t for t in [*_translations(loaded), *by_language] if t != info.language]]
    service["languages"] = [_language_entry(service_id, tag, tag == info.language, by_language.get(tag, []))
                            for tag in dict.fromkeys(tags)]
    needs, _source = needs_of(loaded)
    terms = taxonomy_terms()
    made = list(dict.fromkeys(fmt for fmt, _lang in entry.documents))
    service["attributes"] = ([_attribute(service_id, "need", terms[NEEDS_TAXONOMY[0], code]) for code in needs]
                             + [_attribute(service_id, "format", terms[FORMATS_TAXONOMY[0], fmt]) for fmt in made])
    service["organization"] = organization
    return service


# --- the feed ----------------------------------------------------------------------------------

LIST_FIELDS = ("id", "organization_id", "name", "description", "url", "email", "status", "minimum_age",
               "maximum_age", "assured_date", "last_modified", "organization")


def page_of(items: list, page: int, per_page: int) -> dict:
    """One page of a list, with the paging fields of the profile's Page."""
    total_pages = math.ceil(len(items) / per_page)
    contents = items[(page - 1) * per_page:page * per_page]
    return {"total_items": len(items), "total_pages": total_pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= total_pages, "empty": not contents, "contents": contents}


def service_list_item(service: dict) -> dict:
    return {k: service[k] for k in LIST_FIELDS if k in service}


def service_at_location_item(service: dict) -> dict:
    link = service["service_at_locations"][0]
    return {**link, "service": service_list_item(service)}


def feed_documents(settings: list[FeedSetting], per_page: int = PER_PAGE) -> tuple[dict[str, dict], list[str]]:
    """Every file of the feed (path inside the feed folder -> its JSON), and notes for people."""
    notes: list[str] = []
    services = [build_setting(entry, notes) for entry in settings]
    lists = {
        "services": [(s["id"], s, service_list_item(s)) for s in services],
        "service_at_locations": [(s["service_at_locations"][0]["id"], service_at_location_item(s),
                                  service_at_location_item(s)) for s in services],
        "taxonomies": [(t["id"], t, {k: v for k, v in t.items() if k != "taxonomy_terms"}) for t in taxonomies()],
        "taxonomy_terms": [(t["id"], t, t) for t in taxonomy_terms().values()],
    }
    files: dict[str, dict] = {"index.json": {"version": HSDS_VERSION, "profile": PROFILE_URL,
                                             "openapi_url": OPENAPI_URL}}
    for endpoint, rows in lists.items():
        items = [row[2] for row in rows]
        for page in range(1, max(1, math.ceil(len(items) / per_page)) + 1):
            files[f"{endpoint}/page-{page}.json"] = page_of(items, page, per_page)
        for item_id, full, _item in rows:
            files[f"{endpoint}/{item_id}.json"] = full
    return files, notes


# --- the profile's schemas ---------------------------------------------------------------------

class FeedError(OfferprintError):
    """A feed file does not follow the Open Referral UK profile (a fault of offerprint's, said
    plainly so that it can be reported)."""

    exit_code = 3
    kind = "feed"


@functools.cache
def _registry():
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(SCHEMAS.rglob("*.json")):
        address = SCHEMA_BASE + path.relative_to(SCHEMAS).as_posix()
        resources.append((address, DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8")))))
    return Registry().with_resources(resources)


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def schema_for(endpoint: str) -> dict:
    """The schema an answer of ``endpoint`` ("/", "/services", "/services/{id}" ...) follows:
    the profile's openapi.json response. /service_at_locations/{id} is a service_at_location:
    the profile's openapi.json names the service schema there (copied from /services/{id}),
    which no service_at_location can meet; HSDS 3.0's own API names service_at_location."""
    if endpoint == "/service_at_locations/{id}":
        return {"$ref": SCHEMA_BASE + "compiled/service_at_location.json"}
    return {"$ref": OPENAPI_URL + "#/" + _pointer("paths", endpoint, "get", "responses", "200", "content",
                                                   "application/json", "schema")}


@functools.cache
def validator(endpoint: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema_for(endpoint), registry=_registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def endpoint_of(path: str) -> str:
    """The API endpoint a feed file answers: "services/page-2.json" -> "/services"."""
    if path == "index.json":
        return "/"
    folder, _, name = path.partition("/")
    return f"/{folder}" if name.startswith("page-") else f"/{folder}/{{id}}"


def problems_in(document: dict, endpoint: str) -> list[str]:
    """What in ``document`` does not follow the profile's schema for ``endpoint`` (none: it does)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in sorted(validator(endpoint).iter_errors(document), key=lambda e: list(map(str, e.path)))]


# --- writing -----------------------------------------------------------------------------------

@dataclass
class FeedResult:
    folder: Path
    services: int
    written: int = 0  # files whose bytes changed
    removed: int = 0
    notes: list[str] = field(default_factory=list)


README = """Open Referral UK feed of {count} settings' special educational needs support, made by offerprint.

The files answer the read-only API of the Open Referral UK profile (HSDS 3.0), one file per answer:
  index.json                          GET /
  services/page-N.json                GET /services?page=N&per_page={per_page}
  services/<id>.json                  GET /services/<id> (fully nested: organization, contacts, location, languages)
  service_at_locations/page-N.json    GET /service_at_locations?page=N&per_page={per_page}
  service_at_locations/<id>.json      GET /service_at_locations/<id>
  taxonomies/page-N.json, <id>.json   the kinds of need and the document formats
  taxonomy_terms/page-N.json, <id>.json
Serve this folder with any web server, or run: offerprint openreferral SITE --port 8000
(any page size, CORS for every origin, no keys). Ids stay the same from build to build.
"""


def write_feed(site: Path, settings: list[FeedSetting], per_page: int = PER_PAGE) -> FeedResult:
    """Write (or bring up to date) ``site/openreferral/``; every file is checked against the
    profile first, and nothing is written if any fails."""
    files, notes = feed_documents(settings, per_page)
    for path, document in files.items():
        found = problems_in(document, endpoint_of(path))
        if found:
            raise FeedError(f"{FEED}/{path}: does not follow the Open Referral UK profile ({found[0]}); this is a "
                            "fault in offerprint: please report it with the offer that caused it")
    out = site / FEED
    linked = linked_out(site, [FEED, *(f"{FEED}/{endpoint}" for endpoint in ENDPOINTS)])
    if linked:  # writing (and clearing old pages) there would happen elsewhere
        raise OutputError(f"{display_path(site / linked)}: is a link to a folder outside the site folder, so the feed "
                          "was not written; make it an ordinary folder (or remove it), then build the site again")
    result = FeedResult(out, len(settings), notes=notes)
    payloads = {path: json.dumps(doc, indent=1, ensure_ascii=False) + "\n" for path, doc in files.items()}
    payloads["README.txt"] = README.format(count=len(settings), per_page=per_page)
    for path, text in payloads.items():
        target, data = out / path, text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomic(target, data)
        result.written += 1
    for endpoint in ENDPOINTS:  # a setting no longer in the borough; a page no longer needed
        for stale in (out / endpoint).glob("*.json"):
            if f"{endpoint}/{stale.name}" not in payloads and (stale.name.startswith("page-")
                                                               or _UUID.match(stale.stem)):
                stale.unlink()
                result.removed += 1
    return result


def write_site_feed(result: SiteResult) -> FeedResult:
    """The feed of a hub just built: every setting, with the documents the site made of it."""
    settings = [FeedSetting(e.loaded, e.slug, tuple((d.fmt, d.lang) for d in e.downloads)) for e in result.settings]
    return write_feed(result.folder, settings)
