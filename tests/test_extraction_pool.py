"""Extraction in child processes: the same results as inline, and a dead child loses nothing."""

from __future__ import annotations

import asyncio
import json
import os
import signal

from conftest import seed_articles

from service.extraction_pool import ExtractionPool
from service.pipeline import process_batch

ARGS = {"max_bytes": 1 << 20, "partitions": 4}


def _records() -> list[tuple[bytes | None, float]]:
    good = [(json.dumps(a).encode(), 1_735_000_000.0 + i) for i, a in enumerate(seed_articles())]
    return [*good, (b"not json", 1_735_000_100.0), (None, 1_735_000_200.0)]


def _plain(routed) -> list[tuple[str, dict[int, bytes], str]]:
    return [(r.label, r.slices, r.detail) for r in routed]


def test_children_give_what_inline_extraction_gives():
    records = _records()
    inline = process_batch(records, **ARGS)
    assert [r.label for r in inline][-2:] == ["not_json", "empty"]
    pool = ExtractionPool(2, **ARGS)
    try:
        routed = asyncio.run(pool.run(records))
    finally:
        pool.close()
    assert _plain(routed) == _plain(inline)


def test_a_killed_child_is_replaced_and_the_batch_still_processed():
    records = _records()
    expected = _plain(process_batch(records, **ARGS))
    pool = ExtractionPool(1, **ARGS)

    async def scenario():
        assert _plain(await pool.run(records)) == expected  # starts the child
        killed = set(pool._executor._processes)
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        after_kill = await pool.run(records)
        again = await pool.run(records)
        assert killed.isdisjoint(pool._executor._processes), "a fresh child does the work"
        return after_kill, again

    try:
        after_kill, again = asyncio.run(scenario())
    finally:
        pool.close()
    assert _plain(after_kill) == expected
    assert _plain(again) == expected


def test_zero_processes_extracts_inline():
    pool = ExtractionPool(0, **ARGS)
    assert _plain(asyncio.run(pool.run(_records()))) == _plain(process_batch(_records(), **ARGS))
    assert pool._executor is None
