"""Regions of the OSCE area in which field operations work, as SKOS concepts."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.concepts import concept_quads
from kg.loaders.mapping import Context, Quad
from kg.sources import Record

KIND = "region"
FIELDS = ()


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    yield from concept_quads(KIND, "regions", "OSCE regions", (), records, ctx)
