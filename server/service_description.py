"""The SPARQL 1.1 Service Description of the endpoint: formats, features, the default dataset
with its named graphs, and the prefixes every query may use (declared with sh:declare)."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from kg import iri
from kg.store import serialize_triples
from kg.vocab import PREFIXES, RDF, SD, SH, XSD

FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                      "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG")


def service_description(endpoint: str, graph, rdf_format: str) -> bytes:
    """The description of the service at ``endpoint`` serving ``graph``, serialized."""
    service = URIRef(endpoint)
    dataset, default = BNode("dataset"), BNode("default")
    triples = [
        (service, RDF.type, SD.Service), (service, SD.endpoint, service),
        (service, SD.supportedLanguage, SD.SPARQL11Query), (service, SD.feature, SD.UnionDefaultGraph),
        (service, SD.defaultDataset, dataset),
        (dataset, RDF.type, SD.Dataset), (dataset, SD.defaultGraph, default), (default, RDF.type, SD.Graph),
        (dataset, URIRef("http://purl.org/dc/terms/hasVersion"), Literal(graph.version)),
        (dataset, URIRef("http://purl.org/dc/terms/source"), iri.dataset()),
    ]
    triples += [(service, SD.resultFormat, URIRef(FORMATS + name)) for name in RESULT_FORMAT_IRIS]
    for number, name in enumerate(graph.store.named_graphs() if graph.store else []):
        node = BNode(f"named{number}")
        triples += [(dataset, SD.namedGraph, node), (node, RDF.type, SD.NamedGraph), (node, SD.name, URIRef(name))]
    for prefix, namespace in PREFIXES.items():
        node = BNode(f"prefix-{prefix}")
        triples += [(service, SH.declare, node), (node, SH.prefix, Literal(prefix)),
                    (node, SH.namespace, Literal(namespace, datatype=XSD.anyURI))]
    return serialize_triples(triples, rdf_format)
