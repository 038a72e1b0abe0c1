"""Topic definitions, generated JSON Schemas and AsyncAPI: checked in and never drifting."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from service.events import EVENT_MODELS
from service.settings import Settings
from service.topics import generated_files, load_definitions

TOPICS = Path(__file__).resolve().parent.parent / "topics"


def test_checked_in_schemas_match_the_models():
    for rel, content in generated_files().items():
        path = TOPICS / rel
        assert path.exists(), f"{rel} missing: run `python -m service topics schemas`"
        assert path.read_text() == content, f"{rel} drifted: run `python -m service topics schemas`"


def test_every_output_topic_has_a_schema_and_the_contract_names():
    defs = {d.name: d for d in load_definitions()}
    assert set(defs) == {"articles", "articles.dlq", "events.strikes", "events.casualties",
                         "events.territory", "events.deployments", "events.diplomacy", "alerts"}
    for d in defs.values():
        if d.role == "output":
            assert (TOPICS / "schemas" / f"{d.schema}.json").exists()
            assert d.cleanup_policy == "compact", "outputs keyed by id keep the latest version"


def test_definitions_follow_renamed_topics():
    renamed = load_definitions(Settings(topic_alerts="prod.alerts"))
    assert "prod.alerts" in {d.name for d in renamed}


def test_schemas_validate_real_payloads_and_reject_bad_ones():
    import datetime as dt

    from service.extract import extract

    text = ("Russia launched 90 drones at Ukraine overnight, and air defences shot down 70 "
            "of them, the air force said on Monday.")
    events = extract(text, dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC), "s1")
    assert events
    for event in events:
        schema = json.loads((TOPICS / "schemas" / f"{type(event).__name__}.json").read_text())
        payload = event.model_dump(mode="json")
        jsonschema.validate(payload, schema)
        broken = {**payload, "qualifier": "roughly"}
        try:
            jsonschema.validate(broken, schema)
        except jsonschema.ValidationError:
            pass
        else:
            raise AssertionError("schema accepted an unknown qualifier")
    assert set(EVENT_MODELS) == {"strike", "casualty", "territory", "deployment", "diplomacy"}


def test_asyncapi_describes_every_channel_and_references_schemas():
    doc = yaml.safe_load((TOPICS / "asyncapi.yaml").read_text())
    assert doc["asyncapi"].startswith("3.")
    addresses = {c["address"] for c in doc["channels"].values()}
    assert addresses == {d.name for d in load_definitions()}
    for message in doc["components"]["messages"].values():
        ref = message["payload"].get("$ref")
        if ref:
            assert (TOPICS / ref).exists(), ref
    assert len(doc["operations"]) == len(doc["channels"])
