"""The field table shared by the bodies of the OSCE: Secretariat units and institutions."""

from __future__ import annotations

from rdflib import Literal

from kg.loaders.mapping import Field
from kg.vocab import ORG, OSCE, SCHEMA

BODY_FIELDS = (
    Field("part_of", "ref", ORG.subOrganizationOf, ("unit", "organization")),
    Field("headquarters", "ref", OSCE.headquarters, ("place",)),
    Field("established", "date", SCHEMA.foundingDate),
    Field("topics", "refs", OSCE.fieldOfWork, ("topic",)),
    Field("abbreviation", "string", OSCE.abbreviation),
    Field("site_sections", "strings", OSCE.siteSection),
)


def abbreviation_label(record) -> Literal | None:
    """The abbreviation as an English altLabel too, so that search and linking find it."""
    value = record.get("abbreviation")
    return Literal(value.strip(), lang="en") if isinstance(value, str) and value.strip() else None
