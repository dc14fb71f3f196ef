"""Canned queries: ``.rq`` files in ``kg/queries/canned/`` with a title, a description and named
parameters in their header comments::

    # title: Field operations by region
    # description: ...
    # param region: en = "Central Asia" | what the parameter is

Parameter types: ``en`` (English text), ``text``, ``integer``, and ``entity KIND...`` (the key of
an entity of one of those kinds). Values are bound with substitutions, never pasted into the text;
each parameter is a projected variable of the query (the engine binds only those).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg import iri
from kg.errors import KGError

FOLDER = Path(__file__).resolve().parent / "queries" / "canned"
PARAM = re.compile(r'^#\s*param\s+(?P<name>\w+)\s*:\s*(?P<type>[\w -]+?)\s*=\s*"(?P<default>[^"]*)"\s*\|\s*(?P<help>.+)$')


class ParameterError(KGError):
    """A parameter value that does not fit its type; names the parameter."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str
    help: str

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.type.split()[1:]) if self.type.startswith("entity") else ()

    def bind(self, value: str | None):
        """The RDF term for ``value`` (the default when None). :raises ParameterError:"""
        value = self.default if value is None or value == "" else value.strip()
        if self.kinds:
            if not iri.is_key(value):
                raise ParameterError(f"parameter {self.name}: {value!r} is not a key (lower-case words joined by '-')")
            return URIRef(iri.entity(self.kinds[0], value)) if len(self.kinds) == 1 else (value,)
        if self.type == "integer":
            if not re.fullmatch(r"-?\d{1,9}", value):
                raise ParameterError(f"parameter {self.name}: {value!r} is not a whole number")
            return Literal(int(value), datatype=XSD.integer)
        if len(value) > 200:
            raise ParameterError(f"parameter {self.name}: longer than 200 characters")
        return Literal(value, lang="en") if self.type == "en" else Literal(value)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def bindings(self, values: dict[str, str], known: set[str] | None = None) -> dict:
        """Substitutions for the given values (defaults for the rest). An entity key of a
        parameter that allows several kinds is resolved against ``known`` IRIs."""
        bound = {}
        for parameter in self.parameters:
            term = parameter.bind(values.get(parameter.name))
            if isinstance(term, tuple):  # a key of one of several kinds: the one whose IRI exists
                term = term[0]
                candidates = [iri.entity(kind, term) for kind in parameter.kinds]
                found = [c for c in candidates if known is None or str(c) in known]
                if not found:
                    raise ParameterError(f"parameter {parameter.name}: no {' or '.join(parameter.kinds)} {term!r}")
                term = URIRef(found[0])
            bound[parameter.name] = term
        return bound


def existing_entities(store, query: CannedQuery, values: dict) -> set[str] | None:
    """The IRIs the graph has among those a multi-kind entity parameter could mean (None when the
    query has no such parameter): what :meth:`CannedQuery.bindings` takes as ``known``."""
    if not any(len(p.kinds) > 1 for p in query.parameters):
        return None
    found = set()
    for parameter in query.parameters:
        key = values.get(parameter.name) or parameter.default
        if len(parameter.kinds) > 1 and iri.is_key(key):
            for kind in parameter.kinds:
                candidate = iri.entity(kind, key)
                if any(True for _ in store.quads(subject=candidate)):
                    found.add(str(candidate))
    return found


def _parse(path: Path) -> CannedQuery:
    header = {"title": path.stem, "description": ""}
    parameters = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if match := PARAM.match(line):
            parameters.append(Parameter(match["name"], match["type"].strip(), match["default"], match["help"].strip()))
        elif match := re.match(r"^#\s*(title|description):\s*(.+)$", line):
            header[match[1]] = match[2].strip()
    return CannedQuery(path.stem, header["title"], header["description"], tuple(parameters), path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def canned_queries() -> dict[str, CannedQuery]:
    """Every canned query by name, in name order."""
    return {path.stem: _parse(path) for path in sorted(FOLDER.glob("*.rq"))}
