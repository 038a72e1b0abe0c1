"""Pydantic models of the public topic contract (../shared/spec/events.md, v1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")]
Period = Literal["single", "day", "week", "month", "range", "cumulative"]
Qualifier = Literal["exact", "approx", "at_least", "at_most"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class RecordClaim(_Model):
    """The text claims the figure is a record."""

    claimed: bool = True
    previous_value: int | None = None
    previous_date: dt.date | None = None


class Evidence(_Model):
    """Where in the article text the fact was read."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class EventBase(_Model):
    """Envelope fields shared by every event type."""

    event_id: str
    article_id: str
    sources: list[str] = Field(default_factory=list)
    mentions: int = 1
    occurred_on: dt.date | None = None
    period: Period = "single"
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    qualifier: Qualifier = "exact"
    claimed_by: str | None = None
    record: RecordClaim | None = None
    evidence: Evidence
    schema_version: int = SCHEMA_VERSION
    # Added field: the upper end when the text gave a range ("10,000-12,000");
    # the value fields hold the lower end.
    range_upper: float | None = None


class StrikeEvent(EventBase):
    """One attack (or period of attacks) and one weapon class."""

    type: Literal["strike"] = "strike"
    attacker: Country
    target_country: Country
    target: str | None = None
    weapon: Literal["drone", "missile", "guided_bomb", "artillery", "mixed"]
    launched: int | None = Field(default=None, ge=0)
    intercepted: int | None = Field(default=None, ge=0)


class CasualtyEvent(EventBase):
    """People killed, wounded, missing or captured."""

    type: Literal["casualty"] = "casualty"
    party: Country
    population: Literal["military", "civilian"]
    killed: int | None = Field(default=None, ge=0)
    wounded: int | None = Field(default=None, ge=0)
    killed_or_wounded: int | None = Field(default=None, ge=0)
    missing: int | None = Field(default=None, ge=0)
    captured: int | None = Field(default=None, ge=0)
    losses: int | None = Field(default=None, ge=0)
    daily_average: bool = False
    # Added field: place the casualties occurred, when named.
    place: str | None = None


class AreaReported(_Model):
    """An area as the text wrote it."""

    value: float
    unit: Literal["km2", "sq_mi", "ha"]


class TerritoryEvent(EventBase):
    """Ground changing hands."""

    type: Literal["territory"] = "territory"
    gainer: Country
    area_km2: float | None = Field(default=None, ge=0)
    area_reported: AreaReported | None = None
    daily_average: bool = False
    places: list[str] = Field(default_factory=list)


class DeploymentEvent(EventBase):
    """Troops deployed, amassing, expected or withdrawn."""

    type: Literal["deployment"] = "deployment"
    force_country: Country
    host_country: Country
    location: str | None = None
    troops: int | None = Field(default=None, ge=0)
    status: Literal["deployed", "amassing", "expected", "withdrawn"]


class AmountReported(_Model):
    """A money amount as the text wrote it."""

    value: float
    # Any ISO 4217 code the extractor reads (yen, kronor, ...), not only USD/EUR/GBP.
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")


class DiplomacyEvent(EventBase):
    """Aid, pledges, talks, statements, threats, sanctions."""

    type: Literal["diplomacy"] = "diplomacy"
    kind: Literal["aid_package", "pledge", "talks", "statement", "threat", "sanctions"]
    actor: Country
    counterpart: Country | None = None
    amount_usd: float | None = Field(default=None, ge=0)
    # Added field: the amount in the currency the text used.
    amount_reported: AmountReported | None = None
    summary: str


Event = Annotated[
    StrikeEvent | CasualtyEvent | TerritoryEvent | DeploymentEvent | DiplomacyEvent,
    Field(discriminator="type"),
]
EVENT_MODELS: dict[str, type[EventBase]] = {
    "strike": StrikeEvent,
    "casualty": CasualtyEvent,
    "territory": TerritoryEvent,
    "deployment": DeploymentEvent,
    "diplomacy": DiplomacyEvent,
}


class PreviousRecord(_Model):
    """The record an alert broke."""

    value: float
    event_id: str | None = None
    occurred_on: dt.date | None = None


class Alert(_Model):
    """One record broken, published once on `alerts`."""

    alert_id: str
    metric: str
    dimensions: dict[str, str]
    value: float
    previous: PreviousRecord | None = None
    basis: Literal["observed", "claimed", "both"]
    event_id: str
    message: str
    # Added fields: the article that broke the record and when the fact occurred.
    article_id: str | None = None
    occurred_on: dt.date | None = None
    schema_version: int = SCHEMA_VERSION


def event_to_json(event: EventBase) -> dict:
    """Serialise an event exactly as it appears on its topic."""
    return event.model_dump(mode="json")
