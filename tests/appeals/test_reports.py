"""Problem reports end to end: anonymous with a map point, a duplicate offered to join, the
official's changes told to every follower, «Ні, ще ні» reopening a resolved report."""

from __future__ import annotations

from tests.appeals.chat import FAR, NEAR, make_officer, onboard, send_location, write_appeal
from tests.harness import BotEnv, Chat


async def report(chat: Chat, category: str = "Дороги", point: tuple[float, float] = NEAR) -> None:
    await chat.click("🏠")
    await chat.click("🏘")
    await chat.click("Повідомити про проблему")
    await chat.click(category)
    await chat.send_photo()
    await send_location(chat, point)


async def test_anonymous_report_duplicate_and_resolution(env: BotEnv) -> None:
    first = env.resident()
    await onboard(first)
    await report(first)
    await first.send("Глибока яма на дорозі")
    await first.click("Надіслати анонімно")
    assert "№1 надіслано" in first.last_text
    row = await env.services.db.fetchone("SELECT reporter_name, settlement FROM reports")
    assert row is not None
    assert tuple(row) == (None, "kalynivka")

    second = env.resident(user_id=1002, first_name="Петро")
    await onboard(second)
    await report(second, point=(NEAR[0] + 0.0002, NEAR[1]))  # about 22 m away
    assert "та сама проблема" in second.last_text
    await second.click("Так, приєднатися")
    assert await env.services.db.fetchval("SELECT COUNT(*) FROM reports") == 1

    officer = await make_officer(env, 2002, "kalynivka")
    await officer.send("/reports")
    await officer.click("№1")
    await officer.click("Показати на мапі")
    pins = [c for c in env.emulator.calls if c.method == "sendLocation"]
    assert pins
    assert float(pins[-1].params["latitude"]) == NEAR[0]
    await officer.click("Прийняти")
    await env.deliver()
    assert "прийнято" in first.last_text
    assert "прийнято" in second.last_text
    await officer.click("Вирішено")
    await officer.send("Яму засипано щебенем.")
    await env.deliver()
    assert "Яму засипано" in first.last_text
    await second.click("Ні, ще ні")
    assert "знову в роботі" in second.last_text
    assert await env.services.db.fetchval("SELECT status FROM reports") == "in_work"
    assert [e.action for e in await env.services.audit.entries()][:2] == [
        "report.status",
        "report.status",
    ]


async def test_report_bad_input(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await report(chat, point=FAR)
    assert "далеко за межами громади" in chat.last_text
    assert any("Адреса закоротка" in t for t in await chat.send("я"))
    await chat.send("вул. Шкільна, 5, біля магазину")
    assert any("кількома словами" in t for t in await chat.send("ой"))
    assert any("Тут потрібен текст" in t for t in await chat.send_photo())
    await chat.send("Не світить ліхтар уже тиждень")
    # No name given yet: the report can only go anonymously.
    assert "📨 Надіслати" not in chat.buttons()
    await chat.click("Надіслати анонімно")
    row = await env.services.db.fetchone("SELECT reporter_name, place_text FROM reports")
    assert row is not None
    assert row["place_text"] == "вул. Шкільна, 5, біля магазину"


async def named_report(chat: Chat) -> None:
    await report(chat)
    await chat.send("Не світить ліхтар біля зупинки")
    await chat.click("📨 Надіслати")


async def test_a_named_report_forgets_its_reporter_with_their_data(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await write_appeal(olena)  # gives the name and phone a named report shows
    await named_report(olena)
    ivan = env.resident(user_id=1002, first_name="Іван")
    await onboard(ivan)
    await write_appeal(ivan)
    await report(ivan, category="Вода", point=(NEAR[0] + 0.01, NEAR[1]))
    await ivan.send("Немає води третій день")
    await ivan.click("📨 Надіслати")
    reporters = "SELECT reporter_name, reporter_phone FROM reports ORDER BY id"
    named = [tuple(r) for r in await env.services.db.fetchall(reporters)]
    assert named == [("Олена Петрівна Коваленко", "+380671234567")] * 2

    await olena.send("/mydata")
    await olena.click("Відкликати згоду")
    await olena.click("Так, відкликати згоду")
    await ivan.send("/mydata")
    await ivan.click("Видалити")
    await ivan.click_nth(0)
    kept = [tuple(r) for r in await env.services.db.fetchall(reporters)]
    assert kept == [(None, None), (None, None)]  # the problems stay, the people go
    officer = await make_officer(env, 2002, "kalynivka")
    await officer.send("/reports")
    card = await officer.click("№2")
    assert any("🕶 Анонімно" in text for text in card)
