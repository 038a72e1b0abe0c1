"""Units of measure on figures: areas (to km2) and money (to USD at fixed, documented rates).

The rates live in data/units.json: 1 GBP = 1.27 USD, 1 EUR = 1.08 USD, 1 sq mi = 2.589988 km2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.extract.lexicon import first_words, load, phrase_pattern
from service.extract.numbers import parse_digits

_DATA = load("units")
_AREA_FORMS = {form.lower(): unit for unit, spec in _DATA["area"].items() for form in spec["forms"]}
AREA_WORDS = first_words(_AREA_FORMS) | first_words(f.split("-")[-1] for f in _AREA_FORMS)
AREA_FACTOR = {unit: spec["factor"] for unit, spec in _DATA["area"].items()}
_CUR = _DATA["currency"]
USD_RATE = dict(_CUR["usd_rate"])
HOME_CURRENCY = dict(_DATA["home_currency"])
_SCALES = {k.lower(): v for k, v in _CUR["scales"].items()}

# Right after a figure: optional hyphen ("144-square-kilometer"), then the unit.
_AREA_RE = re.compile(r"\s*-?\s*(?P<u>" + phrase_pattern(_AREA_FORMS) + r")(?![\w])", re.IGNORECASE)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = phrase_pattern(_SCALES)
_MONEY_RE = re.compile(
    r"(?<![\w$€£])(?P<sym>US\$|\$|€|£)\s?(?P<n1>"
    + _NUM
    + r")(?:\s?(?P<s1>"
    + _SCALE
    + r"))?(?![\w])"
    r"|(?<![\w.,])(?P<n2>"
    + _NUM
    + r")(?:\s?(?P<s2>"
    + _SCALE
    + r"))?\s+(?P<w>"
    + phrase_pattern(_CUR["words"])
    + r")(?![\w])",
    re.IGNORECASE,
)
_WORDS = {k.lower(): v for k, v in _CUR["words"].items()}


@dataclass(frozen=True, slots=True)
class Area:
    """An area as written, with its km2 value."""

    value: float
    unit: str
    km2: float
    end: int


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money as written, with its USD value."""

    value: float
    currency: str
    usd: float
    start: int
    end: int


def area_after(text: str, pos: int, value: float) -> Area | None:
    """The area unit right after a figure ending at `pos`, converted to km2, if any."""
    m = _AREA_RE.match(text, pos, min(len(text), pos + 40))
    if not m:
        return None
    unit = _AREA_FORMS[" ".join(m.group("u").lower().split())]
    return Area(value, unit, round(value * AREA_FACTOR[unit], 6), m.end())


def find_money(text: str) -> list[Money]:
    """Every money amount in `text` ("$425 million", "€1.9bn", "2 billion euros")."""
    out: list[Money] = []
    for m in _MONEY_RE.finditer(text):
        if m.group("sym"):
            currency = _CUR["symbols"][m.group("sym").upper()]
            digits, scale = m.group("n1"), m.group("s1")
        else:
            currency = _WORDS[" ".join(m.group("w").lower().split())]
            digits, scale = m.group("n2"), m.group("s2")
        value = parse_digits(digits) * (_SCALES[scale.lower()] if scale else 1)
        out.append(Money(value, currency, to_usd(value, currency), m.start(), m.end()))
    return out


def to_usd(value: float, currency: str) -> float:
    """Convert an amount to US dollars at the project's fixed rate."""
    return round(value * USD_RATE[currency], 2)
