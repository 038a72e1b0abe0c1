"""Bad input lands on the DLQ byte for byte with its reason; the worker keeps going."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.broker

GOOD = {"id": "good-1", "published_at": "2025-03-02T09:00:00Z",
        "text": "Russia launched 48 drones at Ukraine overnight, and air defences shot down "
                "31 of them, Ukraine's air force said on Sunday."}

BAD = {
    "not_json": b"{this is not json",
    "not_utf8": b'{"text": "caf\xe9 \xff\xfe"}',
    "missing_text": json.dumps({"id": "x", "title": "no body"}).encode(),
    "invalid": json.dumps({"text": "", "published_at": "yesterday-ish"}).encode(),
    "too_large": json.dumps({"text": "drones " * 20_000}).encode(),  # ~140 KB > 64 KiB limit
}


@pytest.fixture
def dlq_stack(stack):
    stack.start_worker(SERVICE_MAX_ARTICLE_BYTES=str(64 * 1024))
    return stack


@pytest.mark.parametrize("reason", sorted(BAD))
def test_bad_record_goes_to_dlq_unchanged_and_worker_survives(dlq_stack, reason):
    raw = BAD[reason]
    dlq_stack.produce([raw], key=b"k-" + reason.encode())
    dlq_stack.send_articles([GOOD])

    letters = dlq_stack.read(["dlq"], until=lambda recs: len(recs) >= 1)
    assert len(letters) == 1
    letter = letters[0]
    assert letter.value == raw, "the dead letter must be the record byte for byte"
    assert letter.key == b"k-" + reason.encode()
    assert letter.headers["dlq.reason"].decode() == reason
    assert letter.headers["dlq.source.topic"].decode() == dlq_stack.topic("articles")
    assert int(letter.headers["dlq.source.offset"]) >= 0
    assert letter.headers["dlq.detail"], "a human-readable detail accompanies the reason"

    # The good article behind it is still processed: the worker did not die on bad input.
    strikes = dlq_stack.read(["strikes"], until=lambda recs: len(recs) >= 1)
    assert json.loads(strikes[0].value)["article_id"] == "good-1"
    proc, _ = dlq_stack.workers[0]
    assert proc.poll() is None, dlq_stack.logs()[-3000:]
