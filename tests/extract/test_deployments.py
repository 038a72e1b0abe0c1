from conftest import of_type


def dep(events):
    return of_type(events, "deployment")


def test_allied_troops_deployed(run):
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


def test_amassing_and_included_contingent(run):
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


def test_expected_and_withdrawn(run):
    [e] = dep(run("Pyongyang will send 4,000 engineers to Russia next month."))
    assert e.status == "expected"
    [e] = dep(run("Russia withdrew 2,500 troops from the Kherson region."))
    assert e.status == "withdrawn"


def test_casualties_are_not_deployments(run):
    assert dep(run("Russia lost 2,000 troops near Kupiansk, the general staff said.")) == []
