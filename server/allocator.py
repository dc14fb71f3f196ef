"""The memory allocator of the serving processes.

The query engine (Oxigraph's Rust code and RocksDB) allocates and frees many small blocks per
query. With jemalloc in place of the C library's malloc, the same pyoxigraph query took about a
fifth less time here (a title scan over 10,000 releases: 245 to 200 ms median; a five-row join
with its serialization: 410 to 310 µs). ``osce-kg serve`` therefore preloads jemalloc when it is
installed (Debian/Ubuntu: ``apt-get install libjemalloc2``): it starts itself again with
``LD_PRELOAD`` naming the library, so the web workers and the query executors (spawned, so they
inherit the environment) all allocate through it. Without it everything works as before.

The ``ALLOCATOR`` setting: ``auto`` (jemalloc if found, else the system's malloc), ``system``, or
the path of a malloc library to preload.
"""

from __future__ import annotations

import glob
import os
import sys
import sysconfig
from pathlib import Path

from kg.errors import KGError

# This interpreter's own multiarch directory first (a multiarch host may have other architectures' copies)
JEMALLOC = (f"/usr/lib/{sysconfig.get_config_var('MULTIARCH') or '*-linux-gnu'}/libjemalloc.so.2",
            "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2", "/usr/local/lib/libjemalloc.so.2")
TRIED = "OSCE_KG_ALLOCATOR_TRIED"  # set on the restart, so a library the loader refuses cannot loop


class AllocatorError(KGError):
    """The ALLOCATOR setting names no usable library."""


def find(setting: str) -> Path | None:
    """The library ``setting`` asks for, or None for the system's malloc.

    :raises AllocatorError: for a path that is not a file."""
    if setting == "system":
        return None
    if setting == "auto":
        for pattern in JEMALLOC:
            for candidate in sorted(glob.glob(pattern)):
                return Path(candidate).resolve()
        return None
    path = Path(setting)
    if not path.is_file():
        raise AllocatorError(f"ALLOCATOR is {setting!r}: give 'auto', 'system' or the path of a malloc library "
                             "(such as /usr/lib/x86_64-linux-gnu/libjemalloc.so.2); there is no file at that path")
    return path.resolve()


def _maps(pid: int | str = "self") -> str | None:
    """The memory map of process ``pid``, or None where it cannot be read (no /proc, or gone)."""
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return None


def loaded(library: Path) -> bool:
    """Whether ``library`` is mapped into this process."""
    return str(library) in (_maps() or "")


def in_use(pid: int | str = "self", maps: str | None = None) -> str:
    """The name of the allocator mapped into process ``pid`` (or found in its memory map
    ``maps``): ``jemalloc``, ``mimalloc``, ``tcmalloc``, ``system``, or ``unknown``."""
    text = maps if maps is not None else _maps(pid)
    if text is None:
        return "unknown"
    for name in ("jemalloc", "mimalloc", "tcmalloc"):
        if f"lib{name}" in text:
            return name
    return "system"


def session_members(leader: int) -> list[int]:
    """The processes in the session ``leader`` started (a server, its workers and executors)."""
    members = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3]) == leader:
                members.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return members


def restart_with(setting: str, *, from_command_line: bool = False) -> str:
    """Start this process again with the allocator ``setting`` asks for preloaded, if it is not
    loaded yet (this call then does not return); the name of the allocator in use otherwise.
    Only a process started from the command line (``from_command_line``) is started again, with
    the same command line.

    :raises AllocatorError: for a setting that names no file, or a library the loader refused."""
    library = find(setting)
    tried = os.environ.pop(TRIED, None)
    maps = _maps()
    using = in_use(maps=maps)
    if library is None or maps is None or str(library) in maps:  # no /proc: nothing can be checked
        return using
    if setting == "auto" and using != "system":  # another malloc is preloaded already: keep it
        return using
    if not from_command_line:  # starting this process again would start the program that called us
        print(f"warning: called from within another program; {library} is not preloaded", file=sys.stderr)
        return using
    if tried == str(library):  # preloaded, and still not mapped: the dynamic loader refused it
        rest = [entry for entry in os.environ.get("LD_PRELOAD", "").split() if entry != str(library)]
        os.environ["LD_PRELOAD"] = " ".join(rest)  # so that no child process tries it again
        if setting != "auto":
            raise AllocatorError(f"ALLOCATOR is {setting!r}: the dynamic loader could not preload that file "
                                 "(see its message above); give a malloc library built for this machine")
        print(f"warning: {library} could not be preloaded; using the system's malloc", file=sys.stderr)
        return using
    environ = dict(os.environ)
    environ["LD_PRELOAD"] = " ".join(filter(None, [str(library), environ.get("LD_PRELOAD", "")]))
    environ[TRIED] = str(library)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], environ)  # does not return
