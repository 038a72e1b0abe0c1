"""Benchmark the extractor on one core.

usage: .venv/bin/python bench/extract.py [--rounds N] [--no-adversarial]

Corpus: the seed articles (/work/shared/seeds) plus any article records in samples/*.json and
samples/*.jsonl (objects with a "text" field; other records are skipped). The extractor is
single-threaded, so each figure is given twice: in CPU time of this process
(time.process_time: what one core costs, unaffected by other processes on the machine) and in
wall-clock time (what a caller waits, inflated when the core is shared). Prints articles per
second, p50/p99 per article and peak RSS, then both times for each adversarial 1 MiB input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.extract import extract  # noqa: E402 - after the path set-up

SEEDS = Path("/work/shared/seeds")
DEFAULT_TIME = dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)
MIB = 1 << 20
ADVERSARIAL = {
    "digit run": lambda: "9" * MIB,
    "digit groups": lambda: "1,234," * (MIB // 6),
    "commas": lambda: "," * MIB,
    "whitespace": lambda: " \t\n" * (MIB // 3),
    "number words": lambda: "one hundred and twenty " * (MIB // 23),
    "keywords": lambda: (
        "Russia launched drones killed record since the start of the war " * (MIB // 64)
    ),
    "figure sentences": lambda: (
        "Russia launched 145 drones at Ukraine overnight and 90 were shot down. " * (MIB // 70)
    ),
}


def _stamp(value: str | None) -> dt.datetime:
    if not value:
        return DEFAULT_TIME
    stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _records(path: Path) -> list[dict]:
    try:
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else [data]


def corpus() -> list[tuple[str, dt.datetime, str]]:
    """(text, published_at, id) for every benchmark article."""
    out = []
    if (SEEDS / "articles.json").exists():
        for a in json.loads((SEEDS / "articles.json").read_text()):
            out.append(((SEEDS / a["file"]).read_text(), _stamp(a["published_at"]), a["id"]))
    samples = ROOT / "samples"
    if samples.is_dir():
        for path in sorted([*samples.glob("*.json"), *samples.glob("*.jsonl")]):
            for i, rec in enumerate(_records(path)):
                if isinstance(rec, dict) and isinstance(rec.get("text"), str) and rec["text"]:
                    out.append(
                        (
                            rec["text"],
                            _stamp(rec.get("published_at")),
                            str(rec.get("id") or f"{path.stem}-{i}"),
                        )
                    )
    return out


def _percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50 * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms"


def main() -> int:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20, help="passes over the corpus (default 20)")
    ap.add_argument("--no-adversarial", action="store_true", help="skip the 1 MiB inputs")
    args = ap.parse_args()

    articles = corpus()
    if not articles:
        print("no articles found")
        return 1
    for text, stamp, aid in articles:  # warm-up: imports and regex compilation
        extract(text, stamp, aid)
    cpu_times: list[float] = []
    wall_times: list[float] = []
    events = 0
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for _ in range(max(1, args.rounds)):
        for text, stamp, aid in articles:
            c0, w0 = time.process_time(), time.perf_counter()
            events += len(extract(text, stamp, aid))
            cpu_times.append(time.process_time() - c0)
            wall_times.append(time.perf_counter() - w0)
    cpu = time.process_time() - cpu_started
    wall = time.perf_counter() - wall_started
    size = statistics.mean(len(t) for t, _, _ in articles)
    print(f"corpus: {len(articles)} articles, mean {size:,.0f} chars; {args.rounds} rounds")
    print(f"events per round: {events / max(1, args.rounds):.0f}")
    print(
        f"throughput: {len(cpu_times) / cpu:,.0f} articles per CPU-second, "
        f"{len(wall_times) / wall:,.0f} articles/s wall"
    )
    print(f"per article, CPU:  {_percentiles(cpu_times)}")
    print(f"per article, wall: {_percentiles(wall_times)}")
    if not args.no_adversarial:
        for name, make in ADVERSARIAL.items():
            text = make()
            c0, w0 = time.process_time(), time.perf_counter()
            found = extract(text, DEFAULT_TIME, "adversarial")
            print(
                f"adversarial {name:17s} {len(text) / MIB:.1f} MiB: "
                f"{time.process_time() - c0:6.2f} s CPU, {time.perf_counter() - w0:6.2f} s wall, "
                f"{len(found)} events"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {peak / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
