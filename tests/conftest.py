"""Shared fixtures: a real build of the repository's data into a temporary store home."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
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


@pytest.fixture(scope="session")
def app(built):
    """The Flask app on the session's build, with a short query time limit."""
    from server import create_app

    application = create_app({"HOME": str(built.home), "QUERY_TIMEOUT": 3, "EXECUTORS": 1})
    yield application
    application.extensions["osce_kg"].executors.close()


@pytest.fixture
def client(app):
    return app.test_client()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(home: Path, *options: str, env: dict[str, str] | None = None, program: list[str] | None = None):
    """A real `osce-kg serve` process on 127.0.0.1 for the store ``home`` (in a session of its own,
    stopped by its PID); yields (base URL, process) once it answers. ``program`` starts the command
    line (default: ``python -m kg.cli``)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    command = [*(program or [sys.executable, "-m", "kg.cli"]), "--home", str(home), "serve", "--port", str(port),
               *options]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                               env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    stop_session(process)  # processes it left behind would hold its stderr open
                    raise RuntimeError(f"osce-kg serve exited with {process.returncode}: "
                                       f"{process.communicate(timeout=10)[1].decode()}") from None
                time.sleep(0.2)
        else:
            raise RuntimeError(f"osce-kg serve did not answer on {base} within 30 s")
        yield base, process
    finally:
        stop_session(process)


def stop_session(process) -> None:
    """Stop ``process`` and everything in its session (its PID is the group's), by force if it must."""
    import os
    import signal
    import subprocess

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        pass
    try:  # whatever outlived SIGTERM (the server itself, or workers and executors it left)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(built):
    """A real `osce-kg serve` process on 127.0.0.1 (2 workers, 2 s query limit); its base URL."""
    with serving(built.home, "--workers", "2", "--threads", "2", "--timeout", "2") as (base, _):
        yield base
