"""Pure extraction: (text, published_at) -> typed events. No I/O, no globals.

Data files are read once at import (service/extract/data); extraction is a pure function of its
arguments. The article is analysed once (document.py), each event type has its own builder, and
identity.py gives every event its deterministic id.
"""

from __future__ import annotations

import datetime as dt

from service.events import EventBase, RecordClaim
from service.extract import (
    casualties,
    deployments,
    diplomacy,
    document,
    identity,
    records,
    strikes,
    territory,
)


def extract(text: str, published_at: dt.datetime, article_id: str) -> list[EventBase]:
    """Extract every contract event the article reports."""
    doc = document.analyse(text, published_at)
    if not doc.relevant:
        return []
    events: list[EventBase] = []
    events.extend(strikes.build(doc))
    events.extend(casualties.build(doc))
    events.extend(territory.build(doc))
    events.extend(deployments.build(doc))
    events.extend(diplomacy.build(doc))
    _anaphoric_records(doc, events)
    _previous_records(doc, events)
    for e in events:
        e.article_id = article_id
        e.sources = [article_id]
        e.mentions = 1
    identity.assign_ids(events)
    return events


def _anaphoric_records(doc: document.Document, events: list[EventBase]) -> None:
    """ "This is the largest force Russia has committed since ...": the record claim of a
    figure-less sentence goes to the events read from the sentence before it."""
    for prev, a in zip(doc.sentences, doc.sentences[1:], strict=False):
        if not a.claims:
            continue  # no claim to pass back (and its figures need not be read)
        kind = records.anaphoric_topic(a.text, a.claims, bool(a.figures))
        if kind is None:
            continue
        for e in events:
            if (
                e.evidence.start == prev.sentence.start
                and e.type != "diplomacy"
                and (kind in ("any", e.type))
                and e.record is None
            ):
                e.record = RecordClaim()


def _previous_records(doc: document.Document, events: list[EventBase]) -> None:
    """ "That beat the previous record of 1,870 set on February 3": the record broken goes to
    the latest record claim read at or before that sentence."""
    # A statement a builder already tied to its own fact ("surpassing the 500 drones") is
    # not handed to a second one (the missiles of the same attack).
    taken = {(e.record.previous_value, e.record.previous_date)
             for e in events if e.record is not None and e.record.previous_value is not None}
    for a in doc.sentences:
        if not a.previous or (a.previous[0].value, a.previous[0].on) in taken:
            continue
        claimed = [
            e
            for e in events
            if e.record is not None
            and e.record.previous_value is None
            and e.evidence.start <= a.sentence.start
        ]
        if claimed:
            target = max(claimed, key=lambda e: e.evidence.start)
            target.record.previous_value = a.previous[0].value
            target.record.previous_date = a.previous[0].on
