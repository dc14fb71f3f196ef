"""The graph conforms to ontology/shapes.ttl, uses only declared terms, and a violation is caught."""

from __future__ import annotations

import pytest
from rdflib import Literal

from kg import iri
from kg.build import compile_graph
from kg.errors import ValidationError
from kg.validate import check_graph, undeclared_terms, data_graph
from kg.vocab import OSCE


@pytest.fixture(scope="module")
def compiled(built):
    return compile_graph(built)


def test_built_graph_conforms_and_uses_declared_terms(compiled, built):
    check_graph(compiled, built)


def test_a_wrong_datatype_is_a_violation_naming_entity_and_source(compiled, built):
    albania = iri.entity("country", "alb")
    compiled.quads.append((albania, OSCE.iso3166Alpha2, Literal("albania"), iri.graph("countries")))
    try:
        with pytest.raises(ValidationError) as info:
            check_graph(compiled, built)
    finally:
        compiled.quads.pop()
    assert any(str(albania) in m and "countries.yaml" in m for m in info.value.messages)


def test_an_undeclared_term_is_reported(compiled, built):
    from rdflib import Graph

    data = data_graph(compiled.quads)
    data.add((iri.entity("country", "alb"), OSCE.notATerm, Literal("x")))
    ontology = Graph().parse(built.ontology_file)
    assert undeclared_terms(data, ontology) == [str(OSCE.notATerm)]
