"""Shared fixtures: one embedded broker per session, isolated topic namespaces per test."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from service import embedded
from service.settings import Settings
from service.topic_reader import collect

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
_TOPIC_FIELDS = ("articles", "dlq", "strikes", "casualties", "territory", "deployments",
                 "diplomacy", "alerts")


@pytest.fixture(scope="session")
def broker(tmp_path_factory) -> str:
    """A real Kafka-protocol broker (Tansu) on a free loopback port for the whole session."""
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    proc, port = embedded.start_broker(log=log)
    yield f"127.0.0.1:{port}"
    embedded.stop(proc)


@dataclass
class Stack:
    """One test's namespace on the shared broker: its own topics, group and workers."""

    bootstrap: str
    tmp: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    workers: list[tuple[subprocess.Popen, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        ns = "t" + uuid.uuid4().hex[:8]
        self.env = {"KAFKA_BOOTSTRAP_SERVERS": self.bootstrap, "SERVICE_APP_ID": ns,
                    **{f"TOPIC_{name.upper()}": f"{ns}.{name}" for name in _TOPIC_FIELDS},
                    **self.extra_env}
        self.settings = Settings(**{k.lower(): v for k, v in self.env.items()})
        self._counter = itertools.count()

    def topic(self, name: str) -> str:
        """The namespaced name of a logical topic (`articles`, `strikes`, `alerts`, ...)."""
        return getattr(self.settings, f"topic_{name}")

    def create_topics(self) -> None:
        """Run `topics create` exactly as an operator would."""
        run_cli(["topics", "create"], self.env)

    def start_worker(self, wait: bool = True, **env: str) -> subprocess.Popen:
        """Start one worker process in this namespace and wait until /readyz says ready."""
        port = embedded.free_port()
        full = embedded.worker_env(self.bootstrap, port, **self.env, **env)
        full["SERVICE_DATA_DIR"] = str(self.tmp / f"data-{port}")
        log = self.tmp / f"worker-{next(self._counter)}.log"
        proc = embedded.start_worker(full, log=log, cwd=ROOT)
        self.workers.append((proc, port))
        if wait:
            embedded.wait_ready(port, 90, proc)
        return proc

    def produce(self, values: list[bytes], key: bytes | None = None) -> None:
        """Write raw records to this namespace's `articles` topic."""
        asyncio.run(_produce(self.bootstrap, self.topic("articles"), values, key))

    def send_articles(self, articles: list[dict]) -> None:
        """Write article objects as JSON records, keyed by id."""
        asyncio.run(_produce_articles(self.bootstrap, self.topic("articles"), articles))

    def read(self, names: list[str], *, until, timeout: float = 60.0) -> list:
        """Read records of logical topics from the start until `until(records)` holds."""
        topics = [self.topic(n) for n in names]
        return asyncio.run(_read(self.settings, topics, until, timeout, quiet=0.0))

    def read_quiet(self, names: list[str], quiet: float = 3.0) -> list:
        """Read everything on the topics, stopping after `quiet` seconds without news."""
        topics = [self.topic(n) for n in names]
        return asyncio.run(_read(self.settings, topics, None, 120.0, quiet))

    def logs(self) -> str:
        """Every worker log of this test, for failure messages."""
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.tmp.glob("*.log")))

    def dump_tasks(self) -> None:
        """Ask every live worker to log its asyncio tasks (what a stuck worker waits on)."""
        live = [proc for proc, _ in self.workers if proc.poll() is None]
        for proc in live:
            os.kill(proc.pid, signal.SIGUSR1)
        if live:
            time.sleep(1.5)

    def stop_all(self) -> None:
        """Terminate every worker this test started."""
        for proc, _ in self.workers:
            embedded.stop(proc)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def stack(broker, tmp_path, request):
    """An isolated namespace with topics created; workers are started by the test."""
    s = Stack(broker, tmp_path)
    s.create_topics()
    yield s
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    if failed:
        s.dump_tasks()
    s.stop_all()
    if failed:
        print(f"---- worker logs of {request.node.name} (tail) ----\n{s.logs()[-6000:]}")
        dumps = [line for line in s.logs().splitlines() if "asyncio task dump" in line]
        for line in dumps:
            print(json.loads(line)["tasks"][-8000:])


def run_cli(args: list[str], env: dict[str, str], check: bool = True,
            timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m service ARGS` with extra environment."""
    full = dict(os.environ)
    full.update(env)
    result = subprocess.run([os.sys.executable, "-m", "service", *args], env=full, cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}: {result.stderr[-2000:]}")
    return result


async def _produce(bootstrap: str, topic: str, values: list[bytes], key: bytes | None) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all",
                                max_request_size=4 * 1024 * 1024)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def _produce_articles(bootstrap: str, topic: str, articles: list[dict]) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for article in articles:
            await producer.send_and_wait(topic, json.dumps(article).encode(),
                                         key=article["id"].encode())
    finally:
        await producer.stop()


@dataclass(frozen=True)
class Rec:
    """A record read back: topic, key, value, headers."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: dict[str, bytes]

    def json(self) -> dict:
        """The value as JSON."""
        return json.loads(self.value)


async def _read(settings: Settings, topics: list[str], until, timeout: float,
                quiet: float) -> list[Rec]:
    def wrap(records) -> list[Rec]:
        return [Rec(r.topic, r.key, r.value, dict(r.headers or ())) for r in records]

    done = None if until is None else (lambda records: until(wrap(records)))
    out = wrap(await collect(settings, topics, done=done, quiet=quiet, timeout=timeout))
    if until is not None and not until(out):
        raise TimeoutError(f"condition not met on {topics} after {timeout}s; got {len(out)}")
    return out


def seed_articles() -> list[dict]:
    """The five seed articles as `articles` records, in publication order."""
    index = json.loads((SEEDS / "articles.json").read_text())
    arts = [{"id": a["id"], "published_at": a["published_at"],
             "text": (SEEDS / a["file"]).read_text()} for a in index]
    return sorted(arts, key=lambda a: a["published_at"])


def pytest_sessionstart(session) -> None:
    """The suite reads the seeds from ../shared; say so plainly when it is missing."""
    if not SEEDS.exists():
        raise pytest.UsageError(f"{SEEDS} is missing: the suite needs ../shared beside the repo")
