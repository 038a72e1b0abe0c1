"""Workarounds for faust-streaming defects that break at-least-once delivery.

Applied once by `service.app.create_app`; each names the symptom it prevents.
"""

from __future__ import annotations

import logging

from aiokafka import TopicPartition
from faust.transport.consumer import Consumer, ensure_TP
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.utils.functional import consecutive_numbers

log = logging.getLogger("service.faust_fixes")


def _new_offset(self: Consumer, tp):  # noqa: ANN001 - Faust's own signature
    """Faust's `Consumer._new_offset` with the hole check fixed.

    Upstream returns a commit offset past a hole of exactly one message (it tests
    `min(acked) - committed > 1`, and treats committed offset 0 as "none"), so a
    message dropped from a queue during a rebalance was committed unprocessed: lost.
    Here any hole before the first acked offset holds the commit back.
    """
    acked = self._acked[tp]
    if not acked:
        return None
    gaps = self._gap[tp]
    if gaps:  # offsets that do not exist (transaction markers, compaction) count as acked
        max_offset = max(acked)
        covered = sorted(gaps.overlap(0, max_offset), key=lambda iv: iv.begin)
        if covered:
            filler = [o for iv in covered for o in range(iv.begin, iv.end)]
            acked.extend(filler)
            gaps.chop(0, max(filler[-1], max_offset + 1))
    acked.sort()
    committed = self._committed_offset[tp]
    if committed is not None and acked[0] > committed:
        return None
    batch = next(consecutive_numbers(acked))
    acked[: len(batch)] = []
    self._acked_index[tp].difference_update(batch)
    return batch[-1] + 1


async def _perform_seek(self: faust_aiokafka.Consumer) -> None:
    """Faust's `perform_seek` (after every rebalance), with a start for partitions the group
    has not committed yet.

    aiokafka seeks only partitions whose committed offset is above 0, and Faust records
    no committed offset for the others. Messages fetched and then dropped during the
    rebalance were therefore skipped on such partitions, and `_new_offset` could not
    see the hole: lost. Here they go back to the log start, which then counts as
    committed, so the commit and the stall watchdog see any record not yet processed.
    """
    committed = {ensure_TP(tp): offset for tp, offset in (await self.seek_to_committed()).items()}
    # Faust resumes the streams before it seeks, so this worker may have committed already.
    fresh = [tp for tp, offset in committed.items()
             if (offset is None or offset <= 0) and not self._is_changelog_tp(tp)
             and self._committed_offset.get(tp) is None]
    if fresh:
        kafka_tps = [TopicPartition(*tp) for tp in fresh]
        await self._thread.seek_to_beginning(*kafka_tps)
        # The log start, not the position: the streams already run, so the position may
        # have moved past records fetched (and perhaps dropped) since the seek.
        starts = await self._thread.earliest_offsets(*kafka_tps)
        for tp, kafka_tp in zip(fresh, kafka_tps, strict=True):
            committed[tp] = starts.get(kafka_tp) or 0
    for tp, offset in committed.items():
        if offset is not None and offset >= 0 and offset >= (self._committed_offset.get(tp) or 0):
            self._read_offset[tp] = offset or None
            self._committed_offset[tp] = offset
    log.info("stream partitions start", extra={"starts": {
        f"{tp.topic}:{tp.partition}": self._committed_offset.get(tp) for tp in committed
        if not self._is_changelog_tp(tp)}, "fresh": len(fresh)})


async def group_offset(consumer: faust_aiokafka.Consumer, tp) -> int:  # noqa: ANN001
    """The group's committed offset of `tp` as the broker has it, or the log start if none.

    Read from the broker, not Faust's bookkeeping, so the stall watchdog does not share
    the mistakes it exists to repair.
    """
    thread = consumer._thread
    kafka_tp = TopicPartition(*tp)
    offset = await thread.call_thread(thread._ensure_consumer().committed, kafka_tp)
    if offset is None or offset < 0:
        offset = (await thread.earliest_offsets(kafka_tp)).get(kafka_tp) or 0
    return offset


def _skip_gaps_of(gapless: frozenset[str]):  # noqa: ANN202 - returns Faust's method
    """Faust's `_add_gap`, except on topics whose offsets have no gaps of their own.

    Faust takes any jump in offsets for offsets that do not exist and commits past them.
    On a topic written without transactions and never compacted every offset exists, so
    a jump means fetched messages were dropped: the commit must stay behind them.
    """
    original = getattr(Consumer._add_gap, "__wrapped__", Consumer._add_gap)

    async def _add_gap(self: Consumer, tp, offset_from: int, offset_to: int) -> None:  # noqa: ANN001
        if tp.topic not in gapless:
            await original(self, tp, offset_from, offset_to)

    _add_gap.__wrapped__ = original
    return _add_gap


def apply(*, fetch_max_wait_ms: int, gapless_topics: frozenset[str] = frozenset()) -> None:
    """Install the fixes (idempotent)."""
    Consumer._new_offset = _new_offset
    Consumer._add_gap = _skip_gaps_of(gapless_topics)
    faust_aiokafka.Consumer.perform_seek = _perform_seek
    _set_fetch_wait(fetch_max_wait_ms)


def _set_fetch_wait(ms: int) -> None:
    """Faust hard-codes a 1500 ms fetch wait. Brokers that answer a fetch only when the
    wait expires (the embedded dev broker) then add that much latency per hop."""
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    original = getattr(AIOKafkaConsumerThread._create_worker_consumer, "__wrapped__",
                       AIOKafkaConsumerThread._create_worker_consumer)

    def create(self, transport):  # noqa: ANN001, ANN202 - Faust's own signature
        consumer = original(self, transport)
        consumer._fetch_max_wait_ms = ms  # read when aiokafka builds its fetcher
        return consumer

    create.__wrapped__ = original
    AIOKafkaConsumerThread._create_worker_consumer = create
