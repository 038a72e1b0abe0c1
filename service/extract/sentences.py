"""Sentence splitting with character offsets into the original article text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.extract.lexicon import load

_ABBREVIATIONS = frozenset(a.lower() for a in load("sentences")["abbreviations"])
# A candidate boundary: terminal punctuation (plus closing quotes/brackets) followed by space and
# a likely sentence opener, or glued to a capitalised word after a lowercase word
# ("Territory.Ukraine"), or a line break. The pattern opens with the one character every
# boundary starts with, so the regex engine skips to those characters in C instead of trying a
# match at every position; the branches then look back at that character.
_BOUNDARY_RE = re.compile(
    r"[.!?\n](?:"
    r"(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u0400-\u04ff•–—-])"
    r"|(?<=[a-z]{2}\.)(?=[A-Z][a-z])"
    r"|(?<=\n))"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)\.[\"'”’)\]]*$")
# Pattern matchers only ever see this much text at once; longer runs are cut at a space.
MAX_SENTENCE = 1000


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and [start, end) offsets in the article; `para` numbers the
    non-empty lines (paragraphs)."""

    text: str
    start: int
    end: int
    para: int
    index: int


def split(text: str) -> list[Sentence]:
    """Split an article into sentences; `text[s.start:s.end] == s.text` for each."""
    spans: list[tuple[int, int, int]] = []
    para = 0
    start = 0
    line_start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.group() == "\n":
            _emit(text, start, m.start(), para, spans)
            start = m.end()
            # Each non-empty line is a paragraph: scraped articles use one line per paragraph.
            if not text[line_start : m.start()].isspace() and m.start() > line_start:
                para += 1
            line_start = m.end()
            continue
        if not _is_abbreviation(text, start, m):
            _emit(text, start, m.end(), para, spans)
            start = m.end()
    _emit(text, start, len(text), para, spans)
    return [Sentence(text[s:e], s, e, p, i) for i, (s, e, p) in enumerate(spans)]


def _is_abbreviation(text: str, start: int, m: re.Match[str]) -> bool:
    if m.group()[0] != ".":
        return False
    w = _WORD_BEFORE_RE.search(text, max(start, m.start() - 12), m.start() + 1)
    if not w:
        return False
    word = w.group(1)
    # Single capital initials ("J. Smith") and listed abbreviations.
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


def _emit(text: str, start: int, end: int, para: int, out: list[tuple[int, int, int]]) -> None:
    # Trim surrounding whitespace; cut over-long runs so matchers see bounded input.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        out.append((start, cut, para))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end, para))
