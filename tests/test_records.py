"""Unit tests for service.records: metrics, record decisions, article reduction, baseline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from service.events import (
    CasualtyEvent,
    DeploymentEvent,
    DiplomacyEvent,
    Evidence,
    RecordClaim,
    StrikeEvent,
    TerritoryEvent,
)
from service.records import (
    BaselineError,
    RecordState,
    alert_id_for,
    article_observations,
    describe,
    load_baseline,
    metric_key,
    observations,
    seed_state,
    weigh,
)

SAMPLE_BASELINE = Path(__file__).resolve().parent.parent / "samples" / "records-baseline.jsonl"
EVIDENCE = Evidence(sentence="s", start=0, end=1)
DRONES_RU_UA = "strike.launched|attacker=RU|period=single|target=all|target_country=UA|weapon=drone"


def strike(value=145, *, eid="e1", art="a1", claim=None, **fields) -> StrikeEvent:
    base = {
        "attacker": "RU",
        "target_country": "UA",
        "weapon": "drone",
        "occurred_on": dt.date(2024, 11, 10),
    }
    base.update(fields)
    return StrikeEvent(
        event_id=eid, article_id=art, evidence=EVIDENCE, launched=value, record=claim, **base
    )


def territory(value, *, eid, start, claim=None, period="month") -> TerritoryEvent:
    return TerritoryEvent(
        event_id=eid,
        article_id="a1",
        evidence=EVIDENCE,
        gainer="RU",
        area_km2=value,
        period=period,
        period_start=start,
        record=claim,
    )


def only(event) -> object:
    [obs] = observations(event)
    return obs


# --- observations -------------------------------------------------------------------------


def test_strike_observation_key_dimensions_and_fields():
    obs = only(strike(145, claim=RecordClaim(previous_value=71)))
    assert obs.key == DRONES_RU_UA
    assert obs.dimensions == {
        "attacker": "RU",
        "target_country": "UA",
        "weapon": "drone",
        "period": "single",
        "target": "all",
    }
    assert (obs.value, obs.event_id, obs.article_id) == (145, "e1", "a1")
    assert obs.occurred_on == dt.date(2024, 11, 10)
    assert obs.claimed and obs.previous_value == 71


def test_one_observation_per_present_field_and_claim_goes_to_headline_figure():
    event = strike(145, intercepted=60, claim=RecordClaim())
    by_metric = {obs.metric: obs for obs in observations(event)}
    assert set(by_metric) == {"strike.launched", "strike.intercepted"}
    # "a record 145 drones; 60 shot down" claims the launches, not the interceptions.
    assert by_metric["strike.launched"].claimed
    assert not by_metric["strike.intercepted"].claimed


def test_occurred_on_falls_back_to_period_start():
    obs = only(territory(518.0, eid="t1", start=dt.date(2024, 10, 1)))
    assert obs.occurred_on == dt.date(2024, 10, 1)
    assert obs.key == "territory.area_km2|daily_average=false|gainer=RU|period=month"


def test_casualty_deployment_diplomacy_dimensions():
    cas = CasualtyEvent(
        event_id="c",
        article_id="a",
        evidence=EVIDENCE,
        party="RU",
        population="military",
        killed_or_wounded=1770,
        period="day",
        daily_average=True,
    )
    dep = DeploymentEvent(
        event_id="d",
        article_id="a",
        evidence=EVIDENCE,
        force_country="KP",
        host_country="RU",
        troops=11000,
        status="deployed",
    )
    dip = DiplomacyEvent(
        event_id="p",
        article_id="a",
        evidence=EVIDENCE,
        kind="aid_package",
        actor="US",
        amount_usd=1.2e9,
        summary="aid",
    )
    assert only(cas).dimensions == {
        "party": "RU",
        "population": "military",
        "period": "day",
        "daily_average": "true",
    }
    assert only(dep).key == (
        "deployment.troops|force_country=KP|host_country=RU|period=single|status=deployed"
    )
    assert only(dip).dimensions["counterpart"] == "any"


@pytest.mark.parametrize("period", ["cumulative", "range"])
def test_cumulative_and_range_are_not_record_candidates(period):
    event = strike(100_000, claim=RecordClaim(), period=period, occurred_on=None)
    assert observations(event) == []


def test_event_without_numbers_has_no_observations():
    assert observations(strike(None)) == []


# --- weigh --------------------------------------------------------------------------------


def test_first_value_claimed_alerts_and_is_stored():
    alert, state = weigh(only(strike(145, claim=RecordClaim())), None)
    assert alert is not None and alert.basis == "claimed"
    assert alert.previous is None
    assert alert.message == "Russia launched a record 145 drones at Ukraine"
    assert state.value == 145 and state.alert_id == alert.alert_id
    assert state.key == DRONES_RU_UA


def test_first_value_unclaimed_is_stored_without_alert():
    alert, state = weigh(only(strike(71)), None)
    assert alert is None
    assert state is not None and state.value == 71 and state.event_id == "e1"
    assert state.alert_id is None


@pytest.mark.parametrize("claim", [None, RecordClaim()])
def test_smaller_value_never_alerts_or_changes_state(claim):
    _, stored = weigh(only(strike(145)), None)
    assert weigh(only(strike(100, eid="e2", claim=claim)), stored) == (None, None)


def test_same_record_from_second_article_is_not_a_second_alert():
    first, stored = weigh(only(strike(145, claim=RecordClaim())), None)
    assert first is not None
    again = strike(145, eid="e1", art="a2", claim=RecordClaim())
    assert weigh(only(again), stored) == (None, None)


def test_beating_stored_record_alerts_with_previous_from_state():
    _, stored = weigh(only(strike(71, eid="e0", occurred_on=dt.date(2024, 11, 2))), None)
    alert, state = weigh(only(strike(145, eid="e1", art="a2")), stored)
    assert alert.basis == "observed"
    assert alert.previous.model_dump() == {
        "value": 71,
        "event_id": "e0",
        "occurred_on": dt.date(2024, 11, 2),
    }
    assert alert.value == 145 and alert.event_id == "e1" and alert.article_id == "a2"
    assert alert.message == (
        "Russia launched a record 145 drones at Ukraine (previous record 71 on 2024-11-02)"
    )
    assert state.value == 145 and state.alert_id == alert.alert_id


def test_beating_and_claimed_is_basis_both_and_state_previous_wins_over_text():
    _, stored = weigh(only(strike(71, eid="e0", occurred_on=None)), None)
    claim = RecordClaim(previous_value=120, previous_date=dt.date(2024, 9, 1))
    alert, _ = weigh(only(strike(145, claim=claim)), stored)
    assert alert.basis == "both"
    assert alert.previous.value == 71 and alert.previous.event_id == "e0"
    assert alert.message == "Russia launched a record 145 drones at Ukraine (previous record 71)"


def test_previous_from_text_when_no_state():
    event = CasualtyEvent(
        event_id="c1",
        article_id="a3",
        evidence=EVIDENCE,
        party="RU",
        population="military",
        killed_or_wounded=1770,
        period="day",
        occurred_on=dt.date(2024, 11, 11),
        record=RecordClaim(previous_value=1740, previous_date=dt.date(2024, 5, 13)),
    )
    alert, state = weigh(only(event), None)
    assert alert.basis == "claimed"
    assert alert.previous.model_dump() == {
        "value": 1740,
        "event_id": None,
        "occurred_on": dt.date(2024, 5, 13),
    }
    assert alert.message == (
        "Russia lost a record 1,770 troops killed or wounded in a day"
        " (previous record 1,740 on 2024-05-13)"
    )
    assert state.value == 1770


def test_text_previous_not_below_the_new_value_is_ignored():
    # A misread "previous record" at or above the new figure would make a nonsense message.
    alert, _ = weigh(only(strike(145, claim=RecordClaim(previous_value=145))), None)
    assert alert.basis == "claimed" and alert.previous is None


def test_territory_message_and_qualifier():
    exact = territory(518.0, eid="t1", start=dt.date(2024, 10, 1), claim=RecordClaim())
    alert, _ = weigh(only(exact), None)
    assert alert.message == "Russia gained a record 518 km² in a month"
    almost = territory(517.9976, eid="t2", start=dt.date(2024, 10, 1), claim=RecordClaim())
    almost = almost.model_copy(update={"qualifier": "at_most"})
    alert, _ = weigh(only(almost), None)
    assert alert.message == "Russia gained a record of up to 518 km² in a month"


def test_intercepted_and_money_messages():
    event = StrikeEvent(
        event_id="s",
        article_id="a",
        evidence=EVIDENCE,
        attacker="UA",
        target_country="RU",
        weapon="drone",
        intercepted=84,
        record=RecordClaim(),
    )
    alert, _ = weigh(only(event), None)
    assert alert.message == "A record 84 drones launched by Ukraine were intercepted over Russia"
    aid = DiplomacyEvent(
        event_id="p",
        article_id="a",
        evidence=EVIDENCE,
        kind="aid_package",
        actor="US",
        counterpart="UA",
        amount_usd=1.25e9,
        summary="aid",
        record=RecordClaim(),
    )
    alert, _ = weigh(only(aid), None)
    assert alert.message == (
        "The United States announced a record aid package worth $1.25 billion for Ukraine"
    )


def test_weigh_rejects_state_of_another_key():
    _, stored = weigh(only(strike(71)), None)
    with pytest.raises(ValueError):
        weigh(only(strike(145, target="Moscow")), stored)


# --- scoping ------------------------------------------------------------------------------


def test_week_total_never_competes_with_single_night():
    _, night = weigh(only(strike(145)), None)
    week = only(strike(900, eid="w", period="week", occurred_on=None))
    assert week.key != night.key
    # Its own first value: stored, no alert, and the nightly record is untouched.
    alert, week_state = weigh(week, None)
    assert alert is None and week_state.dimensions["period"] == "week"
    assert weigh(only(strike(150, eid="e9")), night)[0].previous.value == 145


def test_moscow_target_is_scoped_apart_from_whole_country():
    whole = only(strike(145, attacker="UA", target_country="RU"))
    moscow = only(strike(34, attacker="UA", target_country="RU", target=" Moscow "))
    assert moscow.dimensions["target"] == "Moscow"
    assert whole.dimensions["target"] == "all"
    assert moscow.key != whole.key
    alert, _ = weigh(moscow.model_copy(update={"claimed": True}), None)
    assert alert.message == "Ukraine launched a record 34 drones at Moscow"


def test_daily_average_is_scoped_apart_from_daily_total():
    def cas(value, average):
        return CasualtyEvent(
            event_id=f"c{value}",
            article_id="a",
            evidence=EVIDENCE,
            party="RU",
            population="military",
            killed_or_wounded=value,
            period="month",
            period_start=dt.date(2024, 10, 1),
            daily_average=average,
        )

    total, average = only(cas(40_000, False)), only(cas(1500, True))
    assert total.key != average.key
    alert, _ = weigh(average.model_copy(update={"claimed": True}), None)
    assert alert.message == (
        "Russia lost a record average of 1,500 troops killed or wounded a day over a month"
    )


# --- article reduction --------------------------------------------------------------------


def test_article_reduction_keeps_only_the_highest_per_key():
    events = [
        strike(71, eid="e1"),
        strike(145, eid="e2"),
        strike(90, eid="e3"),
        strike(20, eid="m1", target="Moscow"),
    ]
    reduced = article_observations(events)
    assert [(o.key, o.event_id) for o in reduced] == [
        (DRONES_RU_UA, "e2"),
        (DRONES_RU_UA.replace("target=all", "target=Moscow"), "m1"),
    ]


def test_article_reduction_ties_keep_first_event():
    reduced = article_observations([strike(145, eid="first"), strike(145, eid="second")])
    assert [o.event_id for o in reduced] == ["first"]


def test_monthly_series_in_one_article_yields_at_most_one_alert():
    _, stored = weigh(only(territory(300.0, eid="old", start=dt.date(2024, 5, 1))), None)
    series = [
        territory(350.0, eid="jul", start=dt.date(2024, 7, 1)),
        territory(420.0, eid="aug", start=dt.date(2024, 8, 1)),
        territory(518.0, eid="oct", start=dt.date(2024, 10, 1), claim=RecordClaim()),
        territory(480.0, eid="sep", start=dt.date(2024, 9, 1)),
    ]
    alerts = [weigh(obs, stored)[0] for obs in article_observations(series)]
    alerts = [a for a in alerts if a is not None]
    assert len(alerts) == 1
    assert alerts[0].event_id == "oct" and alerts[0].basis == "both"
    assert alerts[0].previous.value == 300


# --- alert ids ----------------------------------------------------------------------------


def test_alert_id_is_deterministic_from_key_and_value():
    one, _ = weigh(only(strike(145, claim=RecordClaim())), None)
    two, _ = weigh(only(strike(145, eid="other", art="a9", claim=RecordClaim())), None)
    assert one.alert_id == two.alert_id == alert_id_for(DRONES_RU_UA, 145)
    assert alert_id_for(DRONES_RU_UA, 145) == alert_id_for(DRONES_RU_UA, 145.0)
    assert alert_id_for(DRONES_RU_UA, 146) != one.alert_id
    assert alert_id_for(DRONES_RU_UA.replace("drone", "missile"), 145) != one.alert_id


def test_metric_key_sorts_dimensions():
    assert metric_key("m.x", {"b": "2", "a": "1"}) == "m.x|a=1|b=2"


# --- baseline -----------------------------------------------------------------------------


def test_sample_baseline_loads_and_blocks_an_old_record():
    states = load_baseline(SAMPLE_BASELINE)
    assert 3 <= len(states) <= 5
    by_key = {s.key: s for s in states}
    drones = by_key[DRONES_RU_UA]
    assert drones.value == 810 and drones.occurred_on == dt.date(2025, 9, 7)
    assert drones.event_id is None and drones.note
    # The 2024 "record" 145 is history once the 2025 record is known.
    assert weigh(only(strike(145, claim=RecordClaim())), drones) == (None, None)


def test_load_baseline_skips_blank_lines(tmp_path):
    line = {
        "metric": "territory.area_km2",
        "dimensions": {"gainer": "RU", "period": "month", "daily_average": "false"},
        "value": 518,
        "occurred_on": "2024-10-01",
    }
    path = tmp_path / "b.jsonl"
    path.write_text("\n" + json.dumps(line) + "\n\n", encoding="utf-8")
    [state] = load_baseline(path)
    assert state.key == "territory.area_km2|daily_average=false|gainer=RU|period=month"
    assert state.alert_id is None


GOOD = json.dumps(
    {
        "metric": "strike.launched",
        "value": 1,
        "dimensions": json.loads(
            '{"attacker":"RU","target_country":"UA","weapon":"drone","period":"single","target":"all"}'
        ),
    }
)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (GOOD.replace("strike.launched", "strike.fired"), "unknown metric"),
        (GOOD.replace('"weapon"', '"arm"'), "missing ['weapon']"),
        (GOOD.replace('"single"', '"cumulative"'), "period must be one of"),
        (GOOD.replace('"value": 1', '"value": -5'), "value"),
        (GOOD.replace('"value": 1', '"valeu": 1'), "valeu"),
    ],
)
def test_load_baseline_bad_line_names_file_and_line(tmp_path, bad, reason):
    path = tmp_path / "baseline.jsonl"
    path.write_text(f"{GOOD}\n\n{bad}\n", encoding="utf-8")
    with pytest.raises(BaselineError) as info:
        load_baseline(path)
    assert "baseline.jsonl:3:" in str(info.value)
    assert reason in str(info.value)


def test_seed_state_is_an_idempotent_max_merge():
    [baseline] = [s for s in load_baseline(SAMPLE_BASELINE) if s.key == DRONES_RU_UA]
    assert seed_state(None, baseline) == baseline
    assert seed_state(baseline, baseline) is None  # seeding twice changes nothing
    _, lower = weigh(only(strike(145)), None)
    assert seed_state(lower, baseline) == baseline
    higher = baseline.model_copy(update={"value": 900.0, "event_id": "e-live"})
    assert seed_state(higher, baseline) is None
    with pytest.raises(ValueError):
        seed_state(lower.model_copy(update={"metric": "strike.intercepted"}), baseline)


# --- describe -----------------------------------------------------------------------------


def test_describe_is_one_line_with_metric_dimensions_value_and_date():
    state = RecordState(
        metric="casualty.killed_or_wounded",
        dimensions={
            "party": "RU",
            "population": "military",
            "period": "day",
            "daily_average": "false",
        },
        value=1770,
        occurred_on=dt.date(2024, 11, 11),
        event_id="c1",
        note="UA general\nstaff",
    )
    text = describe(state)
    assert "\n" not in text
    assert text.startswith("casualty.killed_or_wounded  daily_average=false party=RU")
    assert "1,770" in text and "2024-11-11" in text and "event=c1" in text
    assert text.endswith("# UA general staff")


def test_record_state_round_trips_through_json():
    # State is persisted between restarts; what is written must read back identically.
    _, state = weigh(only(strike(145, claim=RecordClaim())), None)
    restored = RecordState.model_validate_json(state.model_dump_json())
    assert restored == state and restored.key == DRONES_RU_UA
