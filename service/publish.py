"""Publish articles to the `articles` topic (used by `send` and the demo)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from service.articles import Article
from service.kafka_config import aiokafka_config
from service.settings import Settings


async def publish_articles(settings: Settings, articles: Iterable[Article],
                           on_sent: Callable[[], None] | None = None) -> None:
    """Send each article as JSON, keyed by its id, waiting for every acknowledgement."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(**aiokafka_config(settings), acks="all",
                                max_request_size=settings.service_max_article_bytes + 65536)
    await producer.start()
    try:
        for article in articles:
            body = article.model_dump(mode="json", exclude_none=True)
            body.setdefault("id", article.article_id)
            await producer.send_and_wait(settings.topic_articles, json.dumps(body).encode(),
                                         key=article.article_id.encode())
            if on_sent is not None:
                on_sent()
    finally:
        await producer.stop()
