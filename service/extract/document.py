"""An article analysed once, lazily: sentences with their figures, times, actors, places,
attribution and record claims, each computed the first time a builder asks and then kept, plus
what carries over from earlier sentences (the last day named, the last attacker, the last place).
"""

from __future__ import annotations

import datetime as dt
import re

from service.events import Evidence
from service.extract import actors, dates, numbers, records
from service.extract.lexicon import first_words, load, words_of
from service.extract.sentences import Sentence, split

# A figure glued to letters or punctuation that make it something else: "21st", "F-16",
# "Su-34", "7:16", "24/7", "23%", "8-year-old".
_GLUED_AFTER_RE = re.compile(
    r"(?:[A-Za-z]|%|\s*(?:percent|per\s+cent|pct)\b|:\d|/\d|-year|\s+years?\s+old|-?th\b|\s*°)",
    re.IGNORECASE,
)
_GLUED_BEFORE_RE = re.compile(r"(?:[A-Za-z]-?|[:/#№]|\d[.,]|[$€£])$")
_YEAR_CONTEXT_RE = re.compile(
    r"(?:\b(?:in|since|of|by|from|until|to|early|late|mid|year|spring|summer|autumn|fall|winter|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s*|[-–]\s*)$",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"\S*(?:https?:|www\.|\.com|\.html|/)\S*")
_DIGIT_RE = re.compile(r"\d")
_NUMBER_WORDS = first_words(
    [w for part in ("units", "tens", "hundred", "scales", "dozen") for w in load("numbers")[part]]
)
# Words without which a sentence names no particular day (digits aside).
_DAY_WORDS = first_words(list(load("dates")["months"]) + list(load("dates")["weekdays"])) | {
    "overnight",
    "night",
    "tonight",
    "today",
    "morning",
    "hours",
    "afternoon",
    "evening",
    "nighttime",
    "yesterday",
    "day",
    "weekend",
}
# Every date form contains one of these words (or a year); sentences without any skip the scan.
_DATE_WORDS = _DAY_WORDS | {
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "since",
    "far",
    "date",
    "throughout",
    "during",
    "course",
    "period",
    "span",
    "stretch",
}
_AWAY_FROM_RE = re.compile(
    r"\b(?:away\s+from|elsewhere\s+(?:than|from)|beyond)\s+(?:the\s+)?(?:war\s+in\s+)?"
    r"(?:Ukraine|Russia)\b(?:\s+war\b)?",
    re.IGNORECASE,
)
# "19xx"/"20xx" not inside a longer digit run; the no-digit-before test follows the first digit
# so the regex opens with "1" or "2" and the scan skips to those in C.
_YEAR_RE = re.compile(r"(?:1(?<!\d1)9|2(?<!\d2)0)\d\d(?!\d)")
_RATE_WORDS = frozenset({"day", "days", "week", "month", "night", "daily", "weekly", "monthly"})
_RECORD_WORDS = first_words(
    list(load("records")["strong"])
    + list(load("records")["superlatives"])
    + list(load("records")["previous_cues"])
)


class cached_property:
    """A lock-free cached property: computed on first access, then read from the instance dict.

    (functools.cached_property takes a lock on every first access in Python 3.11, which costs
    more than most of the values cached here.)"""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = self.func(obj)
        obj.__dict__[self.name] = value
        return value


# Far back enough for any story; the walk is memoised, the cap only bounds pathological input.
_CARRY_LIMIT = 200


class Analysed:
    """One sentence with everything the builders read from it, each part computed on first use.

    `previous` links to the sentence before, so what carries over (the last day named, the last
    attacker, the last place) is found by walking back, memoised on each sentence.
    """

    def __init__(self, sentence: Sentence, published: dt.date, before: Analysed | None) -> None:
        self.sentence = sentence
        self.text = sentence.text
        self.published = published
        self.before = before

    def evidence(self) -> Evidence:
        """The sentence as an event's evidence: its text and its span in the article."""
        return Evidence(sentence=self.text, start=self.sentence.start, end=self.sentence.end)

    @cached_property
    def words(self) -> frozenset[str]:
        """Lowercase words of the sentence (for cheap gating)."""
        return words_of(self.text)

    @cached_property
    def claims(self) -> list[records.Claim]:
        """Record claims in the sentence."""
        return records.find_claims(self.text) if self.words & _RECORD_WORDS else []

    @cached_property
    def dates(self) -> list[dates.DateMention]:
        """Time expressions, minus those inside record scopes and previous-record statements;
        a calendar day drops vaguer "overnight"-like words."""
        if not self.previous:
            return self._unscoped_dates
        # "surpassing the 500 fired on May 3-4": that date is the old record's.
        kept = [d for d in self._unscoped
                if not any(p.start <= d.start < p.end for p in self.previous)]
        return _prefer_explicit(kept)

    @cached_property
    def _unscoped_dates(self) -> list[dates.DateMention]:
        # What previous-record statements read their dates from.
        return _prefer_explicit(self._unscoped)

    @cached_property
    def _unscoped(self) -> list[dates.DateMention]:
        return [
            d
            for d in self._all_dates
            if not any(c.scope_start <= d.start < c.scope_end for c in self.claims)
        ]

    @cached_property
    def _all_dates(self) -> list[dates.DateMention]:
        if not (self.words & _DATE_WORDS or _YEAR_RE.search(self.text)):
            return []
        return dates.find_dates(self.text, self.published)

    @cached_property
    def figures(self) -> list[numbers.Number]:
        """Numbers that are counts: not dates, years, percentages, ages, times or model names,
        and not a previous record's value."""
        found = self._raw_figures
        if found and self.previous:
            found = [f for f in found if not any(p.start <= f.start < p.end for p in self.previous)]
        return found

    @cached_property
    def previous(self) -> list[records.Previous]:
        """ "The previous record of N set on DATE" statements."""
        if not self.claims and "record" not in self.words and "previous" not in self.words:
            return []
        return records.find_previous(self.text, self._raw_figures, self._unscoped_dates)

    @cached_property
    def _raw_figures(self) -> list[numbers.Number]:
        # The counts before previous records are taken out (those need the counts first).
        if not (self._has_digit or self.words & _NUMBER_WORDS):
            return []
        return _figures(self.text, self._all_dates, self.words)

    @cached_property
    def _has_digit(self) -> bool:
        # Read by both the figures and the day gates: the scan is done once.
        return _DIGIT_RE.search(self.text) is not None

    @cached_property
    def rates(self) -> list[dates.Rate]:
        """Rate expressions ("a day", "per month")."""
        return dates.find_rates(self.text) if self.words & _RATE_WORDS else []

    @cached_property
    def actors(self) -> list[actors.Mention]:
        """Actor mentions."""
        return actors.find_actors(self.text, self.words)

    @cached_property
    def places(self) -> list[actors.Place]:
        """Place mentions."""
        return actors.find_places(self.text)

    @cached_property
    def attribution(self) -> actors.Attribution:
        """Who the sentence says is the source."""
        return actors.attribution(self.text, self.actors, self.places, self.words)

    @cached_property
    def off_topic(self) -> bool:
        """Names another war and not this one: nothing is read from it."""
        if not actors.other_war(self.text):
            return False
        # "Away from Ukraine: Gaza's civil defence agency says ...": named only to leave it.
        return not actors.mentions_war(_AWAY_FROM_RE.sub(" ", self.text))

    @cached_property
    def aggressor(self) -> str | None:
        """The side this sentence presents as attacking, if any."""
        return actors.aggressor(self.text)

    def figure_starts(self) -> list[int]:
        """Start offsets of the sentence's figures (for date binding)."""
        return [f.start for f in self.figures]

    @cached_property
    def own_day(self) -> dates.When | None:
        """The last day this sentence names, for the sentences after it."""
        if not (self.words & _DAY_WORDS or self._has_digit):
            return None
        days = [
            d.when
            for d in self.dates
            if d.when.period == "day"
            and not d.when.historic
            and d.when.on <= self.published + dt.timedelta(days=1)
            and not any(p.start <= d.start < p.end for p in self.previous)
        ]
        explicit = [w for w in days if w.explicit]
        return (explicit or days)[-1] if days else None

    @cached_property
    def carried(self) -> dates.When | None:
        """The last day named in an earlier sentence ("overnight", "on Sunday"), for sentences
        that continue the same story without repeating it."""
        return _walk_back(self, lambda a: a.own_day, "carried")

    @cached_property
    def last_aggressor(self) -> str | None:
        """The attacker named last, in this sentence or before it."""
        return self.aggressor or _walk_back(self, lambda a: a.aggressor, "last_aggressor")

    @cached_property
    def own_place_country(self) -> str | None:
        """The country of the last war place this sentence names."""
        return next(
            (p.country for p in reversed(self.places) if p.country in actors.BELLIGERENTS), None
        )

    @cached_property
    def last_place_country(self) -> str | None:
        """The country of the last war place named in an earlier sentence."""
        return _walk_back(self, lambda a: a.own_place_country, "last_place_country")


def _walk_back(a: Analysed, own, memo: str):
    """The first non-None `own(x)` over the sentences before `a`, using each one's memo."""
    node = a.before
    for _ in range(_CARRY_LIMIT):
        if node is None:
            return None
        value = own(node)
        if value is not None:
            return value
        if memo in node.__dict__:
            return node.__dict__[memo]
        node = node.before
    return None


class Document:
    """An analysed article."""

    def __init__(self, text: str, published: dt.date) -> None:
        self.text = text
        self.published = published
        self.sentences: list[Analysed] = []
        before = None
        for sent in split(text):
            before = Analysed(sent, published, before)
            self.sentences.append(before)
        self.relevant = actors.mentions_war(text)


def _prefer_explicit(found: list[dates.DateMention]) -> list[dates.DateMention]:
    """A calendar day named outright drops vaguer day words ("overnight") beside it."""
    if any(d.when.period == "day" and d.when.explicit for d in found):
        return [d for d in found if d.when.explicit or d.when.period != "day"]
    return found


def analyse(text: str, published_at: dt.datetime) -> Document:
    """Split an article into lazily analysed sentences."""
    published = (
        published_at.astimezone(dt.UTC).date() if published_at.tzinfo else published_at.date()
    )
    return Document(text, published)


def _figures(
    text: str, mentions: list[dates.DateMention], words: frozenset[str]
) -> list[numbers.Number]:
    urls = (
        [(m.start(), m.end()) for m in _URL_RE.finditer(text)]
        if "/" in text or "www" in text
        else []
    )
    out: list[numbers.Number] = []
    for n in numbers.find_numbers(text, with_words=bool(words & _NUMBER_WORDS)):
        if any(d.start <= n.start < d.end for d in mentions):
            continue
        if any(s <= n.start < e for s, e in urls):
            continue
        if not n.is_word:
            if _GLUED_AFTER_RE.match(text, n.end, min(len(text), n.end + 14)):
                continue
            if _GLUED_BEFORE_RE.search(text, max(0, n.start - 2), n.start):
                continue
            if _year_like(text, n):
                continue
        elif text.startswith(("-year", "-th", " years old", " year old"), n.end):
            continue
        elif n.value == 1 and text[max(0, n.start - 3) : n.start].lower() == "no ":
            continue  # "No one was hurt": nobody
        out.append(n)
    return out


def _year_like(text: str, n: numbers.Number) -> bool:
    raw = text[n.start : n.end]
    if not (raw.isdigit() and len(raw) == 4 and 1900 <= n.value <= 2099):
        return False
    after = text[n.end : n.end + 2]
    return (
        not after.startswith(" ")
        or after[1:2].isupper()
        or after[1:2].isdigit()
        or _YEAR_CONTEXT_RE.search(text, max(0, n.start - 12), n.start) is not None
    )
