"""The SPARQL endpoint through the Flask test client: protocol, formats parsed back with real
parsers, negotiation, caching, and every kind of bad request answered with a clear 4xx."""

from __future__ import annotations

import csv
import io
import json
import socket
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import iri
from kg.vocab import SD

CENTRAL_ASIA = ('SELECT ?fo WHERE { ?fo a osce:FieldOperation ; osce:status osce:Active ; osce:region ?r . '
                '?r skos:prefLabel "Central Asia"@en }')
CONSTRUCT = ("CONSTRUCT { ?c skos:prefLabel ?l ; osce:partnerGroup ?g } "
             "WHERE { ?c a osce:PartnerForCooperation ; osce:partnerGroup ?g ; skos:prefLabel ?l }")
SRX = "{http://www.w3.org/2005/sparql-results#}"
FIVE = {str(iri.entity("field-operation", k)) for k in (
    "centre-in-ashgabat", "programme-office-in-astana", "programme-office-in-bishkek",
    "programme-office-in-dushanbe", "project-co-ordinator-in-uzbekistan")}


def get(client, query, **headers):
    return client.get(f"/sparql?query={quote(query)}", headers=headers)


def test_get_post_form_and_post_direct_give_the_same_answer(client):
    by_get = get(client, CENTRAL_ASIA)
    by_form = client.post("/sparql", data={"query": CENTRAL_ASIA})
    by_body = client.post("/sparql", data=CENTRAL_ASIA.encode(), content_type="application/sparql-query")
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200
        assert response.mimetype == "application/sparql-results+json"
        bindings = json.loads(response.data)["results"]["bindings"]
        assert {b["fo"]["value"] for b in bindings} == FIVE


@pytest.mark.parametrize("accept,check", [
    ("application/sparql-results+xml", lambda d: len(ET.fromstring(d).findall(f".//{SRX}result"))),
    ("text/csv", lambda d: len(list(csv.DictReader(io.StringIO(d.decode()))))),
    ("text/tab-separated-values", lambda d: len(d.decode().strip().splitlines()) - 1),
    ("application/json", lambda d: len(json.loads(d)["results"]["bindings"])),
])
def test_select_in_every_results_format(client, accept, check):
    response = get(client, CENTRAL_ASIA, Accept=accept)
    assert response.status_code == 200 and response.headers["Vary"] == "Accept"
    assert check(response.data) == 5


def test_ask(client):
    assert json.loads(get(client, "ASK { ?s a osce:ParticipatingState }").data)["boolean"] is True
    root = ET.fromstring(get(client, "ASK { ?s a osce:NoSuchClass }", Accept="application/sparql-results+xml").data)
    assert root.find(f"{SRX}boolean").text == "false"


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
    ("application/n-quads", "nquads"), ("application/trig", "trig")])
def test_construct_in_every_rdf_format_is_the_same_graph(client, accept, rdflib_format):
    reference = Graph().parse(data=get(client, CONSTRUCT, Accept="application/n-triples").data, format="nt")
    assert len(reference) == 11 * 7  # eleven partners: a group and labels in six languages
    response = get(client, CONSTRUCT, Accept=accept)
    assert response.status_code == 200 and response.mimetype == accept
    parsed = Graph()
    parsed.parse(data=response.data, format=rdflib_format)
    assert isomorphic(parsed, reference)


def test_q_values_and_format_parameter(client):
    prefers_csv = get(client, CENTRAL_ASIA, Accept="application/sparql-results+json;q=0.5, text/csv")
    assert prefers_csv.mimetype == "text/csv"
    assert client.get(f"/sparql?query={quote(CENTRAL_ASIA)}&format=tsv").mimetype == "text/tab-separated-values"
    assert client.get(f"/sparql?query={quote(CONSTRUCT)}&format=ttl", headers={"Accept": "text/csv"}).mimetype == "text/turtle"


def test_406_when_nothing_offered_fits(client):
    response = get(client, CENTRAL_ASIA, Accept="image/png")
    assert response.status_code == 406 and b"application/sparql-results+json" in response.data
    assert client.get(f"/sparql?query={quote(CENTRAL_ASIA)}&format=pdf").status_code == 406


def test_prefixes_are_predeclared_and_listed_in_the_service_description(client):
    assert get(client, "SELECT * WHERE { ?fo a osce:FieldOperation }").status_code == 200
    description = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert description.status_code == 200
    graph = Graph().parse(data=description.data, format="turtle")
    answer = graph.query("""PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?ns WHERE { ?s a sd:Service ; sd:endpoint ?e ; sd:feature sd:UnionDefaultGraph ;
            sh:declare [ sh:prefix "osce" ; sh:namespace ?ns ] }""")
    assert [str(r.ns) for r in answer] == ["https://w3id.org/osce-kg/ontology#"]
    names = {str(o) for o in graph.objects(None, SD.name)}
    assert str(iri.graph("countries")) in names


def test_browsers_get_the_query_page(client):
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "text/html" and b"<form" in response.data


def test_default_graph_uri_restricts_the_dataset(client):
    query = quote("SELECT (COUNT(?s) AS ?n) WHERE { ?s a osce:PartnerGroup }")
    only_countries = client.get(f"/sparql?query={query}&default-graph-uri={quote(str(iri.graph('countries')))}")
    only_groups = client.get(f"/sparql?query={query}&default-graph-uri={quote(str(iri.graph('partner-groups')))}")
    count = lambda r: int(json.loads(r.data)["results"]["bindings"][0]["n"]["value"])
    assert (count(only_countries), count(only_groups)) == (0, 2)


def test_etag_304_and_cache(client, app):
    first = get(client, CENTRAL_ASIA)
    etag = first.headers["ETag"]
    assert first.headers["X-Graph-Version"] and "max-age" in first.headers["Cache-Control"]
    assert get(client, CENTRAL_ASIA, **{"If-None-Match": etag}).status_code == 304
    other_format = get(client, CENTRAL_ASIA, Accept="text/csv")
    assert other_format.headers["ETag"] != etag
    assert len(app.extensions["osce_kg"].cache) >= 2
    assert get(client, CENTRAL_ASIA).data == first.data


def test_cors_is_open_for_reads(client):
    assert get(client, CENTRAL_ASIA).headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def triples(client) -> int:
    return int(json.loads(get(client, COUNT_ALL).data)["results"]["bindings"][0]["n"]["value"])


def test_updates_are_refused_and_nothing_changes(client):
    before = triples(client)
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    for response in (client.post("/sparql", data={"update": update}),
                     client.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
                     client.get(f"/sparql?query={quote(update)}"),
                     client.get(f"/sparql?update={quote('CLEAR ALL')}"),
                     client.post("/sparql", data={"query": "DROP ALL"})):
        assert response.status_code == 403, response.data
        assert b"read-only" in response.data
    assert triples(client) == before


def test_service_is_refused_before_execution(client):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        response = get(client, query)
        assert response.status_code == 400 and b"SERVICE" in response.data
        with pytest.raises(socket.timeout):
            listener.accept()


def test_the_word_service_inside_a_string_is_not_a_service_call(client):
    assert get(client, 'SELECT * WHERE { ?s rdfs:label "SERVICE <http://x>" }').status_code == 200


@pytest.mark.parametrize("glued", [
    "?s rdf:type<http://www.w3.org/2002/07/owl#Class> .",  # '#' inside an IRI glued to a prefixed name
    '?s rdfs:label"a b" .',                                  # a string glued to a prefixed name
    "?s rdfs:label ex:a\\'b .",                              # an escaped quote inside a local name
])
def test_service_is_found_after_compact_syntax(client, glued):
    query = "PREFIX ex: <http://example.org/> SELECT * WHERE { " + glued + " SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } }"
    response = get(client, query)
    assert response.status_code == 400 and b"SERVICE <http://127.0.0.1:9/>" in response.data


def test_compact_syntax_with_predeclared_prefixes(client):
    response = get(client, 'SELECT ?l WHERE { ?s a<https://w3id.org/osce-kg/ontology#PartnerGroup>;skos:prefLabel ?l '
                           'FILTER(LANG(?l)="en") }')
    labels = {b["l"]["value"] for b in json.loads(response.data)["results"]["bindings"]}
    assert response.status_code == 200 and len(labels) == 2


def test_brackets_inside_an_iri_like_token_count_towards_the_nesting(client):
    query = "ASK { FILTER(1<" + "(" * 300 + "1>0" + ")" * 300 + ") }"  # less-than, then 300 parentheses
    response = get(client, query)
    assert response.status_code == 400 and b"nests" in response.data


def test_whitespace_cannot_make_the_guard_slow(client):
    import time

    started = time.monotonic()
    response = client.post("/sparql", data={"query": "ASK {}" + " " * 99_000})
    assert response.status_code == 200
    assert time.monotonic() - started < 5  # a quadratic scan of the trailing spaces takes minutes


@pytest.mark.parametrize("query,status,words", [
    ("SELECT ?x WHERE { ?x a }", 400, b"1:"),
    ("this is not sparql", 400, b"not a SPARQL query"),
    ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, 400, b"nests"),
])
def test_bad_queries_get_a_clear_400(client, query, status, words):
    for response in (client.post("/sparql", data={"query": query}), get(client, query)):  # Flask and the fast path
        assert response.status_code == status and words in response.data
        assert b"Traceback" not in response.data
        assert response.headers["Cache-Control"] == "no-store" and response.mimetype == "text/plain"


def test_errors_in_json_for_clients_that_ask_for_it(client):
    response = get(client, "SELECT ?x WHERE { ?x a }", Accept="application/json")
    assert response.status_code == 400
    body = json.loads(response.data)
    assert body["status"] == 400 and "1:" in body["error"]


def test_an_empty_query_parameter_gets_the_service_description_on_both_paths(client):
    by_get = client.get("/sparql?query=%20", headers={"Accept": "text/turtle"})
    by_post = client.post("/sparql", data={"query": " "}, headers={"Accept": "text/turtle"})
    assert by_get.status_code == 200 and by_get.mimetype == "text/turtle"
    bare = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert isomorphic(Graph().parse(data=by_get.data, format="turtle"), Graph().parse(data=bare.data, format="turtle"))
    assert by_post.status_code == 400  # a POST must carry a query


def test_304_is_the_same_on_both_paths(client):
    etag = get(client, CENTRAL_ASIA).headers["ETag"]
    by_get = get(client, CENTRAL_ASIA, **{"If-None-Match": etag})
    by_post = client.post("/sparql", data={"query": CENTRAL_ASIA}, headers={"If-None-Match": etag})
    assert by_get.status_code == by_post.status_code == 304 and by_get.data == by_post.data == b""
    assert "Content-Length" not in by_get.headers and by_get.headers["ETag"] == by_post.headers["ETag"] == etag


def test_get_and_post_answer_with_the_same_headers(client):
    """GET goes through the WSGI fast path, POST through Flask: one answer, one set of headers."""
    by_get = get(client, CENTRAL_ASIA, Accept="text/csv")
    by_post = client.post("/sparql", data={"query": CENTRAL_ASIA}, headers={"Accept": "text/csv"})
    assert by_get.status_code == by_post.status_code == 200 and by_get.data == by_post.data
    for name in ("ETag", "Content-Type", "Vary", "X-Graph-Version", "Cache-Control", "Access-Control-Allow-Origin",
                 "Access-Control-Expose-Headers", "Content-Length"):
        assert by_get.headers[name] == by_post.headers[name], name


def test_a_long_query_in_the_url_gets_413(client):
    response = get(client, "SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_001)
    assert response.status_code == 413 and b"100000 bytes" in response.data


def test_a_declared_prefix_wins_over_the_predeclared_one(client):
    declared = get(client, "PREFIX osce: <http://example.org/> SELECT ?fo WHERE { ?fo a osce:FieldOperation }")
    assert json.loads(declared.data)["results"]["bindings"] == []
    path = get(client, 'SELECT ?fo WHERE { ?fo a osce:FieldOperation ; osce:status osce:Active ; '
                       'osce:region/skos:prefLabel "Central Asia"@en }')  # two prefixes in one token
    assert {b["fo"]["value"] for b in json.loads(path.data)["results"]["bindings"]} == FIVE


@pytest.fixture
def uncached(built):
    """An app with the result cache off, so every request evaluates its query."""
    from server import create_app

    apps = []

    def make(**settings):
        apps.append(create_app({"HOME": str(built.home), "EXECUTORS": 1, "CACHE_BYTES": 0, **settings}))
        return apps[-1].test_client()

    yield make
    for application in apps:
        application.extensions["osce_kg"].executors.close()


def where_it_ran(response) -> str:
    assert response.status_code == 200, response.data
    return response.headers["Server-Timing"].split('desc="')[1].rstrip('"')


def test_a_query_seen_cheap_runs_again_in_the_worker(uncached):
    client = uncached(INLINE_BELOW=1.0)
    first, second, third = (get(client, CENTRAL_ASIA) for _ in range(3))
    assert [where_it_ran(r) for r in (first, second, third)] == ["executor", "worker", "worker"]
    assert first.data == second.data == third.data
    assert where_it_ran(get(client, CENTRAL_ASIA, Accept="text/csv")) == "executor"  # another format: a new job


def test_inline_runs_can_be_turned_off(uncached):
    client = uncached(INLINE_BELOW=0)
    assert {where_it_ran(get(client, CENTRAL_ASIA)) for _ in range(3)} == {"executor"}


def test_a_query_slower_than_the_threshold_stays_in_the_executors(uncached):
    client = uncached(INLINE_BELOW=1e-9)
    assert {where_it_ran(get(client, CENTRAL_ASIA)) for _ in range(3)} == {"executor"}


def test_deep_long_and_volatile_queries_always_run_in_the_executors(uncached):
    client = uncached(INLINE_BELOW=1.0)
    group = "{ " * 3 + "?s a osce:PartnerGroup" + " }" * 3
    shallow = "SELECT * WHERE " + group
    assert [where_it_ran(get(client, shallow)) for _ in range(2)] == ["executor", "worker"]  # the control
    deep = "SELECT * WHERE " + "{ " * 40 + "?s a osce:PartnerGroup" + " }" * 40
    long = shallow + " #" + "x" * 2048
    volatile = [f"SELECT ?s (RAND() AS ?r) WHERE {group}", f"SELECT ?s (NOW() AS ?t) WHERE {group}",
                f"SELECT ?s (STRUUID() AS ?u) WHERE {group}"]
    for query in (deep, long, *volatile):
        assert [where_it_ran(get(client, query)) for _ in range(3)] == ["executor"] * 3, query


def test_a_busy_pool_says_so_without_running_the_query(built):
    import threading

    from server.errors import describe_error
    from server.executor import ExecutorPool, ExecutorsBusy, QueryJob, QueryTimeout

    store = str(built.home / "current" / "store")
    pool = ExecutorPool(1)
    held: list[Exception] = []

    def hold():
        try:
            pool.run(runaway, 3.0)
        except QueryTimeout as stopped:
            held.append(stopped)

    try:
        runaway = QueryJob(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "json")
        holder = threading.Thread(target=hold)
        holder.start()
        while pool._idle.qsize() or not pool._started:  # wait until the runaway holds the one executor
            threading.Event().wait(0.01)
        with pytest.raises(ExecutorsBusy) as busy:
            pool.run(QueryJob(store, "ASK {}", "json"), 0.5)
        status, message, headers = describe_error(busy.value, 0.5)
        assert status == 503 and "busy" in message and "not run" in message and headers["Retry-After"]
        holder.join()
        assert len(held) == 1  # the runaway itself was stopped at its limit
    finally:
        pool.close()


def test_cache_hits_say_so(client):
    get(client, "ASK { ?s a osce:PartnerGroup }")
    assert get(client, "ASK { ?s a osce:PartnerGroup }").headers["Server-Timing"] == 'cache;desc="result cache"'


def test_invalid_utf8_and_oversized_requests(client):
    assert client.get("/sparql?query=SELECT%20%FF%FE").status_code == 400
    body = client.post("/sparql", data=b"SELECT \xff\xfe", content_type="application/sparql-query")
    assert body.status_code == 400 and b"UTF-8" in body.data
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1 << 20)
    assert client.post("/sparql", data={"query": huge}).status_code == 413
    assert client.post("/sparql", data=huge.encode(), content_type="application/sparql-query").status_code == 413


def test_wrong_content_type_and_empty_post(client):
    assert client.post("/sparql", data=b"{}", content_type="application/json").status_code == 415
    assert client.post("/sparql", data={}).status_code == 400


def test_runaway_query_is_stopped_with_503(client):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = get(client, runaway)
    assert response.status_code == 503 and b"limit of 3 seconds" in response.data
    assert get(client, CENTRAL_ASIA).status_code == 200  # the executor was replaced


def test_row_cap(built):
    from server import create_app

    capped = create_app({"HOME": str(built.home), "MAX_ROWS": 3, "EXECUTORS": 1})
    try:
        response = capped.test_client().get(f"/sparql?query={quote('SELECT ?s WHERE { ?s a osce:ParticipatingState }')}")
        assert len(json.loads(response.data)["results"]["bindings"]) == 3
    finally:
        capped.extensions["osce_kg"].executors.close()


def test_the_guard_remembers_verdicts_but_not_refusals():
    from server.query_guard import GuardError, inspect

    first = inspect(CENTRAL_ASIA, max_depth=256)
    assert inspect(CENTRAL_ASIA, max_depth=256) is first  # not lexed again
    assert inspect(CENTRAL_ASIA, max_depth=8) is not first  # another setting, another verdict
    for _ in range(2):
        with pytest.raises(GuardError):
            inspect("DROP ALL", max_depth=256)
    long = CENTRAL_ASIA + " #" + "x" * 3000
    assert inspect(long, max_depth=256) is not inspect(long, max_depth=256)  # too long to keep
