"""/mydata on either messenger: everything the bot keeps, the saved name changed, consent
withdrawn and given again, and everything deleted."""

from __future__ import annotations

from tests.both.steps import NAME, book, bookings
from tests.both.world import World, onboard

MESSENGER = {"telegram": "Telegram", "viber": "Viber"}


async def test_mydata_shows_what_the_bot_keeps_and_changes_the_name(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await book(olena, day=1)
    shown = await olena.send("/mydata")
    card = shown[-1]
    assert card.startswith("🔐 Що бот знає про вас\nВаш номер у боті: 1\nМова: українська\n")
    assert "Населений пункт: с. Калинівка" in card
    assert f"Імʼя: {NAME}" in card
    assert f"Телефон: {olena.phone}" in card
    assert f"Месенджери: {MESSENGER[olena.channel]}" in card
    assert "Записи до ЦНАП: 1" in card
    assert olena.buttons() == [
        "✏️ Змінити імʼя",
        "📱 Змінити номер",
        "Відкликати згоду",
        "🗑 Видалити всі мої дані",
        "⬅️ Назад",
        "🏠 Меню",
    ]
    await olena.click("Змінити імʼя")
    shown = await olena.send("Олена")
    assert "Потрібні і імʼя, і прізвище" in shown[-1]
    shown = await olena.send_photo()
    assert shown[-1] == world.t("mydata-ask-name"), "a photo where the name was asked"
    shown = await olena.send("Олена Марʼяненко")
    assert shown[0] == world.t("mydata-name-saved")
    assert "Імʼя: Олена Марʼяненко" in shown[-1]


async def test_consent_withdrawn_and_given_again(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await book(olena, day=1)
    await olena.send("/mydata")
    await olena.click("Відкликати згоду")
    shown = await olena.click("Так, відкликати згоду")
    assert "Згода на обробку даних: не надана" in shown[-1]
    assert "Імʼя: —" in shown[-1]
    assert "Телефон: —" in shown[-1]
    await olena.click("Надати згоду")
    shown = await olena.click("Погоджуюсь")
    assert "Згода на обробку даних: надана" in shown[-1]
    actions = await world.services.db.fetchall("SELECT action FROM consent_log ORDER BY id")
    assert [row["action"] for row in actions] == ["given", "withdrawn", "given"]


async def test_deleting_everything_starts_afresh(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await book(olena, day=1)
    await olena.send("/mydata")
    keep = olena.keep_button("Видалити всі мої дані")
    shown = await olena.click("Видалити всі мої дані")
    assert shown[-1] == world.t("mydata-delete-confirm")
    assert olena.buttons()[:2] == ["Так, видалити все", "Ні, залишити"]
    shown = await olena.click("Так, видалити все")
    assert shown == [world.t("mydata-deleted"), world.t("mydata-deleted-hint")]
    assert await olena.record() is None
    assert await bookings(world) == []
    assert "🏠 Меню" not in olena.buttons(), "no menu of a resident who is gone"

    shown = await olena.press_kept(keep)  # the old card's button: nothing left to delete
    assert not any("Ваші дані видалено" in text for text in shown)
    again = await olena.record()
    assert again is not None, "a bare record, as for anyone who writes"
    assert (again.full_name, again.phone, again.consent, again.onboarded) == (None,) * 3 + (False,)
    shown = await olena.send("привіт")
    assert world.t("consent-notice") in shown[-1], "a new resident: the data notice first"
    shown = await olena.start()
    assert "Вітаємо" in shown[0]
    assert world.t("consent-notice") in shown[-1]
    assert not any("Продовжимо" in text for text in shown)
