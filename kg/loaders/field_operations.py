"""Field operations, current and closed, with their hosts, seats, regions and dated names."""

from __future__ import annotations

from typing import Iterator

from rdflib import Literal, URIRef

from kg import iri
from kg.loaders.bodies import abbreviation_label
from kg.loaders.mapping import Context, Field, Quad, date_literal, entities
from kg.sources import Record
from kg.vocab import DCTERMS, ORG, OSCE, RDF, RDFS, SCHEMA, SKOS

KIND = "field-operation"

STATUSES = (("active", OSCE.Active), ("closed", OSCE.Closed))

FIELDS = (
    Field("official_name", "text", SCHEMA.legalName),
    Field("abbreviation", "string", OSCE.abbreviation),
    Field("status", "choice", OSCE.status, required=True, choices=STATUSES),
    Field("host", "ref", OSCE.host, ("country", "territory")),
    Field("headquarters", "ref", OSCE.headquarters, ("place",)),
    Field("offices", "refs", OSCE.office, ("place",)),
    Field("region", "ref", OSCE.region, ("region",)),
    Field("established", "date", SCHEMA.foundingDate),
    Field("closed", "date", SCHEMA.dissolutionDate),
    Field("former_names", "own"),
    Field("predecessor", "ref", DCTERMS.replaces, ("field-operation",)),
    Field("site_sections", "strings", OSCE.siteSection),
)


def name_entries(subject: URIRef, record: Record, ctx: Context) -> Iterator[Quad]:
    """One ``osce:NameEntry`` per dated name, and each name as an altLabel."""
    names = record.get("former_names") or []
    if not isinstance(names, list):
        ctx.problem(record, "former_names", "field 'former_names' must be a list of {name, from, to}")
        return
    for number, entry in enumerate(names, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            ctx.problem(record, "former_names", f"former_names entry {number} needs a 'name'")
            continue
        unknown = set(entry) - {"name", "from", "to", "note", "sources"}
        if unknown:
            ctx.problem(record, "former_names", f"former_names entry {number}: unknown field(s) {sorted(unknown)}")
        node = URIRef(f"{subject}#name-{number}")
        label = Literal(entry["name"].strip(), lang="en")
        yield ctx.quad(subject, OSCE.hasName, node)
        yield ctx.quad(node, RDF.type, OSCE.NameEntry)
        yield ctx.quad(node, RDFS.label, label)
        yield ctx.quad(subject, SKOS.altLabel, label)
        for field, predicate in (("from", SCHEMA.startDate), ("to", SCHEMA.endDate)):
            if entry.get(field) is None:
                continue
            literal = date_literal(entry[field])
            if literal is None:
                ctx.problem(record, "former_names", f"former_names entry {number}: '{field}' is not a date: {entry[field]!r}")
            else:
                yield ctx.quad(node, predicate, literal)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    osce = iri.entity("organization", "osce")
    for subject, record, out in entities(KIND, records, ctx, [OSCE.FieldOperation, ORG.OrganizationalUnit], FIELDS):
        yield from out
        yield ctx.quad(subject, ORG.subOrganizationOf, osce)
        for label in (abbreviation_label(record), _official(record)):
            if label is not None:
                yield ctx.quad(subject, SKOS.altLabel, label)
        yield from name_entries(subject, record, ctx)


def _official(record: Record) -> Literal | None:
    value = record.get("official_name")
    return Literal(value.strip(), lang="en") if isinstance(value, str) and value.strip() else None
