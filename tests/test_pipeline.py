"""The pure per-record pipeline: outcomes for good, bad and crashing input."""

from __future__ import annotations

import datetime as dt
import json

import service.pipeline as pipeline
from service.pipeline import encode_slice, pack, process_record

STAMP = dt.datetime(2025, 3, 2, 9, tzinfo=dt.UTC)
GOOD = json.dumps({"id": "p1", "published_at": "2025-03-02T09:00:00Z",
                   "text": "Russia launched a record 512 drones at Ukraine overnight, "
                           "Ukraine's air force said on Sunday."}).encode()


def test_good_record_yields_events_and_observations():
    outcome = process_record(GOOD, record_timestamp=STAMP, max_bytes=1 << 20)
    assert outcome.label == "ok"
    assert outcome.article.article_id == "p1"
    assert outcome.events, "the extractor found nothing in a plain strike report"
    assert all(e.article_id == "p1" and e.sources == ["p1"] for e in outcome.events)
    keys = [o.key for o in outcome.observations]
    assert len(keys) == len(set(keys)), "one observation per metric per article"


def test_bad_record_is_a_dead_letter_not_an_exception():
    outcome = process_record(b"\x00\x01", record_timestamp=STAMP, max_bytes=1 << 20)
    assert outcome.label == "not_json"
    assert outcome.events == []


def test_extractor_crash_becomes_an_error_dead_letter(monkeypatch):
    def boom(*_args):
        raise ValueError("bug in a rule")

    monkeypatch.setattr(pipeline, "extract", boom)
    outcome = process_record(GOOD, record_timestamp=STAMP, max_bytes=1 << 20)
    assert outcome.label == "error"
    assert "bug in a rule" in outcome.dead_letter.detail


def test_pack_joins_slices_in_order_and_keeps_messages_under_the_limit():
    slices = [encode_slice({"facts": [], "observations": [], "record_ts": i, "pad": "x" * 90})
              for i in range(50)]
    messages = list(pack(slices, max_bytes=1000))
    assert len(messages) > 1
    assert all(len(m) <= 1000 for m in messages)
    unpacked = [piece for m in messages for piece in json.loads(m)["articles"]]
    assert [piece["record_ts"] for piece in unpacked] == list(range(50))


def test_pack_sends_an_oversized_slice_alone_and_nothing_for_no_slices():
    big = encode_slice({"facts": [], "observations": [], "record_ts": 0, "pad": "y" * 5000})
    small = encode_slice({"facts": [], "observations": [], "record_ts": 1})
    messages = list(pack([small, big, small], max_bytes=1000))
    assert [len(json.loads(m)["articles"]) for m in messages] == [1, 1, 1]
    assert list(pack([], max_bytes=1000)) == []
