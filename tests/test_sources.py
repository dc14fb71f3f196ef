"""Bad input: every problem named with file and line, a non-zero exit, the served store untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build, compile_graph
from kg.cli import main
from kg.errors import SourceError
from kg.settings import Settings
from kg.store import Store, StoreHome


def replace_in(path: Path, old: str, new: str, count: int = 1) -> int:
    """Edit a data file; returns the 1-based line of the first edit."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(SourceError) as info:
        compile_graph(Settings.from_env(data_dir=data_dir))
    return [str(p) for p in info.value.problems]


def test_unknown_reference_is_named_with_file_and_line(data_copy):
    line = replace_in(data_copy / "field-operations.yaml", "host: kaz", "host: kazakstan")
    assert f"data/field-operations.yaml:{line}: field 'host': unknown country or territory key 'kazakstan'" in problems_of(data_copy)


def test_all_problems_are_reported_not_only_the_first(data_copy):
    ref_line = replace_in(data_copy / "field-operations.yaml", "host: kaz", "host: kazakstan")
    date_line = replace_in(data_copy / "meetings.yaml", '"2010-12-01"', '"2010-13-01"')
    problems = problems_of(data_copy)
    assert any(p.startswith(f"data/field-operations.yaml:{ref_line}:") for p in problems)
    assert any(p.startswith(f"data/meetings.yaml:{date_line}:") and "date" in p for p in problems)


def test_yaml_syntax_error_names_the_line(data_copy):
    path = data_copy / "regions.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("- key: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(data_copy)
    assert len(problems) == 1
    assert problems[0].startswith("data/regions.yaml:") and "YAML syntax error" in problems[0]


def test_duplicate_key_and_duplicate_field(data_copy):
    path = data_copy / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "- key: central-asia\n  name: Central Asia again\n  name: twice\n", encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("duplicate key 'central-asia'" in p for p in problems)
    assert any("duplicate field 'name'" in p for p in problems)


def test_missing_required_field_and_unknown_field(data_copy):
    replace_in(data_copy / "meetings.yaml", "series: summit-meetings", "serie: summit-meetings")
    problems = problems_of(data_copy)
    assert any("unknown field 'serie'" in p for p in problems)
    assert any("lacks required field 'series'" in p for p in problems)


def test_failed_build_leaves_the_served_store_as_it_was(data_copy, tmp_path):
    home = tmp_path / "home"
    settings = Settings.from_env(data_dir=data_copy, home=home)
    first = build(settings, validate_shapes=False)
    served = StoreHome(home).current_build()
    before = sorted(p.relative_to(home) for p in home.rglob("*"))

    replace_in(data_copy / "field-operations.yaml", "host: kaz", "host: kazakstan")
    result = CliRunner().invoke(main, ["--data", str(data_copy), "--home", str(home), "build"])

    assert result.exit_code == 1
    assert "field-operations.yaml" in result.output and "kazakstan" in result.output
    assert StoreHome(home).current_build() == served
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
    store = Store(served / "store")
    assert len(store) == first.quads
    assert next(store.rows("SELECT (COUNT(?s) AS ?n) WHERE { ?s a osce:ParticipatingState }"))["n"].toPython() == 57
