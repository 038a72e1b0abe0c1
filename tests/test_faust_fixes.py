"""Unit tests for the Faust workarounds and the worker's in-order check on work records:
nothing here may let a commit pass over a record that was never processed."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from types import SimpleNamespace

import pytest
from faust.types import TP

from service import faust_fixes
from service.app import WorkerState, reread_stalled

WORK = TP("app-work", 0)
ARTICLES = TP("articles", 0)


def _consumer(acked: list[int], committed: int | None) -> SimpleNamespace:
    from intervaltree import IntervalTree

    return SimpleNamespace(_acked={WORK: acked}, _gap=defaultdict(IntervalTree),
                           _committed_offset={WORK: committed},
                           _acked_index={WORK: set(acked)})


def test_commit_stays_behind_a_record_never_acked():
    # Records 5..7 were dropped; 8 and 9 processed: committing 10 would lose 5..7.
    assert faust_fixes._new_offset(_consumer([8, 9], committed=5), WORK) is None


def test_commit_advances_over_contiguous_acks():
    assert faust_fixes._new_offset(_consumer([5, 6, 7], committed=5), WORK) == 8
    assert faust_fixes._new_offset(_consumer([0, 1], committed=0), WORK) == 2


def test_gaps_are_ignored_on_gapless_topics_only():
    calls = []

    async def original(self, tp, start, end):
        calls.append((tp, start, end))

    saved = faust_fixes.Consumer._add_gap
    faust_fixes.Consumer._add_gap = original
    try:
        add_gap = faust_fixes._skip_gaps_of(frozenset({WORK.topic}))
        asyncio.run(add_gap(None, WORK, 3, 7))
        asyncio.run(add_gap(None, ARTICLES, 3, 7))
    finally:
        faust_fixes.Consumer._add_gap = saved
    assert calls == [(ARTICLES, 3, 7)]


class _SeekingConsumer:
    """What `_perform_seek` uses of Faust's consumer, recording the seeks."""

    def __init__(self, committed: dict[TP, int | None], beginning: int) -> None:
        self.committed, self.beginning = committed, beginning
        self._read_offset: dict = {}
        self._committed_offset: dict = {}
        self.sought: list = []
        self._thread = SimpleNamespace(seek_to_beginning=self._seek_to_beginning,
                                       earliest_offsets=self._earliest_offsets)

    async def seek_to_committed(self):
        return dict(self.committed)

    async def _seek_to_beginning(self, *tps):
        self.sought.extend((tp.topic, tp.partition) for tp in tps)

    async def _earliest_offsets(self, *tps):
        return {tp: self.beginning for tp in tps}

    async def position(self, tp):
        # The streams run during the seek: the fetch position moves on at once.
        return self.beginning + 4

    def _is_changelog_tp(self, tp) -> bool:
        return tp.topic.endswith("-changelog")


def test_perform_seek_starts_uncommitted_partitions_from_the_beginning():
    changelog = TP("app-facts-changelog", 0)
    consumer = _SeekingConsumer({WORK: None, ARTICLES: 12, changelog: None}, beginning=3)
    asyncio.run(faust_fixes._perform_seek(consumer))
    assert consumer.sought == [("app-work", 0)]  # never the changelogs: recovery reads them
    assert consumer._committed_offset == {WORK: 3, ARTICLES: 12}
    assert consumer._read_offset == {WORK: 3, ARTICLES: 12}


def test_perform_seek_never_moves_a_partition_this_worker_already_committed():
    consumer = _SeekingConsumer({WORK: None, ARTICLES: 4}, beginning=0)
    consumer._committed_offset = {WORK: 2, ARTICLES: 9}  # streams ran before the seek
    asyncio.run(faust_fixes._perform_seek(consumer))
    assert consumer.sought == []
    assert consumer._committed_offset == {WORK: 2, ARTICLES: 9}


def test_perform_seek_counts_offset_zero_as_committed():
    consumer = _SeekingConsumer({WORK: 0}, beginning=0)
    asyncio.run(faust_fixes._perform_seek(consumer))
    # Faust kept None here, which let a commit pass over records dropped at the start.
    assert consumer._committed_offset == {WORK: 0}


class _CommittedThread:
    """The consumer thread as `group_offset` uses it: the broker's commits and log starts."""

    def __init__(self, committed: int | None, start: int) -> None:
        self.commits, self.start = committed, start

    async def call_thread(self, fn, *args):
        return await fn(*args)

    def _ensure_consumer(self):
        async def committed(tp):
            return self.commits
        return SimpleNamespace(committed=committed)

    async def earliest_offsets(self, *tps):
        return {tp: self.start for tp in tps}


@pytest.mark.parametrize(("committed", "start", "expected"), [
    (7, 2, 7),      # the group's commit, whatever Faust believes
    (None, 2, 2),   # never committed: everything from the log start is unprocessed
    (None, 0, 0),
])
def test_group_offset_is_the_brokers_commit_or_the_log_start(committed, start, expected):
    consumer = SimpleNamespace(_thread=_CommittedThread(committed, start),
                               _committed_offset={WORK: 99})
    assert asyncio.run(faust_fixes.group_offset(consumer, WORK)) == expected


# --- WorkerState: work records in order -----------------------------------------------------


def test_records_in_order_and_re_reads_are_admitted():
    state = WorkerState()
    assert [state.hole_before(WORK, o) for o in (4, 5, 6)] == [None, None, None]
    assert state.hole_before(WORK, 2) is None  # a re-read after a seek back
    assert state.hole_before(WORK, 3) is None


def test_a_jump_is_a_hole_rewound_once_until_it_arrives():
    state = WorkerState()
    state.hole_before(WORK, 2)
    assert state.hole_before(WORK, 6) == 3
    assert state.rewind_once(WORK, 3) is True
    assert state.hole_before(WORK, 7) == 3
    assert state.rewind_once(WORK, 3) is False  # one seek per hole
    assert state.hole_before(WORK, 3) is None  # the re-read arrives
    assert state.hole_before(WORK, 4) is None
    assert state.rewind_once(WORK, 9) is True


def test_new_assignment_forgets_progress_and_the_alert_ledger():
    state = WorkerState(published_alerts={"al-1"})
    state.hole_before(WORK, 2)
    assert state.stall_due(WORK, 5, idle=7, timeout=6)
    state.new_assignment()
    assert state.hole_before(WORK, 40) is None
    assert state.published_alerts is None
    assert state.stall_due(WORK, 5, idle=7, timeout=6)  # no back-off carried over


def test_a_stall_is_re_read_then_backs_off_while_the_same_offset_stays_stuck():
    state = WorkerState()
    assert state.stall_due(WORK, 5, idle=5, timeout=6) is False  # not idle long enough
    assert state.stall_due(WORK, 5, idle=7, timeout=6) is True
    assert state.stall_due(WORK, 5, idle=7, timeout=6) is False  # stuck: wait twice as long
    assert state.stall_due(WORK, 5, idle=13, timeout=6) is True
    assert state.stall_due(WORK, 5, idle=13, timeout=6) is False  # now 24 s
    assert state.stall_due(WORK, 5, idle=25, timeout=6) is True
    assert state.stall_due(ARTICLES, 5, idle=7, timeout=6) is True  # each partition alone
    assert state.stall_due(WORK, 8, idle=7, timeout=6) is True  # the commit moved: a new stall


class _StalledConsumer:
    """A consumer whose group committed `committed` of partitions holding `end` records.

    A seek makes the agent busy at once, as a re-read does.
    """

    def __init__(self, state: WorkerState, committed: dict[TP, int], end: int) -> None:
        self.state, self.commits, self.end = state, committed, end
        self.sought: list[tuple[TP, int]] = []
        self._thread = self

    async def call_thread(self, fn, *args):
        return await fn(*args)

    def _ensure_consumer(self):
        async def committed(tp):
            return self.commits[TP(*tp)]
        return SimpleNamespace(committed=committed)

    def assignment(self):
        return set(self.commits)

    async def position(self, tp):
        return self.end

    def highwater(self, tp):
        return self.end

    async def seek_wait(self, offsets):
        self.sought.extend(offsets.items())
        for tp in offsets:
            self.state.busy(tp.topic)


def test_every_stalled_partition_of_a_topic_is_re_read_in_one_round():
    state = WorkerState()
    state.assigned_at -= 10
    stuck = {TP("app-work", p): p for p in range(3)}  # partition p committed up to p
    consumer = _StalledConsumer(state, {**stuck, TP("app-work", 3): 5}, end=5)
    asyncio.run(reread_stalled(consumer, state, 6, ("app-work", "articles")))
    assert sorted(consumer.sought) == sorted(stuck.items())  # not the one at its end
    consumer.sought.clear()
    asyncio.run(reread_stalled(consumer, state, 6, ("app-work", "articles")))
    assert consumer.sought == []  # the agent is busy with the re-reads


def test_idle_time_counts_from_the_assignment_and_from_work_started():
    state = WorkerState()
    state.assigned_at -= 100
    assert state.idle_for("app-work") >= 100  # nothing since the assignment
    state.busy("app-work")  # a message started: not a stall while it runs
    assert state.idle_for("app-work") < 5
    state.new_assignment()
    assert state.idle_for("articles") < 5
