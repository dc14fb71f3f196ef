"""Every server setting and every build setting is documented in the README with its default."""

from __future__ import annotations

import re

from kg.settings import CHECKOUT
from server.config import DEFAULTS

README = (CHECKOUT / "README.md").read_text(encoding="utf-8")


def test_every_server_setting_is_in_the_readme_table_with_its_default():
    import json

    documented = dict(re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)` \|", README, re.MULTILINE))
    assert set(DEFAULTS) <= set(documented), set(DEFAULTS) - set(documented)
    for key, value in DEFAULTS.items():
        if value is not None:  # plain strings as they are typed, other values in JSON
            assert documented[key] == (value if isinstance(value, str) else json.dumps(value)), key


def test_every_environment_variable_of_the_build_is_documented():
    source = "".join(p.read_text(encoding="utf-8") for p in (CHECKOUT / "kg").glob("*.py"))
    used = set(re.findall(r"OSCE_KG_[A-Z_]+", source))
    assert used and all(f"`{name}`" in README for name in used), used
