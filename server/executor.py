"""Queries run in executor processes, so a runaway query can be stopped.

pyoxigraph cannot cancel a query, and a query that overflows the engine's stack kills its process.
So each web worker hands its queries to a small pool of executor processes (started with
``spawn``, each opening the store read-only) and waits at most the time limit. An executor that
overruns is killed and replaced; one that dies is replaced too. The web worker itself never runs a
query and so keeps answering: other requests are served while a runaway query is being cut.

Results are serialized inside the executor by pyoxigraph's own serializers and sent back as bytes.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass

_CONTEXT = multiprocessing.get_context("spawn")


class QueryTimeout(Exception):
    """The query ran past the time limit; its executor was replaced."""


class ExecutorLost(Exception):
    """The executor process died while running the query; it was replaced."""


@dataclass(frozen=True)
class QueryJob:
    store: str
    query: str
    result_format: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 0
    substitutions: tuple[tuple[str, object], ...] = ()  # (variable, rdflib term), for canned queries


def _serve(connection) -> None:
    """The executor process: run jobs until the pipe closes."""
    from kg.errors import KGError, QueryError, UnsupportedFormat
    from kg.store import Store

    stores: dict[str, Store] = {}
    while True:
        try:
            job: QueryJob = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if job.store not in stores:
                stores.clear()
                stores[job.store] = Store(job.store)
            body = stores[job.store].serialize_query(
                job.query, job.result_format, default_graphs=list(job.default_graphs) or None,
                named_graphs=list(job.named_graphs) or None, substitutions=dict(job.substitutions) or None)
            if job.max_bytes and len(body) > job.max_bytes:
                reply = ("error", 413, f"the result is larger than this endpoint's limit of {job.max_bytes} bytes; "
                                       "add a LIMIT or select fewer variables")
            else:
                reply = ("ok", body)
        except (QueryError, UnsupportedFormat) as exc:
            reply = ("error", 400, str(exc))
        except KGError as exc:
            reply = ("error", 503, str(exc))
        except Exception as exc:  # the engine's own failures: report, keep serving
            reply = ("error", 500, f"the query failed in the engine: {type(exc).__name__}: {exc}")
        connection.send(reply)


class Executor:
    """One executor process and the pipe to it."""

    def __init__(self):
        self._start()

    def _start(self) -> None:
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(child,), daemon=True, name="osce-kg-query")
        self.process.start()
        child.close()

    def restart(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()
        self._start()

    def run(self, job: QueryJob, timeout: float):
        """The executor's reply to ``job``; raises :class:`QueryTimeout` or :class:`ExecutorLost`."""
        try:
            self.connection.send(job)
            if not self.connection.poll(timeout):
                self.restart()
                raise QueryTimeout()
            return self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self.restart()
            raise ExecutorLost()

    def close(self) -> None:
        self.process.kill()
        self.connection.close()


class ExecutorPool:
    """A fixed number of executors shared by the threads of one web worker."""

    def __init__(self, size: int):
        self._size = size
        self._idle: queue.Queue[Executor] = queue.Queue()
        self._lock = threading.Lock()
        self._started = 0

    def run(self, job: QueryJob, timeout: float):
        executor = self._take()
        try:
            return executor.run(job, timeout)
        finally:
            self._idle.put(executor)

    def _take(self) -> Executor:
        with self._lock:
            if self._idle.empty() and self._started < self._size:
                self._started += 1
                return Executor()
        return self._idle.get()

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().close()
