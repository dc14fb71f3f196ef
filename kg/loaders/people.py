"""People: office holders, Chairpersons-in-Office, people named in press releases."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import FOAF, SCHEMA

KIND = "person"

FIELDS = (Field("nationality", "ref", SCHEMA.nationality, ("country",)),)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for _subject, _record, out in entities(KIND, records, ctx, [SCHEMA.Person, FOAF.Person], FIELDS):
        yield from out
