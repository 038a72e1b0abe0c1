"""What the settle step decides for one fact or observation: pure, replay-aware.

Delivery is at-least-once without transactions, so after a crash the work records that
were not committed are read again, while the tables may already hold some of their
writes and the output topics may lack some of their messages. Each table entry therefore
remembers, for everything it took in, where that came from: the work coordinates
(`partition:offset:index`, one article's slice of one work record). Reading the same
coordinates again is a replay and yields the same output again; the same article under
other coordinates is a second delivery and yields nothing.

Per-item bookkeeping matters: one work record carries many articles, several of which
may report the same fact or metric, and several work records may be in flight when the
worker dies.
"""

from __future__ import annotations

from typing import Any

from service.events import Alert
from service.records import Observation, RecordState, seed_state, weigh

Entry = dict[str, Any]


def settle_fact(entry: Entry | None, article_id: str, coords: str) -> tuple[list[str] | None,
                                                                            Entry | None]:
    """(`sources` of the version to publish or None, new table entry or None)."""
    sources, origins = _fact_lists(entry)
    try:
        at = sources.index(article_id)
    except ValueError:
        sources, origins = [*sources, article_id], [*origins, coords]
        return sources, {"sources": sources, "origins": origins}
    if origins[at] == coords:
        # A replay: the version as first published, when this article was the newest source.
        return sources[: at + 1], None
    return None, None  # the same article delivered again: nothing new to say


def settle_observation(entry: Entry | None, obs: Observation, coords: str
                       ) -> tuple[Alert | None, Entry | None]:
    """(alert to publish unless already out, or None; new table entry or None)."""
    alerts = _alerts(entry)
    if coords in alerts:
        # A replay of an observation that alerted: the alert may not have reached the topic.
        return Alert.model_validate(alerts[coords]), None
    stored = RecordState.model_validate(entry["state"]) if entry else None
    alert, state = weigh(obs, stored)
    if state is None:
        return alert, None
    if alert is not None:
        alerts = {**alerts, coords: alert.model_dump(mode="json")}
    return alert, {"state": state.model_dump(mode="json"), "alerts": alerts}


def seed_record(entry: Entry | None, known: RecordState) -> Entry | None:
    """The entry with a baseline record merged in, or None if it changes nothing."""
    stored = RecordState.model_validate(entry["state"]) if entry else None
    merged = seed_state(stored, known)
    if merged is None:
        return None
    return {"state": merged.model_dump(mode="json"), "alerts": _alerts(entry)}


def _fact_lists(entry: Entry | None) -> tuple[list[str], list[str | None]]:
    """An entry's sources and their origins (entries written before origins had only the
    last writer's coordinates)."""
    if not entry:
        return [], []
    sources = entry["sources"]
    origins = entry.get("origins")
    if origins is None:
        origins = [None] * (len(sources) - 1) + [entry.get("by")] if sources else []
    return sources, origins


def _alerts(entry: Entry | None) -> dict[str, dict]:
    """Alerts an entry raised, by the coordinates that raised them (older entries kept
    only the last one)."""
    if not entry:
        return {}
    if "alerts" in entry:
        return entry["alerts"]
    if entry.get("by") and entry.get("alert"):
        return {entry["by"]: entry["alert"]}
    return {}
