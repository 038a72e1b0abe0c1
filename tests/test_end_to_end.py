"""The seeds through a real broker and worker: the topics hold what `extract` prints,
and the record alerts the contract asks for, each exactly once."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict

import pytest
from conftest import run_cli, seed_articles

from service.extract import extract

pytestmark = pytest.mark.broker
EVENT_TOPICS = ["strikes", "casualties", "territory", "deployments", "diplomacy"]
ENVELOPE_ONLY = {"sources", "mentions"}


def _offline(article: dict) -> list[dict]:
    stamp = dt.datetime.fromisoformat(article["published_at"].replace("Z", "+00:00"))
    return [e.model_dump(mode="json") for e in extract(article["text"], stamp, article["id"])]


@pytest.fixture(scope="module")
def seeded(broker, tmp_path_factory):
    """Stream the five seeds, in publication order, through one worker; read everything."""
    from conftest import Stack

    stack = Stack(broker, tmp_path_factory.mktemp("e2e"))
    stack.create_topics()
    stack.start_worker()
    arts = seed_articles()
    try:
        for article in arts:  # one at a time, as the news arrived
            stack.send_articles([article])
            want = {e["event_id"] for e in _offline(article)}
            stack.read(EVENT_TOPICS, until=lambda recs, a=article, w=want: w <= {
                r.json()["event_id"] for r in recs if r.json()["article_id"] == a["id"]})
        events = stack.read_quiet(EVENT_TOPICS, quiet=2.0)
        alerts = stack.read_quiet(["alerts"], quiet=2.0)
    finally:
        stack.stop_all()
    return arts, events, alerts, stack


def test_topics_hold_exactly_what_extract_prints(seeded):
    arts, events, _, stack = seeded
    offline = {(e["event_id"], a["id"]): e for a in arts for e in _offline(a)}
    online = {}
    for rec in events:
        body = rec.json()
        assert rec.key.decode() == body["event_id"], "records are keyed by event_id"
        online[(body["event_id"], body["article_id"])] = body
    assert set(online) == set(offline)
    for key, body in online.items():
        strip = lambda d: {k: v for k, v in d.items() if k not in ENVELOPE_ONLY}  # noqa: E731
        assert strip(body) == strip(offline[key])
    # The CLI prints the same thing as the library call.
    files = []
    for a in arts:
        files.append(stack.tmp / f"{a['id']}.json")
        files[-1].write_text(json.dumps(a))
    printed = run_cli(["extract", *map(str, files)], {}).stdout
    assert {json.loads(line)["event_id"] for line in printed.splitlines()} == \
        {k[0] for k in offline}


def test_sources_grow_when_a_second_article_reports_a_fact(seeded):
    arts, events, _, _ = seeded
    reporters = defaultdict(set)
    for a in arts:
        for e in _offline(a):
            reporters[e["event_id"]].add(a["id"])
    latest = {}
    for rec in events:
        body = rec.json()
        assert body["mentions"] == len(body["sources"]) == len(set(body["sources"]))
        if body["mentions"] >= latest.get(body["event_id"], {}).get("mentions", 0):
            latest[body["event_id"]] = body
    for event_id, body in latest.items():
        assert set(body["sources"]) == reporters[event_id]
    assert any(len(r) > 1 for r in reporters.values()), "the seeds share at least one fact"


def test_record_alerts_for_the_seeds(seeded):
    _, _, alerts, _ = seeded
    bodies = [r.json() for r in alerts]
    ids = Counter(b["alert_id"] for b in bodies)
    assert all(n == 1 for n in ids.values()), f"duplicate alerts: {ids}"

    def find(metric, value, **dims):
        return [b for b in bodies if b["metric"] == metric and abs(b["value"] - value) < 1.0
                and all(b["dimensions"].get(k) == v for k, v in dims.items())]

    drones = find("strike.launched", 145, attacker="RU", target_country="UA", weapon="drone")
    moscow = find("strike.launched", 34, attacker="UA", target_country="RU", weapon="drone")
    land = [b for b in bodies if b["metric"] == "territory.area_km2"
            and abs(b["value"] - 518) <= 6]
    deadliest = find("casualty.killed_or_wounded", 1770, party="RU")
    assert len(drones) == len(moscow) == len(land) == len(deadliest) == 1, bodies
    assert deadliest[0]["previous"]["value"] == 1740
    assert deadliest[0]["previous"]["occurred_on"] == "2024-05-13"
    assert not [b for b in bodies if b["value"] == 71], "the 71-drone attack is no record"
    monthly = [b for b in bodies if b["metric"].startswith("casualty.")
               and b["dimensions"].get("period") == "month"]
    assert not [b for b in monthly if b.get("article_id") == "seed-000"]
    for b in bodies:
        assert b["message"] and b["event_id"]


def test_records_command_prints_the_table_from_the_changelog(seeded):
    _, _, _, stack = seeded
    out = run_cli(["records"], stack.env).stdout
    lines = [line for line in out.splitlines() if line.startswith("strike.launched")]
    assert any("attacker=RU" in line and "145" in line for line in lines), out


def test_extraction_in_a_child_process_publishes_the_same_events(stack):
    stack.start_worker(SERVICE_EXTRACT_PROCESSES="1")
    arts = seed_articles()
    stack.send_articles(arts)
    offline = {(e["event_id"], a["id"]): e for a in arts for e in _offline(a)}
    events = stack.read(EVENT_TOPICS, until=lambda recs: set(offline) <= {
        (r.json()["event_id"], r.json()["article_id"]) for r in recs})
    strip = lambda d: {k: v for k, v in d.items() if k not in ENVELOPE_ONLY}  # noqa: E731
    for rec in events:
        body = rec.json()
        assert strip(body) == strip(offline[(body["event_id"], body["article_id"])])
