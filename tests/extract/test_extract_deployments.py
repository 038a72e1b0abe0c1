from extract_support import of_type, run


def dep(events):
    return of_type(events, "deployment")


def test_allied_troops_deployed():
    [e] = dep(
        run("Around 11,000 North Korean soldiers have been deployed to Russia's Kursk region.")
    )
    assert (e.force_country, e.host_country, e.troops, e.status, e.qualifier) == (
        "KP",
        "RU",
        11000,
        "deployed",
        "approx",
    )
    assert e.location == "Kursk region"


def test_amassing_and_included_contingent():
    events = dep(
        run(
            "Moscow is amassing up to 60,000 troops near Zaporizhzhia, including 3,000 "
            "soldiers from North Korea."
        )
    )
    assert sorted((e.force_country, e.troops, e.status) for e in events) == [
        ("KP", 3000, "amassing"),
        ("RU", 60000, "amassing"),
    ]


def test_expected_and_withdrawn():
    [e] = dep(run("Pyongyang will send 4,000 engineers to Russia next month."))
    assert e.status == "expected"
    [e] = dep(run("Russia withdrew 2,500 troops from the Kherson region."))
    assert e.status == "withdrawn"


def test_casualties_are_not_deployments():
    assert dep(run("Russia lost 2,000 troops near Kupiansk, the general staff said.")) == []


def test_range_is_a_floor_and_a_ceiling():
    # As for "between X and Y" (dev2 NOTES): two lines, the floor keeping the upper end.
    low, high = dep(run("Russia has massed 12,000-15,000 troops near Sumy."))
    assert (low.troops, low.range_upper, low.qualifier, low.status) == (
        12000,
        15000,
        "at_least",
        "amassing",
    )
    assert (high.troops, high.qualifier, high.status) == (15000, "at_most", "amassing")


def test_more_troops_and_running_total():
    events = dep(
        run(
            "North Korea has sent at least 2,500 more troops to Russia, bringing its total "
            "deployment there to an estimated 13,000, Seoul's spy agency said."
        )
    )
    assert sorted((e.force_country, e.troops, e.qualifier) for e in events) == [
        ("KP", 2500, "at_least"),
        ("KP", 13000, "approx"),
    ]


def test_bare_count_after_deployment_verb():
    events = dep(
        run(
            "North Korean soldiers are fighting alongside Russian units. Pyongyang dispatched "
            "another 1,500 last month, officials said."
        )
    )
    assert [(e.force_country, e.troops, e.status) for e in events] == [("KP", 1500, "deployed")]


def test_between_more_soldiers():
    events = dep(
        run("Russia is expected to send between 6,000 and 8,000 more soldiers to Belarus.")
    )
    assert sorted((e.troops, e.qualifier, e.status) for e in events) == [
        (6000, "at_least", "expected"),
        (8000, "at_most", "expected"),
    ]


def test_troops_pulled_out_of_a_sector_are_withdrawn():
    [e] = dep(run("Russia has pulled about 3,500 soldiers out of the Kherson sector, Kyiv said."))
    assert (e.force_country, e.troops, e.status, e.qualifier) == ("RU", 3500, "withdrawn", "approx")


def test_redeployed_troops_go_to_the_destination():
    [e] = dep(run("Moscow redeployed 12,000 troops from Kursk to the Pokrovsk sector, he said."))
    assert (e.force_country, e.troops, e.status, e.location) == (
        "RU",
        12000,
        "deployed",
        "Pokrovsk sector",
    )


def test_earlier_casualty_clause_does_not_cancel_a_redeployment():
    events = dep(
        run(
            "Brigades near Kupiansk have taken heavy losses, while some 8,000 Russian troops "
            "recently based in the Belgorod region were moved to the Kharkiv front."
        )
    )
    assert [(e.force_country, e.troops, e.status) for e in events] == [("RU", 8000, "deployed")]


def test_country_troops_went_to_comes_before_a_later_place():
    [e] = dep(
        run(
            "North Korea has sent around 2,000 more troops to Russia, Seoul said, as Pyongyang "
            "deepens its support for Moscow's war in Ukraine."
        )
    )
    assert (e.force_country, e.troops, e.location) == ("KP", 2000, "Russia")


def test_soldiers_in_a_prisoner_swap_are_not_deployed():
    events = run(
        "The Kremlin said 270 Ukrainian soldiers would be handed over in a prisoner exchange "
        "next week, in return for 270 Russian troops."
    )
    assert dep(events) == []


def test_size_of_a_force_grouping():
    [e] = dep(
        run("Budanov said the Russian force grouping in Ukraine numbers about 620,000 personnel.")
    )
    assert (e.force_country, e.troops, e.status, e.qualifier) == (
        "RU",
        620000,
        "deployed",
        "approx",
    )
    assert dep(run("The Ukrainian army numbers 880,000 men.")) == []


def test_troops_infiltrating_a_town_are_deployed():
    [e] = dep(
        run("Around 200 Russian soldiers have infiltrated Kupiansk, the Ukrainian army said.")
    )
    assert (e.force_country, e.troops, e.location) == ("RU", 200, "Kupiansk")


def test_running_total_of_a_grouping():
    found = {
        (e.troops, e.qualifier)
        for e in dep(
            run(
                "Moscow moved a further 3,000 troops to the Toretsk direction last month, "
                "bringing the grouping there to about 30,000, the officer said."
            )
        )
    }
    assert found == {(3000, "exact"), (30000, "approx")}
