"""People named with a role in a release: "OSCE Secretary General Lamberto Zannier", "Ambassador
Ihor Prokopchuk, the Chairperson of the OSCE Permanent Council", "The OSCE Chairperson-in-Office,
Lithuanian Foreign Minister Audronius Ažubalis", "Miklos Haraszti has been appointed OSCE
Representative on Freedom of the Media".

Role phrases come from the roles in the graph (their names and altLabels, with "OSCE" ignored);
the body a role belongs to is the entity that follows ("Head of the OSCE Mission to Skopje"), the
State before it ("Lithuanian Foreign Minister"), or the role's default body in the graph.
A person already in the graph is linked by name; a new one becomes ``id/person/{slug of name}``,
so the same person across releases is one entity. Later bare surnames ("Zannier said") link to
the person named earlier in the release.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg import iri
from kg.gazetteer import Gazetteer, tokens

TITLES = {"Ambassador", "Amb.", "Dr.", "Dr", "Mr.", "Mr", "Ms.", "Ms", "Mrs.", "Mrs", "Professor", "Prof.", "Sir", "Dame"}
PARTICLES = {"de", "van", "der", "von", "di", "da", "du", "le", "la", "del", "bin", "al"}
FORMER = {"former", "first", "late", "previous", "then", "ex"}
NOT_NAMES = {"OSCE", "CSCE", "The", "In", "On", "At", "He", "She", "It", "This", "That", "These", "His", "Her",
             "Minister", "Foreign", "Secretary", "General", "Representative", "Chairperson", "Chairman",
             "Head", "Mission", "Office", "Council", "President", "Director", "Deputy", "Special", "Today",
             "Permanent", "State", "States", "Government", "Parliament", "Republic", "Affairs", "Trade"}
HOLDER_KINDS = ("unit", "institution", "field-operation", "country", "meeting-series", "chairpersonship", "organization")


@dataclass
class RolePhrase:
    role: str
    start: int
    end: int
    body: str | None
    former: bool


@dataclass
class PersonRole:
    """A person in a role as of the release date (``former`` when the text says it is past)."""

    person: str
    role: str
    body: str | None
    start: int
    end: int
    former: bool = False


def role_phrases(text: str, toks: list, gazetteer: Gazetteer, links: list) -> list[RolePhrase]:
    """Every role phrase, with the body it belongs to where the text or the graph says."""
    phrases, index = [], 0
    longest = max((len(k) for k in gazetteer.roles), default=0)
    firsts = {k[0] for k in gazetteer.roles} | {k[0].lower() for k in gazetteer.roles}
    while index < len(toks):
        if toks[index][0] not in firsts:
            index += 1
            continue
        words = [(j, t) for j, t in enumerate(toks[index:index + longest + 4], start=index) if t[0] != "OSCE"]
        match = None
        for length in range(min(longest, len(words)), 0, -1):
            key = tuple(t[0] for _, t in words[:length])
            roles = gazetteer.roles.get(key) or gazetteer.roles.get((key[0].capitalize(),) + key[1:])
            if roles and len(roles) == 1 and toks[index][0] != "OSCE":
                match = (next(iter(roles)), words[length - 1][0])
                break
        if match is None:
            index += 1
            continue
        role, last = match
        start, end = toks[index][1], toks[last][2]
        if index > 0 and toks[index - 1][0] == "OSCE":
            start = toks[index - 1][1]  # "OSCE Secretary General" is the phrase
        body, end = _body_of(text, start, end, role, gazetteer, links)
        before = text[max(0, start - 12):start].lower().split()
        phrases.append(RolePhrase(role, start, end, body, bool(before) and before[-1] in FORMER))
        index = last + 1
    return sorted(phrases + _heads(text, gazetteer, links, phrases), key=lambda p: p.start)


def _heads(text: str, gazetteer: Gazetteer, links: list, phrases: list) -> list[RolePhrase]:
    """"Head of the OSCE Centre in Bishkek": the head of a field operation named by the text."""
    role = str(iri.entity("role", "head-of-mission"))
    if role not in gazetteer.labels:
        return []
    heads = []
    for l in links:
        if l.kind != "field-operation":
            continue
        match = re.search(r"\bHead\s+of\s+(?:the\s+)?$", text[max(0, l.start - 20):l.start])
        if match and not any(p.start <= l.start < p.end for p in phrases):
            start = l.start - (min(20, l.start) - match.start())
            before = text[max(0, start - 12):start].lower().split()
            heads.append(RolePhrase(role, start, l.end, l.iri, bool(before) and before[-1] in FORMER))
    return heads


def _body_of(text, start, end, role, gazetteer, links) -> tuple[str | None, int]:
    """The body of a role: "... of (the) <entity>" after it, a State just before it, or the default."""
    after = re.match(r"\s+(of|in)\s+(?:the\s+)?", text[end:end + 12])
    if after:
        at = end + after.end()
        for l in links:
            if l.start == at and l.kind in HOLDER_KINDS and (after[1] == "of" or l.kind != "country"):
                return l.iri, l.end
    for l in links:
        if l.kind == "country" and 0 <= start - l.end <= 3 and re.fullmatch(r"\s*(?:['’]s)?\s*", text[l.end:start]):
            return l.iri, end
    overlapping = [l.iri for l in links if l.kind == "chairpersonship" and l.start <= start < l.end or
                   l.kind == "chairpersonship" and start <= l.start < end]
    if overlapping:
        return overlapping[0], end
    return gazetteer.role_body.get(role), end


def _name_at(text: str, toks: list, index: int, links: list) -> tuple[str, int, int, int] | None:
    """A person's name starting at token ``index`` (titles skipped): (name, start, end, next index)."""
    while index < len(toks) and toks[index][0] in TITLES:
        index += 1
        if index < len(toks) and toks[index][0] == ".":
            index += 1
    words, j = [], index
    while j < len(toks) and len(words) < 5:
        word, start, end = toks[j]
        taken = any(l.start <= start < l.end and l.kind != "person" for l in links)
        if word[0].isupper() and word not in NOT_NAMES and not taken and (word[0].isalpha()):
            words.append(toks[j])
        elif word in PARTICLES and words:
            words.append(toks[j])
        else:
            break
        j += 1
    while words and words[-1][0] in PARTICLES:
        words.pop()
        j -= 1
    if len(words) < 2:
        return None
    start, end = words[0][1], words[-1][2]
    return text[start:end], start, end, j


def _person(name: str, gazetteer: Gazetteer) -> tuple[str, bool]:
    """The IRI of the person called ``name`` and whether the graph already has them."""
    from kg.gazetteer import key_of

    entry = gazetteer.lookup(key_of(name))
    if entry is not None and entry.kind == "person":
        return entry.iri, True
    subject = str(iri.entity("person", iri.slugify(name)))
    return subject, subject in gazetteer.labels


def _after_states(text: str, offset: int, links: list) -> int:
    """The offset after a State named at ``offset`` ("Lithuanian Foreign Minister" -> "Foreign")."""
    for l in links:
        if l.start == offset and l.kind == "country":
            rest = re.match(r"(?:['’]s)?\s+", text[l.end:])
            return l.end + (rest.end() if rest else 0)
    return offset


def _qualifier(text: str, end: int) -> int:
    """Length of a qualifier between a role and the comma before the name: "Special Representative
    ... in Ukraine and in the Trilateral Contact Group (TCG), Ambassador Heidi Grau"."""
    match = re.match(r"\s+(?:and\s+)?(?:in|for|to|on)\s+[^,.;:“\"]{1,100}?(?=,)", text[end:end + 110])
    return match.end() if match else 0


def _token_at(toks: list, offset: int) -> int | None:
    return next((i for i, t in enumerate(toks) if t[1] >= offset), None)


def find_people(text: str, on: dt.date, gazetteer: Gazetteer, links: list, linked) -> None:
    """Fill ``linked.people``, ``linked.roles`` and the person links of ``linked.links``."""
    from kg.linker import Link

    toks = tokens(text)
    found: dict[str, tuple[str, int, int]] = {}  # person iri -> (name, start, end) of first naming
    spans: list[tuple[str, int, int]] = []

    def add(name, start, end):
        subject, known = _person(name, gazetteer)
        found.setdefault(subject, (name, start, end))
        linked.people.setdefault(subject, {"name": name, "known": known})
        spans.append((subject, start, end))
        return subject

    phrases = role_phrases(text, toks, gazetteer, links)
    pending: list[RolePhrase] = []
    for phrase in phrases:
        index = _token_at(toks, phrase.end + _qualifier(text, phrase.end))
        if index is not None and toks[index][0] == ",":
            index += 1
        named = _name_at(text, toks, index, links) if index is not None else None
        chained = index is not None and any(p.start == _after_states(text, toks[index][1], links) for p in phrases)
        if chained:
            pending.append(phrase)
            continue
        if named is None:
            named = _name_before(text, toks, phrase, links)
        if named is None:
            pending = []
            continue
        subject = add(*named[:3])
        for p in pending + [phrase]:
            linked.roles.append(PersonRole(subject, p.role, p.body, min(p.start, named[1]),
                                           max(p.end, named[2]), p.former))
        pending = []
    _link_known_and_surnames(text, toks, links, linked, found, spans, add)
    for subject, start, end in spans:
        linked.links.append(Link(subject, "person", start, end, text[start:end], "person"))


def _name_before(text: str, toks: list, phrase: RolePhrase, links: list):
    """ "<Name>, the <role>" or "<Name> has been appointed <role>"."""
    before = text[max(0, phrase.start - 60):phrase.start]
    comma = re.search(r",\s+(?:the\s+)?$", before)
    appointed = None
    for m in re.finditer(r"(?:has\s+been\s+|was\s+|is\s+)?(?:appointed|named|elected)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?$", before):
        appointed = m
    cut = comma or appointed
    if cut is None:
        return None
    end_offset = phrase.start - len(before) + cut.start()
    words = [i for i, t in enumerate(toks) if t[2] <= end_offset]
    if not words:
        return None
    last = words[-1]
    first = last
    while first > 0 and (toks[first - 1][0][0].isupper() or toks[first - 1][0] in PARTICLES) \
            and toks[first - 1][0] not in NOT_NAMES and toks[first - 1][0] not in TITLES and last - first < 4:
        first -= 1
    named = _name_at(text, toks, first, links)
    return named if named and named[2] == toks[last][2] else None


def _link_known_and_surnames(text, toks, links, linked, found, spans, add) -> None:
    """People already in the graph named in full, and bare surnames of the people found."""
    for l in links:
        if l.kind == "person" and l.iri not in found:
            add(l.text, l.start, l.end)
    links[:] = [l for l in links if l.kind != "person"]
    taken = [(s, e) for _, s, e in spans]
    surnames: dict[str, set[str]] = {}
    for subject, (name, _s, _e) in found.items():
        surnames.setdefault(name.split()[-1], set()).add(subject)
    for word, start, end in toks:
        owners = surnames.get(word)
        if owners and len(owners) == 1 and not any(s <= start < e for s, e in taken):
            spans.append((next(iter(owners)), start, end))
            taken.append((start, end))
