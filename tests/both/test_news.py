"""Announcements on either messenger: topics switched off, other settlements followed, /stop
and /start, the archive. The broadcaster writes on Telegram; residents read where they are."""

from __future__ import annotations

from storage.roles import Role
from tests.both.steps import run_news
from tests.both.world import World, onboard
from tests.channels import ResidentChat


async def announce(official: ResidentChat, text: str, topic: str, *places: str) -> None:
    await official.send("/broadcast")
    await official.click("✏️ Текст")
    await official.send(text)
    if places:
        await official.click("👥")
        for name in places:
            await official.click(name)
        await official.click("Готово")
    await official.click("🏷")
    await official.click(topic)
    await official.click("Переглянути")
    await official.click("Надіслати зараз")


async def subscriptions(chat: ResidentChat) -> list[str]:
    await chat.click("🏠")
    await chat.click("🏘")
    return await chat.click("🔔")


async def test_topics_and_followed_settlements_decide(world: World) -> None:
    official = await world.official(800, Role.BROADCASTER)
    fan = world.resident(1003, first_name="Марія")
    await onboard(fan, settlement="Вишневе")
    quiet = world.resident(1001)
    await onboard(quiet, settlement="Вишневе")
    shown = await subscriptions(quiet)
    assert "📍 Ваш населений пункт: с. Вишневе" in shown[-1]
    assert "✅ 🎉 Події" in quiet.buttons()
    assert "🔒 🚨 Надзвичайні ситуації" in quiet.buttons()
    await quiet.click("🎉 Події")
    assert "▫️ 🎉 Події" in quiet.buttons(), "switched off, and it shows"
    shown = await quiet.send_photo()
    assert shown[0] == world.t("error-unsupported-content")
    assert "Довідка про громаду" in shown[-1], "back in «Моя громада»"
    follower = world.resident(1002, first_name="Петро")
    await onboard(follower, settlement="Озерне")
    await subscriptions(follower)
    await follower.click("📍 Населені пункти")
    await follower.click("Вишневе")
    assert "✅ с. Вишневе" in follower.buttons()
    assert "🏠 с. Озерне" in follower.buttons()

    await announce(official, "Концерт <b>у клубі</b> *о 18:00*", "🎉 Події", "Вишневе")
    await run_news(world)
    assert follower.last_text == "🎉 Події\n\nКонцерт у клубі *о 18:00*"
    assert "⚙️ Підписки" in follower.buttons()
    assert fan.got("Концерт у клубі") == 1
    assert quiet.got("Концерт") == 0, "events switched off"

    await announce(official, "Штормове попередження", "🚨", "Вишневе")
    await run_news(world)
    assert quiet.got("Штормове попередження") == 1, "emergencies reach everyone"
    assert follower.got("Штормове попередження") == 1
    assert fan.got("Штормове попередження") == 1


async def test_stop_silences_everything_until_start(world: World) -> None:
    official = await world.official(800, Role.BROADCASTER)
    olena = world.resident()
    await onboard(olena)
    shown = await olena.send("/stop")
    assert "навіть про надзвичайні ситуації" in shown[-1]
    assert "Нагадування про ваші власні записи" in shown[-1]
    await announce(official, "Відключення світла", "🚨")
    await run_news(world)
    assert olena.got("Відключення світла") == 0
    shown = await olena.send("/mydata")
    assert "зупинено командою /stop" in shown[-1]

    shown = await olena.start()
    assert any("знову увімкнено" in text for text in shown)
    assert "Оберіть розділ" in shown[-1]
    await announce(official, "Друге попередження", "🚨")
    await run_news(world)
    assert olena.got("Друге попередження") == 1
    shown = await olena.send("/mydata")
    assert "Підписки на оголошення: 📰 Новини" in shown[-1]


async def test_the_archive_shows_what_was_published(world: World) -> None:
    official = await world.official(800, Role.BROADCASTER)
    olena = world.resident()
    await onboard(olena)
    await announce(official, "Ярмарок на площі <i>у суботу</i>", "📰")
    await run_news(world)
    assert olena.got("Ярмарок на площі у суботу") == 1
    await olena.click("🏠")
    await olena.click("🏘")
    shown = await olena.click("📰 Новини та оголошення")
    assert "Ярмарок на площі" in shown[-1]
    shown = await olena.click("1")
    assert "Ярмарок на площі у суботу" in shown[-1]
