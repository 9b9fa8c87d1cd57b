"""Facts a report states: the setting's name, address, phone and email, its SENCO's name, email
and phone, the Local Offer, and the review dates."""

from __future__ import annotations

import datetime as dt
import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d])(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d])")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_TITLE = r"(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof)\.?"
_NAME = rf"(?:{_TITLE}\s+(?:[A-Z]\.?\s+)?[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?|[A-Z][a-z]+\s+[A-Z][A-Za-z'’-]+)"
_SENCO_WORD = r"(?i:SENCO|SENDCO|SENCo|SENDCo|SEN\s+co-?ordinator|special\s+educational\s+needs(?:\s+and\s+disabilit(?:y|ies))?\s+(?:\(SEND\)\s+)?co-?ordinator|SEN\s+lead|SEND\s+lead|inclusion\s+(?:manager|lead)|head\s+of\s+(?:learning\s+support|inclusion|additional\s+(?:learning\s+)?support)|additional\s+(?:learning\s+)?support\s+manager)"
_SENCO_NAME = (
    re.compile(rf"{_SENCO_WORD}(?:\s*\((?:SENCO|SENDCO|SENCo|SENDCo)\))?\s*(?:is|:|,|–|-)?\s*(?:is\s+)?({_NAME})"),
    re.compile(rf"({_NAME})\s*(?:,|\(|–|-)?\s*(?:is\s+)?(?:our|the)?\s*(?:school's\s+)?{_SENCO_WORD}"),
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\s+(\d{{4}})\b|\b({_MONTHS})\s+(\d{{4}})\b"
                   r"|\b(\d{1,2})/(\d{1,2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b", re.I)
_NEXT = re.compile(r"next\s+review|review\s+date|to\s+be\s+reviewed|will\s+be\s+reviewed|due\s+for\s+review|"
                   r"review\s+due|reviewed\s+again", re.I)
_REVIEWED = re.compile(r"reviewed|updated|date\s+of\s+review|written|published|last\s+review|agreed", re.I)
SETTING_WORDS = re.compile(r"\b(?:School|Academy|College|Nursery|Pre-?school|Centre|Center|Unit|Federation|"
                            r"Trust|Infants?|Juniors?|Primary|High|Sixth Form)\b")
TITLE_NOISE = re.compile(
    r"\b(?:SEN(?:D)?|Special\s+Educational\s+Needs(?:\s+and\s+Disabilit(?:y|ies))?)\s+(?:Information\s+)?"
    r"(?:Report|Offer|Policy)\b|\bInformation\s+Report\b|\bSchool\s+Offer\b|\bLocal\s+Offer\b|\bSEND\s+Offer\b|"
    r"\bSupport\s+for\s+Learners\b|\b(?:Our|The)\s+SEND?\s+(?:Information\s+)?(?:Report|Offer)\b|\b(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b",
    re.I)


def _date(match: re.Match) -> dt.date | None:
    g = match.groups()
    months = {m.lower(): i for i, m in enumerate(_MONTHS.split("|"), 1)}
    try:
        if g[0]:
            return dt.date(int(g[2]), months[g[1].lower()], int(g[0]))
        if g[3]:
            return dt.date(int(g[4]), months[g[3].lower()], 1)
        if g[5]:
            return dt.date(int(g[7]), int(g[6]), int(g[5]))
        return dt.date(int(g[8]), int(g[9]), int(g[10]))
    except ValueError:
        return None


def _phone(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-", " ")).strip()


def find_facts(paragraphs: list[str], title: str | None, links: list[tuple[str, str]] = ()) -> dict:
    """The setting's contact details, its SENCO and review dates, where the text states them
    (``links``: the report's (words, address) links, whose addresses the text does not show)."""
    facts: dict = {}
    text = "\n\n".join(paragraphs)
    for pattern in _SENCO_NAME:
        match = pattern.search(text)
        if match:
            name = re.sub(r"\s+", " ", match.group(1)).strip()
            if not re.search(r"\b(?:The|Our|School|SENCO|Special|Local|Offer|Phone|Email)\b", name):
                facts["senco.name"] = name
                role = re.search(_SENCO_WORD, match.group(0))
                role_words = re.sub(r"\s+", " ", role.group(0)) if role else "SENCO"
                facts["senco.role"] = ("Special educational needs co-ordinator (SENCO)"
                                       if re.search(r"co-?ordinator|^SENC|^SENDC", role_words, re.I)
                                       else role_words[:1].upper() + role_words[1:])
                break
    senco_paragraphs = [p for p in paragraphs if re.search(_SENCO_WORD, p, re.I)
                        or (facts.get("senco.name") and facts["senco.name"].split()[-1] in p)]
    emails = _EMAIL.findall(text)
    senco_emails = [e for e in emails if re.search(r"senco|send|sen\b|inclusion|learning\.?support|additional", e, re.I)]
    if not senco_emails:
        senco_emails = [e for p in senco_paragraphs for e in _EMAIL.findall(p)]
    if senco_emails:
        facts["senco.email"] = senco_emails[0].rstrip(".")
    for p in senco_paragraphs:  # the number nearest after the SENCO's name (or title)
        phones = list(_PHONE.finditer(p))
        if phones:
            mention = re.search(re.escape(facts["senco.name"]) if facts.get("senco.name") else _SENCO_WORD, p)
            mention = mention or re.search(_SENCO_WORD, p)
            at = mention.start() if mention else 0
            after = [m for m in phones if m.start() >= at] or phones
            facts["senco.phone"] = _phone(after[0].group())
            break
    office = [e for e in emails if re.search(r"^(office|admin|enquir|info|contact|reception|hello|school)", e, re.I)]
    others = [e for e in emails if e not in senco_emails]
    if office or others:
        facts["email"] = (office or others)[0].rstrip(".")
    for p in paragraphs:  # the setting's own address: a postcode not in a sentence about someone else
        if _POSTCODE.search(p) and not re.search(r"local offer|council|sendiass|town hall|ias service|civic",
                                                  p, re.I):
            facts["address"] = _address(p)
            phones = _PHONE.findall(p)
            if phones and _phone(phones[0]) != facts.get("senco.phone"):
                facts["phone"] = _phone(phones[0])
            break
    if "phone" not in facts:
        for p in paragraphs:
            if re.search(r"office|reception|call us|ring us|telephone the school|school on|main number", p, re.I):
                phones = [_phone(x) for x in _PHONE.findall(p) if _phone(x) != facts.get("senco.phone")]
                if phones:
                    facts["phone"] = phones[0]
                    break
    if "phone" not in facts:
        phones = [_phone(x) for x in _PHONE.findall(text) if _phone(x) != facts.get("senco.phone")]
        if phones:
            facts["phone"] = phones[0]
    domain = (facts.get("email") or facts.get("senco.email") or "@").split("@", 1)[1]
    urls = [("", u) for u in re.findall(r"https?://[^\s)\]>\"']+", text)] + list(links)
    for words, url in urls:
        url = url.rstrip(".,;")
        if not url.startswith(("https://", "http://")):
            continue
        if domain and domain in url and "website" not in facts:
            facts["website"] = re.sub(r"^(https?://[^/]+).*$", r"\1", url)
        if re.search(r"local-?offer", url + " " + words, re.I) and "local_offer.website" not in facts:
            facts["local_offer.website"] = url
    name = re.search(r"\b((?:[A-Z][a-z]+\s){1,2})Local Offer\b", text)
    if name and not re.match(r"(?:The|Our|Your|See|Visit|In)\s", name.group(1)):
        facts["local_offer.name"] = f"{name.group(1).strip()} Local Offer"
    found: dict[str, list[tuple[bool, dt.date]]] = {"reviewed": [], "next_review": []}
    for p in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
            for match in _DATE.finditer(sentence):
                day = _date(match)
                if day is None:
                    continue
                before = sentence[:match.start()]
                exact = not match.group(4)  # a day, not just a month
                if _NEXT.search(before):
                    found["next_review"].append((exact, day))
                elif _REVIEWED.search(before):
                    found["reviewed"].append((exact, day))
    for key, days in found.items():
        if days:  # the first exact date, else the first month named
            facts[key] = next((d for exact, d in days if exact), days[0][1])
    if title:
        name_part = TITLE_NOISE.sub(" ", title)
        name_part = re.sub(rf"\b(?:{_MONTHS})\b", " ", name_part)
        name_part = re.sub(r"\s*([:–—|]|\s-\s)(?:\s*[:–—|-])*\s*", r" \1 ", name_part)  # "– –" is one
        name_part = re.sub(r"^[\s:–—|,-]+|[\s:–—|,-]+$", "", re.sub(r"\s+", " ", name_part))
        name_part = re.sub(r"\s*[:–—|]\s*$", "", name_part).strip()
        if name_part and len(name_part.split()) <= 10:
            facts["name"] = name_part
    return facts


def _address(paragraph: str) -> str:
    """The lines of an address, up to its postcode ("Address: 1 Road, Town AB1 2CD" → lines)."""
    text = paragraph[:_POSTCODE.search(paragraph).end()]
    lines = [l.strip() for l in text.split("\n") if l.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    lines = [re.sub(r"^(?:our\s+)?(?:postal\s+)?address\s*(?:is)?\s*:?\s*", "", l, flags=re.I) for l in lines]
    # a sentence before the address ("You can write to us at") is not part of it
    if lines and re.search(r"\b(?:write|find|visit|at)\b.*(?:at|to)\s*:?$", lines[0], re.I) and len(lines) > 1:
        lines = lines[1:]
    return "\n".join(l for l in lines if l)
