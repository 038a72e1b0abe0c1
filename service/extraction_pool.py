"""Extraction off the event loop: `pipeline.process_batch` in child processes.

Extraction is CPU-bound pure Python, so one worker process is bound to one core. With
`SERVICE_EXTRACT_PROCESSES` > 0 each batch of articles is extracted in child processes
while the event loop goes on consuming, publishing and settling. With 0 it runs inline.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from service.pipeline import Routed, process_batch

log = logging.getLogger("service.extraction")


class ExtractionPool:
    """Runs `process_batch` in `processes` children, or inline when that is 0."""

    def __init__(self, processes: int, *, max_bytes: int, partitions: int) -> None:
        self.processes = processes
        self._args = (max_bytes, partitions)
        self._executor: ProcessPoolExecutor | None = None

    async def run(self, records: list[tuple[bytes | None, float]]) -> list[Routed]:
        """The routed result of each record, in order."""
        if not self.processes:
            out = []
            for record in records:
                out.extend(process_batch([record], *self._args))
                await asyncio.sleep(0)  # CPU-bound: let the rest of the loop run between articles
            return out
        loop = asyncio.get_running_loop()
        size = -(-len(records) // self.processes)
        chunks = [records[i:i + size] for i in range(0, len(records), size)]
        executor = self._pool()
        try:
            done = await asyncio.gather(*(
                loop.run_in_executor(executor, process_batch, chunk, *self._args)
                for chunk in chunks))
        except BrokenProcessPool:
            # A child died (killed, out of memory): start afresh, and do this batch here so
            # nothing is lost; should the batch itself be the cause, the worker's own restart
            # and at-least-once replay take over.
            log.error("extraction process died; extracting this batch inline",
                      extra={"records": len(records)})
            self.close()
            return process_batch(records, *self._args)
        return [routed for chunk in done for routed in chunk]

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # spawn, not fork: the worker has threads (Faust's consumer) that fork would copy.
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"))
        return self._executor

    def close(self) -> None:
        """Stop the child processes (a later `run` starts new ones)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
