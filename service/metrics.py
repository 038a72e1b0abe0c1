"""Prometheus metrics of one worker, and a Faust sensor that feeds them."""

from __future__ import annotations

import time
from typing import Any

from faust.sensors import Sensor
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

PREFIX = "warevents"
# Latency buckets span a fast in-process extraction up to a slow, lagging pipeline.
_EXTRACT_BUCKETS = (0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
_E2E_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    """Every metric the worker exports, in its own registry (no global state)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        r = self.registry
        self.articles = Counter(
            f"{PREFIX}_articles_consumed", "Articles consumed, by outcome (ok or DLQ reason).",
            ["outcome"], registry=r)
        self.events = Counter(
            f"{PREFIX}_events_published", "Events published, by type.", ["type"], registry=r)
        self.alerts = Counter(
            f"{PREFIX}_alerts_published", "Record alerts published, by metric.", ["metric"],
            registry=r)
        self.extraction = Histogram(
            f"{PREFIX}_extraction_duration_seconds", "Time to validate and extract one article.",
            buckets=_EXTRACT_BUCKETS, registry=r)
        self.latency = Histogram(
            f"{PREFIX}_end_to_end_latency_seconds",
            "From the article's record timestamp to the event's publication.",
            buckets=_E2E_BUCKETS, registry=r)
        self.lag = Gauge(
            f"{PREFIX}_consumer_lag", "Messages behind the partition's high watermark.",
            ["topic", "partition"], registry=r)
        self.table_entries = Gauge(
            f"{PREFIX}_table_entries", "Keys held in a state table on this worker.", ["table"],
            registry=r)
        self.ready = Gauge(f"{PREFIX}_worker_ready", "1 when the worker is ready.", registry=r)
        self.received = Counter(
            f"{PREFIX}_faust_messages_received", "Messages received by Faust, by topic.",
            ["topic"], registry=r)
        self.sent = Counter(
            f"{PREFIX}_faust_messages_sent", "Messages sent by Faust, by topic.", ["topic"],
            registry=r)
        self.send_errors = Counter(
            f"{PREFIX}_faust_send_errors", "Messages Faust failed to send.", registry=r)
        self.rebalances = Counter(
            f"{PREFIX}_faust_rebalances", "Consumer group rebalances.", registry=r)
        self.commit_latency = Histogram(
            f"{PREFIX}_faust_commit_latency_seconds", "Time to commit consumer offsets.",
            buckets=_EXTRACT_BUCKETS[3:] + (2.5, 5.0), registry=r)
        self.articles.labels("ok")  # export the series at zero before the first article

    def exposition(self) -> bytes:
        """The text exposition format of every metric."""
        return generate_latest(self.registry)


class PrometheusSensor(Sensor):
    """Faust sensor: counts messages in and out, rebalances and commit latency."""

    def __init__(self, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metrics = metrics

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        """A message arrived from Kafka."""
        self.metrics.received.labels(tp.topic).inc()

    def on_send_initiated(self, producer: Any, topic: str, message: Any, keysize: int,
                          valsize: int) -> Any:
        """A message is about to be sent; the topic is carried to completion."""
        return topic

    def on_send_completed(self, producer: Any, state: Any, metadata: Any) -> None:
        """A send was acknowledged."""
        self.metrics.sent.labels(state).inc()

    def on_send_error(self, producer: Any, exc: BaseException, state: Any) -> None:
        """A send failed."""
        self.metrics.send_errors.inc()

    def on_commit_initiated(self, consumer: Any) -> Any:
        """An offset commit starts."""
        return time.monotonic()

    def on_commit_completed(self, consumer: Any, state: Any) -> None:
        """An offset commit finished."""
        self.metrics.commit_latency.observe(time.monotonic() - state)

    def on_rebalance_start(self, app: Any) -> dict:
        """A rebalance starts."""
        self.metrics.rebalances.inc()
        return {}
