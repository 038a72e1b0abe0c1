from service.extract.actors import (
    aggressor,
    attribution,
    find_actors,
    find_places,
    opponent,
    side_of,
)


def codes(text):
    return [(text[m.start : m.end], m.code, m.kind) for m in find_actors(text)]


def claimed(text):
    found = find_actors(text)
    return attribution(text, found, find_places(text)).claimed_by


def test_countries_demonyms_capitals():
    assert codes("Kyiv and Moscow, Russian and North Korean units, the U.S.") == [
        ("Kyiv", "UA", "capital"),
        ("Moscow", "RU", "capital"),
        ("Russian", "RU", "demonym"),
        ("North Korean", "KP", "demonym"),
        ("U.S.", "US", "country"),
    ]


def test_bodies_are_normalised():
    assert (
        claimed("Moscow's defence ministry said it had repelled the raid.") == "RU defence ministry"
    )
    assert (
        claimed("Artillery fire continued, Ukraine's air force said on Friday.") == "UA air force"
    )
    assert claimed("The General Staff reported the figure.") == "UA general staff"
    assert claimed("according to British defence intelligence") == "UK defence ministry"
    assert claimed("Kyiv said the convoy was hit.") == "UA"
    assert claimed("The ISW assessed the advance.") == "ISW"


def test_leaders_map_to_roles():
    assert claimed("Zelensky said the attack was deliberate.") == "UA president"


def test_places_and_sides():
    places = find_places("debris fell in the Belgorod region and on Lviv")
    assert [(p.name, p.country) for p in places] == [("Belgorod region", "RU"), ("Lviv", "UA")]
    assert opponent("RU") == "UA"
    assert side_of("KP") == "RU"


def test_the_people_of_a_side_as_attacker():
    assert aggressor("Overnight, the Russians attacked the city with drones.") == "RU"
    assert aggressor("The Ukrainians struck an airfield near the border.") == "UA"


def test_a_passive_headline_names_the_side_attacked_not_the_attacker():
    assert aggressor("Talks stall as Kyiv hit by drones overnight") != "UA"
    assert aggressor("Kyiv hit an oil depot in the Bryansk region overnight") == "UA"


def test_a_relative_clause_on_the_weapon_names_the_attacker():
    assert aggressor("Air defences downed all the drones that Russia sent on Sunday.") == "RU"
    assert aggressor("Kyiv destroyed the missiles which Moscow used against Odesa.") == "RU"
