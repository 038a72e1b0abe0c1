"""Input articles: validation of raw `articles` records and deterministic ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class DeadLetter(Exception):
    """A record that cannot be processed; `reason` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class Article(BaseModel):
    """One news article as published on `articles`."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1)
    id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: dt.datetime | None = None

    @field_validator("published_at")
    @classmethod
    def _utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC) if value is not None else None

    @property
    def article_id(self) -> str:
        """The given id, else one derived from the url, else from the text."""
        if self.id:
            return self.id
        basis = f"url:{self.url}" if self.url else f"text:{self.text}"
        return "a-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


def parse_article(
    raw: bytes | None, *, max_bytes: int, record_timestamp: dt.datetime | None = None
) -> Article:
    """Decode and validate one `articles` record, or raise DeadLetter with the reason."""
    if raw is None:
        raise DeadLetter("empty", "record has no value")
    if len(raw) > max_bytes:
        raise DeadLetter("too_large", f"{len(raw)} bytes exceeds the limit of {max_bytes}")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DeadLetter("not_utf8", str(exc)) from None
    try:
        payload = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise DeadLetter("not_json", str(exc)) from None
    if not isinstance(payload, dict):
        raise DeadLetter("invalid", f"expected a JSON object, got {type(payload).__name__}")
    if "text" not in payload:
        raise DeadLetter("missing_text", "the required field 'text' is absent")
    try:
        article = Article.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DeadLetter("invalid", f"{where}: {first['msg']}") from None
    if article.published_at is None:
        stamp = record_timestamp or dt.datetime.now(dt.UTC)
        article = article.model_copy(update={"published_at": stamp})
    return article
