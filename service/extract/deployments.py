"""Deployment events: troops deployed, amassing, expected or withdrawn.

Reading rules: a figure counting troops ("10,000 North Korean soldiers", "30,000 of its troops",
"1,000 sappers") is a deployment when a verb in its clause moves, masses or withdraws them
("deployed", "amassing", "will send", "are expected to cross", "redeployed") or when it places
them in the combat zone. The force is the demonym on the troops, the country after "from", or the
subject of the verb; the host is the side they fight on (Russia for its allies). Casualty verbs
("lost 30,000 troops", "soldiers killed") make it a casualty, not a deployment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.events import DeploymentEvent, RecordClaim
from service.extract import actors, clauses, modality, records
from service.extract.document import Analysed, Document
from service.extract.lexicon import cue_regex, first_words, load, phrase_pattern, word_regex
from service.extract.qualifiers import qualifier_of

_DATA = load("deployments")
_TROOP_HEAD_RE = clauses.head_regex(_DATA["troops"])
_OF_ITS_RE = re.compile(
    r"\s+of\s+(?:its|their|his|our|the)\s+(?:own\s+)?(?:troops|soldiers|forces|"
    r"personnel|servicemen)\b",
    re.IGNORECASE,
)
_FROM_RE = re.compile(r"\s+from\s+(?:the\s+)?", re.IGNORECASE)
_CUE_RE = cue_regex(
    no=_DATA["not_deployment"],
    withdraw=_DATA["withdraw"],
    amass=_DATA["amass"],
    deploy=_DATA["deploy"],
)
_AFTER_RE = re.compile(
    r"(?:\s*,[^,]{1,60},)?\s+(?:(?:who|that|which)\s+)?(?:(?:are|were|is|was|have|has|had|been|being|"
    r"currently|already|now|reportedly|also|all|previously|recently|earlier)\s+){0,3}(?P<expect>"
    + phrase_pattern(_DATA["expect"])
    + r"\s+)?(?P<v>[a-z][\w-]*(?:\s+(?:into|in|to|up|out|back))?)",
    re.IGNORECASE,
)
_ZONE_RE = re.compile(r"\s+" + phrase_pattern(_DATA["people_in_zone"]) + r"\b", re.IGNORECASE)
_PEOPLE_RE = re.compile(r"\s+(?:people|men)\b", re.IGNORECASE)
_TOTAL_RE = re.compile(
    r"(?:"
    + phrase_pattern(_DATA["total_cues"])
    + r")\s+(?:[\w'’-]+\s+){0,3}?(?:troops|soldiers|personnel|"
    r"servicemen|military\s+personnel)\b[^.;]{0,80}?\b(?:is|was|are|stands\s+at|stood\s+at|reached|"
    r"totals|exceeds|exceeded|of)\s+"
    + r"(?:(?:over|more|than|about|around|some|nearly|almost|roughly|"
    r"approximately|at|least)\s+){0,3}$",
    re.IGNORECASE,
)
# "the Russian force grouping in Ukraine numbers roughly 600,000 personnel": a force's size.
_FORCE_SIZE_RE = re.compile(
    r"\b(?:force|forces|grouping|contingent|presence)\b[^.;]{0,40}?\b(?:"
    + phrase_pattern(_DATA["size_verbs"])
    + r")\s+(?:(?:over|more|than|about|around|some|nearly|almost|roughly|approximately|at|least|"
    r"an\s+estimated)\s+){0,3}$",
    re.IGNORECASE,
)
_EXPECT_RE = word_regex(_DATA["expect"])
_EXCHANGE_RE = word_regex(_DATA["exchange"])
_NOT_RE = word_regex(_DATA["not_deployment"])
_ALL_VERBS = {w.lower(): k for k in ("deploy", "amass", "withdraw") for w in _DATA[k]}
_INTO_RE = re.compile(r"\b(?:in|into|to|inside|across)\s+(?:the\s+)?$", re.IGNORECASE)
_AFTER_NOUN_RE = re.compile(
    r"\s+(?:more\s+)?(?!(?:more|to|in|into|from|last|this|next|on|at|"
    r"across|near|over|and|or|for|with|of|as|since|by|so|after|before)\b)"
    r"[a-z][a-z-]+",
    re.IGNORECASE,
)
# A verb split around its troops: "pulled 2,000 soldiers out of", "moved 5,000 troops away from".
_PULL_RE = word_regex(_DATA["pull_verbs"])
_PARTICLE_RE = re.compile(r"\s+" + phrase_pattern(_DATA["withdraw_particles"]) + r"\b", re.I)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_ZONE_PREFIX_RE = re.compile(r"^\s*(?:in|at|on)\s+the\s+", re.IGNORECASE)
_SUBORDINATE_RE = re.compile(r"\b(?:after|before|since|because|when|while|as)\b", re.IGNORECASE)
_IF_RE = re.compile(r"\b(?:if|unless)\b", re.IGNORECASE)


_GATE_WORDS = (
    first_words(_DATA["troops"])
    | first_words(["people", "men", "number", "force", "deployment", "contingent"])
    | first_words(_DATA["deploy"])
    | first_words(_DATA["amass"])
    | first_words(_DATA["withdraw"])
)
# "bringing its total deployment there to an estimated 14,000"
# Words _TOTAL_RE and _RUNNING_TOTAL_RE cannot match without: a sentence lacking them skips
# their 160-character look-back before every figure.
_TOTAL_NOUNS = frozenset({"troops", "soldiers", "personnel", "servicemen"})
_RUNNING_VERBS = frozenset(
    {"bringing", "brings", "brought", "raising", "raises", "raised", "taking", "takes", "took"}
)
_RUNNING_TOTAL_RE = re.compile(
    r"\b(?:bringing|brings|brought|raising|raises|raised|taking|takes|took)\s+[^.;:]{0,60}?\b(?:"
    r"deployment|contingent|presence|force|forces|grouping|group|strength|troops|soldiers|personnel)"
    r"\b[^.;:]{0,40}?\bto\s+(?:an?\s+)?"
    r"(?:(?:estimated|about|around|some|roughly|nearly|almost|over|more|than|at|least)\s+){0,3}$",
    re.IGNORECASE,
)
# A bare count right after a verb that moves troops: "dispatched another 1,500".
_VERB_BEFORE_RE = re.compile(
    r"\b(?P<v>" + phrase_pattern(_DATA["deploy"] + _DATA["amass"] + _DATA["withdraw"]) + r")\s+"
    r"(?:(?:another|a\s+further|an\s+additional|additional|at\s+least|more\s+than|over|about|around|"
    r"some|roughly|nearly|almost|up\s+to|as\s+many\s+as|an\s+estimated)\s+){0,2}$",
    re.IGNORECASE,
)
_TROOP_WORDS = first_words(_DATA["troops"])


@dataclass(slots=True)
class _Fig:
    value: int
    start: int
    end: int
    qualifier: str
    force: str | None = None
    status: str | None = None
    location: str | None = None
    record: bool = False
    upper: float | None = None


def build(doc: Document) -> list[DeploymentEvent]:
    """Every deployment event the article reports."""
    out: dict[tuple, DeploymentEvent] = {}
    last_force: str | None = None
    for a in doc.sentences:
        if not (a.words & _GATE_WORDS) or not a.figures or a.off_topic:
            continue
        for f in _sentence_figures(a, last_force):
            host = actors.side_of(f.force)
            if host is None:
                continue
            last_force = f.force
            key = (f.force, f.status, f.value)
            seen = out.get(key)
            # The same troops restated: a hedged wording ("about 30,000") is the source's own,
            # a headline's bare figure is not.
            if seen is None or (seen.qualifier == "exact" and f.qualifier != "exact"):
                out[key] = _emit(f, host, a, seen)
    return list(out.values())


def _sentence_figures(a: Analysed, last_force: str | None) -> list[_Fig]:
    text = a.text
    out: list[_Fig] = []
    totals, running_totals = a.words & _TOTAL_NOUNS, a.words & _RUNNING_VERBS
    for n in a.figures:
        if n.value < 2 or n.value != int(n.value) or n.value > 5_000_000:
            continue
        head = clauses.match_after(_TROOP_HEAD_RE, text, n.tail)
        of_its = _OF_ITS_RE.match(text, n.end, min(len(text), n.end + 40))
        zone = None
        total = (_TOTAL_RE.search(text, max(0, n.start - 160), n.start) if totals else None) or (
            _FORCE_SIZE_RE.search(text, max(0, n.start - 100), n.start) if head else None
        )
        running = (
            _RUNNING_TOTAL_RE.search(text, max(0, n.start - 160), n.start)
            if running_totals
            else None
        )
        if head is None and of_its is None:
            people = _PEOPLE_RE.match(text, n.tail, min(len(text), n.tail + 10))
            zone = (
                _ZONE_RE.match(text, people.end(), min(len(text), people.end() + 60))
                if people
                else None
            )
            if (
                zone is None
                and total is None
                and running is None
                and not _bare_count(a, n)
                and not _bare_sent(text, n.tail)
            ):
                continue
        head_end = head.end() if head else (of_its.end() if of_its else n.end)
        if _EXCHANGE_RE.search(text, max(0, n.start - 60), min(len(text), head_end + 60)):
            continue  # "150 soldiers would be returned in a prisoner exchange"
        if _NOT_RE.match(text, head_end + 1, min(len(text), head_end + 30)) or _casualty_after(
            text, head_end
        ):
            continue
        status = _status(
            a, n.start, head_end, zone is not None or total is not None or running is not None
        )
        if status is None:
            continue
        f = _Fig(int(n.value), n.start, head_end, qualifier_of(text, n), status=status)
        f.upper = n.upper
        f.force = _force(a, n, head, head_end, out) or last_force
        if f.force is None:
            continue
        f.location = _location(a, head_end, zone, status)
        out.append(f)
    marked = records.claimed_figures(a.claims, text, "deployment", [f.start for f in out])
    for f in out:
        f.record = f.start in marked
    return out


def _bare_count(a: Analysed, n) -> bool:
    """ "Pyongyang dispatched another 1,500": a count with no noun right after a verb that moves
    troops, in a passage about troops (this sentence or the one before names them)."""
    if not _VERB_BEFORE_RE.search(a.text, max(0, n.start - 60), n.start):
        return False
    if _AFTER_NOUN_RE.match(a.text, n.tail, min(len(a.text), n.tail + 20)):
        return False  # "sent 1,500 tonnes", "deployed 40 tanks": some other noun follows
    before = a.before
    return bool(a.words & _TROOP_WORDS or (before is not None and before.words & _TROOP_WORDS))


def _bare_sent(text: str, pos: int) -> bool:
    """ "an estimated 14,000 were sent": a bare figure followed by a passive deployment verb, in a
    sentence that names troops."""
    m = _AFTER_RE.match(text, pos, min(len(text), pos + 60))
    if not m or m.group("v").lower() not in (
        "sent",
        "deployed",
        "dispatched",
        "transferred",
        "redeployed",
    ):
        return False
    return _TROOP_HEAD_RE.search(text) is not None


def _casualty_after(text: str, pos: int) -> bool:
    m = _AFTER_RE.match(text, pos, min(len(text), pos + 60))
    return m is not None and _NOT_RE.fullmatch(m.group("v").split()[0]) is not None


def _status(a: Analysed, start: int, end: int, in_zone: bool) -> str | None:
    """deployed / amassing / expected / withdrawn from the verbs around a figure, or None."""
    text = a.text
    lo = clauses.clause_start(text, start)
    cue = None
    for m in _CUE_RE.finditer(text, lo, start):
        cue = m
    after = _AFTER_RE.match(text, end, min(len(text), end + 90))
    after_kind = None
    if after is not None:
        verb = " ".join(after.group("v").lower().split())
        after_kind = _ALL_VERBS.get(verb) or _ALL_VERBS.get(verb.split()[0])
    if cue is not None and cue.group("no"):
        if cue.start() >= clauses.clause_start(text, start, soft=True):
            return None
        # "... units that suffered heavy losses, while 10,000 troops were redeployed": the
        # casualty word belongs to an earlier clause.
        cue = None
    kind = None
    if _PARTICLE_RE.match(text, end, min(len(text), end + 12)) and _PULL_RE.search(text, lo, start):
        kind = "withdraw"  # "pulled some 2,000 soldiers out of the Kupiansk sector"
    elif cue is not None:
        kind = "withdraw" if cue.group("withdraw") else "amass" if cue.group("amass") else "deploy"
    elif after_kind:
        kind = after_kind
    elif after is not None and after.group("expect"):
        kind = "deploy"
    elif in_zone:
        kind = "deploy"
    if kind is None:
        return None
    if kind == "withdraw":
        return "withdrawn"
    verb_at = cue.start() if cue is not None else end
    cond = _IF_RE.search(text, lo, min(verb_at, start))
    if cond is not None and not _SUBORDINATE_RE.search(text, cond.end(), start):
        # "If the ceasefire collapses, Russia might send ..." (but not "If confirmed, this would
        # triple the force after 14,000 were sent", where the figure has its own clause).
        return None
    expected = (
        (after is not None and after.group("expect") is not None and cue is None)
        or (
            cue is not None
            and _EXPECT_RE.search(text, max(lo, cue.start() - 20), cue.start()) is not None
        )
        or modality.future(text, start, start)
        or (cue is not None and modality.hypothetical(text, cue.start(), cue.start()))
    )
    if expected:
        return "expected"
    return "amassing" if kind == "amass" else "deployed"


def _force(a: Analysed, n, head, head_end: int, earlier: list[_Fig]) -> str | None:
    text = a.text
    if head is not None:
        own = clauses.mention_within(a.actors, n.end, head.start("head"), ("demonym", "country"))
        if own is not None:
            return own.code
    frm = _FROM_RE.match(text, head_end, min(len(text), head_end + 8))
    if frm:
        x = next((m for m in a.actors if m.start == frm.end() and m.code), None)
        if x is not None:
            return x.code
    if head is None and not _OF_ITS_RE.match(text, n.end, min(len(text), n.end + 40)):
        # "an estimated 14,000 were sent": the troops named earlier in the sentence.
        named = [h for h in _TROOP_HEAD_RE.finditer(text, 0, n.start)]
        if named:
            own = clauses.mention_within(
                a.actors, named[-1].start(), named[-1].start("head"), ("demonym", "country")
            )
            if own is not None:
                return own.code
    # The subject of the verb: a country or capital first ("Moscow has redeployed"), a demonym
    # only if no country is named ("to oust Ukrainian forces" is an object).
    for kinds in (("country", "capital"), ("demonym",)):
        s = clauses.subject_before(text, a.actors, n.start, kinds=kinds, strict=True)
        if s is not None:
            return s.code
    if earlier:
        return earlier[-1].force
    troops = next(
        (m for m in a.actors if m.kind == "demonym" and m.code and m.start < n.start), None
    )
    if troops is not None:
        return troops.code
    person = next(
        (m for m in a.actors if m.kind == "person" and m.code in actors.BELLIGERENTS), None
    )
    return person.code if person is not None else None


def _location(a: Analysed, end: int, zone, status: str) -> str | None:
    if zone is not None:
        return _ZONE_PREFIX_RE.sub("", zone.group()).strip()
    after = [p for p in a.places if p.start >= end]
    if status != "withdrawn":
        # "redeployed 15,000 troops from Kursk to the Pokrovsk sector": where they went.
        to = [p for p in after if not _FROM_BEFORE_RE.search(a.text, max(0, p.start - 12), p.start)]
        after = to or after
    country = next(
        (
            m
            for m in a.actors
            if m.start >= end
            and m.kind == "country"
            and not m.possessive  # "to Russia's Kursk region": the region is the place
            and _INTO_RE.search(a.text, max(0, m.start - 10), m.start)
        ),
        None,
    )
    if country is not None and (not after or country.start < after[0].start):
        # "sent 3,000 troops to Russia, ... Moscow's war": the country they went to comes first.
        return a.text[country.start : country.end]
    if after:
        return after[0].name
    before = [p for p in a.places if p.end <= end]
    if before:
        return before[-1].name
    return None


def _emit(f: _Fig, host: str, a: Analysed, seen: DeploymentEvent | None) -> DeploymentEvent:
    record = f.record or (seen is not None and seen.record is not None)
    return DeploymentEvent(
        event_id="",
        article_id="",
        qualifier=f.qualifier,
        claimed_by=a.attribution.claimed_by,
        record=RecordClaim() if record else None,
        evidence=a.evidence(),
        force_country=f.force,
        host_country=host,
        location=f.location or (seen.location if seen is not None else None),
        troops=f.value,
        range_upper=f.upper,
        status=f.status,
    )
