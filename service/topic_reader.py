"""Read records from topics from the beginning, without joining a consumer group."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator

from service.kafka_config import aiokafka_config
from service.settings import Settings

Record = tuple[str, bytes | None, bytes | None]


async def iter_topics(
    settings: Settings, topics: list[str], *, idle_timeout: float = 2.0, follow: bool = False
) -> AsyncIterator[Record]:
    """Yield (topic, key, value) from the earliest offset; stop after `idle_timeout` quiet
    seconds unless following."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(*topics, group_id=None, auto_offset_reset="earliest",
                                enable_auto_commit=False, **aiokafka_config(settings))
    await consumer.start()
    try:
        quiet_since = time.monotonic()
        while follow or time.monotonic() - quiet_since < idle_timeout:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for record in records:
                    yield record.topic, record.key, record.value
            if batch:
                quiet_since = time.monotonic()
    finally:
        await consumer.stop()


def read_topics(
    settings: Settings, topics: list[str], *, idle_timeout: float = 2.0, follow: bool = False
) -> Iterator[Record]:
    """Synchronous form of `iter_topics` for the command line."""
    loop = asyncio.new_event_loop()
    records = iter_topics(settings, topics, idle_timeout=idle_timeout, follow=follow)
    try:
        while True:
            try:
                yield loop.run_until_complete(records.__anext__())
            except StopAsyncIteration:
                return
    finally:
        loop.run_until_complete(records.aclose())
        loop.close()


async def collect(
    settings: Settings, topics: list[str], *, done: Callable[[list], bool] | None = None,
    quiet: float = 2.0, timeout: float = 60.0,
) -> list:
    """Read aiokafka ConsumerRecords from the start until `done(records)` holds and then
    `quiet` seconds pass without news (without `done`: just the quiet period), or `timeout`."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(*topics, group_id=None, auto_offset_reset="earliest",
                                enable_auto_commit=False, max_partition_fetch_bytes=4 << 20,
                                **aiokafka_config(settings))
    await consumer.start()
    out: list = []
    try:
        deadline = time.monotonic() + timeout
        last_news = time.monotonic()
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                out.extend(records)
            if batch:
                last_news = time.monotonic()
            if (done is None or done(out)) and time.monotonic() - last_news >= quiet:
                break
        return out
    finally:
        await consumer.stop()


async def read_to_end(settings: Settings, topic: str) -> list:
    """Every record on a topic up to its end offsets at call time (all partitions)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(group_id=None, enable_auto_commit=False,
                                **aiokafka_config(settings))
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic)
        if partitions is None:
            await consumer._client.force_metadata_update()  # noqa: SLF001 - fresh metadata
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        out: list = []
        pending = set(tps)
        while pending:
            for records in (await consumer.getmany(*pending, timeout_ms=500)).values():
                out.extend(records)
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        return out
    finally:
        await consumer.stop()
