"""`python -m bot` runs the bot; `python -m bot load FILE` loads a community file."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.app import Services
from bot.config import ConfigError, RunMode, Settings, load_settings
from storage.community import CommunityFileError, read_community_file

log = logging.getLogger("bot")


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Hromada bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default)")
    load = commands.add_parser("load", help="validate and load a community YAML file")
    load.add_argument("file", help="path to the community file")
    load.add_argument("--check", action="store_true", help="only validate, change nothing")
    return parser.parse_args(argv)


def _configure_logging(settings: Settings, *, quiet: bool) -> None:
    level = logging.WARNING if quiet else getattr(logging, settings.log_level.upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


async def _load(settings: Settings, path: str, check_only: bool) -> int:
    try:
        community = read_community_file(path)
    except CommunityFileError as error:
        print(error, file=sys.stderr)
        return 1
    if check_only:
        print(f"{path}: valid ({len(community.settlements)} settlements)")
        return 0
    services = await Services.open(settings)
    try:
        await services.community.load(community)
    finally:
        await services.close()
    print(f"{path}: loaded into {settings.database.path}")
    return 0


async def _run(settings: Settings) -> int:
    services = await Services.open(settings)
    try:
        await services.load_demo_if_empty()
        if settings.telegram.token is None:
            from bot.channels.demo import run_demo

            print("Mode: offline demo in this terminal (no TELEGRAM__TOKEN in .env)", flush=True)
            await run_demo(services, sys.stdin, sys.stdout)
            return 0
        from bot.channels.polling import run_polling, telegram_bot
        from bot.channels.webhook import run_webhook

        bot = telegram_bot(settings)
        if settings.telegram.mode is RunMode.WEBHOOK:
            print(
                f"Mode: Telegram webhook on {settings.webhook.host}:{settings.webhook.port}",
                flush=True,
            )
            await run_webhook(services, bot)
        else:
            print("Mode: Telegram long polling", flush=True)
            await run_polling(services, bot)
        return 0
    finally:
        await services.close()


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    demo = args.command in (None, "run") and settings.telegram.token is None
    _configure_logging(settings, quiet=demo)
    try:
        if args.command == "load":
            return asyncio.run(_load(settings, args.file, args.check))
        return asyncio.run(_run(settings))
    except CommunityFileError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
