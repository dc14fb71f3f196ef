"""What every benchmark's command line does: read --count and --repeat, run, save the result as
bench/out/{name}.json, print it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable

OUT = Path(__file__).resolve().parent / "out"


def main(name: str, description: str, run: Callable[[int, int], dict], show: Callable[[dict], None],
         count: int, repeat: int) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--count", type=int, default=count)
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    result = run(args.count, args.repeat)
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    show(result)
