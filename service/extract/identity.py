"""Deterministic event ids.

The id of an event is a hash of its type and the dimensions that identify the real-world fact,
never of the article or the sentence, so two articles reporting the same fact get the same id:

- strike: attacker, target_country, weapon, period, occurred_on, period_start, period_end
- casualty: party, population, period, dates, daily_average, place, and which count fields are set
- territory: gainer, period, dates, daily_average
- deployment: force_country, host_country, status, location
- diplomacy: kind, actor, counterpart, occurred_on, amount_usd

A fact with no date anchor (no occurred_on, period_start or period_end) also hashes its figures,
so unrelated undated facts do not collide; deployments, which are never dated, always do. Two
events of one article that still share dimensions are told apart by their figures and, last, by
their order in the article.
"""

from __future__ import annotations

import hashlib
import json

from service.events import (
    CasualtyEvent,
    DeploymentEvent,
    DiplomacyEvent,
    EventBase,
    StrikeEvent,
    TerritoryEvent,
)

_CASUALTY_FIELDS = ("killed", "wounded", "killed_or_wounded", "missing", "captured", "losses")


def _dates(e: EventBase) -> dict:
    return {
        "period": e.period,
        "on": e.occurred_on.isoformat() if e.occurred_on else None,
        "start": e.period_start.isoformat() if e.period_start else None,
        "end": e.period_end.isoformat() if e.period_end else None,
    }


def _anchored(e: EventBase) -> bool:
    return any((e.occurred_on, e.period_start, e.period_end))


def _figures(e: EventBase) -> dict:
    """The numbers of an event, used where its dimensions alone do not identify it."""
    if isinstance(e, StrikeEvent):
        return {"launched": e.launched, "intercepted": e.intercepted}
    if isinstance(e, CasualtyEvent):
        return {f: getattr(e, f) for f in _CASUALTY_FIELDS}
    if isinstance(e, TerritoryEvent):
        return {"area_km2": e.area_km2}
    if isinstance(e, DeploymentEvent):
        return {"troops": e.troops}
    if isinstance(e, DiplomacyEvent):
        return {"amount_usd": e.amount_usd}
    return {}


def dimensions(e: EventBase) -> dict:
    """The identifying dimensions of an event (see the module docstring)."""
    dims: dict = {"type": e.type, **_dates(e)}
    if isinstance(e, StrikeEvent):
        dims.update(attacker=e.attacker, target=e.target_country, weapon=e.weapon)
    elif isinstance(e, CasualtyEvent):
        dims.update(
            party=e.party,
            population=e.population,
            daily=e.daily_average,
            place=(e.place or "").lower() or None,
            fields=[f for f in _CASUALTY_FIELDS if getattr(e, f) is not None],
        )
    elif isinstance(e, TerritoryEvent):
        dims.update(gainer=e.gainer, daily=e.daily_average)
    elif isinstance(e, DeploymentEvent):
        dims.update(
            force=e.force_country,
            host=e.host_country,
            status=e.status,
            location=(e.location or "").lower() or None,
            troops=e.troops,
        )
    elif isinstance(e, DiplomacyEvent):
        dims.update(kind=e.kind, actor=e.actor, counterpart=e.counterpart, amount=e.amount_usd)
    if not _anchored(e):
        dims["figures"] = _figures(e)
    return dims


def _digest(dims: dict) -> str:
    blob = json.dumps(dims, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def assign_ids(events: list[EventBase]) -> None:
    """Set `event_id` on each event; ids are unique within the list."""
    used: set[str] = set()
    ordinals: dict[str, int] = {}
    for e in events:
        dims = dimensions(e)
        key = _digest(dims)
        if key in used:
            dims["figures"] = _figures(e)
            key = _digest(dims)
        if key in used:
            n = ordinals.get(key, 0) + 1
            ordinals[key] = n
            dims["ordinal"] = n
            key = _digest(dims)
        used.add(key)
        e.event_id = f"{e.type}-{key}"
