"""The command line as people use it: extract, send, tail, broker, records."""

from __future__ import annotations

import json
import socket

import pytest
from conftest import SEEDS, run_cli

from service.logs import JsonFormatter


def test_extract_txt_needs_published_at_and_reports_bad_files(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("   ")
    result = run_cli(["extract", str(SEEDS / "001_164d3b0ba2f7e04d.txt"), str(bad),
                      "--published-at", "2024-11-10T12:00:00Z"], {}, check=False)
    assert result.returncode == 1, "a bad file is an error in the exit code"
    assert "empty.txt: empty text" in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(e["article_id"] == "001_164d3b0ba2f7e04d" for e in lines)
    assert all(e["sources"] == [e["article_id"]] and e["mentions"] == 1 for e in lines)


def test_extract_rejects_txt_without_timestamp():
    result = run_cli(["extract", str(SEEDS / "001_164d3b0ba2f7e04d.txt")], {}, check=False)
    assert result.returncode == 1 and "--published-at" in result.stderr


def test_broker_refuses_a_taken_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run_cli(["broker", "--port", str(port)], {}, check=False, timeout=20)
    assert result.returncode == 2
    assert f"port {port}" in result.stderr and "already in use" in result.stderr


@pytest.mark.broker
def test_send_skips_bad_files_and_tail_prints_readably(stack, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"id": "cli-1", "published_at": "2025-02-03T08:00:00Z",
                                "text": "Russia launched 66 drones at Ukraine overnight, and "
                                        "air defences shot down 50, the air force said."}))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = run_cli(["send", str(good), str(broken), str(tmp_path / "missing.json")],
                     stack.env)
    assert "skipped" in result.stderr and "broken.json" in result.stderr
    assert "missing.json" in result.stderr and "sent 1 article" in result.stderr

    stack.start_worker()
    stack.read(["strikes"], until=lambda recs: len(recs) >= 1)
    tail = run_cli(["tail", stack.topic("strikes"), "--idle-timeout", "2"], stack.env)
    assert "strike RU->UA drone" in tail.stdout and "launched=66" in tail.stdout
    raw = run_cli(["tail", stack.topic("strikes"), "--json", "--idle-timeout", "2"], stack.env)
    assert json.loads(raw.stdout.splitlines()[0])["article_id"] == "cli-1"


def test_json_logs_carry_extra_fields():
    import logging

    record = logging.LogRecord("service.worker", logging.WARNING, __file__, 1, "dead letter",
                               None, None)
    record.reason = "not_json"
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "dead letter" and line["reason"] == "not_json"
    assert line["level"] == "warning" and line["ts"].endswith("Z")
