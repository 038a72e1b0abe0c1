import datetime as dt

from conftest import of_type


def cas(events):
    return of_type(events, "casualty")


def test_civilian_toll_from_a_strike(run):
    [e] = cas(
        run(
            "A Russian missile strike on Dnipro killed five people and injured 27 others, "
            "the governor said on Monday."
        )
    )
    assert (e.party, e.population, e.killed, e.wounded) == ("UA", "civilian", 5, 27)
    assert e.occurred_on == dt.date(2025, 3, 10) and e.place == "Dnipro"


def test_subset_of_children_is_not_a_separate_toll(run):
    events = cas(
        run(
            "The Russian strike killed 14 people, including three children, and wounded 40. At "
            "least two children were among the injured in Kharkiv."
        )
    )
    assert [(e.killed, e.wounded) for e in events] == [(14, 40)]


def test_combined_and_losses(run):
    events = cas(
        run(
            "About 41,200 Russian soldiers were killed or wounded in January, British "
            "defence intelligence said. Ukraine's general staff put Russian losses at "
            "1,310 over the past day."
        )
    )
    kow = next(e for e in events if e.killed_or_wounded)
    assert (kow.party, kow.killed_or_wounded, kow.qualifier, kow.period) == (
        "RU",
        41200,
        "approx",
        "month",
    )
    assert kow.period_start == dt.date(2025, 1, 1)
    daily = next(e for e in events if e.losses)
    assert (daily.losses, daily.period, daily.occurred_on) == (1310, "day", dt.date(2025, 3, 12))


def test_cumulative_total(run):
    [e] = cas(
        run(
            "Russia has lost more than 880,000 troops since the start of the full-scale "
            "invasion, Kyiv said."
        )
    )
    assert (e.losses, e.qualifier, e.period, e.period_end) == (
        880000,
        "at_least",
        "cumulative",
        dt.date(2025, 3, 12),
    )


def test_daily_average(run):
    [e] = cas(run("Russian forces lost an average of 1,270 soldiers a day in February."))
    assert e.daily_average and e.period == "month" and e.losses == 1270


def test_between_gives_two_lines(run):
    events = cas(
        run(
            "The study estimated that between 45,000 and 70,000 Ukrainian soldiers have "
            "been killed since 2022."
        )
    )
    assert sorted((e.killed, e.qualifier) for e in events) == [
        (45000, "at_least"),
        (70000, "at_most"),
    ]


def test_deadliest_with_previous_record(run):
    events = cas(
        run(
            "Russia suffered its deadliest day yet as 1,980 of its soldiers were killed or "
            "wounded on March 8. That beat the previous record of 1,870 set on February 3."
        )
    )
    e = next(e for e in events if e.killed_or_wounded == 1980)
    assert e.record.previous_value == 1870 and e.record.previous_date == dt.date(2025, 2, 3)


def test_all_sides_and_forecasts_are_ignored(run):
    assert cas(run("Every month, more than 30,000 are killed or wounded on both sides.")) == []
    assert cas(run("Russia will likely pass the 1 million casualty mark this spring.")) == []


def test_single_person(run):
    [e] = cas(run("In Russia's Belgorod region, a woman was killed when a drone hit her car."))
    assert (e.party, e.killed) == ("RU", 1)
