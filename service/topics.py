"""Topic definitions from `topics/topics.toml`, their creation, and generated schemas."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from pydantic import BaseModel

from service import events
from service.articles import Article
from service.settings import Settings

_MODELS: dict[str, type[BaseModel]] = {
    "Article": Article,
    "Alert": events.Alert,
    **{model.__name__: model for model in events.EVENT_MODELS.values()},
}


@dataclass(frozen=True)
class TopicDef:
    """One declared topic, its name resolved against the settings."""

    name: str
    setting: str
    description: str
    partitions: int
    cleanup_policy: str
    key: str
    role: str
    schema: str | None = None
    retention_ms: int | None = None
    max_message_bytes: int | None = None

    def configs(self) -> dict[str, str]:
        """Kafka topic configs."""
        out = {"cleanup.policy": self.cleanup_policy}
        if self.retention_ms is not None:
            out["retention.ms"] = str(self.retention_ms)
        if self.max_message_bytes is not None:
            out["max.message.bytes"] = str(self.max_message_bytes)
        return out


def load_definitions(settings: Settings | None = None) -> list[TopicDef]:
    """Every public topic, renamed as the settings say (declared names without settings)."""
    raw = tomllib.loads(resources.files("topics").joinpath("topics.toml").read_text())
    defs = [TopicDef(**entry) for entry in raw["topic"]]
    if settings is None:
        return defs
    return [replace(d, name=getattr(settings, d.setting)) for d in defs]


def payload_schema(model_name: str) -> dict[str, Any]:
    """The JSON Schema of one payload model."""
    schema = _MODELS[model_name].model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{model_name}.json"
    return schema


def generated_files() -> dict[str, str]:
    """Relative path under topics/ -> content, for every generated schema document."""
    from service.asyncapi import asyncapi_document

    defs = load_definitions()
    files = {
        f"schemas/{name}.json": json.dumps(payload_schema(name), indent=2, sort_keys=True) + "\n"
        for name in sorted({d.schema for d in defs if d.schema})
    }
    files["asyncapi.yaml"] = asyncapi_document(defs, payload_schema)
    return files


async def create_topics(settings: Settings, admin_config: dict[str, Any]) -> list[tuple[str, str]]:
    """Create every missing topic; return (name, 'created' | 'exists') per topic."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    admin = AIOKafkaAdminClient(**admin_config)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        results = []
        for d in load_definitions(settings):
            if d.name in existing:
                results.append((d.name, "exists"))
                continue
            topic = NewTopic(d.name, d.partitions, settings.topic_replication_factor, None,
                             d.configs())
            try:
                response = await admin.create_topics([topic])
                _raise_topic_errors(response)
                results.append((d.name, "created"))
            except TopicAlreadyExistsError:  # another process won the race: still idempotent
                results.append((d.name, "exists"))
        return results
    finally:
        await admin.close()


def _raise_topic_errors(response: Any) -> None:
    from aiokafka.errors import TopicAlreadyExistsError, for_code

    for entry in getattr(response, "topic_errors", []):
        code = entry[1]
        if code == TopicAlreadyExistsError.errno:
            raise TopicAlreadyExistsError(entry[0])
        if code:
            raise for_code(code)(f"creating topic {entry[0]}: {entry[2] if len(entry) > 2 else ''}")
