"""Article validation and ids: every kind of bad record gets its own reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from service.articles import Article, DeadLetter, parse_article

STAMP = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _reason(raw: bytes | None, limit: int = 1024) -> str:
    with pytest.raises(DeadLetter) as info:
        parse_article(raw, max_bytes=limit, record_timestamp=STAMP)
    return info.value.reason


@pytest.mark.parametrize("raw, reason", [
    (None, "empty"),
    (b"x" * 2000, "too_large"),
    (b'{"text": "\xff"}', "not_utf8"),
    (b"{nope", "not_json"),
    (b"[1, 2]", "invalid"),
    (b'{"title": "t"}', "missing_text"),
    (b'{"text": ""}', "invalid"),
    (b'{"text": 5}', "invalid"),
    (b'{"text": "ok", "published_at": "not a date"}', "invalid"),
])
def test_bad_records_have_specific_reasons(raw, reason):
    assert _reason(raw) == reason


def test_size_limit_is_measured_in_bytes_before_decoding():
    body = json.dumps({"text": "é" * 400}, ensure_ascii=False).encode()  # 800+ bytes
    assert _reason(body, limit=len(body) - 1) == "too_large"
    assert parse_article(body, max_bytes=len(body)).text.startswith("é")


def test_missing_published_at_falls_back_to_record_timestamp():
    article = parse_article(b'{"text": "t"}', max_bytes=100, record_timestamp=STAMP)
    assert article.published_at == STAMP


def test_naive_and_offset_timestamps_become_utc():
    naive = parse_article(b'{"text": "t", "published_at": "2025-01-02T03:04:05"}', max_bytes=99)
    offset = parse_article(b'{"text": "t", "published_at": "2025-01-02T05:04:05+02:00"}',
                           max_bytes=99)
    assert naive.published_at == STAMP == offset.published_at


def test_article_id_prefers_id_then_url_then_text():
    assert Article(text="a", id="given").article_id == "given"
    by_url = Article(text="a", url="https://example.org/x").article_id
    assert by_url == Article(text="other text", url="https://example.org/x").article_id
    by_text = Article(text="same words").article_id
    assert by_text == Article(text="same words").article_id != Article(text="other").article_id
    assert by_url != by_text
