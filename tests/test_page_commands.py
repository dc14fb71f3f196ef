"""Pages through the command line: build skips what is not a release (or fails with --strict),
parse-page shows what was found without touching the store, add-page adds or replaces releases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

BISHKEK_PAGE = """# source: https://www.osce.org/bishkek/70000
OSCE Centre in Bishkek supports border management seminar
BISHKEK, 12 May 2010 – The OSCE Centre in Bishkek today opened a seminar on border management for officials from Kyrgyzstan and Tajikistan.
“Secure and open borders serve the whole region,” said Ambassador Andrew Tesoriere, the Head of the OSCE Centre in Bishkek.
"""

CENTRAL_ASIA_RELEASES = """SELECT ?release ?date ?title WHERE {
  ?release a osce:PressRelease ; schema:datePublished ?date ; schema:headline ?title ; schema:mentions ?fo .
  ?fo a osce:FieldOperation ; osce:region ?region . ?region skos:prefLabel "Central Asia"@en .
} ORDER BY DESC(?date)"""


def invoke(data: Path, home: Path, *args):
    return CliRunner().invoke(main, ["--data", str(data), "--home", str(home), *args])


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def listing(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


@pytest.fixture
def home(data_copy, tmp_path) -> Path:
    target = tmp_path / "home"
    result = invoke(data_copy, target, "build", "--no-shacl")
    assert result.exit_code == 0, result.output
    return target


def test_a_page_without_a_date_is_skipped_and_named(data_copy, tmp_path):
    (data_copy / "pages" / "undated.txt").write_text("A title without a date\nSome body text here.\n", encoding="utf-8")
    result = invoke(data_copy, tmp_path / "home", "build", "--no-shacl")
    assert result.exit_code == 0
    assert "skipped data/pages/undated.txt: no recognisable date" in result.output
    releases = rows(invoke(data_copy, tmp_path / "home", "query", "SELECT ?r WHERE { ?r a osce:PressRelease }"))
    assert len(releases) == 6


def test_strict_build_fails_on_such_a_page_and_keeps_the_store(data_copy, home):
    before = listing(home)
    (data_copy / "pages" / "undated.txt").write_text("A title without a date\nSome body text here.\n", encoding="utf-8")
    result = invoke(data_copy, home, "build", "--strict", "--no-shacl")
    assert result.exit_code == 1 and "undated.txt: no recognisable date" in result.output
    assert listing(home) == before


def test_parse_page_prints_what_was_found_without_touching_the_store(data_copy, home, tmp_path):
    page = tmp_path / "bishkek.txt"
    page.write_text(BISHKEK_PAGE, encoding="utf-8")
    before = listing(home)
    result = invoke(data_copy, home, "parse-page", str(page), "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["title"], found["date"]) == ("OSCE Centre in Bishkek supports border management seminar", "2010-05-12")
    labels = {(link["type"], link["label"]) for link in found["links"]}
    assert ("field-operation", "Programme Office in Bishkek") in labels  # by its former name
    assert ("topic", "Border management") in labels and ("country", "Tajikistan") in labels
    [person] = found["people"]
    assert person["label"] == "Andrew Tesoriere" and person["roles"][0]["role"]["label"] == "Head of Mission"
    assert person["roles"][0]["body"]["label"] == "Programme Office in Bishkek"
    assert [q["speaker"]["label"] for q in found["quotes"]] == ["Andrew Tesoriere"]
    assert listing(home) == before
    assert not (data_copy / "pages" / "bishkek.txt").exists()


def test_parse_page_names_an_unreadable_page(data_copy, home, tmp_path):
    page = tmp_path / "empty.txt"
    page.write_text("\n\n", encoding="utf-8")
    result = invoke(data_copy, home, "parse-page", str(page))
    assert result.exit_code == 1 and "empty.txt" in result.output and "Traceback" not in result.output


def test_add_page_then_the_central_asia_question(data_copy, home, tmp_path):
    assert rows(invoke(data_copy, home, "query", CENTRAL_ASIA_RELEASES)) == []
    page = tmp_path / "bishkek.txt"
    page.write_text(BISHKEK_PAGE, encoding="utf-8")
    result = invoke(data_copy, home, "add-page", str(page))
    assert result.exit_code == 0, result.output
    assert "added data/pages/bishkek.txt" in result.output
    found = rows(invoke(data_copy, home, "query", CENTRAL_ASIA_RELEASES))
    assert [(r["date"], r["title"]) for r in found] == [("2010-05-12", "OSCE Centre in Bishkek supports border management seminar")]
    assert (data_copy / "pages" / "bishkek.txt").read_text(encoding="utf-8") == BISHKEK_PAGE
    all_releases = rows(invoke(data_copy, home, "query", "SELECT ?r WHERE { ?r a osce:PressRelease }"))
    assert len(all_releases) == 7


def test_add_page_is_idempotent_and_replaces_a_changed_release(data_copy, home, tmp_path):
    page = tmp_path / "bishkek.txt"
    page.write_text(BISHKEK_PAGE, encoding="utf-8")
    invoke(data_copy, home, "add-page", str(page))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = rows(invoke(data_copy, home, "query", count))
    again = invoke(data_copy, home, "add-page", str(page))
    assert again.exit_code == 0 and "unchanged data/pages/bishkek.txt" in again.output
    assert rows(invoke(data_copy, home, "query", count)) == before

    page.write_text(BISHKEK_PAGE.replace("BISHKEK, 12 May 2010", "OSH, 12 May 2010"), encoding="utf-8")
    changed = invoke(data_copy, home, "add-page", str(page))
    assert changed.exit_code == 0 and "added" in changed.output
    datelines = rows(invoke(data_copy, home, "query", """SELECT ?r ?place WHERE {
        ?r a osce:PressRelease ; schema:datePublished "2010-05-12"^^xsd:date OPTIONAL { ?r osce:dateline ?place } }"""))
    assert len(datelines) == 1 and datelines[0]["place"] == ""  # Osh is not a place in the graph: no dateline link


def test_add_page_strict_refuses_a_page_that_is_not_a_release(data_copy, home, tmp_path):
    page = tmp_path / "undated.txt"
    page.write_text("A title without a date\nSome body text here.\n", encoding="utf-8")
    before = listing(home)
    result = invoke(data_copy, home, "add-page", "--strict", str(page))
    assert result.exit_code == 1 and "undated.txt" in result.output
    assert listing(home) == before


def test_the_same_new_person_across_releases_is_one_entity(data_copy, home, tmp_path):
    page = tmp_path / "prokopchuk.txt"
    page.write_text("Permanent Council discusses field operations\n"
                    "VIENNA, 3 October 2013 – Ambassador Ihor Prokopchuk, the Chairperson of the OSCE Permanent "
                    "Council, opened the meeting.\n", encoding="utf-8")
    assert invoke(data_copy, home, "add-page", str(page)).exit_code == 0
    found = rows(invoke(data_copy, home, "query", """SELECT ?person (COUNT(DISTINCT ?release) AS ?releases) WHERE {
        ?person rdfs:label "Ihor Prokopchuk"@en . ?release a osce:PressRelease ; schema:mentions ?person } GROUP BY ?person"""))
    assert [r["releases"] for r in found] == ["2"]
    roles = rows(invoke(data_copy, home, "query", """SELECT ?date WHERE { ?t org:member ?p ; org:role ?role ; osce:attestedOn ?date .
        ?p rdfs:label "Ihor Prokopchuk"@en } ORDER BY ?date"""))
    assert [r["date"] for r in roles] == ["2013-07-25", "2013-10-03"]


def test_a_result_pinned_to_a_version_is_reproducible_after_a_new_build(data_copy, home, tmp_path):
    from urllib.parse import quote

    from server import create_app

    app = create_app({"HOME": str(home), "EXECUTORS": 1})
    try:
        client = app.test_client()
        count = quote("SELECT (COUNT(?r) AS ?n) WHERE { ?r a osce:PressRelease }")
        first = client.get(f"/sparql?query={count}&format=csv")
        old_version = first.headers["X-Graph-Version"]
        page = tmp_path / "bishkek.txt"
        page.write_text(BISHKEK_PAGE, encoding="utf-8")
        assert invoke(data_copy, home, "add-page", str(page)).exit_code == 0
        now = client.get(f"/sparql?query={count}&format=csv")
        assert now.headers["X-Graph-Version"] != old_version and now.data.split()[-1] == b"7"
        pinned = client.get(f"/sparql?query={count}&format=csv&version={old_version}")
        assert pinned.headers["X-Graph-Version"] == old_version and pinned.data == first.data
        api = client.get(f"/queries/states-by-joining-date.csv?version={old_version}")
        assert api.status_code == 200 and api.headers["X-Graph-Version"] == old_version
        gone = client.get(f"/sparql?query={count}&version=000000000000")
        assert gone.status_code == 410 and b"no longer served" in gone.data
    finally:
        app.extensions["osce_kg"].executors.close()
