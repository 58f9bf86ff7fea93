"""A status for priority consideration (пільговики, art. 20): optional on the summary, with
its own consent notice; shown to the resident in /mydata and to officers of the appeal's
settlement only; removed by the resident, erased with consent withdrawn, with their data and
once the appeal is answered."""

from __future__ import annotations

from handlers.appeals.callbacks import AppealAction, AppealCb
from storage.appeals.service import PRIORITY_NOTICE
from tests.appeals.chat import make_officer, onboard, open_appeal, write_appeal
from tests.harness import BotEnv, Chat

COMBATANT = "Учасник бойових дій"


async def to_the_summary(chat: Chat) -> None:
    await write_appeal(chat)  # the first appeal saves name, address and phone
    await open_appeal(chat)
    await chat.click("Скарга")
    await chat.click("Дороги і транспорт")
    await chat.send("Прошу встановити ліхтар на зупинці біля ринку, там темно ввечері.")
    await chat.click("Далі")
    assert "Перевірте звернення" in chat.last_text


async def priority_rows(env: BotEnv) -> list[tuple[str, str]]:
    rows = await env.services.db.fetchall(
        "SELECT a.number, p.category FROM appeal_priority p JOIN appeals a ON a.id = p.appeal_id"
    )
    return [(r["number"], r["category"]) for r in rows]


async def test_a_stated_status_is_consented_shown_and_sent(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await to_the_summary(chat)
    assert "Першочерговий розгляд: не вказано" in chat.last_text
    shown = await chat.click("Вказати статус пільговика")
    assert "Це чутливі персональні дані" in shown[-1]
    assert "лише відповідальні за звернення працівники вашого населеного пункту" in shown[-1]
    assert "Герой України (Радянського Союзу, Соціалістичної Праці)" in chat.buttons()
    assert any("Оберіть статус кнопкою вище" in t for t in await chat.send("так"))
    await chat.press(AppealCb(action=AppealAction.PRIORITY_SET, value="general").pack())
    assert "Ця кнопка вже не діє" in chat.alerts()[-1]  # no such status: nothing kept
    await chat.click(COMBATANT)
    assert f"Першочерговий розгляд: {COMBATANT}" in chat.last_text
    shown = await chat.click("Надіслати")
    assert f"Ви вказали статус «{COMBATANT}»: звернення розглянуть першочергово" in shown[-1]
    assert await priority_rows(env) == [("Зв-2026-0002", "combatant")]
    notices = await env.services.db.fetchall("SELECT notice FROM consent_log ORDER BY id")
    assert [r["notice"] for r in notices][-1] == PRIORITY_NOTICE

    shown = await chat.send("/mydata")
    assert any(f"Зв-2026-0002 (Скарга) · 🎖 статус: {COMBATANT}" in t for t in shown)
    assert not any("Зв-2026-0001 (Скарга) · 🎖" in t for t in shown)


async def test_no_status_changes_nothing_and_can_be_undone(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await to_the_summary(chat)
    await chat.click("Вказати статус пільговика")
    await chat.click("Особа з інвалідністю внаслідок війни")
    await chat.click("Змінити чи прибрати статус")
    await chat.click("Без статусу")
    assert "Першочерговий розгляд: не вказано" in chat.last_text
    await chat.click("Надіслати")
    assert await priority_rows(env) == []


async def test_officers_of_the_scope_only_see_it_and_priority_comes_first(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat)  # Зв-0001: no status, the same deadline
    await write_appeal(chat, priority="Багатодітна сімʼя")  # Зв-0002
    officer = await make_officer(env, 2002, "kalynivka")
    shown = await officer.send("/appeals")
    assert shown[-1].index("🎖 <b>Зв-2026-0002</b>") < shown[-1].index("<b>Зв-2026-0001</b>")
    assert officer.buttons()[:2] == ["🎖 Зв-2026-0002", "Зв-2026-0001"]
    assert "Багатодітна" not in shown[-1]  # the list marks it; the card names it
    card = await officer.click("Зв-2026-0002")
    assert any("Першочерговий розгляд</b>: Багатодітна сімʼя, мати-героїня" in t for t in card)

    other = await make_officer(env, 2003, "ozerne")
    shown = await other.send("/appeals")
    assert "Зв-2026-0002" not in shown[-1]
    assert not any("Багатодітна" in t for t in other.texts())


async def test_the_resident_removes_it_and_an_answer_erases_it(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat, priority=COMBATANT)
    await write_appeal(chat, priority="Особа з інвалідністю")
    await chat.click("Мої звернення")
    await chat.click("Зв-2026-0001")
    assert f"Ваш статус для першочергового розгляду: {COMBATANT}" in chat.last_text
    other = env.resident(user_id=1002)
    await onboard(other)
    await other.press(AppealCb(action=AppealAction.DROP_PRIORITY, value="1").pack())
    assert "Ця кнопка вже не діє" in other.alerts()[-1]  # not their appeal
    assert len(await priority_rows(env)) == 2
    await chat.click("Прибрати статус")
    assert "Статус видалено" in chat.alerts()[-1]
    assert "Ваш статус" not in chat.last_text
    assert await priority_rows(env) == [("Зв-2026-0002", "disabled")]

    officer = await make_officer(env, 2002, "")
    await officer.send("/appeals")
    await officer.click("Зв-2026-0002")
    await officer.click("Відповісти")
    await officer.send("Ліхтар встановлять до кінця тижня.")
    assert await priority_rows(env) == []  # served its purpose


async def test_withdrawn_consent_and_deleted_data_erase_it(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await write_appeal(olena, priority=COMBATANT)
    await olena.send("/mydata")
    await olena.click("Відкликати згоду")
    await olena.click("Так, відкликати згоду")
    assert await priority_rows(env) == []
    assert await env.services.db.fetchval("SELECT COUNT(*) FROM appeals") == 1

    ivan = env.resident(user_id=1003, first_name="Іван")
    await onboard(ivan)
    await write_appeal(ivan, priority="Герой України")
    assert await priority_rows(env) == [("Зв-2026-0002", "hero")]
    await ivan.send("/mydata")
    await ivan.click("Видалити")
    await ivan.click_nth(0)
    assert await priority_rows(env) == []
    kept = await env.services.db.fetchone("SELECT resident_id, full_name FROM appeals WHERE id = 2")
    assert kept is not None
    assert tuple(kept) == (None, "Олена Петрівна Коваленко")
