"""The emergency topic cannot be switched off. Who gets an announcement (topics, settlements
followed, /stop and /start) is tested on both messengers in tests/both/test_news.py."""

from __future__ import annotations

from tests.harness import BotEnv
from tests.news.steps import resident


async def test_emergency_topic_cannot_be_switched_off(env: BotEnv) -> None:
    chat = await resident(env, 1001)
    await chat.click("🏠")
    await chat.click("🏘")
    await chat.click("🔔")
    await chat.click("🔒")
    assert any("вимкнути не можна" in a or "приходять усім" in a for a in chat.alerts())
