"""Declarative topic definitions (`topics.toml`) and the payload JSON Schemas."""
