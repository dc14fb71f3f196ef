"""Minting of every IRI the graph uses.

All IRIs hang off one canonical base, ``https://w3id.org/osce-kg/`` unless the environment
variable ``OSCE_KG_BASE_IRI`` names another (it must end with ``/``). The base is never derived
from a request host.

>>> entity("country", "kaz").endswith("/id/country/kaz")
True
"""

from __future__ import annotations

import os
import re
import unicodedata

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/osce-kg/"
BASE = os.environ.get("OSCE_KG_BASE_IRI", DEFAULT_BASE)
if not BASE.endswith("/"):
    raise ValueError(f"OSCE_KG_BASE_IRI must end with '/': {BASE!r}")

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_KEY_LENGTH = 120


def entity(kind: str, key: str) -> URIRef:
    """The IRI of the entity ``key`` of ``kind``: ``{BASE}id/{kind}/{key}``."""
    return URIRef(f"{BASE}id/{kind}/{key}")


def scheme(name: str) -> URIRef:
    """The IRI of a SKOS concept scheme (``fields-of-work``, ``regions``, ``roles``)."""
    return URIRef(f"{BASE}id/scheme/{name}")


def graph(source: str) -> URIRef:
    """The IRI of the named graph made from one source (``countries``, ``pages/...``)."""
    return URIRef(f"{BASE}graph/{source}")


def build(version: str) -> URIRef:
    """The IRI of the build activity that produced a version of the dataset."""
    return URIRef(f"{BASE}build/{version}")


def dataset() -> URIRef:
    """The IRI of the dataset as a whole."""
    return URIRef(f"{BASE}dataset")


def split_entity(iri: str) -> tuple[str, str] | None:
    """``(kind, key)`` of an entity IRI under this base, or None for any other IRI.

    >>> split_entity(BASE + "id/field-operation/mission-to-skopje")
    ('field-operation', 'mission-to-skopje')
    >>> split_entity("http://example.org/x") is None
    True
    """
    prefix = f"{BASE}id/"
    if not iri.startswith(prefix):
        return None
    kind, _, key = iri[len(prefix):].partition("/")
    if not kind or not key or "/" in key or "#" in key:
        return None
    return kind, key


def is_key(text: str) -> bool:
    """True when ``text`` is a valid key: lower-case slug, at most 120 characters."""
    return len(text) <= MAX_KEY_LENGTH and bool(KEY_PATTERN.match(text))


def slugify(text: str, max_length: int = 80) -> str:
    """A key from free text: ASCII, lower case, words joined by hyphens.

    >>> slugify("Ways to prevent online illicit drug trade — discussed in Vienna!")
    'ways-to-prevent-online-illicit-drug-trade-discussed-in-vienna'
    >>> slugify("Audronius Ažubalis")
    'audronius-azubalis'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug
