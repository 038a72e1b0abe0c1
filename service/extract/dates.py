"""Time expressions in a sentence, resolved against the publication date.

Conventions (project rules): an attack reported "overnight" belongs to the day the night ended
(the publication day); a weekday name is the most recent such day on or before publication; a
month without a year is the most recent such month on or before publication; "last week" is the
seven days before publication; "since the start of the full-scale invasion" is a cumulative
period from 2022-02-24 to the as-of date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from itertools import product

from service.extract.lexicon import load, phrase_pattern

_DATA = load("dates")
_MONTHS = dict(_DATA["months"])
_WEEKDAYS = dict(_DATA["weekdays"])
INVASION = dt.date.fromisoformat(_DATA["invasion_start"])
# Years before this are history (World War II, 2008, 2014 annexation) and never a current fact.
HISTORY_BEFORE = 2014

_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in ("May", "June", "July")]
_ABBR_MONTHS = [m for m in _MONTHS if m not in _FULL_MONTHS]
_M = (
    r"(?:" + phrase_pattern(_FULL_MONTHS) + r"(?![a-z])"
    r"|" + phrase_pattern(_ABBR_MONTHS) + r"(?![a-z])\.?)"
)
_WD = phrase_pattern(_WEEKDAYS) + r"(?![a-z])"
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
_Y = r"(?:19|20)\d{2}(?!\d)"
_NUMW = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


# Every relative phrase list in one trie, the kind looked up from the matched words.
_REL_KIND = {
    " ".join(p.lower().split()): kind
    for kind, name in (
        ("cumul", "cumulative"),
        ("pastday", "past_day"),
        ("yesterday", "yesterday"),
        ("weekend", "weekend"),
        ("lastweek", "last_week"),
        ("thisweek", "this_week"),
        ("pastmonth", "past_month"),
        ("lastmonth", "last_month"),
        ("thismonth", "this_month"),
        ("thisyear", "this_year"),
        ("lastyear", "last_year"),
        ("sameday", "same_day"),
        ("sofar", "so_far"),
    )
    for p in _DATA[name]
}
_REL = r"(?<![\w-])(?i:" + phrase_pattern(_REL_KIND) + r")(?![\w-])"


# How every form below starts: a digit, a month or weekday name, a relative phrase, "from" or
# "between" and a month, or a "the" span ("the past 3 days", "in the first two weeks"). Tested
# first, it turns away most word starts ("the region", "in Kyiv") with one look-ahead instead of
# trying all the branches.
_OPENING = (
    r"(?=\d|" + _M + "|" + _WD + "|" + _REL + r"|(?i:from|between)\s+" + _M + r"|(?i:"
    r"(?:(?:in|during|over|for)\s+)?the\s+(?:week|first|past|last|previous|" + _NUMW + r")))"
)


# The first three letters of every form's opening word: a cheaper necessary test than
# _OPENING, which turns away the word starts of most other words ("Russia", "said"). Spelled
# out in both cases so the regex stays case-sensitive (whose branches Python's re skips on one
# character compare); a word with a non-ASCII letter among its first three always passes, as
# case-insensitive matching folds a few of those onto ASCII letters.
_OPENING_PREFIXES = {
    " ".join(p.split())[:3].lower()
    for p in [
        *_MONTHS,
        *_WEEKDAYS,
        *_REL_KIND,
        *("from", "between", "in the", "during", "over", "for", "the"),
    ]
}
_QUICK_OPENING = (
    r"(?=\d|"
    + phrase_pattern(
        {"".join(cs) for p in _OPENING_PREFIXES for cs in product(*({c, c.upper()} for c in p))}
    )
    + r"|.{0,2}[^\x00-\x7f])"
)


# One alternation, one pass per sentence; each branch is a named group and `lastgroup` says
# which one matched. Longer and more specific forms come first. The leading look-arounds make
# every position inside a word fail at once, which keeps the scan fast; words that may precede
# a date ("since", "last", "early") are read from the text before the match (_PREFIX_RE).
_DATE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?=[A-Za-z0-9])"
    + _QUICK_OPENING
    + _OPENING
    + r"(?:"
    + "|".join(
        [
            rf"(?P<mdrange>(?P<r_m1>{_M})\s+(?P<r_d1>{_D})\s*(?:-|–|—|to|until|through)\s*"
            rf"(?:(?P<r_m2>{_M})\s+)?(?P<r_d2>{_D})(?:,?\s+(?P<r_y>{_Y}))?)",
            rf"(?P<dmrange>(?P<q_d1>{_D})\s*(?:-|–|—)\s*(?P<q_d2>{_D})\s+(?:of\s+)?(?P<q_m>{_M})"
            rf"(?:,?\s+(?P<q_y>{_Y}))?)",
            rf"(?P<monthspan>(?i:from|between)\s+(?P<s_m1>{_M})(?:\s+(?P<s_y1>{_Y}))?\s+"
            rf"(?i:to|and|through|until|till)\s+(?P<s_m2>{_M})(?:,?\s+(?P<s_y2>{_Y}))?)",
            rf"(?P<weekto>(?i:(?:in\s+)?the\s+week\s+(?:preceding|before|to|ending|ended|through|"
            rf"up\s+to|until))\s+(?P<w_m>{_M})\s+(?P<w_d>{_D})(?:,?\s+(?P<w_y>{_Y}))?)",
            rf"(?P<firstn>(?i:(?:in|during|over)\s+)?(?i:the\s+first)\s+(?P<f_n>{_NUMW})\s+"
            rf"(?P<f_u>(?i:days|weeks|months))\s+(?i:of)\s+(?:(?P<f_y>{_Y})|(?i:the\s+year|this\s+year)))",
            rf"(?P<pastn>(?i:(?:over|in|during|for)\s+)?(?i:the\s+(?:(?:past|last|previous)\s+)?)"
            rf"(?P<p_n>{_NUMW})\s+(?i:(?:winter|summer|spring|autumn|fall|full|consecutive)\s+)?"
            rf"(?P<p_u>(?i:days|weeks|months|years)))",
            rf"(?P<nperiod>(?i:the\s+)(?P<n_n>{_NUMW})[-\s](?P<n_u>(?i:day|week|month))"
            rf"(?i:\s+period|\s+span|\s+stretch))",
            rf"(?P<rel>{_REL})",
            rf"(?P<md>(?P<md_m>{_M})\s+(?P<md_d>{_D})(?:,?\s+(?P<md_y>{_Y})|\s+(?P<md_rel>"
            rf"(?i:of\s+(?:this|last)\s+year)))?)",
            rf"(?P<dm>(?P<dm_d>{_D})\s+(?:of\s+)?(?P<dm_m>{_M})(?:,?\s+(?P<dm_y>{_Y}))?)",
            rf"(?P<my>(?P<my_m>{_M})(?!\s+\d{{1,2}}(?!\d))(?:,?\s+(?P<my_y>{_Y}))?)",
            rf"(?P<wday>(?P<wd>{_WD}))",
            rf"(?P<year>(?P<y_y>{_Y}))",
        ]
    )
    + ")"
)
_TO_GAP_RE = re.compile(r"\s*(?:to|until|through|-|–)\s*")
_LEADING_DIGITS_RE = re.compile(r"\d+")
_PREFIX_RE = re.compile(
    r"(?<![\w-])(?P<pre>in|during|since|for|of|last|early|late|mid-?|until|by|through|from|throughout|"
    r"this|past|before|after|in\s+early|in\s+late|since\s+early|since\s+late)\s+$",
    re.IGNORECASE,
)
_RATE_RE = re.compile(
    r"(?<![\w-])(?:(?:per|a|an|each|every)\s+(?P<u>day|week|month|night)s?(?!\s+(?:after|before|"
    r"earlier|later|ago|of)\b)|(?P<adv>daily|weekly|monthly)(?=\s+(?:average|rate|toll|"
    r"losses|casualties)|[.,;]|$))(?![\w-])",
    re.IGNORECASE,
)
_RATE_BLOCK_RE = re.compile(
    r"(?:\bin|\bwithin|\bfor|\bover|\bonly|\bjust|\bone)\s*$", re.IGNORECASE
)
_WORDNUM = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


@dataclass(frozen=True, slots=True)
class When:
    """A resolved time: `period` is day/week/month/range/cumulative (builders turn a `day` into
    the contract's `single` for one attack)."""

    period: str
    on: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    historic: bool = False
    # True when the text gave a calendar date or named period, False for "overnight"-like words.
    explicit: bool = True
    # A default, not read from the text (publication day), or a vague "so far".
    weak: bool = False

    @property
    def key(self) -> tuple:
        """What identifies the time, whatever the wording: period and dates."""
        return (self.period, self.on, self.start, self.end)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time expression found in a sentence, with its [start, end) span."""

    start: int
    end: int
    when: When


@dataclass(frozen=True, slots=True)
class Rate:
    """A rate expression ("a day", "per month") with its span."""

    start: int
    end: int
    unit: str


def find_dates(text: str, anchor: dt.date) -> list[DateMention]:
    """Every time expression in `text`, resolved against the publication date `anchor`."""
    out: list[DateMention] = []
    for m in _DATE_RE.finditer(text):
        start = m.start()
        pre = ""
        if m.lastgroup in ("md", "dm", "my", "wday", "year"):
            p = _PREFIX_RE.search(text, max(0, start - 16), start)
            if p:
                pre = " ".join(p.group("pre").lower().split())
                start = p.start()
        when = _resolve(m, anchor, pre)
        if when is not None:
            out.append(DateMention(start, m.end(), when))
    return _absorb_invasion_dates(text, out)


def find_rates(text: str) -> list[Rate]:
    """Every rate expression ("per day", "a month", "daily") in `text`."""
    out: list[Rate] = []
    for m in _RATE_RE.finditer(text):
        if m.group("u") and _RATE_BLOCK_RE.search(text, max(0, m.start() - 8), m.start()):
            continue
        unit = m.group("u") or m.group("adv").lower()
        out.append(
            Rate(
                m.start(),
                m.end(),
                _DATA["rate_units"].get(unit.lower()) or _DATA["rate_adverbs"][unit.lower()],
            )
        )
    return out


def _absorb_invasion_dates(text: str, mentions: list[DateMention]) -> list[DateMention]:
    # "since the beginning of its full-scale invasion on Feb. 24, 2022": the date belongs to
    # the cumulative phrase, it is not the day of the figure.
    out: list[DateMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        day = m.when.on or m.when.start
        if (
            prev is not None
            and prev.when.period == "cumulative"
            and m.start - prev.end <= 5
            and day is not None
            and day.year == INVASION.year
            and day.month <= INVASION.month
        ):
            out[-1] = DateMention(prev.start, m.end, prev.when)
            continue
        if (
            prev is not None
            and prev.when.period == "cumulative"
            and m.when.period == "day"
            and _TO_GAP_RE.fullmatch(text, prev.end, m.start)
        ):
            # "from February 24, 2022 to September 4, 2025": the as-of date.
            out[-1] = DateMention(
                prev.start, m.end, When("cumulative", start=INVASION, end=m.when.on)
            )
            continue
        out.append(m)
    return out


def _int(word: str) -> int:
    return int(word) if word.isdigit() else _WORDNUM[word.lower()]


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".")]


def _day(raw: str) -> int:
    return int(_LEADING_DIGITS_RE.match(raw).group())


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, anchor: dt.date) -> int:
    # No year given: this year, unless that lands clearly after publication.
    candidate = _safe_date(anchor.year, month, day)
    if candidate is not None and candidate > anchor + dt.timedelta(days=2):
        return anchor.year - 1
    return anchor.year


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _recent_month(month: int, anchor: dt.date, strictly_before: bool = False) -> int:
    if month < anchor.month or (month == anchor.month and not strictly_before):
        return anchor.year
    return anchor.year - 1


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _day_when(day: dt.date | None, explicit: bool = True) -> When | None:
    if day is None:
        return None
    return When("day", on=day, historic=day.year < HISTORY_BEFORE, explicit=explicit)


def _since(day: dt.date | None, anchor: dt.date) -> When | None:
    """ "since Feb. 24, 2022": cumulative from the invasion, else a range up to publication."""
    if day is None:
        return None
    if day <= INVASION + dt.timedelta(days=1):
        return When("cumulative", start=INVASION, end=anchor)
    return _range(day, anchor)


def _on_or_since(year: int, month: int, day: int, anchor: dt.date, pre: str) -> When | None:
    """The day itself, or the span from it to the anchor when `pre` is "since" or "from"."""
    return (
        _since(_safe_date(year, month, day), anchor)
        if pre in ("since", "from")
        else _day_when(_safe_date(year, month, day))
    )


def _range(start: dt.date, end: dt.date, period: str = "range") -> When:
    return When(period, start=start, end=end, historic=end.year < HISTORY_BEFORE)


def _resolve(m: re.Match[str], anchor: dt.date, pre: str) -> When | None:
    kind = m.lastgroup
    g = m.group
    if kind == "rel":
        kind = _REL_KIND[" ".join(m.group("rel").lower().split())]
    if kind == "md":
        month, day = _month(g("md_m")), _day(g("md_d"))
        year = int(g("md_y")) if g("md_y") else _year_for(month, day, anchor)
        if g("md_rel") and "last" in g("md_rel").lower():
            year = anchor.year - 1
        return _on_or_since(year, month, day, anchor, pre)
    if kind == "dm":
        month, day = _month(g("dm_m")), _day(g("dm_d"))
        year = int(g("dm_y")) if g("dm_y") else _year_for(month, day, anchor)
        return _on_or_since(year, month, day, anchor, pre)
    if kind == "mdrange":
        m1, d1 = _month(g("r_m1")), _day(g("r_d1"))
        m2 = _month(g("r_m2")) if g("r_m2") else m1
        d2 = _day(g("r_d2"))
        year = int(g("r_y")) if g("r_y") else _year_for(m2, d2, anchor)
        start, end = _safe_date(year if m1 <= m2 else year - 1, m1, d1), _safe_date(year, m2, d2)
        if start is None or end is None:
            return None
        if (end - start).days <= 1:
            # "the night of 15-16 September" style: the day the night ended.
            return _day_when(end)
        return _range(start, end)
    if kind == "dmrange":
        month, d1, d2 = _month(g("q_m")), _day(g("q_d1")), _day(g("q_d2"))
        year = int(g("q_y")) if g("q_y") else _year_for(month, d2, anchor)
        start, end = _safe_date(year, month, d1), _safe_date(year, month, d2)
        if start is None or end is None or end < start:
            return None
        return _day_when(end) if (end - start).days <= 1 else _range(start, end)
    if kind == "monthspan":
        m1, m2 = _month(g("s_m1")), _month(g("s_m2"))
        y2 = int(g("s_y2")) if g("s_y2") else _recent_month(m2, anchor)
        y1 = int(g("s_y1")) if g("s_y1") else (y2 if m1 <= m2 else y2 - 1)
        return _range(month_bounds(y1, m1)[0], month_bounds(y2, m2)[1])
    if kind == "weekto":
        month, day = _month(g("w_m")), _day(g("w_d"))
        year = int(g("w_y")) if g("w_y") else _year_for(month, day, anchor)
        end = _safe_date(year, month, day)
        if end is None:
            return None
        return _range(end - dt.timedelta(days=7), end - dt.timedelta(days=1), "week")
    if kind == "firstn":
        year = int(g("f_y")) if g("f_y") else anchor.year
        n, unit = _int(g("f_n")), g("f_u").lower()
        start = dt.date(year, 1, 1)
        if unit == "months":
            end = _shift_months(start, -n) - dt.timedelta(days=1)
        else:
            end = start + dt.timedelta(days=n * (7 if unit == "weeks" else 1) - 1)
        return _range(start, min(end, anchor))
    if kind == "pastn":
        n, unit = _int(g("p_n")), g("p_u").lower()
        if unit == "months":
            start = _shift_months(anchor, n)
        elif unit == "years":
            start = _safe_date(anchor.year - n, anchor.month, 1) or anchor
        else:
            start = anchor - dt.timedelta(days=n * (7 if unit == "weeks" else 1))
        return _range(start, anchor)
    if kind == "nperiod":
        n, unit = _int(g("n_n")), g("n_u").lower()
        if unit == "month":
            start = _shift_months(anchor, n)
        else:
            start = anchor - dt.timedelta(days=n * (7 if unit == "week" else 1))
        return _range(start, anchor)
    if kind == "cumul":
        return When("cumulative", start=INVASION, end=anchor)
    if kind == "sofar":
        return When("cumulative", start=INVASION, end=anchor, explicit=False, weak=True)
    if kind == "my":
        name = g("my_m")
        month = _month(name)
        if not g("my_y") and not pre and name in ("May", "March"):
            return None  # the verbs "may"/"march" at a sentence start
        if g("my_y"):
            year = int(g("my_y"))
        else:
            year = _recent_month(month, anchor, strictly_before=pre in ("last", "past"))
        first, last = month_bounds(year, month)
        if pre == "since":
            if (year, month) <= (INVASION.year, INVASION.month):
                return When("cumulative", start=INVASION, end=anchor)
            return _range(first, anchor)
        return When("month", start=first, end=last, historic=year < HISTORY_BEFORE)
    if kind == "wday":
        wd = _WEEKDAYS[g("wd")]
        back = (anchor.weekday() - wd) % 7
        if back == 0 and pre in ("last", "past"):
            back = 7
        return _day_when(anchor - dt.timedelta(days=back))
    if kind == "pastday":
        return _day_when(anchor, explicit=False)
    if kind == "yesterday":
        return _day_when(anchor - dt.timedelta(days=1))
    if kind == "weekend":
        back = (anchor.weekday() - 6) % 7 if anchor.weekday() < 5 else 0
        return _day_when(anchor - dt.timedelta(days=back), explicit=False)
    if kind == "lastweek":
        # The calendar week before publication's (Monday to Sunday).
        monday = anchor - dt.timedelta(days=anchor.weekday() + 7)
        return _range(monday, monday + dt.timedelta(days=6), "week")
    if kind == "thisweek":
        # "this week", "the past week", "within a week": the seven days up to publication.
        return _range(anchor - dt.timedelta(days=6), anchor, "week")
    if kind == "pastmonth":
        return _range(anchor - dt.timedelta(days=30), anchor)
    if kind in ("lastmonth", "thismonth"):
        ref = _shift_months(anchor, 1) if kind == "lastmonth" else anchor
        first, last = month_bounds(ref.year, ref.month)
        return When("month", start=first, end=last)
    if kind == "thisyear":
        return _range(dt.date(anchor.year, 1, 1), anchor)
    if kind == "lastyear":
        return _range(dt.date(anchor.year - 1, 1, 1), dt.date(anchor.year - 1, 12, 31))
    if kind == "year":
        if not pre or pre in ("last", "this", "past"):
            return None  # a bare number, not a year reference
        year = int(g("y_y"))
        if pre.startswith("since"):
            if year <= INVASION.year:
                return When(
                    "cumulative", start=INVASION, end=anchor, historic=year < HISTORY_BEFORE
                )
            return _range(dt.date(year, 1, 1), anchor)
        end = min(dt.date(year, 12, 31), anchor) if year <= anchor.year else dt.date(year, 12, 31)
        return _range(dt.date(year, 1, 1), end)
    if kind == "sameday":
        return _day_when(anchor, explicit=False)
    return None


def pick(
    mentions: list[DateMention], text: str, start: int, end: int, others: list[int]
) -> When | None:
    """The time a figure at [start, end) in `text` refers to, among the sentence's mentions.

    A date inside the figure's own parentheses wins; a parenthesised figure takes the date before
    the bracket; a sentence's only date is every figure's; otherwise the nearest date after the
    figure with no other figure in between ("38,130 in September and 41,980 in October"), then the
    nearest date before it, then the first.
    """
    if not mentions:
        return None
    open_at = text.rfind("(", max(0, start - 60), start)
    close_at = text.rfind(")", max(0, start - 60), start)
    if open_at > close_at:
        stop = text.find(")", end, end + 80)
        stop = stop if stop >= 0 else end + 40
        inside = [m for m in mentions if open_at < m.start and m.end <= stop]
        if inside:
            return inside[0].when
        before = [m for m in mentions if m.end <= open_at]
        if before:
            return before[-1].when
    if len(mentions) == 1:
        return mentions[0].when
    after = [m for m in mentions if m.start >= end and m.start - end <= 80]
    if after:
        nearest = after[0]
        if not any(end <= o < nearest.start for o in others):
            return nearest.when
    before = [m for m in mentions if m.end <= start]
    if before:
        return before[-1].when
    return mentions[0].when


# "..., the ministry said on Saturday": the day a statement was made, not the day of its figures.
_SAID_BEFORE_RE = re.compile(
    r"\b(?:said|says|reported|announced|stated|added|wrote|posted)\s+(?:late\s+|early\s+)?"
    r"(?:on\s+)?$",
    re.IGNORECASE,
)


def not_told(mentions: list[DateMention], text: str) -> list[DateMention]:
    """The mentions that date events rather than the statement reporting them ("said on
    Saturday"); all of them when the statement's day is the only time given."""
    kept = [m for m in mentions if not _SAID_BEFORE_RE.search(text, max(0, m.start - 24), m.start)]
    return kept or mentions
