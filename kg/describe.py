"""What the graph says about one entity: its statements (with the named graph each came from), the
parts it owns (hash IRIs: dated names, conflicts, mentions, quotes), the labels and types of
everything it links to, and the statements that link to it (capped and paged), grouped by property.

This is what entity documents (RDF) and entity pages (HTML) are made from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.store import Store
from kg.vocab import OSCE, RDF, RDFS, SKOS

INBOUND_PAGE = 50
INBOUND_BY_PROPERTY = """SELECT ?o ?p (COUNT(?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o ?p ORDER BY DESC(?n)"""


@dataclass
class Description:
    subject: URIRef
    statements: list[tuple[Node, Node, Node, Node]] = field(default_factory=list)  # s, p, o, graph
    parts: list[tuple[Node, Node, Node, Node]] = field(default_factory=list)
    inbound: list[tuple[Node, Node, Node, Node]] = field(default_factory=list)
    inbound_counts: dict[str, int] = field(default_factory=dict)
    inbound_total: int = 0
    inbound_offset: int = 0
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # iri -> language -> label
    types: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # named graph -> source path

    @property
    def exists(self) -> bool:
        return bool(self.statements)

    def graph(self, *, with_inbound: bool = True) -> Graph:
        """The RDF document: statements, parts, labels and types of linked resources, inbound links."""
        graph = Graph()
        for s, p, o, _g in self.statements + self.parts + (self.inbound if with_inbound else []):
            graph.add((s, p, o))
        for subject, by_language in self.labels.items():
            if URIRef(subject) != self.subject:
                for language, label in by_language.items():
                    graph.add((URIRef(subject), RDFS.label, Literal(label, lang=language or None)))
        for subject, types in self.types.items():
            if URIRef(subject) != self.subject:
                for type_ in types:
                    graph.add((URIRef(subject), RDF.type, URIRef(type_)))
        return graph


def _label_map(store: Store, subject: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, RDFS.label):
        for _s, _p, label, _g in store.quads(subject=subject, predicate=predicate):
            if isinstance(label, Literal):
                found.setdefault(label.language or "", str(label))
    return found


def describe(store: Store, subject: URIRef, *, inbound_offset: int = 0, inbound_limit: int = INBOUND_PAGE) -> Description:
    """Everything needed to show or serve ``subject``; ``inbound_limit=0`` skips inbound links
    altogether (a row of a class page needs none)."""
    found = Description(subject=subject, inbound_offset=inbound_offset)
    found.statements = list(store.quads(subject=subject))
    if not found.statements:
        return found
    owned = {o for _s, _p, o, _g in found.statements if isinstance(o, URIRef) and str(o).startswith(f"{subject}#")}
    for part in sorted(owned):
        found.parts += store.quads(subject=part)
    if inbound_limit:
        found.inbound_counts = {str(r["p"]): int(r["n"])
                                for r in store.rows(INBOUND_BY_PROPERTY, substitutions={"o": subject})}
        found.inbound_total = sum(found.inbound_counts.values())
        inbound = (q for q in store.quads(obj=subject) if not str(q[0]).startswith(f"{subject}#"))
        found.inbound = list(islice(inbound, inbound_offset, inbound_offset + inbound_limit))
    linked = {o for _s, _p, o, _g in found.statements + found.parts if isinstance(o, URIRef)}
    linked |= {p for _s, p, _o, _g in found.statements + found.parts + found.inbound}
    linked |= {s for s, _p, _o, _g in found.inbound} | {subject}
    for node in linked:
        labels = _label_map(store, node)
        if labels:
            found.labels[str(node)] = labels
        types = [str(o) for _s, _p, o, _g in store.quads(subject=node, predicate=RDF.type)]
        if types:
            found.types[str(node)] = types
    graphs = {g for *_rest, g in found.statements + found.parts + found.inbound}
    for graph in graphs:
        for _s, _p, path, _g in store.quads(subject=graph, predicate=OSCE.sourcePath):
            found.sources[str(graph)] = str(path)
    return found
