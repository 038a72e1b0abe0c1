"""Hedges on a figure: "more than 800" -> at_least, "almost 200" -> at_most, "about" -> approx."""

from __future__ import annotations

import re

from service.extract.lexicon import load, phrase_pattern
from service.extract.numbers import Number

_DATA = load("qualifiers")
_BY_PHRASE = {p.lower(): q for q in ("at_least", "at_most", "approx") for p in _DATA[q]}
# Anchored at the end of the short window before the figure; the window is bounded so the
# search is constant time per figure.
_BEFORE_RE = re.compile(
    r"(?<![\w-])(?P<q>" + phrase_pattern(_BY_PHRASE) + r")\s*[$€£]?\s*$", re.IGNORECASE
)
_WINDOW = 32


def qualifier_of(text: str, number: Number) -> str:
    """The qualifier of a figure in `text`: its own form first, then the words before it."""
    if number.implied:
        return number.implied
    return qualifier_before(text, number.start)


def qualifier_before(text: str, start: int) -> str:
    """The qualifier implied by the words right before position `start`, else 'exact'."""
    m = _BEFORE_RE.search(text, max(0, start - _WINDOW), start)
    if not m:
        return "exact"
    return _BY_PHRASE[" ".join(m.group("q").lower().split())]
