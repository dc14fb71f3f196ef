"""End to end against a real `osce-kg serve` process: real SPARQL clients, and a runaway query
stopped at the limit while a cheap query is answered at the same time."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from kg import iri

PREFIXES = """PREFIX osce: <https://w3id.org/osce-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
CENTRAL_ASIA = PREFIXES + """SELECT ?fo ?name WHERE { ?fo a osce:FieldOperation ; osce:status osce:Active ;
  osce:region/skos:prefLabel "Central Asia"@en ; skos:prefLabel ?name FILTER(LANG(?name) = "en") } ORDER BY ?name"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_sparqlwrapper_select_and_construct(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(CENTRAL_ASIA)
    client.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert names == ["Centre in Ashgabat", "Programme Office in Astana", "Programme Office in Bishkek",
                     "Programme Office in Dushanbe", "Project Co-ordinator in Uzbekistan"]
    client.setQuery(PREFIXES + "CONSTRUCT { ?g skos:prefLabel ?l } WHERE { ?g a osce:PartnerGroup ; skos:prefLabel ?l }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert set(graph.subjects()) == {iri.entity("partner-group", "asian"), iri.entity("partner-group", "mediterranean")}


def test_rdflib_sparqlstore_reads_results(server):
    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    rows = list(graph.query(CENTRAL_ASIA))
    assert len(rows) == 5 and str(rows[0].name) == "Centre in Ashgabat"


def fetch(url: str) -> tuple[int, bytes, float]:
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), time.monotonic() - start
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - start


def test_runaway_query_is_cut_while_a_cheap_query_is_answered(server):
    results = {}
    runaway = threading.Thread(target=lambda: results.update(runaway=fetch(f"{server}/sparql?query={quote(RUNAWAY)}")))
    runaway.start()
    time.sleep(0.3)
    status, body, seconds = fetch(f"{server}/sparql?query={quote(CENTRAL_ASIA)}")
    assert status == 200 and seconds < 1.5 and b"Ashgabat" in body
    runaway.join(timeout=30)
    status, body, seconds = results["runaway"]
    assert status == 503 and b"limit of 2 seconds" in body
    assert 1.5 < seconds < 10
    assert fetch(f"{server}/sparql?query={quote(CENTRAL_ASIA)}")[0] == 200


def test_garbage_and_huge_queries_get_4xx_and_the_server_lives(server):
    assert fetch(f"{server}/sparql?query=%FF%FE%00garbage")[0] == 400
    huge = urllib.request.Request(f"{server}/sparql", data=b"query=" + b"x" * (1 << 20),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        status = urllib.request.urlopen(huge, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 413
    deep = ("SELECT * WHERE " + "{" * 5000 + "}" * 5000).encode()
    request = urllib.request.Request(f"{server}/sparql", data=deep, headers={"Content-Type": "application/sparql-query"})
    try:
        status, body = urllib.request.urlopen(request, timeout=30).status, b""
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    assert status == 400 and b"nests" in body and b"Traceback" not in body
    assert fetch(f"{server}/sparql?query={quote(CENTRAL_ASIA)}")[0] == 200


def test_rdflib_dereferences_an_entity_iri_of_the_running_server(server):
    from kg.vocab import OSCE

    graph = Graph()
    graph.parse(f"{server}/id/field-operation/programme-office-in-bishkek")
    subject = iri.entity("field-operation", "programme-office-in-bishkek")
    assert graph.value(subject, OSCE.host) == iri.entity("country", "kgz")
    assert len(list(graph.predicate_objects(subject))) > 10


def test_a_chunked_body_is_held_to_the_same_size_limit(server):
    import http.client

    port = int(server.rsplit(":", 1)[1])

    def post_chunked(body: bytes) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))
            connection.request("POST", "/sparql", body=chunks, encode_chunked=True,
                               headers={"Content-Type": "application/sparql-query"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    assert post_chunked(b"ASK { ?s a osce:PartnerGroup }") == (200, b'{"head":{},"boolean":true}')
    status, body = post_chunked(b"ASK {} #" + b"x" * (1 << 20))
    assert status == 413 and b"100000 bytes" in body


def test_server_timing_says_how_the_answer_was_made(server):
    import urllib.request

    query = quote("SELECT ?g WHERE { ?g a osce:PartnerGroup } ORDER BY ?g")
    seen = []
    for _ in range(3):  # two workers, each with its own result cache: one of them answers twice
        with urllib.request.urlopen(f"{server}/sparql?query={query}", timeout=30) as response:
            seen.append(response.headers["Server-Timing"])
    assert seen[0].startswith("query;dur=") and seen[0].endswith('desc="executor"')
    assert 'cache;desc="result cache"' in seen[1:]

