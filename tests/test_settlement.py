"""Unit tests for service.settlement: replays after a crash publish what was lost, and
second deliveries publish nothing, whatever subset of writes reached the broker."""

from __future__ import annotations

import datetime as dt
import random

from service.events import Evidence, RecordClaim, StrikeEvent
from service.records import Observation, RecordState, observations
from service.settlement import seed_record, settle_fact, settle_observation


def obs(value: float, article: str) -> Observation:
    """The launched-drones observation of a claimed record night."""
    event = StrikeEvent(event_id=f"e-{value:g}", article_id=article,
                        evidence=Evidence(sentence="s", start=0, end=1), attacker="RU",
                        target_country="UA", weapon="drone", launched=value,
                        occurred_on=dt.date(2025, 6, 1), record=RecordClaim())
    [only] = observations(event)
    return only


KEY = obs(1, "a0").key


# --- facts ----------------------------------------------------------------------------------


def test_new_article_grows_sources_and_records_its_origin():
    sources, entry = settle_fact(None, "a1", "0:5:0")
    assert sources == ["a1"] and entry == {"sources": ["a1"], "origins": ["0:5:0"]}
    sources, entry = settle_fact(entry, "a2", "0:5:1")
    assert sources == ["a1", "a2"] and entry["origins"] == ["0:5:0", "0:5:1"]


def test_second_delivery_of_an_article_publishes_nothing():
    _, entry = settle_fact(None, "a1", "0:5:0")
    assert settle_fact(entry, "a1", "0:9:3") == (None, None)


def test_replay_of_an_earlier_slice_republishes_its_own_version():
    _, entry = settle_fact(None, "a1", "0:5:0")
    _, entry = settle_fact(entry, "a2", "0:5:1")
    _, entry = settle_fact(entry, "a3", "1:2:0")
    # All three writes landed, the outputs did not: each replay gets its original version.
    assert settle_fact(entry, "a1", "0:5:0") == (["a1"], None)
    assert settle_fact(entry, "a2", "0:5:1") == (["a1", "a2"], None)
    assert settle_fact(entry, "a3", "1:2:0") == (["a1", "a2", "a3"], None)


def test_fact_entry_without_origins_still_knows_its_last_writer():
    old = {"sources": ["a1", "a2"], "by": "0:5:1"}
    assert settle_fact(old, "a2", "0:5:1") == (["a1", "a2"], None)
    assert settle_fact(old, "a1", "0:5:0") == (None, None)


# --- observations ---------------------------------------------------------------------------


def test_observation_that_alerts_keeps_the_alert_under_its_coordinates():
    alert, entry = settle_observation(None, obs(145, "a1"), "0:1:0")
    assert alert is not None and alert.value == 145
    assert entry["alerts"] == {"0:1:0": alert.model_dump(mode="json")}
    assert entry["state"]["value"] == 145


def test_replay_of_a_superseded_alert_returns_it_again():
    first, entry = settle_observation(None, obs(145, "a1"), "0:1:0")
    second, entry = settle_observation(entry, obs(160, "a2"), "0:1:1")
    assert second.previous.value == 145
    assert settle_observation(entry, obs(145, "a1"), "0:1:0") == (first, None)
    assert settle_observation(entry, obs(160, "a2"), "0:1:1") == (second, None)
    # The same figure from another record is no news.
    assert settle_observation(entry, obs(160, "a3"), "0:2:0") == (None, None)


def test_observation_entry_in_the_old_shape_replays_its_alert():
    alert, entry = settle_observation(None, obs(145, "a1"), "0:1:0")
    old = {"state": entry["state"], "by": "0:1:0", "alert": entry["alerts"]["0:1:0"]}
    assert settle_observation(old, obs(145, "a1"), "0:1:0") == (alert, None)


def test_seed_record_keeps_alerts_and_is_idempotent():
    _, entry = settle_observation(None, obs(145, "a1"), "0:1:0")
    known = RecordState.model_validate({**entry["state"], "value": 300, "event_id": "base"})
    seeded = seed_record(entry, known)
    assert seeded["state"]["value"] == 300 and seeded["alerts"] == entry["alerts"]
    assert seed_record(seeded, known) is None


# --- crashes --------------------------------------------------------------------------------

# Work records in flight at a crash; every article reports the same fact and metric, so
# every write lands on one key: the worst case for per-key bookkeeping.
RECORDS = [
    [("a1", 145.0), ("a2", 120.0), ("a3", 160.0)],  # one record, three articles
    [("a4", 170.0), ("a2", 120.0), ("a5", 170.0)],  # a second delivery of a2 among them
    [("a6", 180.0)],
]


def _run(records, facts, table):
    """Settle work records as the agent does; returns outputs and the writes per key."""
    versions, alerts, fact_writes, record_writes = [], [], [], []
    for offset, record in enumerate(records):
        for index, (article, value) in enumerate(record):
            coords = f"0:{offset}:{index}"
            sources, entry = settle_fact(facts.get("f"), article, coords)
            if sources is not None:
                versions.append((article, tuple(sources)))
            if entry is not None:
                facts["f"] = entry
                fact_writes.append(entry)
            alert, entry = settle_observation(table.get(KEY), obs(value, article), coords)
            if alert is not None:
                alerts.append(alert.alert_id)
            if entry is not None:
                table[KEY] = entry
                record_writes.append(entry)
    return versions, alerts, fact_writes, record_writes


def test_any_crash_then_replay_loses_no_version_and_no_alert():
    for seed in range(300):
        _crash_and_replay(random.Random(seed))


def _crash_and_replay(rng: random.Random) -> None:
    """One crash: a random part of the clean run's output and table writes survives."""
    versions, alerts, fact_writes, record_writes = _run(RECORDS, {}, {})
    # What reached the broker before the kill: any subset of the outputs, and for each
    # table key a prefix of its writes (one key's changelog stays in order).
    kept_versions = [v for v in versions if rng.random() < 0.5]
    ledger = {a for a in alerts if rng.random() < 0.5}
    facts, table = {}, {}
    if n := rng.randrange(len(fact_writes) + 1):
        facts["f"] = fact_writes[n - 1]
    if n := rng.randrange(len(record_writes) + 1):
        table[KEY] = record_writes[n - 1]
    replayed, realerted, _, _ = _run(RECORDS, facts, table)
    case = f"kept {kept_versions}, ledger {sorted(ledger)}, tables {facts} {table}"
    assert set(versions) <= set(kept_versions) | set(replayed), case
    assert set(alerts) <= ledger | set(realerted), case
    # Nothing new was invented: replays repeat versions and alerts of the clean run, or
    # (when a table write was lost) the same article with more sources.
    first = {article: sources for article, sources in versions}
    for article, sources in replayed:
        assert sources[: len(first[article])] == first[article], case
    assert set(realerted) <= set(alerts), case


def test_clean_run_publishes_one_version_per_article_and_one_alert_per_new_record():
    versions, alerts, _, _ = _run(RECORDS, {}, {})
    assert [a for a, _ in versions] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert len(alerts) == 4  # 145, 160, 170, 180; 120 and the second 170 are no records
