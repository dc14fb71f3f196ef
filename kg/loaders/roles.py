"""Roles people hold in OSCE bodies (Secretary General, Head of Mission, ...)."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.concepts import concept_quads
from kg.loaders.mapping import Context, Field, Quad
from kg.sources import Record
from kg.vocab import ORG, OSCE

KIND = "role"
FIELDS = (Field("body", "ref", OSCE.roleOf, ("unit", "institution", "organization", "meeting-series")),)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    yield from concept_quads(KIND, "roles", "Roles in OSCE bodies", (ORG.Role,), records, ctx, FIELDS)
