"""Shared fixtures: a real build of the repository's data into a temporary store home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.settings import CHECKOUT, Settings
from kg.store import Store, StoreHome

DATA = CHECKOUT / "data"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Settings:
    """Settings of a store home holding one build of the repository's data."""
    settings = Settings.from_env(data_dir=DATA, home=tmp_path_factory.mktemp("home"))
    build(settings)
    return settings


@pytest.fixture(scope="session")
def store(built) -> Store:
    return Store(StoreHome(built.home).current_build() / "store")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def iris(store: Store, sparql: str, var: str = "s") -> set[str]:
    """The IRIs bound to ``var`` in the solutions of a SELECT query."""
    return {str(row[var]) for row in store.rows(sparql)}
