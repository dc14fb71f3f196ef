"""Looking at a SPARQL request before the engine does: what kind of query it is, whether it is an
update, whether it calls SERVICE, how deeply it nests, and capping its rows.

A small lexer skips strings, IRIs and comments, so a keyword inside a literal ("SERVICE" in a
title) is never mistaken for one. It does not parse SPARQL; the engine does that and its messages
are what users see for malformed queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from server.memo import remember_short

# Prefixed names follow SPARQL's PN_PREFIX and PN_LOCAL (with % and \ escapes), so a name glued to an
# IRI, a string or a comment sign (rdf:type<...>, rdfs:label"...") ends where the engine ends it.
_NAME_START = r"A-Za-z\u00C0-\uFFFF"
_NAME_CHAR = r"\w\-\u00B7\u00C0-\uFFFF"
_LOCAL_CHAR = rf"(?:[{_NAME_CHAR}:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX = rf"[{_NAME_START}](?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?"
_LOCAL = rf"{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?"

TOKEN = re.compile(r"""\s*(?:  # whitespace skipped in one step: far faster than failing every alternative
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<word>(?:PREFIX)?:(?:LOCAL)?|PREFIX)
  | (?P<number>[0-9]+)
  | (?P<other>\S)
)""".replace("PREFIX", _PREFIX).replace("LOCAL", _LOCAL), re.VERBOSE)
QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
VOLATILE_WORDS = {"RAND", "NOW", "UUID", "STRUUID", "BNODE", "SERVICE"}  # answers or costs may differ per run
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
PROLOGUE_WORDS = {"PREFIX", "BASE"}


class GuardError(Exception):
    """A request refused before execution, with the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    depth: int


def tokens(query: str) -> list[Token]:
    """Significant tokens (comments dropped) with their nesting depth.

    An IRI token with brackets in it may be the engine's less-than followed by nested expressions
    (``FILTER(1<((((1>0))))``), so its brackets count towards the depth: the depth is never under-counted."""
    out, depth, append = [], 0, list.append
    for match in TOKEN.finditer(query.rstrip()):  # no trailing whitespace: \s* would rescan it at every position
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "close":
            depth -= 1
        text = match.group(kind)
        if kind == "iri" and BRACKETS.search(text):
            depth, peak = _bracket_depth(text, depth)
            append(out, Token(kind, text, match.start(kind), peak))
            continue
        append(out, Token(kind, text, match.start(kind), depth))
        if kind == "open":
            depth += 1
    return out


BRACKETS = re.compile(r"[(\[\])]")


def _bracket_depth(text: str, depth: int) -> tuple[int, int]:
    """The depth after the brackets in ``text``, and the deepest point inside it."""
    peak = depth
    for bracket in BRACKETS.findall(text):
        depth += 1 if bracket in "([" else -1
        peak = max(peak, depth)
    return depth, peak


@dataclass(frozen=True)
class Inspection:
    form: str  # select, ask, construct, describe
    tokens: tuple[Token, ...]
    depth: int  # deepest nesting of braces, brackets and parentheses, plus one
    prefixes: frozenset[str]  # prefixes that prefixed names use and the query does not declare
    volatile: bool  # calls RAND, NOW, UUID, STRUUID, BNODE or SERVICE: the same text may cost differently

    @property
    def is_graph(self) -> bool:
        return self.form in ("construct", "describe")


MEMO_BYTES = 2048  # verdicts on queries up to this long are remembered (the same texts recur)


@remember_short(MEMO_BYTES, 256)
def inspect(query: str, *, max_depth: int, service_allowlist: frozenset[str] = frozenset()) -> Inspection:
    """Classify a query and refuse what must not reach the engine.

    The verdict is a function of the text and the settings alone, so for short queries it is kept
    (the last 256; refusals are not kept) and a query that comes again is not lexed again.

    :raises GuardError: 403 for an update, 400 for SERVICE (unless allowed), too deep nesting or
        no query form.
    """
    toks = tokens(query)
    deepest = 1 + max(map(itemgetter(3), toks), default=0)
    if deepest > max_depth:
        raise GuardError(400, f"the query nests {deepest} levels deep; this endpoint accepts at most {max_depth}")
    form, used, declared, previous, volatile = None, set(), set(), "", False
    for index, (kind, text, _start, _depth) in enumerate(toks):
        if kind != "word":
            continue
        if ":" in text:
            if previous == "PREFIX":
                declared.add(text.split(":", 1)[0])
            else:
                used.add(text.split(":", 1)[0])
        word = previous = text.upper()
        if form is None and word in UPDATE_WORDS:
            raise GuardError(403, f"this endpoint is read-only: {word} (an update) is not accepted")
        if form is None and word in QUERY_FORMS:
            form = QUERY_FORMS[word]
        if word in VOLATILE_WORDS:
            volatile = True
        if word == "SERVICE":
            _check_service(toks[index + 1:index + 3], service_allowlist)
    if form is None:
        raise GuardError(400, "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return Inspection(form, tuple(toks), deepest, frozenset(used - declared), volatile)


def _check_service(following: list[Token], allowlist: frozenset[str]) -> None:
    following = [t for t in following if not (t.kind == "word" and t.text.upper() == "SILENT")]
    target = following[0] if following else None
    if target is not None and target.kind == "iri" and target.text[1:-1] in allowlist:
        return
    name = target.text if target is not None else "?"
    raise GuardError(400, f"federated queries (SERVICE {name}) are disabled on this endpoint"
                     + ("; allowed endpoints: " + ", ".join(sorted(allowlist)) if allowlist else ""))


def cap_rows(query: str, inspection: Inspection, max_rows: int | None) -> str:
    """The query with its top-level LIMIT lowered to ``max_rows`` (or one added) for SELECT."""
    if not max_rows or inspection.form != "select":
        return query
    top = [t for t in inspection.tokens if t.depth == 0]
    for index, token in enumerate(top):
        if token.kind == "word" and token.text.upper() == "LIMIT" and index + 1 < len(top) \
                and top[index + 1].kind == "number":
            number = top[index + 1]
            if int(number.text) <= max_rows:
                return query
            return query[:number.start] + str(max_rows) + query[number.start + len(number.text):]
    if any(t.kind == "word" and t.text.upper() == "VALUES" for t in top[_where_end(top):]):
        return query  # a trailing VALUES block: leave the query as it is
    return f"{query.rstrip()}\nLIMIT {max_rows}"


def _where_end(top: list[Token]) -> int:
    """Index after the last closing brace at depth 0 (the end of the WHERE clause)."""
    closes = [i for i, t in enumerate(top) if t.kind == "close"]
    return closes[-1] + 1 if closes else 0
