"""Strike events: launched and intercepted counts per attacker, target country, weapon class and
attack (or period).

Reading rules: a count is "launched" after launch verbs ("launched", "fired", "sent",
"attacked ... with"), as the denominator of "K of (the) N", or before a passive "were launched";
"intercepted" after "shot down", "destroyed", "downed", "intercepted" or before "were shot down".
Drones "lost" to electronic warfare or "redirected" are neither. The attacker is the agent ("by
Russia"), else the subject of a launch verb, else the demonym on the weapon ("Ukrainian drones"),
else the other side of whoever intercepted. Regional breakdowns of one night's total are folded
into the total: per attack and weapon, the largest exact figure is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.events import RecordClaim, StrikeEvent
from service.extract import actors, clauses, dates, modality, numbers, records
from service.extract.document import Analysed, Document
from service.extract.lexicon import first_words, load, named_alternation, phrase_pattern
from service.extract.qualifiers import qualifier_of

_DATA = load("strikes")
_WEAPONS = {k.lower(): v for k, v in _DATA["weapons"].items()}
_SINGULAR = {k.lower(): v for k, v in _DATA["singular"].items()}
_HEAD_RE = clauses.head_regex(_WEAPONS)
# "267 attack and decoy drones", "40 cruise and ballistic missiles": two modifiers joined by
# "and" before one noun (a bare "and" otherwise ends the modifier run).
_COORD_HEAD_RE = re.compile(
    r"\s+(?:" + phrase_pattern(_DATA["coordinated_modifiers"]) + r")\s+(?:and|or|&)\s+"
    r"(?:[A-Za-z][\w-]*\s+){0,2}?(?P<head>" + phrase_pattern(_WEAPONS) + r")(?![\w])",
    re.IGNORECASE,
)
# "19 HIMARS rockets", "rockets of the US-made Grad multiple launch rocket system": rocket
# artillery, not missiles; the launcher's name belongs to the weapon's noun phrase.
_LAUNCHER = phrase_pattern(_DATA["rocket_launchers"])
_LAUNCHER_MOD_RE = re.compile(r"(?<![\w-])(?:" + _LAUNCHER + r")(?![\w-])", re.IGNORECASE)
_LAUNCHER_OF_RE = re.compile(
    r"\s+(?:fired\s+)?(?:of|from|by)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:"
    + _LAUNCHER
    + r")(?:\s+(?:multiple\s+launch\s+rocket\s+systems?|multiple\s+rocket\s+launchers?|"
    r"systems?|launchers?))?(?![\w-])",
    re.IGNORECASE,
)
# "missiles of various types": a descriptor that belongs to the weapon's noun phrase.
_KINDS_RE = re.compile(
    r"\s+of\s+(?:various|different|several|many|multiple|all|mixed)\s+(?:types|kinds|classes)\b",
    re.IGNORECASE,
)
_AND_HEAD_RE = re.compile(
    r"\s+(?:and|or|&|and/or)\s+(?:(?!(?:a|an|the|both|all|one|two|three|some|several|its|their)\b)"
    r"[A-Za-z][\w-]*\s+){0,2}?(?P<head>" + phrase_pattern(_WEAPONS) + r")(?![\w])",
    re.IGNORECASE,
)
_ELLIPSIS_BEFORE_RE = re.compile(
    r"\b(?:shot\s+down|downed|destroyed|intercepted|neutrali[sz]ed)\s+(?:(?:at\s+least|more\s+than|"
    r"over|about|around|nearly|almost|some|all)\s+)?$",
    re.IGNORECASE,
)
_ELLIPSIS_AFTER_RE = re.compile(
    r"\s*(?:[,.;:)]|$|of\s+them\b|and\b|while\b|but\b|with\b)", re.IGNORECASE
)
# "13 of them were brought down": every passive interception participle of the data file.
_BARE_PASSIVE_RE = re.compile(
    r"\s+(?:of\s+(?:them|which|these|those)\s+)?(?:were|was|had\s+been|have\s+been)\s+"
    r"(?:\w+ly\s+)?(?:" + phrase_pattern(_DATA["passive_intercept"]) + r")\b",
    re.IGNORECASE,
)
# "18 of the drones"; not "one of its biggest missile attacks", where the weapon qualifies an
# attack noun.
_OF_WEAPON_RE = re.compile(
    r"\s+(?:out\s+)?of\s+(?:the|these|those|them|its|their)\s+(?:[A-Za-z][\w/-]*\s+){0,2}?(?P<head>"
    + phrase_pattern(_WEAPONS)
    + r")(?![\w])(?!\s+(?:attacks?|strikes?|barrages?|assaults?|raids?|salvos?|waves?)\b)",
    re.IGNORECASE,
)
# "Of the drones, 80 were destroyed": the fleet named ahead of its part.
_FRONTED_OF_RE = re.compile(
    r"\b(?:out\s+)?of\s+(?:the|these|those|its|their|all)\s+(?:[\w,-]+\s+){0,3}?(?P<head>"
    + phrase_pattern(_WEAPONS)
    + r")\s*,\s*(?:(?:at\s+least|more\s+than|over|about|around|nearly|almost|some)\s+)?$",
    re.IGNORECASE,
)
_BOTH_WEAPON_RE = re.compile(
    r"\b(?:shot\s+down|downed|destroyed|destroying|intercepted|intercepting|neutrali[sz]ed)\s+"
    r"(?:[\w\s]{0,30}?\band\s+)?(?:both|all)\s+(?:the\s+|of\s+the\s+)?(?P<head>"
    + phrase_pattern(_WEAPONS)
    + r")(?![\w])",
    re.IGNORECASE,
)
# The verbs for each role, active ("destroyed") and passive ("were shot down"), as one named
# alternation each: several patterns below read them.
_ACTIVE_CUES = named_alternation(
    none=_DATA["not_intercepted"], int=_DATA["intercept"], launch=_DATA["launch"]
)
_PASSIVE_CUES = named_alternation(
    none=_DATA["passive_none"], int=_DATA["passive_intercept"], launch=_DATA["passive_launch"]
)
_CUE_RE = re.compile(r"(?<![\w-])" + _ACTIVE_CUES + r"(?![\w-])", re.IGNORECASE)
# "Air defence destroyed:" ending a line whose list follows, one item a line.
_LEAD_RE = re.compile(r"(?<![\w-])" + _ACTIVE_CUES + r"\s*:$", re.IGNORECASE)
_BULLET_CHARS = "-•*–—·"
_BULLETS = frozenset(_BULLET_CHARS)
# "Drones: 145 launched, 64 destroyed": a weapon label, then each count with its participle.
_LABEL_RE = re.compile(
    r"(?:[" + re.escape(_BULLET_CHARS) + r"]\s*)?(?:[A-Za-z][\w-]*\s+){0,2}?(?P<head>"
    + phrase_pattern(_WEAPONS)
    + r")\s*:",
    re.IGNORECASE,
)
_LABEL_VERB_RE = re.compile(r"\s+[\"“‘']?" + _PASSIVE_CUES + r"(?![\w-])", re.IGNORECASE)
_PASSIVE_RE = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:,[^,]{0,50},\s*)?"
    r"(?:(?:headed|heading|flying|bound)\s+(?:for|to|towards?)\s+(?:the\s+)?[A-Z][\w-]*\s+)?(?:were|was|had\s+been|have\s+been|has\s+been|"
    r"being|got|are|had|have)\s+(?:\w+ly\s+|all\s+|also\s+|successfully\s+|then\s+)?"
    + _PASSIVE_CUES
    + r"(?![\w-])",
    re.IGNORECASE,
)
_ACTIVE_AFTER_RE = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?P<v>"
    + phrase_pattern([*_DATA["active_after"], *_DATA["hit_after"]])
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Verbs after a count that report hits, not launches: such a count stands for the launch only
# when nothing better is given ("two missiles tore through the centre").
_HIT_VERBS = frozenset(v.lower() for v in _DATA["hit_after"])
_PARTICIPLE_RE = re.compile(
    r"\s*(?:that\s+were\s+|which\s+were\s+)?(?:launched|fired|sent|used|deployed|directed|aimed)\s+"
    r"(?:by|at|against|towards?|on|across|into|from|overnight|in|over|earlier)\b",
    re.IGNORECASE,
)
_AGENT_RE = re.compile(
    r"[^.;:]{0,50}?\b(?:launched|fired|sent|used|deployed|directed)\s+by\s+(?:the\s+)?",
    re.IGNORECASE,
)
_DENOMINATOR_RE = re.compile(
    r"\b(?:out\s+of|of)\s+(?:the\s+|a\s+total\s+of\s+|all\s+)?$", re.IGNORECASE
)
_NUMERATOR_RE = re.compile(r"\s+(?:out\s+of|of)\s+(?:the\s+|a\s+total\s+of\s+)?", re.IGNORECASE)
_TARGET_AFTER_RE = re.compile(
    r"[^.;]{0,60}?\b(?:at|on|against|towards?|across|over|into|targeting|on\s+targets\s+in)\s+"
    r"(?:the\s+)?(?:city\s+of\s+|region\s+of\s+|territory\s+of\s+)?",
    re.IGNORECASE,
)
# "launched from the Kursk region": where the weapons came from, not what they were aimed at.
_ORIGIN_BEFORE_RE = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:(?:directions?|areas?|territory)\s+of\s+)?"
    r"(?:[A-Z][\w'’-]*(?:,\s+|\s+and\s+|\s+))*$"
)
_TARGET_NOUN_RE = re.compile(
    r"\s+(?:" + phrase_pattern(_DATA["target_nouns"]) + r")\b", re.IGNORECASE
)
_A_WEAPON_RE = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|and\s+|plus\s+)(?:a|an|one)\s+(?:[A-Za-z][\w-]*\s+){0,2}?(?P<head>"
    + phrase_pattern(_SINGULAR)
    + r")(?![\w])",
    re.IGNORECASE,
)
_A_HIT_RE = re.compile(
    r"(?<![\w-])(?:a|an|one)\s+(?:[A-Za-z][\w-]*\s+){0,2}?(?P<head>"
    + phrase_pattern(_SINGULAR)
    + r")\s+(?:(?:also|then|reportedly|later)\s+)?(?:"
    + phrase_pattern(_DATA["hit_after"])
    + r")(?![\w-])",
    re.IGNORECASE,
)
_ALL_OF_THEM_RE = re.compile(
    r"\b(?:all|each)\s+of\s+(?:them|these|those)\s+(?:were|was|had\s+been|have\s+been)\s+"
    r"(?:successfully\s+)?(?:shot\s+down|downed|destroyed|intercepted|neutrali[sz]ed)\b",
    re.IGNORECASE,
)
# An attack noun with its make-up set off by a dash, colon or bracket: the counts launched.
_APPOSITION_RE = re.compile(
    r"\b(?:" + phrase_pattern(_DATA["attack_nouns"]) + r")\s*(?:[-–—:(]|--)\s*"
    r"(?:(?:a\s+total\s+of|some|about|around|nearly|almost|over|more\s+than|at\s+least|up\s+to)\s+)?$",
    re.IGNORECASE,
)
_REPORTER_RE = re.compile(
    r"\s+(?:said|says|claimed|claims|reported|reports|estimated|estimates)\s+", re.IGNORECASE
)
_ALL_N_RE = re.compile(r"\b[Aa]ll\s+(?:the\s+|of\s+the\s+)?$")
_AIRSPACE_WORDS = frozenset({"airspace", "territory", "skies", "soil", "over"})
_AIRSPACE_AFTER_RE = re.compile(r"\s+(?:airspace|territory|skies|soil)\b")
_OVER_BEFORE_RE = re.compile(r"\b(?:over|into)\s+$")
_OF_WHICH_RE = re.compile(r"\bof\s+(?:which|them|these|those)\b", re.IGNORECASE)
_SUBORDINATE_RE = re.compile(r"\b(?:when|after|before|since|as|while|until)\s+$", re.IGNORECASE)
_THE_WEAPON_RE = re.compile(
    r"\b(?:shot\s+down|downed|destroyed|intercepted|neutrali[sz]ed)\s+the\s+(?P<head>"
    + phrase_pattern(_SINGULAR)
    + r")(?![\w])",
    re.IGNORECASE,
)
_ALSO_BEFORE_RE = re.compile(
    r"\b(?:as\s+well\s+as|along\s+with|together\s+with|in\s+addition\s+to)\s+"
    r"(?:(?:another|some|about|around|nearly|almost|over|more\s+than|at\s+least|up\s+to)\s+)?$",
    re.IGNORECASE,
)
# A comma that separates words, not the thousands of a figure ("1,800").
_CLAUSE_COMMA_RE = re.compile(r",(?!\d)")
_BOTH_SIDES_RE = re.compile(r"\b(?:each\s+other|both\s+sides|one\s+another)\b", re.IGNORECASE)
_WEAPON_WORD_RE = re.compile(
    r"(?<![\w-])(?P<w>" + phrase_pattern(_WEAPONS) + r")(?![\w])", re.IGNORECASE
)
_WEAPON_WORDS = first_words(_DATA["weapons"]) | first_words(_DATA["singular"])
# Words _BOTH_WEAPON_RE, _ALL_OF_THEM_RE and _THE_WEAPON_RE cannot match without: most
# sentences have none, and the scans are skipped.
_BOTH_WORDS = frozenset({"both", "all"})
_ALL_OF_WORDS = frozenset({"all", "each"})
_DOWNED_WORDS = frozenset(
    {"shot", "downed", "destroyed", "intercepted", "neutralised", "neutralized"}
)
_QUAL_RANK = {"exact": 3, "at_least": 2, "approx": 1, "at_most": 1}
_MAX_COUNT = 1_000_000


@dataclass(slots=True)
class _Fig:
    value: int
    start: int
    end: int
    weapon: str
    role: str | None = None
    weak: bool = False
    qualifier: str = "exact"
    attacker: str | None = None
    target: str | None = None
    place: str | None = None
    verb_at: int = -1  # -2: neither role ("lost to jamming"); -3: its own passive gave the role
    head_end: int = 0
    record: bool = False
    upper: float | None = None


@dataclass(slots=True)
class _Event:
    attacker: str
    target: str
    weapon: str
    when: dates.When
    sentence: Analysed
    place: str | None = None
    launched: tuple[int, str, bool] | None = None
    intercepted: tuple[int, str, bool] | None = None
    record: bool = False
    claimed_by: str | None = None
    previous: records.Previous | None = None
    upper: float | None = None


def build(doc: Document) -> list[StrikeEvent]:
    """Every strike event the article reports."""
    events: dict[tuple, _Event] = {}
    order: list[tuple] = []
    last: tuple[str, str] | None = None
    weapon: str | None = None
    weapon_at = -10
    period: tuple[int, dates.When] | None = None
    lead: tuple[str | None, int] | None = None  # a lead-in's role, and the last line it reaches
    for a in doc.sentences:
        item_role = None
        if lead is not None and a.sentence.index == lead[1] + 1 and a.text[:1] in _BULLETS:
            item_role, lead = lead[0], (lead[0], a.sentence.index)
        elif a.text.endswith(":"):
            m = _LEAD_RE.search(a.text, max(0, len(a.text) - 50))
            lead = (_cue_role(m), a.sentence.index) if m else None
        near = weapon if a.sentence.index - weapon_at <= 2 else None
        if not (a.words & _WEAPON_WORDS) and near is None and not _all_of_before(a):
            continue
        if a.off_topic:
            continue
        figs = _sentence_figures(a, near, item_role) if a.figures else _hits(a, [])
        _all_of_earlier(a, figs, [events[k] for k in order])
        if not figs and not a.figures:
            continue
        launched = {f.weapon for f in figs if f.role == "launched"}
        if len(launched) == 1:
            weapon, weapon_at = launched.pop(), a.sentence.index
        elif launched:
            weapon = None
        if not figs:
            continue
        if last is None and a.last_aggressor:
            last = (a.last_aggressor, actors.opponent(a.last_aggressor))
        last = _resolve_sides(a, figs, last)
        for f in figs:
            if f.attacker is None or f.target is None or f.attacker == f.target:
                continue
            if f.attacker not in actors.BELLIGERENTS:
                continue
            if f.target not in actors.BELLIGERENTS and f.role != "intercepted":
                continue  # only interceptions are read over a neighbour's territory
            when = _when(a, f, doc)
            if when is None:
                continue
            if (
                when.weak
                and not a.dates
                and period is not None
                and period[0] == a.sentence.index - 1
            ):
                # "The occupiers also launched over 40 missiles": same week as the sentence before.
                when = period[1]
            key = (f.attacker, f.target, f.weapon, when.key)
            ev = events.get(key)
            if ev is None:
                ev = _Event(f.attacker, f.target, f.weapon, when, a)
                events[key] = ev
                order.append(key)
            _add(ev, f, a)
            if when.period != "day":
                period = (a.sentence.index, when)
    hints = [h for a in doc.sentences if a.claims and not a.off_topic for h in _hints(a, doc)]
    out = [_emit(events[k], doc, hints) for k in order if _keep(events[k], events)]
    return [e for e in out if e is not None]


def _cue_role(m: re.Match[str]) -> str | None:
    """The role a launch/intercept cue gives its counts (None for "lost", "jammed")."""
    if m.group("none"):
        return None
    return "intercepted" if m.group("int") else "launched"


def _sentence_figures(
    a: Analysed, context_weapon: str | None = None, item_role: str | None = None
) -> list[_Fig]:
    text = a.text
    figs: list[_Fig] = []
    label = _LABEL_RE.match(text) if ":" in text else None
    pending: dict[int, str] = {}  # numerator figure start -> weapon of its denominator
    nums = a.figures
    for i, n in enumerate(nums):
        if n.value <= 0 or n.value != int(n.value) or n.value > _MAX_COUNT:
            continue
        h = clauses.match_after(_HEAD_RE, text, n.tail) or clauses.match_after(
            _COORD_HEAD_RE, text, n.tail
        )
        if (
            h is None
            and context_weapon
            and _ELLIPSIS_BEFORE_RE.search(text, max(0, n.start - 40), n.start)
            and _ELLIPSIS_AFTER_RE.match(text, n.end, min(len(text), n.end + 12))
        ):
            # "Air defences shot down 70, while ...": the weapon of the attack just reported.
            _add_bare(figs, text, n, context_weapon, head_end=n.end)
            continue
        if h is None and label is not None and n.start >= label.end():
            verb = _LABEL_VERB_RE.match(text, n.end, min(len(text), n.end + 30))
            if verb is not None and _cue_role(verb) is not None:
                # "Missiles: 70 launched, 48 destroyed"
                _add_bare(figs, text, n, _WEAPONS[label.group("head").lower()],
                          role=_cue_role(verb), head_end=verb.end(), verb_at=-3)
                continue
        if h is None:
            passive = _BARE_PASSIVE_RE.match(text, n.end, min(len(text), n.end + 50))
            own = {f.weapon for f in figs if f.role is None and f.weapon != "mixed"}
            # A weapon counted earlier in this sentence beats the one of the sentence before
            # ("24 drones were also sent in, and 13 of them were brought down").
            guess = (own.pop() if len(own) == 1 else None) or context_weapon
            fronted = _FRONTED_OF_RE.search(text, max(0, n.start - 70), n.start)
            if fronted is not None:
                guess = _WEAPONS[fronted.group("head").lower()]
            every = _ALL_N_RE.search(text, max(0, n.start - 12), n.start)
            if passive is not None and every is not None:
                # "Russia attacked with Shahed drones. All eleven were destroyed": the count is
                # the whole launch, all of it intercepted.
                guess = guess or _last_weapon(a.before)
                if guess is not None and _stated(text, n.start, n.end):
                    figs.append(
                        _Fig(int(n.value), n.start, n.end, guess, role="launched", verb_at=-3)
                    )
            if passive is not None and guess is not None:
                # "of which 61 were shot down", "70 of them were destroyed"
                _add_bare(figs, text, n, guess, role="intercepted", head_end=passive.end(),
                          verb_at=-3)
                continue
            ofw = _OF_WEAPON_RE.match(text, n.end, min(len(text), n.end + 60))
            if ofw is not None:
                # "18 of the drones": a part of a fleet already counted.
                _add_bare(figs, text, n, _WEAPONS[ofw.group("head").lower()], head_end=ofw.end())
                continue
            # "39 of the 71 drones": the numerator takes the denominator's weapon.
            nm = _NUMERATOR_RE.match(text, n.end, min(len(text), n.end + 24))
            nxt = nums[i + 1] if i + 1 < len(nums) else None
            if nm and nxt is not None and nxt.start == nm.end():
                nh = clauses.match_after(_HEAD_RE, text, nxt.tail)
                if nh is not None:
                    pending[n.start] = _WEAPONS[nh.group("head").lower()]
                    _add_bare(figs, text, n, pending[n.start], head_end=n.end)
            continue
        weapon = _WEAPONS[h.group("head").lower()]
        head_end = h.end()
        if h.group("head").lower() == "rockets":
            launcher = _LAUNCHER_OF_RE.match(text, head_end, min(len(text), head_end + 80))
            if launcher is not None or _LAUNCHER_MOD_RE.search(h.group("mods")):
                weapon = "artillery"
                head_end = launcher.end() if launcher is not None else head_end
        kinds = _KINDS_RE.match(text, head_end, min(len(text), head_end + 30))
        if kinds is not None:
            head_end = kinds.end()  # "38 missiles of various types were fired"
        both = _AND_HEAD_RE.match(text, head_end, min(len(text), head_end + 40))
        if (
            both
            and _WEAPONS[both.group("head").lower()] != weapon
            and not any(head_end <= m.start < both.end() for m in nums)
        ):
            # "900 missiles and drones": one number for two classes (not "62 drones and four
            # missiles", which counts each).
            weapon, head_end = "mixed", both.end()
        if not _stated(text, n.start, head_end):
            continue
        f = _Fig(
            int(n.value), n.start, n.end, weapon, qualifier=qualifier_of(text, n), head_end=head_end
        )
        f.attacker = _weapon_demonym(a, n.end, h.start("head"))
        figs.append(f)
    uppers = {n.start: n.upper for n in nums}
    for f in figs:
        f.upper = uppers.get(f.start)
        _role(a, f, figs)
        if f.role is None and f.verb_at != -2 and item_role is not None:
            f.role = item_role  # "- 55 Shahed drones;" under "air defence destroyed:"
    _list_roles(text, figs)
    figs = _sum_lists(text, [f for f in figs if f.role is not None])
    marked = records.claimed_figures(a.claims, text, "strike", [f.start for f in figs])
    for prev, f in zip([None, *figs], figs, strict=False):
        f.record = f.start in marked or (
            prev is not None
            and prev.record
            and clauses.continues_list(text, prev.head_end, f.start)
        )
    figs.extend(_singletons(a, figs))
    figs.extend(_hits(a, figs))
    return figs


def _all_of_before(a: Analysed) -> bool:
    """ "All nine were shot down": a count of the weapons the sentence before named."""
    return "all" in a.words and a.before is not None and bool(a.before.words & _WEAPON_WORDS)


def _last_weapon(a: Analysed | None) -> str | None:
    """The class of the last weapon noun a sentence names."""
    if a is None or not a.words & _WEAPON_WORDS:
        return None
    found = _WEAPON_WORD_RE.findall(a.text)
    return _WEAPONS[found[-1].lower()] if found else None


def _hits(a: Analysed, figs: list[_Fig]) -> list[_Fig]:
    """ "A Russian ballistic missile slammed into a school": in the lede, the news is one weapon
    of its class launched (a hit count, kept only when nothing better is given). Further down,
    or in a "when"/"after" clause, such a hit is usually part of an attack counted elsewhere or
    background to it."""
    out: list[_Fig] = []
    if a.sentence.para > 1:
        return out
    for m in _A_HIT_RE.finditer(a.text):
        weapon = _SINGULAR[m.group("head").lower()]
        if any(f.weapon == weapon for f in figs + out) or not _stated(a.text, m.start(), m.end()):
            continue
        if _SUBORDINATE_RE.search(a.text, max(0, m.start() - 12), m.start()):
            continue
        f = _Fig(1, m.start(), m.end("head"), weapon, role="launched", weak=True)
        f.head_end = m.end("head")
        f.attacker = _weapon_demonym(a, m.start(), m.start("head"))
        out.append(f)
    return out


def _all_of_earlier(a: Analysed, figs: list[_Fig], events: list[_Event]) -> None:
    """ "Russia fired 18 cruise missiles and 52 drones. Air defences destroyed all the missiles":
    the whole launch of a class counted in the sentences just before was intercepted."""
    if not a.words & _BOTH_WORDS:
        return
    for m in _BOTH_WEAPON_RE.finditer(a.text):
        weapon = _WEAPONS[m.group("head").lower()]
        if any(f.weapon == weapon for f in figs):
            continue  # counted in this sentence (_singletons reads it)
        ev = next((e for e in reversed(events) if e.weapon == weapon), None)
        if (
            ev is not None
            and ev.launched is not None
            and ev.intercepted is None
            and a.sentence.index - ev.sentence.sentence.index <= 2
        ):
            ev.intercepted = ev.launched


def _add_stated(figs: list[_Fig], text: str, f: _Fig) -> None:
    """Keep a figure read without its own noun unless it is hypothetical, forecast or denied."""
    if _stated(text, f.start, f.end):
        figs.append(f)


def _add_bare(figs: list[_Fig], text: str, n: numbers.Number, weapon: str,
              **fields: object) -> None:
    """Keep a figure whose weapon comes from context, not its own noun, if it is stated."""
    _add_stated(figs, text, _Fig(int(n.value), n.start, n.end, weapon,
                                 qualifier=qualifier_of(text, n), **fields))


def _stated(text: str, start: int, end: int) -> bool:
    """The figure is reported as fact: not hypothetical, forecast or denied."""
    return not (modality.unreal(text, start, end) or modality.denied(text, start))


def _role(a: Analysed, f: _Fig, figs: list[_Fig]) -> None:
    if f.verb_at == -3:
        return  # read as intercepted from its own passive ("61 were shot down")
    text = a.text
    before = text[max(0, f.start - 24) : f.start]
    earlier = [g for g in figs if g.end <= f.start and f.start - g.end <= 40]
    if earlier and _DENOMINATOR_RE.search(before):
        f.role = "launched"
        return
    if _DENOMINATOR_RE.search(before) and any(
        g.start > f.head_end and _FRONTED_OF_RE.search(text, f.start - len(before), g.start)
        for g in figs
    ):
        # "Out of the 150 drones, 102 were downed": the whole of the part that follows.
        f.role = "launched"
        return
    if _APPOSITION_RE.search(text, max(0, f.start - 40), f.start):
        f.role = "launched"  # "The onslaught - 122 missiles and 36 drones - hit ..."
        return
    p = _PASSIVE_RE.match(text, f.head_end, min(len(text), f.head_end + 90))
    if p:
        f.role = None if p.group("none") else ("intercepted" if p.group("int") else "launched")
        if f.role is None:
            f.verb_at = -2
        return
    lo = clauses.clause_start(text, f.start)
    for m in _OF_WHICH_RE.finditer(text, lo, f.start):
        lo = m.end()  # "launched 300 drones, of which 250 drones ...": the part has its own verb
    cue = None
    for m in _CUE_RE.finditer(text, lo, f.start):
        if any(g is not f and g.start <= m.start() < g.head_end for g in figs):
            continue  # inside another figure's noun ("multiple launch rocket system")
        if any(g is not f and 0 <= m.start() - g.head_end <= 2 for g in figs):
            # "95 drones launched from Kursk, as well as three missiles": a participle on an
            # earlier noun is not the verb of this one.
            continue
        cue = m
    if cue is not None and not _separated(text, cue.end(), f.start):
        f.verb_at = cue.start()
        if cue.group("none"):
            f.verb_at = -2
            return
        f.role = "intercepted" if cue.group("int") else "launched"
        return
    act = _ACTIVE_AFTER_RE.match(text, f.head_end, min(len(text), f.head_end + 40))
    if act:
        f.role = "launched"
        f.weak = act.group("v").lower() in _HIT_VERBS
        return
    if _PARTICIPLE_RE.match(text, f.head_end, min(len(text), f.head_end + 40)):
        f.role = "launched"


def _separated(text: str, cue_end: int, start: int) -> bool:
    # A launch verb does not reach past another clause's subject ("fired, and Ukraine said 30").
    gap = text[cue_end:start]
    return len(_CLAUSE_COMMA_RE.findall(gap)) >= 2 or any(
        w in gap for w in (" said ", " and then ", ", with ", "; ")
    )


def _list_roles(text: str, figs: list[_Fig]) -> None:
    # "102 missiles and 99 drones of the 127 missiles and 109 drones": list items share a role.
    for prev, cur in zip(figs, figs[1:], strict=False):
        if (
            prev.role
            and clauses.continues_list(text, prev.head_end, cur.start)
            and cur.verb_at not in (-2, -3)
        ):
            cur.role, cur.weak, cur.verb_at = prev.role, prev.weak, prev.verb_at
    for prev, cur in zip(figs, figs[1:], strict=False):
        if (
            prev.role
            and cur.verb_at not in (-2, -3)
            and _ALSO_BEFORE_RE.search(text, max(0, cur.start - 40), cur.start)
        ):
            # "... with 112 drones launched from four regions, as well as two missiles": the
            # added item shares the first item's verb, not a participle describing that item.
            cur.role, cur.weak, cur.verb_at = prev.role, prev.weak, prev.verb_at
    for cur, nxt in reversed(list(zip(figs, figs[1:], strict=False))):
        if (
            cur.role is None
            and cur.verb_at != -2
            and nxt.role
            and clauses.continues_list(text, cur.head_end, nxt.start)
        ):
            cur.role, cur.weak, cur.verb_at = nxt.role, nxt.weak, nxt.verb_at


def _sum_lists(text: str, figs: list[_Fig]) -> list[_Fig]:
    """ "three Shahed drones and two decoy drones": one list, one weapon class, one count."""
    out: list[_Fig] = []
    for f in figs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.weapon == f.weapon
            and prev.role == f.role
            and clauses.continues_list(text, prev.head_end, f.start)
        ):
            prev.value += f.value
            prev.head_end = f.head_end
            continue
        out.append(f)
    return out


def _singletons(a: Analysed, figs: list[_Fig]) -> list[_Fig]:
    """ "23 drones and a cruise missile" (launched 1); "destroyed the missile" (intercepted 1)."""
    out: list[_Fig] = []
    text = a.text
    for f in figs:
        if f.role != "launched":
            continue
        m = _A_WEAPON_RE.match(text, f.head_end, min(len(text), f.head_end + 50))
        if m:
            g = _Fig(
                1,
                m.start("head"),
                m.end(),
                _SINGULAR[m.group("head").lower()],
                role="launched",
                verb_at=f.verb_at,
                head_end=m.end(),
                attacker=f.attacker,
            )
            out.append(g)
    for m in _BOTH_WEAPON_RE.finditer(text) if a.words & _BOTH_WORDS else ():
        weapon = _WEAPONS[m.group("head").lower()]
        launched = [g for g in figs + out if g.weapon == weapon and g.role == "launched"]
        if launched and not any(g.weapon == weapon and g.role == "intercepted" for g in figs + out):
            out.append(
                _Fig(
                    sum(g.value for g in launched),
                    m.start("head"),
                    m.end(),
                    weapon,
                    role="intercepted",
                    verb_at=m.start(),
                    head_end=m.end(),
                )
            )
    launched = {g.weapon for g in figs + out if g.role == "launched"}
    if (
        len(launched) == 1
        and a.words & _ALL_OF_WORDS
        and not any(g.role == "intercepted" for g in figs + out)
    ):
        m = _ALL_OF_THEM_RE.search(text)
        if m is not None:
            # "... launched 121 drones, adding that all of them had been destroyed"
            weapon = launched.pop()
            total = sum(g.value for g in figs + out if g.weapon == weapon and g.role == "launched")
            out.append(
                _Fig(
                    total,
                    m.start(),
                    m.end(),
                    weapon,
                    role="intercepted",
                    verb_at=m.start(),
                    head_end=m.end(),
                )
            )
    for m in _THE_WEAPON_RE.finditer(text) if a.words & _DOWNED_WORDS else ():
        weapon = _SINGULAR[m.group("head").lower()]
        if any(g.weapon == weapon and g.role == "launched" and g.value == 1 for g in figs + out):
            out.append(
                _Fig(
                    1,
                    m.start("head"),
                    m.end(),
                    weapon,
                    role="intercepted",
                    verb_at=m.start(),
                    head_end=m.end(),
                )
            )
    return out


def _weapon_demonym(a: Analysed, start: int, end: int) -> str | None:
    m = clauses.mention_within(a.actors, start, end, ("demonym", "country", "capital"))
    return m.code if m and m.code in actors.BELLIGERENTS else None


def _resolve_sides(a: Analysed, figs: list[_Fig], last: tuple[str, str] | None):
    """Fill attacker and target of each figure; returns the pair to carry forward."""
    text = a.text
    claim_spans = tuple((m.start, m.end) for m in a.actors if m.kind in ("body", "person", "org"))
    defender = None
    for f in figs:
        agent = _agent(a, f)
        subject = None
        if f.verb_at >= 0:
            s = clauses.subject_before(
                text, a.actors, f.verb_at, exclude=claim_spans, soft=True, strict=True
            )
            subject = s.code if s and s.code in actors.BELLIGERENTS else None
            if subject is None:
                body = clauses.subject_before(text, a.actors, f.verb_at, kinds=("body",), soft=True)
                subject = body.code if body and body.code in actors.BELLIGERENTS else None
        reporter = None
        if subject and f.role == "launched" and _REPORTER_RE.fullmatch(text, s.end, f.verb_at):
            # "the attack, which Ukraine said involved 158 missiles": the side reporting the
            # attack is the one attacked.
            reporter, subject = subject, None
        demonym = f.attacker
        f.attacker = None
        place_to = _target_after(a, f) or _object_of_verb(a, f)
        if f.role == "launched":
            f.attacker = agent or subject or demonym
            if reporter and f.attacker is None:
                f.target = reporter
            if place_to is not None:
                f.target, f.place = place_to
        else:
            if subject:
                f.target = subject
            f.attacker = agent or demonym
            if place_to is not None and f.target is None:
                f.target = place_to[0]
            if place_to is not None:
                f.place = place_to[1]
            defender = defender or f.target
    overflown = _overflown(a) if a.words & _AIRSPACE_WORDS else None
    if overflown is not None:
        for f in figs:
            if f.role == "intercepted" and f.target is None:
                # "three drones were downed over Polish territory": a neighbour's airspace.
                f.target = overflown
                f.attacker = f.attacker or a.last_aggressor or (last[0] if last else None)
    launcher = next((f.attacker for f in figs if f.role == "launched" and f.attacker), None)
    for f in figs:
        if f.attacker is None and f.target is None and defender is not None:
            f.target = defender
        if f.attacker is None and f.target is None and launcher is not None:
            f.attacker = launcher
        if f.attacker is None and f.target is not None:
            f.attacker = actors.opponent(f.target)
        if f.target is None and f.attacker is not None:
            f.target = actors.opponent(f.attacker)
        if f.attacker is None and f.target is None:
            # "Of the 64 drones launched at Ukraine ..., 41 were shot down": the sides just
            # resolved for another figure of the sentence.
            same = next(((g.attacker, g.target) for g in figs if g.attacker and g.target), None)
            f.attacker, f.target = same or last or _claimant_sides(a) or _default_sides(a)
    for f in figs:
        if f.attacker and f.target and f.target in actors.BELLIGERENTS:
            last = (f.attacker, f.target)
    return last


def _overflown(a: Analysed) -> str | None:
    """A country outside the war whose airspace or territory the sentence names ("Polish
    airspace", "over Romania")."""
    for m in a.actors:
        if m.code is None or m.kind not in ("country", "demonym") or actors.side_of(m.code):
            continue
        if _AIRSPACE_AFTER_RE.match(a.text, m.end) or (
            m.kind == "country" and _OVER_BEFORE_RE.search(a.text, max(0, m.start - 12), m.start)
        ):
            return m.code
    return None


def _claimant_sides(a: Analysed) -> tuple[str, str] | None:
    """A side's own official reporting weapons used with no attacker named reports attacks on
    itself ("... were used, Zelensky said")."""
    for m in a.actors:
        if m.kind in ("person", "body") and m.code in actors.BELLIGERENTS:
            return actors.opponent(m.code), m.code
    return None


def _default_sides(a: Analysed) -> tuple[str | None, str | None]:
    # "drones launched from Kursk, Oryol and Bryansk": where they came from names the attacker.
    origin = [
        p.country
        for p in a.places
        if p.country in actors.BELLIGERENTS
        and _ORIGIN_BEFORE_RE.search(a.text, max(0, p.start - 80), p.start)
    ]
    countries = [
        p.country
        for p in a.places
        if p.country in actors.BELLIGERENTS
        and not _ORIGIN_BEFORE_RE.search(a.text, max(0, p.start - 80), p.start)
    ]
    if countries:
        return actors.opponent(countries[0]), countries[0]
    if origin:
        return origin[0], actors.opponent(origin[0])
    return None, None


def _agent(a: Analysed, f: _Fig) -> str | None:
    m = _AGENT_RE.match(a.text, f.head_end, min(len(a.text), f.head_end + 80))
    if not m:
        return None
    x = next((x for x in a.actors if x.start == m.end() or x.start == m.end() + 0), None)
    if x is None:
        x = next((x for x in a.actors if m.end() <= x.start <= m.end() + 12), None)
    return x.code if x and x.code in actors.BELLIGERENTS else None


def _target_after(a: Analysed, f: _Fig) -> tuple[str, str | None] | None:
    """The country (and place) a figure is aimed at or intercepted over."""
    text = a.text
    m = _TARGET_AFTER_RE.match(text, f.head_end, min(len(text), f.head_end + 90))
    if m is None:
        return None
    at = m.end()
    if text.startswith(("its ", "their "), at) and _TARGET_NOUN_RE.match(
        text, at + text[at:].find(" ")
    ):
        # "against its territory": the sentence's subject.
        own = next(
            (
                x
                for x in a.actors
                if x.code in actors.BELLIGERENTS
                and not clauses.is_object(text, x)
                and x.kind != "demonym"
            ),
            None,
        )
        return (own.code, None) if own else None
    place = next((p for p in a.places if at <= p.start <= at + 20), None)
    actor = next((x for x in a.actors if at <= x.start <= at + 20 and x.code), None)
    if place is not None and (actor is None or place.start <= actor.start):
        if place.country in actors.BELLIGERENTS:
            return place.country, place.name
    if actor is not None and actor.code in actors.BELLIGERENTS:
        if actor.kind == "demonym" and not _TARGET_NOUN_RE.match(text, actor.end):
            return None
        name = (
            actors.CAPITAL_OF.get(actor.code)
            if _TARGET_NOUN_RE.match(text, actor.end)
            and "capital" in text[actor.end : actor.end + 12]
            else None
        )
        if actor.kind == "capital":
            name = text[actor.start : actor.end]
        return actor.code, name
    return None


def _object_of_verb(a: Analysed, f: _Fig) -> tuple[str, str | None] | None:
    """ "attacked Odesa with 23 drones": the place between a launch verb and its count."""
    if f.role != "launched" or f.verb_at < 0:
        return None
    place = next(
        (
            p
            for p in a.places
            if f.verb_at < p.start
            and p.end <= f.start
            and not _ORIGIN_BEFORE_RE.search(a.text, max(0, p.start - 80), p.start)
        ),
        None,
    )
    if place is not None and place.country in actors.BELLIGERENTS:
        return place.country, place.name
    return None


def _when(a: Analysed, f: _Fig, doc: Document) -> dates.When | None:
    w = dates.pick(dates.not_told(a.dates, a.text), a.text, f.start, f.end, a.figure_starts())
    if w is not None and w.weak:
        w = None  # "shot down 20 drones so far": the attack under way, not the whole war
    if w is None:
        w = a.carried or dates.When("day", on=doc.published, explicit=False, weak=True)
    if w.historic:
        return None
    return w


def _add(ev: _Event, f: _Fig, a: Analysed) -> None:
    cur = ev.launched if f.role == "launched" else ev.intercepted
    new = (f.value, f.qualifier, f.weak)
    if cur is None or _better(new, cur):
        if f.role == "launched":
            ev.launched = new
        else:
            ev.intercepted = new
        if f.role == "launched" or ev.launched is None:
            ev.sentence = a
            ev.upper = f.upper
        if f.place:
            ev.place = f.place
    if f.record:
        ev.record = True
    if a.previous and ev.previous is None:
        ev.previous = _previous_for(a, ev.weapon)
    if ev.claimed_by is None:
        ev.claimed_by = a.attribution.claimed_by


def _previous_for(a: Analysed, weapon: str) -> records.Previous | None:
    """The sentence's previous record that names this weapon, or names none ("surpassing the
    500 drones" is not the missiles' record)."""
    for p in a.previous:
        m = _WEAPON_WORD_RE.search(a.text, p.start, p.end)
        if m is None or _WEAPONS[m.group("w").lower()] in (weapon, "mixed"):
            return p
    return None


def _better(new: tuple[int, str, bool], cur: tuple[int, str, bool]) -> bool:
    # A "hit" count never replaces a launch count; then exact beats hedged, then larger wins
    # (a regional breakdown is smaller than the night's total).
    if new[2] != cur[2]:
        return cur[2]
    if _QUAL_RANK[new[1]] != _QUAL_RANK[cur[1]]:
        return _QUAL_RANK[new[1]] > _QUAL_RANK[cur[1]]
    return new[0] > cur[0]


@dataclass(frozen=True, slots=True)
class _Hint:
    attacker: str | None
    weapon: str | None
    when: dates.When


def _hints(a: Analysed, doc: Document) -> list[_Hint]:
    """Record claims without a figure ("their largest drone attacks since the start of the
    war") that speak for the strike figures of the same attack elsewhere in the article."""
    out: list[_Hint] = []
    for c in a.claims:
        if records.topic(a.text, c) != "strike":
            continue
        if any(abs(n.start - c.end) < 60 for n in a.figures):
            continue
        weapon_m = _WEAPON_WORD_RE.search(
            a.text, max(0, c.start - 40), min(len(a.text), c.end + 60)
        )
        weapon = _WEAPONS[weapon_m.group("w").lower()] if weapon_m else None
        attacker = None
        if not _BOTH_SIDES_RE.search(a.text):
            s = clauses.subject_before(a.text, a.actors, c.start)
            attacker = s.code if s and s.code in actors.BELLIGERENTS else None
        when = (
            dates.pick(a.dates, a.text, c.start, c.end, [])
            or a.carried
            or dates.When("day", on=doc.published, explicit=False, weak=True)
        )
        out.append(_Hint(attacker, weapon, when))
    return out


def _keep(ev: _Event, events: dict[tuple, _Event]) -> bool:
    """A mixed total is dropped when the same attack is also given per weapon class."""
    if ev.weapon != "mixed":
        return True
    same = [
        e
        for e in events.values()
        if e.weapon != "mixed"
        and e.attacker == ev.attacker
        and e.target == ev.target
        and e.when.key == ev.when.key
    ]
    for e in same:
        e.record = e.record or ev.record
    return not same


def _emit(ev: _Event, doc: Document, hints: list[_Hint]) -> StrikeEvent | None:
    if ev.launched is None and ev.intercepted is None:
        return None
    w = ev.when
    single = w.period == "day"
    record = ev.record or any(_hint_matches(h, ev) for h in hints)
    qual = (ev.launched or ev.intercepted)[1]
    s = ev.sentence
    claimed_by = ev.claimed_by
    if claimed_by and claimed_by[0].islower():
        # "the air force said": the defending side's body.
        claimed_by = f"{actors.label(ev.target)} {claimed_by}"
    return StrikeEvent(
        event_id="",
        article_id="",
        occurred_on=w.on if single else None,
        period="single" if single else w.period,
        period_start=None if single else w.start,
        period_end=None if single else w.end,
        qualifier=qual,
        claimed_by=claimed_by,
        record=_record(record, ev.previous),
        evidence=s.evidence(),
        attacker=ev.attacker,
        target_country=ev.target,
        target=ev.place,
        weapon=ev.weapon,
        range_upper=ev.upper,
        launched=ev.launched[0] if ev.launched else None,
        intercepted=ev.intercepted[0] if ev.intercepted else None,
    )


def _record(claimed: bool, previous: records.Previous | None) -> RecordClaim | None:
    if not claimed:
        return None
    if previous is None:
        return RecordClaim()
    return RecordClaim(previous_value=previous.value, previous_date=previous.on)


def _hint_matches(h: _Hint, ev: _Event) -> bool:
    if ev.when.period != "day" or h.when.period != "day" or ev.when.weak:
        # An attack dated only by the publication day is not known to be the one claimed.
        return False
    if h.attacker and h.attacker != ev.attacker:
        return False
    if h.weapon and h.weapon != ev.weapon and ev.weapon != "mixed":
        return False
    return abs((h.when.on - ev.when.on).days) <= 1
