"""Chairpersonships: the participating State that chairs the OSCE in a year, and its
Chairperson(s)-in-Office."""

from __future__ import annotations

from typing import Iterator

from kg import iri
from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import OSCE

KIND = "chairpersonship"

FIELDS = (
    Field("year", "date", OSCE.year, required=True),
    Field("state", "ref", OSCE.chairState, ("country",), required=True),
    Field("chairpersons", "refs", OSCE.chairpersonInOffice, ("person",)),
)


def label(record: Record, ctx: Context) -> str:
    """"OSCE Chairpersonship 2026: Switzerland"."""
    state = ctx.names.get(iri.entity("country", str(record.get("state"))), str(record.get("state")))
    return f"OSCE Chairpersonship {record.get('year')}: {state}"


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for _subject, _record, out in entities(KIND, records, ctx, [OSCE.Chairpersonship], FIELDS,
                                           default_name=lambda r: label(r, ctx)):
        yield from out
