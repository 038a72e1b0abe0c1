"""A record baseline seeded into a running worker: it holds back smaller figures, fills
`previous` of the alert that beats it, and seeding again on restart changes nothing."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.broker

NIGHT = {"attacker": "RU", "target_country": "UA", "weapon": "drone", "period": "single",
         "target": "all"}
SMALLER = {
    "id": "baseline-smaller", "published_at": "2024-12-28T08:00:00Z",
    "text": "KYIV, Dec 28 - Russia launched 300 attack drones at Ukraine overnight in what "
            "officials in Kyiv called the largest drone attack of the war, Ukraine's air "
            "force said on Saturday. Air defences shot down 250 of them.",
}
LARGER = {
    "id": "baseline-larger", "published_at": "2025-01-09T08:00:00Z",
    "text": "KYIV, Jan 9 - Russia sent 620 drones against Ukrainian cities overnight, "
            "Ukraine's air force said on Thursday. It said 540 were destroyed.",
}


def _records(port: int) -> list[dict]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/records", timeout=5) as response:
        return json.loads(response.read())["records"]


def _night_launched(port: int) -> list[dict]:
    return [r for r in _records(port)
            if r["metric"] == "strike.launched" and r["dimensions"] == NIGHT]


def test_baseline_seeds_the_record_table_once_and_shapes_alerts(stack, tmp_path):
    baseline = tmp_path / "baseline.jsonl"
    baseline.write_text(json.dumps({
        "metric": "strike.launched", "dimensions": NIGHT, "value": 500,
        "occurred_on": "2024-11-30", "event_id": None}) + "\n")

    stack.start_worker(SERVICE_RECORDS_BASELINE=str(baseline))
    port = stack.workers[-1][1]
    stack.send_articles([SMALLER])
    stack.read(["strikes"], until=lambda recs: len(recs) >= 1)
    seeded = _night_launched(port)
    assert [r["value"] for r in seeded] == [500], seeded
    # 300 is claimed as a record by the text, but the baseline's 500 stands.
    assert stack.read_quiet(["alerts"], quiet=2.0) == []

    stack.send_articles([LARGER])
    stack.read(["alerts"], until=lambda recs: any(
        r.json()["metric"] == "strike.launched" for r in recs))
    alerts = stack.read_quiet(["alerts"], quiet=2.0)
    [body] = [r.json() for r in alerts if r.json()["metric"] == "strike.launched"]
    assert body["value"] == 620
    assert body["previous"]["value"] == 500
    assert body["previous"]["occurred_on"] == "2024-11-30"

    # A restart seeds the same file again: the stored 620 is kept and nothing re-alerts.
    stack.stop_all()
    stack.start_worker(SERVICE_RECORDS_BASELINE=str(baseline))
    port = stack.workers[-1][1]
    stack.send_articles([{**SMALLER, "id": "baseline-smaller-again"}])
    stack.read(["strikes"], until=lambda recs: any(
        r.json()["article_id"] == "baseline-smaller-again" for r in recs))
    assert [r["value"] for r in _night_launched(port)] == [620]
    assert len(stack.read_quiet(["alerts"], quiet=2.0)) == len(alerts)
