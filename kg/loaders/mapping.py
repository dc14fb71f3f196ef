"""The shared machinery of the loaders: the field table, value conversion, reference resolution
and the fields every record has (key, name, labels, alt_names, note, sources).

Problems are collected in the :class:`Context`, never raised, so one build reports all of them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import iri
from kg.errors import Problem
from kg.sources import Record
from kg.vocab import DCTERMS, OSCE, RDF, RDFS, SKOS, XSD

Quad = tuple[Node, Node, Node, URIRef]

COMMON_FIELDS = ("key", "name", "labels", "alt_names", "note", "sources")
LANGUAGES = ("en", "fr", "de", "it", "ru", "es")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
QID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class Field:
    """One YAML field: its value type, the predicate it maps to, the kinds it may refer to."""

    name: str
    type: str
    predicate: URIRef | None = None
    targets: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[tuple[str, URIRef], ...] = ()


@dataclass
class Context:
    """What a loader needs besides its records: the keys of every kind, the named graph it
    writes to, and the list where problems go."""

    keys: dict[str, set[str] | None]
    names: dict[URIRef, str]
    graph: URIRef
    path: str
    problems: list[Problem] = field(default_factory=list)
    origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)

    def problem(self, record: Record, name: str | None, detail: str) -> None:
        line = record.line_of(name) if name else record.line
        self.problems.append(Problem(self.path, line, detail))

    def quad(self, s: Node, p: Node, o: Node) -> Quad:
        return (s, p, o, self.graph)

    def resolve(self, record: Record, name: str, value, targets: tuple[str, ...]) -> URIRef | None:
        """The IRI of the entity a reference names, or None (and a problem) if none does."""
        if not isinstance(value, str) or not value:
            self.problem(record, name, f"field '{name}' must name a key, got {value!r}")
            return None
        found = [kind for kind in targets if value in (self.keys.get(kind) or ())]
        if len(found) == 1:
            return iri.entity(found[0], value)
        if not found and any(kind in self.keys and self.keys[kind] is None for kind in targets):
            return None  # the file of that kind could not be read; that problem is reported already
        if not found:
            kinds = " or ".join(targets)
            self.problem(record, name, f"field '{name}': unknown {kinds} key {value!r}")
        else:
            self.problem(record, name, f"field '{name}': key {value!r} is ambiguous ({found})")
        return None


def date_literal(value) -> Literal | None:
    """An ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal from a YAML value, or None.

    >>> date_literal("1995-12").datatype.endswith("gYearMonth")
    True
    >>> date_literal("1995-02-30") is None
    True
    """
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    match = DATE_PATTERN.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            dt.date(int(year), int(month), int(day))
            return Literal(value.strip(), datatype=XSD.date)
        if month:
            dt.date(int(year), int(month), 1)
            return Literal(value.strip(), datatype=XSD.gYearMonth)
    except ValueError:
        return None
    return Literal(year, datatype=XSD.gYear)


def _text_list(record: Record, name: str, ctx: Context) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        ctx.problem(record, name, f"field '{name}' must be a list of non-empty strings")
        return []
    return [v.strip() for v in value]


def _conflict(subject: URIRef, f: Field, record: Record, ctx: Context) -> Iterator[Quad]:
    spec = record[f.name]
    claims = spec.get("conflict")
    if not isinstance(claims, list) or len(claims) < 2:
        ctx.problem(record, f.name, f"field '{f.name}': a conflict needs at least two claims")
        return
    node = URIRef(f"{subject}#conflict-{f.name.replace('_', '-')}")
    yield ctx.quad(subject, OSCE.conflict, node)
    yield ctx.quad(node, RDF.type, OSCE.ConflictingClaims)
    yield ctx.quad(node, OSCE.onProperty, f.predicate)
    for number, claim in enumerate(claims, start=1):
        literal = date_literal(claim.get("value")) if isinstance(claim, dict) else None
        if literal is None:
            ctx.problem(record, f.name, f"field '{f.name}': claim {number} needs a valid date value")
            continue
        claim_node = URIRef(f"{node}-{number}")
        yield ctx.quad(node, OSCE.claim, claim_node)
        yield ctx.quad(claim_node, RDF.type, OSCE.Claim)
        yield ctx.quad(claim_node, RDF.value, literal)
        source = claim.get("source")
        if isinstance(source, str) and source.startswith(("http://", "https://")):
            yield ctx.quad(claim_node, DCTERMS.source, URIRef(source))
    if "value" in spec:
        literal = date_literal(spec["value"])
        if literal is None:
            ctx.problem(record, f.name, f"field '{f.name}': agreed value {spec['value']!r} is not a date")
        else:
            yield ctx.quad(subject, f.predicate, literal)


def _objects(f: Field, value, record: Record, ctx: Context) -> Iterator[Node]:
    """The RDF objects of one field value, or nothing (and a problem) when it is malformed."""
    bad = f"field '{f.name}' must be"
    if f.type == "ref":
        target = ctx.resolve(record, f.name, value, f.targets)
        if target is not None:
            yield target
    elif f.type == "refs":
        if not isinstance(value, list):
            ctx.problem(record, f.name, f"{bad} a list of keys")
            return
        for item in value:
            target = ctx.resolve(record, f.name, item, f.targets)
            if target is not None:
                yield target
    elif f.type == "date":
        literal = date_literal(value)
        if literal is None:
            ctx.problem(record, f.name, f"{bad} a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        else:
            yield literal
    elif f.type == "dates":
        for item in value if isinstance(value, list) else [value]:
            yield from _objects(Field(f.name, "date", f.predicate), item, record, ctx)
    elif f.type == "text":
        if not isinstance(value, str) or not value.strip():
            ctx.problem(record, f.name, f"{bad} a non-empty string")
        else:
            yield Literal(value.strip(), lang="en")
    elif f.type == "texts":
        yield from (Literal(v, lang="en") for v in _text_list(record, f.name, ctx))
    elif f.type == "strings":
        for item in _text_list(record, f.name, ctx):
            yield Literal(item)
    elif f.type == "string":
        if not isinstance(value, str) or not value.strip():
            ctx.problem(record, f.name, f"{bad} a non-empty string")
        else:
            yield Literal(value.strip())
    elif f.type == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            ctx.problem(record, f.name, f"{bad} an integer, got {value!r}")
        else:
            yield Literal(value, datatype=XSD.integer)
    elif f.type == "bool":
        if not isinstance(value, bool):
            ctx.problem(record, f.name, f"{bad} true or false, got {value!r}")
        else:
            yield Literal(value)
    elif f.type == "code":
        pattern = re.compile(f.targets[0])
        if not isinstance(value, str) or not pattern.match(value):
            ctx.problem(record, f.name, f"{bad} a code matching {f.targets[0]}, got {value!r}")
        else:
            yield Literal(value)
    elif f.type == "choice":
        choices = dict(f.choices)
        if value not in choices:
            ctx.problem(record, f.name, f"{bad} one of {', '.join(choices)}, got {value!r}")
        else:
            yield choices[value]
    elif f.type == "own":
        return  # handled by the loader itself
    else:  # pragma: no cover - a programming error in a field table
        raise ValueError(f"unknown field type {f.type!r}")


def map_fields(subject: URIRef, record: Record, fields: Iterable[Field], ctx: Context) -> Iterator[Quad]:
    """Quads for every field of ``record`` that the table maps to a predicate; problems for
    unknown fields, missing required ones and malformed values."""
    table = {f.name: f for f in fields}
    for name in record:
        if name not in table and name not in COMMON_FIELDS:
            ctx.problem(record, name, f"unknown field {name!r}")
    for f in table.values():
        value = record.get(f.name)
        if value is None:
            if f.required:
                ctx.problem(record, None, f"record {record.get('key')!r} lacks required field '{f.name}'")
            continue
        if f.type in ("date",) and isinstance(value, dict):
            yield from _conflict(subject, f, record, ctx)
            continue
        for obj in _objects(f, value, record, ctx):
            if f.predicate is not None:
                yield ctx.quad(subject, f.predicate, obj)


def describe(subject: URIRef, record: Record, ctx: Context, default_name: str | None = None) -> Iterator[Quad]:
    """Quads for the fields every record has: name, labels, alt_names, note, sources."""
    name = record.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        ctx.problem(record, "name", f"record {record.get('key')!r} needs a non-empty 'name'")
    else:
        yield ctx.quad(subject, RDFS.label, Literal(name.strip(), lang="en"))
        yield ctx.quad(subject, SKOS.prefLabel, Literal(name.strip(), lang="en"))
    labels = record.get("labels") or {}
    if not isinstance(labels, dict):
        ctx.problem(record, "labels", "field 'labels' must map language codes to names")
        labels = {}
    for lang, text in labels.items():
        if lang not in LANGUAGES or lang == "en" or not isinstance(text, str) or not text.strip():
            ctx.problem(record, "labels", f"field 'labels': bad entry {lang!r}: {text!r} "
                        f"(languages: {', '.join(LANGUAGES[1:])})")
            continue
        yield ctx.quad(subject, SKOS.prefLabel, Literal(text.strip(), lang=lang))
    for alt in _text_list(record, "alt_names", ctx):
        yield ctx.quad(subject, SKOS.altLabel, Literal(alt, lang="en"))
    note = record.get("note")
    if note is not None:
        if isinstance(note, str) and note.strip():
            yield ctx.quad(subject, SKOS.note, Literal(note.strip(), lang="en"))
        else:
            ctx.problem(record, "note", "field 'note' must be a non-empty string")
    for url in _text_list(record, "sources", ctx):
        if url.startswith(("http://", "https://")) and " " not in url:
            yield ctx.quad(subject, DCTERMS.source, URIRef(url))
        else:
            ctx.problem(record, "sources", f"field 'sources': not an http(s) URL: {url!r}")


def entities(kind: str, records: list[Record], ctx: Context, types: Iterable[URIRef],
             fields: Iterable[Field], default_name=None) -> Iterator[tuple[URIRef, Record, list[Quad]]]:
    """For each record with a valid key: its IRI, the record, and the quads of its type, common
    fields and table fields. Loaders add what is special to their kind."""
    types = tuple(types)
    fields = tuple(fields)
    for record in records:
        subject = iri.entity(kind, str(record.get("key")))
        if not iri.is_key(str(record.get("key", ""))):
            continue  # reported by the key check of the build
        ctx.origins[subject] = (ctx.path, record.line)
        quads = [ctx.quad(subject, RDF.type, t) for t in types]
        quads += describe(subject, record, ctx, default_name(record) if default_name else None)
        quads += map_fields(subject, record, fields, ctx)
        yield subject, record, quads

