"""SKOS concept schemes: regions, fields of work and roles share one shape."""

from __future__ import annotations

from typing import Iterable, Iterator

from rdflib import Literal, URIRef

from kg import iri
from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import RDF, RDFS, SKOS


def concept_quads(kind: str, scheme_name: str, scheme_label: str, types: Iterable[URIRef],
                  records: list[Record], ctx: Context, fields: tuple[Field, ...] = ()) -> Iterator[Quad]:
    """Quads of a concept scheme and one top concept per record."""
    scheme = iri.scheme(scheme_name)
    yield ctx.quad(scheme, RDF.type, SKOS.ConceptScheme)
    yield ctx.quad(scheme, RDFS.label, Literal(scheme_label, lang="en"))
    yield ctx.quad(scheme, SKOS.prefLabel, Literal(scheme_label, lang="en"))
    for subject, _record, out in entities(kind, records, ctx, [SKOS.Concept, *types], fields):
        yield from out
        yield ctx.quad(subject, SKOS.inScheme, scheme)
        yield ctx.quad(subject, SKOS.topConceptOf, scheme)
        yield ctx.quad(scheme, SKOS.hasTopConcept, subject)
