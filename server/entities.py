"""Dereferenceable entity IRIs, the Cool URIs way (as DBpedia and Wikidata do it):

- ``GET /id/{kind}/{key}`` answers 303 See Other to ``/page/{kind}/{key}`` (HTML) or to
  ``/data/{kind}/{key}.{ttl|nt|jsonld|rdf}`` (RDF), by the Accept header (q-values honoured) or
  ``?format=``. Browsers send ``text/html`` explicitly and get the page; a client that accepts only
  ``*/*`` (or sends no Accept, as curl does) is a program and gets Turtle.
- ``/data/...`` documents hold every statement about the entity, the parts it owns, the labels and
  types of everything it links to, and its inbound links (50 at a time; ``Link: rel="next"`` to the
  rest). ``Link`` headers name the alternates.
- Unknown entities and malformed paths are 404, never 500.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from rdflib import URIRef

from kg import iri
from kg.describe import INBOUND_PAGE, describe
from kg.store import serialize_triples
from kg.vocab import PREFIXES
from server.errors import error_response
from server.negotiation import GRAPH_FORMATS, HTML, NotAcceptable, choose, prefers_html

blueprint = Blueprint("entities", __name__)

EXTENSIONS = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml"}
MEDIA = {f.name: f.media_type for f in GRAPH_FORMATS}
DOCUMENT_FORMATS = tuple(f for f in GRAPH_FORMATS if f.name in EXTENSIONS.values())
JSONLD_CONTEXT = {
    **{prefix: namespace for prefix, namespace in PREFIXES.items() if prefix != "id"},
    "id": "@id", "type": "@type",
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
}


def entity_iri(kind: str, key: str) -> URIRef:
    """The canonical IRI of a path's entity; 404 for anything that is not a well-formed key."""
    if not iri.is_key(kind) or not iri.is_key(key):
        abort(404)
    return iri.entity(kind, key)


def extension_of(fmt_name: str) -> str:
    return next(ext for ext, name in EXTENSIONS.items() if name == fmt_name)


def alternates(kind: str, key: str) -> str:
    links = [f'<{url_for("pages.entity_page", kind=kind, key=key)}>; rel="alternate"; type="text/html"']
    links += [f'<{url_for("entities.document", kind=kind, key=key, ext=ext)}>; rel="alternate"; type="{MEDIA[name]}"'
              for ext, name in EXTENSIONS.items()]
    return ", ".join(links)


@blueprint.route("/id/<kind>/<key>")
def resource(kind: str, key: str):
    subject = entity_iri(kind, key)
    graph = current_app.extensions["osce_kg"]
    html = prefers_html(request) and "format" not in request.args
    if not html:
        try:
            fmt = choose(request, DOCUMENT_FORMATS + (HTML,))
        except NotAcceptable as error:
            return error_response(406, str(error))
        html = fmt is HTML
    if not any(True for _ in graph.store.quads(subject=subject)):
        return not_found(subject, html)
    target = url_for("pages.entity_page", kind=kind, key=key) if html else \
        url_for("entities.document", kind=kind, key=key, ext=extension_of(fmt.name))
    response = redirect(target, code=303)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = alternates(kind, key)
    return response


def not_found(subject: URIRef, html: bool) -> Response:
    if html:
        from server.pages import render_not_found

        return render_not_found(subject)
    return error_response(404, f"{subject} is not in this graph")


@blueprint.route("/data/<kind>/<key>.<ext>")
def document(kind: str, key: str, ext: str):
    subject = entity_iri(kind, key)
    if ext not in EXTENSIONS:
        abort(404)
    graph = current_app.extensions["osce_kg"]
    offset = request.args.get("inbound", "0")
    if not offset.isdigit():
        return error_response(400, "inbound must be a non-negative number (the offset of inbound links)")
    etag = f'"{graph.version}-{kind}-{key}-{ext}-{offset}"'
    headers = {"ETag": etag, "Vary": "Accept", "X-Graph-Version": graph.version, "Link": alternates(kind, key),
               "Cache-Control": f"public, max-age={int(current_app.config['CACHE_MAX_AGE'])}"}
    if request.if_none_match.contains(etag.strip('"')):
        return Response(status=304, headers=headers)
    found = describe(graph.store, subject, inbound_offset=int(offset))
    if not found.exists:
        return not_found(subject, False)
    if int(offset) + INBOUND_PAGE < found.inbound_total:
        next_url = url_for("entities.document", kind=kind, key=key, ext=ext, inbound=int(offset) + INBOUND_PAGE)
        headers["Link"] += f', <{next_url}>; rel="next"'
    body = _serialize(found.graph(), EXTENSIONS[ext])
    return Response(body, headers=headers, content_type=f"{MEDIA[EXTENSIONS[ext]]}; charset=utf-8")


def _serialize(graph, rdf_format: str) -> bytes:
    if rdf_format == "jsonld":  # compacted with a small context, so it reads like ordinary JSON
        return graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True).encode("utf-8")
    return serialize_triples(graph, rdf_format)
