"""What the bodies of the OSCE share: the field table of Secretariat units and institutions, and
their abbreviations as altLabels."""

from __future__ import annotations

from typing import Iterable, Iterator

from rdflib import Literal, URIRef

from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import ORG, OSCE, RDF, SCHEMA, SKOS

BODY_FIELDS = (
    Field("part_of", "ref", ORG.subOrganizationOf, ("unit", "organization")),
    Field("headquarters", "ref", OSCE.headquarters, ("place",)),
    Field("established", "date", SCHEMA.foundingDate),
    Field("topics", "refs", OSCE.fieldOfWork, ("topic",)),
    Field("abbreviation", "string", OSCE.abbreviation),
    Field("site_sections", "strings", OSCE.siteSection),
)


def abbreviation_label(record) -> Literal | None:
    """The abbreviation as an English altLabel too, so that search and linking find it."""
    value = record.get("abbreviation")
    return Literal(value.strip(), lang="en") if isinstance(value, str) and value.strip() else None


def body_quads(kind: str, records: list[Record], ctx: Context, base_type: URIRef,
               categories: Iterable[tuple[str, URIRef]]) -> Iterator[Quad]:
    """Quads of bodies whose ``category`` field chooses their class."""
    fields = BODY_FIELDS + (Field("category", "choice", RDF.type, required=True, choices=tuple(categories)),)
    for subject, record, out in entities(kind, records, ctx, [base_type], fields):
        yield from out
        label = abbreviation_label(record)
        if label is not None:
            yield ctx.quad(subject, SKOS.altLabel, label)
