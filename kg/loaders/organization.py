"""The OSCE itself."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import ORG, OSCE, SCHEMA

KIND = "organization"

FIELDS = (
    Field("headquarters", "ref", OSCE.headquarters, ("place",)),
    Field("established", "date", SCHEMA.foundingDate),
)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for _subject, _record, out in entities(KIND, records, ctx, [ORG.FormalOrganization, ORG.Organization], FIELDS):
        yield from out
