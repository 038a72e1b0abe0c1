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
