"""Operator view of a real worker: /healthz, /readyz, /metrics, and a real Prometheus."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request

import pytest
from conftest import seed_articles

from service import embedded

pytestmark = pytest.mark.broker
FAMILIES = [
    "warevents_articles_consumed_total", "warevents_events_published_total",
    "warevents_alerts_published_total", "warevents_extraction_duration_seconds_count",
    "warevents_end_to_end_latency_seconds_count", "warevents_consumer_lag",
    "warevents_table_entries", "warevents_worker_ready", "warevents_faust_messages_received_total",
    "warevents_faust_messages_sent_total", "process_resident_memory_bytes",
]


def _get(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _samples(text: str) -> dict[str, float]:
    """Sum every sample of each metric name (labels folded)."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name_labels, value = line.rsplit(" ", 1)
            name = name_labels.split("{", 1)[0]
            out[name] = out.get(name, 0.0) + float(value)
    return out


@pytest.fixture(scope="module")
def ran(broker, tmp_path_factory):
    from conftest import Stack

    stack = Stack(broker, tmp_path_factory.mktemp("ops"))
    stack.create_topics()
    stack.start_worker()
    port = stack.workers[0][1]
    before = _samples(_get(port, "/metrics")[1].decode())
    stack.send_articles(seed_articles())
    stack.produce([b"not json at all"])
    stack.read(["strikes"], until=lambda recs: len(recs) >= 3)
    stack.read(["dlq"], until=lambda recs: len(recs) >= 1)
    time.sleep(6)  # one gauge refresh period
    yield stack, port, before
    stack.stop_all()


def test_health_and_readiness_answer(ran):
    _, port, _ = ran
    assert _get(port, "/healthz")[0] == 200
    status, body = _get(port, "/readyz")
    assert status == 200 and json.loads(body)["ready"] is True
    assert all(json.loads(body)["checks"].values())


def test_metrics_families_are_exported_and_move(ran):
    _, port, before = ran
    status, body = _get(port, "/metrics")
    assert status == 200
    text = body.decode()
    after = _samples(text)
    for family in FAMILIES:
        assert family in after, f"{family} missing from /metrics"
    for family in ("warevents_articles_consumed_total", "warevents_events_published_total",
                   "warevents_extraction_duration_seconds_count",
                   "warevents_end_to_end_latency_seconds_count",
                   "warevents_faust_messages_received_total"):
        assert after[family] > before.get(family, 0.0), f"{family} did not move"
    assert 'warevents_articles_consumed_total{outcome="not_json"} 1.0' in text
    assert after["warevents_worker_ready"] == 1.0
    assert after["warevents_table_entries"] > 0


def test_records_endpoint_lists_owned_records(ran):
    _, port, _ = ran
    status, body = _get(port, "/records")
    assert status == 200
    assert any(r["metric"] == "strike.launched" for r in json.loads(body)["records"])


def test_readyz_is_503_until_the_worker_has_joined(stack):
    proc = stack.start_worker(wait=False)
    port = stack.workers[-1][1]
    seen: list[tuple[int | None, int | None]] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        seen.append((_get_safe(port, "/healthz"), _get_safe(port, "/readyz")))
        if seen[-1][1] == 200:
            break
        time.sleep(0.05)
    answered = [s for s in seen if s[0] is not None]
    assert answered and answered[-1] == (200, 200), stack.logs()[-2000:]
    # Alive but not ready while it joins the group and recovers its tables.
    assert (200, 503) in answered


def test_worker_exits_nonzero_when_the_broker_is_unreachable(tmp_path):
    dead = f"127.0.0.1:{embedded.free_port()}"
    proc = embedded.start_worker(embedded.worker_env(dead, embedded.free_port(),
                                                     SERVICE_DATA_DIR=str(tmp_path / "d")))
    assert proc.wait(60) != 0, "an orchestrator restarts a worker that cannot reach Kafka"


def _get_safe(port: int, path: str) -> int | None:
    try:
        return _get(port, path)[0]
    except OSError:
        return None


def test_real_prometheus_scrapes_the_worker(ran, tmp_path):
    prometheus = shutil.which("prometheus")
    assert prometheus, "the Debian package `prometheus` is required (.ci/run installs it)"
    stack, port, _ = ran
    prom_port = embedded.free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        "scrape_configs:\n"
        "  - job_name: war-events\n"
        f"    static_configs: [{{targets: ['127.0.0.1:{port}']}}]\n")
    proc = subprocess.Popen(
        [prometheus, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{prom_port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        def query(expr: str) -> float | None:
            url = (f"http://127.0.0.1:{prom_port}/api/v1/query?query="
                   + urllib.parse.quote(expr))
            try:
                with urllib.request.urlopen(url, timeout=3) as response:
                    result = json.loads(response.read())["data"]["result"]
            except OSError:
                return None
            return float(result[0]["value"][1]) if result else None

        consumed = published = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (consumed and published):
            consumed = query('sum(warevents_articles_consumed_total{outcome="ok"})')
            published = query("sum(warevents_events_published_total)")
            time.sleep(0.5)
        assert consumed and consumed >= 5, consumed
        assert published and published > 0, published
        assert query('up{job="war-events"}') == 1.0
    finally:
        embedded.stop(proc)
