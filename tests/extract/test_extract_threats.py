"""Threats (who warns; a warning about another party is not one) and talks not held."""

from extract_support import of_type, run


def threats(text):
    """(actor, counterpart) of every threat line."""
    return {(e.actor, e.counterpart) for e in of_type(run(text), "diplomacy") if e.kind == "threat"}


def test_warning_naming_its_own_strike_is_a_threat():
    assert {
        a
        for a, _ in threats(
            "Medvedev warned that Russia could strike European capitals if they sent troops "
            "to Ukraine."
        )
    } == {"RU"}


def test_warning_about_what_russia_may_do_is_not_a_threat():
    assert threats(
        "Zelensky warned that Russia was massing troops and could escalate in Kharkiv."
    ) == (set())


def test_unanswered_and_fuel_on_the_fire_are_consequences():
    assert {
        a
        for a, _ in threats(
            "The Kremlin warned that sending the missiles to Ukraine would add fuel to the fire."
        )
    } == {"RU"}
    assert {
        a
        for a, _ in threats(
            "Putin said the shelling of Belgorod would not go unanswered by Russia."
        )
    } == {"RU"}


def test_ultimatum_with_tariffs_belongs_to_who_sets_it():
    assert {
        a
        for a, _ in threats(
            "Trump gave Moscow two weeks to agree a ceasefire in Ukraine or face heavy tariffs."
        )
    } == {"US"}


def test_speaker_at_the_start_of_a_long_sentence_and_the_country_warned():
    found = threats(
        "Kremlin spokesman Dmitry Peskov told reporters on Tuesday that long-range strikes deep "
        "into Russia by Ukraine with Western missiles would change the nature of the conflict, "
        "and warned Washington of escalation."
    )
    assert {a for a, _ in found} == {"RU"}


def test_talks_broken_off_or_not_attended_are_not_talks():
    talks = {
        (e.actor, e.counterpart)
        for e in of_type(
            run(
                "Moscow has cut off talks with Tokyo on a peace treaty over Japan's support for "
                "Ukraine. Kyiv was not invited to the meeting on Ukraine in Riyadh."
            ),
            "diplomacy",
        )
        if e.kind == "talks"
    }
    assert talks == set()
