"""Money in diplomacy: currencies beyond dollars, euros and pounds, bracketed dollar equivalents,
per-country shares, joint sums, and amounts that are not an act (proposals, parts of a whole)."""

from service.extract.units import find_money, in_currency_of, to_usd


def test_more_currencies_are_read_as_written():
    found = find_money("SEK 1.2bn, 300 million Swiss francs, 80bn yen, C$250 million, 45m zlotys")
    assert [(m.value, m.currency) for m in found] == [
        (1.2e9, "SEK"),
        (300e6, "CHF"),
        (80e9, "JPY"),
        (250e6, "CAD"),
        (45e6, "PLN"),
    ]


def test_iso_codes_are_case_sensitive():
    assert find_money("the sek 5 million figure") == []


def test_kroner_takes_the_actors_currency():
    [m] = find_money("700 million kroner")
    assert m.currency == "DKK"
    assert in_currency_of(m, "NOK").currency == "NOK"
    assert in_currency_of(m, "NOK").usd == to_usd(700e6, "NOK")
    assert in_currency_of(m, "JPY") is m
