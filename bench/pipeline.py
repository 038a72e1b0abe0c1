"""Pipeline benchmark: articles through the embedded broker and one worker.

    .venv/bin/python bench/pipeline.py [-n 5000] [--rate 100] [--steady-seconds 20]
                                       [--extract-processes N]

1. burst: N articles produced as fast as possible; throughput = N / (time until the
   last event is published), plus p50/p99 end-to-end latency per event;
2. steady: articles at a fixed rate; p50/p99 end-to-end latency;
3. ceiling: a plain aiokafka consume-and-produce loop copying the same N records on the
   same broker (the most this client and broker can do); ratio worker / ceiling.
Latency is the output record's broker timestamp minus the article record's timestamp.
Peak RSS of the worker is read from /proc (VmHWM), its CPU time per article from
/proc/PID/stat (the worker's own cost, whatever else the machine is doing).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service import embedded  # noqa: E402
from service.extract import extract  # noqa: E402
from service.kafka_config import aiokafka_config  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.topics import create_topics  # noqa: E402

EVENT_TOPICS = ("strikes", "casualties", "territory", "deployments", "diplomacy")


_MONTH_DAY = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (\d{1,2})\b")


def _shift_dates(text: str, year: int, days: int) -> str:
    """Move every "Month D" in the text by `days` (read in the publication year)."""
    def moved(m: re.Match) -> str:
        when = dt.datetime.strptime(f"{m[1]} {m[2]} {year}", "%b %d %Y").date()
        new = when + dt.timedelta(days=days)
        return f"{new:%B} {new.day}"
    return _MONTH_DAY.sub(moved, text)


def corpus(n: int, tag: str, start: int = 0) -> list[dict]:
    """N articles drawn from samples/, cycle k moved k weeks later, dates in the text too.

    Whole weeks keep "on Sunday" on a Sunday, so each cycle reports new facts, as a live
    stream does; month-level facts ("last month") still recur for a few cycles, so the
    bench also exercises corroboration (re-publication with grown `sources`). `start`
    continues the weeks of an earlier phase, so no phase repeats another's facts.
    """
    base = [json.loads(p.read_text()) for p in sorted((ROOT / "samples").glob("*.json"))]
    out = []
    for i in range(start, start + n):
        a = base[i % len(base)]
        stamp = dt.datetime.fromisoformat(a["published_at"].replace("Z", "+00:00"))
        days = 7 * (i // len(base))
        out.append({**a, "id": f"{tag}-{i}", "text": _shift_dates(a["text"], stamp.year, days),
                    "published_at": (stamp + dt.timedelta(days=days)).isoformat()})
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


async def produce(settings: Settings, topic: str, articles: list[dict],
                  rate: float | None = None) -> dict[str, int]:
    """Send articles (at `rate` per second if given); return article id -> send time in ms."""
    producer = AIOKafkaProducer(**aiokafka_config(settings), acks=1, linger_ms=2)
    await producer.start()
    sent: dict[str, int] = {}
    start = time.monotonic()
    try:
        futures = []
        for i, article in enumerate(articles):
            if rate:
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            now_ms = int(time.time() * 1000)
            sent[article["id"]] = now_ms
            futures.append(await producer.send(topic, json.dumps(article).encode(),
                                               key=article["id"].encode(), timestamp_ms=now_ms))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return sent


def expected_events(articles: list[dict]) -> dict[str, int]:
    """Article id -> how many events the worker must publish for it (the pure extractor
    says; each fact is published once per reporting article)."""
    return {a["id"]: len(extract(a["text"], dt.datetime.fromisoformat(
        a["published_at"].replace("Z", "+00:00")), a["id"])) for a in articles}


async def drain(settings: Settings, topics: list[str], expected: dict[str, int],
                timeout: float):
    """Read output topics until every article has all its events (not just its first:
    a phase ends when the worker has finished it, with no backlog left behind)."""
    consumer = AIOKafkaConsumer(*topics, group_id=None, auto_offset_reset="earliest",
                                **aiokafka_config(settings))
    await consumer.start()
    seen: dict[str, list[int]] = {}
    missing = sum(expected.values())
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and missing > 0:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for r in records:
                    article = json.loads(r.value)["article_id"]
                    if article in expected:
                        seen.setdefault(article, []).append(r.timestamp)
                        missing -= 1
    finally:
        await consumer.stop()
    if missing > 0:
        print(f"warning: {missing} expected events never arrived", file=sys.stderr)
    return seen


async def run_worker_phase(settings, articles, rate=None):
    expected = expected_events(articles)
    topics = [getattr(settings, f"topic_{t}") for t in EVENT_TOPICS]
    reader = asyncio.create_task(drain(settings, topics, expected, timeout=600))
    sent = await produce(settings, settings.topic_articles, articles, rate)
    seen = await reader
    last = max(max(v) for v in seen.values()) / 1000 if seen else time.time()
    elapsed = last - min(sent.values()) / 1000
    latencies = [(t - sent[a]) / 1000 for a, stamps in seen.items() for t in stamps]
    return len(seen), elapsed, latencies


async def ceiling(settings: Settings, source: str, n: int) -> float:
    """Copy N records source -> copy topic with a plain aiokafka loop; records per second."""
    target = source + ".copy"
    consumer = AIOKafkaConsumer(source, group_id=f"ceiling-{time.time_ns()}",
                                auto_offset_reset="earliest", enable_auto_commit=False,
                                **aiokafka_config(settings))
    producer = AIOKafkaProducer(**aiokafka_config(settings), acks=-1)
    await consumer.start()
    await producer.start()
    copied = 0
    start = time.monotonic()
    try:
        while copied < n:
            batch = await consumer.getmany(timeout_ms=500)
            futures = [await producer.send(target, r.value, key=r.key)
                       for records in batch.values() for r in records]
            copied += len(futures)
            await asyncio.gather(*futures)
            if batch:
                await consumer.commit()
    finally:
        await consumer.stop()
        await producer.stop()
    return copied / (time.monotonic() - start)


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def family(pid: int) -> list[int]:
    """A process and its live descendants (the worker and its extraction children)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue
    out, todo = [], [pid]
    while todo:
        out.append(todo.pop())
        todo.extend(parents.get(out[-1], []))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (their threads included)."""
    ticks = 0
    for pid in pids:
        try:
            fields = _stat(pid)
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a process in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(name: str, count: int, elapsed: float, latencies: list[float]) -> None:
    print(f"{name:8} {count:6d} articles in {elapsed:6.2f}s = {count / elapsed:8.1f} art/s | "
          f"latency p50 {percentile(latencies, 50) * 1000:7.1f} ms  "
          f"p99 {percentile(latencies, 99) * 1000:7.1f} ms")


def main() -> int:
    """Run the three phases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--steady-seconds", type=float, default=20.0)
    parser.add_argument("--extract-processes", type=int, default=0,
                        help="the worker's SERVICE_EXTRACT_PROCESSES (0: extract inline)")
    args = parser.parse_args()

    logs = Path(tempfile.mkdtemp(prefix="war-events-bench-"))
    broker, port = embedded.start_broker(log=logs / "broker.log")
    worker = None
    try:
        settings = Settings(kafka_bootstrap_servers=f"127.0.0.1:{port}")
        asyncio.run(create_topics(settings, aiokafka_config(settings)))
        web = embedded.free_port()
        worker = embedded.start_worker(
            embedded.worker_env(settings.kafka_bootstrap_servers, web,
                                SERVICE_LOG_LEVEL="WARNING",
                                SERVICE_EXTRACT_PROCESSES=str(args.extract_processes),
                                SERVICE_DATA_DIR=str(logs / "data")),
            log=logs / "worker.log")
        embedded.wait_ready(web, 90, worker)
        print(f"broker 127.0.0.1:{port}, worker pid {worker.pid}, logs {logs}")

        warm = corpus(60, "warm")  # starts any extraction children before the clock runs
        asyncio.run(run_worker_phase(settings, warm))
        burst = corpus(args.n, "burst", start=len(warm))
        pids = family(worker.pid)
        cpu = cpu_seconds(pids)
        count, elapsed, lat = asyncio.run(run_worker_phase(settings, burst))
        cpu = cpu_seconds(pids) - cpu
        report("burst", count, elapsed, lat)
        # On a shared machine wall time depends on the neighbours; CPU time per article
        # (worker and extraction children) is the worker's own cost, and 1 / that is what
        # one free core could sustain.
        print(f"cpu      worker {cpu / count * 1000:.2f} ms CPU per article "
              f"(one free core: {count / cpu:.0f} art/s)")
        worker_rate = count / elapsed

        steady = corpus(int(args.rate * args.steady_seconds), "steady",
                        start=len(warm) + args.n)
        count, elapsed, lat = asyncio.run(run_worker_phase(settings, steady, rate=args.rate))
        report(f"@{args.rate:g}/s", count, elapsed, lat)
        rss = [peak_rss_mb(pid) for pid in pids]

        copy_rate = asyncio.run(ceiling(settings, settings.topic_articles, args.n))
        print(f"ceiling  plain aiokafka consume-and-produce copy: {copy_rate:8.1f} records/s")
        print(f"ratio    worker / ceiling = {worker_rate / copy_rate:.2f}")
        children = "".join(f" + child {r:.1f} MiB" for r in rss[1:])
        print(f"memory   worker peak RSS = {rss[0]:.1f} MiB{children}")
    finally:
        if worker is not None:
            embedded.stop(worker)
        embedded.stop(broker)
    return 0


if __name__ == "__main__":
    sys.exit(main())
