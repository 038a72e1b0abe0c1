r"""The Faust worker: agents wire topics, tables and the pure core together.

articles --(validate, extract)--> <app>-facts (keyed by event_id) --> events.* (+ sources)
                               \-> <app>-observations (keyed by metric) --> alerts
bad records ------------------> articles.dlq (byte for byte, reason in headers)

Both internal topics are repartitions: one partition owns each fact and each
metric, so the `facts` and `records` tables agree however many workers run.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import socket
import time
from dataclasses import dataclass, field

import faust
from faust.types import TP

from service.events import Alert
from service.health import install_health_routes
from service.kafka_config import faust_credentials
from service.metrics import Metrics, PrometheusSensor
from service.pipeline import process_record
from service.records import Observation, RecordState, load_baseline, seed_state, weigh
from service.settings import Settings

log = logging.getLogger("service.worker")


@dataclass
class WorkerState:
    """Per-process bookkeeping the HTTP endpoints and the lag gauge read."""

    last_offsets: dict[TP, int] = field(default_factory=dict)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def create_app(settings: Settings) -> faust.App:
    """Build the Faust app with its topics, tables, agents and HTTP routes."""
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
        producer_acks=-1,
        # Oversized articles must still fit through to the DLQ.
        producer_max_request_size=max(4 << 20, 2 * settings.service_max_article_bytes),
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
    facts_topic = app.topic(f"{settings.service_app_id}-facts", internal=True,
                            key_serializer="raw", value_serializer="json")
    observations_topic = app.topic(f"{settings.service_app_id}-observations", internal=True,
                                   key_serializer="raw", value_serializer="json")
    facts = app.Table("facts", default=None, partitions=settings.internal_partitions)
    records = app.Table("records", default=None, partitions=settings.internal_partitions)
    baseline = load_baseline(settings.service_records_baseline) \
        if settings.service_records_baseline else []

    @app.agent(articles)
    async def ingest(stream: faust.StreamT) -> None:
        """Validate each article, extract its events, fan them out by fact and metric."""
        async for event in stream.events():
            message = event.message
            stamp = dt.datetime.fromtimestamp(message.timestamp, dt.UTC)
            started = time.perf_counter()
            outcome = process_record(message.value, record_timestamp=stamp,
                                     max_bytes=settings.service_max_article_bytes)
            metrics.extraction.observe(time.perf_counter() - started)
            metrics.articles.labels(outcome.label).inc()
            state.last_offsets[message.tp] = message.offset
            if outcome.dead_letter is not None:
                letter = outcome.dead_letter
                await dlq.send(key=message.key, value=message.value, headers=[
                    ("dlq.reason", letter.reason.encode()),
                    ("dlq.detail", letter.detail[:1000].encode()),
                    ("dlq.source.topic", message.topic.encode()),
                    ("dlq.source.partition", str(message.partition).encode()),
                    ("dlq.source.offset", str(message.offset).encode()),
                ])
                log.warning("dead letter", extra={
                    "reason": letter.reason, "detail": letter.detail[:300],
                    "topic": message.topic, "partition": message.partition,
                    "offset": message.offset})
                continue
            for fact in outcome.events:
                await facts_topic.send(key=fact.event_id.encode(), value={
                    "event": fact.model_dump(mode="json"), "record_ts": message.timestamp})
            for obs in outcome.observations:
                await observations_topic.send(key=obs.key.encode(), value={
                    "observation": obs.model_dump(mode="json")})

    @app.agent(facts_topic)
    async def corroborate(stream: faust.StreamT) -> None:
        """Publish each fact once per reporting article, with its grown `sources`."""
        async for item in stream:
            fact = item["event"]
            event_id, article_id = fact["event_id"], fact["article_id"]
            sources = list(facts.get(event_id) or [])
            if article_id in sources:
                continue  # the same article again: nothing new to say
            sources.append(article_id)
            fact["sources"], fact["mentions"] = sources, len(sources)
            await outputs[fact["type"]].send(key=event_id.encode(), value=_json(fact))
            facts[event_id] = sources
            metrics.events.labels(fact["type"]).inc()
            metrics.latency.observe(max(time.time() - item["record_ts"], 0.0))

    @app.agent(observations_topic)
    async def keep_records(stream: faust.StreamT) -> None:
        """Weigh each metric's figure against its stored record; alert when it breaks."""
        async for item in stream:
            if "baseline" in item:
                known = RecordState.model_validate(item["baseline"])
                stored = _stored(records, known.key)
                merged = seed_state(stored, known)
                if merged is not None:
                    records[known.key] = merged.model_dump(mode="json")
                continue
            obs = Observation.model_validate(item["observation"])
            alert, new_state = weigh(obs, _stored(records, obs.key))
            if alert is not None:
                await alerts.send(key=obs.key.encode(), value=_json(alert.model_dump(mode="json")))
                metrics.alerts.labels(alert.metric).inc()
                _log_alert(alert)
            if new_state is not None:
                records[obs.key] = new_state.model_dump(mode="json")

    @app.task
    async def seed_baseline() -> None:
        """Route each known record to the partition that owns its metric (idempotent)."""
        for known in baseline:
            await observations_topic.send(key=known.key.encode(),
                                          value={"baseline": known.model_dump(mode="json")})

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

    install_health_routes(app, metrics, records)
    app.metrics = metrics  # the HTTP routes and tests read it
    return app


def _stored(table: faust.Table, key: str) -> RecordState | None:
    value = table.get(key)
    return RecordState.model_validate(value) if value else None


def _log_alert(alert: Alert) -> None:
    log.info("alert", extra={"alert_id": alert.alert_id, "metric": alert.metric,
                             "value": alert.value, "event_id": alert.event_id,
                             "alert_message": alert.message})
