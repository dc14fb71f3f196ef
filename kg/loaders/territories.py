"""Territories: places that host OSCE work but are not participating States (Kosovo)."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.countries import wikidata
from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import OSCE, SCHEMA

KIND = "territory"

FIELDS = (
    Field("part_of", "ref", SCHEMA.containedInPlace, ("country",)),
    Field("wikidata", "own"),
    Field("demonyms", "texts", OSCE.demonym),
)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for subject, record, out in entities(KIND, records, ctx, [OSCE.Territory, SCHEMA.AdministrativeArea], FIELDS):
        yield from out
        yield from wikidata(subject, record, ctx)
