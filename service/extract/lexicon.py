"""Package data files (gazetteers, keyword lists, unit tables) and phrase regexes built from them.

Every data file is read once, at import, through importlib.resources; nothing here changes
afterwards, so extraction stays a pure function of its arguments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed JSON data file `data/<name>.json` (read once, then cached)."""
    raw = resources.files("service.extract").joinpath("data", f"{name}.json").read_text("utf-8")
    return _freeze(json.loads(raw))


def _freeze(value: Any) -> Any:
    # Read-only views so no caller can mutate the shared tables.
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


_SPACE = " "


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regex matching any of the literal phrases (any whitespace between words), longest
    first. The alternation is emitted as a trie with shared prefixes factored out, which keeps
    large gazetteers fast in Python's backtracking engine."""
    trie = _trie(phrases)
    if not trie:
        return "(?!)"
    # One character-class test rejects most positions before the trie is tried.
    first = "".join(sorted(re.escape(ch) if ch != _SPACE else r"\s" for ch in trie if ch))
    return "(?=[" + first.replace("]", "\\]") + "])" + _emit(trie)


def word_start_pattern(phrases: Iterable[str]) -> str:
    """`(?<![\\w-])` + `phrase_pattern(phrases)` for a case-sensitive regex, emitted so that it
    opens with the phrases' first characters: a regex that opens with a set of characters is
    scanned in C from one such character to the next, while one that opens with a look-behind
    is tried at every position. The word-start test comes right after the first character."""
    trie = _trie(phrases)
    branches = [
        f"{re.escape(ch)}(?<![\\w-]{re.escape(ch)}){_emit(trie[ch])}" for ch in sorted(trie)
    ]
    if not branches:
        return "(?!)"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _trie(phrases: Iterable[str]) -> dict:
    # Character trie of the phrases, words joined by one space; "" marks a phrase end.
    trie: dict = {}
    for phrase in set(phrases):
        words = phrase.split()
        if not words:
            continue
        node = trie
        for ch in _SPACE.join(words):
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _emit(node: dict) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        head = r"\s+" if ch == _SPACE else re.escape(ch)
        branches.append(head + _emit(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # Greedy optional: the longer phrase is tried first, the shorter on backtracking.
        return "(?:" + body + ")?"
    return body if len(branches) == 1 else body


def named_alternation(**groups: Iterable[str]) -> str:
    """A regex trying each phrase list in order, each inside a named group of its keyword."""
    return "(?:" + "|".join(f"(?P<{name}>{phrase_pattern(p)})" for name, p in groups.items()) + ")"


def word_regex(phrases: Iterable[str], tail: str = r"(?![\w-])") -> re.Pattern[str]:
    """Any of the phrases from a word start (not inside a hyphenated word), followed by `tail`
    (a word end unless given), ignoring case."""
    # Same matches as r"(?<![\w-])" + phrase_pattern(phrases) + tail under re.IGNORECASE, but
    # emitted to open with a case-sensitive set of characters (both cases of every first
    # character, plus anything non-ASCII, which the case-insensitive test after it sorts out):
    # Python's re then skips in C to the next such character, where a regex opening with a
    # look-behind, or compiled with IGNORECASE, is tried at every position of the text.
    trie = _trie(phrases)
    if not trie:
        return re.compile("(?!)")
    scan = sorted(
        {x for ch in trie for x in map(chr, range(128)) if re.fullmatch(re.escape(ch), x, re.I)}
    )
    branches = "|".join(f"(?<={re.escape(ch)}){_emit(trie[ch])}" for ch in sorted(trie))
    return re.compile(
        "[" + "".join(re.escape(x) for x in scan) + r"\x80-\U0010ffff](?<![\w-][\s\S])"
        "(?i:(?:" + branches + ")" + tail + ")"
    )


def cue_regex(**groups: Iterable[str]) -> re.Pattern[str]:
    """`named_alternation` of the phrase lists as a whole word, ignoring case."""
    return re.compile(r"(?<![\w-])" + named_alternation(**groups) + r"(?![\w-])", re.IGNORECASE)


_TOKEN_RE = re.compile(r"[a-z]+")
# Every byte but a-z to a space: the letter-runs of a lowercased text are then its split(), done
# in C without a match object per word.
_LETTERS_ONLY = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))


def words_of(text: str) -> frozenset[str]:
    """The lowercase letter-runs of a text, for cheap "can this regex match at all" checks."""
    # Each non-ASCII character becomes one "?" and then a space, as it ends a run of a-z.
    ascii_text = text.lower().encode("ascii", "replace").translate(_LETTERS_ONLY)
    return frozenset(ascii_text.decode("ascii").split())


def first_words(phrases: Iterable[str], common: frozenset[str] = frozenset()) -> frozenset[str]:
    """One required word per phrase, lowercased (its longest letter-run, the least common, and
    one not in `common` if it has any): a phrase can only occur in a text whose `words_of`
    contains that word."""
    out = set()
    for p in phrases:
        tokens = _TOKEN_RE.findall(p.lower())
        if tokens:
            out.add(max(tokens, key=lambda t: (t not in common, len(t), t)))
    return frozenset(out)
