"""Linked data through the Flask test client: 303 dereferencing with negotiation, entity documents
in every RDF format parsed and checked, 404s, entity pages of every kind with no raw IRI shown as a
label, class pages, search, ontology, VoID and dumps."""

from __future__ import annotations

import gzip
import hashlib
import html.parser
import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg import iri
from kg.vocab import OSCE, VOID

BISHKEK = iri.entity("field-operation", "programme-office-in-bishkek")


def test_303_by_accept_with_q_values_and_vary(client):
    html = client.get("/id/field-operation/programme-office-in-bishkek", headers={"Accept": "text/html,*/*;q=0.8"})
    assert html.status_code == 303 and html.headers["Location"].endswith("/page/field-operation/programme-office-in-bishkek")
    assert html.headers["Vary"] == "Accept" and 'rel="alternate"' in html.headers["Link"]
    turtle = client.get("/id/field-operation/programme-office-in-bishkek", headers={"Accept": "text/html;q=0.5, text/turtle"})
    assert turtle.headers["Location"].endswith("/data/field-operation/programme-office-in-bishkek.ttl")
    for accept, ext in (("application/ld+json", "jsonld"), ("application/n-triples", "nt"), ("application/rdf+xml", "rdf"),
                        ("*/*", "ttl"), (None, "ttl")):
        response = client.get("/id/country/kgz", headers={"Accept": accept} if accept else {})
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/data/country/kgz.{ext}")
    forced = client.get("/id/country/kgz?format=jsonld", headers={"Accept": "text/html"})
    assert forced.headers["Location"].endswith("/data/country/kgz.jsonld")


@pytest.mark.parametrize("ext,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml")])
def test_entity_document_in_every_format(client, ext, rdflib_format):
    response = client.get(f"/data/field-operation/programme-office-in-bishkek.{ext}")
    assert response.status_code == 200 and response.headers["ETag"]
    graph = Graph().parse(data=response.data, format=rdflib_format)
    assert (BISHKEK, RDF.type, OSCE.FieldOperation) in graph
    host = graph.value(BISHKEK, OSCE.host)
    assert host == iri.entity("country", "kgz")
    assert Literal("Kyrgyzstan", lang="en") in set(graph.objects(host, RDFS.label))  # labels of what it links to
    tenure_links = list(graph.subjects(URIRef("http://www.w3.org/ns/org#organization"), BISHKEK))
    assert tenure_links  # inbound links


def test_jsonld_reads_like_ordinary_json(client):
    data = json.loads(client.get("/data/country/kgz.jsonld").data)
    assert "@context" in data and data["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert "http://www.w3.org/2004/02/skos/core#prefLabel" not in json.dumps(data)


def test_inbound_links_are_capped_with_a_next_link(client):
    response = client.get("/data/place/vienna.ttl")
    graph = Graph().parse(data=response.data, format="turtle")
    inbound = set(graph.subjects(None, iri.entity("place", "vienna")))
    assert len(inbound) <= 50
    from kg.describe import INBOUND_PAGE

    total = int(json.loads(client.get("/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%3Fs%20%3Fp%20id%3Aplace%5C%2Fvienna%7D").data)["results"]["bindings"][0]["n"]["value"])
    assert ('rel="next"' in response.headers["Link"]) == (total > INBOUND_PAGE)


def test_unknown_and_malformed_entities_are_404(client):
    assert client.get("/id/country/zzz", headers={"Accept": "text/plain"}).status_code == 404
    page = client.get("/id/country/zzz", headers={"Accept": "text/html"})
    assert page.status_code == 404 and b'name="q"' in page.data
    for path in ("/id/country/..%2F..%2Fetc", "/page/country/%2e%2e", "/data/country/KAZ.ttl", "/id/" + "a" * 300 + "/b",
                 "/data/country/kaz.exe", "/page/class/nope:Thing", "/id/country/kaz%00"):
        assert client.get(path).status_code == 404, path


class Visible(html.parser.HTMLParser):
    """The text a reader sees in the statements table and the inbound section, outside external links."""

    def __init__(self):
        super().__init__()
        self.depth, self.external, self.texts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class", "") or ""
        if tag == "table" and "statements" in classes or tag == "section" and dict(attrs).get("id") == "inbound":
            self.depth += 1
        if tag == "a" and "external" in classes:
            self.external += 1

    def handle_endtag(self, tag):
        if tag in ("table", "section") and self.depth:
            self.depth -= 1
        if tag == "a" and self.external:
            self.external -= 1

    def handle_data(self, data):
        if self.depth and not self.external and data.strip():
            self.texts.append(data.strip())


KINDS = ["country/kaz", "territory/kosovo", "partner-group/asian", "region/central-asia", "topic/human-rights",
         "role/secretary-general", "place/vienna", "organization/osce", "unit/transnational-threats-department",
         "institution/odihr", "field-operation/programme-office-in-astana", "meeting-series/summit-meetings",
         "meeting/summit-2010-astana", "person/lamberto-zannier", "chairpersonship/2026",
         "press-release/2013-07-25-ways-to-prevent-online-illicit-drug-trade-discussed-at-osce"]


@pytest.mark.parametrize("path", KINDS)
def test_every_kind_of_entity_page_renders_without_raw_iris(client, path):
    response = client.get(f"/page/{path}")
    assert response.status_code == 200
    parser = Visible()
    parser.feed(response.data.decode())
    assert parser.texts and not [t for t in parser.texts if t.startswith(("http://", "https://"))]
    assert b'<link rel="alternate" type="text/turtle"' in response.data
    assert b'<script type="application/ld+json">' in response.data


def test_entity_page_title_follows_the_browsers_language(client):
    response = client.get("/page/country/che", headers={"Accept-Language": "de-CH, de;q=0.9, en;q=0.5"})
    assert b"<h1>Schweiz</h1>" in response.data
    assert b"<h1>Switzerland</h1>" in client.get("/page/country/che").data


def test_pages_show_maps_timelines_and_inbound_counts(client):
    state = client.get("/page/country/kgz").data.decode()
    assert '<figure class="map">' in state and "<circle" in state and 'id="inbound"' in state
    series = client.get("/page/meeting-series/ministerial-council-meetings").data.decode()
    assert '<figure class="timeline">' in series
    ukraine = client.get("/page/country/ukr").data.decode()
    assert "mentions" in ukraine.lower() and '<span class="count">2</span>' in ukraine


def test_class_page_lists_every_member(client):
    page = client.get("/page/class/osce:ParticipatingState").data.decode()
    assert page.count('<a class="entity" href="/page/country/') >= 57 and "table.js" in page


def test_search_finds_labels_in_every_language_and_release_text(client):
    hits = json.loads(client.get("/search?q=Bishkek&format=json").data)["hits"]
    assert "Programme Office in Bishkek" in [h["label"] for h in hits]
    assert json.loads(client.get("/search?q=Schweiz&format=json").data)["hits"][0]["iri"] == str(iri.entity("country", "che"))
    assert json.loads(client.get("/search?q=Azubalis&format=json").data)["hits"][0]["iri"] == str(iri.entity("person", "audronius-azubalis"))
    drugs = json.loads(client.get("/search?q=illicit%20drugs&format=json").data)["hits"]
    assert drugs[0]["kind"] == "press-release" and "[" in drugs[0]["snippet"]


def test_home_page_counts_and_search_box(client):
    page = client.get("/").data.decode()
    assert 'form id="search"' in page and "/page/class/osce:FieldOperation" in page and "/sparql?query=" in page


def test_ontology_for_people_and_machines(client):
    page = client.get("/ontology", headers={"Accept": "text/html"})
    assert page.status_code == 200 and b'id="FieldOperation"' in page.data
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.data, format="turtle")
    assert (OSCE.FieldOperation, RDFS.label, None) in graph


def test_void_describes_the_dataset(client):
    graph = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).data, format="turtle")
    dataset = iri.dataset()
    assert int(graph.value(dataset, VOID.triples)) > 5000
    assert graph.value(dataset, VOID.sparqlEndpoint) is not None
    assert len(list(graph.objects(dataset, VOID.dataDump))) == 6
    assert any(graph.value(p, VOID["class"]) == OSCE.FieldOperation for p in graph.objects(dataset, VOID.classPartition))
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/hasVersion")) is not None


def test_dumps_listed_with_checksums_and_served_with_etag(client, store):
    listing = json.loads(client.get("/dumps/?format=json").data)
    assert {d["format"] for d in listing["dumps"]} == {"turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"}
    nquads = next(d for d in listing["dumps"] if d["format"] == "nquads")
    assert listing["version"] in nquads["file"]
    response = client.get(f"/dumps/{nquads['file']}")
    assert response.status_code == 200 and int(response.headers["Content-Length"]) == nquads["bytes"]
    assert hashlib.sha256(response.data).hexdigest() == nquads["sha256"]
    assert client.get(f"/dumps/{nquads['file']}", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    dataset = Dataset()
    dataset.parse(data=gzip.decompress(response.data).decode(), format="nquads")
    assert sum(1 for _ in dataset.quads((None, None, None, None))) == nquads["statements"] == len(store)
    assert client.get("/dumps/../../etc/passwd").status_code == 404
