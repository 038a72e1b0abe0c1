"""Diplomacy events: aid packages and pledges (with amounts in USD), talks, statements, explicit
threats and sanctions, each with the actor, the counterpart and a one-line summary.

Reading rules: an amount is aid when an aid word is near it ("$425 million military aid
package", "a deal worth up to €1.9 billion"); prices and revenues are not, but a yearly amount of
aid is ("£3bn a year in military support"). When the text gives one amount in two currencies, a
US dollar figure is used as written, else the actor's own currency is converted (fixed rates in
data/units.json); the amount as first written is kept as reported. The actor is the subject
before the trigger (a country, capital, leader or ministry; never Ukraine or Russia as a donor);
the counterpart is the party named after it. A sum given jointly by several subjects ("Denmark,
Norway and Sweden will jointly finance") belongs to none of them, unless each gives it; a
country's "share of a $50 billion loan" is not its own amount. Hypotheticals ("could be
invested", "any potential talks"), proposals under debate ("were debating a loan of up to ...")
and negations ("has yet to", "lift sanctions") produce nothing, but reported speech ("said the UK
would provide") is an act; a threat is a warning that names a consequence (nuclear weapons,
escalation, retaliation). Undated acts are dated to the publication day, the day they were
reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from service.events import AmountReported, DiplomacyEvent
from service.extract import actors, clauses, units
from service.extract.actors import Mention
from service.extract.document import Analysed, Document
from service.extract.lexicon import first_words, load, phrase_pattern, word_regex
from service.extract.qualifiers import qualifier_before

_DATA = load("diplomacy")


def _rx(name: str, tail: str = r"(?![\w-])") -> re.Pattern[str]:
    """The `name` phrase list from a word start, followed by `tail` (a word end unless given)."""
    return word_regex(_DATA[name], tail)


_AID_RE = _rx("aid_nouns")
_PRICE_RE = re.compile(
    r"\s*(?:\([^()]{0,30}\)\s*)?(?:" + phrase_pattern(_DATA["price_after"]) + r")\b", re.IGNORECASE
)
_TOTAL_RE = _rx("total_cues")
_WHOLE_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:"
    + phrase_pattern(_DATA["whole_before"])
    + r")\s+(?:(?:a|an|the|its|their)\s+)?(?:[a-z-]+\s+){0,2}$",
    re.IGNORECASE,
)
_PROPOSAL_RE = _rx("proposal")
_APPROVAL_RE = _rx("approval")
# "is poised to approve about $45 billion": an approval still to come, whatever else is said.
_PENDING_RE = re.compile(
    r"(?<![\w-])(?:" + phrase_pattern(_DATA["pending"]) + r")\s+(?:[a-z]+ly\s+)?(?:"
    + phrase_pattern(_DATA["pending_verbs"])
    + r")(?![\w-])",
    re.IGNORECASE,
)
_DELIVERED_RE = _rx("delivered")
_REPORTED_WOULD_RE = re.compile(
    r"(?<![\w-])(?:"
    + phrase_pattern(_DATA["reported_speech"])
    + r")\s+(?:that\s+)?(?:it|he|she|they|we|[\w.'’-]+(?:\s+[\w.'’-]+){0,3})\s+$",
    re.IGNORECASE,
)
_RATE_AID_RE = re.compile(
    r"\s*(?:" + phrase_pattern(_DATA["aid_rates"]) + r")\s+(?:in|of|for)\s+(?:[a-z-]+\s+){0,2}"
    r"(?:" + phrase_pattern(_DATA["aid_nouns"]) + r")(?![\w-])",
    re.IGNORECASE,
)
# "each" after the amount or right after the subject; "each year" is a rate, not a share.
_EACH = r"(?:" + phrase_pattern(_DATA["each"]) + r")\b(?!\s+(?:year|month|week|day|time|of)\b)"
_EACH_RE = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?" + _EACH, re.IGNORECASE)
_EACH_SUBJECT_RE = re.compile(r"\s+" + _EACH, re.IGNORECASE)
_JOINTLY_RE = _rx("jointly")
_LIST_JOINT_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?", re.IGNORECASE)
_NOT_DONORS = frozenset(_DATA["not_donors"])
_RECEIVE_RE = _rx("receive")
_PLEDGE_RE = _rx("pledge")
_TALKS_RE = _rx("talks")
_THREAT_RE = _rx("threat")
_CONSEQUENCE_RE = _rx("threat_consequence", tail="")
_SANCTIONS_RE = _rx("sanctions")
_SANCTION_VERB_RE = _rx("sanction_verbs")
_SANCTION_NEG_RE = _rx("sanction_negation")
_SPEECH_THREAT_RE = _rx("speech_threat", tail="")
_PLEDGE_OBJECT_RE = _rx("pledge_objects")
_PASSIVE_MEET_RE = re.compile(r"\b(?:be|been|being|was|were|is|are)\s+$", re.IGNORECASE)
_HE_RE = re.compile(
    r"\b(?:he|she)\s+(?:is\s+|was\s+|has\s+|had\s+|will\s+|would\s+)?(?:\w+\s+)?$", re.IGNORECASE
)
_STALLED_AFTER_RE = re.compile(
    r"[^,;:]{0,50}?\b(?:(?:is|was|were|are|has\s+been|had\s+been|have\s+been|remains|remained|"
    r"is\s+still|was\s+still|remains\s+still)\s+)(?:" + phrase_pattern(_DATA["stalled"]) + r")\b",
    re.IGNORECASE,
)
_INCLUDES_RE = re.compile(
    r"[^.;$€£¥]{0,50}?\b(?:(?:that|which)\s+(?:includes|included|include|contains|contained)|"
    r"including|of\s+which)\s+(?:(?:some|about|around|roughly|nearly|almost|more\s+than|over|"
    r"up\s+to)\s+)?",
    re.IGNORECASE,
)
_GIVING = frozenset({"aid_package", "pledge"})
# How far a fixed-rate conversion may fall from the dollar figure a text gives for the same sum.
_SAME_SUM = 0.1
_HE_OPENS_RE = re.compile(r"(?:He|She)\s")
_SPEAKER_RE = _rx("statement_speakers")
_SPEECH_RE = _rx("speech")
_TOPIC_RE = _rx("statement_topics")
_NEGATION_RE = _rx("negation")
# Case-sensitive: "May 19" is a date, "may" a modal.
_HYPOTHETICAL_RE = re.compile(
    r"(?<![\w-])(?:" + phrase_pattern(_DATA["hypothetical"]) + r")(?![\w-])"
)
_MODAL_AFTER_RE = re.compile(r"[^,.;:]{0,30}?\b(?:could|might|may|would)\b", re.IGNORECASE)
_WOULD_RE = re.compile(r"would\Z")
_FROM_LIST_RE = re.compile(r"\bfrom\s+(?:the\s+)?", re.IGNORECASE)
# Currency signs, looked for with str's own search (faster than a regex character class).
_MONEY_CHARS = ("$", "€", "£", "¥")
_MONEY_WORDS = units.MONEY_WORDS
# "talks with", "will meet": phrases are gated on their content word, as nearly every sentence
# has "with" (each phrase's words are whole words of the text, so any of them is a sound gate).
_COMMON_WORDS = frozenset({"with", "will", "between", "to"})
_TRIGGER_WORDS = first_words(
    [
        p
        for k in ("pledge", "talks", "threat", "sanctions", "statement_speakers", "speech_threat")
        for p in _DATA[k]
    ],
    common=_COMMON_WORDS,
)
_SANCTION_WORDS = first_words(_DATA["sanctions"])
_THREAT_WORDS = first_words(_DATA["threat"])
_SPEECH_WORDS = first_words(_DATA["speech"])
_PLEDGE_WORDS = first_words(_DATA["pledge"], common=_COMMON_WORDS)
_TALK_WORDS = first_words(_DATA["talks"], common=_COMMON_WORDS)
_SPEAKER_WORDS = first_words(_DATA["statement_speakers"])
_RESTATE_GAP_RE = re.compile(r"\s*(?:\(|,?\s*or\s+)\s*")
_AND_BEFORE_RE = re.compile(r"\band\s+(?:the\s+)?$")
_PASSIVE_PROMISE_RE = re.compile(r"\b(?:been|was|were)\s+promised", re.IGNORECASE)
_PARTY_KINDS = ("country", "capital", "person", "body", "demonym")
_SPEAKERS = ("person", "body")
_THAT_RE = re.compile(r"[^.;:]{0,25}?\bthat\s+(?:the\s+)?")
_FACE_RE = re.compile(r"[^.;:,]{0,15}?\bfaces?\b", re.IGNORECASE)
_SUMMARY_MAX = 300


@dataclass(frozen=True, slots=True)
class _Act:
    kind: str
    actor: str
    counterpart: str | None
    amount: units.Money | None
    qualifier: str
    sentence: Analysed
    on: dt.date
    # The amount as the text first wrote it, when the USD figure used is its bracketed equivalent.
    reported: units.Money | None = None


def build(doc: Document) -> list[DiplomacyEvent]:
    """Every diplomacy event the article reports."""
    acts: list[_Act] = []
    donor: str | None = None
    for a in doc.sentences:
        money = bool(a.words & _MONEY_WORDS) or any(c in a.text for c in _MONEY_CHARS)
        if not money and not (a.words & _TRIGGER_WORDS):
            continue
        if a.off_topic:
            continue
        on = _day(a, doc)
        if money:
            for act in _amounts(a, donor, on):
                donor = act.actor
                acts.append(act)
        acts.extend(_presence(a, on))
    out: list[DiplomacyEvent] = []
    seen: set[tuple] = set()
    for act in _same_sum_in_dollars(acts):
        amount = round(act.amount.usd) if act.amount else None
        key = (
            (act.kind, act.actor, act.counterpart, amount)
            if amount
            else (act.kind, act.actor, act.counterpart)
        )
        if key in seen or (amount is None and any(k[:2] == key[:2] and len(k) == 4 for k in seen)):
            continue
        seen.add(key)
        out.append(_emit(act))
    return out


def _same_sum_in_dollars(acts: list[_Act]) -> list[_Act]:
    """ "Japan pledges $100 mil." in the headline, "15 billion yen" in the body: one sum told
    twice; the dollar figure the text gives is used, not the fixed-rate conversion."""
    dollars = [x for x in acts if x.amount is not None and x.amount.currency == "USD"]
    if not dollars:
        return acts
    return [
        x
        for x in acts
        if x.amount is None
        or x.amount.currency == "USD"
        or not any(
            d.actor == x.actor
            and d.kind in _GIVING
            and x.kind in _GIVING
            and abs(d.amount.usd - x.amount.usd) <= _SAME_SUM * d.amount.usd
            for d in dollars
        )
    ]


def _day(a: Analysed, doc: Document) -> dt.date:
    day = next((d.when.on for d in a.dates if d.when.period == "day" and d.when.explicit), None)
    return day or doc.published


def _amounts(a: Analysed, donor: str | None, on: dt.date) -> list[_Act]:
    text = a.text
    money = units.find_money(text)
    out: list[_Act] = []
    i = 0
    while i < len(money):
        group = [money[i]]
        while i + 1 < len(money) and _restates(text, group[-1], money[i + 1]):
            i += 1
            group.append(money[i])
        i += 1
        first, last = group[0], group[-1]
        each = _EACH_RE.match(text, last.end, min(len(text), last.end + 40)) is not None
        if (
            not each
            and _PRICE_RE.match(text, last.end, min(len(text), last.end + 30))
            and not _RATE_AID_RE.match(text, last.end, min(len(text), last.end + 60))
        ):
            continue
        lo = clauses.clause_start(text, first.start)
        if _hypothetical_before(text, max(lo, first.start - 40), first.start):
            continue
        if _MODAL_AFTER_RE.match(text, last.end, min(len(text), last.end + 40)):
            continue
        if _WHOLE_BEFORE_RE.search(text, max(lo, first.start - 40), first.start):
            continue  # the actor's part of a larger sum, which is not its own
        if _proposed(text, max(lo, first.start - 80), first.start):
            continue
        if _PENDING_RE.search(text, max(lo, first.start - 160), first.start):
            continue  # not approved yet: neither a package nor a pledge
        if _DELIVERED_RE.search(text, max(lo, first.start - 60), first.start):
            continue  # "had delivered EUR1bn in 2023 and 2024": a past total, not a new package
        if _STALLED_AFTER_RE.match(
            text, last.end, min(len(text), last.end + 60)
        ) and not _APPROVAL_RE.search(text, lo, first.start):
            continue  # "a $61 billion package remains stalled in Congress": not given
        if i < len(money) and _INCLUDES_RE.fullmatch(text, last.end, money[i].start):
            continue  # "a $95 billion bill that includes $61 billion for Ukraine": the whole
        near = _AID_RE.search(
            text, max(0, first.start - 80), min(len(text), last.end + 60)
        ) or _PLEDGE_RE.search(text, max(lo, first.start - 60), first.start)
        if near is None:
            continue
        if _TOTAL_RE.search(text, max(lo, first.start - 90), min(len(text), last.end + 30)):
            continue  # a running total of past aid, not a package
        subject = _subject(a, first.start)
        if subject is not None and _RECEIVE_RE.search(text, subject.end, first.start):
            if subject.code != "UA":
                continue  # money another country receives is not aid to Ukraine
            subject = None  # the giver is named after "from"
        else:
            subject = _donor(a, first.start)
        parties = _joint(a, subject) if subject is not None else []
        each = each or (
            subject is not None
            and _EACH_SUBJECT_RE.match(text, subject.end, first.start) is not None
        )
        if len(parties) > 1 or (
            subject is not None and _JOINTLY_RE.search(text, subject.end, first.start)
        ):
            if not each:
                continue  # one sum for several givers: no single actor
        else:
            parties = [subject.code] if subject is not None else []
        if not parties:
            actor = (
                _giver_after(a, last.end)
                or _he_who(a, first.start)
                or _actor_after(a, last.end, skip=_NOT_DONORS)
                or donor
            )
            parties = [actor] if actor is not None and actor not in _NOT_DONORS else []
        kind = (
            "pledge"
            if _PLEDGE_RE.search(text, max(lo, first.start - 60), first.start)
            else "aid_package"
        )
        qual = qualifier_before(text, first.start)
        for actor in parties:
            chosen, reported = _in_dollars(group, actor)
            out.append(_Act(kind, actor, "UA", chosen, qual, a, on, reported))
    return out


def _in_dollars(group: list[units.Money], actor: str) -> tuple[units.Money, units.Money]:
    """The amount to convert and the amount as reported: a dollar figure in the text is used as
    written (its original, written first, is the reported one); else the actor's own currency."""
    home = units.HOME_CURRENCY.get(actor, "USD")
    group = [units.in_currency_of(m, home) for m in group]
    dollars = next((m for m in group if m.currency == "USD"), None)
    if dollars is not None:
        return dollars, group[0]
    chosen = next((m for m in group if m.currency == home), group[0])
    return chosen, chosen


def _hypothetical_before(text: str, lo: int, pos: int) -> bool:
    """A hypothetical cue in [lo, pos), except "would" reporting speech ("said it would fund")."""
    for m in _HYPOTHETICAL_RE.finditer(text, lo, pos):
        if _WOULD_RE.match(m.group().lower()) and _REPORTED_WOULD_RE.search(
            text, max(0, m.start() - 60), m.start()
        ):
            continue
        return True
    return False


def _proposed(text: str, lo: int, pos: int) -> bool:
    """A proposal still under debate governs the amount, and nothing says it was approved."""
    return _PROPOSAL_RE.search(text, lo, pos) is not None and not _APPROVAL_RE.search(text, lo, pos)


def _donor(a: Analysed, pos: int) -> Mention | None:
    """The subject before `pos`, skipping parties that never give aid to Ukraine."""
    m = _subject(a, pos)
    while m is not None and m.code in _NOT_DONORS:
        m = _subject(a, m.start)
    return m


def _giver_after(a: Analysed, pos: int) -> str | None:
    """ "Ukraine will receive $1.5 billion from Japan": the party named after "from"."""
    frm = _FROM_LIST_RE.search(a.text, pos, min(len(a.text), pos + 60))
    if frm is None:
        return None
    m = next(
        (x for x in a.actors if frm.start() < x.start <= frm.end() and x.kind in _PARTY_KINDS),
        None,
    )
    return m.code if m is not None and m.code not in _NOT_DONORS else None


def _joint(a: Analysed, subject: Mention) -> list[str]:
    """The donors of a coordinated subject ("Denmark, Norway and Sweden"), in order."""
    i = a.actors.index(subject)
    lo = hi = i
    while lo > 0 and _joined(a, a.actors[lo - 1], a.actors[lo]):
        lo -= 1
    while hi + 1 < len(a.actors) and _joined(a, a.actors[hi], a.actors[hi + 1]):
        hi += 1
    codes = [x.code for x in a.actors[lo : hi + 1] if x.code and x.code not in _NOT_DONORS]
    return list(dict.fromkeys(codes))


def _joined(a: Analysed, x: Mention, y: Mention) -> bool:
    return (
        x.kind in _PARTY_KINDS
        and y.kind in _PARTY_KINDS
        and x.end <= y.start
        and _LIST_JOINT_RE.fullmatch(a.text, x.end, y.start) is not None
    )


def _restates(text: str, prev: units.Money, nxt: units.Money) -> bool:
    # "€1.9 billion (£1.6 billion)": one amount in two currencies.
    gap = text[prev.end : nxt.start]
    return nxt.currency != prev.currency and _RESTATE_GAP_RE.fullmatch(gap) is not None


def _actor(a: Analysed, pos: int) -> str | None:
    m = _subject(a, pos)
    return m.code if m is not None else None


def _subject(a: Analysed, pos: int) -> Mention | None:
    s = clauses.subject_before(a.text, a.actors, pos, kinds=_PARTY_KINDS, strict=True)
    if s is not None and s.kind == "demonym" and not a.text.startswith(" ", s.end):
        return None
    return s if s is not None and s.code else None


def _actor_after(a: Analysed, pos: int, skip: frozenset[str] = frozenset()) -> str | None:
    m = next(
        (
            x
            for x in a.actors
            if x.start >= pos
            and x.code
            and x.kind in _PARTY_KINDS
            and x.code not in skip
            and not clauses.is_object(a.text, x)
        ),
        None,
    )
    return m.code if m is not None else None


def _counterpart(a: Analysed, pos: int, actor: str) -> str | None:
    m = next(
        (
            x
            for x in a.actors
            if pos <= x.start <= pos + 100 and x.code and x.code != actor and x.kind in _PARTY_KINDS
        ),
        None,
    )
    return m.code if m is not None else None


def _relevant(actor: str | None, counterpart: str | None, a: Analysed) -> bool:
    if actor is None:
        return False
    if actor in actors.BELLIGERENTS or counterpart in actors.BELLIGERENTS:
        return True
    return counterpart is None and actors.mentions_war(a.text)


def _presence(a: Analysed, on: dt.date) -> list[_Act]:
    text = a.text
    out: list[_Act] = []

    def add(kind: str, actor: str | None, counterpart: str | None) -> None:
        """Keep an act if it has an actor and involves the war."""
        if actor and counterpart != actor and _relevant(actor, counterpart, a):
            out.append(_Act(kind, actor, counterpart, None, "exact", a, on))

    words = a.words
    m = _SANCTIONS_RE.search(text) if words & _SANCTION_WORDS else None
    if (
        m
        and not _SANCTION_NEG_RE.search(text)
        and _SANCTION_VERB_RE.search(text, max(0, m.start() - 60), min(len(text), m.end() + 40))
    ):
        actor = _actor(a, m.start())
        add("sanctions", actor, _counterpart(a, m.end(), actor or ""))
    m = _THREAT_RE.search(text) if words & _THREAT_WORDS else None
    speech = _SPEECH_RE.search(text) if words & _SPEECH_WORDS else None
    if (m and _CONSEQUENCE_RE.search(text)) or (speech and _SPEECH_THREAT_RE.search(text)):
        cue = m or speech
        speaker_code = _speaker(a, cue.start(), cue.end())
        if (m is not None or speaker_code == "RU") and not _warning_about(
            a, cue.end(), speaker_code
        ):
            add("threat", speaker_code, _counterpart(a, cue.end(), speaker_code or ""))
    for m in _PLEDGE_RE.finditer(text) if words & _PLEDGE_WORDS else ():
        if _blocked(text, m.start()) or not _PLEDGE_OBJECT_RE.search(
            text, m.end(), min(len(text), m.end() + 60)
        ):
            continue
        if _PASSIVE_PROMISE_RE.search(m.group()):
            frm = _FROM_LIST_RE.search(text, m.end(), min(len(text), m.end() + 80))
            receiver = _actor(a, m.start())
            if frm:
                for x in a.actors:
                    if frm.start() <= x.start <= frm.end() + 80 and x.kind == "country" and x.code:
                        add("pledge", x.code, receiver)
            continue
        donor = _donor(a, m.start())
        actor = donor.code if donor is not None else None
        before = len(out)
        add("pledge", actor, _counterpart(a, m.end(), actor or ""))
        if len(out) > before:
            break
    talked: set[str] = set()
    for m in _TALKS_RE.finditer(text) if words & _TALK_WORDS else ():
        if _blocked(text, m.start()):
            continue
        if m.group().lower().startswith("met") and _PASSIVE_MEET_RE.search(
            text, max(0, m.start() - 8), m.start()
        ):
            continue  # "was met with criticism"
        actor = _first_subject(a, m.start()) or _pronoun_actor(a, m.start())
        if actor is None or actor in talked:
            continue
        talked.add(actor)
        other = _co_subject(a, m.start(), actor) or _counterpart(a, m.end(), actor)
        add("talks", actor, other)
    speaker = _SPEAKER_RE.search(text) if words & _SPEAKER_WORDS else None
    if (
        speaker
        and _SPEECH_RE.search(text)
        and _TOPIC_RE.search(text)
        and not _blocked(text, speaker.start())
    ):
        who = next(
            (
                x
                for x in a.actors
                if x.start <= speaker.end() + 2 and x.end >= speaker.start() - 30 and x.code
            ),
            None,
        )
        add("statement", who.code if who else None, None)
    return out


def _speaker(a: Analysed, start: int, end: int) -> str | None:
    """Who warns or threatens: the clause's subject ("Trump gave Russia 50 days ... or face"),
    else the sentence's first party before the cue ("Kremlin spokesman Dmitry Peskov told
    reporters ..., and warned Washington"), else a person or body named right after it
    ("warned Dmitry Medvedev"); a country right after the cue is the one warned."""
    code = _first_subject(a, start)
    if code is not None:
        return code
    first = next(
        (
            x
            for x in a.actors
            if x.end <= start
            and x.code
            and x.kind in _PARTY_KINDS
            and not clauses.is_object(a.text, x)
        ),
        None,
    )
    if first is not None:
        return first.code
    after = next(
        (x for x in a.actors if end <= x.start <= end + 3 and x.code and x.kind in _SPEAKERS),
        None,
    )
    return after.code if after is not None else None


def _warning_about(a: Analysed, end: int, speaker: str | None) -> bool:
    """ "Zelensky warned that Russia could escalate": a warning about what another belligerent
    may do is not the speaker's threat (unless that party would "face" something)."""
    m = _THAT_RE.match(a.text, end, min(len(a.text), end + 40))
    if m is None:
        return False
    x = next((x for x in a.actors if x.start == m.end() and x.code), None)
    return (
        x is not None
        and x.code != speaker
        and x.code in actors.BELLIGERENTS
        and not _FACE_RE.match(a.text, x.end, min(len(a.text), x.end + 25))
    )


def _first_subject(a: Analysed, pos: int) -> str | None:
    """The clause's first actor that is not a prepositional object: the subject of a meeting
    ("Trump's call with Putin", "Russia rejected the Vatican as a venue for talks")."""
    lo = clauses.clause_start(a.text, pos, soft=True)
    for x in a.actors:
        if lo <= x.start and x.end <= pos and x.code and x.kind in _PARTY_KINDS:
            if x.kind == "demonym" and not a.text.startswith(" ", x.end):
                continue
            if not clauses.is_object(a.text, x):
                return x.code
    return None


def _co_subject(a: Analysed, pos: int, actor: str | None) -> str | None:
    """ "U.S. and Ukrainian officials were due to hold talks": the other party of the subject."""
    lo = clauses.clause_start(a.text, pos)
    for x in a.actors:
        if lo <= x.start and x.end <= pos and x.code and x.code != actor and x.kind in _PARTY_KINDS:
            if _AND_BEFORE_RE.search(a.text, max(lo, x.start - 10), x.start):
                return x.code
    return None


def _pronoun_actor(a: Analysed, pos: int) -> str | None:
    """ "where he is meeting with ...": the person named last before the pronoun."""
    if not _HE_RE.search(a.text, max(0, pos - 30), pos):
        return None
    person = [x for x in a.actors if x.kind == "person" and x.end <= pos and x.code]
    return person[-1].code if person else None


def _he_who(a: Analysed, pos: int) -> str | None:
    """ "Macron arrived in Kyiv. He pledged €500 million": a sentence opening with "He" or "She"
    speaks of the person named last, in it or in the sentence before."""
    if not _HE_OPENS_RE.match(a.text):
        return None
    for sentence in (a, a.before):
        if sentence is None:
            break
        person = [
            x
            for x in sentence.actors
            if x.kind == "person" and x.code and (sentence is not a or x.end <= pos)
        ]
        if person:
            return person[-1].code if person[-1].code not in _NOT_DONORS else None
    return None


def _blocked(text: str, pos: int) -> bool:
    lo = clauses.clause_start(text, pos)
    window_lo = max(lo, pos - 50)
    return (
        _NEGATION_RE.search(text, window_lo, pos) is not None
        or _HYPOTHETICAL_RE.search(text, window_lo, pos) is not None
    )


def _summary(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SUMMARY_MAX else line[: _SUMMARY_MAX - 1].rstrip() + "…"


def _emit(act: _Act) -> DiplomacyEvent:
    s = act.sentence
    reported = None
    written = act.reported or act.amount
    if written is not None:
        reported = AmountReported(value=written.value, currency=written.currency)
    claimed_by = s.attribution.claimed_by
    if claimed_by and claimed_by[0].islower():
        # "its defence ministry said": the actor's own body.
        claimed_by = f"{actors.label(act.actor)} {claimed_by}"
    return DiplomacyEvent(
        event_id="",
        article_id="",
        occurred_on=act.on,
        qualifier=act.qualifier,
        claimed_by=claimed_by,
        evidence=s.evidence(),
        kind=act.kind,
        actor=act.actor,
        counterpart=act.counterpart,
        amount_usd=act.amount.usd if act.amount else None,
        amount_reported=reported,
        summary=_summary(s.text),
    )
