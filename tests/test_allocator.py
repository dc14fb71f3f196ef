"""`osce-kg serve` preloads jemalloc into its web workers and query executors when it is
installed (server/allocator.py), says which allocator it uses, and refuses a bad ALLOCATOR."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from server import allocator
from tests.conftest import free_port, serving, stop_session

JEMALLOC = allocator.find("auto")
needs_jemalloc = pytest.mark.skipif(JEMALLOC is None, reason="libjemalloc2 is not installed (.ci/run installs it)")
QUERY = "SELECT ?s WHERE { ?s a osce:FieldOperation } LIMIT 3"


def session_members(leader: int) -> dict[int, str]:
    """pid -> command line of every process in the session ``leader`` started."""
    members = {}
    for pid in allocator.session_members(leader):
        try:
            members[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # gone meanwhile
    return members


def allocators_after_a_query(home: Path, env: dict[str, str], program: list[str] | None = None
                             ) -> tuple[dict[int, str], dict[int, str], str]:
    """Serve ``home`` with ``env``, make an executor start, and return the processes' command lines,
    the allocator mapped into each, and what the server wrote to stderr."""
    settings = {"OSCE_KG_CACHE_BYTES": "0", "OSCE_KG_INLINE_BELOW": "0", **env}
    with serving(home, "--workers", "1", "--threads", "1", env=settings, program=program) as (base, process):
        with urllib.request.urlopen(f"{base}/sparql?query={quote(QUERY)}", timeout=30) as response:
            assert response.status == 200
        members = session_members(process.pid)
        mapped = {pid: allocator.in_use(pid) for pid in members}
    mapped = {pid: name for pid, name in mapped.items() if name != "unknown"}  # exited meanwhile
    assert any("spawn_main" in members[pid] for pid in mapped), (members, mapped)  # an executor was checked
    return members, mapped, process.communicate(timeout=10)[1].decode()


CONSOLE_SCRIPT = Path(sys.executable).parent / "osce-kg"
LAUNCHERS = [
    pytest.param(None, id="python -m kg.cli"),
    pytest.param([str(CONSOLE_SCRIPT)], id="osce-kg", marks=pytest.mark.skipif(
        not CONSOLE_SCRIPT.exists(), reason="the osce-kg script is not installed beside this Python")),
]


@needs_jemalloc
@pytest.mark.parametrize("program", LAUNCHERS)
def test_serve_runs_its_workers_and_executors_on_jemalloc(built, program):
    members, mapped, log = allocators_after_a_query(built.home, {}, program)
    assert len(members) >= 3, members  # the server, its worker, an executor (and spawn's tracker)
    assert set(mapped.values()) == {"jemalloc"}, mapped
    assert "memory allocator: jemalloc" in log


@needs_jemalloc
def test_allocator_system_keeps_the_c_library_malloc(built):
    members, mapped, log = allocators_after_a_query(built.home, {"OSCE_KG_ALLOCATOR": "system"})
    assert any("spawn_main" in cmdline for cmdline in members.values()), members
    assert set(mapped.values()) == {"system"}, mapped
    assert "memory allocator: system" in log


def _serve_fails(home: Path, value: str) -> tuple[int, str]:
    """Exit status and stderr of `osce-kg serve` with ALLOCATOR=``value`` (stopped, with all its
    processes, if it starts serving instead of failing)."""
    command = [sys.executable, "-m", "kg.cli", "--home", str(home), "serve", "--port", str(free_port())]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, env={**os.environ, "OSCE_KG_ALLOCATOR": value})
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        stop_session(process)
    return process.returncode, stderr


def test_an_allocator_path_with_no_file_is_refused(built, tmp_path):
    missing = tmp_path / "no-such-malloc.so"
    status, stderr = _serve_fails(built.home, str(missing))
    assert status == 1
    assert "ALLOCATOR" in stderr and str(missing) in stderr
    assert "Traceback" not in stderr


def test_a_file_the_loader_refuses_is_refused_by_name(built, tmp_path):
    not_a_library = tmp_path / "notes.so"
    not_a_library.write_text("not a shared object\n")
    status, stderr = _serve_fails(built.home, str(not_a_library))
    assert status == 1
    assert "could not preload" in stderr and str(not_a_library) in stderr
    assert "Traceback" not in stderr


@needs_jemalloc
def test_serve_called_from_within_another_program_does_not_start_it_again(built):
    """`main([...])` called by a program (here `python -c`) must not start that program again."""
    caller = [sys.executable, "-c", "import sys; from kg.cli import main; main(sys.argv[1:])"]
    _members, mapped, log = allocators_after_a_query(built.home, {}, caller)
    assert set(mapped.values()) == {"system"}, mapped
    assert "not preloaded" in log and "memory allocator: system" in log


@needs_jemalloc
def test_restart_with_from_within_a_program_keeps_the_process(monkeypatch, capsys):
    def no_exec(*args):
        raise AssertionError(f"this process would have been replaced by {args[1]}")

    monkeypatch.setattr(os, "execve", no_exec)
    assert not allocator.loaded(JEMALLOC)  # this test process runs on the C library's malloc
    assert allocator.restart_with("auto") == "system"  # from_command_line defaults to False
    assert "not preloaded" in capsys.readouterr().err
