"""Who gets an announcement: topics, settlements followed, /stop and /start, emergencies."""

from __future__ import annotations

from tests.harness import BotEnv, Chat
from tests.news.steps import broadcaster, compose, got, resident, tick


async def send(env: BotEnv, official: Chat, text: str, topic: str, *places: str) -> None:
    await compose(official, text, *places)
    await official.click("🏷")
    await official.click(topic)
    await official.click("Переглянути")
    await official.click("Надіслати зараз")
    await tick(env)
    await env.deliver()


async def test_topics_and_followed_settlements_decide(env: BotEnv) -> None:
    official = await broadcaster(env)
    fan = await resident(env, 1001, "Вишневе")
    quiet = await resident(env, 1002, "Вишневе")
    await quiet.click("🏠")
    await quiet.click("🏘")
    await quiet.click("🔔")
    shown = await quiet.click("🎉 Події")
    assert any("▫️ 🎉 Події" in b for b in quiet.buttons())
    assert shown
    follower = await resident(env, 1003, "Озерне")
    await follower.click("🏠")
    await follower.click("🏘")
    await follower.click("🔔")
    await follower.click("📍 Населені пункти")
    await follower.click("Вишневе")

    await send(env, official, "Концерт у клубі", "🎉 Події", "Вишневе")
    assert got(fan, "Концерт") == 1
    assert got(quiet, "Концерт") == 0  # switched events off
    assert got(follower, "Концерт") == 1  # follows Вишневе besides Озерне

    # Emergencies cannot be switched off, and reach whoever switched topics off.
    await send(env, official, "Штормове попередження", "🚨", "Вишневе")
    assert got(quiet, "Штормове") == 1
    assert got(fan, "Штормове") == 1


async def test_emergency_topic_cannot_be_switched_off(env: BotEnv) -> None:
    chat = await resident(env, 1001)
    await chat.click("🏠")
    await chat.click("🏘")
    await chat.click("🔔")
    await chat.click("🔒")
    assert any("вимкнути не можна" in a or "приходять усім" in a for a in chat.alerts())


async def test_stop_silences_everything_until_start(env: BotEnv) -> None:
    official = await broadcaster(env)
    chat = await resident(env, 1001)
    answer = await chat.send("/stop")
    assert "навіть про надзвичайні" in answer[-1]
    assert "Нагадування про ваші власні записи" in answer[-1]
    await send(env, official, "Відключення світла", "🚨")
    assert got(chat, "Відключення світла") == 0
    mydata = await chat.send("/mydata")
    assert any("зупинено командою /stop" in text for text in mydata)

    answer = await chat.send("/start")
    assert any("знову увімкнено" in text for text in answer)
    assert any("Оберіть розділ" in text for text in answer)  # then /start as usual
    await send(env, official, "Друге попередження", "🚨")
    assert got(chat, "Друге попередження") == 1
    mydata = await chat.send("/mydata")
    assert any("Підписки на оголошення: 📰 Новини" in text for text in mydata)
