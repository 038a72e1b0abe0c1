"""Shallow clause grammar around a figure: the noun it counts, the actor that is the subject of
the verb before it, the actor or place it is aimed at, and lists that continue it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.extract.actors import Mention, Place
from service.extract.lexicon import load, phrase_pattern

_DATA = load("clauses")
_STOP = phrase_pattern(_DATA["stop"])
# A preposition or an attack verb, then at most two lowercase modifiers ("in eastern Ukraine",
# "against the Russian-occupied", "pounds the capital Kyiv").
_PREP_RE = re.compile(
    r"(?<![\w-])(?i:"
    + phrase_pattern(_DATA["prepositions"] + _DATA["attack_verbs"])
    + r")\s+(?:(?:the|its|their|his|her)\s+)?"
    r"(?:[a-z][\w-]*\s+){0,2}$"
)
_OF_BEFORE_RE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(r"[;:?!]")
# Where a new clause with its own subject starts inside a sentence ("..., with air defences
# destroying 28").
_SOFT_END_RE = re.compile(
    r",\s+(?:with|while|and|but|adding|saying|as|after|before|which|who|whereas|when)\b|\bwhile\b",
    re.IGNORECASE,
)
# Any hedge may open a list item ("upwards of 900 drones, close to 600 bombs and 50 missiles").
_HEDGES = [p for q in ("at_least", "at_most", "approx") for p in load("qualifiers")[q]]
_LIST_GAP_RE = re.compile(
    r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+|plus\s+)?|and\s+|as\s+well\s+as\s+|plus\s+|while\s+|"
    r"with\s+)(?:(?:another|a\s+further)\s+|(?:" + phrase_pattern(_HEDGES) + r")\s*)?$",
    re.IGNORECASE,
)
WINDOW = 160


def head_regex(nouns: Iterable[str], max_modifiers: int = 3) -> re.Pattern[str]:
    """A regex, matched right after a figure, that finds the noun it counts past a few
    modifiers ("145 Iranian attack drones" -> "drones"; "three Shahed-type drones" -> "drones",
    the last noun wins); group `head` is the noun, group `mods` the modifiers."""
    return re.compile(
        r"(?P<mods>(?:\s*-\s*|\s+)(?:(?!"
        + _STOP
        + r"\b)[A-Za-z][\w'’./-]*(?:\s+|\s*-\s*)){0,"
        + str(max_modifiers)
        + r"})(?P<head>"
        + phrase_pattern(nouns)
        + r")(?![\w])",
        re.IGNORECASE,
    )


def match_after(
    pattern: re.Pattern[str], text: str, pos: int, span: int = 90
) -> re.Match[str] | None:
    """`pattern` matched at `pos` within a bounded window."""
    return pattern.match(text, pos, min(len(text), pos + span))


def clause_start(text: str, pos: int, soft: bool = False) -> int:
    """Where the clause holding `pos` starts (bounded look-back); `soft` also cuts at ", with",
    ", and", "while" and similar joints."""
    lo = max(0, pos - WINDOW)
    start = lo
    for m in _CLAUSE_END_RE.finditer(text, lo, pos):
        start = m.end()
    if soft:
        for m in _SOFT_END_RE.finditer(text, start, pos):
            start = m.end()
    return start


def is_object(text: str, m: Mention | Place) -> bool:
    """Whether a mention follows a preposition ("in Ukraine", "against Russia")."""
    return _PREP_RE.search(text, max(0, m.start - 40), m.start) is not None


def subject_before(
    text: str,
    mentions: list[Mention],
    pos: int,
    *,
    exclude: tuple[tuple[int, int], ...] = (),
    kinds: tuple[str, ...] = ("country", "demonym", "capital"),
    allow_of: bool = False,
    strict: bool = False,
    soft: bool = False,
) -> Mention | None:
    """The nearest actor before `pos` in the same clause that is not a prepositional object
    (with `strict`, not even a demonym inside one: "of Ukrainian territory")."""
    lo = clause_start(text, pos, soft)
    best = None
    for m in mentions:
        if m.start < lo or m.end > pos:
            continue
        if m.kind not in kinds or m.code is None:
            continue
        if any(s <= m.start < e for s, e in exclude):
            continue
        if strict and _OF_BEFORE_RE.search(text, max(0, m.start - 8), m.start):
            continue
        if (strict or m.kind != "demonym") and is_object(text, m):
            if not (allow_of and text[max(0, m.start - 8) : m.start].rstrip().endswith("of")):
                continue
        best = m
    return best


def mention_within(
    mentions: list[Mention], start: int, end: int, kinds: tuple[str, ...] = ("demonym", "country")
) -> Mention | None:
    """The first actor mention of the given kinds inside [start, end)."""
    for m in mentions:
        if start <= m.start and m.end <= end and m.kind in kinds and m.code:
            return m
    return None


def continues_list(text: str, prev_end: int, start: int) -> bool:
    """Whether a figure at `start` continues a list after a phrase ending at `prev_end`
    ("800 bombs, 600 drones and 20 missiles")."""
    if prev_end > start or start - prev_end > 40:
        return False
    return _LIST_GAP_RE.fullmatch(text, prev_end, start) is not None
