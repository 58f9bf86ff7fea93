"""Appeals officers: the inbox of their scope, take, ask (the reply attaches), extend, answer
— each told to the resident through the outbox and written to the audit log; forged buttons
and other settlements refused; the morning digest once per working day."""

from __future__ import annotations

from datetime import timedelta

from handlers.appeals.callbacks import OfficerAction, OfficerCb
from tests.appeals.chat import make_officer, mark_no_study, onboard, write_appeal
from tests.harness import BotEnv, FakeClock, utc


async def test_officer_takes_asks_extends_and_answers(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat)
    officer = await make_officer(env, 2002, "kalynivka")
    await officer.send("/appeals")
    assert "Зв-2026-0001" in " ".join(officer.buttons())
    shown = await officer.click("Зв-2026-0001")
    assert any("Олена Петрівна Коваленко" in text for text in shown)
    await officer.click("Взяти в роботу")
    await env.deliver()
    assert "взято в роботу" in chat.last_text

    await officer.click("Запитати")
    await officer.send("Уточніть, будь ласка, номер будинку школи.")
    await env.deliver()
    assert "номер будинку школи" in chat.last_text
    await chat.click("Відповісти")
    await chat.send("Школа №2, вул. Шкільна, 10.")
    await env.deliver()
    assert "Школа №2" in officer.last_text

    await officer.click("Відкрити")
    shown = await officer.click("Продовжити строк")
    assert any("не пізніше 07.01.2027" in text for text in shown)  # 45 days after 23.11.2026
    await officer.click("07.01.2027")
    await officer.send("Потрібне обстеження дороги комісією.")
    await env.deliver()
    assert "продовжено" in chat.last_text
    assert "07.01.2027" in chat.last_text

    await officer.click("Відповісти")
    await officer.send("Яму буде засипано до 15 грудня.")
    await env.deliver()
    assert "Яму буде засипано" in chat.last_text
    actions = [e.action for e in await env.services.audit.entries()]
    assert actions[:4] == ["appeal.answer", "appeal.extend", "appeal.ask", "appeal.take"]
    replies = await env.services.db.fetchall("SELECT author, text FROM appeal_messages ORDER BY id")
    assert [r["author"] for r in replies] == ["officer", "resident"]


async def test_forged_and_out_of_scope_buttons_are_refused(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat)
    forged = OfficerCb(action=OfficerAction.TAKE, appeal=1).pack()
    await chat.press(forged)
    assert "недостатньо прав" in chat.alerts()[-1]
    other = await make_officer(env, 2003, "ozerne")
    await other.send("/appeals")
    assert "Зв-2026-0001" not in " ".join(other.buttons())
    await other.press(forged)
    assert "недостатньо прав" in other.alerts()[-1]
    status = await env.services.db.fetchval("SELECT status FROM appeals")
    assert status == "registered"
    assert (
        await env.services.db.fetchval("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'appeal%'")
        == 0
    )
    assert any("Не знаю такої команди" in text for text in await chat.send("/appeals"))


async def test_morning_digest_once_per_working_day(env: BotEnv, clock: FakeClock) -> None:
    """The digest reads the deadline in force: an appeal marked as needing no additional
    study (due 08.12) is listed; one with the month (due 23.12) is not yet."""
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat, kind="Заява")
    await write_appeal(chat, kind="Скарга")
    officer = await make_officer(env, 2002, "")
    await mark_no_study(officer, "Зв-2026-0001")
    await env.deliver()
    assert "відповідь надійде раніше, до 08.12.2026" in chat.last_text
    clock.now = utc(2026, 12, 7, 5, 59)  # Monday 07:59 in Kyiv: not yet
    assert await env.services.run_job("appeals_digest") == 0
    clock.advance(minutes=1)  # 08:00
    assert await env.services.run_job("appeals_digest") == 1
    assert await env.services.run_job("appeals_digest") == 0  # already queued today
    await env.deliver()
    assert "Зв-2026-0001 — до 08.12.2026, ⏳ Залишився 1 день" in officer.last_text
    assert "Зв-2026-0002" not in officer.last_text
    clock.now += timedelta(days=5)  # Saturday
    assert await env.services.run_job("appeals_digest") == 0
    clock.now += timedelta(days=2)  # Monday 14.12: six days overdue
    assert await env.services.run_job("appeals_digest") == 1
    await env.deliver()
    assert "Прострочено на 6 днів" in officer.last_text


async def test_no_additional_study_shortens_the_deadline_once(
    env: BotEnv, clock: FakeClock
) -> None:
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat)
    other = await make_officer(env, 2003, "ozerne")
    forged = OfficerCb(action=OfficerAction.NO_STUDY_YES, appeal=1).pack()
    await other.press(forged)
    assert "недостатньо прав" in other.alerts()[-1]
    officer = await make_officer(env, 2002, "kalynivka")
    await officer.send("/appeals")
    await officer.click("Зв-2026-0001")
    shown = await officer.click("Не потребує додаткового вивчення (до 08.12.2026)")
    assert (
        "Строк відповіді стане 08.12.2026 (15 днів від надходження) замість 23.12.2026"
        in (shown[-1])
    )
    shown = await officer.click("Так, позначити")
    assert "Позначено: відповідь — до 08.12.2026" in officer.alerts()[-1]
    assert "⚡ Не потребує додаткового вивчення: відповідь — до 08.12.2026." in shown[-1]
    assert not any("Не потребує" in b for b in officer.buttons())
    await officer.press(forged)  # pressed again: refused, nothing more recorded
    assert "вже не можна поставити" in officer.alerts()[-1]
    actions = [e.action for e in await env.services.audit.entries()]
    assert actions.count("appeal.no-study") == 1
    shown = await officer.send("/appeals")
    assert "Зв-2026-0001</b> · зареєстровано · до 08.12.2026" in shown[-1]
    await env.deliver()
    assert "до 08.12.2026" in chat.last_text

    await write_appeal(chat)  # Зв-0002, received 23.11
    clock.advance(days=16)  # 9 December: its 15 days are over
    await officer.send("/appeals")
    await officer.click("Зв-2026-0002")
    assert not any("Не потребує" in b for b in officer.buttons())
