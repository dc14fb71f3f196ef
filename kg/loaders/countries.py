"""States: participating States, Partners for Co-operation and former States.

Names in fr, de, it, ru and es come from pycountry's ISO 3166 translations unless the record
overrides them; ISO's inverted forms ("Moldova, Republic of") are turned round.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from typing import Iterator

import pycountry
from rdflib import Literal, URIRef

from kg.loaders.mapping import LANGUAGES, QID_PATTERN, Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import DCTERMS, OSCE, OWL, RDF, SCHEMA, SKOS, WD

KIND = "country"

STATUS_TYPES = (
    ("participating", OSCE.ParticipatingState),
    ("partner", OSCE.PartnerForCooperation),
    ("former", OSCE.FormerState),
)

FIELDS = (
    Field("status", "choice", RDF.type, required=True, choices=STATUS_TYPES),
    Field("iso2", "code", OSCE.iso3166Alpha2, ("^[A-Z]{2}$",)),
    Field("iso3", "code", OSCE.iso3166Alpha3, ("^[A-Z]{3}$",), required=True),
    Field("participating_since", "date", OSCE.participatingSince),
    Field("original_participant", "bool", OSCE.originalParticipant),
    Field("partner_group", "ref", OSCE.partnerGroup, ("partner-group",)),
    Field("partner_since", "date", OSCE.partnerSince),
    Field("partner_until", "date", OSCE.partnerUntil),
    Field("former_partner_group", "ref", OSCE.formerPartnerGroup, ("partner-group",)),
    Field("wikidata", "own"),
    Field("demonyms", "texts", OSCE.demonym),
    Field("successor_of", "ref", DCTERMS.replaces, ("country",)),
)


@lru_cache(maxsize=None)
def _translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def iso_labels(iso3: str) -> dict[str, str]:
    """The country's name in the OSCE languages other than English, from ISO 3166 translations.

    >>> iso_labels("RUS")["fr"]
    'Fédération de Russie'
    """
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return {}
    english = getattr(country, "common_name", None) or country.name
    labels = {}
    for lang in LANGUAGES[1:]:
        name = _translation(lang).gettext(english)
        if name == english and lang != "en":
            name = _translation(lang).gettext(country.name)
        if ", " in name:  # ISO's inverted form: "Moldova, Republic of" -> "Republic of Moldova"
            head, _, tail = name.partition(", ")
            name = f"{tail} {head}"
        labels[lang] = name
    return labels


def wikidata(subject: URIRef, record: Record, ctx: Context) -> Iterator[Quad]:
    """``owl:sameAs`` the Wikidata item, for a confirmed QID."""
    qid = record.get("wikidata")
    if qid is None:
        return
    if isinstance(qid, str) and QID_PATTERN.match(qid):
        yield ctx.quad(subject, OWL.sameAs, WD[qid])
    else:
        ctx.problem(record, "wikidata", f"field 'wikidata' must be a QID like Q212, got {qid!r}")


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for subject, record, out in entities(KIND, records, ctx, [SCHEMA.Country], FIELDS):
        yield from out
        yield from wikidata(subject, record, ctx)
        overrides = record.get("labels") or {}
        if isinstance(record.get("iso3"), str) and record.get("status") != "former":
            for lang, name in iso_labels(record["iso3"]).items():
                if lang not in overrides:
                    yield ctx.quad(subject, SKOS.prefLabel, Literal(name, lang=lang))
