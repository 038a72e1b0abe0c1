"""Whether a figure is stated as fact: not a hypothetical ("could launch 1,000 a day"), a
forecast ("will likely hit"), a denial, or a milestone being approached."""

from __future__ import annotations

import re

from service.extract.lexicon import load, phrase_pattern, word_regex, word_start_pattern

_DATA = load("modality")


# The only non-ASCII characters that Python's case-insensitive matching folds onto ASCII letters.
_ASCII_FOLDS = {"i": "İı", "s": "ſ", "k": "K"}


def _cut_regex(marks: str, words: list[str]) -> re.Pattern[str]:
    # Same matches as r"[marks]|\b(?:words)\b" under re.IGNORECASE, but opening with one
    # case-sensitive set of characters (the marks and every character case-insensitively equal
    # to a word's first letter), so that Python's re skips in C from one candidate to the next
    # instead of trying every position.
    firsts = sorted({w[0] for w in words})
    scan = "".join(f + f.upper() + _ASCII_FOLDS.get(f, "") for f in firsts)
    tails = "|".join(f"(?<={w[0]}){w[1:]}" for w in words)
    return re.compile(f"[{marks}{scan}](?:(?<=[{marks}])|(?<!\\w[\\s\\S])(?i:{tails})\\b)")


# Scanned over the window before every figure.
_CLAUSE_CUT = _cut_regex(",;:(—–", ["but", "while", "whereas", "after", "said", "that"])
_HARD_CUT = _cut_regex(";:", ["but", "while"])
# Case-sensitive on purpose: "May 13" is a date, "may" a modal; capitalised forms are listed.
_HYPO_RE = re.compile(
    word_start_pattern(_DATA["hypothetical"])
    + r"(?![\w-])(?!\s+"
    + phrase_pattern(_DATA["past_modal"])
    + r"\b)"
)
_FUTURE_RE = re.compile(word_start_pattern(_DATA["future"]) + r"(?![\w-])(?!\s+have\b)")
_DENIAL_RE = word_regex(_DATA["denial"])
_AFTER_RE = re.compile(
    r"[^,.;:()]{0,30}?(?:\)\s*)?\b(?P<m>could|would|might|may|will|shall)\b(?!\s+have\b)"
)
_AFTER_PAREN_RE = re.compile(r"\s*\([^()]{0,40}\)")
_MILESTONE_RE = re.compile(
    r"(?:[\s-]+(?:\w+[\s-]+){0,2}?)?" + phrase_pattern(_DATA["milestone"]) + r"\b", re.IGNORECASE
)
_WINDOW = 60


def _clause_before(text: str, start: int) -> tuple[int, int]:
    lo = max(0, start - _WINDOW)
    cut = lo
    for m in _CLAUSE_CUT.finditer(text, lo, start):
        cut = m.end()
    return cut, start


def hypothetical(text: str, start: int, end: int) -> bool:
    """A conditional or possibility ("could", "would", "if") governs the figure."""
    lo, hi = _clause_before(text, start)
    if _HYPO_RE.search(text, lo, hi):
        return True
    return _modal_after(text, end, ("could", "would", "might", "may"))


def future(text: str, start: int, end: int) -> bool:
    """A forecast or plan ("will", "expected to", "in the coming weeks") governs the figure."""
    lo, hi = _clause_before(text, start)
    if _FUTURE_RE.search(text, lo, hi):
        return True
    return _modal_after(text, end, ("will", "shall"))


def unreal(text: str, start: int, end: int) -> bool:
    """`hypothetical(...) or future(...)`, reading the clause before the figure once."""
    lo, hi = _clause_before(text, start)
    if _HYPO_RE.search(text, lo, hi) or _FUTURE_RE.search(text, lo, hi):
        return True
    return _modal_after(text, end, ("could", "would", "might", "may", "will", "shall"))


def denied(text: str, start: int) -> bool:
    """A denial ("denied that ...", "did not") governs the figure; a denial reaches across
    "that" clauses, so the window is wider than for modals."""
    lo = max(0, start - 90)
    for m in _HARD_CUT.finditer(text, lo, start):
        lo = m.end()
    return _DENIAL_RE.search(text, lo, start) is not None


def milestone(text: str, end: int) -> bool:
    """The figure names a threshold ("the 1 million casualty mark"), not a count."""
    return _MILESTONE_RE.match(text, end, min(len(text), end + 40)) is not None


def _modal_after(text: str, end: int, modals: tuple[str, ...]) -> bool:
    paren = _AFTER_PAREN_RE.match(text, end, min(len(text), end + 60))
    pos = paren.end() if paren else end
    m = _AFTER_RE.match(text, pos, min(len(text), pos + 40))
    return m is not None and m.group("m") in modals
