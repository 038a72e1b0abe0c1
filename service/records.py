"""Record keeping: which event figures are record candidates, and when one breaks a record.

Pure functions and pydantic models only: no Kafka, no globals that change, and no I/O except
`load_baseline`. The streaming worker owns the state table; per article it does

    for obs in article_observations(events):
        alert, new_state = weigh(obs, table.get(obs.key))
        if new_state is not None:
            table[obs.key] = new_state
        if alert is not None:
            publish(alert)

Metrics and scope. Each numeric field of an event is a metric named `<type>.<field>`
(`strike.launched`, `casualty.killed_or_wounded`, `territory.area_km2`, ...). A record is
scoped by string dimensions so that unlike figures never compete (see `METRICS`):

    strike      attacker, target_country, weapon, period, target ("all" when none is named)
    casualty    party, population, period, daily_average ("true" / "false")
    territory   gainer, period, daily_average
    deployment  force_country, host_country, status, period
    diplomacy   kind, actor, counterpart ("any" when none is named), period

The state key is the metric followed by the sorted `name=value` dimensions, joined by `|`:
`strike.launched|attacker=RU|period=single|target=all|target_country=UA|weapon=drone`.
Periods `cumulative` and `range` are never record candidates.

Baseline file format (JSON Lines, UTF-8). One known record per line; blank lines are skipped:

    {"metric": "strike.launched",
     "dimensions": {"attacker": "RU", "target_country": "UA", "weapon": "drone",
                    "period": "single", "target": "all"},
     "value": 810, "occurred_on": "2025-09-07", "event_id": null,
     "note": "largest Russian drone attack on Ukraine (UA air force)"}

(one line in the file). Required: `metric` (a key of `METRICS`), `dimensions` (exactly the
metric's dimension names, string values, `period` not cumulative/range, `daily_average`
"true"/"false"), `value` (number >= 0). Optional: `occurred_on` (YYYY-MM-DD), `event_id`,
`article_id`, `note` (free text saying what the record is). Unknown fields are rejected.
A bad line raises `BaselineError` naming the file and line. The same key may appear more
than once; seeding keeps the highest value (`seed_state`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from service.events import Alert, EventBase, PreviousRecord, Qualifier

# Cumulative totals only grow and ranges have arbitrary lengths: neither makes a record.
NON_RECORD_PERIODS = frozenset({"cumulative", "range"})
RECORD_PERIODS = frozenset({"single", "day", "week", "month"})

# Event type -> (numeric fields that are metrics, dimension names). Field order matters:
# the first present field is the event's headline figure, the one a record claim is about.
METRICS_BY_TYPE: MappingProxyType[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType(
    {
        "strike": (
            ("launched", "intercepted"),
            ("attacker", "target_country", "weapon", "period", "target"),
        ),
        "casualty": (
            ("killed", "wounded", "killed_or_wounded", "missing", "captured", "losses"),
            ("party", "population", "period", "daily_average"),
        ),
        "territory": (("area_km2",), ("gainer", "period", "daily_average")),
        "deployment": (("troops",), ("force_country", "host_country", "status", "period")),
        "diplomacy": (("amount_usd",), ("kind", "actor", "counterpart", "period")),
    }
)

# Metric name -> the exact set of dimension names its records are scoped by.
METRICS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        f"{kind}.{field}": frozenset(dims)
        for kind, (fields, dims) in METRICS_BY_TYPE.items()
        for field in fields
    }
)

# ISO 3166-1 alpha-2 -> (name as used mid-sentence, adjective). Unknown codes print as-is.
COUNTRIES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "AU": ("Australia", "Australian"),
        "BE": ("Belgium", "Belgian"),
        "BG": ("Bulgaria", "Bulgarian"),
        "BY": ("Belarus", "Belarusian"),
        "CA": ("Canada", "Canadian"),
        "CN": ("China", "Chinese"),
        "CZ": ("Czechia", "Czech"),
        "DE": ("Germany", "German"),
        "DK": ("Denmark", "Danish"),
        "EE": ("Estonia", "Estonian"),
        "ES": ("Spain", "Spanish"),
        "EU": ("the European Union", "EU"),
        "FI": ("Finland", "Finnish"),
        "FR": ("France", "French"),
        "GB": ("the United Kingdom", "British"),
        "GE": ("Georgia", "Georgian"),
        "HU": ("Hungary", "Hungarian"),
        "IN": ("India", "Indian"),
        "IR": ("Iran", "Iranian"),
        "IT": ("Italy", "Italian"),
        "JP": ("Japan", "Japanese"),
        "KP": ("North Korea", "North Korean"),
        "KR": ("South Korea", "South Korean"),
        "LT": ("Lithuania", "Lithuanian"),
        "LV": ("Latvia", "Latvian"),
        "MD": ("Moldova", "Moldovan"),
        "NL": ("the Netherlands", "Dutch"),
        "NO": ("Norway", "Norwegian"),
        "PL": ("Poland", "Polish"),
        "RO": ("Romania", "Romanian"),
        "RU": ("Russia", "Russian"),
        "SE": ("Sweden", "Swedish"),
        "SK": ("Slovakia", "Slovak"),
        "SY": ("Syria", "Syrian"),
        "TR": ("Turkey", "Turkish"),
        "UA": ("Ukraine", "Ukrainian"),
        "US": ("the United States", "American"),
    }
)

_WEAPONS = MappingProxyType(
    {
        "drone": ("drone", "drones"),
        "missile": ("missile", "missiles"),
        "guided_bomb": ("guided bomb", "guided bombs"),
        "artillery": ("artillery shell", "artillery shells"),
        "mixed": ("drone and missile", "drones and missiles"),
    }
)
_PERIOD_SUFFIX = MappingProxyType(
    {"single": "", "day": " in a day", "week": " in a week", "month": " in a month"}
)
_AVERAGE_SUFFIX = MappingProxyType(
    {
        "single": " a day",
        "day": " a day",
        "week": " a day over a week",
        "month": " a day over a month",
    }
)
_QUALIFIER_WORD = MappingProxyType(
    {"exact": "", "approx": "about ", "at_least": "at least ", "at_most": "up to "}
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def metric_key(metric: str, dimensions: dict[str, str]) -> str:
    """Stable state key: the metric, then `name=value` dimensions sorted by name, `|`-joined."""
    return "|".join([metric, *(f"{name}={dimensions[name]}" for name in sorted(dimensions))])


def alert_id_for(key: str, value: float) -> str:
    """Deterministic alert id from the metric key and the record value."""
    digest = hashlib.sha256(f"{key}#{_canonical(value)}".encode()).hexdigest()
    return "al-" + digest[:16]


class Observation(_Model):
    """One record-candidate figure read from one event."""

    metric: str
    dimensions: dict[str, str]
    key: str
    value: float
    event_id: str
    article_id: str
    occurred_on: dt.date | None = None
    claimed: bool = False
    previous_value: float | None = None
    previous_date: dt.date | None = None
    qualifier: Qualifier = "exact"


class RecordState(_Model):
    """The stored record for one metric key."""

    metric: str
    dimensions: dict[str, str]
    value: float = Field(ge=0)
    event_id: str | None = None
    article_id: str | None = None
    occurred_on: dt.date | None = None
    alert_id: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _known_scope(self) -> RecordState:
        _check_scope(self.metric, self.dimensions)
        return self

    @property
    def key(self) -> str:
        """The state key this record is stored under."""
        return metric_key(self.metric, self.dimensions)


class _BaselineLine(_Model):
    """One line of a baseline file, before it becomes a RecordState."""

    metric: str
    dimensions: dict[str, str]
    value: float = Field(ge=0)
    occurred_on: dt.date | None = None
    event_id: str | None = None
    article_id: str | None = None
    note: str | None = None


class BaselineError(ValueError):
    """A baseline file line that is not a valid known record."""


def observations(event: EventBase) -> list[Observation]:
    """One Observation per present numeric field of the event that is a record candidate."""
    spec = METRICS_BY_TYPE.get(getattr(event, "type", ""))
    if spec is None or event.period in NON_RECORD_PERIODS:
        return []
    fields, dim_names = spec
    dimensions = {name: _dimension(event, name) for name in dim_names}
    present = [(field, getattr(event, field)) for field in fields]
    present = [(field, value) for field, value in present if value is not None]
    claim = event.record if event.record is not None and event.record.claimed else None
    result = []
    for index, (field, value) in enumerate(present):
        metric = f"{event.type}.{field}"
        # A claim is one sentence about one figure: "a record 145 drones; 60 shot down"
        # claims the launch count, not the interceptions, so it goes to the headline field.
        headline = claim is not None and index == 0
        result.append(
            Observation(
                metric=metric,
                dimensions=dimensions,
                key=metric_key(metric, dimensions),
                value=value,
                event_id=event.event_id,
                article_id=event.article_id,
                occurred_on=event.occurred_on or event.period_start,
                claimed=headline,
                previous_value=claim.previous_value if headline else None,
                previous_date=claim.previous_date if headline else None,
                qualifier=event.qualifier,
            )
        )
    return result


def article_observations(events: Iterable[EventBase]) -> list[Observation]:
    """All observations of one article's events, keeping only the highest value per key."""
    best: dict[str, Observation] = {}
    for event in events:
        for obs in observations(event):
            current = best.get(obs.key)
            # Strictly greater: on a tie the first figure in event order wins.
            if current is None or obs.value > current.value:
                best[obs.key] = obs
    return list(best.values())


def weigh(
    observation: Observation, stored: RecordState | None
) -> tuple[Alert | None, RecordState | None]:
    """Decide (alert to publish or None, new state to store or None) for one observation."""
    if stored is not None and stored.key != observation.key:
        raise ValueError(f"state {stored.key!r} does not belong to {observation.key!r}")
    if stored is not None and observation.value <= stored.value:
        # Equal covers the same record reported again by another article.
        return None, None
    if stored is None:
        # Nothing seen yet: only the text's own claim makes this news.
        basis = "claimed" if observation.claimed else None
        previous = _text_previous(observation)
    else:
        basis = "both" if observation.claimed else "observed"
        previous = PreviousRecord(
            value=stored.value, event_id=stored.event_id, occurred_on=stored.occurred_on
        )
    alert = None
    if basis is not None:
        alert = Alert(
            alert_id=alert_id_for(observation.key, observation.value),
            metric=observation.metric,
            dimensions=dict(observation.dimensions),
            value=observation.value,
            previous=previous,
            basis=basis,
            event_id=observation.event_id,
            message=render_message(observation, previous),
            article_id=observation.article_id,
            occurred_on=observation.occurred_on,
        )
    state = RecordState(
        metric=observation.metric,
        dimensions=dict(observation.dimensions),
        value=observation.value,
        event_id=observation.event_id,
        article_id=observation.article_id,
        occurred_on=observation.occurred_on,
        alert_id=alert.alert_id if alert is not None else None,
    )
    return alert, state


def load_baseline(path: str | os.PathLike[str]) -> list[RecordState]:
    """Read known records from a JSON Lines baseline file; BaselineError names a bad line."""
    path = Path(path)
    states = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BaselineError(f"{where}: not valid JSON: {exc.msg}") from None
            if not isinstance(raw, dict):
                raise BaselineError(f"{where}: expected a JSON object, got {type(raw).__name__}")
            try:
                states.append(RecordState(**_BaselineLine.model_validate(raw).model_dump()))
            except ValidationError as exc:
                raise BaselineError(f"{where}: {_describe_errors(exc)}") from None
    return states


def seed_state(stored: RecordState | None, baseline: RecordState) -> RecordState | None:
    """The baseline record to store if there is none or it is strictly higher, else None."""
    if stored is not None and stored.key != baseline.key:
        raise ValueError(f"state {stored.key!r} does not belong to {baseline.key!r}")
    if stored is None or baseline.value > stored.value:
        return baseline
    return None


def describe(state: RecordState) -> str:
    """One-line rendering of a stored record for the `records` CLI table."""
    dims = " ".join(f"{name}={state.dimensions[name]}" for name in sorted(state.dimensions))
    when = state.occurred_on.isoformat() if state.occurred_on else "-"
    line = f"{state.metric}  {dims}  {_quantity(state.metric, state.value, exact=True)}  {when}"
    if state.event_id:
        line += f"  event={state.event_id}"
    if state.note:
        line += "  # " + " ".join(state.note.split())
    return line


def render_message(observation: Observation, previous: PreviousRecord | None) -> str:
    """One readable sentence announcing the observation as a record."""
    kind, _, field = observation.metric.partition(".")
    render = _RENDERERS[kind]
    sentence = render(field, observation.dimensions, _record_phrase(observation))
    if previous is not None:
        sentence += f" (previous record {_quantity(observation.metric, previous.value)}"
        if previous.occurred_on is not None:
            sentence += f" on {previous.occurred_on.isoformat()}"
        sentence += ")"
    return sentence[:1].upper() + sentence[1:]


# --- helpers -------------------------------------------------------------------------------


def _check_scope(metric: str, dimensions: dict[str, str]) -> None:
    expected = METRICS.get(metric)
    if expected is None:
        raise ValueError(f"unknown metric {metric!r}; known: {', '.join(sorted(METRICS))}")
    if set(dimensions) != expected:
        missing = sorted(expected - set(dimensions))
        extra = sorted(set(dimensions) - expected)
        raise ValueError(
            f"dimensions of {metric} must be {sorted(expected)}"
            f" (missing {missing}, unexpected {extra})"
        )
    if "period" in dimensions and dimensions["period"] not in RECORD_PERIODS:
        raise ValueError(f"period must be one of {sorted(RECORD_PERIODS)}")
    if dimensions.get("daily_average", "false") not in ("true", "false"):
        raise ValueError('daily_average must be "true" or "false"')


def _dimension(event: EventBase, name: str) -> str:
    value = getattr(event, name)
    if name == "target":
        # Whitespace-normalised so "Moscow  region" and "Moscow region" share a record.
        return " ".join(value.split()) if value and value.strip() else "all"
    if name == "counterpart":
        return value or "any"
    if name == "daily_average":
        return "true" if value else "false"
    return str(value)


def _text_previous(observation: Observation) -> PreviousRecord | None:
    # The text's own "previous record" only makes sense if it is below the new figure.
    if observation.previous_value is None or observation.previous_value >= observation.value:
        return None
    return PreviousRecord(value=observation.previous_value, occurred_on=observation.previous_date)


def _canonical(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _number(value: float) -> str:
    text = f"{value:,.1f}"
    return text.removesuffix(".0")


def _money(value: float) -> str:
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if value >= scale:
            amount = f"{value / scale:,.2f}".rstrip("0").rstrip(".")
            return f"${amount} {word}"
    return f"${value:,.0f}"


def _quantity(metric: str, value: float, *, exact: bool = False) -> str:
    if metric == "diplomacy.amount_usd":
        # Messages round to "$1.2 billion"; the records table shows every dollar.
        return f"${_number(value)}" if exact else _money(value)
    if metric == "territory.area_km2":
        return f"{_number(value)} km²"
    return _number(value)


class _Phrase(NamedTuple):
    """Pieces the sentence renderers combine."""

    record: str  # "a record 145", "a record of about 145", "a record average of 1,500"
    qualified: str  # "about 145": the number with its qualifier, no "a record"
    suffix: str  # " in a week", " a day over a month", or ""
    one: bool  # singular nouns


def _record_phrase(obs: Observation) -> _Phrase:
    number = _money(obs.value) if obs.metric == "diplomacy.amount_usd" else _number(obs.value)
    qualified = _QUALIFIER_WORD[obs.qualifier] + number
    average = obs.dimensions.get("daily_average") == "true"
    if average:
        record = f"a record average of {qualified}"
        suffix = _AVERAGE_SUFFIX[obs.dimensions["period"]]
    else:
        record = f"a record {number}" if obs.qualifier == "exact" else f"a record of {qualified}"
        suffix = _PERIOD_SUFFIX[obs.dimensions.get("period", "single")]
    return _Phrase(record, qualified, suffix, obs.value == 1 and not average)


def _name(code: str) -> str:
    return COUNTRIES.get(code, (code, code))[0]


def _adjective(code: str) -> str:
    return COUNTRIES.get(code, (code, code))[1]


def _strike(field: str, dims: dict[str, str], p: _Phrase) -> str:
    singular, plural = _WEAPONS.get(dims["weapon"], (dims["weapon"], dims["weapon"]))
    weapons = singular if p.one else plural
    place = _name(dims["target_country"]) if dims["target"] == "all" else dims["target"]
    attacker = _name(dims["attacker"])
    if field == "intercepted":
        were = "was" if p.one else "were"
        return (
            f"{p.record} {weapons} launched by {attacker} {were} intercepted over {place}{p.suffix}"
        )
    return f"{attacker} launched {p.record} {weapons} at {place}{p.suffix}"


_MILITARY = MappingProxyType(
    {
        "killed": " killed",
        "wounded": " wounded",
        "killed_or_wounded": " killed or wounded",
        "missing": " missing",
        "captured": " captured",
        "losses": "",
    }
)
_CIVILIAN = MappingProxyType(
    {
        "killed": "killed",
        "wounded": "wounded",
        "killed_or_wounded": "killed or wounded",
        "missing": "reported missing",
        "captured": "taken captive",
    }
)


def _casualty(field: str, dims: dict[str, str], p: _Phrase) -> str:
    party = dims["party"]
    if dims["population"] == "military":
        troops = "soldier" if p.one else "troops"
        return f"{_name(party)} lost {p.record} {troops}{_MILITARY[field]}{p.suffix}"
    were = "was" if p.one else "were"
    if field == "losses":
        noun = "civilian casualty" if p.one else "civilian casualties"
        return f"{p.record} {_adjective(party)} {noun} {were} reported{p.suffix}"
    noun = "civilian" if p.one else "civilians"
    return f"{p.record} {_adjective(party)} {noun} {were} {_CIVILIAN[field]}{p.suffix}"


def _territory(field: str, dims: dict[str, str], p: _Phrase) -> str:
    return f"{_name(dims['gainer'])} gained {p.record} km²{p.suffix}"


def _deployment(field: str, dims: dict[str, str], p: _Phrase) -> str:
    force, host = dims["force_country"], dims["host_country"]
    troops = "soldier" if p.one else "troops"
    abroad = force != host
    status = dims["status"]
    if status == "amassing":
        tail = f" to fight for {_name(host)}" if abroad else ""
        return f"{_name(force)} amassed {p.record} {troops}{tail}{p.suffix}"
    if status == "expected":
        tail = f" to {_name(host)}" if abroad else ""
        return f"{_name(force)} is expected to send {p.record} {troops}{tail}{p.suffix}"
    if status == "withdrawn":
        tail = f" from {_name(host)}" if abroad else ""
        return f"{_name(force)} withdrew {p.record} {troops}{tail}{p.suffix}"
    tail = f" to {_name(host)}" if abroad else ""
    return f"{_name(force)} deployed {p.record} {troops}{tail}{p.suffix}"


def _diplomacy(field: str, dims: dict[str, str], p: _Phrase) -> str:
    actor = _name(dims["actor"])
    other = "" if dims["counterpart"] == "any" else _name(dims["counterpart"])
    kind = dims["kind"]
    if kind == "aid_package":
        tail = f" for {other}" if other else ""
        return f"{actor} announced a record aid package worth {p.qualified}{tail}{p.suffix}"
    if kind == "pledge":
        tail = f" to {other}" if other else ""
        return f"{actor} pledged {p.record}{tail}{p.suffix}"
    if kind == "sanctions":
        tail = f" on {other}" if other else ""
        return f"{actor} imposed a record sanctions package worth {p.qualified}{tail}{p.suffix}"
    tail = f" concerning {other}" if other else ""
    return f"{actor} cited a record {p.qualified} in a {kind}{tail}{p.suffix}"


_RENDERERS = MappingProxyType(
    {
        "strike": _strike,
        "casualty": _casualty,
        "territory": _territory,
        "deployment": _deployment,
        "diplomacy": _diplomacy,
    }
)


def _describe_errors(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "record"
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)
