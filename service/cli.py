"""Command line: `python -m service COMMAND` (also installed as `war-events`)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from pathlib import Path

from service.settings import get_settings


def _timestamp(value: str) -> dt.datetime:
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an RFC 3339 timestamp: {value!r}") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the events each file's articles would publish, one JSON object per line."""
    from service.article_files import BadFile, read_articles
    from service.events import event_to_json
    from service.extract import extract

    limit = get_settings().service_max_article_bytes
    failed = 0
    out = sys.stdout
    for name in args.files:
        try:
            for article in read_articles(Path(name), published_at=args.published_at,
                                         max_bytes=limit):
                for event in extract(article.text, article.published_at, article.article_id):
                    out.write(json.dumps(event_to_json(event), ensure_ascii=False) + "\n")
        except BadFile as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def cmd_broker(args: argparse.Namespace) -> int:
    """Run the embedded broker in the foreground until interrupted."""
    import subprocess

    from service.embedded import EmbeddedBrokerError, broker_command, port_in_use

    try:
        if port_in_use(args.port):
            raise EmbeddedBrokerError(f"port {args.port} on 127.0.0.1 is already in use; "
                                      "choose another with --port")
        command = broker_command(args.port)
    except EmbeddedBrokerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"embedded broker on 127.0.0.1:{args.port} (in memory; Ctrl-C stops it)",
          file=sys.stderr)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


def cmd_topics(args: argparse.Namespace) -> int:
    """`topics create` on the broker, or `topics schemas` to (re)generate the documents."""
    if args.action == "schemas":
        return _write_schemas(args.check)
    from service.kafka_config import aiokafka_config
    from service.topics import create_topics

    settings = get_settings()
    try:
        results = asyncio.run(create_topics(settings, aiokafka_config(settings)))
    except Exception as exc:  # noqa: BLE001 - report any broker failure plainly
        print(f"error: cannot create topics on {settings.kafka_bootstrap_servers}: {exc}",
              file=sys.stderr)
        return 1
    for name, status in results:
        print(f"{status:8} {name}")
    return 0


def _write_schemas(check: bool) -> int:
    from importlib import resources

    from service.topics import generated_files

    root = Path(str(resources.files("topics")))
    stale = []
    for rel, content in generated_files().items():
        path = root / rel
        if path.exists() and path.read_text() == content:
            continue
        stale.append(rel)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
    if check and stale:
        print("out of date (run `python -m service topics schemas`): " + ", ".join(stale),
              file=sys.stderr)
        return 1
    print(("stale: " if check else "written: ") + (", ".join(stale) or "nothing"))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the worker until SIGTERM/SIGINT."""
    from faust.worker import Worker

    from service.app import create_app
    from service.logs import configure_logging

    settings = get_settings()
    app = create_app(settings)
    worker = Worker(app, loglevel=settings.service_log_level, logfile=None)
    # Faust installs its own handler; ours replaces it so every line is structured.
    worker.on_setup_root_logger = lambda *a, **k: configure_logging(settings.service_log_level)
    worker.execute_from_commandline()
    return 0


class _Progress:
    """A minimal progress bar on stderr (silent when stderr is not a terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.tty = total, 0, sys.stderr.isatty()

    def step(self) -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                             f"{self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def cmd_send(args: argparse.Namespace) -> int:
    """Publish articles from files to the `articles` topic."""
    from service.article_files import BadFile, read_articles

    settings = get_settings()
    articles, bad = [], 0
    for name in args.files:
        try:
            articles.extend(read_articles(Path(name), published_at=args.published_at,
                                          max_bytes=settings.service_max_article_bytes))
        except BadFile as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            bad += 1
    if articles:
        from service.publish import publish_articles

        progress = _Progress(len(articles))
        try:
            asyncio.run(publish_articles(settings, articles, on_sent=progress.step))
        finally:
            progress.close()
    print(f"sent {len(articles)} article(s) to {settings.topic_articles}"
          + (f"; skipped {bad} bad file(s)" if bad else ""), file=sys.stderr)
    return 1 if bad and not articles else 0


def cmd_tail(args: argparse.Namespace) -> int:
    """Print what is on output topics, readably (or as JSON with --json)."""
    from service.render import render
    from service.topic_reader import read_topics

    settings = get_settings()
    for topic, _key, value in read_topics(settings, args.topics, idle_timeout=args.idle_timeout,
                                          follow=args.follow):
        if args.json:
            print(value.decode(errors="replace"), flush=True)
            continue
        try:
            print(f"{topic:20} {render(topic, json.loads(value))}", flush=True)
        except (ValueError, KeyError, TypeError):
            print(f"{topic:20} {value[:200]!r}", flush=True)
    return 0


def cmd_records(args: argparse.Namespace) -> int:
    """Print the current record table, read from the records changelog."""
    from service.records import RecordState, describe
    from service.topic_reader import read_topics

    settings = get_settings()
    changelog = f"{settings.service_app_id}-records-changelog"
    latest: dict[bytes, bytes | None] = {}
    for _topic, key, value in read_topics(settings, [changelog], idle_timeout=args.idle_timeout):
        latest[key] = value
    states = [RecordState.model_validate(json.loads(v)["state"]) for v in latest.values() if v]
    if not states:
        print("no records yet", file=sys.stderr)
    for state in sorted(states, key=lambda s: s.key):
        print(describe(state))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="war-events", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("broker", help="run the embedded dev broker (Tansu) on loopback")
    p.add_argument("--port", type=int, default=9092)
    p.set_defaults(func=cmd_broker)

    p = sub.add_parser("topics", help="create topics, or regenerate their schemas")
    p.add_argument("action", choices=["create", "schemas"])
    p.add_argument("--check", action="store_true", help="with schemas: fail if out of date")
    p.set_defaults(func=cmd_topics)

    p = sub.add_parser("worker", help="run the stream-processing worker")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("send", help="publish articles (.txt, .json, .jsonl) to `articles`")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--published-at", type=_timestamp, help="publication time for .txt files")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("extract", help="offline extraction, no broker: events as JSON lines")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--published-at", type=_timestamp, help="publication time for .txt files")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("tail", help="print what is on output topics")
    p.add_argument("topics", nargs="+", metavar="TOPIC")
    p.add_argument("--json", action="store_true", help="raw JSON payloads")
    p.add_argument("--follow", "-f", action="store_true", help="keep waiting for new records")
    p.add_argument("--idle-timeout", type=float, default=2.0,
                   help="without --follow: stop after this many quiet seconds at the end")
    p.set_defaults(func=cmd_tail)

    p = sub.add_parser("records", help="print the current record table")
    p.add_argument("--idle-timeout", type=float, default=2.0)
    p.set_defaults(func=cmd_records)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    return args.func(args)
