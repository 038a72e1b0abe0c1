"""Units of measure on figures: areas (to km2) and money (to USD at fixed, documented rates).

The rates live in data/units.json: 1 GBP = 1.27 USD, 1 EUR = 1.08 USD, 1 sq mi = 2.589988 km2.
Other currencies (yen, kronor, kroner, francs, zloty, ...) have fallback rates there too; a USD
figure written next to such an amount is preferred by the callers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
_AMBIGUOUS = {k.lower(): tuple(v) for k, v in _CUR["ambiguous"].items()}
# Words that can only occur in a sentence naming money without a currency symbol.
MONEY_WORDS = first_words(_CUR["words"]) | first_words(_CUR["codes"])

# Right after a figure: optional hyphen ("144-square-kilometer"), then the unit.
_AREA_RE = re.compile(r"\s*-?\s*(?P<u>" + phrase_pattern(_AREA_FORMS) + r")(?![\w])", re.IGNORECASE)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = phrase_pattern(_SCALES)
_MONEY_RE = re.compile(
    r"(?<![\w$€£¥])(?P<sym>"
    + phrase_pattern(_CUR["symbols"])
    # ISO codes as written ("SEK 2.6bn"), case-sensitive so no lowercase word is read as one.
    + r"|(?-i:"
    + phrase_pattern(_CUR["codes"])
    + r"))\s?(?P<n1>"
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
    # Other currencies the word may name ("kroner": Danish or Norwegian), first one assumed.
    alternatives: tuple[str, ...] = ()


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
        alternatives: tuple[str, ...] = ()
        if m.group("sym"):
            sym = m.group("sym").upper()
            currency = _CUR["symbols"].get(sym) or _CUR["codes"][sym]
            digits, scale = m.group("n1"), m.group("s1")
        else:
            word = " ".join(m.group("w").lower().split())
            currency = _WORDS[word]
            alternatives = _AMBIGUOUS.get(word, ())
            digits, scale = m.group("n2"), m.group("s2")
        # Rounded to cents: "4.1 billion" is 4100000000, not 4099999999.9999995.
        value = round(parse_digits(digits) * (_SCALES[scale.lower()] if scale else 1), 2)
        out.append(
            Money(value, currency, to_usd(value, currency), m.start(), m.end(), alternatives)
        )
    return out


def in_currency_of(money: Money, currency: str) -> Money:
    """An ambiguous amount ("560 million kroner") read in `currency` when the word can name it."""
    if currency == money.currency or currency not in money.alternatives:
        return money
    return replace(money, currency=currency, usd=to_usd(money.value, currency))


def to_usd(value: float, currency: str) -> float:
    """Convert an amount to US dollars at the project's fixed rate."""
    return round(value * USD_RATE[currency], 2)
