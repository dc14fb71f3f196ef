"""The names the entity linker looks for, taken from the graph itself: English labels, altLabels
(former names, abbreviations), demonyms, plus what the linker needs to resolve roles, meetings and
Chairpersonships by date. New entities in the YAML are recognised without code changes.

A name that belongs to more than one entity is ambiguous and never linked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Literal

from kg import iri
from kg.vocab import ORG, OSCE, RDFS, SCHEMA, SKOS

# Kinds whose names are linked as mentions in release text.
NAMED_KINDS = {"country", "territory", "partner-group", "unit", "institution", "field-operation",
               "meeting-series", "topic", "place", "person", "organization"}
# Kinds linked as mentions ("OSCE" itself is named in every release and is not).
MENTION_KINDS = NAMED_KINDS - {"organization"}
LABEL_PREDICATES = {RDFS.label, SKOS.prefLabel, SKOS.altLabel}
TOKEN = re.compile(r"[^\W_]+(?:[-.'’][^\W_]+)*\.?|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens with their offsets; possessive 's is a token of its own.

    >>> [t for t, _, _ in tokens("Mongolia’s Minister, J.A.M. Nooij")]
    ['Mongolia', '’s', 'Minister', ',', 'J.A.M.', 'Nooij']
    """
    out = []
    for match in TOKEN.finditer(text):
        word, start = match.group(), match.start()
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            out.append((word[:-2], start, start + len(word) - 2))
            out.append((word[-2:], start + len(word) - 2, match.end()))
        elif word.endswith(".") and len(word) > 1 and not re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", word):
            out.append((word[:-1], start, match.end() - 1))
            out.append((".", match.end() - 1, match.end()))
        else:
            out.append((word, start, match.end()))
    return out


def key_of(name: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokens(name.replace("’", "'")))


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str


@dataclass
class Gazetteer:
    """Names and facts for linking. Build it with :meth:`from_triples`."""

    names: dict[tuple[str, ...], set[Entry]] = field(default_factory=lambda: defaultdict(set))
    folded: dict[tuple[str, ...], set[Entry]] = field(default_factory=lambda: defaultdict(set))
    demonyms: dict[tuple[str, ...], set[Entry]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, str] = field(default_factory=dict)
    roles: dict[tuple[str, ...], set[str]] = field(default_factory=lambda: defaultdict(set))
    role_body: dict[str, str] = field(default_factory=dict)
    chairs: dict[int, tuple[str, str]] = field(default_factory=dict)
    meetings: list[tuple[str, str, str, int]] = field(default_factory=list)
    tenures: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    max_length: int = 1
    # first token -> lengths of the names that start with it, so the linker tries only those
    starts: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_triples(cls, triples: Iterable[tuple]) -> "Gazetteer":
        gazetteer = cls()
        facts: dict[str, dict] = defaultdict(dict)
        for s, p, o in triples:
            gazetteer._take(str(s), p, o, facts)
        gazetteer._resolve(facts)
        return gazetteer

    def _take(self, subject: str, predicate, obj, facts) -> None:
        split = iri.split_entity(subject)
        if split is None:
            return
        kind = split[0]
        english = isinstance(obj, Literal) and obj.language == "en"
        if predicate in LABEL_PREDICATES and english:
            self.add_name(subject, kind, str(obj), preferred=predicate == RDFS.label)
        elif predicate == OSCE.demonym and english:
            key = key_of(str(obj))
            if key:
                self.demonyms[key].add(Entry(subject, kind))
                self.starts[key[0]].add(len(key))
        elif predicate == OSCE.siteSection:
            self.sections[str(obj).lower()] = subject
        elif predicate in (SCHEMA.superEvent, SCHEMA.location, OSCE.year, OSCE.chairState, ORG.member,
                           ORG.role, ORG.organization, SCHEMA.startDate, SCHEMA.endDate, OSCE.roleOf):
            facts[subject][predicate] = str(obj)

    def add_name(self, subject: str, kind: str, name: str, preferred: bool = False) -> None:
        """Make ``name`` find ``subject`` (role names go to the role lexicon)."""
        key = key_of(name)
        if not key:
            return
        if preferred or subject not in self.labels:
            self.labels[subject] = name
        if kind == "role":
            self.roles[tuple(t for t in key if t != "OSCE")].add(subject)
        elif kind == "topic":
            if len(key) > 1 or "-" in name:  # one-word topics ("Youth") are too vague to link
                folded = tuple(t.lower() for t in key)
                self.folded[folded].add(Entry(subject, kind))
                self.starts[folded[0]].add(len(key))
        elif kind in NAMED_KINDS:
            self.names[key].add(Entry(subject, kind))
            self.starts[key[0]].add(len(key))
        self.max_length = max(self.max_length, len(key))

    def _resolve(self, facts: dict[str, dict]) -> None:
        for subject, f in facts.items():
            kind = iri.split_entity(subject)[0]
            if kind == "chairpersonship" and OSCE.year in f and OSCE.chairState in f:
                self.chairs[int(f[OSCE.year][:4])] = (subject, f[OSCE.chairState])
            elif kind == "meeting" and SCHEMA.superEvent in f:
                year = int(f.get(OSCE.year, f.get(SCHEMA.startDate, "0"))[:4])
                self.meetings.append((subject, f[SCHEMA.superEvent], f.get(SCHEMA.location, ""), year))
            elif kind == "tenure" and ORG.member in f and ORG.role in f:
                self.tenures.append((f[ORG.member], f[ORG.role], f.get(ORG.organization, ""),
                                     f.get(SCHEMA.startDate, ""), f.get(SCHEMA.endDate, "")))
            elif kind == "role" and OSCE.roleOf in f:
                self.role_body[subject] = f[OSCE.roleOf]

    def lengths(self, first: str) -> list[int]:
        """The lengths of the names and demonyms that may start with token ``first``, longest first."""
        found = self.starts.get(first, set()) | self.starts.get(first.lower(), set())
        return sorted(found, reverse=True)

    def lookup(self, key: tuple[str, ...]) -> Entry | None:
        """The one entity a token sequence names, or None when none or several do."""
        entries = self.names.get(key) or (self.folded.get(tuple(t.lower() for t in key)) if key and
                                          key[0].lower() in self.starts else None)
        return next(iter(entries)) if entries and len(entries) == 1 else None

    def holder(self, role: str, on: dt.date) -> str | None:
        """The person who held ``role`` on a date, when exactly one tenure says so."""
        day = on.isoformat()
        found = {person for person, r, _org, start, end in self.tenures
                 if r == role and start and start[:len(day)] <= day and (not end or day[:len(end)] <= end)}
        return found.pop() if len(found) == 1 else None

    def kind_names(self, kinds: set[str]) -> set[str]:
        """Every name of the entities of the given kinds (for title tags)."""
        return {" ".join(key) for key, entries in self.names.items() if any(e.kind in kinds for e in entries)}
