"""Casualty events: killed, wounded, combined, missing, captured and losses figures per party,
population and period.

Reading rules: a figure is a casualty count when it is followed by an outcome ("45,680 Russian
soldiers were killed or wounded", "198,000 killed"), is itself a casualty noun ("980 casualties",
"six civilian deaths"), follows a casualty verb ("killing seven people", "Russia has lost 976,780
troops", "injuries to 30 others"), or follows a toll ("losses reaching 38,130", "casualties ...
surpassed 710,660"). List items and bracketed figures continue the figure before them
("38,130 in September and 41,980 in October", "(1,570 in December)"). Figures for children and
other sub-groups are folded into the toll they belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.events import CasualtyEvent, RecordClaim
from service.extract import actors, clauses, dates, modality, records
from service.extract.document import Analysed, Document
from service.extract.lexicon import first_words, load, phrase_pattern, word_regex
from service.extract.qualifiers import qualifier_of

_DATA = load("casualties")
_PERSONS = {k.lower(): v for k, v in _DATA["persons"].items()}
_SUBSET = frozenset(p.lower() for p in _DATA["subset_persons"])
_OUTCOMES = {k.lower(): v for k, v in _DATA["outcomes"].items()}
_NOUNS = {k.lower(): v for k, v in _DATA["nouns"].items()}
_VERBS = {k.lower(): v for k, v in _DATA["verbs"].items()}
_NEED_PERSON = frozenset(_DATA["verbs_need_person"])
_TOLLS = {k.lower(): v for k, v in _DATA["toll_nouns"].items()}
# Verbs whose subject inflicts the toll rather than suffers it ("forces killed 120 soldiers").
_AGENTIVE = frozenset("verb:" + v for v in _DATA["agentive_verbs"])
_OF_BEFORE_RE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_PAST_WAR_RE = word_regex(_DATA["past_wars"])
_PAST_WAR_CLAUSE_RE = re.compile(
    r"(?:\s*\([^()]{0,30}\))?,?\s+(?:in\s+which|during\s+which|which|that|when)\s+[^.;,]{0,80}",
    re.IGNORECASE,
)
_DURING_RE = re.compile(r"\b(?:during|in|of)\s+(?:the\s+)?(?:[\d–-]+\s+)?$", re.IGNORECASE)
_PAST_WAR_LEAD_RE = re.compile(r",?\s+[^.;,]{0,60}")
_PAST_WAR_TAIL_RE = re.compile(r"[^.;,]{0,40}")
_GENERIC = frozenset(k.lower() for k, v in _DATA["persons"].items() if v is None)
_QUAL_WORDS = (
    r"(?:(?:at|least|more|than|over|nearly|almost|about|around|some|roughly|approximately|up|to|as|"
    r"many|an|estimated|another|a|total|of|just|well|under|close|no|fewer|less|average|averaging|"
    r"further|additional|reportedly|now|already)\s+){0,5}"
)
_AGENT_GAP_RE = re.compile(
    r"(?:['’]s)?(?:\s+(?!(?:of|on|in|at|near|against|by|from|to|where|who|which|that|and|but)\b)"
    r"[a-z][\w-]*){0,3}\s+(?:(?:have|has|had)\s+)?(?:reportedly\s+)?(?i:"
    + phrase_pattern(_DATA["agentive_verbs"])
    + r")\s+"
    + _QUAL_WORDS
)
_PERSON_HEAD_RE = clauses.head_regex(_PERSONS)
_WOUNDED_ADJ_RE = re.compile(
    r"\s+(?:(?:seriously|severely|badly|lightly|critically)\s+)?(?:wounded|injured)(?=\s)",
    re.IGNORECASE,
)
_NOUN_HEAD_RE = clauses.head_regex(_NOUNS)
_OUTCOME_RE = re.compile(
    r"(?:\s*,[^,.;]{1,50},)?\s+(?:(?:who|that)\s+)?(?:(?:were|was|have|has|had|been|are|is|being|got|"
    r"reportedly|confirmed|"
    r"also|all|either|allegedly|officially|later|now|subsequently|possibly|likely|so\s+far)\s+){0,4}"
    r"(?P<o>" + phrase_pattern(_OUTCOMES) + r")(?![\w-])",
    re.IGNORECASE,
)
_VERB_RE = re.compile(
    r"(?<![\w-])(?P<v>" + phrase_pattern(_VERBS) + r")\s+" + _QUAL_WORDS + r"$", re.IGNORECASE
)
_TOLL_RE = re.compile(
    r"(?<![\w-])(?P<n>"
    + phrase_pattern(_TOLLS)
    + r")(?![\w-])[^.;:()]{0,90}?(?<![\w-])(?:"
    + phrase_pattern(_DATA["toll_verbs"])
    + r")\s+"
    + _QUAL_WORDS
    + r"$",
    re.IGNORECASE,
)
# "This brings the total ... losses ... to 1,250,150 personnel"
_BRINGS_RE = re.compile(
    r"\b(?:brings|brought|bringing|raises|raised|raising|pushes|pushed|pushing|takes|took|taking)\s+"
    r"[^.;:()]{0,120}?\b(?P<n>losses|casualties|death\s+toll|toll|dead)\b[^.;:()]{0,100}?\bto\s+"
    + _QUAL_WORDS
    + r"(?:a\s+(?:staggering|total\s+of|record)\s+)?$",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(r"\bsince\b", re.IGNORECASE)
_GS_LINE_RE = re.compile(
    r"\b(?:personnel|troops|servicemen|soldiers)\s*(?:[—–:-]+|\s)\s*(?:(?:about|approximately|around|"
    r"some|over|more\s+than)\s+)?$",
    re.IGNORECASE,
)
_INCLUDING_GAP_RE = re.compile(r"[^,;]{0,20},?\s+(?:including|of\s+which|with)\s+", re.IGNORECASE)
_PART_BEFORE_RE = re.compile(r"\b(?:including|of\s+which)\s+$", re.IGNORECASE)
_RATIO_RE = re.compile(
    r"\s+(?:for\s+(?:every|each)\b|per\s+(?:(?:square|sq\.?)\s+)?(?:kilomet|km|mile|metre|meter|"
    r"hectare|acre))",
    re.IGNORECASE,
)
_INCREMENT_RE = re.compile(r"\s*\(\s*\+\s*")
# "about 1,160 a day, down from 1,570 a day in December": the same rate at an earlier time.
_COMPARED_RE = re.compile(
    r"[^,;]{0,30},?\s+(?:down|up)\s+from\s+(?:a\s+(?:peak|high|low|record)\s+of\s+|the\s+)?"
    r"(?:(?:about|around|nearly|almost|some|roughly|more\s+than|over)\s+)?"
)
# "up from the 40 dead", "An earlier count had put the toll at 12 dead", "Earlier the service
# had reported nine people killed": an earlier reading of a toll the article updates.
_UP_FROM_RE = re.compile(
    r"\b(?:up|revised)\s+from\s+(?:the\s+|an?\s+)?" + _QUAL_WORDS + r"$", re.IGNORECASE
)
_EARLIER_TOLL_RE = re.compile(
    r"\b(?:an?|the)\s+(?:earlier|initial|previous)\s+(?:count|toll|tally|figure|report|estimate)s?\b"
    r"|\b(?:earlier|previously|initially)\b[^.;]{0,60}?\bhad\s+(?:\w+\s+){0,2}?(?:reported|put|"
    r"said|given|counted|announced|cited)\b",
    re.IGNORECASE,
)
_EARLIER_WORDS = frozenset({"earlier", "initial", "previous", "previously", "initially"})
_LOST_BEFORE_RE = re.compile(r"\b(?:lost|losing|lose|loses)\s+" + _QUAL_WORDS + r"$", re.IGNORECASE)
# "63 servicemen were killed when Ukrainian rockets struck": a side named in a clause after the
# toll is the attacker, not whose dead they are.
_ATTACK_CLAUSE_RE = re.compile(r"[^.;]{0,30}?\b(?:when|as|after|by)\s+(?:the\s+)?$", re.IGNORECASE)
_OWN_VERB_RE = re.compile(r"\s+(?:were|was|have|has|had|are|is|will|would)\b", re.IGNORECASE)
_EQUIPMENT_RE = re.compile(
    r"\s+(?:[A-Za-z][\w-]*\s+){0,2}?" + phrase_pattern(_DATA["equipment"]) + r"\b", re.IGNORECASE
)
_ALL_SIDES_RE = word_regex(_DATA["all_sides"])
# "the largest combined aerial assault": a kind of attack, not both sides' tolls added up.
_COMBINED_ATTACK_RE = re.compile(
    r"combined\s+(?:[\w-]+\s+){0,3}?(?:" + phrase_pattern(_DATA["combined_attack_nouns"]) + r")\b",
    re.IGNORECASE,
)
_ANAPHORA_RE = re.compile(
    r"\s*(?:" + phrase_pattern(_DATA["anaphora_start"]) + r")\b", re.IGNORECASE
)
_PRONOUN_RE = word_regex(_DATA["pronouns"])
_SIDE_OPENER_RE = re.compile(
    r"\s*(?:" + phrase_pattern(_DATA["side_openers"]) + r")\s+(?:the\s+)?", re.IGNORECASE
)
_CIVILIAN_RE = word_regex(_DATA["civilian_cues"])
_MILITARY_RE = word_regex(_DATA["military_cues"])
_CIVILIAN_WORD_RE = re.compile(r"\bcivilian", re.IGNORECASE)
_SUBSET_BEFORE_RE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\s+" + _QUAL_WORDS + r"$",
    re.IGNORECASE,
)
# A comma that separates words, not the thousands of a figure ("1,200").
_CLAUSE_COMMA_RE = re.compile(r",(?!\d)")
_ORG_IN = {"Ukraine": "UA", "Russia": "RU"}
_ORG_IN_RE = re.compile(r"\bin\s+(Ukraine|Russia)\b")
_OF_ITS_RE = re.compile(r"\s+of\s+(?:its|their|his|her|our)\s", re.IGNORECASE)
_SUBSET_AFTER_RE = re.compile(r"\s+(?:of\s+whom|of\s+them|among\s+them)\b", re.IGNORECASE)
_SINGLE_RE = re.compile(
    r"(?<![\w-])(?:a|an|one)\s+(?:\d+-year-old\s+|elderly\s+|young\s+|local\s+)?(?P<p>"
    + phrase_pattern(_DATA["singular_persons"])
    + r")\b[^.;]{0,60}?\b(?:was|has\s+been|had\s+been)\s+"
    r"(?:reportedly\s+)?(?P<o>killed|injured|wounded|hurt)\b",
    re.IGNORECASE,
)
_SINGLE_AFTER_VERB_RE = re.compile(
    r"(?<![\w-])(?P<v>killing|killed|injuring|injured|wounding|wounded)\s+(?:a|an)\s+"
    r"(?:\d+-year-old\s+|elderly\s+|young\s+|local\s+)?(?P<p>"
    + phrase_pattern(_DATA["singular_persons"])
    + r")\b",
    re.IGNORECASE,
)
_PERSON_LIST_RE = re.compile(
    r"(?<![\w-])(?P<v>injuries\s+to|injuring|injured|wounding|wounded|killing|killed)\s+(?P<list>"
    r"(?:an?\s+[\w-]+-year-old|an?\s+(?:man|woman|child|boy|girl)|[\w-]+\s+(?:women|men|children|"
    r"people|boys|girls))(?:(?:,\s*|\s+and\s+)(?:an?\s+[\w-]+-year-old|an?\s+(?:man|woman|child|boy|"
    r"girl)|[\w-]+\s+(?:women|men|children|people|boys|girls))){1,4})",
    re.IGNORECASE,
)
# "a 28-year-old woman and her 12-year-old son were killed": people listed before the outcome.
_PLURALS = ("women", "men", "children", "grandchildren", "people", "boys", "girls", "others")
_GROUP_ITEM = (
    r"(?:(?:a|an|one|her|his|their)\s+(?:\d+-year-old\s+|elderly\s+|young\s+|local\s+)?(?:"
    + phrase_pattern(_DATA["singular_persons"])
    + r")|[\w-]+\s+(?:"
    + "|".join(_PLURALS)
    + r"))"
)
_PERSON_GROUP_RE = re.compile(
    r"(?<![\w-])(?P<list>" + _GROUP_ITEM + r"(?:(?:,\s*|\s+and\s+)" + _GROUP_ITEM + r"){1,4})"
    r"\s+(?:were|have\s+been|had\s+been)\s+(?:reportedly\s+)?(?P<v>killed|injured|wounded|hurt)\b",
    re.IGNORECASE,
)
# The outcome words _PERSON_LIST_RE and _SINGLE_AFTER_VERB_RE open with, and those
# _PERSON_GROUP_RE and _SINGLE_RE end with: a sentence without them skips those scans.
_LIST_VERBS = frozenset(
    {"injuries", "injuring", "injured", "wounding", "wounded", "killing", "killed"}
)
_PASSIVE_OUTCOMES = frozenset({"killed", "injured", "wounded", "hurt"})
_LIST_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
_PERFECT_RE = re.compile(
    r"\b(?:has|have|had)\s+(?:\w+\s+){0,2}?(?:lost|been|suffered|sustained|"
    r"reached|surpassed|exceeded)\b|\bso\s+far\b|\bto\s+date\b|\bin\s+total\b",
    re.IGNORECASE,
)
_SINGLE_WORDS = frozenset(
    {"killed", "injured", "wounded", "hurt", "killing", "injuring", "wounding", "injuries", "dead"}
)
# A casualty figure needs one of these words in its sentence (or continues a list, which the
# first item's word covers).
_GATE_WORDS = (
    first_words(_OUTCOMES)
    | first_words(_NOUNS)
    | first_words(_VERBS)
    | first_words(_TOLLS)
    | _SINGLE_WORDS
    | frozenset({"lost", "losing", "loses", "lose"})
)
_BRACKETS = str.maketrans({"[": " ", "]": " ", "“": " ", "”": " ", '"': " "})
_QUAL_RANK = {"exact": 3, "at_least": 2, "approx": 1, "at_most": 1}
_COMBINED_TWIN = {"losses": "killed_or_wounded", "killed_or_wounded": "losses"}
_CUMULATIVE_FLOOR = 5000
# How far an exact count may lie from a round figure that restates it, per hedge.
_ROUNDING = {"at_least": (1.0, 1.1), "at_most": (0.9, 1.0), "approx": (0.9, 1.1)}
# How many "item: figure" lines a tally's heading may stand above.
_LIST_LINES = 20


@dataclass(slots=True)
class _Fig:
    value: int
    start: int
    end: int
    field: str
    person: str | None
    head_end: int
    qualifier: str
    mods: tuple[int, int] = (0, 0)
    subset: bool = False
    source: str = ""
    population: str | None = None
    party: str | None = None
    when: dates.When | None = None
    daily: bool = False
    place: str | None = None
    record: bool = False
    upper: float | None = None
    superseded: bool = False


@dataclass(slots=True)
class _Event:
    party: str
    population: str
    when: dates.When
    daily: bool
    place: str | None
    sentence: Analysed
    values: dict[str, tuple[int, str, bool]] = field(default_factory=dict)
    record: bool = False
    previous: records.Previous | None = None
    claimed_by: str | None = None
    upper: float | None = None


@dataclass(slots=True)
class _Context:
    party: str | None = None
    population: str | None = None
    when: dates.When | None = None
    daily: bool = False


def build(doc: Document) -> list[CasualtyEvent]:
    """Every casualty event the article reports."""
    ctx = _Context()
    events: list[_Event] = []
    held: list[tuple[list[_Fig], Analysed, bool]] = []
    for a in doc.sentences:
        if not (a.words & _GATE_WORDS) or not (a.figures or a.words & _SINGLE_WORDS):
            continue
        if a.off_topic:
            continue
        figs = _sentence_figures(a, doc, ctx)
        anaphoric = _ANAPHORA_RE.match(a.text) is not None
        for group in _groups(figs):
            if all(f.superseded for f in group):
                held.append((group, a, anaphoric))
                continue
            _merge(events, group, a, anaphoric)
        if figs:
            last = figs[-1]
            ctx.party, ctx.population, ctx.when, ctx.daily = (
                last.party,
                last.population,
                last.when,
                last.daily,
            )
    for group, a, anaphoric in held:
        if not any(_updates(e, group) for e in events):
            _merge(events, group, a, anaphoric)
    return [_emit(e) for e in events if e.values and not _rounds_another(e, events)]


def _updates(e: _Event, group: list[_Fig]) -> bool:
    """A later toll of the same people that is larger than an earlier reading of it."""
    head = group[0]
    return (e.party, e.population, e.when.period, e.daily) == (
        head.party,
        head.population,
        head.when.period,
        head.daily,
    ) and any(f.field in e.values and e.values[f.field][0] > f.value for f in group)


def _rounds_another(e: _Event, events: list[_Event]) -> bool:
    """ "More than 90,000 Russian military deaths" in a headline over "90,019 ... killed" in the
    body: a hedged round figure restating another sentence's exact count is that count."""
    if len(e.values) != 1:
        return False
    fld, (value, qual, _) = next(iter(e.values.items()))
    if qual == "exact" or not _is_round(value):
        return False
    lo, hi = _ROUNDING[qual]
    # A headline rounds further still: "more than 200,000 lost" over the body's "around
    # 210,000 killed and wounded" (a finer figure, the same combined count under its twin name).
    headline = e.sentence.sentence.index == 0 and not e.sentence.text.rstrip().endswith(".")
    names = (fld, _COMBINED_TWIN.get(fld)) if headline else (fld,)
    return any(
        o is not e
        and o.sentence is not e.sentence
        and (o.party, o.population, o.daily, o.when.period)
        == (e.party, e.population, e.daily, e.when.period)
        and any(
            name in o.values
            and (o.values[name][1] == "exact" or (headline and _finer(o.values[name][0], value)))
            and lo * value <= o.values[name][0] <= hi * value
            for name in names
        )
        for o in events
    )


def _finer(value: int, rounded: int) -> bool:
    """ "210,000" is finer than "200,000": more significant digits."""
    return len(str(value).rstrip("0")) > len(str(rounded).rstrip("0"))


def _is_round(value: int) -> bool:
    """At most two significant digits: 90,000, 1,500, 2,000,000."""
    digits = str(value).rstrip("0")
    return len(digits) <= 2 and len(str(value)) >= 3


def _sentence_figures(a: Analysed, doc: Document, ctx: _Context) -> list[_Fig]:
    text = a.text.translate(_BRACKETS)
    if any(not _COMBINED_ATTACK_RE.match(text, m.start()) for m in _ALL_SIDES_RE.finditer(text)):
        return []
    figs: list[_Fig] = []
    used: set[int] = set()
    for n in a.figures:
        if n.value != int(n.value) or n.value <= 0:
            continue
        f = _read(text, n, a)
        if f is None:
            f = _sibling(text, n, a, figs)
        if f is None:
            continue
        if modality.unreal(text, n.start, f.head_end):
            continue
        if modality.denied(text, n.start) or modality.milestone(text, n.end):
            continue
        if _RATIO_RE.match(text, f.head_end, min(len(text), f.head_end + 40)):
            continue  # "102 casualties for every square kilometre": a ratio, not a toll
        if _of_past_war(text, n.start, f.head_end):
            continue
        f.upper = n.upper
        figs.append(f)
        used.add(n.start)
    figs.extend(_singles(text, a, used))
    figs.sort(key=lambda f: f.start)
    anaphoric = _ANAPHORA_RE.match(text) is not None
    earlier = bool(a.words & _EARLIER_WORDS) and _EARLIER_TOLL_RE.search(text) is not None
    for i, f in enumerate(figs):
        # A list item ("up from the 40 dead and 200 wounded") shares its first item's reading.
        f.superseded = earlier or (
            (
                i > 0
                and figs[i - 1].superseded
                and clauses.continues_list(text, figs[i - 1].head_end, f.start)
            )
            or _UP_FROM_RE.search(text, max(0, f.start - 40), f.start) is not None
            and not any(f.end <= r.start <= f.end + 3 for r in a.rates)
        )
    starts = a.figure_starts()
    marked = records.claimed_figures(a.claims, a.text, "casualty", [f.start for f in figs])
    prev: _Fig | None = None
    for f in figs:
        _population(text, f, prev, ctx, anaphoric)
        _party(text, f, prev, a, ctx, anaphoric)
        _period(text, f, prev, a, doc, ctx, anaphoric, starts)
        f.record = f.start in marked
        prev = f
    # A belligerent's or an ally's people ("3,000 North Korean soldiers").
    return [
        f
        for f in figs
        if actors.side_of(f.party) is not None
        and f.when is not None
        and (f.population == "military" or f.party in actors.BELLIGERENTS)
    ]


def _of_past_war(text: str, start: int, end: int) -> bool:
    """ "... since the 1950-53 Korean War, in which 2.5 million people died", "During World War
    Two, 27 million ...", "15,000 soldiers killed in the Soviet-Afghan war": a toll of an
    earlier war named in the figure's own clause."""
    for m in _PAST_WAR_RE.finditer(text, max(0, start - 120), min(len(text), end + 80)):
        during = _DURING_RE.search(text, max(0, m.start() - 30), m.start())
        if m.end() <= start:
            if _PAST_WAR_CLAUSE_RE.fullmatch(text, m.end(), start):
                return True
            if during and _PAST_WAR_LEAD_RE.fullmatch(text, m.end(), start):
                return True
        elif during and m.start() >= end and _PAST_WAR_TAIL_RE.fullmatch(text, end, during.start()):
            return True
    return False


def _read(text: str, n, a: Analysed) -> _Fig | None:
    """Read one figure as a casualty count, or None."""
    qual = qualifier_of(text, n)
    subset = _SUBSET_BEFORE_RE.search(text, max(0, n.start - 40), n.start) is not None or (
        _SUBSET_AFTER_RE.match(text, n.end, min(len(text), n.end + 16)) is not None
    )
    p = clauses.match_after(_PERSON_HEAD_RE, text, n.tail)
    if p is None:
        # "two wounded North Korean soldiers": the adjective before the person noun.
        adj = _WOUNDED_ADJ_RE.match(text, n.tail, min(len(text), n.tail + 30))
        if adj is not None:
            p = clauses.match_after(_PERSON_HEAD_RE, text, adj.end())
    if p is None:
        # "1,980 of its soldiers were killed"
        of_its = _OF_ITS_RE.match(text, n.tail, min(len(text), n.tail + 16))
        if of_its is not None:
            p = clauses.match_after(_PERSON_HEAD_RE, text, of_its.end() - 1)
    person = p.group("head").lower() if p else None
    pos = p.end() if p else n.tail
    mods = (n.end, p.start("head")) if p else (n.end, n.end)
    o = _OUTCOME_RE.match(text, pos, min(len(text), pos + 90))
    if o:
        fld = _OUTCOMES[" ".join(o.group("o").lower().split())]
        if (
            fld == "losses"
            and person is None
            and o.group("o").lower() in ("eliminated", "neutralized")
        ):
            return None
        if o.group("o").lower() == "lost" and (person is None or person in _GENERIC):
            return None  # "35 others were lost to jamming": drones, not people
        return _Fig(
            int(n.value),
            n.start,
            n.end,
            fld,
            person,
            o.end(),
            qual,
            mods,
            subset or person in _SUBSET,
            "outcome",
        )
    h = clauses.match_after(_NOUN_HEAD_RE, text, n.tail)
    if (
        h
        and p is not None
        and h.start("head") < p.start("head")
        and _VERB_RE.search(text, max(0, n.start - 60), n.start)
    ):
        h = None  # "captured two wounded soldiers": the verb's count; "wounded" describes them
    if h:
        fld = _NOUNS[" ".join(h.group("head").lower().split())]
        return _Fig(
            int(n.value),
            n.start,
            n.end,
            fld,
            None,
            h.end(),
            qual,
            (n.end, h.start("head")),
            subset,
            "noun",
        )
    v = _VERB_RE.search(text, max(0, n.start - 60), n.start)
    if v:
        verb = " ".join(v.group("v").lower().split())
        if verb in _NEED_PERSON and (person is None or _PERSONS.get(person) == "civilian"):
            return None
        if person is None and _EQUIPMENT_RE.match(text, n.tail, min(len(text), n.tail + 40)):
            return None
        return _Fig(
            int(n.value),
            n.start,
            n.end,
            _VERBS[verb],
            person,
            pos,
            qual,
            mods,
            subset or person in _SUBSET,
            "verb:" + verb,
        )
    if _GS_LINE_RE.search(text, max(0, n.start - 40), n.start):
        # "personnel — about 905,330 (+1,240)": the General Staff's running total
        return _Fig(
            int(n.value), n.start, n.end, "losses", "personnel", n.end, qual, mods, False, "tally"
        )
    b = _BRINGS_RE.search(text, max(0, n.start - 260), n.start)
    if b and not _EQUIPMENT_RE.match(text, n.tail, min(len(text), n.tail + 40)):
        fld = _TOLLS.get(" ".join(b.group("n").lower().split()), "losses")
        return _Fig(int(n.value), n.start, n.end, fld, person, pos, qual, mods, subset, "toll")
    t = _TOLL_RE.search(text, max(0, n.start - 150), n.start)
    if t and not any(t.end("n") <= s < n.start for s in a.figure_starts()):
        if _EQUIPMENT_RE.match(text, n.tail, min(len(text), n.tail + 40)):
            return None
        return _Fig(
            int(n.value),
            n.start,
            n.end,
            _TOLLS[" ".join(t.group("n").lower().split())],
            person,
            pos,
            qual,
            mods,
            subset,
            "toll",
        )
    return None


def _sibling(text: str, n, a: Analysed, figs: list[_Fig]) -> _Fig | None:
    """A figure continuing the previous one: a list item or a bracketed aside."""
    if not figs:
        return None
    prev = figs[-1]
    gap = text[prev.head_end : n.start]
    for d in a.dates:
        if prev.head_end <= d.start and d.end <= n.start:
            gap = gap.replace(text[d.start : d.end], "")
    if _INCREMENT_RE.fullmatch(gap):
        # "905,330 (+1,240)": the day's increase on the total just before it
        return _Fig(
            int(n.value),
            n.start,
            n.end,
            prev.field,
            prev.person,
            n.end,
            "exact",
            (n.end, n.end),
            False,
            "increment",
        )
    if (
        _INCLUDING_GAP_RE.fullmatch(gap)
        and (prev.field == "losses" or _PERSONS.get(prev.person or "") == "military")
        and any(n.end <= d.start <= n.end + 6 for d in a.dates)
    ):
        # "losses have reached 1,050,000, including 1,230 over the past day": the day's part.
        return _Fig(
            int(n.value),
            n.start,
            n.end,
            prev.field,
            prev.person,
            n.end,
            qualifier_of(text, n),
            (n.end, n.end),
            False,
            "sibling",
        )
    bracket = text[max(0, n.start - 2) : n.start].rstrip().endswith("(")
    # Only a rate compares two periods; "rose to 21, up from 15" is the same toll told earlier.
    compared = _COMPARED_RE.fullmatch(gap) is not None and any(
        n.end <= r.start <= n.end + 3 for r in a.rates
    )
    if not bracket and not compared and not clauses.continues_list(gap, 0, len(gap)):
        return None
    if _OWN_VERB_RE.match(text, n.end, min(len(text), n.end + 10)):
        return None  # "and two were rescued": a new clause, not a list item
    if _EQUIPMENT_RE.match(text, n.tail, min(len(text), n.tail + 40)):
        return None
    qual = qualifier_of(text, n)
    if bracket and qual == "exact":
        qual = prev.qualifier
    subset = (
        prev.subset or _SUBSET_AFTER_RE.match(text, n.end, min(len(text), n.end + 16)) is not None
    )
    return _Fig(
        int(n.value),
        n.start,
        n.end,
        prev.field,
        prev.person,
        n.end,
        qual,
        (n.end, n.end),
        subset,
        "sibling",
    )


def _singles(text: str, a: Analysed, used: set[int]) -> list[_Fig]:
    """ "a man ... was killed", "killing a woman", "injuries to an 8-year-old and two women"."""
    out: list[_Fig] = []
    listed = bool(a.words & _LIST_VERBS)
    passive = bool(a.words & _PASSIVE_OUTCOMES)
    lists = (
        *(_PERSON_LIST_RE.finditer(text) if listed else ()),
        *(_PERSON_GROUP_RE.finditer(text) if passive else ()),
    )
    for m in lists:
        if any(f.start <= m.start("list") < f.head_end for f in out):
            continue
        total = 0
        offset = m.start("list")
        for item in _LIST_SPLIT_RE.split(m.group("list")):
            at = text.find(item, offset)
            offset = at + len(item)
            num = next((f for f in a.figures if f.start == at), None)
            if num is None and m.re is _PERSON_GROUP_RE and item.lower().endswith(_PLURALS):
                total = 0  # "a woman and other residents": a group of unknown size
                break
            total += int(num.value) if num is not None else 1
        if not total:
            continue
        fld = "wounded" if m.group("v").lower().startswith(("inj", "wound")) else "killed"
        for f in a.figures:
            if m.start("list") <= f.start < m.end():
                used.add(f.start)
        out.append(
            _Fig(total, m.start("list"), m.end(), fld, "people", m.end(), "exact", source="list")
        )
    for rx, gate in ((_SINGLE_RE, passive), (_SINGLE_AFTER_VERB_RE, listed)):
        for m in rx.finditer(text) if gate else ():
            if any(f.start <= m.start("p") < f.head_end for f in out) or any(
                m.start() <= u < m.start("p") for u in used
            ):
                continue
            verb = (m.groupdict().get("o") or m.group("v")).lower()
            fld = "killed" if verb.startswith("kill") else "wounded"
            person = m.group("p").lower().split()[-1]
            out.append(
                _Fig(1, m.start("p"), m.end(), fld, person, m.end(), "exact", source="single")
            )
    return out


def _population(text: str, f: _Fig, prev: _Fig | None, ctx: _Context, anaphoric: bool) -> None:
    pop = _PERSONS.get(f.person or "")
    if pop is None and f.person == "ukrainians":
        pop = None
    if pop is None and prev is not None:
        pop = prev.population
    if pop is None and anaphoric and ctx.population:
        pop = ctx.population
    if pop is None:
        near = text[max(0, f.start - 40) : min(len(text), f.head_end + 40)]
        military_field = f.field in (
            "losses",
            "killed_or_wounded",
            "captured",
        ) or f.source.startswith("verb:los")
        if f.source == "outcome" and _LOST_BEFORE_RE.search(text, max(0, f.start - 40), f.start):
            military_field = True  # "forces had lost about 50,000 killed": a side's losses
        if _CIVILIAN_WORD_RE.search(near):
            pop = "civilian"
        elif not military_field and _CIVILIAN_RE.search(text) and not _MILITARY_RE.search(text):
            pop = "civilian"
        elif f.source in _AGENTIVE and f.person in _GENERIC and not _MILITARY_RE.search(near):
            # "forces carried out 280 attacks ..., killing three people": the people an
            # attack kills are civilians unless soldiers are named next to the figure.
            pop = "civilian"
        elif military_field:
            pop = "military"
        elif _MILITARY_RE.search(text) and not _CIVILIAN_RE.search(text):
            pop = "military"
        else:
            pop = "civilian"
    f.population = pop


def _party(
    text: str, f: _Fig, prev: _Fig | None, a: Analysed, ctx: _Context, anaphoric: bool
) -> None:
    own = clauses.mention_within(a.actors, f.mods[0], f.mods[1], ("demonym", "country"))
    if own is not None:
        f.party = own.code
        return
    if f.population == "civilian":
        f.party, f.place = _civilian_party(text, f, a, ctx, prev)
        if f.party is None and prev is not None:
            f.party = prev.party
        return
    exclude = tuple((m.start, m.end) for m in a.actors if m.kind in ("body", "person", "org"))
    exclude += a.attribution.spans
    s = clauses.subject_before(text, a.actors, f.start, exclude=exclude, allow_of=True)
    if s is not None:
        f.party = actors.opponent(s.code) if _inflicts(text, s, f) else s.code
        return
    opener = _side_opener(a)
    if opener is not None:
        f.party = opener
        return
    after = next(
        (
            m
            for m in a.actors
            if f.head_end <= m.start <= f.head_end + 40
            and m.kind in ("demonym", "country")
            and not clauses.is_object(text, m)
            and not any(x <= m.start < y for x, y in exclude)
            and not _ATTACK_CLAUSE_RE.fullmatch(text, f.head_end, m.start)
        ),
        None,
    )
    if after is not None:
        f.party = after.code
        return
    if prev is not None:
        f.party = prev.party
        return
    if anaphoric and ctx.party:
        f.party = ctx.party
        return
    if _PRONOUN_RE.search(text, 0, f.start):
        f.party = _earlier_subject(a)
    if f.party is None:
        # "... according to Ukraine's General Staff: personnel — 905,330": a side's military
        # reports the other side's losses.
        body = next(
            (m for m in a.actors if m.kind == "body" and m.code in actors.BELLIGERENTS), None
        )
        if body is not None:
            f.party = actors.opponent(body.code)
    if f.party is None and f.source == "tally":
        f.party = _list_owner(a)
    if (
        f.party is None
        and ctx.party is not None
        and not any(m.code in actors.BELLIGERENTS for m in a.actors)
    ):
        # "The heaviest single-day toll was 2,200 personnel": a soldiers' toll naming no side
        # is the side whose losses the article has been counting.
        f.party = ctx.party


def _side_opener(a: Analysed) -> str | None:
    """ "For Ukraine, the same report gives 120,000 casualties": the side a sentence opens with."""
    m = _SIDE_OPENER_RE.match(a.text)
    if m is None:
        return None
    side = next((x for x in a.actors if x.start == m.end()), None)
    if side is None or side.code not in actors.BELLIGERENTS:
        return None
    return side.code if a.text.startswith(",", side.end) else None


def _inflicts(text: str, s: actors.Mention, f: _Fig) -> bool:
    """ "Ukrainian forces killed 120 soldiers": the actor is the subject of a verb that inflicts
    the toll (a few words, then the verb), so the dead are the other side's."""
    return (
        f.source in _AGENTIVE
        and _AGENT_GAP_RE.fullmatch(text, s.end, f.start) is not None
        and not _OF_BEFORE_RE.search(text, max(0, s.start - 8), s.start)
    )


def _civilian_party(
    text: str, f: _Fig, a: Analysed, ctx: _Context, prev: _Fig | None
) -> tuple[str | None, str | None]:
    """Whose civilians: the country of the place the figure happened in ("eight others" in a
    list keep the place of the figure before them), else where the sentence is set, else the
    side attacked."""
    others = a.figure_starts()
    # "..., a day after Moscow launched ...": a capital that acts is its government, not where
    # the figure happened.
    acting = {m.start for m in a.actors if m.kind == "capital" and not clauses.is_object(text, m)}
    after = [
        p
        for p in a.places
        if f.end <= p.start <= f.head_end + 90
        and not any(f.end <= o < p.start for o in others)
        and p.start not in acting
    ]
    if not after and prev is not None and prev.place and prev.party:
        return prev.party, prev.place
    before = [p for p in a.places if p.end <= f.start]
    for p in after[:1] + before[-1:] + a.places:
        if p.country in actors.BELLIGERENTS:
            return p.country, p.name
    located = next(
        (
            m
            for m in a.actors
            if m.kind == "country" and m.code in actors.BELLIGERENTS and clauses.is_object(text, m)
        ),
        None,
    )
    if located is not None:
        return located.code, None
    for m in a.actors:
        if m.kind in ("org", "body"):
            # "the UN Human Rights Monitoring Mission in Ukraine": the country it works in.
            where = _ORG_IN_RE.search(text, m.start, m.end)
            if where is not None:
                return actors.side_of(_ORG_IN[where.group(1)]), None
    attacker = a.last_aggressor
    if attacker in actors.BELLIGERENTS:
        return actors.opponent(attacker), None
    return a.last_place_country, None


def _period(
    text: str,
    f: _Fig,
    prev: _Fig | None,
    a: Analysed,
    doc: Document,
    ctx: _Context,
    anaphoric: bool,
    starts: list[int],
) -> None:
    # A date past an included part is the part's ("1,050,000 in all, including 1,230 over the
    # past day") unless the part is closed off by a comma ("9,000 civilians, including 500
    # children, have been killed since ..."); "said on Wednesday" is the day of the statement.
    parts = [o for o in starts if o > f.start and _PART_BEFORE_RE.search(text, max(0, o - 16), o)]
    own = [
        d
        for d in dates.not_told(a.dates, a.text)
        if d.start < f.end
        or not any(o < d.start and not _CLAUSE_COMMA_RE.search(text, o, d.start) for o in parts)
    ]
    w = dates.pick(own, a.text, f.start, f.end, starts)
    if f.source == "increment":
        w = a.carried or dates.When("day", on=doc.published, explicit=False)
    rate = next(
        (
            r
            for r in a.rates
            if (
                f.head_end - 2 <= r.start <= f.head_end + 50
                and not any(f.end <= o < r.start for o in starts)
            )
            or (f.start - 40 <= r.end <= f.start and not any(r.end <= o < f.start for o in starts))
        ),
        None,
    )
    f.daily = rate is not None and rate.unit == "day"
    if w is None and f.source == "sibling" and prev is not None:
        w = prev.when
    if w is None and anaphoric and ctx.when is not None:
        w, f.daily = ctx.when, f.daily or ctx.daily
    if f.source == "sibling" and prev is not None:
        f.daily = f.daily or prev.daily
    if w is not None and w.historic:
        f.when = None
        return
    if w is None and rate is not None and rate.unit in ("month", "week"):
        w = dates.When(rate.unit)
    if w is None and f.daily:
        w = dates.When("range")
    if (
        w is None
        and f.population == "military"
        and _SINCE_RE.search(text, f.end, min(len(text), f.head_end + 80))
    ):
        w = dates.When("range")  # "since they entered combat": a span the text does not date
    if w is None or w.weak:
        if f.population == "military" and (
            f.value >= _CUMULATIVE_FLOOR or _PERFECT_RE.search(text) or (w is not None and w.weak)
        ):
            w = dates.When("cumulative", start=dates.INVASION, end=doc.published)
        else:
            w = a.carried or dates.When("day", on=doc.published, explicit=False, weak=True)
    f.when = w


def _groups(figs: list[_Fig]) -> list[list[_Fig]]:
    """Figures of one sentence that form one event: same party, population, time and place;
    a field repeated, or (for soldiers) a different hedge, starts a new event."""
    out: list[list[_Fig]] = []
    for f in figs:
        for g in out:
            head = g[0]
            if (head.party, head.population, head.when.key, head.daily, head.place) != (
                f.party,
                f.population,
                f.when.key,
                f.daily,
                f.place,
            ):
                continue
            if any(x.field == f.field for x in g):
                continue
            if f.population == "military" and f.qualifier != head.qualifier:
                continue
            g.append(f)
            break
        else:
            out.append([f])
    return out


def _merge(events: list[_Event], group: list[_Fig], a: Analysed, anaphoric: bool) -> None:
    head = group[0]
    if all(f.source == "single" for f in group) and any(_covers(e, head) for e in events):
        # "Three people were killed and 17 injured in the region. In the city, a man was
        # injured by a drone": one of the 17, told in detail.
        return
    if all(f.subset for f in group):
        # "19 children were killed": part of a toll the article gives elsewhere.
        if any(
            e.party == head.party
            and e.population == head.population
            and any(f.field in e.values for f in group)
            for e in events
        ):
            return
    for e in events:
        if (e.party, e.population, e.when.key, e.daily) != (
            head.party,
            head.population,
            head.when.key,
            head.daily,
        ):
            continue
        restates = all(e.values.get(f.field, (None,))[0] == f.value for f in group)
        if e.population == "military" and not (restates or anaphoric or _twins(e, group)):
            # Soldiers' tolls from different sentences are different claims unless one restates
            # the other or continues it ("Of these, ...").
            continue
        if e.place and head.place and e.place != head.place:
            continue
        if (e.place is None) != (head.place is None) and not all(
            e.values.get(f.field, (None,))[0] == f.value for f in group
        ):
            # A toll placed nowhere joins a placed one only when it restates it.
            continue
        if _compatible(e, group):
            _fold(e, group, a)
            return
    e = _Event(head.party, head.population, head.when, head.daily, head.place, a)
    events.append(e)
    _fold(e, group, a)


def _covers(e: _Event, f: _Fig) -> bool:
    """A larger toll of the same day, people and area already counts this one person."""
    if (e.party, e.population, e.when.key) != (f.party, f.population, f.when.key):
        return False
    if e.values.get(f.field, (0,))[0] <= f.value:
        return False
    return e.place is None or f.place is None or e.place.split()[0] == f.place.split()[0]


def _twins(e: _Event, group: list[_Fig]) -> bool:
    """One combined figure worded as losses in one place and as killed-or-wounded in another."""
    return all(e.values.get(_COMBINED_TWIN.get(f.field, ""), (None,))[0] == f.value for f in group)


def _compatible(e: _Event, group: list[_Fig]) -> bool:
    """Whether figures can join an event: no field with a different value, except that a
    hedged or partial figure gives way to an exact one for civilians ("nearly a hundred" then
    "93"); soldiers' tolls keep one line per hedge (dev2 NOTES: "one fact, several qualifiers")."""
    for f in group:
        cur = e.values.get(f.field)
        if cur is None or cur[0] == f.value:
            continue
        if e.population == "military":
            return False
        if cur[1] == "exact" and f.qualifier == "exact" and not (cur[2] or f.subset):
            return False
    if e.population == "military" and any(
        f.qualifier != v[1] for f in group for v in e.values.values()
    ):
        return False
    return True


def _fold(e: _Event, group: list[_Fig], a: Analysed) -> None:
    for f in group:
        twin = _COMBINED_TWIN.get(f.field)
        if twin and e.values.get(twin, (None,))[0] == f.value:
            continue  # "losses" and "killed or wounded" of one figure: one combined count
        new = (f.value, f.qualifier, f.subset)
        cur = e.values.get(f.field)
        if cur is None or _rank(new) > _rank(cur):
            e.values[f.field] = new
            if f.upper is not None:
                e.upper = f.upper
        e.record = e.record or f.record
        e.place = e.place or f.place
    if e.claimed_by is None:
        e.claimed_by = a.attribution.claimed_by
    if e.record and a.previous and e.previous is None:
        e.previous = a.previous[0]


def _rank(v: tuple[int, str, bool]) -> tuple:
    return (not v[2], _QUAL_RANK[v[1]], v[0])


def _earlier_subject(a: Analysed) -> str | None:
    """ "They have already lost 700,000 people": the side named in the sentences just before."""
    node = a.before
    for _ in range(2):
        if node is None:
            return None
        exclude = tuple(
            (m.start, m.end) for m in node.actors if m.kind in ("body", "person", "org")
        )
        subject = next(
            (
                m
                for m in node.actors
                if m.code in actors.BELLIGERENTS
                and m.kind in ("country", "demonym", "capital")
                and not any(x <= m.start < y for x, y in exclude)
                and (m.kind == "demonym" or not clauses.is_object(node.text, m))
            ),
            None,
        )
        if subject is not None:
            return subject.code
        node = node.before
    return None


def _list_owner(a: Analysed) -> str | None:
    """ "The total combat losses of the Russian forces ... are approximately:" then one line per
    item: whose losses a tally line counts, from the heading that introduced the list."""
    node = a.before
    for _ in range(_LIST_LINES):
        if node is None or ":" not in node.text:
            return None
        if node.text.rstrip().endswith(":"):
            side = next(
                (
                    m
                    for m in node.actors
                    if m.code in actors.BELLIGERENTS and m.kind in ("country", "demonym")
                ),
                None,
            )
            return side.code if side else None
        node = node.before
    return None


def _primary(e: _Event) -> str:
    for f in ("killed", "killed_or_wounded", "losses", "wounded", "missing", "captured"):
        if f in e.values:
            return e.values[f][1]
    return "exact"


def _emit(e: _Event) -> CasualtyEvent:
    w = e.when
    single = w.period == "day"
    s = e.sentence
    record = None
    if e.record:
        record = RecordClaim(
            previous_value=e.previous.value if e.previous else None,
            previous_date=e.previous.on if e.previous else None,
        )
    return CasualtyEvent(
        event_id="",
        article_id="",
        occurred_on=w.on if single else None,
        period=w.period,
        period_start=None if single else w.start,
        period_end=None if single else w.end,
        qualifier=_primary(e),
        claimed_by=e.claimed_by,
        record=record,
        evidence=s.evidence(),
        party=e.party,
        population=e.population,
        daily_average=e.daily,
        place=e.place,
        range_upper=e.upper,
        **{f: v[0] for f, v in e.values.items()},
    )
