from service.extract.units import area_after, find_money, to_usd


def test_square_miles_convert_to_km2():
    text = "took 40 square miles"
    area = area_after(text, text.index("40") + 2, 40)
    assert area.unit == "sq_mi"
    assert area.km2 == round(40 * 2.589988, 6)


def test_hectares_and_hyphenated_units():
    text = "a 250-hectare plot"
    area = area_after(text, text.index("250") + 3, 250)
    assert (area.unit, area.km2) == ("ha", 2.5)
    text = "a 12-square-kilometre strip"
    assert area_after(text, text.index("12") + 2, 12).unit == "km2"


def test_length_is_not_area():
    text = "a front of 900 km"
    assert area_after(text, text.index("900") + 3, 900) is None


def test_money_forms_and_fixed_rates():
    found = find_money("$310 million, €2bn and £75m, plus 4 billion euros")
    assert [(m.value, m.currency) for m in found] == [
        (310e6, "USD"),
        (2e9, "EUR"),
        (75e6, "GBP"),
        (4e9, "EUR"),
    ]
    assert to_usd(100, "GBP") == 127.0
    assert to_usd(100, "EUR") == 108.0
