"""Hostile inputs must be processed in linear time: 1 MiB of each shape well under the bound."""

import datetime as dt
import time

import pytest

from service.extract import extract

MIB = 1 << 20
BOUND_S = 20.0
SHAPES = {
    "digit_run": "9" * MIB,
    "digit_groups": "1,234," * (MIB // 6),
    "commas": "," * MIB,
    "whitespace": " \t\n" * (MIB // 3),
    "number_words": "one hundred and twenty " * (MIB // 23),
    "keywords": "Russia launched drones killed record since the start of the war " * (MIB // 64),
    "figure_sentences": "Russia launched 145 drones at Ukraine overnight and 90 were shot down. "
    * (MIB // 70),
    "abbreviations": "U.S. Gen. Jan. " * (MIB // 15),
    "brackets": "(" * (MIB // 2) + ")" * (MIB // 2),
    "money_and_areas": "$9 million aid and 40 square miles (100 sq km) " * (MIB // 48),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_one_mib_in_linear_time(name):
    text = SHAPES[name]
    started = time.perf_counter()
    extract(text, dt.datetime(2025, 3, 12, tzinfo=dt.UTC), "adv")
    assert time.perf_counter() - started < BOUND_S
