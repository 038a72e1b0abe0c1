"""Numbers as written in news text: digits with separators, decimals, scale words, number
words, ranges ("10,000-12,000") and "between X and Y" pairs, with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.extract.lexicon import load, phrase_pattern

_DATA = load("numbers")
_UNITS = dict(_DATA["units"])
_TENS = dict(_DATA["tens"])
_HUNDRED = dict(_DATA["hundred"])
_SCALES = dict(_DATA["scales"])
_DOZEN = dict(_DATA["dozen"])
_DIGIT_SCALES = dict(_DATA["digit_scales"])
_WORD_VALUES = {**_UNITS, **_TENS, **_HUNDRED, **_SCALES, **_DOZEN}

_WORD = phrase_pattern(_WORD_VALUES)
_ARTICLE_SCALE = phrase_pattern(_DATA["article_scales"])
# Thousands groups separated by comma, space, NBSP or narrow NBSP ("1,770", "45 680", "1 146");
# the look-arounds stop a year or a longer digit run being read as a group. _AFTER_FIRST_DIGIT
# is what follows the number's first digit.
_AFTER_FIRST_DIGIT = r"(?:\d{0,2}(?:(?:,|[ \u00a0\u202f])\d{3})+(?![\d])(?:\.\d+)?|\d*(?:\.\d+)?)"
_DIGITS = r"(?<![\d.,])\d" + _AFTER_FIRST_DIGIT
# The leading look-arounds fail fast inside words; the scan only starts at word starts.
_NUMBER_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?=[A-Za-z0-9])(?:(?P<digits>{_DIGITS})"
    rf"(?:[ \u00a0]?(?P<scale>{phrase_pattern(_DIGIT_SCALES)})\b)?"
    rf"|(?<![\w-])(?P<words>(?:(?:a|one|half\s+a)\s+(?={_ARTICLE_SCALE}\b))?{_WORD}"
    rf"(?:(?:[\s-]+(?:and\s+)?){_WORD}){{0,6}})(?![\w-]))",
    re.IGNORECASE,
)
# Digits only, for text without number words (the common case, and cheaper to scan). It opens
# with the first digit, so the scan skips from digit to digit in C; the look-behinds of
# _NUMBER_RE and _DIGITS are tested right after it.
_DIGITS_RE = re.compile(
    rf"(?P<digits>[0-9](?<![A-Za-z0-9\d.,][0-9]){_AFTER_FIRST_DIGIT})"
    rf"(?:[ \u00a0]?(?P<scale>{phrase_pattern(_DIGIT_SCALES)})\b)?",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"[a-z]+", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[,\s\u00a0\u202f]")
# "10,000-12,000", "10,000 to 12,000" (but not "from 10 to 12", which is a change)
_RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|to)\s*$")
_FROM_RE = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\bbetween\s*$", re.IGNORECASE)
_AND_RE = re.compile(r"^\s*and\s*$", re.IGNORECASE)
_CURRENCY_GAP_RE = re.compile(r"^\s*(?:-|–|to)\s*[$€£]?\s*$")

# A single sentence never holds more figures than this; the cap keeps per-sentence work
# bounded on adversarial input (a run of thousands of numbers).
MAX_NUMBERS = 48


@dataclass(frozen=True, slots=True)
class Number:
    """One number mention; spans are offsets into the text it was found in."""

    value: float
    start: int
    end: int
    upper: float | None = None
    # A qualifier the number's own form implies: ranges and "between" pairs.
    implied: str | None = None
    # Where the quantified noun phrase starts ("between 60,000 and 100,000 deaths": both
    # numbers are followed by the same noun).
    tail: int = -1
    is_word: bool = False


def parse_words(phrase: str) -> float | None:
    """The value of a number-word phrase ("two hundred", "thirty-six", "a dozen")."""
    total = 0.0
    group = 0.0
    seen = False
    for token in _TOKEN_RE.findall(phrase.lower()):
        if token in ("and", "a", "half"):
            continue
        seen = True
        if token in _UNITS:
            group += _UNITS[token]
        elif token in _TENS:
            group += _TENS[token]
        elif token in _HUNDRED:
            group = (group or 1) * 100
        elif token in _DOZEN:
            group = (group or 1) * 12
        elif token in _SCALES:
            total += (group or 1) * _SCALES[token]
            group = 0
    if not seen:
        return None
    value = total + group
    if phrase.lower().startswith("half"):
        value /= 2
    return value


def _word_runs(phrase: str, offset: int) -> list[tuple[int, int]]:
    """Split a run of number words where a new number starts ("five and six" is two)."""
    runs: list[tuple[int, int]] = []
    start = end = -1
    prev = ""
    for tok in _TOKEN_RE.finditer(phrase):
        word = tok.group().lower()
        if word in ("a", "half"):
            if start < 0:
                start = tok.start()
            prev = word
            continue
        if word == "and":
            if prev not in _HUNDRED and prev not in _SCALES:
                if start >= 0:
                    runs.append((offset + start, offset + end))
                start = -1
            prev = word
            continue
        # A unit after a unit/teen, or tens after a unit/tens, starts a new number.
        fresh = (word in _UNITS and (prev in _UNITS or (prev in _TENS and _UNITS[word] >= 10))) or (
            word in _TENS and (prev in _UNITS or prev in _TENS)
        )
        if fresh and start >= 0:
            runs.append((offset + start, offset + end))
            start = -1
        if start < 0:
            start = tok.start()
        end = tok.end()
        prev = word
    if start >= 0 and end > start:
        runs.append((offset + start, offset + end))
    return runs


def parse_digits(digits: str, scale: str | None = None) -> float:
    """The value of a digit string with thousands separators and an optional scale word."""
    cleaned = _SEPARATORS_RE.sub("", digits)
    value = float(cleaned)
    if scale:
        value *= _DIGIT_SCALES[scale.lower()]
    return value


def find_numbers(text: str, with_words: bool = True) -> list[Number]:
    """Every number mention in `text`, ranges folded into one mention, in order (`with_words`
    False skips number words when the caller knows there are none)."""
    raw: list[Number] = []
    for m in (_NUMBER_RE if with_words else _DIGITS_RE).finditer(text):
        if m.group("digits"):
            scale = m.group("scale")
            # A bare "m" is never a scale here ("500m" is a distance); money amounts with
            # "m" are read by units.py.
            value = parse_digits(m.group("digits"), scale)
            raw.append(Number(value, m.start(), m.end(), tail=m.end()))
        else:
            for start, end in _word_runs(m.group("words"), m.start("words")):
                value = parse_words(text[start:end])
                if value is not None:
                    raw.append(Number(value, start, end, tail=end, is_word=True))
        if len(raw) >= MAX_NUMBERS:
            break
    return _fold(text, raw)


def _fold(text: str, raw: list[Number]) -> list[Number]:
    out: list[Number] = []
    i = 0
    while i < len(raw):
        cur = raw[i]
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if nxt is not None:
            gap = text[cur.end : nxt.start]
            before = text[max(0, cur.start - 12) : cur.start]
            if _BETWEEN_RE.search(before) and _AND_RE.match(gap) and nxt.value > cur.value:
                # "between X and Y": two figures, X a floor and Y a ceiling (dev2 NOTES).
                out.append(
                    Number(cur.value, cur.start, cur.end, None, "at_least", nxt.end, cur.is_word)
                )
                out.append(
                    Number(nxt.value, nxt.start, nxt.end, None, "at_most", nxt.end, nxt.is_word)
                )
                i += 2
                continue
            joined = (_RANGE_JOIN_RE.match(gap) or _CURRENCY_GAP_RE.match(gap)) and len(gap) <= 6
            # A range's ends are of one order of magnitude ("10,000-12,000"); "2022 to 913,140"
            # is a year and a total.
            close = cur.value < nxt.value <= cur.value * 10
            if joined and close and not _FROM_RE.search(before):
                # "11,000-12,000 troops": the floor keeps the upper end (range_upper), and the
                # ceiling is a figure of its own, as for "between X and Y".
                out.append(
                    Number(
                        cur.value, cur.start, nxt.end, nxt.value, "at_least", nxt.end, cur.is_word
                    )
                )
                out.append(
                    Number(nxt.value, nxt.start, nxt.end, None, "at_most", nxt.end, nxt.is_word)
                )
                i += 2
                continue
        out.append(cur)
        i += 1
    return out
