from service.extract.dates import find_dates
from service.extract.numbers import find_numbers
from service.extract.records import find_claims, find_previous, topic


def cues(text):
    return [text[c.start : c.end] for c in find_claims(text)]


def test_record_cues():
    assert cues("It fired a record 310 drones.") == ["record"]
    assert cues("the largest barrage since the war began") == ["largest"]
    assert cues("the deadliest week for civilians") == ["deadliest"]
    assert cues("the most drones ever launched in one night") == ["most"]


def test_hedged_or_loose_claims_are_not_records():
    assert cues("one of the largest attacks since 2022") == []
    assert cues("the second-largest barrage this year") == []
    assert cues("potentially the biggest month") == []
    assert cues("The unprecedented barrage hit the grid.") == []


def test_topic():
    text = "the largest drone attack of the war"
    assert topic(text, find_claims(text)[0]) == "strike"
    text = "its biggest territorial gains since 2022"
    assert topic(text, find_claims(text)[0]) == "territory"


def test_previous_record():
    import datetime as dt

    text = "beating the previous record of 812 set on March 2"
    prev = find_previous(text, find_numbers(text), find_dates(text, dt.date(2025, 3, 12)))
    assert [(p.value, p.on) for p in prev] == [(812, dt.date(2025, 3, 2))]


def test_previous_record_set_on_a_day_when_an_attack_happened():
    import datetime as dt

    text = "It beat the previous record set on Feb. 4, when Russia fired 641 drones at Ukraine."
    days = find_dates(text, dt.date(2025, 3, 12))
    counts = [n for n in find_numbers(text) if not any(d.start <= n.start < d.end for d in days)]
    prev = find_previous(text, counts, days)
    assert [(p.value, p.on) for p in prev] == [(641, dt.date(2025, 2, 4))]
    assert prev[0].end == len(text)


def test_previous_record_attack_is_not_a_strike_of_its_own():
    from extract_support import of_type, run

    events = run(
        "Russia launched 702 drones at Ukraine overnight, its largest attack of the war, the air "
        "force said. That beat the previous record established on Feb. 4, when Russia fired 641 "
        "drones at Ukrainian cities."
    )
    strikes = of_type(events, "strike")
    assert [(e.launched, e.record.previous_value) for e in strikes] == [(702, 641)]


def test_topic_after_a_claim_stops_at_its_clause():
    # "force" in the attribution must not make the claim about a deployment.
    s = (
        "Moscow fired 410 drones at Ukrainian cities overnight, a record for the war, "
        "the air force said."
    )
    assert topic(s, find_claims(s)[0]) == "strike"


def test_the_most_with_a_scope_and_surpassing_a_previous_figure():
    import datetime as dt

    text = "It fired 610 drones, the most drones in a single night since May, surpassing the 540 "
    text += "drones fired on June 3."
    assert cues(text) == ["most"]
    assert cues("Most of the drones since May hit Kharkiv.") == []
    [p] = find_previous(text, find_numbers(text), find_dates(text, dt.date(2025, 7, 1)))
    assert p.value == 540


def test_previous_record_date_does_not_date_the_new_attack():
    from extract_support import of_type, run

    events = run(
        "KYIV, Oct. 14 - Russia attacked Ukraine with drones and missiles overnight. The air "
        "force said Russia had fired 610 drones and 9 missiles, its largest attack yet, "
        "eclipsing the 540 drones launched on the night of Sept. 6-7.",
        published="2025-10-14T08:00:00Z",
    )
    strikes = {e.weapon: e for e in of_type(events, "strike")}
    assert {w: str(e.occurred_on) for w, e in strikes.items()} == {
        "drone": "2025-10-14", "missile": "2025-10-14"}
    assert strikes["drone"].record.previous_value == 540
    assert str(strikes["drone"].record.previous_date) == "2025-09-07"


def test_a_drone_record_broken_is_not_the_missiles_previous_record():
    from extract_support import of_type, run

    events = run(
        "Russia fired a record 610 drones and 9 missiles at Ukraine overnight, surpassing the "
        "540 drones launched on Sept. 7, the air force said.",
        published="2025-10-14T08:00:00Z",
    )
    record = {e.weapon: e.record for e in of_type(events, "strike")}
    assert record["drone"].previous_value == 540
    assert record["missile"].previous_value is None
