"""Queries run in executor processes, so a runaway query can be stopped.

pyoxigraph cannot cancel a query, and a query that overflows the engine's stack kills its process.
So each web worker hands new queries to a small pool of executor processes (started with
``spawn``, each opening the store read-only) and waits at most the time limit. An executor that
overruns is killed and replaced; one that dies is replaced too. The web worker's threads only wait,
so other requests are served while a runaway query is being cut. The one exception is
:class:`QueryRunner`'s: a short, deterministic query an executor has already answered quickly runs
in the web worker the next time.

Results are serialized inside the executor by pyoxigraph's own serializers and sent back as bytes.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

_CONTEXT = multiprocessing.get_context("spawn")


class QueryTimeout(Exception):
    """The query ran past the time limit; its executor was replaced."""


class ExecutorsBusy(Exception):
    """Every executor of this worker stayed busy for the whole time limit; the query never started."""


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
    prefixes: tuple[str, ...] | None = None  # predeclared prefixes the query needs (None: all)


def execute(stores: dict, job: QueryJob) -> tuple:
    """Run one job on a store from ``stores`` (path -> open Store, filled as needed): ``("ok", body)``
    or ``("error", status, message)``. The same code runs in executors and, for jobs known to be
    cheap, in the web worker."""
    from kg.errors import KGError, QueryError, UnsupportedFormat

    try:
        store = open_store(stores, job.store)
        body = store.serialize_query(
            job.query, job.result_format, default_graphs=list(job.default_graphs) or None,
            named_graphs=list(job.named_graphs) or None, substitutions=dict(job.substitutions) or None,
            prefixes=job.prefixes)
    except (QueryError, UnsupportedFormat) as exc:
        return ("error", 400, str(exc))
    except KGError as exc:
        return ("error", 503, str(exc))
    except Exception as exc:  # the engine's own failures: report, keep serving
        return ("error", 500, f"the query failed in the engine: {type(exc).__name__}: {exc}")
    if job.max_bytes and len(body) > job.max_bytes:
        return ("error", 413, (f"the result is larger than this endpoint's limit of {job.max_bytes} bytes; "
                               "add a LIMIT or select fewer variables"))
    return ("ok", body)


def open_store(stores: dict, path: str):
    """The store at ``path`` from ``stores``, opened (and the others dropped) if it is not there."""
    from kg.store import Store

    store = stores.get(path)
    if store is None:
        stores.clear()
        store = stores[path] = Store(path)
    return store


def _serve(connection) -> None:
    """The executor process: run jobs until the pipe closes."""
    stores: dict = {}
    while True:
        try:
            job: QueryJob = connection.recv()
        except (EOFError, OSError):
            return
        try:
            open_store(stores, job.store)  # before the clock: the time is the query's own
        except Exception:  # execute() below reports it
            pass
        started = time.perf_counter()
        reply = execute(stores, job)
        connection.send((reply, time.perf_counter() - started))


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

    def run(self, job: QueryJob, timeout: float) -> tuple[tuple, float]:
        """The executor's reply to ``job`` and the seconds it spent on it; raises :class:`QueryTimeout` or :class:`ExecutorLost`."""
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


MIN_RUN_SECONDS = 0.05


class ExecutorPool:
    """A fixed number of executors shared by the threads of one web worker."""

    def __init__(self, size: int):
        self._size = size
        self._idle: queue.Queue[Executor] = queue.Queue()
        self._lock = threading.Lock()
        self._started = 0

    def run(self, job: QueryJob, timeout: float) -> tuple[tuple, float]:
        """The reply to ``job`` from the first free executor, and the seconds the executor spent on
        it; the wait for a free executor counts against ``timeout``."""
        started = time.monotonic()
        executor = self._take(timeout)
        left = timeout - (time.monotonic() - started)
        if left < MIN_RUN_SECONDS:  # no time to run it: keep the executor, say why
            self._idle.put(executor)
            raise ExecutorsBusy()
        try:
            return executor.run(job, left)
        finally:
            self._idle.put(executor)

    def _take(self, timeout: float) -> Executor:
        with self._lock:
            if self._idle.empty() and self._started < self._size:
                self._started += 1
                return Executor()
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ExecutorsBusy() from None

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().close()


class QueryRunner:
    """Runs jobs in executor processes, except jobs already seen to be cheap, which run in the web
    worker itself and so skip the round trip to another process.

    A job (store, query text, format, dataset, substitutions) that an executor answered within
    ``inline_below`` seconds (its own time, not the wait) is remembered (the last ``remembered`` of
    them); the same job later runs in this process. The caller allows this only for short,
    shallow queries without RAND, NOW, UUID, STRUUID, BNODE or SERVICE (``may_inline``): on a
    read-only build such a query costs the same every time, so it cannot turn into a runaway. A
    remembered job that runs four times longer than ``inline_below`` is forgotten. Only the current
    build's store is used in process; jobs on a pinned earlier build always go to an executor.
    ``inline_below = 0`` sends every job to an executor.
    """

    def __init__(self, executors: ExecutorPool, inline_below: float, local_store, remembered: int = 4096):
        self.executors, self.inline_below = executors, inline_below
        self._local_store = local_store  # path -> the Store open in this process, or None
        self._known: OrderedDict[QueryJob, None] = OrderedDict()
        self._remembered = remembered
        self._lock = threading.Lock()

    def run(self, job: QueryJob, timeout: float, may_inline: bool = True):
        """The reply to ``job``; raises :class:`QueryTimeout` or :class:`ExecutorLost` like the executors."""
        return self.run_timed(job, timeout, may_inline)[0]

    def run_timed(self, job: QueryJob, timeout: float, may_inline: bool = True) -> tuple[tuple, str, float]:
        """(reply, where it ran: ``"worker"`` or ``"executor"``, seconds taken)."""
        inline = may_inline and self.inline_below > 0
        store = self._local_store(job.store) if inline and job in self._known else None
        started = time.perf_counter()
        if store is not None:
            reply = execute({job.store: store}, job)
            seconds = time.perf_counter() - started
            if seconds > 4 * self.inline_below:
                self._forget(job)
            return reply, "worker", seconds
        reply, spent = self.executors.run(job, timeout)  # spent: in the executor, not starting or waiting
        if inline and spent < self.inline_below and (reply[0] == "ok" or reply[1] in (400, 413)) \
                and self._local_store(job.store) is not None:
            self._remember(job)
        return reply, "executor", time.perf_counter() - started

    def _remember(self, job: QueryJob) -> None:
        with self._lock:
            self._known[job] = None
            self._known.move_to_end(job)
            while len(self._known) > self._remembered:
                self._known.popitem(last=False)

    def _forget(self, job: QueryJob) -> None:
        with self._lock:
            self._known.pop(job, None)

    def close(self) -> None:
        self.executors.close()
