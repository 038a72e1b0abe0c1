from service.extract.numbers import find_numbers, parse_words


def values(text):
    return [(n.value, n.upper, n.implied) for n in find_numbers(text)]


def test_digits_with_separators_and_decimals():
    assert values("a toll of 2,315 and 61 904 and 3.5") == [
        (2315, None, None),
        (61904, None, None),
        (3.5, None, None),
    ]


def test_scale_words():
    assert values("about 2.4 million people and 7 thousand troops") == [
        (2_400_000, None, None),
        (7000, None, None),
    ]


def test_number_words():
    assert parse_words("forty-two") == 42
    assert parse_words("three hundred and twelve") == 312
    assert parse_words("a dozen") == 12
    assert parse_words("two dozen") == 24
    assert parse_words("half a million") == 500_000
    assert values("nineteen soldiers and eleven civilians") == [(19, None, None), (11, None, None)]


def test_separate_word_numbers_are_not_joined():
    assert values("seven and nine") == [(7, None, None), (9, None, None)]


def test_hyphen_range_gives_floor_with_upper_and_ceiling():
    assert values("between 3,000-3,500 troops") == [
        (3000, 3500, "at_least"),
        (3500, None, "at_most"),
    ]


def test_between_gives_floor_and_ceiling():
    out = find_numbers("between 4,000 and 9,000 deaths")
    assert [(n.value, n.implied) for n in out] == [(4000, "at_least"), (9000, "at_most")]
    assert out[0].tail == out[1].tail  # both count the same noun


def test_change_is_not_a_range():
    assert values("rose from 40 to 55") == [(40, None, None), (55, None, None)]


def test_ordinals_and_compounds_are_not_numbers():
    assert values("the eighth attack on a nine-story block") == []


def test_nearly_half_is_not_a_number():
    assert values("nearly half of them") == []
