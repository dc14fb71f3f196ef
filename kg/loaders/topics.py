"""The OSCE's fields of work, as a SKOS concept scheme."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.concepts import concept_quads
from kg.loaders.mapping import Context, Quad
from kg.sources import Record

KIND = "topic"
FIELDS = ()


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    yield from concept_quads(KIND, "fields-of-work", "OSCE fields of work", (), records, ctx)
