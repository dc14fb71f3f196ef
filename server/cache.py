"""A bounded in-memory cache of serialized query results, least recently used out first.

Entries are keyed by the response ETag, which already ties them to the build version, the query,
the dataset and the format; a new build clears the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class ResultCache:
    """LRU by total size in bytes. ``max_bytes = 0`` disables caching."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.version: str | None = None

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return  # one result may not take more than a quarter of the cache
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _key, old = self._entries.popitem(last=False)
                self._size -= len(old)

    def reset(self, version: str) -> None:
        """Drop every entry when the served build changes."""
        with self._lock:
            if version != self.version:
                self._entries.clear()
                self._size = 0
                self.version = version

    def __len__(self) -> int:
        return len(self._entries)
