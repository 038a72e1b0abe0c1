import datetime as dt

import pytest

from service.extract.dates import find_dates, find_rates, pick

# Wednesday 12 March 2025
ANCHOR = dt.date(2025, 3, 12)
D = dt.date


def first(text):
    found = find_dates(text, ANCHOR)
    assert found, text
    explicit = [d for d in found if d.when.explicit]
    return (explicit or found)[0].when


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("drones struck overnight", D(2025, 3, 12)),
        ("late last night", D(2025, 3, 12)),
        ("on Sunday", D(2025, 3, 9)),
        ("early Wednesday", D(2025, 3, 12)),
        ("last Wednesday", D(2025, 3, 5)),
        ("yesterday", D(2025, 3, 11)),
        ("on Feb. 3", D(2025, 2, 3)),
        ("on 28 February", D(2025, 2, 28)),
        ("on December 30", D(2024, 12, 30)),
        ("on the night of 8-9 March", D(2025, 3, 9)),
        ("in the past 24 hours", D(2025, 3, 12)),
    ],
)
def test_days(text, day):
    when = first(text)
    assert (when.period, when.on) == ("day", day)


@pytest.mark.parametrize(
    ("text", "period", "start", "end"),
    [
        ("in January", "month", D(2025, 1, 1), D(2025, 1, 31)),
        ("in November", "month", D(2024, 11, 1), D(2024, 11, 30)),
        ("last month", "month", D(2025, 2, 1), D(2025, 2, 28)),
        ("last week", "week", D(2025, 3, 3), D(2025, 3, 9)),
        ("over the past week", "week", D(2025, 3, 6), D(2025, 3, 12)),
        ("from October to December 2024", "range", D(2024, 10, 1), D(2024, 12, 31)),
        ("between May and July 2024", "range", D(2024, 5, 1), D(2024, 7, 31)),
        ("so far this year", "range", D(2025, 1, 1), D(2025, 3, 12)),
        ("in the first two months of 2025", "range", D(2025, 1, 1), D(2025, 2, 28)),
        (
            "since the start of the full-scale invasion",
            "cumulative",
            D(2022, 2, 24),
            D(2025, 3, 12),
        ),
        ("since February 2022", "cumulative", D(2022, 2, 24), D(2025, 3, 12)),
        ("in the week to March 9, 2025", "week", D(2025, 3, 2), D(2025, 3, 8)),
    ],
)
def test_periods(text, period, start, end):
    when = first(text)
    assert (when.period, when.start, when.end) == (period, start, end)


def test_history_is_flagged():
    assert first("as in 1944").historic


def test_modal_may_is_not_a_month():
    assert find_dates("it may rain", ANCHOR) == []


def test_invasion_date_belongs_to_cumulative_phrase():
    found = find_dates("since the beginning of the invasion on Feb. 24, 2022, it said", ANCHOR)
    assert len(found) == 1 and found[0].when.period == "cumulative"


def test_each_figure_takes_its_own_month():
    text = "losses of 30,100 in October and 33,400 in November"
    mentions = find_dates(text, ANCHOR)
    starts = [text.index("30,100"), text.index("33,400")]
    oct_ = pick(mentions, text, starts[0], starts[0] + 6, starts)
    nov_ = pick(mentions, text, starts[1], starts[1] + 6, starts)
    assert (oct_.start.month, nov_.start.month) == (10, 11)


def test_rates():
    assert [r.unit for r in find_rates("about 900 a day and 20,000 per month")] == ["day", "month"]
    assert find_rates("a day after the strike") == []
