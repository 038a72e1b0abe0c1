import pytest

from service.extract.qualifiers import qualifier_before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 310", "at_least"),
        ("over 12", "at_least"),
        ("at least 9", "at_least"),
        ("almost 40", "at_most"),
        ("nearly 77", "at_most"),
        ("up to 3,000", "at_most"),
        ("as many as 15,000", "at_most"),
        ("about 66", "approx"),
        ("around 410", "approx"),
        ("some 2,000", "approx"),
        ("roughly 85", "approx"),
        ("approximately 1,300", "approx"),
        ("an estimated 9,000", "approx"),
        ("a total of 44", "exact"),
    ],
)
def test_hedge_words(text, expected):
    start = next(i for i, c in enumerate(text) if c.isdigit())
    assert qualifier_before(text, start) == expected
