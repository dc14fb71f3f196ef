"""The entity linker: finds in a parsed release the entities of the graph it mentions, the people
it names with their roles, and the meetings it reports. Every link keeps the exact text span it
came from. Precision first: an ambiguous name stays unlinked.

Quotes are attributed in :mod:`kg.quotes`; people and roles in :mod:`kg.people`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg import iri
from kg.gazetteer import MENTION_KINDS, Gazetteer, key_of, tokens
from kg.pages import ParsedPage

# "the Ukrainian 2013 OSCE Chairmanship", "OSCE Chairperson-in-Office", "Swiss Chairpersonship"
CHAIR = re.compile(r"\b(?:(?P<adj>[A-Z][\w-]+)\s+)?(?:(?P<year>(?:19|20)\d\d)\s+)?(?:OSCE\s+|CSCE\s+)?"
                   r"(?P<what>Chair(?:man|person)ship|Chair(?:man|person)-in-Office)\b")
# "the OSCE Summit in Astana in December", "Ministerial Council in Basel"
MEETING_AT = re.compile(r"\b(?P<series>(?:OSCE\s+|CSCE\s+)?(?:Summit|Ministerial Council(?: meeting)?))"
                        r"\s+in\s+(?P<city>[A-Z][\w’'-]+(?:\s[A-Z][\w-]+)?)(?:\s+in\s+(?:\w+\s+)?(?P<year>(?:19|20)\d\d))?")
# "an OSCE conference that started in Vienna today"
EVENT = re.compile(r"\b(?P<kind>conference|meeting|seminar|workshop|round[- ]table|forum|training course)"
                   r"\b[^.“\"]{0,60}?\b(?:started|opened|began|begins|starts|opens|is being held|was held|"
                   r"is held|takes place|took place|got under way|gets under way)\s+in\s+"
                   r"(?P<city>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)\s+today\b", re.IGNORECASE)
ORGANIZED_BY = re.compile(r"\b(?:organi[sz]ed|co-organi[sz]ed|hosted|convened)\s+(?:jointly\s+)?by\s+(?P<by>[^.]+)")
DURATION = re.compile(r"\b(?P<n>two|three|four|five|2|3|4|5)-day\b", re.IGNORECASE)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


@dataclass(frozen=True)
class Link:
    """An entity the text mentions, with the span that mentions it."""

    iri: str
    kind: str
    start: int
    end: int
    text: str
    rule: str = "name"


@dataclass
class Event:
    """A meeting the release reports that the graph does not have yet."""

    key: str
    label: str
    kind: str
    place: str
    start: dt.date
    end: dt.date | None
    organizers: list[str]
    evidence: tuple[int, int]


@dataclass
class Linked:
    """Everything the linker found in one release."""

    page: ParsedPage
    links: list[Link] = field(default_factory=list)
    dateline: list[Link] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    people: dict = field(default_factory=dict)
    roles: list = field(default_factory=list)
    quotes: list = field(default_factory=list)

    def entities(self) -> set[str]:
        return {link.iri for link in self.links}


def _inside_larger_name(text: str, start: int, end: int) -> bool:
    """True when a place name is part of a longer proper name: "Helsinki Final Act",
    "Charter of Paris", "Budapest University"."""
    after = text[end:end + 40]
    if re.match(r"\s+[A-Z][a-z]", after) and not re.match(r"\s+(?:OSCE|On|In|At|The|And|To)\b", after):
        return True
    return bool(re.search(r"\b[A-Z][a-z]+\s+of\s+(?:the\s+)?$", text[max(0, start - 40):start]))


def name_links(text: str, gazetteer: Gazetteer) -> list[Link]:
    """Leftmost-longest matches of every name and demonym the gazetteer knows."""
    toks = tokens(text)
    links, index = [], 0
    while index < len(toks):
        found = None
        for length in gazetteer.lengths(toks[index][0]):
            if length > len(toks) - index:
                continue
            key = tuple(t for t, _, _ in toks[index:index + length])
            entry, rule = gazetteer.lookup(key), "name"
            if entry is None and key in gazetteer.demonyms and len(gazetteer.demonyms[key]) == 1:
                entry, rule = next(iter(gazetteer.demonyms[key])), "demonym"
            if entry is not None:
                found = (entry, rule, length)
                break
        if found is None:
            index += 1
            continue
        entry, rule, length = found
        start, end = toks[index][1], toks[index + length - 1][2]
        if not (entry.kind == "place" and _inside_larger_name(text, start, end)) and not _in_address(text, start, end):
            links.append(Link(entry.iri, entry.kind, start, end, text[start:end], rule))
        index += length
    return links


def _in_address(text: str, start: int, end: int) -> bool:
    """True inside a web address, e-mail address or handle ("@OSCE_RFoM", "osce.org/fom")."""
    return (start > 0 and text[start - 1] in "@_/.#") or (end < len(text) and text[end] in "_/@")


def chair_links(text: str, on: dt.date, gazetteer: Gazetteer) -> list[Link]:
    """Chairpersonships named by year or implied by the release date ("the Chairperson-in-Office")."""
    links = []
    for match in CHAIR.finditer(text):
        year = int(match["year"]) if match["year"] else on.year
        chair = gazetteer.chairs.get(year)
        if chair is None:
            continue
        adjective = key_of(match["adj"]) if match["adj"] else ()
        states = {e.iri for e in gazetteer.demonyms.get(adjective, ())}
        if states and chair[1] not in states:
            continue  # the text names another State than the one that chaired that year
        start = match.start("year") if match["year"] else match.start("what")
        if match.group().find("OSCE") >= 0 and not match["year"]:
            start = match.start() + match.group().find("OSCE")
        links.append(Link(chair[0], "chairpersonship", start, match.end(), text[start:match.end()], "chair"))
    return links


def meeting_links(text: str, on: dt.date, gazetteer: Gazetteer, names: list[Link]) -> list[Link]:
    """Specific Summits and Ministerial Councils: series + city (+ year), the latest up to the release."""
    links = []
    for match in MEETING_AT.finditer(text):
        series = next((l.iri for l in names if l.kind == "meeting-series"
                       and l.start >= match.start("series") and l.end <= match.end("series")), None)
        place = gazetteer.lookup(key_of(match["city"]))
        if series is None or place is None:
            continue
        candidates = [(year, m) for m, s, p, year in gazetteer.meetings
                      if s == series and p == place.iri and year <= (int(match["year"] or on.year))]
        if match["year"]:
            candidates = [(y, m) for y, m in candidates if y == int(match["year"])]
        if candidates:
            links.append(Link(max(candidates)[1], "meeting", match.start(), match.end(), match.group(), "meeting"))
    return links


def new_events(text: str, on: dt.date, gazetteer: Gazetteer, links: list[Link]) -> list[Event]:
    """Meetings reported as starting today in a named city, with organizers and duration."""
    events = []
    for match in EVENT.finditer(text):
        place = gazetteer.lookup(key_of(match["city"]))
        if place is None or place.kind != "place":
            continue
        window = text[match.start():match.start() + 600]
        days = DURATION.search(window) or DURATION.search(text[max(0, match.start() - 200):match.start()])
        end = on + dt.timedelta(days=NUMBERS[days["n"].lower()] - 1) if days else None
        organizers = []
        if by := ORGANIZED_BY.search(window):
            lo, hi = match.start() + by.start("by"), match.start() + by.end("by")
            organizers = _organizers(text, [l for l in links if lo <= l.start < hi])
        city = gazetteer.labels.get(place.iri, match["city"])
        kind = match["kind"].lower()
        label = f"OSCE {kind} in {city}, {_period(on, end)}"
        key = iri.slugify(f"{on.isoformat()} {kind} {city}")
        events.append(Event(key, label, kind, place.iri, on, end, organizers, (match.start(), match.end())))
    return events


def _organizers(text: str, links: list[Link]) -> list[str]:
    """The bodies named as organizers; a body that only qualifies the one before it ("the
    Transnational Threats Department of the OSCE Secretariat") is not one of them."""
    found, previous = [], None
    for l in sorted(links, key=lambda l: l.start):
        if l.kind not in ("chairpersonship", "unit", "institution", "field-operation"):
            continue
        if previous is not None and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[previous.end:l.start]):
            previous = l
            continue
        found.append(l.iri)
        previous = l
    return list(dict.fromkeys(found))


def _period(start: dt.date, end: dt.date | None) -> str:
    """ "25–26 July 2013" or "25 July 2013". """
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (end.year, end.month) == (start.year, start.month):
        return f"{start.day}–{end.day} {start:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"


def publishers(page: ParsedPage, gazetteer: Gazetteer) -> list[str]:
    """The issuing bodies: the Source field when filled, else the osce.org section of the URL."""
    found = []
    for source in page.sources:
        key = key_of(source)
        entry = gazetteer.lookup(key) or gazetteer.lookup(tuple(t for t in key if t != "OSCE"))
        if re.fullmatch(r"(?:OSCE\s+)?Chair(?:man|person)ship", source.strip()):
            chair = gazetteer.chairs.get(page.date.year)
            found += [chair[0]] if chair else []
        elif re.fullmatch(r"(?:OSCE\s+)?Secretary General", source.strip()):
            holder = gazetteer.holder(str(iri.entity("role", "secretary-general")), page.date)
            found += [holder] if holder else []
        elif entry is not None:
            found.append(entry.iri)
        elif organization := gazetteer.sections.get(source.strip().lower()):
            found.append(organization)
    if not page.sources and page.url:
        section = re.match(r"https?://[^/]+/(?:[a-z]{2}/)?([a-z0-9-]+)/\d+", page.url)
        if section and section[1] in ("cio", "chairmanship", "chairpersonship"):
            chair = gazetteer.chairs.get(page.date.year)
            found += [chair[0]] if chair else []
        elif section and section[1] in gazetteer.sections:
            found.append(gazetteer.sections[section[1]])
    return list(dict.fromkeys(found))


def dateline_links(page: ParsedPage, gazetteer: Gazetteer) -> list[Link]:
    """The dateline's cities as places ("BELGRADE/PODGORICA" gives two)."""
    links = []
    for name, start, end in page.dateline:
        entry = gazetteer.lookup(key_of(name.title())) or gazetteer.lookup(key_of(name))
        if entry is not None and entry.kind == "place":
            links.append(Link(entry.iri, "place", start, end, page.body[start:end], "dateline"))
    return links


def link(page: ParsedPage, gazetteer: Gazetteer) -> Linked:
    """All links of one parsed release."""
    from kg.people import find_people
    from kg.quotes import find_quotes

    text = page.body
    names = name_links(text, gazetteer)
    dateline = dateline_links(page, gazetteer)
    in_dateline = {(l.start, l.end) for l in dateline}
    meetings = meeting_links(text, page.date, gazetteer, names)
    links = [l for l in names if (l.start, l.end) not in in_dateline and l.kind in MENTION_KINDS
             and not (l.kind == "meeting-series" and any(m.start <= l.start and l.end <= m.end for m in meetings))]
    links += chair_links(text, page.date, gazetteer) + meetings
    linked = Linked(page=page, dateline=dateline, publishers=publishers(page, gazetteer))
    find_people(text, page.date, gazetteer, links, linked)
    linked.links = sorted(links + linked.links, key=lambda l: (l.start, l.end, l.iri))
    linked.events = new_events(text, page.date, gazetteer, linked.links)
    linked.quotes = find_quotes(text, linked)
    return linked
