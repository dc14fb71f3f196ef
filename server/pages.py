"""Pages for people: the home page, entity pages, class pages, search, and the not-found page."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from rdflib import URIRef

from kg import iri
from kg.describe import INBOUND_PAGE, describe
from kg.named_queries import named_query
from kg.search import search
from kg.vocab import PREFIXES, curie
from server.entities import EXTENSIONS, MEDIA, entity_iri
from server.figures import map_figure, timeline
from server.schema_org import schema_org
from server.views import inbound_groups, label_of, other_names, statement_groups

blueprint = Blueprint("pages", __name__)

CLASS_PAGE = 200
EXAMPLES = (
    ("Which field operations are in Central Asia?",
     'SELECT ?fieldOperation ?name WHERE {\n  ?fieldOperation a osce:FieldOperation ; osce:status osce:Active ;\n'
     '    osce:region/skos:prefLabel "Central Asia"@en ; skos:prefLabel ?name .\n  FILTER(LANG(?name) = "en")\n} ORDER BY ?name'),
    ("Which States chaired the OSCE, year by year?",
     "SELECT ?year ?state WHERE {\n  ?c a osce:Chairpersonship ; osce:year ?year ; osce:chairState/rdfs:label ?state .\n} ORDER BY ?year"),
    ("Who were the Secretaries General?",
     "SELECT ?name ?from ?to WHERE {\n  ?t org:role id:role\\/secretary-general ; org:member/rdfs:label ?name .\n"
     "  OPTIONAL { ?t schema:startDate ?from } OPTIONAL { ?t schema:endDate ?to }\n} ORDER BY ?from"),
    ("Which press releases mention which States?",
     "SELECT ?date ?title ?state WHERE {\n  ?r a osce:PressRelease ; schema:datePublished ?date ; schema:headline ?title ;\n"
     "    schema:mentions ?s . ?s a osce:ParticipatingState ; rdfs:label ?state .\n} ORDER BY DESC(?date)"),
)


def graph():
    return current_app.extensions["osce_kg"]


@blueprint.route("/")
def home():
    rows = graph().store.rows(named_query("classes"))
    classes = [(r.get("label") and str(r["label"]) or curie(str(r["class"])), curie(str(r["class"])), int(r["entities"]))
               for r in rows if str(r["class"]).startswith((PREFIXES["osce"], PREFIXES["schema"], PREFIXES["org"]))]
    return render_template("home.html", classes=classes, examples=EXAMPLES, version=graph().version)


@blueprint.route("/page/<kind>/<key>")
def entity_page(kind: str, key: str):
    subject = entity_iri(kind, key)
    offset = request.args.get("inbound", "0")
    offset = int(offset) if offset.isdigit() else 0
    found = describe(graph().store, subject, inbound_offset=offset)
    if not found.exists:
        return render_not_found(subject)
    body = next((str(o) for _s, p, o, _g in found.statements if str(p).endswith("#bodyText")), None)
    return render_template(
        "entity.html", found=found, iri=str(subject), kind=kind, key=key, label=label_of(str(subject), found),
        types=[label_of(t, found) for t in found.types.get(str(subject), [])],
        groups=statement_groups(found), names=other_names(found), inbound=inbound_groups(found),
        inbound_offset=offset, inbound_page=INBOUND_PAGE, body=body, map=map_figure(graph().store, found),
        timeline=timeline(graph().store, found), parts=_parts(found),
        alternates=[(MEDIA[name], url_for("entities.document", kind=kind, key=key, ext=ext)) for ext, name in EXTENSIONS.items()],
        schema_org=schema_org(found, label_of(str(subject), found)), version=graph().version)


def _parts(found) -> list[tuple[str, list]]:
    """The parts an entity owns (dated names, conflicts, mentions, quotes), one group per part."""
    from server.views import value_of

    grouped: dict[str, list] = {}
    for s, p, o, g in found.parts:
        grouped.setdefault(str(s), []).append((label_of(str(p), found), value_of(o, found, found.sources.get(str(g)))))
    return sorted(grouped.items())


def render_not_found(subject: URIRef) -> Response:
    return Response(render_template("not_found.html", iri=str(subject), version=graph().version), status=404,
                    content_type="text/html; charset=utf-8")


@blueprint.route("/page/class/<name>")
def class_page(name: str):
    prefix, _, local = name.partition(":")
    if prefix not in PREFIXES or not local or not local.replace("_", "").isalnum():
        abort(404)
    cls = URIRef(PREFIXES[prefix] + local)
    offset = request.args.get("offset", "0")
    offset = int(offset) if offset.isdigit() else 0
    store = graph().store
    total = int(next(store.rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
                                substitutions={"c": cls}), {"n": 0})["n"])
    if not total:
        abort(404)
    columns = [str(r["p"]) for r in store.rows(named_query("class-columns"), substitutions={"c": cls})][:6]
    ordered = store.rows(named_query("class-members"), substitutions={"c": cls})
    members = [str(r["s"]) for r in islice(ordered, offset, offset + CLASS_PAGE)]
    rows = [_class_row(member, columns) for member in members]
    from server.views import _local_name

    labels = {c: _label(c) or _local_name(c) for c in columns}
    return render_template("class.html", name=name, label=_label(str(cls)) or _local_name(str(cls)), total=total,
                           columns=[labels[c] for c in columns], rows=rows, offset=offset, page=CLASS_PAGE,
                           version=graph().version)


def _label(node: str) -> str | None:
    from server.figures import store_label

    return store_label(graph().store, URIRef(node))


def _class_row(member: str, columns: list[str]) -> tuple:
    found = describe(graph().store, URIRef(member), inbound_limit=0)
    from server.views import value_of

    cells = []
    for column in columns:
        values = [value_of(o, found) for _s, p, o, _g in found.statements if str(p) == column]
        cells.append(values[:3])
    return label_of(member, found), url_for("pages.entity_page", kind=iri.split_entity(member)[0],
                                              key=iri.split_entity(member)[1]), cells


@blueprint.route("/search")
def search_page():
    text = request.args.get("q", "").strip()[:200]
    kind = request.args.get("kind") or None
    offset = request.args.get("offset", "0")
    offset = int(offset) if offset.isdigit() else 0
    index = Path(graph().store_path).parent / "search.sqlite" if graph().store is not None else None
    total, hits = search(index, text, kind=kind, offset=offset) if text and index and index.exists() else (0, [])
    if request.args.get("format") == "json" or request.accept_mimetypes.best == "application/json":
        return {"query": text, "total": total, "offset": offset,
                "hits": [{"iri": h.iri, "kind": h.kind, "label": h.label, "date": h.date, "snippet": h.snippet,
                          "page": url_for("pages.entity_page", kind=h.kind, key=iri.split_entity(h.iri)[1])}
                         for h in hits]}
    return render_template("search.html", text=text, kind=kind, total=total, hits=hits, offset=offset,
                           page_of=lambda h: url_for("pages.entity_page", kind=h.kind, key=iri.split_entity(h.iri)[1]),
                           version=graph().version)


@blueprint.route("/labels", methods=["POST"])
def labels():
    """English labels of up to 2,000 IRIs (the query page shows results by label)."""
    from kg.vocab import RDFS

    iris = request.get_json(silent=True)
    if not isinstance(iris, list) or len(iris) > 2000 or not all(isinstance(i, str) for i in iris):
        return {"error": "send a JSON list of at most 2000 IRIs"}, 400
    store, found = graph().store, {}
    for value in iris:
        if value.startswith(("http://", "https://")) and len(value) < 2000:
            label = next((o for *_x, o, _g in store.quads(subject=URIRef(value), predicate=RDFS.label)), None)
            if label is not None:
                found[value] = str(label)
    return found


@blueprint.route("/complete")
def complete():
    """Terms of a vocabulary whose local name starts with ``q`` (the editor's completion)."""
    from kg.vocab import RDFS

    prefix, text = request.args.get("prefix", ""), request.args.get("q", "").lower()[:100]
    namespace = PREFIXES.get(prefix)
    if namespace is None or prefix == "id":
        return []
    terms = {}
    for s, p, o, _g in graph().store.quads(predicate=RDFS.label, graph=iri.graph("ontology")):
        name = str(s)
        if name.startswith(namespace) and name[len(namespace):].lower().startswith(text):
            terms[f"{prefix}:{name[len(namespace):]}"] = str(o)
    return [{"name": k, "label": v} for k, v in sorted(terms.items())][:50]
