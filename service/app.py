"""The Faust worker: agents wire topics, tables and the pure core together.

articles --ingest (validate, extract)--> <app>-work --settle--> events.* (+ sources), alerts
bad records --------------------------> articles.dlq (byte for byte, reason in headers)

`<app>-work` is the repartition: every fact (by event_id) and every metric (by its key)
has one owning partition (`pipeline.owner`). Articles are taken in batches, and the
batch's facts and observations go out as one message per owning partition (Faust's cost
is per message). The `facts` and `records` tables are sharded the
same way, so they agree however many workers run and whatever partition an article
came from.

Delivery is at-least-once without transactions. A table write and the output it
records can reach the broker in either order, so both tables remember, for each source
and each alert, which article slice of which work record (`partition:offset:index`)
brought it (`settlement`): a replay of that record publishes the same version again (an
alert only if the `alerts` topic does not hold it yet), while a second delivery of the
same article is a different record and publishes nothing.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import signal
import socket
import time
from dataclasses import dataclass, field

import faust
from aiokafka.errors import KafkaError
from faust.types import TP

from service import faust_fixes
from service.extraction_pool import ExtractionPool
from service.health import install_health_routes
from service.kafka_config import faust_credentials
from service.metrics import Metrics, PrometheusSensor
from service.pipeline import owner, pack
from service.records import Observation, RecordState, load_baseline
from service.settings import Settings
from service.settlement import seed_record, settle_fact, settle_observation
from service.topic_reader import read_to_end

log = logging.getLogger("service.worker")
# Work messages stay well under the 1 MiB a Kafka broker accepts by default.
WORK_MESSAGE_BYTES = 512 * 1024


@dataclass
class WorkerState:
    """Per-process bookkeeping: progress per partition, the alert ledger."""

    last_offsets: dict[TP, int] = field(default_factory=dict)
    last_activity: dict[str, float] = field(default_factory=dict)
    published_alerts: set[str] | None = None  # None: (re)load from the alerts topic
    next_work: dict[TP, int] = field(default_factory=dict)  # per assignment
    assigned_at: float = field(default_factory=time.monotonic)
    rewinds: dict[TP, int] = field(default_factory=dict)
    stalls: dict[TP, tuple[int, int]] = field(default_factory=dict)  # offset, re-reads

    def busy(self, topic: str) -> None:
        """Record that an agent is working on a message of `topic` (it is not stalled)."""
        self.last_activity[topic] = time.monotonic()

    def processed(self, tp: TP, offset: int) -> None:
        """Record that an agent finished the message at `offset` of `tp`."""
        self.last_offsets[tp] = offset
        self.busy(tp.topic)

    def idle_for(self, topic: str) -> float:
        """Seconds since an agent last worked on `topic` or partitions were assigned."""
        return time.monotonic() - self.last_activity.get(topic, self.assigned_at)

    def hole_before(self, tp: TP, offset: int) -> int | None:
        """The first work offset skipped before `offset`, or None when it is next in line.

        The work topic is written without transactions and never compacted, so its
        offsets have no gaps: a jump means Faust dropped fetched records (it does
        during rebalances). Earlier offsets (a re-read) are always in line.
        """
        expected = self.next_work.get(tp)
        if expected is not None and offset > expected:
            return expected
        self.next_work[tp] = offset + 1
        self.rewinds.pop(tp, None)
        return None

    def rewind_once(self, tp: TP, hole: int) -> bool:
        """True the first time a hole is seen: re-read it then, skip until it arrives."""
        first = self.rewinds.get(tp) != hole
        self.rewinds[tp] = hole
        return first

    def stall_due(self, tp: TP, committed: int, idle: float, timeout: float) -> bool:
        """Whether to re-read `tp` from `committed` now (its agent `idle` s, records after it).

        After `timeout` idle, then after twice as long each time the same offset stalls
        again: a transaction marker at a partition's end looks like a stall for ever.
        """
        offset, times = self.stalls.get(tp, (committed, 0))
        times = times if offset == committed else 0
        if idle < timeout * 2 ** min(times, 6):
            return False
        self.stalls[tp] = (committed, times + 1)
        return True

    def new_assignment(self) -> None:
        """Partitions moved: offsets seen before say nothing, and the ledger may be stale."""
        self.next_work.clear()
        self.rewinds.clear()
        self.stalls.clear()
        self.assigned_at = time.monotonic()
        self.published_alerts = None


async def reread_stalled(consumer: faust.types.ConsumerT, state: WorkerState,
                         stall_timeout: float, topics: tuple[str, ...]) -> None:
    """Re-read partitions holding messages that never reached an idle agent.

    Faust can drop messages it already fetched when a rebalance clears its queues; its
    commit then stays behind the hole (see `faust_fixes`) and nothing moves. An agent
    idle for the stall timeout while its partition's committed offset (as the broker has
    it) is behind the consumer position, or behind the partition's end, has such a hole:
    seek back and read it again (a re-read publishes nothing new), less and less often
    while the same offset stays stuck.
    """
    # Taken before any seek: a re-read makes the agent busy, and every stalled partition
    # of the topic is due now, not one per timeout.
    idle = {topic: state.idle_for(topic) for topic in topics}
    for tp in consumer.assignment():
        if idle.get(tp.topic, 0.0) < stall_timeout:
            continue
        try:
            committed = await asyncio.wait_for(faust_fixes.group_offset(consumer, tp), 10)
        except (TimeoutError, KafkaError) as exc:  # a rebalance; next round
            log.info("stall check skipped", extra={"topic": tp.topic, "error": repr(exc)})
            continue
        position = await consumer.position(tp)
        if max(position or 0, consumer.highwater(tp) or 0) <= committed:
            continue  # nothing unprocessed
        if state.stall_due(tp, committed, idle[tp.topic], stall_timeout):
            log.warning("stalled partition: re-reading", extra={
                "topic": tp.topic, "partition": tp.partition, "offset": committed,
                "position": position})
            await consumer.seek_wait({tp: committed})  # in the consumer's own thread


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def create_app(settings: Settings) -> faust.App:
    """Build the Faust app with its topics, tables, agents and HTTP routes."""
    work_topic = f"{settings.service_app_id}-work"
    faust_fixes.apply(fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
                      gapless_topics=frozenset({work_topic}))
    timeout = settings.service_rebalance_timeout_s
    app = faust.App(
        settings.service_app_id,
        broker=[f"kafka://{h.strip()}" for h in settings.kafka_bootstrap_servers.split(",")],
        broker_credentials=faust_credentials(settings),
        store="memory://",  # tables are rebuilt from their changelogs on start
        datadir=settings.service_data_dir,
        web_port=settings.service_web_port,
        web_bind=settings.service_web_host,
        # The advertised host must be routable, never the wildcard bind address.
        web_host=socket.gethostname() if settings.service_web_host == "0.0.0.0"
        else settings.service_web_host,
        topic_partitions=settings.internal_partitions,
        topic_replication_factor=settings.topic_replication_factor,
        broker_rebalance_timeout=timeout,
        broker_session_timeout=min(timeout, 60.0),
        broker_heartbeat_interval=max(min(timeout / 6, 3.0), 0.5),
        consumer_auto_offset_reset="earliest",
        consumer_group_instance_id=settings.service_instance_id,
        producer_acks=-1,
        # Oversized articles must still fit through to the DLQ.
        producer_max_request_size=max(4 << 20, 2 * settings.service_max_article_bytes),
        producer_linger=settings.kafka_producer_linger_ms / 1000,
        stream_wait_empty=False,
        web_in_thread=False,
    )
    metrics = Metrics()
    app.sensors.add(PrometheusSensor(metrics))
    state = WorkerState()

    raw = {"key_serializer": "raw", "value_serializer": "raw"}
    articles = app.topic(settings.topic_articles, **raw)
    dlq = app.topic(settings.topic_dlq, **raw)
    outputs = {kind: app.topic(name, **raw) for kind, name in settings.event_topics().items()}
    alerts = app.topic(settings.topic_alerts, **raw)
    partitions = settings.internal_partitions
    work = app.topic(work_topic, internal=True, partitions=partitions, **raw)
    facts = app.Table("facts", default=None, partitions=partitions)
    records = app.Table("records", default=None, partitions=partitions)
    extraction = ExtractionPool(settings.service_extract_processes,
                                max_bytes=settings.service_max_article_bytes,
                                partitions=partitions)
    baseline = load_baseline(settings.service_records_baseline) \
        if settings.service_records_baseline else []

    @app.agent(articles)
    async def ingest(stream: faust.StreamT) -> None:
        """Validate each article, extract its events, fan them out by fact and metric."""
        async for batch in stream.take_events(settings.service_batch_max,
                                              within=settings.service_batch_wait_ms / 1000):
            messages = [event.message for event in batch]
            state.busy(settings.topic_articles)
            routed = await extraction.run([(m.value, m.timestamp) for m in messages])
            slices: dict[int, list[bytes]] = {}
            for message, result in zip(messages, routed, strict=True):
                metrics.extraction.observe(result.seconds)
                metrics.articles.labels(result.label).inc()
                if result.label != "ok":
                    await dead_letter(message, result.label, result.detail)
                for partition, piece in result.slices.items():
                    slices.setdefault(partition, []).append(piece)
                state.processed(message.tp, message.offset)
            # Faust acks the batch only after this body, so a crash re-reads it whole.
            for partition, pieces in slices.items():
                for value in pack(pieces, WORK_MESSAGE_BYTES):
                    await work.send(value=value, partition=partition)

    async def dead_letter(message: faust.types.Message, reason: str, detail: str) -> None:
        """The record, byte for byte, with the reason and its origin in headers."""
        await dlq.send(key=message.key, value=message.value, headers=[
            ("dlq.reason", reason.encode()),
            ("dlq.detail", detail[:1000].encode()),
            ("dlq.source.topic", message.topic.encode()),
            ("dlq.source.partition", str(message.partition).encode()),
            ("dlq.source.offset", str(message.offset).encode()),
        ])
        log.warning("dead letter", extra={
            "reason": reason, "detail": detail[:300], "topic": message.topic,
            "partition": message.partition, "offset": message.offset})

    @app.agent(work)
    async def settle(stream: faust.StreamT) -> None:
        """Corroborate facts and weigh observations owned by this partition."""
        async for event in stream.events():
            message = event.message
            hole = state.hole_before(message.tp, message.offset)
            if hole is not None:
                # Skipped records would be lost at the next commit: re-read from the hole,
                # and leave this record for then.
                if state.rewind_once(message.tp, hole):
                    log.warning("work records skipped: re-reading", extra={
                        "topic": message.topic, "partition": message.partition,
                        "offset": hole, "seen": message.offset})
                    await app.consumer.seek_wait({message.tp: hole})
                continue
            state.busy(message.topic)
            item = json.loads(message.value)
            for known in item.get("baseline", ()):
                seed(RecordState.model_validate(known))
            for index, piece in enumerate(item.get("articles", ())):
                # Where this article's slice sits: a replay of the same message has it.
                coords = f"{message.partition}:{message.offset}:{index}"
                for fact in piece["facts"]:
                    await corroborate(fact, piece["record_ts"], coords)
                for obs in piece["observations"]:
                    await keep_record(Observation.model_validate(obs), coords)
            state.processed(message.tp, message.offset)

    async def corroborate(fact: dict, record_ts: float, coords: str) -> None:
        """Publish a fact once per reporting article, with its grown `sources`."""
        event_id = fact["event_id"]
        sources, entry = settle_fact(facts.get(event_id), fact["article_id"], coords)
        if sources is None:
            return
        fact["sources"], fact["mentions"] = sources, len(sources)
        await outputs[fact["type"]].send(key=event_id.encode(), value=_json(fact))
        if entry is not None:
            facts[event_id] = entry
        metrics.events.labels(fact["type"]).inc()
        metrics.latency.observe(max(time.time() - record_ts, 0.0))

    async def keep_record(obs: Observation, coords: str) -> None:
        """Weigh a metric's figure against its stored record; alert when it breaks."""
        alert, entry = settle_observation(records.get(obs.key), obs, coords)
        if alert is not None and not await alert_published(alert.alert_id):
            await alerts.send(key=obs.key.encode(), value=_json(alert.model_dump(mode="json")))
            state.published_alerts.add(alert.alert_id)
            metrics.alerts.labels(alert.metric).inc()
            log.info("alert", extra={"alert_id": alert.alert_id, "metric": alert.metric,
                                     "value": alert.value, "event_id": alert.event_id,
                                     "alert_message": alert.message})
        if entry is not None:
            records[obs.key] = entry

    async def alert_published(alert_id: str) -> bool:
        """Whether the `alerts` topic already holds this alert (read once per assignment)."""
        if state.published_alerts is None:
            found = await read_to_end(settings, settings.topic_alerts)
            state.published_alerts = {json.loads(r.value)["alert_id"] for r in found if r.value}
        return alert_id in state.published_alerts

    def seed(known: RecordState) -> None:
        """Merge a baseline record into the table (idempotent)."""
        entry = seed_record(records.get(known.key), known)
        if entry is not None:
            records[known.key] = entry

    @app.on_before_shutdown.connect
    async def stop_extraction(app: faust.App, **kwargs: object) -> None:
        """The extraction children go with the worker."""
        extraction.close()

    @app.on_partitions_assigned.connect
    async def on_assignment(app: faust.App, *args: object, **kwargs: object) -> None:
        """Forget per-partition progress; another worker may have alerted meanwhile."""
        state.new_assignment()

    @app.task
    async def seed_baseline() -> None:
        """Route each known record to the partition that owns its metric (idempotent)."""
        for known in baseline:
            await work.send(key=known.key.encode(), partition=owner(known.key, partitions),
                            value=_json({"baseline": [known.model_dump(mode="json")]}))

    @app.timer(interval=5.0)
    async def refresh_gauges() -> None:
        """Consumer lag per partition and table sizes."""
        consumer = app.consumer
        for tp in consumer.assignment():
            if tp.topic != settings.topic_articles:
                continue
            high = consumer.highwater(tp)
            if high is not None:
                done = state.last_offsets.get(tp, -1) + 1
                metrics.lag.labels(tp.topic, str(tp.partition)).set(max(high - done, 0))
        metrics.table_entries.labels("facts").set(len(facts))
        metrics.table_entries.labels("records").set(len(records))

    @app.timer(interval=max(settings.service_stall_timeout_s / 3, 1.0))
    async def unstall() -> None:
        """Re-read stalled partitions of the articles and work topics."""
        await reread_stalled(app.consumer, state, settings.service_stall_timeout_s,
                             (articles.get_topic_name(), work.get_topic_name()))

    @app.task
    async def dump_tasks_on_sigusr1() -> None:
        """`kill -USR1 <pid>` logs the stack of every asyncio task (for stuck workers)."""

        def dump() -> None:
            out = io.StringIO()
            for task in asyncio.all_tasks():
                task.print_stack(limit=12, file=out)
            log.warning("asyncio task dump", extra={"tasks": out.getvalue()})

        asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, dump)

    install_health_routes(app, metrics, records)
    app.metrics = metrics  # the HTTP routes and tests read it
    return app
