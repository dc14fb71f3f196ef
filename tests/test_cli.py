"""The command line: query in every result format, stats, validate, and clear errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from click.testing import CliRunner
from rdflib import Graph

from kg import iri
from kg.cli import main

CENTRAL_ASIA = ('SELECT ?fo WHERE { ?fo a osce:FieldOperation ; osce:status osce:Active ; osce:region ?r . '
                '?r skos:prefLabel "Central Asia"@en }')


def run(built, *args, input=None):
    return CliRunner().invoke(main, ["--home", str(built.home), "--data", str(built.data_dir), *args], input=input)


def test_query_csv_lists_the_central_asian_field_operations(built):
    result = run(built, "query", CENTRAL_ASIA)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    assert str(iri.entity("field-operation", "programme-office-in-bishkek")) in {r["fo"] for r in rows}


def test_query_json_tsv_xml(built):
    data = json.loads(run(built, "query", CENTRAL_ASIA, "--format", "json").stdout)
    assert len(data["results"]["bindings"]) == 5
    tsv = run(built, "query", CENTRAL_ASIA, "--format", "tsv").stdout.strip().splitlines()
    assert tsv[0] == "?fo" and len(tsv) == 6
    root = ET.fromstring(run(built, "query", CENTRAL_ASIA, "--format", "xml").stdout)
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 5


def test_construct_query_gives_turtle(built):
    result = run(built, "query", "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s a osce:PartnerGroup ; skos:prefLabel ?l }")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(set(graph.subjects())) == 2


def test_query_from_stdin(built):
    result = run(built, "query", "-", input="ASK { ?s a osce:ParticipatingState }")
    assert result.exit_code == 0 and "true" in result.stdout


def test_malformed_query_names_the_problem(built):
    result = run(built, "query", "SELECT ?x WHERE { ?x a }")
    assert result.exit_code == 1
    assert result.output.startswith("error:") and "Traceback" not in result.output


def test_format_that_does_not_fit_is_refused(built):
    result = run(built, "query", CENTRAL_ASIA, "--format", "ttl")
    assert result.exit_code == 1 and "does not fit" in result.output


def test_stats_counts_entities(built):
    result = run(built, "stats")
    assert result.exit_code == 0, result.output
    assert "(osce:ParticipatingState)" in result.output
    assert "quads:" in result.output


def test_validate_reports_valid(built):
    result = run(built, "validate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid:")


def test_query_without_a_store_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "none"), "query", "ASK {}"])
    assert result.exit_code == 1 and "osce-kg build" in result.output
