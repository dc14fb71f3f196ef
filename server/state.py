"""The graph a web worker serves: the store of the current build, its version, the executors
that run queries on it, and the result cache. A new build is picked up on the next request."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from kg import iri
from kg.store import Store, StoreHome
from kg.vocab import DCTERMS
from server.cache import ResultCache
from server.executor import ExecutorPool, QueryRunner


class ServedGraph:
    """What one web worker serves. ``store`` pins a store (tests); else ``home``'s current build."""

    def __init__(self, config: dict, store: Store | None = None):
        self.config = config
        self._pinned = store
        self._home = StoreHome(config["HOME"]) if config.get("HOME") else None
        self._lock = threading.Lock()
        self._target: str | None = None
        self._link: str | None = None
        # (store, version), replaced as one: a request that reads it once sees a matching pair
        self.current: tuple[Store | None, str] = (store, _read_version(store) if store is not None else "")
        self.cache = ResultCache(int(config["CACHE_BYTES"]))
        self.executors = QueryRunner(ExecutorPool(int(config["EXECUTORS"])), float(config["INLINE_BELOW"]),
                                     self._local_store)

    def refresh(self) -> None:
        """Open the current build if it changed since the last request."""
        if self._pinned is not None:
            self.cache.reset(self.version)
            return
        try:  # one system call per request: the link's target names the build
            link = os.readlink(self._home.current)
        except OSError:
            link = None
        if link == self._link:
            return
        target = os.path.realpath(self._home.current) if self._home.current.exists() else None
        with self._lock:
            if target != self._target:
                store = Store(Path(target) / "store") if target else None
                self.current = (store, _read_version(store) if store is not None else "")
                self._target = target
                self.cache.reset(self.current[1])
            self._link = link

    @property
    def store(self) -> Store | None:
        return self.current[0]

    @property
    def version(self) -> str:
        return self.current[1]

    def store_for(self, version: str | None, current: tuple | None = None) -> tuple[str, str]:
        """(store path, version) to answer with: the current build (``current``, a snapshot of
        :attr:`current`, or now's), or a kept earlier build when a citation pins ``version``.
        :raises LookupError: for a version no longer (or never) served."""
        store, served = current or self.current
        if not version or version == served:
            return (str(store.path) if store is not None else ""), served
        if self._home is not None and self._home.builds.exists() and version.isalnum():
            for build in sorted(self._home.builds.iterdir(), reverse=True):
                if f"-{version}-" in build.name and (build / "store" / "CURRENT").exists():
                    return str(build / "store"), version
        raise LookupError(version)

    def _local_store(self, path: str) -> Store | None:
        """The store open in this process if it is the one at ``path``."""
        store = self.current[0]
        return store if store is not None and str(store.path) == path else None

    @property
    def store_path(self) -> str:
        store = self.current[0]
        return str(store.path) if store is not None else ""


def _read_version(store: Store) -> str:
    rows = list(store.quads(subject=iri.dataset(), predicate=DCTERMS.hasVersion))
    return str(rows[0][2]) if rows else "unversioned"
