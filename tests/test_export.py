"""Exports parse with rdflib and say the same as the store: checked by graph isomorphism."""

from __future__ import annotations

import gzip

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.cli import main

RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml"}


def store_union(store) -> Graph:
    graph = Graph()
    for s, p, o, _g in store.quads():
        graph.add((s, p, o))
    return graph


def run_export(built, *args):
    result = CliRunner().invoke(main, ["--home", str(built.home), "export", *args])
    assert result.exit_code == 0, result.output
    return result


def test_turtle_export_is_isomorphic_to_the_store(built, store, tmp_path):
    target = tmp_path / "osce.ttl"
    run_export(built, "--format", "turtle", "-o", str(target))
    assert isomorphic(Graph().parse(target, format="turtle"), store_union(store))


def test_gzip_when_the_name_ends_in_gz(built, store, tmp_path):
    target = tmp_path / "osce.nt.gz"
    run_export(built, "-o", str(target))
    with gzip.open(target, "rt", encoding="utf-8") as handle:
        graph = Graph().parse(data=handle.read(), format="nt")
    assert isomorphic(graph, store_union(store))


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMATS))
def test_every_triple_format_parses_to_the_same_graph(built, store, tmp_path, fmt):
    target = tmp_path / f"osce.{fmt}"
    run_export(built, "--format", fmt, "-o", str(target))
    assert isomorphic(Graph().parse(target, format=RDFLIB_FORMATS[fmt]), store_union(store))


@pytest.mark.parametrize("fmt,rdflib_format", [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_dataset_exports_keep_the_named_graphs(built, store, tmp_path, fmt, rdflib_format):
    target = tmp_path / f"osce.{fmt}"
    run_export(built, "--format", fmt, "-o", str(target))
    dataset = Dataset()
    dataset.parse(target, format=rdflib_format)
    exported = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert exported == set(store.named_graphs())
    for name in store.named_graphs():
        mine = Graph()
        for s, p, o, _g in store.quads(graph=URIRef(name)):
            mine.add((s, p, o))
        assert isomorphic(dataset.graph(URIRef(name)), mine), name


def test_unknown_extension_without_format_is_refused(built, tmp_path):
    result = CliRunner().invoke(main, ["--home", str(built.home), "export", "-o", str(tmp_path / "osce.bin")])
    assert result.exit_code == 1
    assert "cannot tell the format" in result.output
    assert not (tmp_path / "osce.bin").exists()
