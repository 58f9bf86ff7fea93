"""E-appeals and problem reports on either messenger: the appeal form with a photo, a place
and the phone contact, registered with its number and deadline; a report with a place on the
map, followed to its resolution by an officer on Telegram; bad input on the way."""

from __future__ import annotations

from storage.roles import Role
from tests.both.world import World, onboard
from tests.channels import NEAR, ResidentChat

BODY = "Прошу відремонтувати яму на дорозі біля школи, там щодня ходять діти."
FULL_NAME = "Олена Петрівна Коваленко"
ADDRESS = "с. Калинівка, вул. Шкільна, 1"
KYIV = (50.4501, 30.5234)  # about 150 km away from the community


async def open_appeal(chat: ResidentChat) -> list[str]:
    await chat.click("🏠")
    await chat.click("🤝")
    return await chat.click("✉️ Звернення")


async def test_an_appeal_is_registered_with_its_number_and_deadline(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    shown = await open_appeal(olena)
    assert "Оберіть вид звернення" in shown[-1]
    await olena.click("Скарга")
    await olena.click("Дороги і транспорт")
    shown = await olena.send(BODY)
    assert "Додано фото: 0 з 3. Місце: не додано." in shown[-1]
    assert {"➡️ Далі", "📍 Надіслати місце"} <= set(olena.buttons())
    await olena.send_photo()
    shown = await olena.click("📍 Надіслати місце")
    assert "Додано фото: 1 з 3. Місце: додано." in shown[-1]
    await olena.click("Далі")
    await olena.send(FULL_NAME)
    shown = await olena.send(ADDRESS)
    assert "Поділіться номером телефону кнопкою нижче або вкажіть e-mail" in shown[-1]
    shown = await olena.click("Поділитися номером")
    summary = shown[-1]
    assert summary.startswith("📝 Перевірте звернення")
    assert "Вид: Скарга" in summary
    assert BODY in summary
    assert f"👤 {FULL_NAME}" in summary
    assert f"📱 {olena.phone}" in summary

    shown = await olena.click("📨 Надіслати")
    assert "Номер: Зв-2026-0001" in shown[-1]
    assert "Дата надходження: 23.11.2026" in shown[-1]
    assert "Строк розгляду за законом — до 23.12.2026 (30 днів від надходження)" in shown[-1]
    row = await world.services.db.fetchone("SELECT * FROM appeals")
    assert row is not None
    assert (row["full_name"], row["phone"], row["latitude"], row["longitude"]) == (
        FULL_NAME,
        olena.phone,
        *NEAR,
    )
    photos = await world.services.db.fetchall("SELECT channel FROM appeal_photos")
    assert [p["channel"] for p in photos] == [olena.channel]
    await olena.click("Мої звернення")
    assert "Зв-2026-0001 · зареєстровано" in olena.buttons()


async def test_bad_input_in_the_appeal_form_keeps_the_draft(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await open_appeal(olena)
    await olena.click("Пропозиція")
    shown = await olena.send("просто текст")
    assert "Оберіть тему" in shown[-1], "a button was expected"
    await olena.click("Інше")
    shown = await olena.send_photo()
    assert any("Тут потрібен текст" in text for text in shown)
    shown = await olena.send("я" * 10_000)
    assert any("10\xa0000 символів, а можна до 4\xa0000" in text for text in shown)
    await olena.send("<b>Увага</b> & прошу *розглянути* пропозицію щодо парку")
    shown = await olena.share_location(*KYIV)
    assert any("далеко за межами громади" in text for text in shown)
    shown = await olena.send("просто текст")
    assert any("можна надіслати фото або місце" in text for text in shown)
    await olena.click("Далі")
    shown = await olena.send("Олена 123")
    assert any("цифр" in text for text in shown)
    await olena.send(FULL_NAME)
    shown = await olena.send("я")
    assert any("Адреса закоротка" in text for text in shown)
    await olena.send(ADDRESS)
    await olena.click("Вказати e-mail")
    shown = await olena.send("olena@")
    assert any("не схоже на e-mail" in text for text in shown)
    shown = await olena.send("olena@example.com")
    assert "<b>Увага</b> & прошу *розглянути* пропозицію щодо парку" in shown[-1]
    send = olena.keep_button("Надіслати")
    shown = await olena.click("Надіслати")
    assert "Номер: Зв-2026-0001" in shown[-1]
    shown = await olena.press_kept(send)  # a double tap
    assert not any("Зв-2026-0002" in text for text in shown), "not registered twice"
    assert await world.services.db.fetchval("SELECT COUNT(*) FROM appeals") == 1


async def test_a_report_with_a_place_is_followed_to_its_resolution(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await olena.click("🏠")
    await olena.click("🏘")
    await olena.click("Повідомити про проблему")
    shown = await olena.send("яма")
    assert shown == [world.t("error-use-buttons")], "a category button was expected"
    assert "🛣 Дороги" in olena.buttons()
    await olena.click("Дороги")
    for text in ("Глибока яма", "я" * 10_000):
        shown = await olena.send(text)
        assert shown == ["Надішліть, будь ласка, фото або натисніть «Без фото»."]
    assert "⏭ Без фото" in olena.buttons()
    shown = await olena.send_photo()
    assert "📍 Надіслати місце" in olena.buttons()
    shown = await olena.share_location(*KYIV)
    assert any("далеко за межами громади" in text for text in shown)
    shown = await olena.click("📍 Надіслати місце")
    assert "Коротко опишіть проблему" in shown[-1]
    shown = await olena.send("Глибока яма на дорозі біля школи")
    assert "🛣 Дороги · фото: є" in shown[-1]
    shown = await olena.click("Надіслати анонімно")
    assert "Повідомлення №1 надіслано" in shown[-1]
    row = await world.services.db.fetchone("SELECT * FROM reports")
    assert row is not None
    assert (row["reporter_name"], row["latitude"], row["longitude"]) == (None, *NEAR)

    officer = await world.official(2002, Role.APPEALS_OFFICER, "kalynivka")
    await officer.send("/reports")
    await officer.click("№1")
    await officer.click("Прийняти")
    await world.deliver()
    assert "прийнято" in olena.last_text
    await officer.click("Вирішено")
    await officer.send("Яму засипано щебенем.")
    await world.deliver()
    assert "Яму засипано щебенем." in olena.last_text
    shown = await olena.click("Ні, ще ні")
    assert any("знову в роботі" in text for text in shown)
    assert await world.services.db.fetchval("SELECT status FROM reports") == "in_work"
