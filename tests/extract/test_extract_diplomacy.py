from extract_support import of_type, run


def dip(events):
    return of_type(events, "diplomacy")


def test_aid_package_in_dollars():
    [e] = dip(
        run(
            "The United States on Tuesday announced a $980 million military aid package for "
            "Ukraine."
        )
    )
    assert (e.kind, e.actor, e.counterpart, e.amount_usd) == ("aid_package", "US", "UA", 980e6)
    assert e.summary.startswith("The United States")


def test_pounds_converted_and_reported():
    [e] = dip(
        run(
            "Britain will provide a £300 million air defence package to Ukraine, the "
            "defence secretary said."
        )
    )
    assert e.actor == "GB" and e.amount_usd == 381e6
    assert (e.amount_reported.value, e.amount_reported.currency) == (300e6, "GBP")


def test_two_currencies_use_the_dollar_figure():
    [e] = dip(
        run("Germany unveiled a support package for Ukraine worth €700 million ($756 million).")
    )
    assert e.amount_usd == 756e6


def test_running_totals_and_prices_are_not_packages():
    assert dip(run("The oil price cap on Russia was set at $47 per barrel.")) == []
    assert dip(run("Total US aid to Ukraine since 2022 has reached $66 billion.")) == []


def test_talks_threat_sanctions_pledge():
    kinds = {
        (e.kind, e.actor, e.counterpart)
        for e in dip(
            run(
                "Zelensky held talks with Emmanuel Macron in Paris on Monday. The Kremlin "
                "warned that deploying European troops would mean direct confrontation with "
                "NATO, threatening retaliation. The EU adopted a new sanctions package against "
                "Russia. Norway pledged additional air defence systems to Ukraine."
            )
        )
    }
    assert ("talks", "UA", "FR") in kinds
    assert any(k == "threat" and a == "RU" for k, a, _ in kinds)
    assert ("sanctions", "EU", "RU") in kinds
    assert ("pledge", "NO", "UA") in kinds


def test_other_conflicts_and_lifted_sanctions_are_ignored():
    assert dip(run("The EU agreed to lift sanctions on Syria.")) == []


def test_coordinated_subjects_and_pronoun_speaker():
    events = dip(run("U.S. and Ukrainian officials will hold talks in Riyadh on Tuesday."))
    assert {(e.kind, e.actor, e.counterpart) for e in events} == {("talks", "US", "UA")}
    events = dip(run("Zelensky arrived in Ankara, where he is meeting with Recep Tayyip Erdogan."))
    assert {(e.kind, e.actor, e.counterpart) for e in events} == {("talks", "UA", "TR")}


def test_european_commission_transfer_is_eu_aid_in_euros():
    [e] = dip(
        run(
            "Brussels officials said the European Commission disbursed €2.1bn in budget "
            "support to Ukraine on Monday as Russia pressed on with its war."
        )
    )
    assert (e.kind, e.actor, e.counterpart) == ("aid_package", "EU", "UA")
    assert abs(e.amount_usd - 2.1e9 * 1.08) < 1


def test_donor_before_the_recipient_and_a_pledge_verb_as_aid_cue():
    events = dip(
        run(
            "Sweden will provide Ukraine with new equipment worth $1.3 billion, the defence "
            "minister said. Britain will provide £900 million to buy air defence missiles for "
            "Ukraine, the prime minister said."
        )
    )
    got = sorted((e.actor, e.counterpart, round(e.amount_usd)) for e in events if e.amount_usd)
    assert got == [("GB", "UA", round(900e6 * 1.27)), ("SE", "UA", 1_300_000_000)]
