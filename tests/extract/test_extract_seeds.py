"""The seed articles, scored with the project's scorer: F1 >= 0.95, records and dates right."""

import importlib.util
import json
import pathlib

import pytest

from service.events import event_to_json
from service.extract import extract

SEEDS = pathlib.Path("/work/shared/seeds")
SCORER = pathlib.Path("/work/shared/tools/score.py")

pytestmark = pytest.mark.skipif(not (SEEDS.exists() and SCORER.exists()), reason="no seed set")


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_f1_records_and_dates():
    import datetime as dt

    score = _scorer()
    arts, gold = score.load_set(SEEDS)
    events = []
    for a in arts:
        stamp = dt.datetime.fromisoformat(a["published_at"].replace("Z", "+00:00"))
        events += [
            json.loads(json.dumps(event_to_json(e), default=str))
            for e in extract(a["text"], stamp, a["id"])
        ]
    res = score.score(arts, gold, events)
    assert res["f1"] >= 0.95, res
    hit, total = map(int, res["record_recall"].split("/"))
    assert hit == total
    ok, n = map(int, res["date_accuracy"].split("/"))
    assert ok == n
