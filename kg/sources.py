"""Reading the curated YAML sources, keeping the line of every record and field so that every
problem can be reported as ``file:line: what``.

PyYAML's safe loader is extended in two ways: mappings remember the line of each key, and a key
given twice in one mapping is a problem (plain PyYAML silently keeps the last one).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import Problem


class Record(dict):
    """A YAML mapping that knows where it and each of its keys stand in the file."""

    line: int = 0
    lines: dict

    def line_of(self, name: str) -> int:
        """The line of field ``name``, or of the record itself when the field is absent."""
        return self.lines.get(name, self.line)


@dataclass
class SourceFile:
    """One YAML source: its records, its checksum, and the problems met while reading it."""

    path: Path
    label: str
    records: list[Record] = field(default_factory=list)
    sha256: str = ""
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    graph_name: str = ""

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def graph(self) -> str:
        """The name of the named graph made from this source (``{BASE}graph/{name}``)."""
        return self.graph_name or self.stem


class _LineLoader(yaml.SafeLoader):
    """A safe loader that builds :class:`Record` mappings and reports duplicate keys."""

    def __init__(self, stream, label: str, problems: list[Problem]):
        super().__init__(stream)
        self._label = label
        self._problems = problems

    def construct_mapping(self, node, deep=False):
        record = Record()
        record.line = node.start_mark.line + 1
        record.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in record:
                self._problems.append(Problem(
                    self._label, line,
                    f"duplicate field {key!r} (first given on line {record.lines[key]})"))
                continue
            record[key] = self.construct_object(value_node, deep=deep)
            record.lines[key] = line
        return record


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node, deep=True))


def read_source(path: Path, label: str | None = None) -> SourceFile:
    """Read one YAML file of records. Problems are collected in the result, never raised.

    :param path: the YAML file, a list of mappings.
    :param label: how the file is named in messages (defaults to the path).
    """
    label = label or str(path)
    source = SourceFile(path=path, label=label)
    try:
        data = path.read_bytes()
    except OSError as exc:
        source.problems.append(Problem(label, None, f"cannot read: {exc.strerror}"))
        source.readable = False
        return source
    source.sha256 = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        source.problems.append(Problem(label, None, f"not UTF-8 (byte {exc.start})"))
        source.readable = False
        return source
    loader = _LineLoader(text, label, source.problems)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = " ".join(filter(None, [exc.context, exc.problem])) or "YAML syntax error"
        source.problems.append(Problem(label, line, f"YAML syntax error: {detail}"))
        source.readable = False
        return source
    finally:
        loader.dispose()
    if document is None:
        return source
    if not isinstance(document, list):
        source.problems.append(Problem(label, 1, "expected a list of records at the top level"))
        return source
    for index, item in enumerate(document):
        if isinstance(item, Record):
            source.records.append(item)
        else:
            source.problems.append(Problem(label, None, f"item {index + 1} is not a mapping"))
    return source
