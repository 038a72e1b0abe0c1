"""Pure extraction: (text, published_at) -> typed events. No I/O, no globals."""

from __future__ import annotations

import datetime as dt

from service.events import EventBase


def extract(text: str, published_at: dt.datetime, article_id: str) -> list[EventBase]:
    """Extract every contract event the article reports."""
    return []
