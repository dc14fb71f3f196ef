"""Canned queries: every one runs with its defaults and returns rows, as page and as API; the
OpenAPI document validates and lists every one; bad parameter values get a clear 400."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.canned import canned_queries

NAMES = sorted(canned_queries())


def test_there_are_at_least_ten_with_titles_and_descriptions():
    assert len(NAMES) >= 10
    for query in canned_queries().values():
        assert query.title != query.name and query.description
        for parameter in query.parameters:
            assert f"?{parameter.name}" in query.text.split("WHERE", 1)[0]  # bound variables are projected


@pytest.mark.parametrize("name", NAMES)
def test_every_canned_query_returns_rows_with_its_defaults(client, name):
    data = json.loads(client.get(f"/queries/{name}.json").data)
    assert len(data["results"]["bindings"]) >= 1
    rows = list(csv.DictReader(io.StringIO(client.get(f"/queries/{name}.csv").data.decode())))
    assert len(rows) == len(data["results"]["bindings"])
    page = client.get(f"/queries/{name}")
    assert page.status_code == 200 and b"<table" in page.data


def test_parameters_change_the_answer(client):
    central = json.loads(client.get("/queries/field-operations-by-region.json").data)["results"]["bindings"]
    eastern = json.loads(client.get("/queries/field-operations-by-region.json?region=Eastern%20Europe").data)["results"]["bindings"]
    assert len(central) == 5 and [r["name"]["value"] for r in eastern] == ["Mission to Moldova"]
    heads = json.loads(client.get("/queries/heads-of-an-institution.json?body=secretariat").data)["results"]["bindings"]
    assert "Lamberto Zannier" in {r["name"]["value"] for r in heads}


def test_bad_parameters_get_400_and_unknown_queries_404(client):
    response = client.get("/queries/partners-by-group.json?group=..%2Fetc")
    assert response.status_code == 400 and b"parameter group" in response.data
    assert client.get("/queries/no-such-query.json").status_code == 404
    assert client.get("/queries/chairpersonships.xlsx").status_code == 404


def test_openapi_document_validates_and_lists_every_query(client):
    from openapi_spec_validator import validate

    document = json.loads(client.get("/openapi.json").data)
    validate(document)
    assert {path.split("/")[2].split(".")[0] for path in document["paths"]} == set(NAMES)


def test_listing_as_json(client):
    listing = json.loads(client.get("/queries?format=json").data)["queries"]
    assert [q["name"] for q in listing] == NAMES
