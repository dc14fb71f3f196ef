"""What researchers ask of the built graph: the facts the issue names, checked by SPARQL."""

from __future__ import annotations

from kg import iri
from kg.vocab import OSCE, SCHEMA
from tests.conftest import iris

CENTRAL_ASIA = """
SELECT ?s WHERE {
  ?s a osce:FieldOperation ; osce:region ?region ; osce:status osce:Active .
  ?region skos:prefLabel "Central Asia"@en .
}"""


def test_central_asia_has_exactly_the_five_field_operations(store):
    assert iris(store, CENTRAL_ASIA) == {
        str(iri.entity("field-operation", key)) for key in (
            "centre-in-ashgabat", "programme-office-in-astana", "programme-office-in-bishkek",
            "programme-office-in-dushanbe", "project-co-ordinator-in-uzbekistan")}


def count(store, sparql: str) -> int:
    return int(next(store.rows(sparql))["n"])


def test_counts_of_the_osce_as_the_seed_lists_it(store):
    assert count(store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a osce:ParticipatingState }") == 57
    assert count(store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a osce:PartnerForCooperation }") == 11
    assert count(store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a osce:FieldOperation ; osce:status osce:Active }") == 12
    assert count(store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s skos:inScheme id:scheme\\/fields-of-work }") == 23


def test_partners_fall_into_two_groups_and_mongolia_is_a_former_partner(store):
    rows = store.rows("""SELECT ?group (COUNT(?s) AS ?n) WHERE {
        ?s a osce:PartnerForCooperation ; osce:partnerGroup ?group } GROUP BY ?group""")
    by_group = {str(r["group"]): int(r["n"]) for r in rows}
    assert by_group == {str(iri.entity("partner-group", "asian")): 5,
                        str(iri.entity("partner-group", "mediterranean")): 6}
    mongolia = iri.entity("country", "mng")
    assert iris(store, f"SELECT ?s WHERE {{ <{mongolia}> osce:formerPartnerGroup ?s }}") == {
        str(iri.entity("partner-group", "asian"))}
    assert iris(store, "SELECT ?s WHERE { ?s a osce:ParticipatingState ; osce:formerPartnerGroup ?g }") == {str(mongolia)}


def test_kosovo_is_a_territory_not_a_state(store):
    kosovo = iri.entity("territory", "kosovo")
    types = iris(store, f"SELECT ?s WHERE {{ <{kosovo}> a ?s }}")
    assert str(OSCE.Territory) in types
    assert str(OSCE.ParticipatingState) not in types and str(SCHEMA.Country) not in types
    hosted = iris(store, f"SELECT ?s WHERE {{ ?s osce:host <{kosovo}> }}")
    assert str(iri.entity("field-operation", "mission-in-kosovo")) in hosted


def test_country_labels_in_the_six_osce_languages(store):
    rows = store.rows(f"SELECT ?l WHERE {{ <{iri.entity('country', 'che')}> skos:prefLabel ?l }}")
    languages = {r["l"].language for r in rows}
    assert languages == {"en", "fr", "de", "it", "ru", "es"}


def test_switzerland_chairs_in_2026(store):
    rows = list(store.rows('SELECT ?state WHERE { ?c a osce:Chairpersonship ; osce:year "2026"^^xsd:gYear ; osce:chairState ?state }'))
    assert [str(r["state"]) for r in rows] == [str(iri.entity("country", "che"))]


def test_renamed_field_operation_keeps_one_iri_with_dated_names(store):
    astana = iri.entity("field-operation", "programme-office-in-astana")
    rows = list(store.rows(f"""SELECT ?name ?start WHERE {{ <{astana}> osce:hasName ?n .
        ?n rdfs:label ?name OPTIONAL {{ ?n schema:startDate ?start }} }}"""))
    names = {str(r["name"]) for r in rows}
    assert "OSCE Centre in Almaty" in names and "OSCE Centre in Astana" in names
    assert any("start" in r for r in rows)


def test_conflicting_sources_are_recorded_not_resolved(store):
    rows = list(store.rows("""SELECT ?entity ?value WHERE {
        ?entity osce:conflict ?c . ?c osce:claim ?claim . ?claim rdf:value ?value }"""))
    bosnia = str(iri.entity("field-operation", "mission-to-bosnia-and-herzegovina"))
    assert {str(r["value"]) for r in rows if str(r["entity"]) == bosnia} == {"1995-12-08", "1995-12-18"}


def test_places_have_coordinates_and_geonames_links(store):
    rows = list(store.rows(f"""SELECT ?lat ?long ?same WHERE {{
        <{iri.entity('place', 'bishkek')}> geo:lat ?lat ; geo:long ?long ; owl:sameAs ?same }}"""))
    assert rows and 42 < float(rows[0]["lat"]) < 43 and 74 < float(rows[0]["long"]) < 75
    assert str(rows[0]["same"]).startswith("https://sws.geonames.org/")


def test_every_named_graph_has_provenance(store):
    graphs = set(store.named_graphs())
    described = iris(store, "SELECT ?s WHERE { ?s a osce:SourceGraph ; osce:sha256 ?h ; osce:sourcePath ?p ; prov:wasGeneratedBy ?b }")
    data_graphs = {g for g in graphs if not g.endswith(("/graph/build", "/graph/ontology"))}
    assert data_graphs and data_graphs <= described
