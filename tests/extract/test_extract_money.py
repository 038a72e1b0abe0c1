"""Money in diplomacy: currencies beyond dollars, euros and pounds, bracketed dollar equivalents,
per-country shares, joint sums, and amounts that are not an act (proposals, parts of a whole)."""

from extract_support import of_type, run

from service.extract.units import find_money, in_currency_of, to_usd


def support(text):
    """(actor, amount_usd) of every aid or pledge line with an amount."""
    return {
        (e.actor, e.amount_usd)
        for e in of_type(run(text), "diplomacy")
        if e.kind in ("aid_package", "pledge") and e.amount_usd is not None
    }


def test_more_currencies_are_read_as_written():
    found = find_money("SEK 1.2bn, 300 million Swiss francs, 80bn yen, C$250 million, 45m zlotys")
    assert [(m.value, m.currency) for m in found] == [
        (1.2e9, "SEK"),
        (300e6, "CHF"),
        (80e9, "JPY"),
        (250e6, "CAD"),
        (45e6, "PLN"),
    ]


def test_iso_codes_are_case_sensitive():
    assert find_money("the sek 5 million figure") == []


def test_kroner_takes_the_actors_currency():
    [m] = find_money("700 million kroner")
    assert m.currency == "DKK"
    assert in_currency_of(m, "NOK").currency == "NOK"
    assert in_currency_of(m, "NOK").usd == to_usd(700e6, "NOK")
    assert in_currency_of(m, "JPY") is m


def test_bracketed_dollar_figure_is_used_and_original_reported():
    [e] = of_type(
        run("Norway will provide 3.1 billion crowns ($300 million) in air defence aid to Ukraine."),
        "diplomacy",
    )
    assert (e.actor, e.amount_usd) == ("NO", 300e6)
    assert (e.amount_reported.value, e.amount_reported.currency) == (3.1e9, "NOK")


def test_foreign_currency_without_dollars_uses_the_fallback_rate():
    [e] = of_type(
        run("Switzerland approved a CHF 200 million aid package for Ukraine."), "diplomacy"
    )
    assert (e.actor, e.amount_usd) == ("CH", to_usd(200e6, "CHF"))


def test_capital_is_the_giver_not_the_assets_it_comes_from():
    assert support(
        "The move follows Ottawa's transfer last week of C$1.1 billion ($800 million) to Ukraine, "
        "money raised from frozen Russian assets."
    ) == {("CA", 800e6)}


def test_country_before_a_russia_modifier_is_the_giver():
    assert support("Canada expands Russia sanctions after sending $400 million in aid to Kyiv") == {
        ("CA", 400e6)
    }


def test_share_of_a_larger_loan_is_not_the_countrys_amount():
    assert support("The funds are Canada's share of a $20 billion loan agreed by allies.") == set()


def test_per_country_shares_in_one_sentence():
    assert support(
        "Finland's share of the aid to Ukraine will come to 90 million euros, while Norway will "
        "contribute 1 billion kroner ($95 million) and Denmark around 400 million kroner "
        "($58 million)."
    ) == {("FI", 97.2e6), ("NO", 95e6), ("DK", 58e6)}


def test_joint_sum_has_no_single_giver_unless_each_gives_it():
    assert (
        support("Belgium, Portugal and Greece will fund a $200 million package for Ukraine.")
        == set()
    )
    assert support("Portugal, together with Greece, will fund a $90 million package for Kyiv.") == (
        set()
    )
    both = {("PL", 100e6), ("CA", 100e6)}
    assert support("Poland and Canada pledged $100 million each in aid to Ukraine.") == both
    assert support("Poland and Canada each pledged $100 million in aid to Ukraine.") == both


def test_each_year_is_a_rate_not_a_share():
    assert support("Poland and Canada will provide $100 million each year in aid to Ukraine.") == (
        set()
    )


def test_yearly_aid_is_not_a_price_and_reported_would_is_an_act():
    assert support(
        "The chancellor said Germany would keep providing €4bn a year in military aid to Ukraine."
    ) == {("DE", 4.32e9)}
    assert support("Oil traded at $70 a barrel as Norway sold gas for $40m a month.") == set()


def test_saying_it_would_finance_is_a_pledge():
    [e] = of_type(
        run(
            "On Tuesday, Belgium announced its contribution, saying it would finance a €300 "
            "million package of artillery shells for Ukraine."
        ),
        "diplomacy",
    )
    assert (e.kind, e.actor, e.amount_usd) == ("pledge", "BE", 324e6)


def test_proposals_under_debate_are_not_acts():
    assert (
        support(
            "EU finance ministers were discussing a new loan of up to €50 billion for Ukraine, "
            "which might be drawn from Russian assets."
        )
        == set()
    )
    assert support("Italy is considering a €100 million package for Ukraine.") == set()
    assert support(
        "EU ministers approved the proposed €5 billion support package for Ukraine on Monday."
    ) == {("EU", 5.4e9)}


def test_money_received_names_its_giver_after_from():
    assert support("Ukraine has received $3 billion from the United States this month.") == {
        ("US", 3e9)
    }
    assert (
        support(
            "North Korea received $2 billion from Russia for its shells, as the war in Ukraine "
            "went on."
        )
        == set()
    )


def test_pledged_amount_needs_no_aid_noun():
    assert support("Prime Minister Keir Starmer pledged £1 billion for Ukraine's defence.") == {
        ("GB", 1.27e9)
    }


def test_blocked_and_requested_amounts_are_not_acts():
    assert support("Slovakia has blocked a 20 billion euro EU package for Ukraine.") == set()
    assert support(
        "The White House asked Congress for $10 billion in new funding for Ukraine."
    ) == (set())
    assert support("Warsaw is preparing its next aid package for Ukraine, worth $200 million.") == (
        set()
    )


def test_amounts_are_rounded_to_cents():
    [m] = find_money("4.1 billion euros")
    assert m.value == 4_100_000_000


def test_headline_scale_abbreviations():
    found = find_money("Tokyo adds $45 mil. in aid; Oslo gives 3 bln kroner")
    assert [(m.value, m.currency) for m in found] == [(45e6, "USD"), (3e9, "DKK")]


def test_dollar_figure_elsewhere_replaces_a_fixed_rate_conversion():
    assert support(
        "Japan pledges $70 mil. for Ukraine's power grid\n"
        "Japan will provide an additional 10.5 billion yen in grant aid to Ukraine, the prime "
        "minister said."
    ) == {("JP", 70e6)}


def test_stalled_package_is_not_given_but_one_approved_after_a_delay_is():
    assert (
        support("A $40 billion U.S. aid package for Ukraine remains stalled in Congress.") == set()
    )
    assert support(
        "The U.S. approved a $2 billion aid package for Ukraine that was held up for months."
    ) == {("US", 2e9)}


def test_the_whole_that_includes_the_part_for_ukraine():
    assert support(
        "President Joe Biden signed an $80 billion security package that includes roughly "
        "$50 billion for Ukraine."
    ) == {("US", 50e9)}


def test_he_pledged_names_the_person_before():
    assert support(
        "French President Emmanuel Macron arrived in Odesa on Monday. He pledged military aid "
        "worth €300 million ($324 million) to Ukraine."
    ) == {("FR", 324e6)}


def test_an_approval_still_to_come_is_not_an_act():
    assert (
        support(
            "The U.S. Senate is expected to approve roughly $30 billion in new aid for Ukraine "
            "as part of a $900 billion budget next week."
        )
        == set()
    )
    assert support("Spain approved a €400 million aid package for Ukraine on Tuesday.") == {
        ("ES", 432e6)
    }


def test_aid_already_delivered_is_background_not_a_package():
    assert (
        support("Italy had delivered 1.5 billion euros in military aid to Ukraine in 2023.")
        == set()
    )
    assert support("Italy delivered a new 300 million euro aid package to Ukraine on Friday.") == {
        ("IT", 324e6)
    }
