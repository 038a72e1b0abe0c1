"""HTTP routes on the worker's web port: /healthz, /readyz, /metrics, /records."""

from __future__ import annotations

from typing import Any

import faust
from prometheus_client import CONTENT_TYPE_LATEST

from service.metrics import Metrics


def readiness(app: faust.App) -> dict[str, bool]:
    """Each readiness condition: joined and assigned, tables recovered, producer up."""
    producer = app.producer
    return {
        "joined_group": not app.rebalancing and app.consumer_generation_id is not None,
        "tables_recovered": app.tables.recovery.completed.is_set(),
        "producer_up": producer.started and not producer.crashed,
    }


def install_health_routes(app: faust.App, metrics: Metrics, records: Any) -> None:
    """Register the operator endpoints on the app's web server."""

    @app.page("/healthz")
    async def healthz(web: faust.web.View, request: faust.web.Request) -> faust.web.Response:
        """Alive: the process and its event loop answer."""
        return web.json({"status": "alive"})

    @app.page("/readyz")
    async def readyz(web: faust.web.View, request: faust.web.Request) -> faust.web.Response:
        """Ready: 200 when every condition holds, else 503 with the failing ones."""
        checks = readiness(app)
        ok = all(checks.values())
        metrics.ready.set(1 if ok else 0)
        return web.json({"ready": ok, "checks": checks}, status=200 if ok else 503)

    @app.page("/metrics")
    async def prometheus(web: faust.web.View, request: faust.web.Request) -> faust.web.Response:
        """Prometheus text exposition."""
        metrics.ready.set(1 if all(readiness(app).values()) else 0)
        return web.bytes(metrics.exposition(), content_type=CONTENT_TYPE_LATEST.split(";")[0])

    @app.page("/records")
    async def record_table(web: faust.web.View, request: faust.web.Request) -> faust.web.Response:
        """The record table entries this worker owns, as JSON."""
        return web.json({"records": [entry["state"] for _, entry in sorted(records.items())]})
