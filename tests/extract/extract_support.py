"""Helpers for the extraction tests: run the extractor on text written for the tests.

(Not a conftest.py: the suite's root conftest is imported by name elsewhere.)
"""

from __future__ import annotations

import datetime as dt

from service.extract import extract


def run(text: str, published: str = "2025-03-12T09:00:00Z", article_id: str = "t-1"):
    """Extract events from a text (published 2025-03-12, a Wednesday, unless given)."""
    stamp = dt.datetime.fromisoformat(published.replace("Z", "+00:00"))
    return extract(text, stamp, article_id)


def of_type(events, kind: str):
    """The events of one type."""
    return [e for e in events if e.type == kind]
