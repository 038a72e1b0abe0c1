"""Workarounds for faust-streaming defects that break at-least-once delivery.

Applied once by `service.app.create_app`; each names the symptom it prevents.
"""

from __future__ import annotations

from faust.transport.consumer import Consumer
from faust.utils.functional import consecutive_numbers


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


def apply(*, fetch_max_wait_ms: int) -> None:
    """Install the fixes (idempotent)."""
    Consumer._new_offset = _new_offset
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
