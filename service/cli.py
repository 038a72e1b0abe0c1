"""Command line: `python -m service COMMAND` (also installed as `war-events`)."""

from __future__ import annotations

import argparse
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
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


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
            for article in read_articles(Path(name), published_at=args.published_at, max_bytes=limit):
                for event in extract(article.text, article.published_at, article.article_id):
                    out.write(json.dumps(event_to_json(event), ensure_ascii=False) + "\n")
        except BadFile as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="war-events", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="offline extraction, no broker: events as JSON lines")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--published-at", type=_timestamp, help="publication time for .txt files")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    return args.func(args)
