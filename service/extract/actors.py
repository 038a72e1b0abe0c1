"""Who is who: countries, demonyms, capitals, people, organisations and government bodies in a
sentence, mapped to ISO codes and normalised claimed_by names; places and their countries; and
the attribution clause ("..., Ukraine's air force said") that says who claims a figure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.extract.lexicon import first_words, load, phrase_pattern, word_start_pattern

_DATA = load("actors")
_PLACES = load("places")

BELLIGERENTS = frozenset(_DATA["belligerents"])
_OPPONENT = dict(_DATA["opponent"])
_ALLIES = dict(_DATA["allies"])
_LABEL = dict(_DATA["claimant_label"])
_BODY_DEFAULTS = dict(_DATA["body_defaults"])
_BODY_ALIASES = dict(_DATA["body_aliases"])

# name -> (code, kind, claimant name)
_NAMES: dict[str, tuple[str | None, str, str | None]] = {}
for _n, _c in _DATA["countries"].items():
    _NAMES[_n] = (_c, "country", None)
for _n, _c in _DATA["demonyms"].items():
    _NAMES[_n] = (_c, "demonym", None)
for _n, _c in _DATA["capitals"].items():
    _NAMES[_n] = (_c, "capital", "Kremlin" if "Kremlin" in _n else None)
for _n, (_c, _who) in _DATA["persons"].items():
    _NAMES[_n] = (_c, "person", _who)
for _n, _who in _DATA["organisations"].items():
    _NAMES[_n] = (None, "org", _who)

_NAME_RE = re.compile(r"(?P<n>" + word_start_pattern(_NAMES) + r")(?![\w])")
_BODY_KINDS = {k.lower(): v for k, v in _DATA["bodies"].items()}
# Generic nouns ("military", "government") are a claimant only when they speak.
_SPEAKING_ONLY = frozenset({"military", "government", "navy", "parliament", "intelligence"})
_BODY_RE = re.compile(
    r"(?<![\w-])(?P<b>" + phrase_pattern(_BODY_KINDS) + r")(?![\w-])", re.IGNORECASE
)
_COUNTRYISH = {n: c for n, (c, k, _) in _NAMES.items() if k in ("country", "demonym", "capital")}
_BODY_PREFIX_RE = re.compile(
    r"(?P<n>" + phrase_pattern(_COUNTRYISH) + r")(?:['’]s)?\s+(?:own\s+|regional\s+|state\s+)?$"
)
_BODY_SUFFIX_RE = re.compile(
    r"\s+of\s+(?:the\s+)?(?:(?:armed\s+forces|military)\s+of\s+(?:the\s+)?)?(?P<n>"
    + phrase_pattern(_COUNTRYISH)
    + r")(?:['’]s\s+(?:armed\s+forces|military))?(?![\w])",
    re.IGNORECASE,
)
_SPEECH_AFTER_RE = re.compile(
    r"\s*(?:,[^,]{0,40},\s*)?(?:has\s+|had\s+|have\s+)?(?:said|says|say|reported|reports|claimed|"
    r"claims|stated|states|announced|announces|confirmed|confirms|added|wrote|writes|told|estimated|"
    r"estimates|noted|notes|warned|warns|assessed|believes|insisted|publishes|published|posted)\b",
    re.IGNORECASE,
)
_ACCORDING_RE = re.compile(
    r"\b(?:according\s+to|citing|cited\s+by|quoted\s+by|per)\s+(?:the\s+)?", re.IGNORECASE
)
# Words without which the body and "according to" scans cannot match (see lexicon.first_words).
_BODY_WORDS = first_words(_BODY_KINDS)
_ACCORDING_WORDS = frozenset({"according", "citing", "cited", "quoted", "per"})
_SAID_RE = re.compile(
    r"\b(?:said|says|reported|claimed|stated|announced|confirmed|added|wrote|told\s+\w+)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "..., said Zelensky." / "said the ministry on Monday" (not "said Russia has attacked").
_SAID_END_RE = re.compile(
    r"(?:['’]s\s+[\w\s-]{0,30}?)?\s*(?:[,.;:)\"”]|$|\s+(?:on|in|at|late|earlier|today|yesterday|"
    r"overnight|in\s+a\s+statement)\b)",
    re.IGNORECASE,
)
_GROUP_NOUN_RE = re.compile(
    r"\s+(?:officials?|authorities|sources|forces|military|troops|media|officers?|government)\b",
    re.IGNORECASE,
)
_PLACE_NAMES = {n: c for n, c in _PLACES["places"].items()}
_PLACE_ALIASES = {n: (v[0], v[1]) for n, v in _PLACES["aliases"].items()}
CAPITAL_OF = dict(_PLACES["capital_of"])
_PLACE_RE = re.compile(
    r"(?P<n>" + word_start_pattern(list(_PLACE_NAMES) + list(_PLACE_ALIASES)) + r")"
    r"(?P<suf>\s+(?i:" + phrase_pattern(_PLACES["suffixes"]) + r"))?(?![\w-])"
)
_GOVERNOR_RE = re.compile(r"(?:\s+regional)?\s+(?:Governor|governor|Gov\.|mayor|Mayor)\b")
_WAR_RE = re.compile(word_start_pattern(_DATA["war_markers"]) + r"(?![\w])")
_OTHER_WAR_RE = re.compile(word_start_pattern(_DATA["other_war_markers"]) + r"(?![\w])")


# "the Russians attacked": the people named for their side.
_SIDE = r"(?P<side>Russians|Ukrainians|Russian|Ukrainian|Russia|Ukraine|Moscow|Kyiv|Kiev)(?:['’]s)?"
_OWNER = r"(?P<side>Russian|Ukrainian|(?:Russia|Ukraine|Moscow|Kyiv|Kiev)(?=['’]s))(?:['’]s)?"
_AGGRESSOR_RES = (
    re.compile(
        _OWNER + r"\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|assaults?|barrages?|bombardment|"
        r"shelling|raids?|drones?|missiles?|bombs|offensive)\b"
    ),
    re.compile(
        r"\b(?:attacks?|strikes?|assaults?|barrages?|bombardment|shelling|raids?)\s+"
        r"(?:[\w-]+\s+){0,5}?(?:from|by)\s+(?:the\s+)?" + _SIDE
    ),
    re.compile(
        _SIDE + r"\s+(?:forces\s+|troops\s+|army\s+)?(?:has\s+|had\s+|have\s+)?(?:continued?\s+"
        r"to\s+|continues\s+to\s+)?(?:launched|attacked|struck|fired|pounded|shelled|bombarded|"
        r"targeted|hit|target|attack|strike|shell|launch)\b"
        # "Kyiv hit by drones": a headline passive names the side attacked.
        r"(?!\s+by\b)"
    ),
    # "the attack drones that Russia sent over the first two nights": a relative clause on the
    # weapon names who launched it.
    re.compile(
        r"\b(?:drones?|missiles?|Shaheds?|UAVs?|rockets|bombs)\s+(?:that|which)\s+(?:the\s+)?"
        + _SIDE
        + r"\s+(?:forces\s+|troops\s+)?(?:has\s+|had\s+|have\s+)?(?:sent|launched|fired|used)\b"
    ),
)
# "the largest assault on Ukraine": the side attacked; the attacker is the other one.
_VICTIM_RE = re.compile(
    r"\b(?:attacks?|assaults?|strikes?|barrages?|bombardment|offensive|onslaught)\s+(?:on|against)\s+"
    r"(?:the\s+)?(?P<side>Ukraine|Russia|Ukrainian|Russian|Kyiv|Kiev|Moscow)\b"
)
# Every side name above starts with one of these (a cheap test before the four scans).
_SIDE_STEMS = ("Russia", "Ukrain", "Moscow", "Kyiv", "Kiev")
_SIDE_CODE = {
    "Russians": "RU",
    "Ukrainians": "UA",
    "Russian": "RU",
    "Russia": "RU",
    "Moscow": "RU",
    "Ukrainian": "UA",
    "Ukraine": "UA",
    "Kyiv": "UA",
    "Kiev": "UA",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A named actor in a sentence."""

    start: int
    end: int
    code: str | None
    # country | demonym | capital | person | org | body
    kind: str
    claimant: str | None
    possessive: bool


@dataclass(frozen=True, slots=True)
class Place:
    """A named place and the country it lies in."""

    start: int
    end: int
    name: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sentence says is the source, and the spans of the attribution phrase."""

    claimed_by: str | None
    spans: tuple[tuple[int, int], ...]


def opponent(code: str | None) -> str | None:
    """The other belligerent (RU <-> UA), or None."""
    return _OPPONENT.get(code) if code else None


def side_of(code: str | None) -> str | None:
    """The belligerent a country fights for: itself for RU/UA, Russia for its allies."""
    if code in BELLIGERENTS:
        return code
    return _ALLIES.get(code or "")


def label(code: str) -> str:
    """How a country prefixes a claimed_by name ("UA", "RU", "UK")."""
    return _LABEL.get(code, code)


def mentions_war(text: str) -> bool:
    """Whether a text names Russia, Ukraine or the war's main places and leaders."""
    return _WAR_RE.search(text) is not None


def other_war(text: str) -> bool:
    """Whether a text names another conflict (Israel, Hezbollah, Syria, ...)."""
    return _OTHER_WAR_RE.search(text) is not None


def aggressor(text: str) -> str | None:
    """Who a sentence presents as attacking ("Russian strikes", "barrage ... from Russian
    forces", "Russia launched"), for later figures that name no side."""
    if not any(stem in text for stem in _SIDE_STEMS):
        return None
    for rx in _AGGRESSOR_RES:
        m = rx.search(text)
        if m:
            return _SIDE_CODE[m.group("side").split("'")[0].split("’")[0]]
    m = _VICTIM_RE.search(text)
    if m:
        return _OPPONENT.get(_SIDE_CODE[m.group("side")])
    return None


def find_actors(text: str, words: frozenset[str] | None = None) -> list[Mention]:
    """Every actor mention in a sentence, bodies first-class ("Moscow's defence ministry");
    `words` (the sentence's `lexicon.words_of`, when the caller has it) skips the body scan
    in sentences that name no body."""
    bodies = _find_bodies(text) if words is None or words & _BODY_WORDS else []
    out: list[Mention] = list(bodies)
    taken = [(b.start, b.end) for b in bodies]
    for m in _NAME_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        name = " ".join(m.group("n").split())
        code, kind, claimant = _NAMES[name]
        poss = text.startswith(("'s", "’s"), m.end())
        out.append(Mention(m.start(), m.end(), code, kind, claimant, poss))
    out.sort(key=lambda x: x.start)
    return out


def _find_bodies(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _BODY_RE.finditer(text):
        kind = _BODY_KINDS[" ".join(m.group("b").lower().split())]
        if m.group("b") == "mod" or (m.group("b").isupper() and kind != "defence ministry"):
            continue
        start, end = m.start(), m.end()
        code = None
        pre = _BODY_PREFIX_RE.search(text, max(0, start - 40), start)
        if pre:
            code = _COUNTRYISH[" ".join(pre.group("n").split())]
            start = pre.start()
        post = _BODY_SUFFIX_RE.match(text, end, min(len(text), end + 60))
        if post and code is None:
            code = _COUNTRYISH[" ".join(post.group("n").split())]
            end = post.end()
        if kind in _SPEAKING_ONLY and code is None:
            continue
        if kind in _SPEAKING_ONLY or (kind == "military" and code is None):
            speaks = _SPEECH_AFTER_RE.match(text, end, min(len(text), end + 60))
            quoted = _ACCORDING_RE.search(text, max(0, start - 20), start)
            if not speaks and not quoted:
                continue
        code = code or _BODY_DEFAULTS.get(kind)
        if code is not None:
            name = f"{label(code)} {kind}"
            name = _BODY_ALIASES.get(name, name)
        else:
            name = kind
        if out and start < out[-1].end:
            # "General Staff of Ukraine's Armed Forces": one body, not two.
            continue
        out.append(Mention(start, end, code, "body", name, False))
    return out


def find_places(text: str) -> list[Place]:
    """Every known place in a sentence with its country."""
    out: list[Place] = []
    for m in _PLACE_RE.finditer(text):
        raw = " ".join(m.group("n").split())
        if raw in _PLACE_ALIASES:
            name, country = _PLACE_ALIASES[raw]
        else:
            name, country = raw, _PLACE_NAMES[raw]
        if m.group("suf"):
            name = f"{name} {m.group('suf').strip().lower()}"
        out.append(Place(m.start(), m.end(), name, country))
    return out


def attribution(
    text: str,
    mentions: list[Mention],
    places: list[Place],
    words: frozenset[str] | None = None,
) -> Attribution:
    """The normalised claimed_by of a sentence ("according to X", "X said", "said X");
    `words` as in `find_actors`."""
    spans: list[tuple[int, int]] = []
    best: tuple[int, str] | None = None
    cues = _ACCORDING_RE.finditer(text) if words is None or words & _ACCORDING_WORDS else ()
    for m in cues:
        after = [
            x
            for x in mentions
            if m.end() <= x.start <= m.end() + 30 and "," not in text[m.end() : x.start]
        ]
        if after:
            spans.append((m.start(), after[0].end))
            best = _better(best, after[0], text, places)
    for x in mentions:
        speaks = _SPEECH_AFTER_RE.match(text, x.end, min(len(text), x.end + 60))
        said = _SAID_RE.search(text, max(0, x.start - 30), x.start) and _SAID_END_RE.match(
            text, x.end, min(len(text), x.end + 40)
        )
        if speaks or said:
            best = _better(best, x, text, places)
    if best is None or best[0] < 2:
        gov = governor(text, places)
        if gov:
            best = (2, gov)
    return Attribution(best[1] if best else None, tuple(spans))


def _better(
    best: tuple[int, str] | None, x: Mention, text: str, places: list[Place]
) -> tuple[int, str] | None:
    name = _claimant_name(x, text, places)
    if name is None:
        return best
    rank = 2 if x.kind in ("body", "person", "org") or (x.kind == "capital" and x.claimant) else 1
    if best is None or rank > best[0]:
        return (rank, name)
    return best


def _claimant_name(x: Mention, text: str, places: list[Place]) -> str | None:
    if x.claimant:
        return x.claimant
    if x.code is None:
        return None
    if x.kind == "demonym" and not _GROUP_NOUN_RE.match(text, x.end, min(len(text), x.end + 20)):
        return None
    return label(x.code)


def governor(text: str, places: list[Place]) -> str | None:
    """A regional governor or mayor named by place ("Moscow regional Governor" -> "Moscow
    region governor")."""
    for p in places:
        g = _GOVERNOR_RE.match(text, p.end, min(len(text), p.end + 20))
        if g:
            role = "mayor" if "ayor" in g.group() else "governor"
            base = p.name if "region" in p.name or role == "mayor" else f"{p.name} region"
            return f"{base} {role}"
    return None
