"""Paid Viber messages end to end: the real Dispatcher, SQLite and outbox sender, Telegram and
Viber at once. Outside a resident's 24-hour session a Viber message costs the community
money, so reminders and announcements go there only on the topics the resident chose,
emergencies always, each counted per month up to the cap; inside the session everything is
free; Telegram is preferred whenever a resident is reachable there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from storage.costs import SKIP_CAPPED, SKIP_NOT_OPTED_IN, PaidMessages
from storage.news.model import Topic
from storage.timeutil import from_db
from tests.harness import FakeClock
from tests.paid_world import World, number_of, onboard_telegram, onboard_viber, viber_texts
from tests.viber_harness import ViberChat, viber

MAIN = "ЦНАП Яблунівської міської ради"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    started = await World.start(tmp_path / "paid.sqlite3", clock)
    yield started
    await started.stop()


async def author(world: World) -> int:
    official = world.on_telegram(900)  # an administrator from the settings
    await onboard_telegram(official)
    return await number_of(world, "telegram", "900")


def paid(world: World) -> PaidMessages:
    return world.services.find(PaidMessages)


def progress_card(world: World) -> str:
    """The newest broadcast card in the official's Telegram chat."""
    texts = world.telegram.resident(900).texts()
    return [text for text in texts if "Розсилк" in text][-1]


def received(chat: ViberChat, fragment: str) -> int:
    return sum(fragment in text for text in viber_texts(chat))


async def test_announcements_go_to_viber_only_on_the_topics_chosen(
    world: World, clock: FakeClock
) -> None:
    official = await author(world)
    uk = world.services.texts.get("uk")
    everything = world.on_viber(2001)
    await onboard_viber(everything, uk("paid-news-all"))
    emergencies = world.on_viber(2002)
    await onboard_viber(emergencies, uk("paid-news-emergency"))
    unanswered = world.on_viber(2003)
    await onboard_viber(unanswered)
    clock.advance(hours=25)  # every Viber session is closed: messages now cost money

    news = await world.broadcast(official, Topic.NEWS, "Толока в парку")
    assert received(everything, "Толока") == 1
    assert received(emergencies, "Толока") == 0
    assert received(unanswered, "Толока") == 0, "not asked yet means no"
    assert (news.sent, news.not_opted_in, news.capped) == (2, 2, 0)  # the official, and one
    assert (await paid(world).usage("viber")).sent == 1
    card = progress_card(world)
    assert "завершено" in card
    assert uk("news-progress-paid", not_opted=2, capped=0) in card
    assert "Заблокували бота: 0" in card, "withheld is not blocked"

    alarm = await world.broadcast(official, Topic.EMERGENCY, "Повітряна тривога")
    for chat in (everything, emergencies, unanswered):
        assert received(chat, "Повітряна тривога") == 1
    assert alarm.not_opted_in == 0
    assert (await paid(world).usage("viber")).sent == 4, "emergencies count too"


async def test_inside_the_session_everything_goes_free(world: World, clock: FakeClock) -> None:
    official = await author(world)
    uk = world.services.texts.get("uk")
    olena = world.on_viber(2001)
    await onboard_viber(olena, uk("paid-news-emergency"))
    clock.advance(hours=30)
    await olena.send("Дякую!")  # her own message opens a free 24-hour session
    clock.advance(hours=23)
    await world.broadcast(official, Topic.EVENTS, "Концерт у неділю")
    assert received(olena, "Концерт") == 1
    assert (await paid(world).usage("viber")).sent == 0

    clock.advance(hours=2)  # the session is over
    fair = await world.broadcast(official, Topic.EVENTS, "Ярмарок у суботу")
    assert received(olena, "Ярмарок") == 0
    assert fair.not_opted_in == 1
    reason = await world.services.db.fetchval(
        "SELECT last_error FROM outbox WHERE skip_code = ? ORDER BY id DESC", (SKIP_NOT_OPTED_IN,)
    )
    assert "did not opt into" in reason, "a recorded reason, not a silent loss"


async def test_telegram_is_preferred_when_a_resident_has_both(
    world: World, clock: FakeClock
) -> None:
    official = await author(world)
    olena_tg = world.on_telegram(1001)
    await onboard_telegram(olena_tg)
    shown = await olena_tg.send("/link")
    code = shown[-1].split("<code>")[1].split("</code>")[0]
    olena_vb = world.on_viber(1001)
    await onboard_viber(olena_vb)
    assert "цей чат підключено" in (await olena_vb.send(f"/link {code}"))[-1]
    clock.advance(hours=25)
    await world.broadcast(official, Topic.NEWS, "Нова бібліотека")
    assert any("Нова бібліотека" in text for text in olena_tg.texts())
    assert received(olena_vb, "Нова бібліотека") == 0
    assert (await paid(world).usage("viber")).sent == 0


async def test_at_the_cap_paid_messages_stop_and_officials_see_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    world = await World.start(tmp_path / "cap.sqlite3", clock, monthly_cap=1)
    try:
        official = await author(world)
        uk = world.services.texts.get("uk")
        first, second = world.on_viber(2001), world.on_viber(2002)
        await onboard_viber(first, uk("paid-news-all"))
        await onboard_viber(second, uk("paid-news-all"))
        clock.advance(hours=25)
        news = await world.broadcast(official, Topic.NEWS, "Ремонт дороги")
        assert received(first, "Ремонт") + received(second, "Ремонт") == 1
        assert (news.sent, news.capped) == (2, 1)
        assert await world.skipped(SKIP_CAPPED) == 1
        card = progress_card(world)
        assert uk("news-progress-paid", not_opted=0, capped=1) in card

        admin = world.telegram.resident(900)
        stats = (await admin.send("/stats"))[-1]
        assert uk("admin-stats-paid", channel="Viber", sent=1, cap=1) in stats
        assert uk("admin-stats-paid-capped", capped=1) in stats

        clock.advance(days=31)  # a new month, a new allowance
        await world.broadcast(official, Topic.NEWS, "Новий місяць")
        assert received(first, "Новий місяць") + received(second, "Новий місяць") == 1
    finally:
        await world.stop()


async def book(chat: ViberChat) -> list[str]:
    """A visit two working days ahead, booked on Viber; returns what «Підтвердити» showed."""
    await chat.click("🏠 Меню")
    await chat.click("📋")
    await chat.click("🗓")
    await chat.click(MAIN)
    await chat.click("Реєстрація місця проживання")
    await chat.click("Декларування")
    await chat.click_nth(2)
    await chat.click("09:15")
    if "Як вас звати" in chat.last_text:
        await chat.send("Олена Коваленко")
    if any("Поділитися номером" in b for b in chat.buttons()):
        await chat.click("Поділитися номером")
    return await chat.click("Підтвердити")


async def test_a_booking_on_viber_asks_once_whether_reminders_may_come(
    world: World, clock: FakeClock
) -> None:
    uk = world.services.texts.get("uk")
    wants = world.on_viber(2001)
    await onboard_viber(wants, uk("paid-news-emergency"))
    shown = await book(wants)
    assert shown[-1] == viber(f"{uk('paid-ask-cnap')}\n\n{uk('paid-why')}")
    shown = await wants.click(uk("paid-cnap-yes"))
    assert shown[0] == viber(uk("paid-cnap-on"))
    declines = world.on_viber(2002)
    await onboard_viber(declines, uk("paid-news-emergency"))
    await book(declines)
    await declines.click(uk("paid-cnap-no"))
    shown = await book(wants)  # a second booking: the question is not asked again
    assert "09:15" in shown[-1]
    assert not any(uk("paid-ask-cnap") in text for text in shown)

    due = await world.services.db.fetchval(
        "SELECT MIN(due_at) FROM cnap_reminders WHERE kind = 'day_before'"
    )
    clock.now = from_db(due) + timedelta(minutes=1)
    assert clock.now - from_db(str(await last_message(world))) > timedelta(hours=24)
    await world.services.run_job("reminders")
    await world.deliver()
    assert received(wants, "Нагадуємо") == 2, "both of her visits"
    assert received(declines, "Нагадуємо") == 0
    assert await world.skipped(SKIP_NOT_OPTED_IN) == 1


async def last_message(world: World) -> str:
    return str(await world.services.db.fetchval("SELECT MAX(last_message_at) FROM viber_users"))


async def test_choices_change_in_the_subscriptions_and_show_in_mydata(
    world: World, clock: FakeClock
) -> None:
    official = await author(world)
    uk = world.services.texts.get("uk")
    olena = world.on_viber(2001)
    await onboard_viber(olena, uk("paid-news-emergency"))
    await olena.click("🏠 Меню")
    await olena.click("🏘")
    await olena.click(uk("menu-subscriptions"))
    await olena.click(uk("paid-button"))
    shown = await olena.click(uk("news-topic-outages"))
    assert shown[-1].startswith(viber(uk("paid-title")))
    assert f"✅ {uk('news-topic-outages')}" in olena.buttons()
    assert f"▫️ {uk('news-topic-news')}" in olena.buttons()
    shown = await olena.click(uk("news-topic-emergency"))
    assert shown[0] == uk("paid-emergency-locked")
    mydata = " ".join(await olena.send("/mydata"))
    topics = f"{uk('news-topic-outages')}, {uk('news-topic-emergency')}"
    assert viber(uk("paid-mydata", topics=topics)) in mydata

    clock.advance(hours=25)
    await world.broadcast(official, Topic.OUTAGES, "Планове відключення води")
    await world.broadcast(official, Topic.NEWS, "Новини тижня")
    assert received(olena, "відключення води") == 1
    assert received(olena, "Новини тижня") == 0


async def test_a_telegram_resident_is_never_asked(world: World) -> None:
    olena = world.on_telegram(1001)
    await onboard_telegram(olena)
    uk = world.services.texts.get("uk")
    assert not any(uk("paid-ask-news") in text for text in olena.texts())
    number = await number_of(world, "telegram", "1001")
    asked = await world.services.db.fetchval(
        "SELECT COUNT(*) FROM paid_questions WHERE resident_id = ?", (number,)
    )
    assert asked == 0
