import datetime as dt

from extract_support import of_type, run


def terr(events):
    return of_type(events, "territory")


def test_square_miles_converted_and_record():
    [e] = terr(
        run(
            "Russian troops captured about 160 square miles of Ukrainian land in February, "
            "the largest monthly gain since 2022, analysts said."
        )
    )
    assert e.gainer == "RU" and e.area_reported.unit == "sq_mi"
    assert abs(e.area_km2 - 160 * 2.589988) < 1e-6
    assert e.qualifier == "approx" and e.record is not None
    assert e.period_start == dt.date(2025, 2, 1)


def test_restated_unit_is_not_a_second_area():
    events = terr(run("Russia seized 210 square kilometres (81 square miles) last week."))
    assert [e.area_km2 for e in events] == [210]


def test_loss_gives_ground_to_the_other_side():
    [e] = terr(run("Ukrainian forces lost 12 square kilometres near Pokrovsk last week."))
    assert e.gainer == "RU"


def test_holding_and_regaining():
    events = terr(
        run(
            "Ukraine still controls 350 square kilometres of Russia's Kursk region. "
            "Syrskyi said his troops regained 6 square kilometres of Ukrainian territory "
            "on Tuesday."
        )
    )
    assert [(e.gainer, e.area_km2) for e in events] == [("UA", 350), ("UA", 6)]


def test_lengths_are_not_areas():
    assert terr(run("Russian forces advanced along a 900 km front line.")) == []


def test_earlier_month_after_up_from_is_a_figure_of_its_own():
    events = terr(
        run(
            "Russian troops took 402 square kilometres of Ukrainian land in February, analysts "
            "said. The figure was up from 311 square kilometres in January; it means roughly "
            "14 square kilometres a day."
        )
    )
    got = [(e.gainer, e.area_km2, e.period_start, e.daily_average) for e in events]
    assert got == [
        ("RU", 402, dt.date(2025, 2, 1), False),
        ("RU", 311, dt.date(2025, 1, 1), False),
        ("RU", 14, dt.date(2025, 2, 1), True),
    ]


def test_hectares_cleared_by_the_speakers_troops():
    [e] = terr(
        run(
            "Fighting in the war in Ukraine continued on Wednesday. According to Syrskyi, his "
            "brigades have cleared Russian units from some 900 hectares around Kupiansk."
        )
    )
    assert (e.gainer, e.area_km2, e.area_reported.unit, e.qualifier) == ("UA", 9, "ha", "approx")


def test_compared_figure_without_unit_is_the_month_before():
    events = terr(
        run(
            "Moscow's forces seized 481 square kilometres of Ukrainian land in July, down from "
            "523 in June, according to an analysis of ISW data.",
            published="2025-06-15T09:00:00Z",
        )
    )
    got = [(e.gainer, e.area_km2, e.period_start) for e in events]
    assert got == [("RU", 481, dt.date(2024, 7, 1)), ("RU", 523, dt.date(2024, 6, 1))]


def test_daily_rate_restating_the_month_before():
    events = terr(
        run(
            "In February, Russian forces captured 380 square kilometres of Ukrainian land, "
            "DeepState said. That comes to roughly 13.6 square kilometres a day."
        )
    )
    daily = next(e for e in events if e.daily_average)
    assert (daily.gainer, daily.area_km2, daily.period_start) == ("RU", 13.6, dt.date(2025, 2, 1))


def test_side_named_on_the_gains_is_the_gainer():
    [e] = of_type(
        run("For comparison, the analysts counted 390 sq km of Russian gains in June."), "territory"
    )
    assert (e.gainer, e.area_km2) == ("RU", 390.0)


def test_a_month_that_accounted_for_part_of_the_total():
    found = {
        (e.gainer, e.area_reported.value)
        for e in of_type(
            run(
                "Russian forces captured some 900 square miles of Ukrainian territory last year, "
                "analysts said. November alone accounted for about 120 square miles."
            ),
            "territory",
        )
    }
    assert found == {("RU", 900.0), ("RU", 120.0)}


def test_the_whole_area_held_is_not_a_gain():
    assert (
        terr(
            run(
                "In total, Russian forces now control about 110,000 square kilometres, or roughly "
                "18% of Ukraine's territory."
            )
        )
        == []
    )
    assert terr(run("Russia occupies some 100,000 sq km, or about a sixth of Ukraine.")) == []
    [e] = terr(
        run("The army chief said Ukrainian forces now control 800 square kilometres of Kursk.")
    )
    assert (e.gainer, e.area_km2) == ("UA", 800)
