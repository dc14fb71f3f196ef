"""The Secretariat and its units."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.bodies import body_quads
from kg.loaders.mapping import Context, Quad
from kg.sources import Record
from kg.vocab import ORG, OSCE

KIND = "unit"
CATEGORIES = (("secretariat", OSCE.Secretariat), ("unit", OSCE.SecretariatUnit))


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    yield from body_quads(KIND, records, ctx, ORG.OrganizationalUnit, CATEGORIES)
