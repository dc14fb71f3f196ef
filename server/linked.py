"""The dataset as a whole: the ontology (HTML for people, RDF for machines, the W3C recipe for a
hash namespace), the VoID description, and the dumps made at build time."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory, url_for
from rdflib import Literal, URIRef

from kg import iri
from kg.dumps import read_manifest
from kg.store import serialize_triples
from kg.vocab import DCTERMS, FOAF, ONTOLOGY_IRI, PREFIXES, RDF, RDFS, VOID, XSD, curie
from server.negotiation import GRAPH_FORMATS, choose, prefers_html

blueprint = Blueprint("linked", __name__)

CLASS_PARTITION = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
PROPERTY_PARTITION = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), STR(id:)) && !CONTAINS(STR(?s), "#")) }"""
EXAMPLES = (("field-operation", "programme-office-in-bishkek"), ("country", "kaz"), ("meeting-series", "summit-meetings"))
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def _graph():
    return current_app.extensions["osce_kg"]


def _rdf(triples, status: int = 200) -> Response:
    fmt = choose(request, GRAPH_FORMATS)
    return Response(serialize_triples(triples, fmt.name), status=status, headers={"Vary": "Accept"},
                    content_type=f"{fmt.media_type}; charset=utf-8")


@blueprint.route("/ontology")
def ontology():
    store = _graph().store
    triples = [(s, p, o) for s, p, o, _g in store.quads(graph=iri.graph("ontology"))]
    if not prefers_html(request):
        return _rdf(triples)
    terms: dict[str, dict] = {}
    for s, p, o in triples:
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI + "#"):
            term = terms.setdefault(str(s), {"name": str(s).split("#", 1)[1], "types": [], "super": []})
            if p == RDF.type:
                term["types"].append(curie(str(o)))
            elif p in (RDFS.label, RDFS.comment) and isinstance(o, Literal):
                term["label" if p == RDFS.label else "comment"] = str(o)
            elif p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
                term["super"].append((curie(str(p)), curie(str(o))))
    classes = sorted((t for t in terms.values() if "owl:Class" in t["types"]), key=lambda t: t["name"])
    properties = sorted((t for t in terms.values() if "owl:Class" not in t["types"]), key=lambda t: t["name"])
    return render_template("ontology.html", classes=classes, properties=properties, base=ONTOLOGY_IRI,
                           version=_graph().version)


@lru_cache(maxsize=4)
def _void_counts(store_path: str) -> tuple:
    store = _graph().store
    classes = [(str(r["class"]), int(r["n"])) for r in store.rows(CLASS_PARTITION)]
    properties = [(str(r["p"]), int(r["n"])) for r in store.rows(PROPERTY_PARTITION)]
    entities = int(next(store.rows(ENTITIES))["n"])
    return len(store), entities, classes, properties


@blueprint.route("/.well-known/void")
def void():
    graph = _graph()
    dataset = iri.dataset()
    quads, entities, classes, properties = _void_counts(graph.store_path)
    triples = [
        (dataset, RDF.type, VOID.Dataset), (dataset, DCTERMS.title, Literal("OSCE knowledge graph", lang="en")),
        (dataset, DCTERMS.description, Literal("The OSCE's participating States, partners, structures, field "
                                               "operations, office holders, meetings and press releases.", lang="en")),
        (dataset, DCTERMS.hasVersion, Literal(graph.version)), (dataset, DCTERMS.license, LICENSE),
        (dataset, DCTERMS.source, URIRef("https://www.osce.org/")),
        (dataset, VOID.triples, Literal(quads)), (dataset, VOID.entities, Literal(entities)),
        (dataset, VOID.sparqlEndpoint, URIRef(url_for("sparql.endpoint", _external=True))),
        (dataset, VOID.uriSpace, Literal(f"{iri.BASE}id/")),
        (dataset, FOAF.homepage, URIRef(url_for("pages.home", _external=True))),
    ]
    triples += [(dataset, VOID.vocabulary, URIRef(ns)) for prefix, ns in PREFIXES.items() if prefix not in ("id", "wd")]
    triples += [(dataset, VOID.exampleResource, iri.entity(kind, key)) for kind, key in EXAMPLES]
    manifest = read_manifest(Path(graph.store_path).parent / "dumps") or {"dumps": []}
    if manifest.get("created"):
        triples.append((dataset, DCTERMS.modified, Literal(manifest["created"], datatype=XSD.dateTime)))
    triples += [(dataset, VOID.dataDump, URIRef(url_for("linked.dump_file", name=d["file"], _external=True)))
                for d in manifest["dumps"]]
    for number, (cls, count) in enumerate(classes):
        node = URIRef(f"{dataset}#class-{number}")
        triples += [(dataset, VOID.classPartition, node), (node, VOID["class"], URIRef(cls)), (node, VOID.entities, Literal(count))]
    for number, (prop, count) in enumerate(properties):
        node = URIRef(f"{dataset}#property-{number}")
        triples += [(dataset, VOID.propertyPartition, node), (node, VOID.property, URIRef(prop)), (node, VOID.triples, Literal(count))]
    return _rdf(triples)


@blueprint.route("/dumps/")
def dumps():
    graph = _graph()
    manifest = read_manifest(Path(graph.store_path).parent / "dumps") or {"dumps": [], "version": graph.version}
    if request.args.get("format") == "json" or request.accept_mimetypes.best == "application/json":
        return {**manifest, "dumps": [{**d, "url": url_for("linked.dump_file", name=d["file"], _external=True)}
                                      for d in manifest["dumps"]]}
    return render_template("dumps.html", manifest=manifest, version=graph.version)


@blueprint.route("/dumps/<name>")
def dump_file(name: str):
    graph = _graph()
    folder = Path(graph.store_path).parent / "dumps"
    manifest = read_manifest(folder) or {"dumps": []}
    entry = next((d for d in manifest["dumps"] if d["file"] == name), None)
    if entry is None:
        abort(404)
    response = send_from_directory(folder, name, mimetype="application/gzip", conditional=True, etag=entry["sha256"],
                                   max_age=31536000)
    response.headers["X-Graph-Version"] = graph.version
    return response
