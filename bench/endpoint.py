"""HTTP throughput of the SPARQL endpoint: ours (cache off and on) against Oxigraph's native
server on the same store and against rdflib-endpoint on the same quads.

Method:

1. A temporary data folder gets a copy of ``data/`` plus ``--pages`` synthetic press-release pages
   (bench/corpus.py); ``osce-kg build --no-shacl`` builds a store home from it (timed) and
   ``osce-kg export`` writes its N-Quads for rdflib-endpoint.
2. Four servers start on free ports bound to 127.0.0.1: ``osce-kg serve --workers 2`` (its defaults
   otherwise: 2 request threads per worker, no access log, queries seen cheap run in the worker)
   with the result cache off (``OSCE_KG_CACHE_BYTES=0``) and with it on (the default);
   ``oxigraph serve-read-only --union-default-graph`` on the same store; ``rdflib-endpoint serve``
   on the N-Quads (it loads them into memory, with the union of the graphs as default graph). Each
   is polled until it answers ``ASK {}``. Ours preloads jemalloc when it is installed (its default,
   ``ALLOCATOR=auto``); ``--servers`` may add ``ours-system-malloc``, ours uncached on the C
   library's malloc. The JSON records which malloc each server's processes had mapped.
3. Every query in bench/queries/*.rq is sent once to every server, and the row counts (SELECT:
   JSON bindings; DESCRIBE: N-Triples lines, or triples parsed when a server answers another RDF
   syntax) are recorded and compared; mismatches are reported, not hidden. The native server's
   median sequential latency per query (one client, Python urllib, after a warm-up) tells which
   queries cost the engine 5 ms or more.
4. For each server, query and concurrency (8, 32), ``wrk -t2 -cC -dDs --latency --timeout Ts``
   sends GET /sparql?query=... (the native server: /query) with the query's Accept type. Requests/s,
   p50 and p99 come from wrk's output; non-2xx responses and socket errors (timeouts: responses
   slower than wrk's ``--timeout``, left out of its latency percentiles) flag a cell, and so do
   lines a server writes to its log during the cell, other than about clients gone when wrk stopped. The machine is shared: each cell
   records the cores used meanwhile by processes other than the server and wrk (other_cores). The servers are loaded one at a time
   (the others idle). Servers go on running the queries wrk left in flight when it stops, so after
   each cell the run waits until the server's process group is idle (recorded as settle_after_s),
   and the next cell starts on a quiet machine.
5. bench/out/endpoint.json gets every number with the store size, build time, versions and date;
   a markdown table is printed. Every server is stopped by its process group (its PID) at the end,
   on errors too, and the temporary folder is deleted.

With ``--rounds R`` every cell runs R times, the servers taking turns cell by cell (the first one
changing each round), and each cell reports the median of its rounds; ``--servers``, ``--queries``
and ``--home`` (an existing store home, no build) narrow a run down.

Run (about 7 minutes of load per round plus the build and rdflib-endpoint's load)::

    python -m bench.endpoint [--pages 10000] [--duration 10] [--out bench/out]
    python -m bench.endpoint --home HOME --servers native,ours-uncached --queries central-asia,describe \
        --rounds 5 --out bench/out/rounds
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "queries"
OUT = Path(__file__).resolve().parent / "out"
BIN = Path(sys.executable).parent
WRK = "/usr/bin/wrk"
CONCURRENCIES = (8, 32)
SERVERS = ("ours-uncached", "ours-cached", "native", "rdflib", "ours-system-malloc")
DEFAULT_SERVERS = SERVERS[:4]
BENCH_ORDER = ("native", "ours-uncached", "ours-cached", "rdflib", "ours-system-malloc")
SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples"
READY_TIMEOUT = {"rdflib": 3600.0}
SETTLE_TIMEOUT = 1800.0
SEQUENTIAL_RUNS = 21
NOISY_CORES = 0.2
CLIENT_GONE = re.compile(r"Broken pipe|Connection reset")  # wrk left requests in flight when it stopped
UVICORN_ACCESS = re.compile(r'INFO: +127\.0\.0\.1:\d+ - "')
LUA = """wrk.method = "GET"
wrk.path = [==[{path}]==]
wrk.headers["Accept"] = "{accept}"
"""


def _tool(name: str) -> str:
    local = BIN / name
    return str(local) if local.exists() else (shutil.which(name) or name)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSCE_KG_")}
    env.update(extra)
    return env


def make_data(tmp: Path, pages: int) -> Path:
    """A copy of data/ with ``pages`` synthetic pages added to its pages/."""
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data)
    write_corpus(data / "pages", pages)
    return data


def build_store(data: Path, home: Path) -> dict:
    """Build the store; return the wall time and the quad and graph counts it reports."""
    started, busy, own = time.perf_counter(), busy_cpu_seconds(), own_cpu_seconds()
    done = subprocess.run([_tool("osce-kg"), "--data", str(data), "--home", str(home), "build", "--no-shacl"],
                          env=_clean_env(), capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    other = busy_cpu_seconds() - busy - (own_cpu_seconds() - own)
    found = re.search(r"(\d+) quads in (\d+) named graphs", done.stdout + done.stderr)
    if not found:
        raise RuntimeError(f"no quad count in the build output:\n{done.stdout}\n{done.stderr}")
    return {"seconds": round(seconds, 1), "quads": int(found[1]), "named_graphs": int(found[2]),
            "other_cores": round(max(other, 0.0) / seconds, 2)}


def export_nquads(home: Path, target: Path) -> float:
    started = time.perf_counter()
    subprocess.run([_tool("osce-kg"), "--home", str(home), "export", "--format", "nquads", "-o", str(target)],
                   env=_clean_env(), capture_output=True, text=True, check=True)
    return round(time.perf_counter() - started, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_commands(home: Path, nquads: Path) -> dict[str, tuple[list[str], dict, str]]:
    """Per server: the command line, its environment and the endpoint path (ports filled in later)."""
    ours = [_tool("osce-kg"), "--home", str(home), "serve", "--host", "127.0.0.1", "--port", "{port}",
            "--workers", "2"]
    return {
        "ours-uncached": (ours, _clean_env(OSCE_KG_CACHE_BYTES="0"), "/sparql"),
        "ours-cached": (ours, _clean_env(), "/sparql"),
        "ours-system-malloc": (ours, _clean_env(OSCE_KG_CACHE_BYTES="0", OSCE_KG_ALLOCATOR="system"), "/sparql"),
        "native": ([_tool("oxigraph"), "serve-read-only", "--location", str(home / "current" / "store"),
                    "--bind", "127.0.0.1:{port}", "--union-default-graph"], _clean_env(), "/query"),
        "rdflib": ([_tool("rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", "{port}", str(nquads)],
                   _clean_env(), "/"),
    }


def start_server(name: str, spec: tuple, logs: Path) -> dict:
    """Start one server in its own process group; return its handle (process, url, log)."""
    command, env, path = spec
    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in command]
    log = logs / f"{name}.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(argv, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    return {"name": name, "process": process, "port": port, "path": path, "log": log, "argv": argv,
            "base": f"http://127.0.0.1:{port}", "url": f"http://127.0.0.1:{port}{path}"}


def stop_server(server: dict) -> None:
    """Stop the server and its children: its process group, whose id is the server's PID."""
    process = server["process"]
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def http_get(server: dict, query: str, accept: str, timeout: float = 600.0) -> tuple[int, str, bytes, float]:
    """One GET of ``query``: status, content type, body and seconds taken."""
    url = server["url"] + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": accept})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            body = reply.read()
            status, content_type = reply.status, reply.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        body, status, content_type = exc.read(), exc.code, exc.headers.get("Content-Type", "")
    return status, content_type, body, time.perf_counter() - started


def wait_ready(server: dict, timeout: float) -> float:
    """Poll until the server answers ASK {}; return the seconds it took from now."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server["process"].poll() is not None:
            raise RuntimeError(f"{server['name']} exited with {server['process'].returncode}; see {server['log']}")
        try:
            if http_get(server, "ASK {}", SELECT_ACCEPT, timeout=30)[0] == 200:
                return round(time.perf_counter() - started, 1)
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{server['name']} did not answer ASK {{}} within {timeout:.0f} s")


def load_queries() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(QUERIES.glob("*.rq"))}


def accept_for(query: str) -> str:
    body = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
    return GRAPH_ACCEPT if re.match(r"\s*(DESCRIBE|CONSTRUCT)\b", body, re.I) else SELECT_ACCEPT


def count_rows(content_type: str, body: bytes) -> int:
    """SELECT/ASK rows from SPARQL JSON; triples from N-Triples lines or, for another syntax, a parse."""
    media = content_type.split(";")[0].strip().lower()
    if media.endswith("json") and body.lstrip().startswith(b"{") and b'"head"' in body:
        parsed = json.loads(body)
        return len(parsed["results"]["bindings"]) if "results" in parsed else 1
    if media in ("application/n-triples", "text/plain"):
        return sum(1 for line in body.decode("utf-8").splitlines() if line.strip() and not line.startswith("#"))
    import rdflib

    syntax = {"text/turtle": "turtle", "application/ld+json": "json-ld"}.get(media, "xml")
    return len(rdflib.Graph().parse(data=body, format=syntax))


def check_counts(servers: dict, queries: dict) -> dict:
    """Each query once on each server: status, content type, row count, seconds; plus a verdict."""
    checks = {}
    for name, query in queries.items():
        per_server = {}
        for key, server in servers.items():
            status, content_type, body, seconds = http_get(server, query, accept_for(query))
            rows = count_rows(content_type, body) if status == 200 else None
            per_server[key] = {"status": status, "content_type": content_type, "rows": rows,
                               "seconds": round(seconds, 4),
                               **({"error": body[:500].decode("utf-8", "replace")} if status != 200 else {})}
        counts = {entry["rows"] for entry in per_server.values()}
        checks[name] = {"servers": per_server, "same_rows": len(counts) == 1 and None not in counts}
    return checks


def sequential_latency(server: dict, queries: dict, runs: int = SEQUENTIAL_RUNS) -> dict[str, float]:
    """Median wall time in ms of ``runs`` sequential GETs per query, after one warm-up request."""
    medians = {}
    for name, query in queries.items():
        accept = accept_for(query)
        http_get(server, query, accept)
        times = [http_get(server, query, accept)[3] for _ in range(runs)]
        medians[name] = round(statistics.median(times) * 1000, 2)
    return medians


def write_lua(directory: Path, server: dict, name: str, query: str) -> Path:
    path = f"{server['path']}?{urllib.parse.urlencode({'query': query})}"
    script = directory / f"{server['name']}-{name}.lua"
    script.write_text(LUA.format(path=path, accept=accept_for(query)), encoding="utf-8")
    return script


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}[unit]


def parse_wrk(output: str) -> dict:
    """Requests/s, p50/p99 (ms), completed requests, non-2xx/3xx and socket errors from wrk's output."""
    def grab(pattern: str, default=None):
        found = re.search(pattern, output, re.M)
        return found.groups() if found else default

    errors = grab(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", ("0",) * 4)
    return {
        "requests_per_s": float(grab(r"^Requests/sec:\s+([\d.]+)", ("0",))[0]),
        "requests": int(grab(r"^\s*(\d+) requests in", ("0",))[0]),
        "p50_ms": to_ms(grab(r"^\s+50%\s+(\S+)", ("0us",))[0]),
        "p99_ms": to_ms(grab(r"^\s+99%\s+(\S+)", ("0us",))[0]),
        "non_2xx_3xx": int(grab(r"Non-2xx or 3xx responses: (\d+)", ("0",))[0]),
        "socket_errors": dict(zip(("connect", "read", "write", "timeout"), map(int, errors))),
    }


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores; /proc/stat, less idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds of this process and its waited-for children (wrk among them)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def run_wrk(script: Path, server: dict, concurrency: int, duration: int, timeout: int) -> dict:
    """One wrk run, parsed, with the CPU the machine spent on anything but the server and wrk
    meanwhile (``other_cores``: other tenants of this shared machine)."""
    argv = [WRK, "-t2", f"-c{concurrency}", f"-d{duration}s", f"--timeout={timeout}s", "--latency",
            "-s", str(script), server["base"] + server["path"]]
    before = (busy_cpu_seconds(), group_cpu_seconds(server["process"].pid), own_cpu_seconds(), time.perf_counter())
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + timeout + 120)
    after = (busy_cpu_seconds(), group_cpu_seconds(server["process"].pid), own_cpu_seconds(), time.perf_counter())
    busy, served, own, wall = (b - a for a, b in zip(before, after))
    result = parse_wrk(done.stdout)
    result.update(wrk_exit=done.returncode, server_cores=round(served / wall, 2), wrk_cores=round(own / wall, 2),
                  other_cores=round(max(busy - served - own, 0.0) / wall, 2))
    if done.returncode or done.stderr.strip():
        result["wrk_stderr"] = done.stderr.strip()[-1000:]
    return result


def log_lines(server: dict, offset: int) -> tuple[list[str], int]:
    """Lines the server logged since ``offset`` (less rdflib-endpoint's access lines), the new offset."""
    with open(server["log"], "rb") as log:
        log.seek(offset)
        chunk = log.read()
    lines = [line[:500] for line in chunk.decode("utf-8", "replace").splitlines()
             if line.strip() and not UVICORN_ACCESS.search(line)]
    return lines[-50:], offset + len(chunk)


def group_cpu_seconds(pgid: int) -> float:
    """CPU seconds used so far by the processes of one process group (a server and its children)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(server: dict, interval: float = 0.5, quiet_cores: float = 0.05) -> float:
    """Wait until the server has worked off what wrk left in flight (servers keep running queries
    whose client went away): until its process group uses under ``quiet_cores`` of a core for two
    intervals in a row. Returns the seconds waited."""
    started = time.perf_counter()
    quiet, used = 0, group_cpu_seconds(server["process"].pid)
    while quiet < 2 and time.perf_counter() - started < SETTLE_TIMEOUT:
        time.sleep(interval)
        now = group_cpu_seconds(server["process"].pid)
        quiet = quiet + 1 if now - used < quiet_cores * interval else 0
        used = now
    return round(time.perf_counter() - started, 1)


def bench_cell(server: dict, script: Path, concurrency: int, args, offset: int) -> tuple[dict, int]:
    """One wrk run, then the wait until the server is idle again; what the server logged meanwhile."""
    result = run_wrk(script, server, concurrency, args.duration, args.wrk_timeout)
    result["settle_after_s"] = settle(server)
    lines, offset = log_lines(server, offset)
    if lines:
        result["log_lines"] = lines
    timeouts = result["socket_errors"]["timeout"]
    errors = [line for line in lines if not CLIENT_GONE.search(line)]
    # no response within the cell is a failure too: wrk does not count requests still in flight as timeouts
    result["flagged"] = bool(result["non_2xx_3xx"] or sum(result["socket_errors"].values()) or errors
                             or not result["requests"])
    print(f"  {server['name']:14} {script.stem:40} c={concurrency:<3} {result['requests_per_s']:10.1f} req/s "
          f"p50 {result['p50_ms']:.2f} ms p99 {result['p99_ms']:.2f} ms non-2xx {result['non_2xx_3xx']} "
          f"timeouts {timeouts} settle {result['settle_after_s']} s other-cores {result['other_cores']}",
          file=sys.stderr, flush=True)
    return result, offset


def warm_up(server: dict, scripts: dict[str, Path], args) -> None:
    """A short untimed run per query, so executor processes and caches exist before measuring."""
    for script in scripts.values():
        run_wrk(script, server, CONCURRENCIES[0], 2, args.wrk_timeout)


def bench_all(servers: dict, queries: dict, tmp: Path, args) -> dict:
    """Every (query, concurrency) cell on every server, ``args.rounds`` times. Within a round the
    servers take turns cell by cell, the first one changing from round to round, so a drift in the
    machine's speed touches them all alike. A server's result for a cell is the median of its
    rounds (requests/s, p50, p99), with every round's numbers kept."""
    names = list(servers)
    scripts = {key: {name: write_lua(tmp, servers[key], name, query) for name, query in queries.items()}
               for key in names}
    for key in names:
        if key != "rdflib":
            warm_up(servers[key], scripts[key], args)
        settle(servers[key])
    offsets = {key: servers[key]["log"].stat().st_size for key in names}
    runs: dict = {key: {name: {str(c): [] for c in CONCURRENCIES} for name in queries} for key in names}
    for round_number in range(args.rounds):
        order = names[round_number % len(names):] + names[:round_number % len(names)]
        print(f"round {round_number + 1} of {args.rounds}", file=sys.stderr, flush=True)
        for name in queries:
            for concurrency in CONCURRENCIES:
                for key in order:
                    cell, offsets[key] = bench_cell(servers[key], scripts[key][name], concurrency, args, offsets[key])
                    runs[key][name][str(concurrency)].append(cell)
    return {key: {name: {c: summarize(cells) for c, cells in by_c.items()} for name, by_c in by_query.items()}
            for key, by_query in runs.items()}


def summarize(cells: list[dict]) -> dict:
    """One cell from its rounds: medians of the rates and latencies, the worst of the rest."""
    if len(cells) == 1:
        return cells[0]
    middle = {key: statistics.median(cell[key] for cell in cells) for key in ("requests_per_s", "p50_ms", "p99_ms")}
    return {**middle, "rounds": [{k: cell[k] for k in ("requests_per_s", "p50_ms", "p99_ms", "other_cores")}
                                 for cell in cells],
            "requests": sum(cell["requests"] for cell in cells),
            "non_2xx_3xx": sum(cell["non_2xx_3xx"] for cell in cells),
            "socket_errors": {k: sum(cell["socket_errors"][k] for cell in cells) for k in cells[0]["socket_errors"]},
            "other_cores": max(cell["other_cores"] for cell in cells),
            "server_cores": statistics.median(cell["server_cores"] for cell in cells),
            "flagged": any(cell["flagged"] for cell in cells)}


def versions() -> dict[str, str]:
    def output(argv: list[str]) -> str:
        done = subprocess.run(argv, capture_output=True, text=True)
        return (done.stdout + done.stderr).strip().splitlines()[0]

    def package(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {"oxigraph_cli": output([_tool("oxigraph"), "--version"]), "wrk": output([WRK, "--version"]),
            "rdflib-endpoint": package("rdflib-endpoint"), "rdflib": package("rdflib"),
            "pyoxigraph": package("pyoxigraph"), "uvicorn": package("uvicorn"), "granian": package("granian"),
            "python": sys.version.split()[0], "osce-kg_commit": commit.stdout.strip() + " (+ working tree)"}


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def ratios(cells: dict[str, dict]) -> dict[str, float | None]:
    """Ratios of requests/s between the servers measured (None where one of the two was not)."""
    def of(a: str, b: str) -> float | None:
        return ratio(cells[a]["requests_per_s"], cells[b]["requests_per_s"]) if a in cells and b in cells else None

    found = {"uncached/native": of("ours-uncached", "native"), "cached/native": of("ours-cached", "native"),
             "uncached/rdflib": of("ours-uncached", "rdflib")}
    if "ours-system-malloc" in cells:
        found["system-malloc/native"] = of("ours-system-malloc", "native")
    return found


def _rate(cell: dict) -> str:
    text = f"{cell['requests_per_s']:.1f}"
    if not cell["requests"]:
        return "0 ⚠ none answered"
    if cell["flagged"]:
        bad = cell["non_2xx_3xx"] + sum(cell["socket_errors"].values())
        text += f" ⚠{bad}"
    return text


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(results: dict, queries: dict) -> str:
    shown = [key for key in SERVERS if key in DEFAULT_SERVERS or key in results]
    names = [key.removeprefix("ours-") for key in shown]
    ratio_names = list(ratios({key: {"requests_per_s": 1} for key in shown}))
    head = ("| query | c | " + " | ".join(f"{n} req/s" for n in names) + " | " + " | ".join(ratio_names)
            + " | " + " | ".join(f"p50/p99 ms {n}" for n in names) + " |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name in queries:
        for concurrency in map(str, CONCURRENCIES):
            cells = {key: results[key][name][concurrency] for key in shown if key in results}
            ratio_of = ratios(cells)
            latencies = [f"{cells[k]['p50_ms']:.1f}/{cells[k]['p99_ms']:.1f}" if k in cells else "—" for k in shown]
            lines.append(f"| {name} | {concurrency} | " + " | ".join(_rate(cells[k]) if k in cells else "—"
                                                                     for k in shown) + " | "
                         + " | ".join(_fmt(ratio_of.get(r)) for r in ratio_names) + " | " + " | ".join(latencies) + " |")
    return "\n".join(lines)


def count_lines(checks: dict) -> list[str]:
    lines = []
    for name, check in checks.items():
        parts = ", ".join(f"{k} {v['rows'] if v['status'] == 200 else 'HTTP ' + str(v['status'])}"
                          for k, v in check["servers"].items())
        lines.append(f"{'same' if check['same_rows'] else 'MISMATCH'} rows for {name}: {parts}")
    return lines


def keep_logs(servers: dict, out: Path) -> None:
    """Copy each server's log to out/logs, less the access lines (one per request)."""
    target = out / "logs"
    target.mkdir(parents=True, exist_ok=True)
    for name, server in servers.items():
        if not server["log"].exists():
            continue
        with open(server["log"], encoding="utf-8", errors="replace") as log:
            kept = [line for line in log if not UVICORN_ACCESS.search(line)]
        (target / f"endpoint-{name}.log").write_text("".join(kept[-500:]), encoding="utf-8")


def prepare(tmp: Path, args) -> dict:
    """Data folder and build (timed), unless ``--home`` names a built store home; the N-Quads export
    when rdflib-endpoint is measured. Returns what to record."""
    if args.home:
        build = {"reused_home": str(args.home)}
    else:
        print(f"writing {args.pages} pages and building ...", file=sys.stderr, flush=True)
        build = build_store(make_data(tmp, args.pages), tmp / "home")
        print(f"built {build['quads']} quads in {build['seconds']} s", file=sys.stderr, flush=True)
    if "rdflib" in args.servers:
        print("exporting N-Quads for rdflib-endpoint ...", file=sys.stderr, flush=True)
        build["export_seconds"] = export_nquads(home_of(tmp, args), tmp / "graph.nq")
    return build


def home_of(tmp: Path, args) -> Path:
    return args.home or tmp / "home"


def start_all(tmp: Path, servers: dict, args) -> dict[str, float]:
    """Start the servers measured (rdflib-endpoint first: it loads longest) and wait for each."""
    logs = tmp / "logs"
    logs.mkdir()
    specs = server_commands(home_of(tmp, args), tmp / "graph.nq")
    for name in ("rdflib", "ours-uncached", "ours-cached", "ours-system-malloc", "native"):
        if name in args.servers:
            servers[name] = start_server(name, specs[name], logs)
    ready = {name: wait_ready(servers[name], READY_TIMEOUT.get(name, 120.0)) for name in servers}
    print(f"servers ready after {ready} s", file=sys.stderr, flush=True)
    return ready


def measure(tmp: Path, servers: dict, args) -> dict:
    queries = selected_queries(args)
    record: dict = {"ready_seconds": start_all(tmp, servers, args)}
    record["row_counts"] = check_counts(servers, queries)
    print("\n".join(count_lines(record["row_counts"])), file=sys.stderr, flush=True)
    if "native" in servers:
        record["native_sequential_ms"] = sequential_latency(servers["native"], queries)
    ordered = {name: servers[name] for name in BENCH_ORDER if name in servers}
    record["results"] = bench_all(ordered, queries, tmp, args)
    record["ratios"] = {q: {c: ratios({k: record["results"][k][q][c] for k in record["results"]})
                            for c in map(str, CONCURRENCIES)} for q in queries}
    record["allocators"] = {name: allocators(server) for name, server in servers.items()}
    return record


def allocators(server: dict) -> dict[str, int]:
    """How many of the server's processes (its session: workers, executors) run on which malloc,
    read from their memory maps after the run."""
    from server.allocator import in_use, session_members

    found: dict[str, int] = {}
    for pid in session_members(server["process"].pid):
        name = in_use(pid)
        found[name] = found.get(name, 0) + 1
    return found


def selected_queries(args) -> dict[str, str]:
    queries = load_queries()
    return {name: queries[name] for name in (args.queries or queries)}


def report(record: dict, queries: dict) -> None:
    print(table(record["results"], queries))
    print()
    if "native_sequential_ms" in record:
        print("native median sequential latency (ms): " + ", ".join(
            f"{name} {ms:.2f}{' (>=5 ms)' if ms >= 5 else ''}" for name, ms in record["native_sequential_ms"].items()))
    for line in count_lines(record["row_counts"]):
        print(line)
    noisy = [f"{server}/{query}/c{c} {cell['other_cores']}" for server, by_query in record["results"].items()
             for query, by_c in by_query.items() for c, cell in by_c.items() if cell["other_cores"] >= NOISY_CORES]
    print(f"cells during which other processes used >= {NOISY_CORES} of the 2 cores: " + (", ".join(noisy) or "none"))


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="python -m bench.endpoint", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="synthetic pages added to data/ (default 10000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per cell (default 10)")
    parser.add_argument("--wrk-timeout", type=int, default=10,
                        help="wrk --timeout in seconds: slower responses count as timeouts (default 10)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for endpoint.json (default bench/out)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of every cell; each cell reports the median of its rounds (default 1)")
    parser.add_argument("--servers", type=_names(SERVERS), default=list(DEFAULT_SERVERS),
                        help=f"comma-separated subset of {','.join(SERVERS)} (default: all but the last; "
                             "ours-system-malloc is ours uncached with ALLOCATOR=system)")
    parser.add_argument("--queries", type=_names(tuple(load_queries())), default=None,
                        help="comma-separated subset of the queries in bench/queries (default all)")
    parser.add_argument("--home", type=Path, default=None,
                        help="serve this built store home instead of building one (--pages is then unused)")
    args = parser.parse_args(argv)
    if args.home is not None and not (args.home / "current" / "store").is_dir():
        parser.error(f"--home {args.home}: no built store there (expected {args.home / 'current' / 'store'})")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def _names(allowed: tuple[str, ...]):
    def parse(text: str) -> list[str]:
        names = [name.strip() for name in text.split(",") if name.strip()]
        unknown = [name for name in names if name not in allowed]
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"unknown {', '.join(unknown) or '(none given)'}; "
                                             f"choose from {', '.join(allowed)}")
        return names
    return parse


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):  # so the finally below still runs
        signal.signal(signum, _exit_on_signal)
    tmp = Path(tempfile.mkdtemp(prefix="osce-kg-endpoint-bench-"))
    servers: dict = {}
    started = datetime.now(timezone.utc)
    try:
        record = {"date": started.isoformat(timespec="seconds"), "pages": args.pages, "duration_s": args.duration,
                  "wrk_timeout_s": args.wrk_timeout, "concurrencies": list(CONCURRENCIES), "rounds": args.rounds,
                  "versions": versions(), "build": prepare(tmp, args)}
        record.update(measure(tmp, servers, args))
        record["servers"] = {name: {"argv": s["argv"], "endpoint": s["path"]} for name, s in servers.items()}
        record["queries"] = selected_queries(args)
    finally:
        for server in servers.values():
            stop_server(server)
        args.out.mkdir(parents=True, exist_ok=True)
        keep_logs(servers, args.out)
        shutil.rmtree(tmp, ignore_errors=True)
    (args.out / "endpoint.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report(record, record["queries"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
