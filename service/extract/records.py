"""Record claims in text ("a record 145 drones", "the largest ... since", "deadliest") and the
record they broke ("the previous record of 1,740 set on May 13")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from service.extract.dates import DateMention
from service.extract.lexicon import load, phrase_pattern, word_regex
from service.extract.numbers import Number

_DATA = load("records")
_STRONG_RE = re.compile(
    r"(?<![\w-])(?=[A-Za-z])" + phrase_pattern(_DATA["strong"]) + r"(?![\w])", re.IGNORECASE
)
_SUPER_RE = re.compile(
    r"(?<![\w-])(?=[A-Za-z])(?P<s>" + phrase_pattern(_DATA["superlatives"]) + r")(?![\w])",
    re.IGNORECASE,
)
_SCOPE_RE = re.compile(r"(?<![\w-])" + phrase_pattern(_DATA["scope"]) + r"(?![\w])", re.IGNORECASE)
_EVENT_AFTER_RE = re.compile(
    r"(?:[\s-]+(?:[\w'’-]+[\s-]+){0,3}?)" + phrase_pattern(_DATA["event_nouns"]) + r"(?![\w])",
    re.IGNORECASE,
)
_HEDGE_RE = re.compile(
    r"(?<![\w-])" + phrase_pattern(_DATA["hedges"]) + r"[\s\w'’-]{0,22}$", re.IGNORECASE
)
_PREVIOUS_RE = word_regex(_DATA["previous_cues"])
_SCOPE_END_RE = re.compile(r"[,.;:()]")
# "most" alone is only a record with "ever" ("the most drones ever").
_EVER_RE = re.compile(r"\bever\b", re.IGNORECASE)
_THE_MOST_RE = re.compile(
    r"\bthe\s+most(?!\s+of\b)(?=\s+[a-z]+\s+(?:in\s+a\s+single|since)\b)", re.IGNORECASE
)
_NOT_RECORD_RE = re.compile(
    r"recorded|records?\s+(?:of|show|from)\b|criminal\s+record", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Claim:
    """A record claim: the cue's [start, end), and the span of its scope phrase ("since the
    start of the war"), whose dates describe the record, not the figure."""

    start: int
    end: int
    scope_start: int
    scope_end: int


@dataclass(frozen=True, slots=True)
class Previous:
    """The record a new figure broke, and the span that stated it."""

    value: int
    on: dt.date | None
    start: int
    end: int


def find_claims(text: str) -> list[Claim]:
    """Every unhedged record claim in a sentence."""
    out: list[Claim] = []
    for m in _STRONG_RE.finditer(text):
        if _NOT_RECORD_RE.match(text, m.start()) or _hedged(text, m.start()):
            continue
        out.append(_claim(text, m.start(), m.end()))
    for m in _SUPER_RE.finditer(text):
        if any(c.start <= m.start() < c.end for c in out) or _hedged(text, m.start()):
            continue
        window_end = min(len(text), m.end() + 90)
        scope = _SCOPE_RE.search(text, m.end(), window_end)
        if m.group("s").lower() == "most":
            # "the most drones in a single attack since ...": a count with a scope, as is "ever".
            counted = scope is not None and _THE_MOST_RE.search(
                text, max(0, m.start() - 4), min(len(text), m.end() + 40)
            )
            if not counted and not _EVER_RE.search(text, m.end(), min(len(text), m.end() + 50)):
                continue
        elif not scope and not _EVENT_AFTER_RE.match(text, m.end(), window_end):
            continue
        out.append(_claim(text, m.start(), m.end()))
    out.sort(key=lambda c: c.start)
    return out


def _hedged(text: str, start: int) -> bool:
    return _HEDGE_RE.search(text, max(0, start - 30), start) is not None


def _claim(text: str, start: int, end: int) -> Claim:
    scope = _SCOPE_RE.search(text, end, min(len(text), end + 90))
    if scope is None:
        return Claim(start, end, end, end)
    # The scope phrase runs to the next punctuation ("since the start of the war").
    stop = _SCOPE_END_RE.search(text, scope.end(), min(len(text), scope.end() + 70))
    scope_end = stop.start() if stop else min(len(text), scope.end() + 70)
    return Claim(start, end, scope.start(), scope_end)


def find_previous(text: str, numbers: list[Number], dates: list[DateMention]) -> list[Previous]:
    """Every "previous record of N (set on DATE)" statement in a sentence."""
    out: list[Previous] = []
    for m in _PREVIOUS_RE.finditer(text):
        number = next((n for n in numbers if m.end() <= n.start <= m.end() + 25), None)
        if number is not None and any(p.start < number.start < p.end for p in out):
            continue  # "surpassing the previous record of 812": one statement, two cues
        if number is None:
            # "the previous record set on July 9, when Russia launched 728 drones": the date comes
            # first, and the whole "when" clause is the earlier attack.
            number = next((n for n in numbers if m.end() <= n.start <= m.end() + 120), None)
            if number is None or not _SET_WHEN_RE.fullmatch(text, m.end(), number.start):
                continue
            when = next((d for d in dates if m.end() <= d.start < number.start), None)
            stop = text.find(";", number.end)
            end = stop if stop >= 0 else len(text)
            on = (when.when.on or when.when.start) if when is not None else None
            out.append(Previous(int(number.value), on, m.start(), end))
            continue
        when = next((d for d in dates if number.end <= d.start <= number.end + 60), None)
        on = None
        end = number.end
        if when is not None:
            on = when.when.on or when.when.start
            end = when.end
        out.append(Previous(int(number.value), on, m.start(), end))
    return out


# Between a previous-record cue and its figure: "set on DATE, when <the attack>" ("The previous
# largest attack came on May 18, when ...").
_SET_WHEN_RE = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:was\s+|were\s+)?(?:set|established|registered|reached|recorded|"
    r"came|happened|occurred|took\s+place)\b[^;]{0,50}?"
    r"\bwhen\s[^;]{0,60}"
)


_TOPIC_RES = {
    name: re.compile(r"(?<![\w-])" + phrase_pattern(words) + r"(?![\w])", re.IGNORECASE)
    for name, words in _DATA["topics"].items()
}


def topic(text: str, claim: Claim) -> str | None:
    """What a claim is about (strike, casualty, territory, deployment), from the words it
    qualifies ("largest drone attack"), else None."""
    cue = text[claim.start : claim.end].lower()
    if cue.startswith("deadliest"):
        return "casualty"
    # Forward, the claim's own phrase ends at the clause ("a record for the war, the air
    # force said" is not about a force); backward, its figure may sit past a comma.
    stop = _SCOPE_END_RE.search(text, claim.end, min(len(text), claim.end + 50))
    ahead = stop.start() if stop else min(len(text), claim.end + 50)
    windows = ((claim.end, ahead), (max(0, claim.start - 50), claim.start))
    for lo, hi in windows:
        best: tuple[int, str] | None = None
        for name, rx in _TOPIC_RES.items():
            m = rx.search(text, lo, hi)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), name)
        if best:
            return best[1]
    return None


def claimed_figures(claims: list[Claim], text: str, kind: str, starts: list[int]) -> set[int]:
    """The figures (by start offset) a sentence's record claims speak for: for each claim of a
    matching topic, the nearest figure after it; a claim that follows its figures ("fired 298
    drones and 69 missiles, the largest attack of the war") speaks for all of them."""
    out: set[int] = set()
    if not starts:
        return out
    for c in claims:
        t = topic(text, c)
        if t is not None and t != kind:
            continue
        after = [s for s in starts if c.start <= s <= c.end + 150]
        before = [s for s in starts if s < c.start]
        if after:
            out.add(after[0])
        else:
            out.update(before)
    return out


_ANAPHORIC_RE = re.compile(
    r"\s*[\"“]?(?:This|It|That|They|These|Those|The\s+(?:attack|assault|strike|barrage|figure|number|toll|gain|advance|"
    r"deployment|force))\s+(?:\w+\s+){0,2}?(?:is|was|marks|marked|makes|made|became|becomes|represents|"
    r"represented|constitutes|would\s+be|has\s+been|were|are|mark|make|represent)\b"
)
_TYPE_OF_TOPIC = {
    "strike": "strike",
    "casualty": "casualty",
    "territory": "territory",
    "deployment": "deployment",
}


def anaphoric_topic(text: str, claims: list[Claim], has_figures: bool) -> str | None:
    """A figure-less sentence that calls the previous one's figure a record ("This is the largest
    force Russia has committed since ..."): the event type it speaks for, or None."""
    if has_figures or not claims or not _ANAPHORIC_RE.match(text):
        return None
    t = topic(text, claims[0])
    return _TYPE_OF_TOPIC.get(t or "", "any")
