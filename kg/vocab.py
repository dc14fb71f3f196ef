"""The vocabularies the graph uses, as rdflib namespaces, and the prefixes declared for queries
and serializations. Terms are built from these; IRIs are never pasted into strings."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import iri

# The vocabulary keeps its namespace whatever base a deployment publishes its entities under.
VOCABULARY_BASE = "https://w3id.org/osce-kg/"
OSCE = Namespace(f"{VOCABULARY_BASE}ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("http://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

ONTOLOGY_IRI = f"{VOCABULARY_BASE}ontology"

PREFIXES: dict[str, str] = {
    "osce": str(OSCE),
    "id": f"{iri.BASE}id/",
    "org": str(ORG),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "geo": str(GEO),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}



def curie(term: str) -> str:
    """The prefixed name of an IRI where a declared prefix fits, else the IRI itself.

    >>> curie("http://www.w3.org/ns/org#Role")
    'org:Role'
    """
    for prefix, namespace in PREFIXES.items():
        if term.startswith(namespace) and prefix != "id":
            local = term[len(namespace):]
            if local and all(c.isalnum() or c in "_-" for c in local):
                return f"{prefix}:{local}"
    return term


__all__ = [
    "DCTERMS", "FOAF", "GEO", "GEONAMES", "ORG", "OSCE", "OWL", "PREFIXES", "PROV", "RDF", "RDFS",
    "SCHEMA", "SD", "SH", "SKOS", "VOID", "WD", "XSD", "ONTOLOGY_IRI", "curie",
]
