"""Shared steps for the announcement tests: residents in settlements, a broadcaster, the
news job run the way the scheduler runs it (with the bot, so the progress card moves)."""

from __future__ import annotations

from typing import Any

from bot.scheduler import run_job
from storage.audit import Actor
from storage.news.broadcasts import BroadcastService, key_range
from storage.roles import Role
from tests.harness import BotEnv, Chat
from tests.petition_steps import onboard, resident_id


async def resident(
    env: BotEnv, user_id: int, settlement: str = "Калинівка", language: str = "Українська"
) -> Chat:
    chat = env.resident(user_id, language_code="uk" if language == "Українська" else "en")
    await onboard(chat, settlement=settlement, language=language)
    return chat


async def broadcaster(env: BotEnv, user_id: int = 800) -> Chat:
    chat = await resident(env, user_id, settlement="Озерне")
    number = await resident_id(env, chat)
    await env.services.roles.grant(number, Role.BROADCASTER, "", Actor.system("test"))
    return chat


def service(env: BotEnv) -> BroadcastService:
    return env.services.find(BroadcastService)


async def tick(env: BotEnv) -> int:
    """One run of the news job, as the scheduler runs it."""
    job = next(j for j in env.services.flows.jobs if j.name == "news")
    return int(await run_job(job, {**env.services.named(), "bot": env.bot}))


async def compose(official: Chat, text: str, *settlements: str) -> None:
    await official.send("/broadcast")
    await official.click("✏️ Текст")
    await official.send(text)
    if settlements:
        await official.click("👥")
        for name in settlements:
            await official.click(name)
        await official.click("Готово")


def progress_card(chat: Chat) -> dict[str, Any]:
    """The newest progress card in the official's chat (announcements may arrive after it)."""
    cards = [m for m in chat.bot_messages() if "Розсилка №" in str(m.get("text", ""))]
    assert cards, "no progress card"
    return cards[-1]


def got(chat: Chat, fragment: str) -> int:
    """How many messages of the bot in the chat contain `fragment` (text or caption)."""
    return sum(fragment in text for text in chat.texts())


async def outbox_states(env: BotEnv, broadcast_id: int) -> dict[str, int]:
    low, high = key_range(broadcast_id)
    rows = await env.services.db.fetchall(
        "SELECT state, COUNT(*) AS n FROM outbox WHERE dedup_key >= ? AND dedup_key < ? "
        "GROUP BY state",
        (low, high),
    )
    return {r["state"]: int(r["n"]) for r in rows}
