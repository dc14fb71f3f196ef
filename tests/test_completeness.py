"""The seed page's menu against the graph: every entity it names must be there, with its type."""

from __future__ import annotations

from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.completeness import check_page, menu_items
from kg.settings import Settings
from kg.store import Store, StoreHome
from tests.conftest import DATA

SEED = DATA / "pages" / "000_aef55518142ad141.txt"


def test_menu_is_read_with_its_sections():
    items = menu_items(SEED.read_text(encoding="utf-8"))
    sections = {i.section for i in items}
    assert {"Fields of work", "Meetings and conferences", "Participating States", "Secretariat",
            "Field operations"} <= sections
    states = [i for i in items if i.section == "Participating States"]
    assert len(states) == 57 + 2  # the States and the two partner groups


def test_every_menu_item_is_found_with_the_right_type(store):
    findings = check_page(store, SEED)
    missing = [f"{f.item.section} / {f.item.label}" for f in findings if not f.ok]
    assert missing == []
    exempt = [f for f in findings if f.reason]
    assert len(exempt) <= 6  # navigation links only


def test_a_missing_entity_is_reported(data_copy, tmp_path):
    path = data_copy / "topics.yaml"
    text = path.read_text(encoding="utf-8")
    assert "name: Youth" in text
    path.write_text(text.replace("name: Youth", "name: Young people"), encoding="utf-8")
    settings = Settings.from_env(data_dir=data_copy, home=tmp_path / "home")
    build(settings, validate_shapes=False)
    store = Store(StoreHome(settings.home).current_build() / "store")
    missing = [f.item.label for f in check_page(store, SEED) if not f.ok]
    assert missing == ["Youth"]
    result = CliRunner().invoke(main, ["--data", str(data_copy), "--home", str(settings.home), "completeness", str(SEED)])
    assert result.exit_code == 1 and "MISSING" in result.output and "Youth" in result.output
