import datetime as dt

from extract_support import of_type, run


def cas(events):
    return of_type(events, "casualty")


def test_civilian_toll_from_a_strike():
    [e] = cas(
        run(
            "A Russian missile strike on Dnipro killed five people and injured 27 others, "
            "the governor said on Monday."
        )
    )
    assert (e.party, e.population, e.killed, e.wounded) == ("UA", "civilian", 5, 27)
    assert e.occurred_on == dt.date(2025, 3, 10) and e.place == "Dnipro"


def test_subset_of_children_is_not_a_separate_toll():
    events = cas(
        run(
            "The Russian strike killed 14 people, including three children, and wounded 40. At "
            "least two children were among the injured in Kharkiv."
        )
    )
    assert [(e.killed, e.wounded) for e in events] == [(14, 40)]


def test_combined_and_losses():
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


def test_cumulative_total():
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


def test_daily_average():
    [e] = cas(run("Russian forces lost an average of 1,270 soldiers a day in February."))
    assert e.daily_average and e.period == "month" and e.losses == 1270


def test_between_gives_two_lines():
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


def test_deadliest_with_previous_record():
    events = cas(
        run(
            "Russia suffered its deadliest day yet as 1,980 of its soldiers were killed or "
            "wounded on March 8. That beat the previous record of 1,870 set on February 3."
        )
    )
    e = next(e for e in events if e.killed_or_wounded == 1980)
    assert e.record.previous_value == 1870 and e.record.previous_date == dt.date(2025, 2, 3)


def test_all_sides_and_forecasts_are_ignored():
    assert cas(run("Every month, more than 30,000 are killed or wounded on both sides.")) == []
    assert cas(run("Russia will likely pass the 1 million casualty mark this spring.")) == []


def test_single_person():
    [e] = cas(run("In Russia's Belgorod region, a woman was killed when a drone hit her car."))
    assert (e.party, e.killed) == ("RU", 1)


def test_total_brought_to_and_relative_clause():
    events = cas(
        run(
            "Russia lost 1,090 soldiers over the past day, bringing its total losses since "
            "February 2022 to 901,200, Ukraine's general staff said. Investigators have "
            "named 95,300 Russian soldiers who died in the war."
        )
    )
    assert sorted((e.period, e.losses or e.killed) for e in events) == [
        ("cumulative", 95300),
        ("cumulative", 901200),
        ("day", 1090),
    ]


def test_list_item_with_its_own_verb_is_not_a_casualty():
    [e] = cas(
        run(
            "A Russian drone hit a house in Sumy: nine people were injured, and two were "
            "rescued from the rubble."
        )
    )
    assert e.wounded == 9


def test_general_staff_list_line():
    events = cas(
        run(
            "Russia's combat losses since Feb. 24, 2022, according to Ukraine's General Staff: "
            "personnel — about 905,330 (+1,240); tanks — 10,160 (+4)."
        )
    )
    assert sorted((e.period, e.losses, e.party) for e in events) == [
        ("cumulative", 905330, "RU"),
        ("day", 1240, "RU"),
    ]


def test_captured_wounded_soldiers_are_captured_not_wounded():
    [e] = cas(
        run(
            "Ukrainian paratroopers captured three wounded Russian soldiers near Pokrovsk, "
            "the brigade said on Tuesday."
        )
    )
    assert (e.party, e.population, e.captured, e.wounded) == ("RU", "military", 3, None)


def test_soldiers_killed_by_a_named_side_belong_to_the_other_side():
    [e] = cas(run("Ukrainian forces killed 140 soldiers in the Kursk region over the past week."))
    assert (e.party, e.population, e.killed) == ("RU", "military", 140)


def test_victim_named_after_of_keeps_its_side():
    [e] = cas(
        run(
            "A Russian strike on a brigade of Ukraine's air assault forces killed nine soldiers "
            "on Sunday, the command said."
        )
    )
    assert (e.party, e.population, e.killed) == ("UA", "military", 9)


def test_people_killed_by_attacks_on_settlements_are_the_other_sides_civilians():
    [e] = cas(
        run(
            "Russian troops shelled 19 front-line villages in the Zaporizhzhia region on "
            "Tuesday, killing three people and injuring 11, the governor said."
        )
    )
    assert (e.party, e.population, e.killed, e.wounded) == ("UA", "civilian", 3, 11)


def test_killed_or_wounded_after_the_verb_is_one_combined_figure():
    [e] = cas(run("The army said it killed or wounded 1,150 Russian troops over the past day."))
    assert (e.party, e.killed_or_wounded, e.wounded) == ("RU", 1150, None)


def test_tally_line_takes_its_side_from_the_list_heading():
    events = cas(
        run(
            "Ukraine's General Staff published its daily update.\n\n"
            "Total combat losses of the Russian army from Feb. 24, 2022 to March 12, 2025 are "
            "approximately:\n\n"
            "tanks: 10,150 (+6);\n"
            "personnel: about 893,410 (+1,310) soldiers;\n"
            "artillery systems: 23,400 (+35)."
        )
    )
    total = next(e for e in events if e.period == "cumulative")
    assert (total.party, total.population, total.losses, total.qualifier) == (
        "RU",
        "military",
        893410,
        "approx",
    )


def test_round_headline_figure_restating_an_exact_count_is_one_fact():
    events = cas(
        run(
            "Over 80,000 Russian troops dead in Ukraine, count finds\n\n"
            "A volunteer project tracking obituaries has counted 80,412 Russian soldiers "
            "killed in the war, its organisers said."
        )
    )
    assert [(e.party, e.killed, e.qualifier) for e in events] == [("RU", 80412, "exact")]


def test_estimates_near_each_other_stay_separate_claims():
    events = cas(
        run(
            "A think tank put Russia's killed and wounded in Ukraine at nearly 700,000. A second "
            "estimate, by a European agency, puts Russian casualties at about 650,000."
        )
    )
    assert sorted(e.killed_or_wounded or e.losses for e in events) == [650000, 700000]


def test_tolls_of_past_wars_are_history():
    events = cas(
        run(
            "Seoul said about 4,000 North Korean soldiers have been lost in Russia's Kursk "
            "region. Pyongyang last fought in the Korean War, in which some 3 million people "
            "are thought to have died. Russian losses in Ukraine dwarf the 15,000 Soviet "
            "soldiers killed in the Soviet-Afghan war."
        )
    )
    assert [(e.party, e.losses or e.killed) for e in events] == [("KP", 4000)]


def test_drones_lost_to_jamming_are_not_casualties():
    events = run(
        "Russia launched 120 drones at Ukraine overnight; 70 were shot down while 41 others "
        "were lost to electronic warfare, the air force said."
    )
    assert cas(events) == []


def test_toll_naming_no_side_keeps_the_side_being_counted():
    events = cas(
        run(
            "Ukraine's General Staff said Russia lost 1,200 troops over the past day. The worst "
            "single day so far saw a toll of 2,300 personnel, on Dec. 18, 2024."
        )
    )
    assert sorted((e.party, e.losses) for e in events) == [("RU", 1200), ("RU", 2300)]


def test_invaders_and_occupiers_are_soldiers():
    [e] = cas(run("In the past day, Ukrainian defenders eliminated 990 Russian occupiers."))
    assert (e.party, e.population, e.losses) == ("RU", "military", 990)


def test_rate_compared_with_an_earlier_rate():
    events = cas(
        run(
            "Russian forces lost about 1,100 troops per day in March, down from a peak of "
            "1,500 a day in December, the UK defence ministry said."
        )
    )
    assert sorted((e.losses, e.daily_average, e.period_start.month) for e in events) == [
        (1100, True, 3),
        (1500, True, 12),
    ]


def test_toll_up_from_an_earlier_count_is_one_toll():
    events = cas(run("A Russian strike on Dnipro killed 21 people, up from 15 reported on Monday."))
    assert [e.killed for e in events] == [21]


def test_headline_rounding_a_finer_body_estimate():
    events = cas(
        run(
            "Russia lost more than 300,000 soldiers in 2024, Western officials say\n\n"
            "Russia suffered about 320,000 killed and wounded in Ukraine in 2024, according to "
            "Western officials."
        )
    )
    assert [(e.killed_or_wounded, e.qualifier) for e in events] == [(320000, "approx")]


def test_combined_attack_is_not_a_toll_of_both_sides():
    [e] = cas(
        run(
            "On Sunday Russia fired 40 missiles and 200 drones, its biggest combined air attack "
            "this year, killing six people in the Kyiv region."
        )
    )
    assert (e.party, e.killed) == ("UA", 6)


def test_acting_capital_is_not_where_people_were_hurt():
    [e] = cas(
        run(
            "A missile hit Mykolaiv on Friday, killing three people and wounding 17, hours after "
            "Moscow threatened retaliation."
        )
    )
    assert (e.party, e.killed, e.wounded, e.place) == ("UA", 3, 17, "Mykolaiv")


def test_people_listed_before_the_outcome():
    [e] = cas(
        run(
            "In Zaporizhzhia, an elderly man, his wife and two grandchildren were injured when a "
            "Russian drone hit their home."
        )
    )
    assert (e.party, e.wounded) == ("UA", 4)
    vague = "A pensioner and other residents were hurt by Russian shelling in Kharkiv."
    assert cas(run(vague)) == []


def test_one_person_of_a_larger_toll_told_in_detail():
    events = cas(
        run(
            "Over the past day, Russian shelling of the Odesa region killed two people and "
            "wounded nine. In Odesa city, a woman was injured by a drone. In Kherson, a man was "
            "injured by Russian artillery fire."
        )
    )
    assert sorted((e.place, e.killed, e.wounded) for e in events) == [
        ("Kherson", None, 1),
        ("Odesa region", 2, 9),
    ]


def test_entry_away_from_the_war_is_another_war():
    events = cas(
        run(
            "Russia launched 40 drones at Ukraine overnight. Away from Ukraine: Gaza's health "
            "ministry says Israeli strikes have killed at least 60 people since Tuesday."
        )
    )
    assert events == []


def test_casualties_per_area_are_a_ratio():
    text = (
        "Analysts estimate Russian forces suffered about 90 casualties for every square "
        "kilometre they captured, and 40 soldiers per square mile in the south."
    )
    assert cas(run(text)) == []


def test_wounded_after_a_risen_toll_share_its_day():
    [e] = cas(
        run(
            "The number of dead from Monday's Russian missile attack on Poltava has risen to 19, "
            "with 60 people hurt, the mayor said on Wednesday."
        )
    )
    assert (e.killed, e.wounded, e.occurred_on) == (19, 60, dt.date(2025, 3, 10))


def test_total_with_the_days_part():
    events = cas(
        run(
            "Russian personnel losses now stand at about 990,000, of which 1,310 over the past "
            "day, Ukraine's General Staff said."
        )
    )
    got = sorted((e.period, e.losses) for e in events)
    assert got == [("cumulative", 990000), ("day", 1310)]


def test_monitors_named_for_the_country_and_a_closed_off_part():
    [e] = cas(
        run(
            "According to the UN Human Rights Monitoring Mission in Ukraine, at least 9,000 "
            "civilians, including 500 children, have been killed since 24 February 2022, and "
            "17,000 injured."
        )
    )
    assert (e.party, e.population, e.killed, e.wounded) == ("UA", "civilian", 9000, 17000)
    assert e.period == "cumulative" and e.qualifier == "at_least"


def test_dead_in_an_assault_on_cities_are_civilians():
    events = cas(
        run(
            "Russia pounds Ukrainian cities in biggest air assault of the year, "
            "at least 25 dead\n\n"
            "KYIV - Russia fired missiles at cities across Ukraine on Tuesday, killing at least "
            "25 civilians."
        )
    )
    assert {(e.population, e.killed) for e in events} == {("civilian", 25)}


def test_no_one_hurt_is_nobody():
    assert not cas(
        run(
            "A drone hit a power plant in the region overnight. No one was hurt, the governor said."
        )
    )


def test_an_earlier_reading_of_a_toll_gives_way_to_the_update():
    events = cas(
        run(
            "A Russian missile hit a market in the city of Sumy on Tuesday. Officials said 12 "
            "people had been killed and 40 wounded, up from the 9 dead and 31 wounded reported "
            "at noon. "
            "An earlier count had put the toll at 7 dead."
        )
    )
    assert [(e.killed, e.wounded) for e in events] == [(12, 40)]


def test_an_earlier_reading_stands_when_no_larger_toll_follows():
    [e] = cas(
        run(
            "A Russian drone hit a bus in Kherson on Monday. "
            "Earlier, officials had reported 4 killed."
        )
    )
    assert e.killed == 4


def test_killed_comma_wounded_in_a_headline_is_one_combined_figure():
    [e] = cas(run("Over 500 Russian soldiers killed, wounded near Kupiansk, Ukraine says"))
    assert (e.party, e.killed_or_wounded, e.killed) == ("RU", 500, None)


def test_a_side_that_lost_n_killed_counts_soldiers():
    [e] = cas(
        run("He said Russian forces had lost about 9,000 killed in the city, Ukraine's army said.")
    )
    assert (e.party, e.population, e.killed) == ("RU", "military", 9000)


def test_a_side_named_in_the_when_clause_is_the_attacker():
    events = cas(
        run(
            "Russia admitted a heavy blow. Its defence ministry said 40 servicemen had been "
            "killed when Ukrainian rockets struck a base."
        )
    )
    assert [(e.party, e.population, e.killed) for e in events] == [("RU", "military", 40)]


def test_a_defence_ministers_count_of_the_dead_is_soldiers():
    [e] = cas(run("In March, Russia's defence minister put Russia's dead at 1,300, in Ukraine."))
    assert (e.party, e.population, e.killed) == ("RU", "military", 1300)


def test_a_side_opening_the_sentence_owns_the_figures_that_follow():
    events = cas(
        run(
            "A British estimate put Russian military casualties at 90,000. For Ukraine, the "
            "estimate gives total casualties of 70,000. Of those, it says, 12,000 were killed."
        )
    )
    assert {(e.party, e.losses, e.killed) for e in events} == {
        ("RU", 90000, None),
        ("UA", 70000, 12000),
    }


def test_tolls_of_russias_earlier_wars_are_history():
    assert cas(run("Russia lost about 60 soldiers in the 2008 war with Georgia, it said.")) == []
    assert cas(run("During the war in Chechnya, Russia lost 6,000 troops, historians say.")) == []
    assert cas(run("Russia lost 90 soldiers in the five-day war, officials said.")) == []
