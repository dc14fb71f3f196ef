"""The error hierarchy. Library code raises these; only the CLI and the server turn them into
exit codes or HTTP statuses."""

from __future__ import annotations

from dataclasses import dataclass


class KGError(Exception):
    """Base class of every error osce-kg raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong.

    >>> str(Problem("data/countries.yaml", 12, "unknown field 'nmae'"))
    "data/countries.yaml:12: unknown field 'nmae'"
    """

    path: str
    line: int | None
    detail: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.detail}"


class SourceError(KGError):
    """One or more problems in the source files; nothing was built."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.detail))
        super().__init__(f"{len(self.problems)} problem(s) in the sources")

    def __str__(self) -> str:
        lines = [f"{len(self.problems)} problem(s) in the sources:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class ValidationError(KGError):
    """The built graph does not conform to the SHACL shapes or the vocabulary."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(["the graph is not valid:"] + [f"  {m}" for m in messages]))


class StoreError(KGError):
    """The store is missing, locked or unreadable."""


class QueryError(KGError):
    """A SPARQL query could not be parsed or evaluated (message from the engine)."""


class UnsupportedFormat(KGError, ValueError):
    """A serialization format that is not offered for this kind of result."""
