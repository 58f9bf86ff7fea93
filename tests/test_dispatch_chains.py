"""The Dispatcher's short way to the flows (bot/dispatcher.py, ui/chains.py) behaves as
aiogram's: middlewares added at any time run, handlers get what they name, filters hold."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.types import Message, TelegramObject, Update

from bench.hotpath import RecordingSession, text_update
from bot.app import create_bot
from bot.dispatcher import BotDispatcher
from tests.harness import TEST_TOKEN
from ui.chains import Next
from ui.route_index import Reach

ANY_MESSAGE = Reach(frozenset({"message"}), None, None, None)


class Mark(BaseMiddleware):
    def __init__(self, seen: list[str], name: str) -> None:
        self._seen, self._name = seen, name

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        self._seen.append(self._name)
        data[self._name] = True
        return await handler(event, data)


def setup(seen: list[str]) -> tuple[BotDispatcher, Router, Bot]:
    dp = BotDispatcher(town="Ірпінь")
    router = Router()

    @router.message()
    async def echo(message: Message, town: str, event_update: Update, **rest: Any) -> str:
        seen.append(f"{town}:{event_update.update_id}:{'outer2' in rest}:{'inner' in rest}")
        return message.text or ""

    dp.include_indexed(router, ANY_MESSAGE)
    return dp, router, create_bot(TEST_TOKEN, RecordingSession())


def mounted(update: Update, bot: Bot) -> Update:
    return Update.model_validate(update.model_dump(), context={"bot": bot})


async def test_middlewares_added_after_the_first_update_run_on_the_next() -> None:
    seen: list[str] = []
    dp, router, bot = setup(seen)
    dp.update.outer_middleware(Mark(seen, "outer1"))
    assert await dp.feed_update(bot, mounted(text_update(1, 7, "привіт"), bot)) == "привіт"
    dp.update.outer_middleware(Mark(seen, "outer2"))
    router.message.middleware(Mark(seen, "inner"))
    assert await dp.feed_update(bot, mounted(text_update(2, 7, "ще"), bot)) == "ще"
    assert seen == [
        "outer1",
        "Ірпінь:1:False:False",
        "outer1",
        "outer2",
        "inner",
        "Ірпінь:2:True:True",
    ]


async def test_an_unbound_update_and_an_inner_update_middleware_go_aiograms_way() -> None:
    seen: list[str] = []
    dp, _router, bot = setup(seen)
    assert await dp.feed_update(bot, text_update(3, 7, "без бота")) == "без бота"
    dp.update.middleware(Mark(seen, "around-listener"))
    assert dp._routes_updates_plainly() is False
    assert await dp.feed_update(bot, mounted(text_update(4, 7, "далі"), bot)) == "далі"
    assert seen == ["Ірпінь:3:False:False", "around-listener", "Ірпінь:4:False:False"]
