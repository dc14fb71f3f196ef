"""Tenures: who held which role in which body, and when (or when it was seen)."""

from __future__ import annotations

from typing import Iterator

from kg import iri
from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import ORG, OSCE, SCHEMA

KIND = "tenure"

BODIES = ("unit", "institution", "field-operation", "organization")
FIELDS = (
    Field("person", "ref", ORG.member, ("person",), required=True),
    Field("role", "ref", ORG.role, ("role",), required=True),
    Field("organization", "ref", ORG.organization, BODIES, required=True),
    Field("from", "date", SCHEMA.startDate),
    Field("to", "date", SCHEMA.endDate),
    Field("attested", "dates", OSCE.attestedOn),
)


def label(record: Record, ctx: Context) -> str:
    """"Lamberto Zannier, Secretary General, OSCE Secretariat (2011-07-01 – 2017-06-30)"."""
    def name_of(kinds, key):
        for kind in kinds:
            name = ctx.names.get(iri.entity(kind, str(key)))
            if name:
                return name
        return str(key)

    parts = [name_of(("person",), record.get("person")), name_of(("role",), record.get("role")),
             name_of(BODIES, record.get("organization"))]
    start, end = record.get("from"), record.get("to")
    when = ""
    if start or end:
        when = f" ({_text(start) or '?'} – {_text(end) or ''})".replace("– )", "–)")
    return ", ".join(parts) + when


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("value")
    return "" if value is None else str(value)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for _subject, _record, out in entities(KIND, records, ctx, [OSCE.Tenure, ORG.Membership], FIELDS,
                                           default_name=lambda r: label(r, ctx)):
        yield from out
