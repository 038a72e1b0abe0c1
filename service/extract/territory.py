"""Territory events: ground gained (or held) with its area in km2.

Reading rules: an area ("133 sq km", "200 square miles", "144-square-kilometer") is territory
when a verb before it says its subject seized, captured, gained or advanced (gainer = subject),
lost or ceded (gainer = the other side), or holds or controls it (gainer = subject); or when a
gain noun names it ("the 144-square-kilometer capture", "gains — nearly 60 square kilometers").
A bracketed or "or" figure in another unit is the same area restated and is skipped; "the figure"
in the next sentence keeps the previous sentence's gainer and period.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from service.events import AreaReported, RecordClaim, TerritoryEvent
from service.extract import actors, clauses, dates, modality, records, units
from service.extract.document import Analysed, Document
from service.extract.lexicon import cue_regex, load, phrase_pattern
from service.extract.qualifiers import qualifier_of

_DATA = load("territory")
_CUE_RE = cue_regex(
    regain=_DATA["regain_verbs"],
    loss=_DATA["loss_verbs"],
    hold=_DATA["hold_verbs"],
    gain=_DATA["gain_verbs"],
    noun=_DATA["gain_nouns"],
)
_NOUN_AFTER_RE = re.compile(
    r"\s+(?:" + phrase_pattern(_DATA["gain_nouns"]) + r")(?![\w-])", re.IGNORECASE
)
_PASSIVE_AFTER_RE = re.compile(
    r"(?:\s*\([^()]{0,50}\))?\s+(?:of\s+[\w\s'’-]{0,40}?\s+)?(?:(?:was|were|had\s+been|has\s+been|have\s+"
    r"been)\s+)?(?P<v>" + phrase_pattern(_DATA["passive_gain"]) + r")\b",
    re.IGNORECASE,
)
_VICTIM_RE = re.compile(
    r"(?:\s*\([^()]{0,50}\))?\s+of\s+(?:the\s+)?(?P<who>Ukrainian|Russian|Ukraine|Russia)(?:['’]s)?"
    r"(?:\s+(?:" + phrase_pattern(_DATA["territory_words"]) + r"))?\b",
)
# "420 sq km of Russian gains": the side named on the gain noun is the gainer.
_GAINS_OF_RE = re.compile(
    r"(?:\s*\([^()]{0,50}\))?\s+of\s+(?:the\s+)?(?P<who>Ukrainian|Russian|Ukraine|Russia)(?:['’]s)?"
    r"\s+(?:[a-z-]+\s+)?(?:" + phrase_pattern(_DATA["gain_nouns"]) + r")(?![\w-])",
)
_WHO = {"Ukrainian": "UA", "Ukraine": "UA", "Russian": "RU", "Russia": "RU"}
# "In total, Russia occupies about 100,000 sq km, or roughly 17% of Ukraine's territory": the
# whole area held (including earlier years), not ground gained.
_TOTAL_HELD_RE = re.compile(
    r"(?<![\w-])(?:" + phrase_pattern(_DATA["total_held_before"]) + r")(?![\w-])", re.IGNORECASE
)
_SHARE_AFTER_RE = re.compile(
    r"\s*(?:\(|,)?\s*or\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|over\s+)?"
    r"(?:\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)|(?:a|one)\s+(?:fifth|quarter|third|sixth))",
    re.IGNORECASE,
)
_RESTATED_RE = re.compile(
    r"(?:\(|\bor)\s*(?:about|approximately|around|some|roughly|nearly|almost|over|"
    r"more\s+than|just\s+over|just\s+under|~)?\s*$",
    re.IGNORECASE,
)
# "the figure", "That works out to about 15 square kilometres a day", "December alone accounted
# for 170 square miles" (a part of the total before): the previous figure's terms.
_ANAPHORA_RE = re.compile(
    r"\b(?:the|this|that)\s+(?:figure|number|total|area|estimate)\b|\b(?:that|this|which|it)\s+"
    r"(?:works?\s+out|comes?|amounts?|translates?|equates?)\s+to\b|"
    r"\b(?:alone\s+)?(?:accounted|accounts|accounting)\s+for\b",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT_RE = re.compile(r"\b(?:them|they|it|its|their)\b", re.IGNORECASE)
# "Syrskyi said (his / assault) troops had regained": troops the speaker does not assign to
# another side are the speaker's own.
_OWN_TROOPS_RE = re.compile(
    r"\b(?:troops|forces|soldiers|army|units|brigades?|defenders)\b", re.IGNORECASE
)
# "That was up from 507 square kilometres in May": an earlier figure of the same series.
_COMPARED_RE = re.compile(
    r"\b(?:up|down|rising|falling|rose|fell|increased|decreased|compared)\s+(?:from|with|to)\s+"
    r"(?:(?:about|around|some|roughly|nearly|almost|over|more\s+than|just\s+over|just\s+under)\s+)?$",
    re.IGNORECASE,
)
_SETTLEMENT_RE = re.compile(
    r"\b(?:village|town|city|settlement|hamlet)s?\s+of\s+(?P<n>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
_GAIN_WORD_RE = re.compile(
    r"\b(?:captured|seized|took|taken|occupied|liberated|took\s+control\s+of)\b", re.IGNORECASE
)


_AREA_WORDS = units.AREA_WORDS
_SETTLE_WORDS = frozenset(
    {"village", "town", "city", "settlement", "hamlet", "villages", "towns", "settlements"}
)


@dataclass(slots=True)
class _Fig:
    area: units.Area
    start: int
    end: int
    qualifier: str
    gainer: str | None = None
    when: dates.When | None = None
    daily: bool = False
    record: bool = False
    upper: float | None = None
    compared: bool = False


@dataclass(slots=True)
class _Event:
    fig: _Fig
    sentence: Analysed
    places: list[str] = field(default_factory=list)
    claimed_by: str | None = None


def build(doc: Document) -> list[TerritoryEvent]:
    """Every territory event the article reports."""
    events: list[_Event] = []
    last: _Fig | None = None
    last_index = -10
    for a in doc.sentences:
        if not (a.words & _AREA_WORDS and a.figures) and not (events and a.words & _SETTLE_WORDS):
            continue
        if a.off_topic:
            continue
        anaphoric = last is not None and a.sentence.index - last_index <= 2
        figs = _sentence_figures(a, doc, last if anaphoric else None)
        for f in figs:
            if any(
                e.fig.gainer == f.gainer
                and e.fig.area.km2 == f.area.km2
                and e.fig.when.key == f.when.key
                for e in events
            ):
                continue
            ev = _Event(f, a, _settlements(a.text), a.attribution.claimed_by)
            events.append(ev)
        if figs:
            last, last_index = figs[-1], a.sentence.index
        elif events and _GAIN_WORD_RE.search(a.text) and a.sentence.index - last_index <= 2:
            # "Russian forces captured the village of X" right after the figure.
            for name in _settlements(a.text):
                if name not in events[-1].places:
                    events[-1].places.append(name)
    return [_emit(e) for e in events]


def _sentence_figures(a: Analysed, doc: Document, prev: _Fig | None) -> list[_Fig]:
    text = a.text
    out: list[_Fig] = []
    last_area_end = -100
    for n in a.figures:
        area = units.area_after(text, n.tail, n.value)
        if area is None and out and _COMPARED_RE.search(text, max(0, n.start - 30), n.start):
            # "seized 502 square kilometres in July, down from 588 in June": the unit is the
            # compared figure's.
            unit = out[-1].area.unit
            area = units.Area(n.value, unit, round(n.value * units.AREA_FACTOR[unit], 6), n.end)
        if area is None:
            continue
        restated = n.start - last_area_end <= 14 and _RESTATED_RE.search(
            text, max(0, n.start - 24), n.start
        )
        last_area_end = area.end
        if restated:
            continue
        if modality.unreal(text, n.start, area.end):
            continue
        f = _Fig(area, n.start, area.end, qualifier_of(text, n))
        if n.upper is not None:
            f.upper = round(n.upper * units.AREA_FACTOR[area.unit], 6)
        f.gainer = _gainer(a, f, out, prev)
        if f.gainer is None or f.gainer not in actors.BELLIGERENTS:
            continue
        f.when = _when(a, f, doc, prev)
        if f.when is None:
            continue
        f.compared = _COMPARED_RE.search(text, max(0, f.start - 30), f.start) is not None
        if f.compared and out:
            f.when = _before(f.when, out[-1].when)
        if prev is not None and any(g.compared and g.when == f.when for g in out):
            # "That was up from 507 km2 in May and an average of 19 km2 a day": the date is the
            # comparison's; the rest still speaks of the figure before.
            f.when = prev.when
        starts = a.figure_starts()
        f.daily = any(
            f.end - 2 <= r.start <= f.end + 40
            and r.unit == "day"
            and not any(f.end <= o < r.start for o in starts)
            for r in a.rates
        )
        out.append(f)
    marked = records.claimed_figures(a.claims, text, "territory", [f.start for f in out])
    for f in out:
        f.record = f.start in marked
    return out


def _gainer(a: Analysed, f: _Fig, earlier: list[_Fig], prev: _Fig | None) -> str | None:
    """Who gained the area, or None when the sentence does not say it is territory."""
    text = a.text
    lo = clauses.clause_start(text, f.start)
    cue = None
    for m in _CUE_RE.finditer(text, lo, f.start):
        cue = m
    gains_of = _GAINS_OF_RE.match(text, f.end, min(len(text), f.end + 80))
    if gains_of is not None:
        return _WHO[gains_of.group("who")]
    victim = _VICTIM_RE.match(text, f.end, min(len(text), f.end + 80))
    victim_code = _WHO[victim.group("who")] if victim else None
    if cue is not None and cue.group("hold") and (
        _TOTAL_HELD_RE.search(text, lo, cue.start())
        or _SHARE_AFTER_RE.match(text, f.end, min(len(text), f.end + 40))
    ):
        return None  # the whole area held, not ground gained
    if cue is not None:
        subject = _subject(a, cue.start())
        if cue.group("loss"):
            return actors.opponent(subject) if subject else victim_code
        if cue.group("regain"):
            # "regained 2.2 km2 of Ukrainian territory": the owner takes it back.
            return subject or victim_code
        if cue.group("noun"):
            return _possessor(a, cue.start(), prev) or (
                actors.opponent(victim_code) if victim_code else None
            )
        return (
            subject
            or (actors.opponent(victim_code) if victim_code else None)
            or (earlier[-1].gainer if earlier else _possessor(a, cue.start(), prev))
        )
    after = _NOUN_AFTER_RE.match(text, f.end, min(len(text), f.end + 30))
    passive = _PASSIVE_AFTER_RE.match(text, f.end, min(len(text), f.end + 90))
    if after or passive:
        if passive and passive.group("v").lower() == "lost":
            return victim_code and actors.opponent(victim_code)
        return _possessor(a, f.start, prev) or (
            actors.opponent(victim_code) if victim_code else None
        )
    if victim_code:
        return actors.opponent(victim_code)
    if prev is not None and (
        _ANAPHORA_RE.search(text)
        or earlier
        or _COMPARED_RE.search(text, max(0, f.start - 30), f.start)
    ):
        return prev.gainer
    return None


def _subject(a: Analysed, pos: int) -> str | None:
    exclude = tuple((m.start, m.end) for m in a.actors if m.kind in ("body", "org"))
    s = clauses.subject_before(a.text, a.actors, pos, exclude=exclude, strict=True)
    if s is not None and s.code in actors.BELLIGERENTS:
        return s.code
    # "Syrskyi said his troops had regained", "According to Syrskyi, his brigades cleared": the
    # speaker's side.
    p = next((m for m in reversed(a.actors) if m.kind == "person" and m.end <= pos), None)
    if (
        p is not None
        and p.code in actors.BELLIGERENTS
        and _OWN_TROOPS_RE.search(a.text, p.end, pos)
        and not any(p.end <= m.start < pos and m.code in actors.BELLIGERENTS for m in a.actors)
    ):
        return p.code
    if _PRONOUN_SUBJECT_RE.search(a.text, max(0, pos - 20), pos):
        first = next(
            (
                m
                for m in a.actors
                if m.code in actors.BELLIGERENTS
                and m.start < pos
                and (m.kind == "demonym" or not clauses.is_object(a.text, m))
            ),
            None,
        )
        return first.code if first else None
    return None


def _possessor(a: Analysed, pos: int, prev: _Fig | None) -> str | None:
    """ "Russia's summer peak", "its advance": the owner named (or referred to) before `pos`."""
    s = clauses.subject_before(a.text, a.actors, pos, strict=True)
    if s is not None and s.code in actors.BELLIGERENTS:
        return s.code
    return prev.gainer if prev is not None else None


def _when(a: Analysed, f: _Fig, doc: Document, prev: _Fig | None) -> dates.When | None:
    w = dates.pick(a.dates, a.text, f.start, f.end, a.figure_starts())
    if w is None and prev is not None:
        # Figures reported together share their period unless a sentence names its own.
        w = prev.when
    if w is not None and w.historic:
        return None
    if w is None:
        w = dates.When("range")
    return w


def _before(w: dates.When, main: dates.When) -> dates.When:
    """ "502 km2 in July, down from 588 in June" (published in mid-June): the month compared
    with is the one before, so it falls a year earlier than the bare name suggests."""
    if w.period != "month" or main.period != "month" or w.start is None or main.start is None:
        return w
    if w.start <= main.start:
        return w
    year, month = w.start.year - 1, w.start.month
    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return dataclasses.replace(w, start=start, end=end)


def _settlements(text: str) -> list[str]:
    return [m.group("n") for m in _SETTLEMENT_RE.finditer(text)]


def _emit(e: _Event) -> TerritoryEvent:
    f, w, s = e.fig, e.fig.when, e.sentence
    single = w.period == "day"
    return TerritoryEvent(
        event_id="",
        article_id="",
        occurred_on=w.on if single else None,
        period="single" if single else w.period,
        period_start=None if single else w.start,
        period_end=None if single else w.end,
        qualifier=f.qualifier,
        claimed_by=e.claimed_by,
        record=RecordClaim() if f.record else None,
        evidence=s.evidence(),
        gainer=f.gainer,
        area_km2=f.area.km2,
        area_reported=AreaReported(value=f.area.value, unit=f.area.unit),
        daily_average=f.daily,
        places=e.places,
        range_upper=f.upper,
    )
