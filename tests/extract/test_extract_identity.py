"""Contract properties of every extraction: ids, evidence offsets, purity."""

import datetime as dt

from service.events import EVENT_MODELS
from service.extract import extract

TEXT = (
    "Russia launched 96 drones at Ukraine overnight, and air defences downed 71, the air force "
    "said on Monday. A drone strike on Sumy killed two people and injured 11. "
    "Moscow has amassed 40,000 troops near the border. "
    "The Netherlands announced a €400 million aid package for Ukraine."
)
PUB = dt.datetime(2025, 3, 10, 8, tzinfo=dt.UTC)


def test_envelope_and_evidence():
    events = extract(TEXT, PUB, "art-1")
    assert {e.type for e in events} == {"strike", "casualty", "deployment", "diplomacy"}
    for e in events:
        assert isinstance(e, EVENT_MODELS[e.type])
        assert e.sources == ["art-1"] and e.mentions == 1 and e.article_id == "art-1"
        assert TEXT[e.evidence.start : e.evidence.end] == e.evidence.sentence


def test_ids_unique_and_deterministic():
    first = [e.event_id for e in extract(TEXT, PUB, "art-1")]
    assert len(set(first)) == len(first)
    assert first == [e.event_id for e in extract(TEXT, PUB, "art-1")]


def test_same_fact_in_two_articles_shares_its_id():
    other = "Ukraine's air force said Russia had launched 96 drones overnight. Most were shot down."
    a = {e.type: e.event_id for e in extract(TEXT, PUB, "art-1") if e.type == "strike"}
    b = {e.type: e.event_id for e in extract(other, PUB, "art-2") if e.type == "strike"}
    assert a == b


def test_different_facts_differ():
    monday = extract("Russia launched 96 drones overnight.", PUB, "a")
    tuesday = extract("Russia launched 96 drones overnight.", PUB + dt.timedelta(days=1), "b")
    assert monday[0].event_id != tuesday[0].event_id


def test_unrelated_articles_yield_nothing():
    assert extract("The striker scored 3 goals and set a club record on Sunday.", PUB, "x") == []
    assert (
        extract("Hezbollah fired 40 rockets at Israel; the IDF said 30 were intercepted.", PUB, "y")
        == []
    )
