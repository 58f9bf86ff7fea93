"""An e-appeal end to end: the form with bad input at every step, registration with the
number and deadline, «Мої звернення», and a draft that survives commands and a restart."""

from __future__ import annotations

from tests.appeals.chat import BODY, FAR, NEAR, onboard, open_appeal, send_location, write_appeal
from tests.harness import BotEnv


async def test_an_appeal_is_registered_with_number_and_deadline(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    shown = await write_appeal(chat)
    text = shown[-1]
    assert "Зв-2026-0001" in text
    assert "23.11.2026" in text  # received (Monday, 09:00 in Kyiv)
    assert "23.12.2026" in text  # the legal deadline: 30 calendar days
    row = await env.services.db.fetchone("SELECT * FROM appeals")
    assert row is not None
    assert (row["full_name"], row["phone"], row["settlement"]) == (
        "Олена Петрівна Коваленко",
        "+380671234567",
        "kalynivka",
    )
    assert (row["latitude"], row["longitude"]) == NEAR
    photos = await env.services.db.fetchall("SELECT channel, file_id FROM appeal_photos")
    assert [tuple(p) for p in photos] == [("telegram", "AgAD")]

    assert "не пізніше 15 днів" in text  # it may come sooner
    assert "не більше 45 днів" in text  # or be extended

    # The second appeal reuses name, address and phone: straight to the summary. A statement
    # gets the same month: the deadline belongs to the appeal, not to its kind.
    shown = await write_appeal(chat, kind="Заява")
    assert "Зв-2026-0002" in shown[-1]
    assert "до 23.12.2026 (30 днів від надходження)" in shown[-1]
    await chat.click("🏠")
    await chat.click("🤝")
    await chat.click("Мої звернення")
    assert "Зв-2026-0002 · зареєстровано" in chat.buttons()


async def test_bad_input_at_every_step_keeps_the_draft(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await open_appeal(chat)
    await chat.click("Пропозиція")
    await chat.click("Інше")
    assert any("Тут потрібен текст" in t for t in await chat.send_photo())
    too_long = await chat.send("я" * 10_000)
    assert any("10\xa0000 символів, а можна до 4\xa0000" in t for t in too_long)
    await chat.send("/help")
    assert any("суть звернення" in t for t in await chat.send("/nonsense"))
    await chat.send(BODY)
    assert any("далеко за межами громади" in t for t in await send_location(chat, FAR))
    assert any("можна надіслати фото або місце" in t for t in await chat.send("просто текст"))
    for _ in range(3):
        await chat.send_photo()
    assert any("не більше 3 фото" in t for t in await chat.send_photo())
    await chat.click("Далі")
    assert any("цифр" in t for t in await chat.send("Олена 123"))
    await chat.send("Олена Коваленко")
    assert any("Адреса закоротка" in t for t in await chat.send("я"))
    await chat.send("с. Калинівка, вул. Шкільна, 1")
    assert any("чужий контакт" in t for t in await chat.share_contact(own=False))
    assert any("не схоже на e-mail" in t for t in await chat.send("olena@"))

    await env.restart()  # a new process: the draft and the step come back
    await chat.click("🏠")
    await chat.click("🤝")
    await chat.click("✉️ Звернення")
    assert "незавершене звернення" in chat.last_text
    await chat.click("Продовжити")
    assert "e-mail" in chat.last_text
    await chat.send("olena@example.com")
    assert "Перевірте звернення" in chat.last_text
    assert "olena@example.com" in chat.last_text
    await chat.click("Надіслати")
    row = await env.services.db.fetchone("SELECT kind, email, phone, body FROM appeals")
    assert row is not None
    assert tuple(row) == ("proposal", "olena@example.com", None, BODY)
    assert await env.services.db.fetchval("SELECT COUNT(*) FROM appeal_photos") == 3


async def test_no_appeal_without_consent_and_a_report_is_offered(env: BotEnv) -> None:
    chat = env.resident()
    await chat.send("/start")
    await chat.click_nth(1)  # decline
    await chat.click("Українська")
    await chat.click("Калинівка")
    shown = await open_appeal(chat)
    assert any("Анонімні звернення не розглядаються" in t for t in shown)
    assert "🚧 Повідомити про проблему анонімно" in chat.buttons()
    assert await env.services.db.fetchval("SELECT COUNT(*) FROM appeal_drafts") == 0


async def test_resident_text_is_escaped_in_the_summary(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat, body="<b>Увага</b> & прошу <script>alert(1)</script> розглянути")
    await chat.click("Мої звернення")
    await chat.click_nth(0)
    assert "&lt;script&gt;" in chat.last_text


async def test_mydata_lists_appeals_and_deletion_unlinks_them(env: BotEnv) -> None:
    chat = env.resident()
    await onboard(chat)
    await write_appeal(chat)
    shown = await chat.send("/mydata")
    assert any("Зв-2026-0001 (Скарга)" in t and "залишаться в раді" in t for t in shown)
    await chat.click("Видалити")
    await chat.click_nth(0)
    row = await env.services.db.fetchone("SELECT resident_id, full_name FROM appeals")
    assert row is not None
    assert tuple(row) == (None, "Олена Петрівна Коваленко")
    assert await env.services.db.fetchval("SELECT COUNT(*) FROM appeal_contacts") == 0
