"""The hot path: updates per second through the whole bot next to a bare aiogram Dispatcher.

Both run in this process, in the same run, on the same recording session (no network) and
the same updates: onboarded residents open the menu, press block and back buttons, open
their data, and type. The bare Dispatcher has one echo handler per update type. The figure
that matters is the ratio: full stack / bare aiogram (goal: at least 0.5).

    python -m bench.hotpath [--residents 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import tempfile
import time
from collections.abc import AsyncGenerator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.base import BaseSession
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bench.common import RESULTS_DIR, machine
from bot.app import Services, create_bot, create_dispatcher
from bot.config import Settings
from tests.harness import DEMO_FILE, TEST_TOKEN

RESULTS = RESULTS_DIR / "hotpath.json"
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


class RecordingSession(BaseSession):
    """Answers every Bot API call at once with a plausible result and counts the calls."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self._ids = itertools.count(1)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.calls += 1
        if isinstance(method, AnswerCallbackQuery) or not hasattr(method, "chat_id"):
            return cast(TelegramType, True)
        chat_id = int(getattr(method, "chat_id", 0) or 0)
        message = Message(
            message_id=next(self._ids),
            date=NOW,
            chat=Chat(id=chat_id, type="private"),
            text=str(getattr(method, "text", "") or ""),
        )
        return cast(TelegramType, message.as_(bot))

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        """Nothing to release."""


def user(uid: int) -> User:
    return User(id=uid, is_bot=False, first_name="Олена", language_code="uk")


def text_update(update_id: int, uid: int, text: str) -> Update:
    entities = []
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    message = Message.model_validate(
        {
            "message_id": update_id,
            "date": NOW,
            "chat": {"id": uid, "type": "private"},
            "from": user(uid),
            "text": text,
            "entities": entities,
        }
    )
    return Update(update_id=update_id, message=message)


def button_update(update_id: int, uid: int, data: str) -> Update:
    shown = Message(
        message_id=1,
        date=NOW,
        chat=Chat(id=uid, type="private"),
        from_user=User(id=42, is_bot=True, first_name="Бот"),
        text="Меню",
    )
    query = CallbackQuery(
        id=str(update_id), from_user=user(uid), chat_instance=str(uid), message=shown, data=data
    )
    return Update(update_id=update_id, callback_query=query)


# What an onboarded resident does most: the menu, its blocks, back, their data, typing.
SCRIPT: tuple[tuple[str, str], ...] = (
    ("text", "/menu"),
    ("button", "mnu1:services"),
    ("button", "mnu1:root"),
    ("button", "mnu1:power"),
    ("button", "mnu1:contacts"),
    ("text", "Коли прийом у старости?"),
    ("button", "mnu1:community"),
    ("button", "mnu1:district"),
    ("text", "🏠 Меню"),
    ("button", "mnu1:mydata"),
)


def updates_for(residents: list[int], first_id: int) -> list[Update]:
    ids = itertools.count(first_id)
    made = []
    for kind, value in SCRIPT:
        for uid in residents:
            make = text_update if kind == "text" else button_update
            made.append(make(next(ids), uid, value))
    return made


def bare_dispatcher() -> Dispatcher:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(query.data or "…")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def onboard(dp: Dispatcher, bot: Bot, residents: list[int]) -> None:
    ids = itertools.count(10_000_000)
    for uid in residents:
        await dp.feed_update(bot, text_update(next(ids), uid, "/start"))
        await dp.feed_update(bot, button_update(next(ids), uid, "cns1:1"))
        await dp.feed_update(bot, button_update(next(ids), uid, "lng1:uk"))
        await dp.feed_update(bot, button_update(next(ids), uid, "stl1:2"))


def mounted(updates: list[Update], bot: Bot) -> list[Update]:
    """Updates as polling makes them: parsed with the bot in context, so neither Dispatcher
    pays aiogram's re-mount (a JSON round trip) inside the timed loop."""
    return [Update.model_validate(u.model_dump(), context={"bot": bot}) for u in updates]


async def rate(dp: Dispatcher, bot: Bot, updates: list[Update]) -> float:
    started = time.perf_counter()
    for update in updates:
        await dp.feed_update(bot, update)
    return len(updates) / (time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class Report:
    residents: int
    updates_per_round: int
    full_updates_per_second: float
    bare_updates_per_second: float
    ratio: float
    bot_api_calls_per_update: float
    machine: str


async def run(residents: int, rounds: int) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,
            database={"path": Path(folder) / "bench.sqlite3"},
            community={"file": DEMO_FILE},
            flood={"burst": 1_000_000, "interval": 0.000001},
        )
        services = await Services.open(settings, clock=lambda: NOW)
        try:
            await services.load_demo_if_empty()
            full = create_dispatcher(services)
            bare = bare_dispatcher()
            session = RecordingSession()
            bot = create_bot(TEST_TOKEN, session)
            people = list(range(5001, 5001 + residents))
            await onboard(full, bot, people)
            await services.warm_up()  # as the running bot does once it has started
            full_rates, bare_rates = [], []
            full_calls = 0
            next_id = 1
            for _ in range(rounds):
                updates = updates_for(people, next_id)
                next_id += len(updates)
                before = session.calls
                full_rates.append(await rate(full, bot, mounted(updates, bot)))
                full_calls += session.calls - before
                bare_rates.append(await rate(bare, bot, mounted(updates, bot)))
        finally:
            await services.close()
    full_rate, bare_rate = statistics.median(full_rates), statistics.median(bare_rates)
    per_round = len(SCRIPT) * residents
    return Report(
        residents=residents,
        updates_per_round=per_round,
        full_updates_per_second=round(full_rate),
        bare_updates_per_second=round(bare_rate),
        ratio=round(full_rate / bare_rate, 3),
        bot_api_calls_per_update=round(full_calls / (rounds * per_round), 2),
        machine=machine(),
    )


def describe(report: Report) -> str:
    return "\n".join(
        [
            f"Hot path: {report.residents} onboarded residents, {report.updates_per_round} "
            "updates a round (menu, buttons, typing), median of rounds",
            f"  full stack      {report.full_updates_per_second:>8} updates/s",
            f"  bare aiogram    {report.bare_updates_per_second:>8} updates/s",
            f"  ratio           {report.ratio:>8}   (goal: at least 0.5)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hotpath")
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    report = asyncio.run(run(args.residents, args.rounds))
    print(describe(report))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return 0 if report.ratio >= 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
