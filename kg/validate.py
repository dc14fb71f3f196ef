"""Validation of a compiled graph: SHACL shapes (pyshacl) and a declared vocabulary.

A SHACL violation is reported with the entity, the property, the shape's message and the source
file and line of the record the entity came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from rdflib import Graph, URIRef

from kg import iri
from kg.errors import ValidationError
from kg.settings import Settings
from kg.vocab import OSCE, RDF, SH

if TYPE_CHECKING:
    from kg.build import Compiled

# Namespaces whose terms must be declared in ontology/osce.ttl when the graph uses them.
CHECKED_NAMESPACES = (
    str(OSCE), "http://www.w3.org/ns/org#", "http://schema.org/", "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2003/01/geo/wgs84_pos#", "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
)


def data_graph(quads: Iterable[tuple]) -> Graph:
    """One rdflib graph with the triples of every named graph but the ontology's."""
    ontology_graph = iri.graph("ontology")
    graph = Graph()
    for s, p, o, g in quads:
        if g != ontology_graph:
            graph.add((s, p, o))
    return graph


def undeclared_terms(data: Graph, ontology: Graph) -> list[str]:
    """Predicates and classes the data uses from checked namespaces that the ontology does not declare."""
    declared = set(ontology.subjects(RDF.type, None))
    used = set(data.predicates()) | set(data.objects(None, RDF.type))
    return sorted(str(t) for t in used
                  if isinstance(t, URIRef) and str(t).startswith(CHECKED_NAMESPACES) and t not in declared)


def shacl_violations(data: Graph, settings: Settings, origins: dict, focus_nodes: list | None = None) -> list[str]:
    """The SHACL results of the shapes over ``data`` (or only over ``focus_nodes``) as readable lines."""
    import pyshacl

    shapes = Graph().parse(settings.shapes_file, format="turtle")
    ontology = Graph().parse(settings.ontology_file, format="turtle")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                               inference="none", allow_warnings=True, focus_nodes=focus_nodes)
    if conforms:
        return []
    messages = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        where = origins.get(focus)
        prefix = f"{where[0]}:{where[1]}: " if where else ""
        messages.append(f"{prefix}{focus} {path or ''}: {message}".strip())
    return sorted(messages)


def check_graph(compiled: "Compiled", settings: Settings) -> None:
    """Raise :class:`ValidationError` unless the compiled graph conforms and uses only declared terms."""
    data = data_graph(compiled.quads)
    ontology = Graph().parse(settings.ontology_file, format="turtle")
    messages = [f"term not declared in {settings.ontology_file.name}: {t}" for t in undeclared_terms(data, ontology)]
    messages += shacl_violations(data, settings, compiled.origins)
    if messages:
        raise ValidationError(messages)


def check_pages(quads: list, store, settings: Settings) -> None:
    """Validate the graphs of added pages against the shapes, with the types of the entities
    they link to taken from the store (so ``sh:class`` checks see them)."""
    from rdflib import URIRef as _URIRef

    data = data_graph(quads)
    ontology = Graph().parse(settings.ontology_file, format="turtle")
    messages = [f"term not declared in {settings.ontology_file.name}: {t}" for t in undeclared_terms(data, ontology)]
    focus = sorted(set(data.subjects()))
    referenced = {o for o in data.objects() if isinstance(o, _URIRef) and iri.split_entity(str(o))}
    for node in referenced - set(focus):
        for s, p, o, _g in store.quads(subject=node, predicate=RDF.type):
            data.add((s, p, o))
    messages += shacl_violations(data, settings, {}, focus_nodes=focus)
    if messages:
        raise ValidationError(messages)
