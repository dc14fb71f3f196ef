"""Parsing speed: pages per second for the page parser, parser + linker, and parser + linker +
quads, on a synthetic corpus of real-shaped pages (bench/corpus.py), with the cost of just
reading and splitting the same files measured in the same run as the anchor.

    python -m bench.parse_pages --count 10000 [--repeat 3]

Prints a table of medians over the repeats and writes bench/out/parse_pages.json.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench import report
from bench.corpus import write_corpus
from kg.build import compile_curated
from kg.gazetteer import Gazetteer
from kg.linker import link
from kg.loaders import press_releases
from kg.pages import PageError, parse_file
from kg.releases import known_names
from kg.settings import Settings



def _read_only(files: list[Path], _gazetteer) -> int:
    return sum(len(path.read_text(encoding="utf-8").split("\n")) for path in files)


def _parse(files: list[Path], gazetteer) -> int:
    names = known_names(gazetteer)
    done = 0
    for path in files:
        try:
            parse_file(path, known_names=names)
            done += 1
        except PageError:
            pass
    return done


def _parse_link(files: list[Path], gazetteer, quads: bool = False) -> int:
    names = known_names(gazetteer)
    count = 0
    for path in files:
        try:
            linked = link(parse_file(path, known_names=names), gazetteer)
        except PageError:
            continue
        count += len(linked.links)
        if quads:
            release = press_releases.release_iri(linked)
            count += sum(1 for _ in press_releases.quads(linked, gazetteer, press_releases.graph_iri(release)))
    return count


STAGES = {
    "read and split (anchor)": _read_only,
    "parse": _parse,
    "parse + link": _parse_link,
    "parse + link + quads": lambda files, g: _parse_link(files, g, quads=True),
}


def run(count: int, repeat: int) -> dict:
    quads, _sources, _origins = compile_curated(Settings.from_env())
    gazetteer = Gazetteer.from_triples(q[:3] for q in quads)
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder), count)
        files = sorted(Path(folder).glob("*.txt"))
        results = {}
        for stage, function in STAGES.items():
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                function(files, gazetteer)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            results[stage] = {"median_s": round(median, 3), "pages_per_s": round(count / median)}
        failures = count - _parse(files, gazetteer)
    anchor = results["read and split (anchor)"]["median_s"]
    for stage in results.values():
        stage["x_anchor"] = round(stage["median_s"] / anchor, 1)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": count, "repeat": repeat, "unparsed_pages": failures, "peak_rss_mb": round(peak_mb), "stages": results}


def show(result: dict) -> None:
    print(f"{result['pages']} pages, median of {result['repeat']}, {result['unparsed_pages']} not parsed, "
          f"peak RSS {result['peak_rss_mb']} MB")
    print(f"{'stage':28} {'median s':>9} {'pages/s':>9} {'x anchor':>9}")
    for stage, row in result["stages"].items():
        print(f"{stage:28} {row['median_s']:>9} {row['pages_per_s']:>9} {row['x_anchor']:>9}")


if __name__ == "__main__":
    report.main("parse_pages", __doc__.splitlines()[0], run, show, 10_000, 3)
