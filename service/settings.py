"""All configuration, read once from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Service settings; every field can be set as an environment variable."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Security passes straight through to aiokafka for production brokers.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = Field(default=None, repr=False)
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = None
    kafka_ssl_keyfile: str | None = None
    # How long a fetch may wait for data; Apache Kafka answers early when data arrives.
    kafka_fetch_max_wait_ms: int = 500
    # A few ms of linger batches each agent's many small sends into fewer produce
    # requests; nothing is committed before the producer is flushed, so none is lost.
    kafka_producer_linger_ms: float = 5.0

    service_app_id: str = "war-events"
    # Static group membership (KIP-345): a restarted worker with the same id takes its
    # partitions back at once instead of waiting out the session timeout, which avoids a
    # second rebalance while it replays. Use a stable name per worker (pod name, hostname).
    service_instance_id: str | None = None
    service_web_port: int = 6066
    service_web_host: str = "127.0.0.1"
    service_data_dir: str = ".faust-data"
    service_max_article_bytes: int = 1024 * 1024
    # Faust's default waits ~30 s for group joins; dev brokers want less.
    service_rebalance_timeout_s: float = 60.0
    service_records_baseline: str | None = None
    service_log_level: str = "INFO"
    # An agent idle this long while its partition's position is past what it processed
    # is stalled; the worker re-reads from the last processed offset.
    service_stall_timeout_s: float = 30.0
    # Articles are taken in batches of up to this many, waiting at most this long for a
    # batch to fill: their work slices then travel as one message per owning partition.
    service_batch_max: int = Field(default=200, ge=1)
    service_batch_wait_ms: float = Field(default=10.0, gt=0)
    # Child processes that extract (CPU-bound) beside the event loop; 0 extracts inline.
    service_extract_processes: int = Field(default=0, ge=0)
    # Partitions of the internal repartition topics and table changelogs.
    internal_partitions: int = 4
    # 1 for a single dev broker; 3 on a production cluster.
    topic_replication_factor: int = 1

    topic_articles: str = "articles"
    topic_dlq: str = "articles.dlq"
    topic_strikes: str = "events.strikes"
    topic_casualties: str = "events.casualties"
    topic_territory: str = "events.territory"
    topic_deployments: str = "events.deployments"
    topic_diplomacy: str = "events.diplomacy"
    topic_alerts: str = "alerts"

    def event_topics(self) -> dict[str, str]:
        """Event type -> output topic name."""
        return {
            "strike": self.topic_strikes,
            "casualty": self.topic_casualties,
            "territory": self.topic_territory,
            "deployment": self.topic_deployments,
            "diplomacy": self.topic_diplomacy,
        }


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
