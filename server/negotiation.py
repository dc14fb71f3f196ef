"""Content negotiation, in one place: which serialization answers a request.

The client's Accept header is matched with werkzeug's ``accept_mimetypes.best_match`` (q-values
honoured; no hand-written parser). A ``format`` parameter, as Fuseki and Virtuoso allow, overrides
it and takes a short name (``json``, ``csv``, ``ttl``...) or a media type.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from server.memo import remember_short


@dataclass(frozen=True)
class Format:
    name: str        # the name kg.store serializes by
    media_type: str  # what the response says it is
    aliases: tuple[str, ...] = ()
    charset: bool = True


RESULT_FORMATS = (  # SELECT and ASK; the first is the default
    Format("json", "application/sparql-results+json", ("json", "application/json", "srj")),
    Format("xml", "application/sparql-results+xml", ("xml", "srx", "application/xml")),
    Format("csv", "text/csv", ("csv",)),
    Format("tsv", "text/tab-separated-values", ("tsv",)),
)
GRAPH_FORMATS = (  # CONSTRUCT and DESCRIBE, and RDF documents; the first is the default
    Format("turtle", "text/turtle", ("turtle", "ttl", "application/x-turtle")),
    Format("ntriples", "application/n-triples", ("ntriples", "nt", "n-triples", "text/plain")),
    Format("jsonld", "application/ld+json", ("jsonld", "json-ld", "json", "application/json")),
    Format("rdfxml", "application/rdf+xml", ("rdfxml", "rdf", "xml", "application/xml", "text/xml")),
    Format("nquads", "application/n-quads", ("nquads", "nq")),
    Format("trig", "application/trig", ("trig",)),
)
HTML = Format("html", "text/html", ("html", "text/html"))


class NotAcceptable(Exception):
    """Nothing offered fits what the client accepts; says what is offered."""

    def __init__(self, offered: tuple[Format, ...]):
        self.offered = offered
        super().__init__("none of the formats this resource offers is acceptable: "
                         + ", ".join(f.media_type for f in offered))


def choose(request: Request, offered: tuple[Format, ...]) -> Format:
    """The format to answer with: ``?format=`` if given, else the best Accept match; the first
    offered format when the client accepts anything or sends no Accept header.

    :raises NotAcceptable: for an unknown ``format`` value or an Accept header nothing fits.
    """
    requested = request.args.get("format") or request.form.get("format") if request.method == "POST" \
        else request.args.get("format")
    return choose_for(request.headers.get("Accept", ""), requested, offered)


MEMO_LIMIT = 512  # longest header or value whose answer is kept (the same headers recur)


@remember_short(MEMO_LIMIT, 512)
def choose_for(accept: str, requested: str | None, offered: tuple[Format, ...]) -> Format:
    """:func:`choose` from the raw Accept header and ``format`` value."""
    if requested:
        wanted = requested.strip().lower()
        for fmt in offered:
            if wanted in (fmt.name, fmt.media_type) + fmt.aliases:
                return fmt
        raise NotAcceptable(offered)
    accepted = _accept(accept)
    if not accepted:
        return offered[0]
    types = [f.media_type for f in offered] + [alias for f in offered for alias in f.aliases if "/" in alias]
    best = accepted.best_match(types)
    if best is None:
        raise NotAcceptable(offered)
    return next(f for f in offered if best == f.media_type or best in f.aliases)


def prefers_html(request: Request) -> bool:
    """True for browsers: text/html is accepted at least as well as any RDF or results type."""
    return prefers_html_for(request.headers.get("Accept", ""))


@remember_short(MEMO_LIMIT, 512)
def prefers_html_for(accept: str) -> bool:
    accepted = _accept(accept)
    if not accepted or "text/html" not in accepted.values():
        return False
    others = [f.media_type for f in RESULT_FORMATS + GRAPH_FORMATS]
    return accepted.best_match(["text/html"] + others) == "text/html"


@remember_short(MEMO_LIMIT, 512)
def best_accepted(accept: str) -> str | None:
    """The media type the client accepts most (``request.accept_mimetypes.best``)."""
    return _accept(accept).best


def _accept(header: str) -> MIMEAccept:
    return parse_accept_header(header or None, MIMEAccept)
