"""One `articles` record in, everything the worker must publish out: pure, no Kafka."""

from __future__ import annotations

import datetime as dt
import json
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from service.articles import Article, DeadLetter, parse_article
from service.events import EventBase
from service.extract import extract
from service.records import Observation, article_observations


@dataclass(frozen=True)
class Outcome:
    """What one record yields: a dead letter, or events and record observations."""

    article: Article | None = None
    events: list[EventBase] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    dead_letter: DeadLetter | None = None

    @property
    def label(self) -> str:
        """`ok`, or the dead-letter reason (the metrics outcome label)."""
        return self.dead_letter.reason if self.dead_letter else "ok"


def process_record(
    raw: bytes | None, *, record_timestamp: dt.datetime | None, max_bytes: int
) -> Outcome:
    """Validate a raw record and extract its events; never raises on bad input."""
    try:
        article = parse_article(raw, max_bytes=max_bytes, record_timestamp=record_timestamp)
    except DeadLetter as exc:
        return Outcome(dead_letter=exc)
    try:
        events = extract(article.text, article.published_at, article.article_id)
        observations = article_observations(events)
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not kill the worker
        failure = DeadLetter("error", f"{type(exc).__name__}: {exc}")
        return Outcome(article=article, dead_letter=failure)
    return Outcome(article=article, events=events, observations=observations)


def owner(key: str, partitions: int) -> int:
    """The internal partition that owns a fact or metric key (stable across processes)."""
    return zlib.crc32(key.encode()) % partitions


def route(outcome: Outcome, partitions: int, record_ts: float) -> dict[int, dict]:
    """Group an article's facts (by event_id) and observations (by metric key) into one
    work slice per owning partition: the repartition step."""
    work: dict[int, dict] = {}

    def slot(key: str) -> dict:
        return work.setdefault(owner(key, partitions),
                               {"facts": [], "observations": [], "record_ts": record_ts})

    for event in outcome.events:
        slot(event.event_id)["facts"].append(event.model_dump(mode="json"))
    for obs in outcome.observations:
        slot(obs.key)["observations"].append(obs.model_dump(mode="json"))
    return work


@dataclass(frozen=True, slots=True)
class Routed:
    """One record's result as plain data (it crosses process boundaries): the outcome label,
    the encoded work slice per owning partition, the dead-letter detail, extraction time."""

    label: str
    slices: dict[int, bytes] = field(default_factory=dict)
    detail: str = ""
    seconds: float = 0.0


def process_batch(
    records: list[tuple[bytes | None, float]], max_bytes: int, partitions: int
) -> list[Routed]:
    """Process, route and encode each (raw value, record timestamp in seconds)."""
    out = []
    for raw, record_ts in records:
        started = time.perf_counter()
        stamp = dt.datetime.fromtimestamp(record_ts, dt.UTC)
        outcome = process_record(raw, record_timestamp=stamp, max_bytes=max_bytes)
        slices = {} if outcome.dead_letter else {
            p: encode_slice(item) for p, item in route(outcome, partitions, record_ts).items()}
        detail = outcome.dead_letter.detail if outcome.dead_letter else ""
        out.append(Routed(outcome.label, slices, detail, time.perf_counter() - started))
    return out


def encode_slice(item: dict) -> bytes:
    """One article's work slice as compact JSON (encoded once, joined by `pack`)."""
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()


def pack(slices: list[bytes], max_bytes: int) -> Iterator[bytes]:
    """Join encoded slices bound for one partition into `{"articles": [...]}` messages.

    A batch of articles travels as few messages as possible: Faust's cost is per message,
    not per byte. A message closes before it would pass `max_bytes` (brokers refuse
    large ones), but never holds less than one slice.
    """
    head, tail = b'{"articles":[', b"]}"
    size, pending = 0, []
    for piece in slices:
        if pending and size + len(piece) + 1 > max_bytes:
            yield head + b",".join(pending) + tail
            size, pending = 0, []
        pending.append(piece)
        size += len(piece) + 1
    if pending:
        yield head + b",".join(pending) + tail

