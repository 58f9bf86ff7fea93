"""`python -m bot` runs the bot; `python -m bot load FILE` loads a community file."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys

from aiogram import Bot

from bot.app import Services
from bot.config import ConfigError, RunMode, Settings, load_settings
from bot.demo_roles import DEMO_ROLES
from bot.loading import LoadOptions, run_load
from storage.community import CommunityFileError

log = logging.getLogger("bot")


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Hromada bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default)")
    demo = commands.add_parser("demo", help="the offline demo chat in this terminal")
    demo.add_argument("--viber", action="store_true", help="show the bot as Viber shows it")
    demo.add_argument(
        "--as",
        dest="role",
        choices=DEMO_ROLES,
        default="resident",
        help="try the bot as a resident, a ЦНАП operator or an administrator",
    )
    load = commands.add_parser("load", help="validate and load a community YAML file")
    load.add_argument("file", help="path to the community file")
    load.add_argument(
        "--check", action="store_true", help="validate and show what would change; change nothing"
    )
    load.add_argument(
        "--yes",
        action="store_true",
        help="cancel booked visits the file leaves no time for without asking (residents are told)",
    )
    return parser.parse_args(argv)


def _configure_logging(settings: Settings, *, quiet: bool) -> None:
    level = logging.WARNING if quiet else getattr(logging, settings.log_level.upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


async def _run(
    settings: Settings, *, demo: bool = False, viber_demo: bool = False, role: str = "resident"
) -> int:
    services = await Services.open(settings)
    try:
        await services.load_demo_if_empty()
        viber = settings.viber.token is not None
        if demo or (settings.telegram.token is None and not viber):
            from bot.channels.demo import run_demo

            why = (
                " as Viber shows it"
                if viber_demo
                else ""
                if demo
                else " (no TELEGRAM__TOKEN in .env)"
            )
            print(f"Mode: offline demo in this terminal{why}", flush=True)
            await run_demo(services, sys.stdin, sys.stdout, viber=viber_demo, role=role)
            return 0
        await _serve(services, viber)
        return 0
    finally:
        await services.close()


async def _serve(services: Services, viber: bool) -> None:
    settings = services.settings
    where = f"{settings.webhook.host}:{settings.webhook.port}"
    if settings.telegram.token is None:
        print(f"Mode: Viber only, webhook on {where}", flush=True)
        await _serve_viber_only(services)
        return
    from bot.channels.polling import telegram_bot

    bot = telegram_bot(settings)
    if settings.telegram.mode is RunMode.WEBHOOK:
        print(f"Mode: Telegram webhook on {where}" + (" with Viber" if viber else ""), flush=True)
        await _serve_webhook(services, bot, viber)
        return
    print(
        "Mode: Telegram long polling" + (f", Viber webhook on {where}" if viber else ""), flush=True
    )
    await _serve_polling(services, bot, viber)


# Each mode imports only what it runs: the web server and the Viber channel cost start-up
# time that long polling alone does not need.


async def _serve_viber_only(services: Services) -> None:
    from bot.channels.viber.webhook import build_viber_app
    from bot.channels.webhook import serve

    await serve(services, build_viber_app(services))


async def _serve_webhook(services: Services, bot: Bot, viber: bool) -> None:
    from bot.channels.webhook import run_webhook

    mounts = []
    if viber:
        from bot.channels.viber.webhook import viber_mount

        mounts.append(viber_mount(services, telegram=bot))
    await run_webhook(services, bot, mounts=mounts)


async def _serve_polling(services: Services, bot: Bot, viber: bool) -> None:
    from bot.channels.polling import run_polling

    if not viber:
        await run_polling(services, bot)
        return
    from bot.channels.viber.webhook import VIBER_CHANNEL, build_viber_app
    from bot.channels.webhook import serve

    # Viber always calls us: its server runs beside polling and stops with it. Polling runs
    # the background jobs: the one outbox sender sends through Telegram and Viber.
    viber_app = build_viber_app(services, background=False, telegram=bot)
    viber_server = asyncio.create_task(serve(services, viber_app, False))
    try:
        await run_polling(services, bot, transports=[viber_app[VIBER_CHANNEL].transport()])
    finally:
        viber_server.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await viber_server


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    no_token = settings.telegram.token is None and settings.viber.token is None
    demo = args.command == "demo" or (args.command in (None, "run") and no_token)
    # The demo and `load` talk to a person at a terminal: only warnings besides their own lines.
    _configure_logging(settings, quiet=demo or args.command == "load")
    try:
        if args.command == "load":
            options = LoadOptions(args.file, check_only=args.check, assume_yes=args.yes)
            return asyncio.run(
                run_load(settings, options, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)
            )
        is_demo = args.command == "demo"
        role = args.role if is_demo else "resident"
        viber_demo = is_demo and args.viber
        if viber_demo and role != "resident":
            print("--as works in the Telegram demo (without --viber)", file=sys.stderr)
            return 2
        return asyncio.run(_run(settings, demo=is_demo, viber_demo=viber_demo, role=role))
    except CommunityFileError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
