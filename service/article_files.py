"""Read articles from files: `.txt` bodies, `.json` articles, `.jsonl` article streams."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from service.articles import Article, DeadLetter, parse_article


class BadFile(Exception):
    """A file that holds no usable article."""


def read_articles(
    path: Path, *, published_at: dt.datetime | None, max_bytes: int
) -> Iterator[Article]:
    """Yield the articles a file holds; raise BadFile with a clear message otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadFile(f"{path}: cannot read: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if suffix == ".txt":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadFile(f"{path}: not UTF-8 text") from None
        if not text.strip():
            raise BadFile(f"{path}: empty text")
        if published_at is None:
            raise BadFile(f"{path}: a .txt article needs --published-at")
        yield Article(text=text, id=path.stem, published_at=published_at)
    elif suffix == ".json":
        yield _parse(data, path, published_at, max_bytes)
    elif suffix == ".jsonl":
        for number, line in enumerate(data.splitlines(), start=1):
            if line.strip():
                yield _parse(line, Path(f"{path}:{number}"), published_at, max_bytes)
    else:
        raise BadFile(f"{path}: unknown file type {suffix!r} (expected .txt, .json or .jsonl)")


def _parse(raw: bytes, where: Path, published_at: dt.datetime | None, max_bytes: int) -> Article:
    try:
        # --published-at stands in for a missing field, as the record timestamp does on Kafka.
        return parse_article(raw, max_bytes=max_bytes, record_timestamp=published_at)
    except DeadLetter as exc:
        raise BadFile(f"{where}: {exc}") from None
