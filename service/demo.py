"""`make demo`: embedded broker + worker, the sample articles in, events and alerts out."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from service import embedded
from service.article_files import read_articles
from service.extract import extract
from service.kafka_config import aiokafka_config
from service.publish import publish_articles
from service.render import render
from service.settings import Settings
from service.topic_reader import collect
from service.topics import create_topics


def _say(text: str) -> None:
    print(text, flush=True)


def run_demo(samples: Path) -> int:
    """Run the whole demo; stop every process it started; 0 when events and an alert showed."""
    files = sorted(samples.glob("*.json"))
    articles = [a for f in files for a in read_articles(f, published_at=None, max_bytes=1 << 20)]
    articles.sort(key=lambda a: a.published_at)
    expected = {(e.event_id, a.article_id) for a in articles
                for e in extract(a.text, a.published_at, a.article_id)}
    logs = Path(tempfile.mkdtemp(prefix="war-events-demo-"))
    started = time.monotonic()
    broker, port = embedded.start_broker(log=logs / "broker.log")
    worker = None
    try:
        settings = Settings(kafka_bootstrap_servers=f"127.0.0.1:{port}")
        _say(f"embedded broker on 127.0.0.1:{port} (logs in {logs})")
        asyncio.run(create_topics(settings, aiokafka_config(settings)))
        web = embedded.free_port()
        worker = embedded.start_worker(
            embedded.worker_env(settings.kafka_bootstrap_servers, web,
                                SERVICE_DATA_DIR=str(logs / "data")),
            log=logs / "worker.log")
        waited = embedded.wait_ready(web, 90, worker)
        _say(f"worker ready in {waited:.1f}s (metrics: http://127.0.0.1:{web}/metrics)")
        asyncio.run(publish_articles(settings, articles))
        _say(f"sent {len(articles)} sample articles from {samples}/ in publication order\n")
        events, alerts = asyncio.run(_collect(settings, expected))
    finally:
        if worker is not None:
            embedded.stop(worker)
        embedded.stop(broker)
    for topic in settings.event_topics().values():
        rows = [e for e in events if e[0] == topic]
        if rows:
            _say(f"== {topic} ({len(rows)})")
            for _, value in rows:
                _say("  " + render(topic, value))
    _say(f"== {settings.topic_alerts} ({len(alerts)})")
    for value in alerts:
        _say("  " + render(settings.topic_alerts, value))
    seen = {(v["event_id"], v["article_id"]) for _, v in events}
    _say(f"\n{len(seen)}/{len(expected)} expected event versions and {len(alerts)} alert(s) "
         f"read back in {time.monotonic() - started:.1f}s; broker and worker stopped.")
    if not expected <= seen or not alerts:
        _say("demo FAILED: missing events or no alert (see the worker log above)")
        return 1
    return 0


async def _collect(settings: Settings, expected: set):
    """Read the output topics until every expected event arrived and alerts went quiet."""
    topics = [*settings.event_topics().values(), settings.topic_alerts]

    def arrived(records) -> bool:
        seen = {(v["event_id"], v["article_id"]) for r in records
                if r.topic != settings.topic_alerts for v in [json.loads(r.value)]}
        return expected <= seen

    records = await collect(settings, topics, done=arrived, quiet=2.0, timeout=60.0)
    events = [(r.topic, json.loads(r.value)) for r in records if r.topic != settings.topic_alerts]
    alerts = [json.loads(r.value) for r in records if r.topic == settings.topic_alerts]
    return events, alerts


def main() -> int:
    """Entry point for `python -m service.demo [SAMPLES_DIR]`."""
    samples = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("samples")
    return run_demo(samples)


if __name__ == "__main__":
    sys.exit(main())
