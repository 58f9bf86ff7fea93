"""The FAQ as residents and officials reach it, for the FAQ flow tests."""

from __future__ import annotations

from typing import Any

from storage.community import CommunityFile, CommunityRepository
from storage.database import Database
from tests.harness import BotEnv, Chat
from tests.queue.world import demo_raw

COUNCIL_PHONE = "+380 4563 2-14-50"
CNAP_PHONE = "+380 4563 2-15-15"
NOT_FOUND = "Не знайшов відповіді на це питання"
HELPFUL = "Чи допомогла відповідь?"
ID_CARD = "Як оформити або обміняти паспорт у формі ID-картки?"
SUBSIDY = "Як оформити субсидію на оплату житлово-комунальних послуг?"


async def open_faq(chat: Chat) -> list[str]:
    await chat.click("🏠")
    await chat.click("📋")
    return await chat.click("Часті питання")


def entry_raw(raw: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in raw["faq"]["entries"] if e["code"] == code)
    return found


async def load_elsewhere(env: BotEnv, raw: dict[str, Any]) -> None:
    """`python -m bot load` in another process: its own connection to the bot's database."""
    other = await Database.open(env.settings.database.path)
    try:
        await CommunityRepository(other).load(CommunityFile.model_validate(raw))
    finally:
        await other.close()


def changed_answer(code: str, answer: str) -> dict[str, Any]:
    raw = demo_raw()
    entry_raw(raw, code)["answer"] = {"uk": answer}
    return raw


async def feedback_rows(env: BotEnv) -> list[tuple[str, int]]:
    rows = await env.services.db.fetchall(
        "SELECT entry_code, helpful FROM faq_feedback ORDER BY entry_code"
    )
    return [(r["entry_code"], r["helpful"]) for r in rows]


async def miss_rows(env: BotEnv) -> list[tuple[str, int]]:
    rows = await env.services.db.fetchall("SELECT question, count FROM faq_misses ORDER BY 1")
    return [(r["question"], r["count"]) for r in rows]
