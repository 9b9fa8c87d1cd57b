"""Facts a report states: the setting's name, address, phone and email, its SENCO's name, email
and phone, the Local Offer, and the review dates."""

from __future__ import annotations

import datetime as dt
import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers as schools write them: "0161 496 0732", "(01207) 234 691", "+44 (0)161 496 0732", "01234-567890".
_PHONE = re.compile(r"(?<![\d])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d])")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_TITLE = r"(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof)\.?"
_TITLED = rf"{_TITLE}\s+(?:[A-Z]\.?\s*){{0,3}}[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?"
_BARE = r"[A-Z][a-z]+[ \t]+[A-Z][A-Za-z'’-]+"
_SENCO_WORD = (r"(?i:SENCO|SENDCO|SENCo|SENDCo|SEN\s*/\s*SENDCo|SEND?\s+co-?ordinator|special\s+(?:education(?:al)?\s+)?needs"
               r"(?:\s+and\s+disabilit(?:y|ies))?\s+(?:\(SEND?\)\s+)?co-?ordinator|SEND?\s+lead(?:er)?"
               r"|inclusion\s+(?:manager|lead(?:er)?|co-?ordinator)|(?:assistant\s+)?head\s+of\s+(?:learning\s+support|"
               r"inclusion|send|additional\s+(?:learning\s+)?(?:support|needs))|(?:assistant|deputy)\s+head(?:teacher)?\s+"
               r"(?:for|of)\s+inclusion|additional\s+(?:learning\s+)?(?:support|needs)\s+(?:manager|co-?ordinator)"
               r"|learning\s+director\s+of\s+SEN)")
# Words of a role or an organisation, never of a person's name ("Needs Coordinator", "Governing Body").
_NOT_A_NAME = re.compile(r"\b(?:The|Our|School|SENCO|SENCo|SENDCo|SENDCO|SEN|SEND|Special|Local|Offer|Phone|Email|Needs|"
                         r"Coordinator|Co-ordinator|Educational|Head|Headteacher|Teacher|Governing|Body|Inclusion|Learning|"
                         r"Support|Manager|Director|Lead|Leader|Assistant|Deputy|Principal|Vice|Trust|Academy|Team|"
                         r"Contact|Tel|Telephone|Department|Services?|Council|Health|Children|Information|Report|"
                         r"Policy|Additional|Pastoral|Email|Address|Name|Role|Details|Mobile|Early|Years|Level|Award|National|"
                         r"Primary|Secondary|Junior|Infant|Nursery|College|Key|Stage)\b")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|"
           r"Nov(?:ember)?|Dec(?:ember)?")
_TERMS = {"autumn": 9, "spring": 1, "summer": 4}
_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})\.?,?\s+(\d{{4}})\b"
                   rf"|\b({_MONTHS})\.?\s+(\d{{4}})\b"
                   r"|\b(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4}|\d{2})\b"
                   r"|\b(\d{4})-(\d{2})-(\d{2})\b"
                   r"|\b(Autumn|Spring|Summer)\s+(?:term\s+|half[- ]term\s+)?(\d{4})\b", re.I)
# What a date is, by the words just before it ("Review Date 01.09.22 / Review Due 01.09.23").
_NEXT = re.compile(r"next\s+review|review(?:\s+is)?\s+due|due\s+(?:for\s+)?review|to\s+be\s+reviewed|will\s+be\s+reviewed|"
                   r"reviewed\s+again|next\s+update|review\s+by|renewal", re.I)
_REVIEWED = re.compile(r"review(?:ed)?\s+(?:date|on)|date\s+(?:of\s+)?(?:last\s+)?review(?:ed)?|reviewed|updated|written|"
                       r"published|approved|adopted|agreed|ratified|completed|issued|last\s+review|date\s+of\s+issue|"
                       r"produced|effective\s+from|dated", re.I)
SETTING_WORDS = re.compile(r"\b(?:School|Academy|College|Nursery|Pre-?school|Centre|Center|Unit|Federation|"
                            r"Trust|Infants?|Juniors?|Primary|High|Sixth Form)\b")
TITLE_NOISE = re.compile(
    r"\b(?:SEN(?:D)?|Special\s+Educational\s+Needs(?:\s+and\s+Disabilit(?:y|ies))?)\s+(?:Information\s+)?"
    r"(?:Report|Offer|Policy)\b|\bInformation\s+Report\b|\bSchool\s+Offer\b|\bLocal\s+Offer\b|\bSEND\s+Offer\b|"
    r"\bSupport\s+for\s+Learners\b|\b(?:Our|The)\s+SEND?\s+(?:Information\s+)?(?:Report|Offer)\b|\b(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b",
    re.I)
# Another organisation's contact details, not the setting's ("the Local Offer on 0161 ...").
_ELSEWHERE = re.compile(r"local\s+offer|council|\.gov\.uk\b|sendiass|\bias\b|information,?\s+advice|town\s+hall|civic|helpline|"
                        r"camhs|nhs|parent\s+partnership|contact\s+a\s+family|ofsted|local\s+authority", re.I)
_OFFICE = re.compile(r"(?:school|office|reception|main|switchboard|academy|college|nursery|setting|general)"
                     r"(?:\s+\w+){0,3}\s*(?:on|:|number|tel\.?|telephone|phone)?\s*$", re.I)


def _date(match: re.Match) -> dt.date | None:
    g = match.groups()
    try:
        if g[0]:
            return dt.date(int(g[2]), _month(g[1]), int(g[0]))
        if g[3]:
            return dt.date(int(g[4]), _month(g[3]), 1)
        if g[5]:
            year = int(g[7]) + (2000 if len(g[7]) == 2 else 0)
            return dt.date(year, int(g[6]), int(g[5]))  # day first, as in England
        if g[8]:
            return dt.date(int(g[8]), int(g[9]), int(g[10]))
        return dt.date(int(g[12]), _TERMS[g[11].lower()], 1)
    except ValueError:
        return None


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(i for i, name in enumerate(_MONTH_NAMES, 1) if name.startswith(word[:3]))


def _phone(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-", " ")).strip()


def _is_person(name: str) -> bool:
    return not _NOT_A_NAME.search(name) and not any(m in name.lower().split() for m in _MONTH_NAMES)


def _senco(text: str) -> tuple[str, str] | None:
    """(name, role words) of the SENCO: a name just after a mention of the role ("SENCO: Mrs Jo
    Bell", "Our SENDCo is Mr T J Harding", a heading "Who is our SENCo?" over "Mrs Pack") or
    just before it ("Peter Halloran (SENCo)", "Mrs Shaw, our SENCO"). Names with a title (Mrs,
    Mr ...) first; a bare "Gemma Shaw" only right beside the role."""
    for titled in (True, False):
        name = _TITLED if titled else _BARE
        gap_after = r"\s*(?:\([^)\n]{0,30}\))?\s*(?:[?:,–—-]+|\bis\b|\bwho\s+is\b|\bcalled\b|\bnamed\b)?\s*" if titled \
            else r"\s*(?:\([^)\n]{0,30}\))?\s*(?::|–|—|-|\bis\b)\s*"
        gap_before = (r"\s*(?:,|\(|–|—|-)?\s*(?:is\s+)?(?:also\s+)?(?:our|the)?\s*" if titled
                      else r"\s*(?:,\s*(?:is\s+)?(?:also\s+)?(?:our|the)\s*|\(\s*)")
        mentions = list(re.finditer(_SENCO_WORD, text))
        # "SENCO (Operations)" or "(maternity cover)" after the role: a second SENCO, looked at last
        qualified = [m for m in mentions if re.match(r"\s*\((?!SEN)[^)\n]{1,30}\)", text[m.end():])]
        for mention in [m for m in mentions if m not in qualified] + qualified:
            after = text[mention.end():mention.end() + 120]
            found = re.match(rf"{gap_after}(?:is\s+)?(?:called\s+)?(?:currently\s+)?({name})", after)
            if found and _is_person(found.group(1)):
                return re.sub(r"\s+", " ", found.group(1)).strip(), mention.group(0)
            before = text[max(0, mention.start() - 90):mention.start()]
            found = re.search(rf"({name}){gap_before}(?:school's\s+|setting's\s+|nursery's\s+|academy's\s+|"
                              r"college's\s+)?$", before)
            if found and _is_person(found.group(1)):
                return re.sub(r"\s+", " ", found.group(1)).strip(), mention.group(0)
    return None


# A setting's name: capitalised words ending in the word for a setting ("Church Gresley Infant and
# Nursery School", "St Mary's Fields Primary School", "Loreto High School").
_SETTING_END = re.compile(r"\b(?:School|Academy|College|Nursery|Pre-?[Ss]chool|Playgroup|Centre|PRU|Federation|"
                          r"SCHOOL|ACADEMY|COLLEGE|NURSERY)\b")
_STOP_BACK = {"Contact", "Contact:", "Governor", "Headteacher", "Head", "Mrs", "Mr", "Miss", "Ms", "Dr", "Email", "Tel",
              "Telephone", "Phone", "Address", "Website", "SENCO", "SENCo", "SENDCo", "Welcome", "Dear", "About"}
_JOINERS = {"and", "&", "of", "the", "upon", "on", "in", "le", "de", "la", "St", "St.", "CE", "C", "E", "RC", "VA", "VC"}
_GENERIC = {"school", "academy", "college", "nursery", "primary", "secondary", "high", "infant", "infants", "junior",
            "juniors", "special", "community", "church", "ce", "c", "e", "of", "england", "rc", "catholic", "day",
            "pre-school", "preschool", "centre", "children's", "sixth", "form", "mainstream", "local", "our", "the",
            "this", "your", "every", "a", "an", "sen", "send", "educational", "needs", "grammar", "free", "independent",
            "upper", "lower", "middle", "first", "all", "new", "each", "any", "other", "another", "previous", "next",
            "receiving", "feeder", "and", "&", "specialist", "residential", "maintained", "state", "private", "village",
            "nursery", "playgroup", "federation", "pru", "trust", "multi", "academy's", "school's", "information",
            "report", "policy", "offer", "support", "learning", "needs", "disabilities", "inclusion", "unit",
            "resource", "base", "provision", "alternative", "further", "education", "higher", "national", "county",
            "with", "or", "in", "this", "for", "at", "to", "by", "is", "are", "who", "what", "how", "which", "where"}
_START_WORDS = {"At", "In", "When", "Before", "If", "Our", "This", "Your", "Every", "All", "Each", "Welcome", "To", "From",
                "Visit", "For", "With", "About", "By", "On", "Contact", "Dear", "As", "Both", "Why", "How", "What", "Who",
                "Where", "Which", "Whilst", "While", "Once", "After", "Parents", "Pupils", "Children", "Students",
                "Staff", "Please", "Join", "Call", "Email", "Phone", "Tel", "Telephone", "Address", "Name", "Some",
                "Most", "Many", "Here", "There", "Then", "So", "But", "And", "Also", "Name:", "Setting", "Setting:",
                "A", "An", "Any", "Attend", "Attending", "Admission", "Admissions", "Transition", "Moving", "Local",
                "Definition", "Definitions", "Introduction", "Overview", "Summary", "History", "Aims", "Vision", "Update"}


def _setting_names(text: str) -> list[str]:
    names = []
    for end in _SETTING_END.finditer(text):
        if re.match(r"[ \t]+(?:School|SCHOOL|Academy|College)\b|s?[ \t]*(?:Schools|Academies|Nurseries|Colleges)\b",
                    text[end.end():]):
            continue  # "Nursery" of "Nursery School": the name ends at the next word; "Nursery Schools": a group
        line_start = max(text.rfind("\n", 0, end.start()) + 1, end.start() - 120)
        # words, and the punctuation between them ("School, School Road": two names' worth, not one)
        before = re.findall(r"[^\s,;:()\[\]\"“”|/–—-]+(?:-[^\s,;:()\[\]\"“”|/–—]+)*|[–—,;:()\[\]\"“”|/-]",
                            text[line_start:end.start()])
        words: list[str] = []
        for word in reversed(before):
            if word in _STOP_BACK or word.endswith("s") and _SETTING_END.fullmatch(word[:-1]) or (
                    _SETTING_END.fullmatch(word) and words and words[0] not in _JOINERS):
                break  # "Governor Mrs Jean Haworth Contact Burlington ...", "... Schools George Dent ..."
            if word in _JOINERS or word[:1].isupper():
                words.insert(0, word)
                if len(words) >= 9:
                    break
            else:
                break
        while words and (words[0] in _JOINERS and words[0] not in ("St", "St.") or words[0] in _START_WORDS):
            words.pop(0)
        name = " ".join(words + [end.group(0)])
        follow = re.match(r"\s+(?:and|&)\s+(Nursery|Sixth Form|Children's Centre)\b", text[end.end():])
        if follow and end.group(0) != "School":
            name += f" and {follow.group(1)}"
        proper = [w for w in words if w.lower().strip(".'’") not in _GENERIC and w not in _JOINERS]
        if proper and len(name) <= 80:
            names.append(name)
    return names


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower().replace("&", "and").replace("saint", "st"))


# The parts of a web page's title ("Gloucester House - SEN Information Report", "SEND | Oak
# Tree Nursery"): the part that is not the page's subject or the site's menu is the school.
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|:»·]\s+|\s*\|\s*")
_PAGE_WORDS = {"access", "arrangements", "details", "early", "help", "education", "need", "home", "homepage", "welcome", "information", "report", "reports", "policy", "policies", "local",
               "offer", "parents", "parent", "carers", "about", "us", "key", "curriculum", "news", "inclusion",
               "and", "disability", "disabilities", "special", "educational", "needs", "sen", "send", "senco",
               "sendco", "support", "pupils", "children", "our", "school", "page", "faqs", "faq", "provision",
               "statutory", "documents", "of", "the", "for", "with", "&", "learning", "wellbeing", "pastoral"}


def title_names(title: str) -> list[str]:
    """Names a page title gives besides names _setting_names finds ("Gloucester House")."""
    names = []
    for part in _TITLE_SEPARATOR.split(title):
        words = re.findall(r"[\w'’&.-]+", part)
        if not 1 <= len(words) <= 7 or re.search(r"\d{3}", part):
            continue
        # Only a name with no word of a page's subject in it ("Gloucester House"; "SEND Details" is not)
        if any(w.lower().strip(".") in _PAGE_WORDS | _GENERIC for w in words if w.lower() not in ("of", "the")) or \
                not all(w[:1].isupper() or w.lower() in ("of", "the", "de", "le") for w in words):
            continue
        names.append(" ".join(part.split()))
    return names


def setting_name(paragraphs: list[str], title: str | None, emails: list[str],
                 page_title: str | None = None) -> tuple[str, str] | None:
    """(the setting's name, where it came from): the name most often given, counting the title,
    an address block, a copyright line and the email domain as stronger evidence. Never a
    generic title ("SEND Information Report")."""
    counts: dict[str, list] = {}  # key -> [score, name, where]
    def add(name: str, score: float, where: str) -> None:
        entry = counts.setdefault(_key(name), [0.0, name, where])
        entry[0] += score
        if len(name) > len(entry[1]) and _key(name) == _key(entry[1]):
            entry[1] = name
    for name in _setting_names(title or ""):
        add(name, 3.0, "the title")
    for name in _setting_names(page_title or "") or title_names(page_title or ""):
        add(name, 3.0, "the web page's title")
    for paragraph in paragraphs:
        strong = (bool(_POSTCODE.search(paragraph)) and not _ELSEWHERE.search(paragraph)
                  or "©" in paragraph or "copyright" in paragraph.lower())
        for name in _setting_names(paragraph):
            add(name, 2.0 if strong else 1.0, "the address" if _POSTCODE.search(paragraph) else "the text")
    domains = {e.split("@", 1)[1].split(".")[0].lower() for e in emails}
    for entry in counts.values():
        letters = _key(entry[1])
        if any(len(d) >= 5 and (d in letters or letters.startswith(d[:6])) for d in domains):
            entry[0] += 2.0
    if not counts:
        return None
    best = max(counts.values(), key=lambda e: (e[0], len(e[1])))
    if best[2] == "the text":
        best[2] = f"the text, where it is named {best[0]:g} times" if best[0] > 1 else "the text"
    return best[1], best[2]


def find_facts(paragraphs: list[str], title: str | None, links: list[tuple[str, str]] = (), *,
               page_title: str | None = None) -> dict:
    """The setting's contact details, its SENCO and review dates, where the text states them
    (``paragraphs``: the report's headings and paragraphs in order; ``links``: its (words,
    address) links, whose addresses the text does not show). ``name.source`` says where the
    setting's name came from."""
    facts: dict = {}
    text = "\n\n".join(paragraphs)
    senco = _senco(text)
    if senco:
        facts["senco.name"] = senco[0]
        role_words = re.sub(r"\s+", " ", senco[1])
        facts["senco.role"] = ("Special educational needs co-ordinator (SENCO)"
                               if re.search(r"co-?ordinator|^SENC|^SENDC|^SEN\s*/", role_words, re.I)
                               else role_words[:1].upper() + role_words[1:])
    surname = facts["senco.name"].split()[-1] if facts.get("senco.name") else None
    senco_paragraphs = [p for p in paragraphs if re.search(_SENCO_WORD, p) or (surname and surname in p)]
    emails = [e.rstrip(".") for e in _EMAIL.findall(text)]
    senco_emails = [e for e in emails if re.search(r"senco|sendco|send\b|sen\b|inclusion|learning\.?support|additional",
                                                   e.split("@")[0], re.I)
                    or (surname and surname.lower() in e.split("@")[0].lower())]
    if not senco_emails:
        senco_emails = [e for p in senco_paragraphs for e in _EMAIL.findall(p)
                        if not re.match(r"^(office|admin|enquir|info|contact|reception|hello|school)", e, re.I)]
    if senco_emails:
        facts["senco.email"] = senco_emails[0].rstrip(".")
    office_phones: list[str] = []
    for p in senco_paragraphs:  # the number nearest after the SENCO's name (or role), unless it is the office's
        mention = re.search(re.escape(facts["senco.name"]) if facts.get("senco.name") else _SENCO_WORD, p)
        mention = mention or re.search(_SENCO_WORD, p)
        at = mention.start() if mention else 0
        for m in _PHONE.finditer(p):
            lead = p[max(at, m.start() - 45):m.start()]
            if (_OFFICE.search(lead) or _ELSEWHERE.search(p[max(0, m.start() - 80):m.start()])
                    or _POSTCODE.search(p[at:m.start()])):  # a number after an address is the setting's
                office_phones.append(_phone(m.group()))
                continue
            if m.start() >= at:
                facts.setdefault("senco.phone", _phone(m.group()))
        if "senco.phone" in facts:
            break
    if "senco.phone" in facts and _shared(facts["senco.phone"], text, surname):
        office_phones.insert(0, facts.pop("senco.phone"))
    office = [e for e in emails if re.search(r"^(office|admin|enquir|info|contact|reception|hello|school|head)", e, re.I)]
    others = [e for e in emails if e not in senco_emails]
    if office or others:
        facts["email"] = (office or others)[0].rstrip(".")
    not_senco = lambda number: number != facts.get("senco.phone")  # noqa: E731
    for p in paragraphs:  # the setting's own address: a postcode not in a sentence about someone else
        if _POSTCODE.search(p) and not _ELSEWHERE.search(p):
            facts["address"] = _address(p)
            phones = [_phone(x) for x in _PHONE.findall(p) if not_senco(_phone(x))]
            if phones:
                facts["phone"] = phones[0]
            break
    if "phone" not in facts and office_phones:
        facts["phone"] = office_phones[0]
    if "phone" not in facts:
        for p in paragraphs:
            if re.search(r"office|reception|call us|ring us|telephone the school|school on|main number|tel\b|phone",
                         p, re.I) and not _ELSEWHERE.search(p):
                phones = [_phone(x) for x in _PHONE.findall(p) if not_senco(_phone(x))]
                if phones:
                    facts["phone"] = phones[0]
                    break
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
    facts.update(_review_dates(paragraphs))
    named = setting_name(paragraphs, title, emails, page_title)
    if named:
        facts["name"], facts["name.source"] = named
    return facts


def _shared(number: str, text: str, surname: str | None) -> bool:
    """Whether a number is given for someone else too ("Headteacher  Mrs Atherley  01325 374412"
    above "SENDCO  Mrs Ridley  01325 374412"): a number shared by several people is the setting's."""
    for line in text.splitlines():
        if any(_phone(m) == number for m in _PHONE.findall(line)) and not (
                re.search(_SENCO_WORD, line) or (surname and surname in line)) and re.search(
                rf"{_TITLED}|\b(?:head|principal|office|reception|deputy|manager)", line, re.I):
            return True
    return False


def _review_dates(paragraphs: list[str]) -> dict:
    """``reviewed`` and ``next_review``: each date labelled by the nearest words before it."""
    found: dict[str, list[tuple[bool, dt.date]]] = {"reviewed": [], "next_review": []}
    for p in paragraphs:
        for line in p.split("\n"):
            for sentence in re.split(r"(?<=[.!?;])\s+(?=[A-Z])", line):
                previous_end = 0
                for match in _DATE.finditer(sentence):
                    day = _date(match)
                    before = sentence[previous_end:match.start()][-70:]
                    previous_end = match.end()
                    if day is None:
                        continue
                    nexts = [m.span() for m in _NEXT.finditer(before)]
                    labels = [(end, "next_review") for _, end in nexts]
                    if nexts and re.search(r"next\s+review|review\s+due", before, re.I):
                        found["next_review"].insert(0, (True, day))  # the plainest label wins over "to be reviewed"
                        continue
                    labels += [(m.end(), "reviewed") for m in _REVIEWED.finditer(before)  # "Next Review Date" is next
                               if not any(a < m.end() and m.start() < b for a, b in nexts)]
                    if not labels:
                        continue
                    exact = bool(match.group(1) or match.group(6) or match.group(9))  # a day, not just a month
                    found[max(labels)[1]].append((exact, day))
    facts = {}
    for key, days in found.items():
        if days:  # the first exact date, else the first month named
            facts[key] = next((d for exact, d in days if exact), days[0][1])
    if "reviewed" not in facts:  # a date standing alone near the top ("September 2014", "(Updated October 2018)")
        for p in paragraphs[:10]:
            for line in p.split("\n"):
                match = _DATE.search(line)
                if match and len(re.sub(r"[^A-Za-z0-9]", "", line[:match.start()] + line[match.end():])) <= 8:
                    day = _date(match)
                    if day:
                        facts["reviewed"] = day
                        break
            if "reviewed" in facts:
                break
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
