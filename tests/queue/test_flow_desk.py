"""Officials: an operator runs the day and the resident rates the visit, no-shows block
online booking until lifted, a closure tells every resident, administrators' commands."""

from __future__ import annotations

import copy

from handlers.queue.callbacks import OperatorCb
from tests.harness import BotEnv
from tests.queue.chat import (
    ADMIN_ID,
    MAIN,
    book,
    booking_rows,
    onboard,
    open_booking,
)


async def test_operator_runs_the_day_and_resident_rates_the_visit(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    operator = env.resident(1500, first_name="Оксана")
    for chat in (olena, admin, operator):
        await onboard(chat)
    await book(olena)
    operator_id = (await env.services.residents.find_by_channel("telegram", "1500")).id  # type: ignore[union-attr]

    shown = await operator.send("/operator")
    assert "Не знаю такої команди" in shown[0]
    shown = await admin.send(f"/grant_operator {operator_id} main")
    assert "надано роль «оператор ЦНАП»" in shown[0]
    assert await env.deliver() == 1
    assert "Вам надано роль «оператор ЦНАП»" in operator.last_text
    assert "/operator" in operator.last_text

    await operator.press(OperatorCb(action="day", place="ozerne", day="20261123").pack())
    assert "недостатньо прав" in operator.alerts()[-1], "another place's list stays closed"
    await operator.press(OperatorCb(action="close", place="ozerne", day="20261123").pack())
    assert "недостатньо прав" in operator.alerts()[-1]

    shown = await operator.send("/operator")
    assert "09:15" in shown[-1]
    assert "Олена Коваленко" in shown[-1]
    assert "очікується" in shown[-1]
    await operator.click("09:15")
    await operator.click("Прийшов")
    shown = await operator.click("Обслужено")
    assert "Стан: обслужено" in shown[-1]

    assert await env.deliver() == 1
    assert "Оцініть, будь ласка" in olena.last_text
    rating_request = copy.deepcopy(olena.last_message_with_buttons())
    assert rating_request is not None
    shown = await olena.click("5⭐")
    assert "Дякуємо за оцінку ⭐⭐⭐⭐⭐" in shown[-1]
    shown = await olena.send("Швидко і ввічливо, дякую!")
    assert "відгук передано" in shown[-1]
    row = (await booking_rows(env))[0]
    assert row["rating"] == 5
    assert row["rating_comment"] == "Швидко і ввічливо, дякую!"
    await olena.click("4⭐", message=rating_request)
    assert "вже збережено" in olena.alerts()[-1]


async def test_no_shows_block_online_booking_until_lifted(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(admin)
    olena_id = (await env.services.residents.find_by_channel("telegram", "1001")).id  # type: ignore[union-attr]
    for _ in range(3):
        await book(olena, day=0)
        booking_id = int(str((await booking_rows(env))[-1]["id"]))
        no_show = OperatorCb(action="mark-no_show", place="main", booking=booking_id).pack()
        await admin.press(no_show)
        assert "не можна так позначити" in admin.alerts()[-1], "not before the visit time"
        env.clock.advance(minutes=30)
        await admin.press(no_show)
        assert "Позначено: не зʼявився" in admin.alerts()[-1]
    shown = await open_booking(olena)
    assert "Онлайн-запис для вас призупинено" in shown[-1]
    assert "3 записи" in shown[-1]

    shown = await admin.send(f"/lift_block {olena_id}")
    assert "знято" in shown[0]
    shown = await open_booking(olena)
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]


async def test_closing_a_day_tells_each_resident_in_their_language(env: BotEnv) -> None:
    olena = env.resident()
    john = env.resident(2002, language_code="en", first_name="John")
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(john, settlement="Kalynivka", language="English")
    await onboard(admin)
    await book(olena, day=1, time=0)
    await open_booking(john)
    await john.click("Yabluniv ЦНАП")
    await john.click("Residence registration")
    await john.click("Declaring")
    await john.click_nth(1)
    await john.click_nth(1)
    await john.send("John Smith")
    await john.click("Share my number")
    await john.click("Confirm")

    await admin.send("/operator")
    await admin.click(MAIN)
    await admin.click("Наступний")
    await admin.click("Закрити прийом")
    shown = await admin.send("25:00-26:00")
    assert "Не розумію проміжок" in shown[-1]
    await admin.send("07:00-12:00")
    shown = await admin.send("ой")
    assert "від 3 до 200 символів" in shown[-1]
    await admin.send("відключення <електроенергії> & води")
    shown = await admin.click("Так, закрити")
    assert any("Сповіщено мешканців: 2" in text for text in shown)

    assert await env.deliver() == 2
    assert "Прийом скасовано" in olena.last_text
    assert "відключення &lt;електроенергії&gt; &amp; води" in olena.last_text
    assert "Visit cancelled" in john.last_text
    assert [r["cancel_reason"] for r in await booking_rows(env)] == ["closed", "closed"]

    shown = await olena.click("Обрати інший час")
    assert "Оберіть день" in shown[-1]
    await olena.click("вт, 24.11")
    assert olena.buttons()[0] == "13:00", "the closed morning is not offered"


async def test_admin_commands_answer_mistakes_clearly(env: BotEnv) -> None:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)
    shown = await admin.send("/admin")
    assert "/grant_operator" in shown[0]
    assert "main, kalynivka, ozerne" in shown[0]
    shown = await admin.send("/grant_operator")
    assert "Формат: /grant_operator 17 main" in shown[0]
    shown = await admin.send("/grant_operator 999 main")
    assert "Мешканця з номером 999 немає" in shown[0]
    shown = await admin.send("/grant_operator 1 <b>atlantis</b>")
    assert "немає місця «&lt;b&gt;atlantis&lt;/b&gt;». Можна: main, kalynivka, ozerne" in shown[0]
    shown = await admin.send("/lift_block abc")
    assert "«abc» — не номер мешканця" in shown[0]
    shown = await admin.send("/stats")
    assert "1 мешканець" in shown[0]
