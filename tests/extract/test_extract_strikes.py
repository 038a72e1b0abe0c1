import datetime as dt

from extract_support import of_type, run


def strikes(events):
    return {(e.attacker, e.target_country, e.weapon): e for e in of_type(events, "strike")}


def test_launched_and_destroyed_per_weapon():
    ev = strikes(
        run(
            "Russia launched 62 drones and four ballistic missiles at Ukraine overnight, the air "
            "force said on Wednesday, adding that air defences destroyed 51 of the drones."
        )
    )
    drone, missile = ev[("RU", "UA", "drone")], ev[("RU", "UA", "missile")]
    assert (drone.launched, drone.intercepted, missile.launched, missile.intercepted) == (
        62,
        51,
        4,
        None,
    )
    assert drone.occurred_on == dt.date(2025, 3, 12) and drone.period == "single"
    assert drone.claimed_by == "UA air force"


def test_a_single_missile_and_the_missile():
    ev = strikes(
        run(
            "Russia fired 17 drones and a cruise missile; air defence downed the missile "
            "and 12 drones."
        )
    )
    assert (ev[("RU", "UA", "missile")].launched, ev[("RU", "UA", "missile")].intercepted) == (1, 1)
    assert ev[("RU", "UA", "drone")].intercepted == 12


def test_k_of_n():
    ev = strikes(run("Ukrainian air defences shot down 70 of the 93 drones launched by Russia."))
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (93, 70)


def test_russian_ministry_claim_reverses_sides():
    ev = strikes(
        run(
            "Russia's defence ministry said it destroyed 38 Ukrainian drones over the "
            "Kursk and Oryol regions on Tuesday."
        )
    )
    e = ev[("UA", "RU", "drone")]
    assert e.intercepted == 38 and e.claimed_by == "RU defence ministry"
    assert e.occurred_on == dt.date(2025, 3, 11)


def test_electronic_warfare_is_not_intercepted():
    ev = strikes(
        run(
            "Russia launched 120 drones overnight. Air defences shot down 70, while 44 "
            "drones were lost to electronic warfare."
        )
    )
    assert ev[("RU", "UA", "drone")].intercepted == 70


def test_regional_breakdown_folds_into_total():
    ev = strikes(
        run(
            "Air defences destroyed 57 Ukrainian drones over Russian regions overnight, "
            "the ministry said. Twenty drones were destroyed over the Bryansk region."
        )
    )
    assert list(ev) == [("UA", "RU", "drone")]
    assert ev[("UA", "RU", "drone")].intercepted == 57


def test_passive_list_and_guided_bombs():
    ev = strikes(
        run(
            "Over the past week, 410 guided aerial bombs, 280 drones and 9 missiles were "
            "used against Ukraine, Zelensky said."
        )
    )
    bombs = ev[("RU", "UA", "guided_bomb")]
    assert bombs.launched == 410 and bombs.qualifier == "exact" and bombs.period == "week"


def test_mixed_only_without_a_breakdown():
    ev = strikes(run("Russia has fired more than 900 missiles and drones at Ukraine this month."))
    assert ev[("RU", "UA", "mixed")].launched == 900
    ev = strikes(
        run(
            "Russia fired over 300 missiles and drones on Monday. Ukraine downed 80 "
            "missiles and 150 drones of the 120 missiles and 190 drones launched."
        )
    )
    assert ("RU", "UA", "mixed") not in ev
    assert ev[("RU", "UA", "missile")].launched == 120


def test_record_with_previous_value():
    ev = strikes(
        run(
            "Russia launched a record 790 drones overnight, surpassing the previous "
            "record of 728 set on July 9."
        )
    )
    rec = ev[("RU", "UA", "drone")].record
    assert rec.claimed and rec.previous_value == 728 and rec.previous_date == dt.date(2024, 7, 9)


def test_record_claim_without_figure_in_same_story():
    ev = strikes(
        run(
            "It was the largest drone attack of the war. Russia launched 430 drones at "
            "Ukraine overnight."
        )
    )
    assert ev[("RU", "UA", "drone")].record is not None


def test_hypotheticals_and_history_are_ignored():
    assert (
        of_type(
            run("Russia could launch 1,500 drones a day by next year, Ukrainian officials warned."),
            "strike",
        )
        == []
    )
    assert (
        of_type(run("In 1944, Soviet forces fired 3,000 shells at the town in Ukraine."), "strike")
        == []
    )


def test_target_place():
    ev = strikes(run("Russia attacked Odesa with 23 drones overnight."))
    assert ev[("RU", "UA", "drone")].target == "Odesa"


def test_elided_weapon_and_both():
    ev = strikes(
        run(
            "Russia launched 58 drones overnight. Air defences shot down 41, while the "
            "rest were jammed."
        )
    )
    assert ev[("RU", "UA", "drone")].intercepted == 41
    ev = strikes(
        run(
            "Russia launched 30 drones and two missiles; air defences destroyed 25 of the "
            "drones and both missiles."
        )
    )
    assert ev[("RU", "UA", "missile")].intercepted == 2


def test_same_class_list_is_summed():
    ev = strikes(run("Russia used 40 Shahed drones and 25 decoy drones in the attack on Ukraine."))
    assert ev[("RU", "UA", "drone")].launched == 65


def test_denied_attack_is_ignored():
    assert (
        of_type(run("Kyiv denied that its forces had fired 30 missiles at Russia."), "strike") == []
    )


def test_range_upper():
    ev = strikes(run("Russia fired 30-40 missiles at Ukraine overnight."))
    e = ev[("RU", "UA", "missile")]
    assert (e.launched, e.range_upper, e.qualifier) == (30, 40, "at_least")


def test_of_which_were_shot_down():
    ev = strikes(run("Russia launched 88 drones at Ukraine overnight, of which 61 were shot down."))
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (88, 61)
    ev = strikes(run("Russia launched 95 drones overnight. 70 of them were shot down."))
    assert ev[("RU", "UA", "drone")].intercepted == 70


def test_coordinated_modifiers_before_one_weapon_noun():
    ev = strikes(
        run(
            "Russia sent 315 strike and decoy drones against Ukraine overnight, the air force "
            "said. Air defences downed 201 of the drones."
        )
    )
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (315, 201)


def test_coordinated_modifiers_do_not_join_other_nouns():
    assert strikes(run("Shelling killed 12 civilians and wounded 30 in Kherson.")) == {}


def test_missiles_that_tore_through_a_city_were_launched():
    ev = strikes(
        run(
            "On Monday two Russian missiles smashed into a market in Chernihiv, killing at "
            "least nine people, officials said."
        )
    )
    e = ev[("RU", "UA", "missile")]
    assert e.launched == 2 and e.occurred_on == dt.date(2025, 3, 10)


def test_added_item_after_a_long_first_item_shares_the_verb():
    ev = strikes(
        run(
            "The air force said Russia struck Ukraine overnight with 95 drones, most of them "
            "Gerans sent in waves from occupied Crimea and from Oryol, along with three "
            "ballistic missiles."
        )
    )
    assert set(ev) == {("RU", "UA", "drone"), ("RU", "UA", "missile")}
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "missile")].launched) == (95, 3)


def test_place_launched_from_is_not_the_target():
    ev = strikes(
        run(
            "Russia attacked Ukraine with 61 drones launched from Kursk and Bryansk, "
            "the air force said, adding that 40 were shot down."
        )
    )
    assert list(ev) == [("RU", "UA", "drone")]


def test_all_of_a_class_intercepted_in_the_next_sentence():
    ev = strikes(
        run(
            "Russia fired 14 cruise missiles and 66 drones at Ukraine overnight, the air force "
            "said. Air defences destroyed all the missiles and 49 of the drones."
        )
    )
    missile, drone = ev[("RU", "UA", "missile")], ev[("RU", "UA", "drone")]
    assert (missile.launched, missile.intercepted) == (14, 14)
    assert (drone.launched, drone.intercepted) == (66, 49)


def test_forecasts_and_denied_partial_counts_are_not_strikes():
    events = run(
        "Analysts expect Russia to fire up to 700 drones a night by autumn. Moscow denied "
        "that 300 of its drones had been shot down over the Black Sea."
    )
    assert of_type(events, "strike") == []


def test_fleet_named_before_its_intercepted_part():
    ev = strikes(
        run(
            "Russia fired 40 missiles and 120 drones at Ukraine overnight. Of the drones, 95 "
            "were shot down, and of the missiles, at least 30 were intercepted, the air force said."
        )
    )
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (120, 95)
    assert ev[("RU", "UA", "missile")].intercepted == 30


def test_fronted_denominator_is_the_launch():
    ev = strikes(
        run("Out of the 150 Shahed drones sent by Russia, 102 were downed by air defence.")
    )
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (150, 102)


def test_part_takes_the_sides_of_its_fleet():
    ev = strikes(run("Of the 64 drones launched at Ukraine overnight, 41 were shot down."))
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (64, 41)


def test_rockets_of_a_launcher_system_are_artillery():
    ev = strikes(
        run(
            "Over the past week, Russian air defences downed 12 guided bombs, 15 rockets of the "
            "US-supplied HIMARS multiple launch rocket system and 640 fixed-wing drones, the "
            "defence ministry in Moscow said on Saturday in its weekly report."
        )
    )
    assert ev[("UA", "RU", "artillery")].intercepted == 15
    drone = ev[("UA", "RU", "drone")]
    assert (drone.intercepted, drone.launched, drone.period) == (640, None, "week")


def test_launcher_named_before_the_rockets():
    ev = strikes(run("Russian air defences intercepted eight Vampire rockets over Belgorod."))
    assert ev[("UA", "RU", "artillery")].intercepted == 8
    plain = strikes(run("Russia fired 40 rockets at Kharkiv overnight."))
    assert plain[("RU", "UA", "missile")].launched == 40


def test_previous_largest_attack_told_with_when_is_no_new_strike():
    events = run(
        "Russia sent a record 410 drones against Ukraine overnight, the air force said. The "
        "previous biggest drone attack happened on March 2, when 320 drones were launched."
    )
    [e] = of_type(events, "strike")
    assert (e.launched, e.record.previous_value) == (410, 320)


def test_single_weapon_hit_in_the_lede():
    text = (
        "Missile strike on Dnipro\n\n"
        "A Russian Iskander missile crashed into an office block in Dnipro on Tuesday, killing "
        "four people, officials said.\n\n"
        "Later, a drone hit a warehouse in Odesa.\n\n"
        "Five people were hurt when a drone struck a house near Kharkiv."
    )
    ev = strikes(run(text))
    assert list(ev) == [("RU", "UA", "missile")]
    e = ev[("RU", "UA", "missile")]
    assert (e.launched, e.target, e.occurred_on) == (1, "Dnipro", dt.date(2025, 3, 11))


def test_origin_regions_name_the_attacker_and_shot_down_or_suppressed():
    text = (
        "Overnight, the enemy attacked with 72 Shahed-type drones and decoys launched from "
        "Bryansk and Kursk. By 09:00, air defence had shot down or suppressed 50 drones."
    )
    e = strikes(run(text))[("RU", "UA", "drone")]
    assert (e.launched, e.intercepted) == (72, 50)


def test_all_of_them_destroyed():
    text = (
        "Ukraine sent 64 drones towards Russian regions on Sunday night, the defence ministry "
        "in Moscow said, adding that all of them had been destroyed."
    )
    e = strikes(run(text))[("UA", "RU", "drone")]
    assert (e.launched, e.intercepted) == (64, 64)


def test_hedged_list_items_with_thousands_share_the_verb():
    ev = strikes(
        run(
            "The president said Russia had fired upwards of 2,300 attack drones, close to "
            "1,400 glide bombs and 70 missiles at Ukraine over the past week."
        )
    )
    assert ev[("RU", "UA", "drone")].launched == 2300
    assert ev[("RU", "UA", "guided_bomb")].launched == 1400
    assert ev[("RU", "UA", "guided_bomb")].qualifier == "at_most"
    assert ev[("RU", "UA", "missile")].launched == 70


def test_of_various_types_belongs_to_the_noun():
    ev = strikes(
        run(
            "Twenty-four missiles of different types were launched at Ukraine overnight. "
            "Air defences shot down 19 of them."
        )
    )
    assert (ev[("RU", "UA", "missile")].launched, ev[("RU", "UA", "missile")].intercepted) == (
        24,
        19,
    )


def test_one_of_its_biggest_missile_attacks_is_no_count():
    assert not strikes(run("Russia launched one of its biggest missile attacks on Lviv in weeks."))


def test_of_which_part_has_its_own_verb():
    ev = strikes(
        run(
            "Russia sent 210 drones and 12 missiles against Ukraine overnight, of which "
            "180 drones and nine missiles were destroyed, the air force said."
        )
    )
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (210, 180)
    assert (ev[("RU", "UA", "missile")].launched, ev[("RU", "UA", "missile")].intercepted) == (
        12,
        9,
    )


def test_lead_in_verb_with_one_item_a_line():
    ev = strikes(
        run(
            "Russia attacked Ukraine overnight, the air force said.\n"
            "Of the targets, air defence shot down:\n"
            "- 40 Shahed drones;\n"
            "- 12 cruise missiles.\n"
            "Power was cut in two regions."
        )
    )
    assert ev[("RU", "UA", "drone")].intercepted == 40
    assert ev[("RU", "UA", "missile")].intercepted == 12


def test_weapon_label_then_counts_with_participles():
    ev = strikes(
        run(
            "Russia attacked Odesa overnight. The air force gave its figures:\n"
            'Drones: 90 launched, 71 destroyed, 12 "locationally lost".\n'
            "Missiles: 9 launched, 4 destroyed."
        )
    )
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (90, 71)
    assert (ev[("RU", "UA", "missile")].launched, ev[("RU", "UA", "missile")].intercepted) == (9, 4)


def test_attack_make_up_in_apposition():
    ev = strikes(
        run(
            "Russia struck Ukrainian cities on Tuesday. The barrage - 70 missiles and 45 drones, "
            "according to the air force - damaged power plants."
        )
    )
    assert ev[("RU", "UA", "missile")].launched == 70
    assert ev[("RU", "UA", "drone")].launched == 45


def test_side_reporting_an_attack_is_its_target():
    ev = strikes(
        run(
            "The blast came hours after Russia's biggest air attack of the year, which "
            "Ukraine said involved 120 missiles and drones."
        )
    )
    assert ev[("RU", "UA", "mixed")].launched == 120


def test_all_n_were_destroyed_counts_the_launch():
    ev = strikes(
        run(
            "Overnight, the Russians attacked Ukraine with Shahed drones launched from Kursk. "
            "All nine were shot down by air defence, the air force said."
        )
    )
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (9, 9)


def test_drones_downed_over_a_neighbours_territory():
    ev = strikes(
        run(
            "Romania said Russian drones entered its airspace overnight. The defence ministry "
            "said two drones had been shot down over Romanian territory. Ukraine's air force "
            "said Russia launched 200 drones, of which 150 were destroyed."
        )
    )
    assert ev[("RU", "RO", "drone")].intercepted == 2
    assert (ev[("RU", "UA", "drone")].launched, ev[("RU", "UA", "drone")].intercepted) == (200, 150)


def test_the_capital_after_an_attack_verb_is_attacked_not_attacking():
    events = run(
        "Moscow pounds Kyiv with record drone barrage\n\n"
        "Russia launched 480 drones at Ukraine overnight, the air force said. Russia's defence "
        "ministry said it destroyed 21 Ukrainian drones overnight."
    )
    record = {e.attacker: e.record is not None for e in of_type(events, "strike")}
    assert record == {"RU": True, "UA": False}


def test_brought_down_after_a_count_is_an_interception():
    e = strikes(run("Russia fired 30 missiles at Ukraine on Monday, and 21 were brought down."))
    assert (e[("RU", "UA", "missile")].launched, e[("RU", "UA", "missile")].intercepted) == (30, 21)


def test_of_them_takes_the_weapon_counted_in_its_own_sentence():
    events = strikes(
        run(
            "Russia fired 50 missiles at Ukraine on Monday. It said 20 drones were also sent in, "
            "and that 11 of them were brought down."
        )
    )
    assert {(e.weapon, e.launched, e.intercepted) for e in events.values()} == {
        ("missile", 50, None),
        ("drone", 20, 11),
    }
