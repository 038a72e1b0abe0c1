"""Fault tolerance against the real broker: kill -9, redelivery, disorder, two workers."""

from __future__ import annotations

import json
import os
import signal
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, seed_articles

pytestmark = pytest.mark.broker
EVENT_TOPICS = ["strikes", "casualties", "territory", "deployments", "diplomacy"]


def _samples() -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((ROOT / "samples").glob("*.json"))]


def _corpus() -> list[dict]:
    """Seeds and samples, plus renamed copies so the stream is long enough to interrupt."""
    base = seed_articles() + _samples()
    copies = [{**a, "id": f"{a['id']}-copy{i}"} for i in range(6) for a in base]
    return base + copies


def _versions(records) -> set[tuple[str, str]]:
    return {(r.json()["event_id"], r.json()["article_id"]) for r in records}


def _expected(articles) -> set[tuple[str, str]]:
    import datetime as dt

    from service.extract import extract

    out = set()
    for a in articles:
        stamp = dt.datetime.fromisoformat(a["published_at"].replace("Z", "+00:00"))
        out |= {(e.event_id, a["id"]) for e in extract(a["text"], stamp, a["id"])}
    return out


def _assert_alerts_unique(alerts) -> list[dict]:
    bodies = [r.json() for r in alerts]
    by_id = Counter(b["alert_id"] for b in bodies)
    assert all(n == 1 for n in by_id.values()), f"duplicate alerts: {by_id}"
    by_record = Counter((r.key, b["value"]) for r, b in zip(alerts, bodies, strict=True))
    assert all(n == 1 for n in by_record.values())
    return bodies


def test_sigkill_mid_stream_loses_nothing_and_duplicates_no_alert(stack):
    articles = _corpus()
    expected = _expected(articles)
    proc = stack.start_worker()
    stack.send_articles(articles)
    # Kill the worker hard once part of the stream is through.
    stack.read(EVENT_TOPICS, until=lambda recs: len(recs) >= 10)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stack.start_worker()
    try:
        stack.read(EVENT_TOPICS, until=lambda recs: expected <= _versions(recs), timeout=90)
    except TimeoutError:
        pass
    missing = expected - _versions(stack.read_quiet(EVENT_TOPICS, quiet=1.0))
    assert not missing, f"{len(missing)} facts lost across the crash: {sorted(missing)[:10]}"
    alerts = stack.read_quiet(["alerts"], quiet=3.0)
    bodies = _assert_alerts_unique(alerts)
    assert bodies, "the corpus breaks records"

    # Records survived in the changelog: the same figures again do not alert.
    stack.send_articles([{**a, "id": a["id"] + "-after"} for a in seed_articles()])
    stack.read(EVENT_TOPICS, until=lambda recs: any(
        r.json()["article_id"].endswith("-after") for r in recs))
    again = stack.read_quiet(["alerts"], quiet=4.0)
    assert len(again) == len(alerts)


def test_same_articles_twice_publish_nothing_new(stack):
    stack.start_worker()
    articles = seed_articles()
    expected = _expected(articles)
    stack.send_articles(articles)
    first = stack.read(EVENT_TOPICS, until=lambda recs: expected <= _versions(recs))
    first = stack.read_quiet(EVENT_TOPICS, quiet=3.0)
    alerts = stack.read_quiet(["alerts"], quiet=1.0)
    stack.send_articles(articles)
    second = stack.read_quiet(EVENT_TOPICS, quiet=5.0)
    assert len(second) == len(first), "redelivered articles must not republish events"
    assert len(stack.read_quiet(["alerts"], quiet=1.0)) == len(alerts)


def test_older_smaller_figure_arriving_late_never_alerts(stack):
    stack.start_worker()
    newer = {"id": "late-new", "published_at": "2025-06-02T08:00:00Z",
             "text": "Russia launched a record 402 drones at Ukraine overnight, the air force "
                     "said on Monday."}
    older = {"id": "late-old", "published_at": "2025-05-20T08:00:00Z",
             "text": "Russia launched a record 310 drones at Ukraine overnight, the air force "
                     "said on Tuesday."}
    stack.send_articles([newer])
    stack.read(["alerts"], until=lambda recs: len(recs) >= 1)
    stack.send_articles([older])
    stack.read(["strikes"], until=lambda recs: any(r.json()["article_id"] == "late-old"
                                                   for r in recs))
    alerts = [r.json() for r in stack.read_quiet(["alerts"], quiet=3.0)]
    assert [a["value"] for a in alerts] == [402]


def test_two_workers_in_one_group_alert_each_record_once(stack):
    stack.start_worker(wait=False)
    stack.start_worker(wait=False)
    from service import embedded

    for proc, port in stack.workers:
        embedded.wait_ready(port, 90, proc)
    articles = seed_articles() + _samples()
    expected = _expected(articles)
    stack.send_articles(articles)
    stack.read(EVENT_TOPICS, until=lambda recs: expected <= _versions(recs), timeout=120)
    alerts = stack.read_quiet(["alerts"], quiet=4.0)
    bodies = _assert_alerts_unique(alerts)
    assert len({b["metric"] + json.dumps(b["dimensions"], sort_keys=True) for b in bodies}) \
        >= 3
    logs = "".join(Path(p).read_text() for p in stack.tmp.glob("worker-*.log"))
    assert "Traceback" not in logs
